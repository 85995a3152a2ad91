"""The analysis views of migration 0002 (documented in docs/queries.md) on a database with known content."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from skillgap.analysis.stats import wilson_interval
from tests.factories import P, make_db

DOCS = Path(__file__).resolve().parents[1] / "docs" / "queries.md"
VIEWS = ["posting_clusters", "cluster_skills", "skill_demand_weekly", "skill_cooccurrence", "salary_by_skill",
         "postings_weekly"]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    posts = [
        P(title=f"ML {i}", company=f"C{i}", posted_at=f"2026-10-{5 + i % 7:02d}",
          skills={"Python": "required", "Docker": "required" if i < 4 else "preferred"} | ({"SQL": "required"} if i % 2 else {}),
          salary=(100000 + 1000 * i, 140000 + 1000 * i, "USD", "year") if i < 11 else None,
          closed_at="2026-10-20" if i == 0 else None)
        for i in range(12)
    ]
    # the same job as "ML 1" on another board: one cluster
    posts.append(P(title="ML 1", company="C1", board="mirror", posted_at="2026-10-06",
                   skills={"Python": "preferred", "Kafka": "required"}))
    posts.append(P(title="Data 1", company="D1", role_family="data", posted_at="2026-10-05", skills={"SQL": "required"}))
    c = duckdb.connect(str(make_db(tmp_path_factory.mktemp("views"), posts)), read_only=True)
    yield c
    c.close()


def test_views_exist(con):
    names = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert set(VIEWS) <= names


def test_posting_clusters_count_each_job_once(con):
    assert con.execute("SELECT count(*) FROM posting_clusters").fetchone()[0] == 13
    row = con.execute("SELECT postings, is_open FROM posting_clusters WHERE title = 'ML 1'").fetchone()
    assert row == (2, True)
    req = con.execute("SELECT skill, requirement FROM cluster_skills JOIN posting_clusters USING (cluster_id) "
                      "WHERE title = 'ML 1' ORDER BY skill").fetchall()
    assert req == [("Docker", "required"), ("Kafka", "required"), ("Python", "required"), ("SQL", "required")]


def test_skill_demand_weekly_share_and_wilson(con):
    rows = con.execute(
        "SELECT week, clusters, week_clusters, share, share_low, share_high, small_week FROM skill_demand_weekly "
        "WHERE skill = 'Docker' AND role_family = 'ml' ORDER BY week"
    ).fetchall()
    assert sum(r[1] for r in rows) == 12 and sum(r[2] for r in rows) == 12
    for _week, k, n, share, lo, hi, small in rows:
        assert share == pytest.approx(k / n)
        assert (lo, hi) == pytest.approx(wilson_interval(k, n))
        assert small is (n < 10)


def test_cooccurrence_lift(con):
    lift, both = con.execute(
        "SELECT lift, clusters_both FROM skill_cooccurrence WHERE skill_a = 'Docker' AND skill_b = 'Python'"
    ).fetchone()
    assert both == 12 and lift == pytest.approx(12 * 13 / (12 * 12))
    assert con.execute("SELECT count(*) FROM skill_cooccurrence WHERE skill_a >= skill_b").fetchone()[0] == 0


def test_salary_by_skill_needs_ten(con):
    rows = dict(((s, n), (p50,)) for s, n, p50 in con.execute(
        "SELECT skill, clusters, p50 FROM salary_by_skill WHERE currency = 'USD'").fetchall())
    assert rows[("Python", 11)][0] == pytest.approx(125000.0)
    assert all(p50 is None for (skill, n), (p50,) in rows.items() if n < 10)


def test_postings_weekly_new_active_closed(con):
    rows = con.execute(
        "SELECT week, sum(new_clusters), sum(active_clusters), sum(closed_clusters) FROM postings_weekly "
        "GROUP BY week ORDER BY week"
    ).fetchall()
    assert sum(r[1] for r in rows) == 13
    assert sum(r[3] for r in rows) == 1
    assert max(r[2] for r in rows) == 13


def test_every_view_is_documented_and_every_documented_query_runs(con):
    text = DOCS.read_text(encoding="utf-8")
    for view in VIEWS:
        assert f"`{view}`" in text, view
    blocks = re.findall(r"```sql\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 8
    for sql in blocks:
        con.execute(sql).fetchall()
