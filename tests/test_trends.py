"""Trends: weekly cluster shares with Wilson intervals, small weeks, rising/falling, formats."""

from __future__ import annotations

import io
import json
import xml.dom.minidom
from datetime import date, datetime, timedelta

import pytest

from skillgap.analysis.api import trends_command
from skillgap.analysis.model import Weekly
from skillgap.analysis.stats import wilson_interval
from skillgap.analysis.trends import direction_of, movers, series, week_label, week_range, week_start
from tests.factories import P, make_db

MONDAY = date(2026, 10, 5)  # ISO week 2026-W41


def weekly(counts, totals):
    weeks = tuple(sorted(totals))
    return Weekly(weeks=weeks, totals=totals, counts=counts)


def test_iso_weeks():
    assert week_start(datetime(2026, 10, 11, 23)) == MONDAY
    assert week_label(MONDAY) == "2026-W41"
    assert week_range(date(2026, 10, 7), 3) == (MONDAY - timedelta(weeks=2), MONDAY - timedelta(weeks=1), MONDAY)
    assert week_label(date(2027, 1, 1)) == "2026-W53"


def test_series_shares_intervals_and_small_weeks():
    w = weekly({"Docker": {MONDAY: 3}}, {MONDAY: 12, MONDAY + timedelta(weeks=1): 4})
    pts = series(w, "Docker")
    assert [p.n for p in pts] == [12, 4] and [p.k for p in pts] == [3, 0]
    assert pts[0].share == 0.25 and (pts[0].low, pts[0].high) == wilson_interval(3, 12)
    assert [p.small for p in pts] == [False, True]


def test_direction_rising_falling_stable_unknown():
    weeks = [MONDAY + timedelta(weeks=i) for i in range(4)]
    totals = {wk: 40 for wk in weeks}
    w = weekly({"Up": {weeks[0]: 4, weeks[1]: 4, weeks[2]: 30, weeks[3]: 30},
                "Down": {weeks[0]: 30, weeks[1]: 30, weeks[2]: 4, weeks[3]: 4},
                "Flat": {wk: 10 for wk in weeks}}, totals)
    assert direction_of(w, "Up")[0] == "rising"
    assert direction_of(w, "Down")[0] == "falling"
    assert direction_of(w, "Flat")[0] == "stable"
    tiny = weekly({"Up": {weeks[0]: 1}}, {wk: 2 for wk in weeks})
    assert direction_of(tiny, "Up")[0] == "unknown"
    rising, falling = movers(w)
    assert rising[0].skill == "Up" and falling[0].skill == "Down"


def _db(tmp_path):
    posts = []
    # 3 weeks: Docker share grows 1/10 -> 5/10 -> 9/10; duplicates on another board count once
    for wk, k in enumerate((1, 5, 9)):
        for i in range(10):
            skills = {"Python": "required"} | ({"Docker": "required"} if i < k else {})
            day = (MONDAY + timedelta(weeks=wk, days=i % 5)).isoformat()
            posts.append(P(title=f"ML {wk}-{i}", company=f"C{i}", posted_at=day, skills=skills))
    posts.append(P(title="ML 2-0", company="C0", board="mirror", posted_at=(MONDAY + timedelta(weeks=2)).isoformat(),
                   skills={"Python": "required", "Docker": "required"}))
    posts.append(P(title="Data person", company="D", role_family="data", posted_at=MONDAY.isoformat(),
                   skills={"Tableau": "required"}))
    return make_db(tmp_path, posts)


def test_trends_json_counts_clusters_per_iso_week(tmp_path):
    out = io.StringIO()
    code = trends_command(db=_db(tmp_path), skills=["docker", "Python"], weeks=3, fmt="json", stdout=out,
                          stderr=io.StringIO())
    assert code == 0
    doc = json.loads(out.getvalue())
    assert [t["postings"] for t in doc["totals"]] == [10, 10, 10]
    assert [t["week"] for t in doc["totals"]] == ["2026-W41", "2026-W42", "2026-W43"]
    docker = next(s for s in doc["skills"] if s["skill"] == "Docker")
    assert [p["asking"] for p in docker["weeks"]] == [1, 5, 9]
    assert docker["weeks"][1]["share"] == 0.5
    lo, hi = wilson_interval(5, 10)
    assert docker["weeks"][1]["low"] == round(lo, 4) and docker["weeks"][1]["high"] == round(hi, 4)
    assert all(p["small"] is False for p in docker["weeks"])
    assert doc["rising"][0]["skill"] == "Docker"
    assert "Tableau" not in {s["skill"] for s in doc["skills"]}


