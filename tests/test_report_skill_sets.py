"""The per-posting skill sets of migration 0008 give the same gap report and trends as grouping
every mention, and stay right through re-extraction, pruning, cluster changes and failed writes.

Each check builds the report twice on one database: reading ``posting_skill_sets`` (the fast
path) and grouping ``skill_mentions`` (the reference), and compares the rendered JSON byte for
byte.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta

import duckdb
import pytest

from skillgap.analysis import api, load
from skillgap.analysis.db import connect_readonly
from skillgap.analysis.trends import load_weekly
from skillgap.extractors.taxonomy import load_taxonomy
from skillgap.pipelines.store import Store
from tests.factories import NOW, FakeExtraction, FakeMention, P, make_db, query

HARD = ["Python", "SQL", "PyTorch", "TensorFlow", "Docker", "Kubernetes", "AWS", "pandas", "scikit-learn",
        "Spark", "Airflow", "Java", "C++", "Git", "Tableau", "statistics", "deep learning", "NLP"]
SOFT = ["communication", "teamwork"]


def _market(seed: int = 7, n: int = 160) -> list[P]:
    """Clusters of one to three postings (same company, title, location on other boards), members
    of one cluster in different scopes (role family, seniority, last seen), soft skills, and a
    skill required by one member and preferred by another."""
    rnd = random.Random(seed)
    posts: list[P] = []
    for i in range(n):
        picks = rnd.sample(HARD, rnd.randint(0, 9)) + rnd.sample(SOFT, rnd.randint(0, 2))
        skills = {s: ("required" if rnd.random() < 0.7 else "preferred") for s in picks}
        base = dict(title=f"ML Engineer {i}", company=f"Company {i % 11}", location="Remote",
                    posted_at=NOW - timedelta(days=rnd.randint(1, 120)))
        members = rnd.choice([1, 1, 1, 2, 3])
        for j in range(members):
            mine = dict(skills)
            if j and mine:  # a mirror listing: one skill's level differs, one extra skill
                s = rnd.choice(sorted(mine))
                mine[s] = "preferred" if mine[s] == "required" else "required"
                mine[rnd.choice(HARD)] = "required"
            req = sorted(x for x, r in mine.items() if r == "required" and x in HARD)
            alts = (tuple(req[:rnd.choice([2, 3])]),) if len(req) >= 3 and rnd.random() < 0.4 else ()
            posts.append(P(
                **base, skills=mine, board=f"board{j}", alternatives=alts,
                role_family=rnd.choice(["ml", "ml", "data", "other"]),
                seniority=rnd.choice(["intern", "entry", "entry", "mid"]),
                last_seen=NOW - timedelta(days=rnd.choice([0, 3, 30, 90])),
                years_min=rnd.choice([None, 1.0, 4.0]),
                salary=(90000 + 500 * i, 120000 + 500 * i, "USD", "year") if i % 3 == 0 else None,
            ))
    return posts


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(extended=False)


@pytest.fixture()
def db(tmp_path, taxonomy):
    return make_db(tmp_path, _market(), taxonomy=taxonomy)


@pytest.fixture()
def profile(tmp_path):
    path = tmp_path / "me.yaml"
    path.write_text("skills: [Python, SQL, pandas]\ntarget_roles: [ml, data]\nseniority: [intern, entry]\n")
    return path


def _report(db, profile, monkeypatch, sets: bool | None, **kw) -> str:
    real = load.MarketQuery
    monkeypatch.setattr(api, "MarketQuery", lambda *a, **k: real(*a, skill_sets=sets, **k))
    doc, _ = api.generate(profile=profile, db=db, taxonomy=None, **kw)
    return api.render(doc, "json")


def _same_both_ways(db, profile, monkeypatch, **kw) -> dict:
    fast = _report(db, profile, monkeypatch, True, **kw)
    slow = _report(db, profile, monkeypatch, False, **kw)
    assert fast == slow
    return json.loads(fast)


def query_alternatives(db) -> int:
    with connect_readonly(db) as con:
        return con.execute("SELECT count(*) FROM posting_skills WHERE alt_group IS NOT NULL").fetchone()[0]


def _usable(db) -> bool:
    with connect_readonly(db) as con:
        return load.skill_sets_usable(con)


def test_skill_sets_give_the_same_report_as_grouping_every_mention(db, profile, monkeypatch):
    assert _usable(db)
    doc = _same_both_ways(db, profile, monkeypatch)
    # a non-trivial market: ranked gaps with trends and unlocks, matches, multi-member clusters
    assert len(doc["gaps"]) >= 10 and any(g["unlock_count"] for g in doc["gaps"])
    assert doc["matches"] and doc["learning_plan"] and doc["soft_skills"]
    assert doc["scope"]["raw_postings"] > doc["scope"]["postings"]
    assert query_alternatives(db) > 0  # postings offer alternatives: one requirement, read the same both ways
    _same_both_ways(db, profile, monkeypatch, since="30d")
    _same_both_ways(db, profile, monkeypatch, explain="Docker")


def test_the_default_report_reads_the_skill_sets_when_they_agree(db, monkeypatch):
    with connect_readonly(db) as con:
        assert load.MarketQuery(con, role_families=["ml"], seniority=["entry"]).pre_grouped
        con.execute("DROP TABLE sg_scope")


def test_skill_sets_follow_re_extraction(db, profile, monkeypatch):
    ids = [r[0] for r in query(db, "SELECT posting_id, content_hash FROM posting_records ORDER BY 1")][:40]
    hashes = dict(query(db, "SELECT posting_id, content_hash FROM posting_records"))
    rnd = random.Random(3)
    results = []
    for pid in ids:
        skills = rnd.sample(HARD, rnd.randint(0, 6))
        mentions = []
        for k, s in enumerate(skills):
            mentions.append(FakeMention(s, "tool", "preferred", 10 * k, 10 * k + 3, s, "x", "preferred"))
            if k % 2:  # the same skill named twice, required the second time
                mentions.append(FakeMention(s, "tool", "required", 500 + k, 503 + k, s, "x", "requirements"))
        results.append((pid, hashes[pid], FakeExtraction("ml", "entry", True, None, False, None, None, None, None,
                                                         tuple(mentions))))
    with Store.open(db) as store:
        store.write_extractions(results, version="test2", extracted_at=NOW)
    assert _usable(db)
    _same_both_ways(db, profile, monkeypatch)
    rows = dict((r[0], (r[1], r[2])) for r in query(db, "SELECT posting_id, required, preferred FROM posting_skill_sets"))
    names = dict(query(db, "SELECT sid, skill FROM skill_ids"))
    for pid, _h, ex in results:
        req = {m.skill for m in ex.skills if m.requirement == "required"}
        pref = {m.skill for m in ex.skills} - req
        got = rows.get(pid, ([], []))
        assert ({names[i] for i in got[0]}, {names[i] for i in got[1]}) == (req, pref)


def test_pruning_by_hand_falls_back_then_the_next_writer_repairs(db, profile, monkeypatch):
    # the pruning recipe of docs/operations.md, which knows nothing of posting_skill_sets
    con = __import__("duckdb").connect(str(db))
    con.execute("BEGIN")
    con.execute("CREATE TEMP TABLE old AS SELECT posting_id FROM posting_records WHERE last_seen < ?",
                [NOW - timedelta(days=60)])
    for t in ("skill_mentions", "posting_facts", "posting_lsh", "posting_minhash", "posting_records"):
        con.execute(f"DELETE FROM {t} WHERE posting_id IN (SELECT posting_id FROM old)")
    con.execute("COMMIT")
    con.close()
    assert not _usable(db)  # stale: the default report groups the mentions itself
    stale = _report(db, profile, monkeypatch, None)
    assert stale == _report(db, profile, monkeypatch, False)
    with Store.open(db):
        pass
    assert _usable(db)
    assert _report(db, profile, monkeypatch, True) == stale


def test_a_skill_deleted_from_some_postings_by_hand_is_caught(db, profile, monkeypatch):
    con = __import__("duckdb").connect(str(db))
    con.execute("DELETE FROM skill_mentions WHERE skill = 'Docker' AND posting_id LIKE '%board1%'")
    con.close()
    assert not _usable(db)
    with Store.open(db):
        pass
    assert _usable(db)
    _same_both_ways(db, profile, monkeypatch)


def test_skill_sets_follow_cluster_changes(db, profile, monkeypatch):
    con = __import__("duckdb").connect(str(db))
    # near-duplicate clustering merged some clusters and split others
    con.execute("UPDATE posting_records SET cluster_id = 'merged' WHERE hash(posting_id) % 5 = 0")
    con.execute("UPDATE posting_records SET cluster_id = posting_id WHERE hash(posting_id) % 7 = 0")
    con.close()
    assert _usable(db)
    _same_both_ways(db, profile, monkeypatch)


def test_a_failed_extraction_batch_leaves_mentions_and_skill_sets_in_step(db):
    pid, h = query(db, "SELECT posting_id, content_hash FROM posting_records ORDER BY 1 LIMIT 1")[0]
    before = query(db, "SELECT * FROM posting_skill_sets ORDER BY 1")
    ex = FakeExtraction("ml", "entry", True, None, False, None, None, None, None,
                        (FakeMention("Rust", "language", "required", 0, 4, "Rust", "x", "requirements"),))
    with Store.open(db) as store:
        with pytest.raises(duckdb.IntegrityError):  # the same posting twice: its mentions collide, the batch rolls back
            store.write_extractions([(pid, h, ex), (pid, h, ex)], version="t", extracted_at=NOW)
    assert query(db, "SELECT * FROM posting_skill_sets ORDER BY 1") == before
    assert _usable(db)


@pytest.mark.parametrize("skills", [None, ["Python", "Docker", "communication"]])
def test_trends_are_the_same_from_skill_sets(db, skills):
    with connect_readonly(db) as con:
        a = load_weekly(con, role_families=["ml"], seniority=["entry", "intern"], weeks=12, skills=skills,
                        top_skills=None if skills else 5, skill_sets=True)
        b = load_weekly(con, role_families=["ml"], seniority=["entry", "intern"], weeks=12, skills=skills,
                        top_skills=None if skills else 5, skill_sets=False)
    assert a == b
    assert a.counts and sum(a.totals.values()) > 0


def test_the_documented_pruning_recipe_keeps_the_skill_sets_usable(db, profile, monkeypatch):
    import re
    from pathlib import Path

    ops = (Path(__file__).resolve().parents[1] / "docs" / "operations.md").read_text(encoding="utf-8")
    recipe = re.search(r"```sql\n-- duckdb [^\n]*\n(BEGIN;.*?CHECKPOINT;)\n```", ops, re.S).group(1)
    con = __import__("duckdb").connect(str(db))
    con.execute("UPDATE posting_records SET closed_at = ? WHERE hash(posting_id) % 3 = 0", [NOW - timedelta(days=400)])
    con.execute(recipe.replace("now()", f"TIMESTAMP '{NOW.isoformat(sep=' ')}'"))
    con.close()
    assert query(db, "SELECT count(*) FROM posting_records WHERE closed_at IS NOT NULL") == [(0,)]
    assert _usable(db)
    _same_both_ways(db, profile, monkeypatch)


def _alternatives_of_sets(db) -> list[tuple]:
    return query(db, "SELECT posting_id, alt_sids, alt_mins FROM posting_skill_sets ORDER BY posting_id")


def test_the_store_writes_each_postings_alternatives_as_the_migration_rebuilds_them(db, profile, monkeypatch):
    # re-extract a few postings with overlapping groups ("A or B", "B or C": B counts for the
    # smaller of the two groups' leads), a group of one skill (no alternative) and a skill named twice
    ids = [r[0] for r in query(db, "SELECT posting_id FROM posting_records ORDER BY 1")][:6]
    hashes = dict(query(db, "SELECT posting_id, content_hash FROM posting_records"))
    results = []
    for n, pid in enumerate(ids):
        a, b, c, d = HARD[n:n + 4]
        first = (FakeMention(a, "tool", "required", 0, 3, a, "x", "requirements", 1),
                 FakeMention(b, "tool", "required", 10, 13, b, "x", "requirements", 1))
        second = (FakeMention(b, "tool", "preferred", 20, 23, b, "x", "preferred", 2),
                  FakeMention(c, "tool", "preferred", 30, 33, c, "x", "preferred", 2))
        mentions = (*(first + second if n % 2 else second + first),  # either group may come first
                    FakeMention(d, "tool", "required", 40, 43, d, "x", "requirements", 3),
                    FakeMention(d, "tool", "required", 50, 53, d, "x", "requirements", 3))
        results.append((pid, hashes[pid], FakeExtraction("ml", "entry", True, None, False, None, None, None, None,
                                                         mentions)))
    with Store.open(db) as store:
        store.write_extractions(results, version="test3", extracted_at=NOW)
    written = _alternatives_of_sets(db)
    sid = {s: i for i, s in query(db, "SELECT sid, skill FROM skill_ids")}
    got = {pid: (alts, mins) for pid, alts, mins in written}
    for n, pid in enumerate(ids):
        a, b, c, d = HARD[n:n + 4]
        ab, bc = min(sid[a], sid[b]), min(sid[b], sid[c])
        want = {sid[a]: ab, sid[b]: min(ab, bc), sid[c]: bc}
        assert got[pid] == (sorted(want), [want[k] for k in sorted(want)])
    assert sum(alts is not None for _p, alts, _m in written) > len(ids)  # the market's own alternatives too
    assert any(alts is None for _p, alts, _m in written)
    # a hand-made change makes the next writer rebuild the sets from the mentions (0008, 0013's SQL)
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM posting_skill_sets WHERE posting_id = ?", [ids[-1]])
    con.close()
    assert not _usable(db)
    with Store.open(db):
        pass
    assert _usable(db)
    assert _alternatives_of_sets(db) == written
    _same_both_ways(db, profile, monkeypatch)


def test_skill_sets_without_alternatives_columns_give_the_same_report(db, profile, monkeypatch):
    # a database the store has not migrated to 0013 yet: the alternatives come from the mentions
    with_alts = _report(db, profile, monkeypatch, True)
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE posting_skill_sets DROP COLUMN alt_sids")
    con.execute("ALTER TABLE posting_skill_sets DROP COLUMN alt_mins")
    con.close()
    assert query_alternatives(db) > 0
    assert _report(db, profile, monkeypatch, True) == with_alts == _report(db, profile, monkeypatch, False)


def test_mentioned_skills_are_found_by_id_and_a_stale_id_is_not_mentioned(db):
    from skillgap.analysis.market_sql import mentioned

    pid, h = query(db, "SELECT posting_id, content_hash FROM posting_records ORDER BY 1")[0]

    def extraction(*skills):
        return [(pid, h, FakeExtraction("ml", "entry", True, None, False, None, None, None, None, tuple(
            FakeMention(s, "tool", "required", 10 * k, 10 * k + 3, s, "x", "requirements") for k, s in enumerate(skills))))]

    with Store.open(db) as store:  # Haskell gets an id, then its only mention is re-extracted away
        store.write_extractions(extraction("Haskell", "Python"), version="t4", extracted_at=NOW)
        store.write_extractions(extraction("Python"), version="t5", extracted_at=NOW)
    assert query(db, "SELECT count(*) FROM skill_ids WHERE skill = 'Haskell'") == [(1,)]
    asked = ["SQL", "Haskell", "Python", "Airflow", "not a skill", "AWS"]
    with connect_readonly(db) as con:
        assert load.skill_sets_usable(con)
        every = sorted(r[0] for r in con.execute("SELECT DISTINCT skill FROM posting_skills WHERE skill IN "
                                                  "(SELECT unnest(?::VARCHAR[]))", [asked]).fetchall())
        assert "Haskell" not in every and {"Python", "SQL", "AWS"} <= set(every)
        assert mentioned(con, asked) == every  # the stale id (Haskell) comes between found names
        assert mentioned(con, ["Haskell"]) == [] and mentioned(con, []) == []
    con = duckdb.connect(str(db))  # a hand-made change: the skill sets no longer agree, one scan answers
    con.execute("DELETE FROM skill_mentions WHERE skill = 'AWS'")
    con.close()
    with connect_readonly(db) as con:
        assert not load.skill_sets_usable(con)
        assert mentioned(con, asked) == [s for s in every if s != "AWS"]
