"""gap-report JSON (the stable keys of README and docs/gap-report.md), determinism, --out, database path resolution, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skillgap.analysis.api import report_command
from skillgap.analysis.cli import app
from skillgap.analysis.db import default_db_path, resolve_db_path
from tests.factories import P, make_db

STACKS = [
    {"Python": "required", "PyTorch": "required", "Docker": "preferred"},
    {"Python": "required", "SQL": "required", "AWS": "preferred"},
    {"Python": "required", "PyTorch": "required", "SQL": "required", "Kubernetes": "preferred"},
    {"Python": "required", "scikit-learn": "required", "pandas": "required"},
    {"SQL": "required", "Tableau": "preferred"},
]


def market(n=24, salary_every=2):
    posts = []
    for i in range(n):
        posts.append(P(
            title=f"Machine Learning Engineer {i}", company=f"Company {i % 7}", skills=STACKS[i % len(STACKS)],
            posted_at=f"2026-{9 + i % 3:02d}-{1 + i:02d}", years_min=1.0 if i % 6 == 0 else None,
            salary=(90000 + 1000 * i, 130000 + 1000 * i, "USD", "year") if i % salary_every == 0 else None,
            seniority="intern" if i % 4 == 0 else "entry",
            last_seen="2026-11-25",  # open on a live board: re-seen by the latest run
        ))
    posts.append(P(title="Senior ML", company="Big", seniority="senior", skills={"Python": "required", "Spark": "required"}))
    # asks 2 years: just outside the entry-level market (the stretch tier), never in gaps or matches
    posts.append(P(title="ML Engineer, 2 years", company="Stretch Co", seniority="entry", years_min=2.0,
                   skills={"Rust": "required"}, last_seen="2026-11-25"))
    return posts


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return make_db(tmp_path_factory.mktemp("db"), market())


@pytest.fixture()
def profile(tmp_path):
    path = tmp_path / "me.yaml"
    path.write_text("skills:\n  python: advanced\n  sql: beginner\n  sklearn: intermediate\nyears_experience: 0\n")
    return path


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_json_contract(db, profile):
    result = run("--profile", profile, "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) >= {"profile", "scope", "gaps", "matches", "learning_plan"}
    assert set(doc["scope"]) >= {"postings", "since", "role_families", "seniority"}
    assert doc["scope"]["postings"] == 24 and doc["scope"]["role_families"] == ["ml"]
    assert doc["scope"]["stretch"] == 1 and [x["company"] for x in doc["stretch_postings"]] == ["Stretch Co"]
    assert "Rust" not in {g["skill"] for g in doc["gaps"]}
    assert doc["scope"]["seniority"] == ["intern", "entry"]
    for g in doc["gaps"]:
        assert set(g) >= {"skill", "category", "demand_share", "required_share", "unlock_count", "score", "trend"}
        assert 0 <= g["demand_share"] <= 1 and 0 <= g["required_share"] <= g["demand_share"]
        assert 0 <= g["unlock_count"] <= doc["scope"]["postings"]
        assert g["trend"] in {"rising", "falling", "stable", "unknown"}
    for m in doc["matches"]:
        assert set(m) >= {"posting_id", "title", "company", "url", "score", "matched_skills", "missing_skills"}
    for s in doc["learning_plan"]:
        assert set(s) >= {"skill", "cumulative_unlocked"}
    scores = [g["score"] for g in doc["gaps"]]
    assert scores == sorted(scores, reverse=True)
    # postings passing every gate first (the four asking 1 year of a 0-year profile come last), each part by score
    keys = [(m["fails_gate"], -m["score"]) for m in doc["matches"]]
    assert keys == sorted(keys)
    assert all(m["score"] == round(m["matched_required"] / m["required_total"], 4) for m in doc["matches"])
    listed = {"Python", "SQL", "scikit-learn"}
    assert not listed & {g["skill"] for g in doc["gaps"]}
    assert all(not listed & set(m["missing_skills"]) for m in doc["matches"])
    assert [g["skill"] for g in doc["depth_gaps"]] == ["SQL"]
    cum = [s["cumulative_unlocked"] for s in doc["learning_plan"]]
    assert cum == sorted(cum) and len(cum) <= 5
    assert all(g["learn"] for g in doc["gaps"])


def test_salary_quartiles_and_the_ten_posting_floor(tmp_path, profile):
    doc = json.loads(run("--profile", profile, "--db", make_db(tmp_path, market(24, 2)), "-f", "json").stdout)
    sal = doc["salary"]
    assert sal["n"] == 12 and sal["currency"] == "USD" and sal["share_stating_pay"] == 0.5
    mids = sorted(110000 + 1000 * i for i in range(0, 24, 2))
    assert sal["p50"] == round((mids[5] + mids[6]) / 2, -2)
    assert sal["p25"] <= sal["p50"] <= sal["p75"]
    few = json.loads(run("--profile", profile, "--db", make_db(tmp_path, market(24, 3), name="few.duckdb"), "-f", "json").stdout)
    assert few["salary"]["n"] == 8
    assert few["salary"]["p25"] is None and few["salary"]["p50"] is None and few["salary"]["p75"] is None
    text = run("--profile", profile, "--db", tmp_path / "few.duckdb").stdout
    assert "no figure from fewer than 10" in text


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_two_runs_are_byte_identical(db, profile, fmt, tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"r{i}.{fmt}"
        result = run("--profile", profile, "--db", db, "--format", fmt, "--out", out)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and len(outs[0]) > 500
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_text_fits_100_columns(db, profile):
    text = run("--profile", profile, "--db", db).stdout
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "Top gaps" in text and "Learning plan" in text and "Roles you fit best" in text


def test_explain_json(db, profile):
    result = run("--profile", profile, "--db", db, "--format", "json", "--explain", "pytorch")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["explain"]["skill"] == "PyTorch" and doc["explain"]["in_profile"] is False
    assert doc["postings"] == doc["required"] + doc["preferred"] > 0
    assert doc["evidence"] and all("PyTorch" in e["sentence"] for e in doc["evidence"])
    assert doc["gap_rank"] >= 1 and "formula" in doc["method"]
    assert {r["skill"] for r in doc["related_you_have"]} <= {"Python", "SQL", "scikit-learn"}
    assert any(r["skill"] == "Python" for r in doc["related_you_have"])
    assert doc["salary"]["p50"] is None or doc["salary"]["n"] >= 10
    text = run("--profile", profile, "--db", db, "--explain", "PyTorch").stdout
    assert "raises your coverage" in text and "95% interval" in text and "Evidence" in text


def test_explain_unknown_skill_exits_2_with_suggestion(db, profile):
    result = run("--profile", profile, "--db", db, "--explain", "pytorh")
    assert result.exit_code == 2 and "unknown skill 'pytorh'" in result.stderr and "PyTorch" in result.stderr


def test_missing_database_exits_2_and_says_what_to_run(tmp_path, profile):
    result = run("--profile", profile, "--db", tmp_path / "nope.duckdb")
    assert result.exit_code == 2
    assert "skillgap ingest" in result.stderr and "skillgap demo" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("args", "needle"), [(["--since", "yesterday"], "--since"), (["--format", "pdf"], "--format")])
def test_bad_options_exit_2(db, profile, args, needle):
    result = run("--profile", profile, "--db", db, *args)
    assert result.exit_code == 2 and needle in result.stderr


def test_not_a_skillgap_database_exits_1(tmp_path, profile):
    import duckdb

    bad = tmp_path / "other.duckdb"
    duckdb.connect(str(bad)).close()
    result = run("--profile", profile, "--db", bad)
    assert result.exit_code == 1 and "not a skillgap database" in result.stderr


def test_db_path_precedence(tmp_path, monkeypatch, db, profile):
    monkeypatch.delenv("SKILLGAP_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "skillgap" / "skillgap.duckdb"
    assert resolve_db_path(None) == default_db_path()
    monkeypatch.setenv("XDG_DATA_HOME", "")
    assert default_db_path() == Path.home() / ".local" / "share" / "skillgap" / "skillgap.duckdb"
    monkeypatch.setenv("SKILLGAP_DB", str(db))
    assert resolve_db_path(None) == Path(db)
    assert resolve_db_path(tmp_path / "x.duckdb") == tmp_path / "x.duckdb"
    result = run("--profile", profile, "--format", "json")  # found through $SKILLGAP_DB
    assert result.exit_code == 0, result.output


def test_library_api_returns_exit_codes(tmp_path, db, profile):
    import io

    out, err = io.StringIO(), io.StringIO()
    assert report_command(profile=profile, db=db, fmt="json", stdout=out, stderr=err) == 0
    assert json.loads(out.getvalue())["scope"]["postings"] == 24
    err = io.StringIO()
    assert report_command(profile=tmp_path / "none.yaml", db=db, stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith("error: ")
    assert os.path.exists(db)


def test_waits_for_a_writer_lock_then_reads(tmp_path, profile):
    """DuckDB 2.0: another process holding the file fails readers at once; the report retries (bounded)."""
    import subprocess
    import sys

    db = make_db(tmp_path, market(6))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time\n"
         f"con = duckdb.connect({str(db)!r})\n"
         "print('locked', flush=True)\n"
         "time.sleep(1.5)\n"
         "con.close()\n"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = run("--profile", profile, "--db", db, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["scope"]["postings"] == 6
    finally:
        holder.communicate(timeout=30)


def test_lock_held_past_the_wait_is_a_clear_error(tmp_path):
    import subprocess
    import sys

    from skillgap.analysis.db import connect_readonly
    from skillgap.analysis.errors import DatabaseBusy

    db = make_db(tmp_path, market(3))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time\n"
         f"con = duckdb.connect({str(db)!r})\n"
         "print('locked', flush=True)\n"
         "sys.stdin.readline()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseBusy, match="database is busy: .* held by another process"):
            with connect_readonly(db, max_wait_s=0.3):
                pass
    finally:
        holder.communicate("\n", timeout=30)


def test_out_replaces_atomically_with_normal_permissions(tmp_path, db, profile):
    out = tmp_path / "report.json"
    out.write_text("old")
    out.chmod(0o640)
    assert run("--profile", profile, "--db", db, "-f", "json", "--out", out).exit_code == 0
    assert json.loads(out.read_text())["scope"]["postings"] == 24
    assert out.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "fresh.json"
    assert run("--profile", profile, "--db", db, "-f", "json", "--out", fresh).exit_code == 0
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~_umask()
    result = run("--profile", profile, "--db", db, "--out", tmp_path / "missing-dir" / "r.txt")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_database_with_no_postings_exits_2_naming_demo_and_ingest(tmp_path, profile, fmt):
    db = make_db(tmp_path, [])
    for extra in ((), ("--explain", "Docker")):
        result = run("--profile", profile, "--db", db, "--format", fmt, *extra)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert "no postings in" in result.stderr
        assert "skillgap demo" in result.stderr and "skillgap ingest" in result.stderr


def test_empty_default_database_points_at_the_demo_database_beside_it(tmp_path, profile, monkeypatch):
    data = tmp_path / "xdg"
    (data / "skillgap").mkdir(parents=True)
    make_db(data / "skillgap", [], name="skillgap.duckdb")
    make_db(data / "skillgap", [P()], name="demo.duckdb")
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.delenv("SKILLGAP_DB", raising=False)
    result = run("--profile", profile)
    assert result.exit_code == 2, result.output
    assert f"--db {data / 'skillgap' / 'demo.duckdb'}" in result.stderr