def test_trends_by_role_family_and_small_weeks(tmp_path):
    out = io.StringIO()
    assert trends_command(db=_db(tmp_path), role_families=["data"], weeks=3, fmt="json", stdout=out,
                          stderr=io.StringIO(), as_of="2026-10-20") == 0
    doc = json.loads(out.getvalue())
    assert [s["skill"] for s in doc["skills"]] == ["Tableau"]
    assert doc["scope"]["small_weeks"] == ["2026-W41", "2026-W42", "2026-W43"]


def test_trends_text_and_svg_are_deterministic(tmp_path):
    db = _db(tmp_path)
    for fmt in ("text", "svg"):
        outs = []
        for i in range(2):
            path = tmp_path / f"t{i}.{fmt}"
            assert trends_command(db=db, weeks=3, fmt=fmt, out=path, stderr=io.StringIO()) == 0
            outs.append(path.read_bytes())
        assert outs[0] == outs[1]
    xml.dom.minidom.parseString((tmp_path / "t0.svg").read_text())
    text = (tmp_path / "t0.text").read_text()
    assert "Docker" in text and max(map(len, text.splitlines())) <= 100


def test_png_chart_is_written(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "t.png"
    assert trends_command(db=_db(tmp_path), fmt="png", out=out, skills=("Docker",), stderr=io.StringIO()) == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000


def test_png_without_matplotlib_is_a_clear_exit_2(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_mpl(name, *args, **kwargs):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("no matplotlib")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_mpl)
    err = io.StringIO()
    assert trends_command(db=_db(tmp_path), fmt="png", out=tmp_path / "t.png", stderr=err) == 2
    assert "matplotlib" in err.getvalue() and "--format svg" in err.getvalue()
    assert not (tmp_path / "t.png").exists()


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [({"skills": ["dockr"]}, "unknown skill 'dockr'"), ({"weeks": 0}, "--weeks"),
     ({"role_families": ["ai"]}, "--role"), ({"fmt": "gif"}, "--format")],
)
def test_trends_usage_errors_exit_2(tmp_path, kwargs, needle):
    err = io.StringIO()
    assert trends_command(db=_db(tmp_path), stdout=io.StringIO(), stderr=err, **kwargs) == 2
    assert needle in err.getvalue()


def test_trends_missing_db_exits_2(tmp_path):
    err = io.StringIO()
    assert trends_command(db=tmp_path / "none.duckdb", stderr=err) == 2
    assert "skillgap ingest" in err.getvalue()


@pytest.mark.parametrize("width", [80, 120])
def test_trends_text_shows_every_week_asked_for_within_the_width(tmp_path, monkeypatch, width):
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", str(width))
    out = io.StringIO()
    assert trends_command(db=_db(tmp_path), weeks=20, stdout=out, stderr=io.StringIO()) == 0
    text = out.getvalue()
    assert "last 20 weeks" in text
    header_weeks = [c.rstrip("*") for line in text.splitlines() if line.strip().startswith("skill ")
                    for c in line.split()[1:] if c.rstrip("*").startswith("W")]
    assert len(header_weeks) == 20 and len(set(header_weeks)) == 20
    assert max(cell_len(line) for line in text.splitlines()) <= width


@pytest.mark.parametrize("kind,want", [("hard", {"Python", "Docker"}), ("soft", {"communication"}),
                                       ("all", {"Python", "Docker", "communication"})])
def test_default_table_ranks_hard_skills_and_kind_changes_it(tmp_path, kind, want):
    from skillgap.extractors.taxonomy import load_taxonomy

    posts = [P(title=f"ML {i}", company=f"C{i}", posted_at=(MONDAY + timedelta(days=i % 5)).isoformat(),
               skills={"Python": "required", "communication": "required"} | ({"Docker": "required"} if i < 4 else {}))
             for i in range(10)]
    db = make_db(tmp_path, posts, taxonomy=load_taxonomy())
    out = io.StringIO()
    kw = {} if kind == "hard" else {"kind": kind}
    assert trends_command(db=db, weeks=2, fmt="json", stdout=out, stderr=io.StringIO(), as_of="2026-10-12", **kw) == 0
    assert {s["skill"] for s in json.loads(out.getvalue())["skills"]} == want


def test_unknown_kind_is_a_usage_error(tmp_path):
    err = io.StringIO()
    assert trends_command(db=_db(tmp_path), kind="medium", fmt="json", stdout=io.StringIO(), stderr=err) == 2
    assert "--kind" in err.getvalue() and "hard, soft, all" in err.getvalue()
