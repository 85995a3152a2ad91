"""The report scope window goes by ``last_seen`` alone; honest reports on empty data."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest

from skillgap.analysis.api import generate
from skillgap.analysis.render_html import render_html
from skillgap.analysis.render_md import render_md
from skillgap.analysis.render_text import render_text
from tests.factories import NOW, P, make_db


def write_profile(tmp_path, text: str):
    path = tmp_path / "me.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unclosed_posting_not_seen_for_90_days_is_out_of_the_default_window(tmp_path):
    old = NOW - timedelta(days=120)
    posts = [
        # never closed (incomplete feed / removed board), last seen 90 days before the latest data
        P(title="Stale", company="A", posted_at=old, last_seen=NOW - timedelta(days=90), skills={"Go": "required"}),
        # never closed, re-seen yesterday: still open on a live board
        P(title="Live", company="B", posted_at=old, last_seen=NOW - timedelta(days=1), skills={"Rust": "required"}),
        P(title="Fresh", company="C", posted_at=NOW, skills={"SQL": "required"}),
    ]
    db = make_db(tmp_path, posts)
    me = write_profile(tmp_path, "skills: []\n")
    rep, _ = generate(profile=me, db=db)
    assert sorted(g["skill"] for g in rep["gaps"]) == ["Rust", "SQL"]
    assert rep["scope"]["postings"] == 2
    rep, _ = generate(profile=me, db=db, since="100d")
    assert sorted(g["skill"] for g in rep["gaps"]) == ["Go", "Rust", "SQL"]


FALSE_CLAIM = "No gaps: every hard skill asked for in scope is on your profile."


def renders(report):
    return {
        "text": render_text(report),
        "md": render_md(report),
        "html": unescape(render_html(report)),
    }


@pytest.mark.parametrize("kind", ["empty_db", "no_skills"])
def test_no_data_is_not_reported_as_no_gaps(tmp_path, kind):
    if kind == "empty_db":
        db = make_db(tmp_path, [])
        expected = "No postings in scope yet"
    else:
        db = make_db(tmp_path, [P(title=f"ML Engineer {i}", company=f"C{i}", skills={}) for i in range(3)])
        expected = "No in-scope posting states skills yet"
    rep, _ = generate(profile=write_profile(tmp_path, "skills:\n  python: advanced\n"), db=db)
    assert rep["gaps"] == []
    for fmt, out in renders(rep).items():
        flat = " ".join(out.split())
        assert FALSE_CLAIM not in flat, fmt
        assert expected in flat, fmt
        assert "skillgap ingest" in flat, fmt


def test_no_gaps_line_kept_when_the_profile_covers_everything(tmp_path):
    db = make_db(tmp_path, [P(title=f"ML Engineer {i}", company=f"C{i}", skills={"Python": "required"}) for i in range(3)])
    rep, _ = generate(profile=write_profile(tmp_path, "skills:\n  python: advanced\n"), db=db)
    assert rep["gaps"] == [] and rep["scope"]["with_skills"] == 3
    for fmt, out in renders(rep).items():
        assert FALSE_CLAIM in " ".join(out.split()), fmt
