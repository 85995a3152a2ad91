from datetime import datetime

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.store import Store, migrations
from tests.factories import FakeExtraction, FakeMention, FakeSalary

T0 = datetime(2026, 11, 1, 3, 0)
T1 = datetime(2026, 11, 2, 3, 0)

PUBLIC_VIEWS = {
    "postings": [
        "posting_id", "source", "board", "source_id", "cluster_id", "company", "title", "location", "remote",
        "url", "description", "posted_at", "first_seen", "last_seen", "closed_at", "role_family", "seniority",
        "entry_level", "years_min", "salary_min", "salary_max", "salary_currency", "salary_period",
    ],
    "posting_skills": ["posting_id", "skill", "category", "requirement", "start", "end", "evidence"],
    "skills": ["skill", "category", "kind", "aliases", "origin"],
    "ingest_runs": ["run_id", "started_at", "finished_at", "status"],
    "source_runs": ["run_id", "source", "board", "status", "fetched", "new", "updated", "closed", "error"],
}


def posting(sid, title="ML Engineer I", description="Python and SQL", **kw):
    return NormalizedPosting(
        source="greenhouse", board="acme", source_id=str(sid), title=title, description=description,
        company="Acme", location="Remote", url=f"https://boards.greenhouse.io/acme/jobs/{sid}",
        raw={"id": sid, "title": title}, **kw,
    )


def extraction(*mentions, role="ml", seniority="entry"):
    return FakeExtraction(role, seniority, True, 1.0, False, "bachelor",
                          FakeSalary(100000, 140000, "USD", "year", "$100k-$140k", 100000, 140000),
                          None, "remote", tuple(mentions))


@pytest.fixture
def db(tmp_path):
    return tmp_path / "nested" / "skillgap.duckdb"


def test_first_migration_creates_public_views_with_contract_columns(db):
    with Store.open(db):
        pass
    con = duckdb.connect(str(db), read_only=True)
    for view, columns in PUBLIC_VIEWS.items():
        got = [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]
        assert got[: len(columns)] == columns, view
    kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
    assert all(kinds[v] == "VIEW" for v in PUBLIC_VIEWS)
    applied = con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert [v for v, _ in applied] == [m.version for m in migrations()]
    con.close()


def test_reopening_applies_nothing_twice(db):
    with Store.open(db) as store:
        first = store.applied_migrations()
    with Store.open(db) as store:
        assert store.migrate() == []
        assert store.applied_migrations() == first


def test_upsert_is_idempotent_and_tracks_seen_times(db):
    with Store.open(db) as store:
        s1 = store.upsert_postings("greenhouse", "acme", [posting(1), posting(2)], seen_at=T0)
        s2 = store.upsert_postings("greenhouse", "acme", [posting(1), posting(2)], seen_at=T1)
        rows = store.con.execute(
            "SELECT posting_id, first_seen, last_seen, closed_at FROM postings ORDER BY 1"
        ).fetchall()
    assert (s1.new, s1.updated, s1.closed) == (2, 0, 0)
    assert (s2.new, s2.updated, s2.closed) == (0, 0, 0)
    assert rows == [
        ("greenhouse:acme:1", T0, T1, None),
        ("greenhouse:acme:2", T0, T1, None),
    ]


def test_changed_posting_is_updated_missing_one_closed_and_relisted_one_reopened(db):
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", [posting(1), posting(2)], seen_at=T0)
        s = store.upsert_postings("greenhouse", "acme", [posting(1, description="Python, SQL, Docker")], seen_at=T1)
        assert (s.new, s.updated, s.closed) == (0, 1, 1)
        closed = dict(store.con.execute("SELECT posting_id, closed_at FROM postings").fetchall())
        assert closed == {"greenhouse:acme:1": None, "greenhouse:acme:2": T1}
        desc = store.con.execute("SELECT description FROM postings WHERE source_id = '1'").fetchone()[0]
        assert desc == "Python, SQL, Docker"
        store.upsert_postings("greenhouse", "acme", [posting(1), posting(2)], seen_at=datetime(2026, 11, 3))
        assert store.con.execute("SELECT count(*) FROM postings WHERE closed_at IS NOT NULL").fetchone()[0] == 0


def test_incomplete_fetch_closes_nothing_and_other_boards_untouched(db):
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", [posting(1)], seen_at=T0)
        other = NormalizedPosting(source="greenhouse", board="beta", source_id="9", title="Data Analyst",
                                  description="SQL", company="Beta")
        store.upsert_postings("greenhouse", "beta", [other], seen_at=T0)
        s = store.upsert_postings("greenhouse", "acme", [], seen_at=T1, complete=False)
        assert s.closed == 0
        s = store.upsert_postings("greenhouse", "acme", [], seen_at=T1, complete=True)
        assert s.closed == 1
        open_ids = [r[0] for r in store.con.execute("SELECT posting_id FROM postings WHERE closed_at IS NULL").fetchall()]
    assert open_ids == ["greenhouse:beta:9"]


def test_raw_payload_is_kept(db):
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", [posting(7, title="NLP Intern")], seen_at=T0)
        raw = store.con.execute("SELECT raw->>'title' FROM posting_records").fetchone()[0]
    assert raw == "NLP Intern"


def test_same_job_on_two_boards_shares_a_cluster(db):
    a = posting(1)
    b = NormalizedPosting(source="greenhouse", board="mirror", source_id="55", title="ML Engineer I",
                          description="other text", company="ACME", location="remote")
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", [a], seen_at=T0)
        store.upsert_postings("greenhouse", "mirror", [b], seen_at=T0)
        clusters = store.con.execute("SELECT count(DISTINCT cluster_id), count(*) FROM postings").fetchone()
    assert clusters == (1, 2)


def test_extractions_replace_previous_facts_and_need_extraction_tracks_versions(db):
    p = posting(1, description="We use Python and Docker")
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", [p], seen_at=T0)
        assert [x.posting_id for x in store.postings_needing_extraction("v1")] == [p.posting_id]
        m1 = FakeMention("Python", "language", "required", 7, 13, "Python", "We use Python and Docker", "requirements")
        m2 = FakeMention("Docker", "tool", "preferred", 18, 24, "Docker", "We use Python and Docker", "preferred")
        store.write_extractions([(p.posting_id, p.content_hash, extraction(m1, m2))], version="v1", extracted_at=T0)
        assert store.postings_needing_extraction("v1") == []
        assert len(store.postings_needing_extraction("v2")) == 1
        assert len(store.postings_needing_extraction("v1", force=True)) == 1
        store.write_extractions([(p.posting_id, p.content_hash, extraction(m1))], version="v1", extracted_at=T1)
        skills = store.con.execute("SELECT skill, requirement, start, \"end\" FROM posting_skills").fetchall()
        facts = store.con.execute(
            "SELECT role_family, seniority, salary_min, salary_max, salary_currency, salary_period FROM postings"
        ).fetchone()
        desc = store.con.execute("SELECT description FROM postings").fetchone()[0]
    assert skills == [("Python", "required", 7, 13)]
    assert desc[7:13] == "Python"
    assert facts == ("ml", "entry", 100000.0, 140000.0, "USD", "year")


def test_changed_text_makes_posting_stale_until_reextracted(db):
    p = posting(1)
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", [p], seen_at=T0)
        store.write_extractions([(p.posting_id, p.content_hash, extraction())], version="v1", extracted_at=T0)
        changed = posting(1, description="Now Rust")
        store.upsert_postings("greenhouse", "acme", [changed], seen_at=T1)
        assert [x.content_hash for x in store.postings_needing_extraction("v1")] == [changed.content_hash]
        # stale facts are not shown as if they described the new text
        assert store.con.execute("SELECT role_family, seniority FROM postings").fetchone() == ("other", "unknown")


def test_failed_batch_leaves_nothing_half_written(db):
    p = posting(1)
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", [p], seen_at=T0)
        bad = FakeMention("Python", "language", "required", 0, 6, "Python", "x", "requirements")
        # role_family is NOT NULL in the table: the batch must fail as a whole
        invalid = FakeExtraction(None, "entry", True, None, False, None, None, None, None, (bad,))
        with pytest.raises(duckdb.Error):
            store.write_extractions([(p.posting_id, p.content_hash, invalid)], version="v1", extracted_at=T0)
        assert store.con.execute("SELECT count(*) FROM posting_skills").fetchone()[0] == 0
        assert store.con.execute("SELECT count(*) FROM posting_facts").fetchone()[0] == 0


ids = st.lists(st.integers(min_value=1, max_value=30), max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=ids, second=ids)
def test_round_trip_open_rows_equal_last_listing(tmp_path_factory, first, second):
    path = tmp_path_factory.mktemp("rt") / "x.duckdb"
    with Store.open(path) as store:
        store.upsert_postings("greenhouse", "acme", [posting(i) for i in first], seen_at=T0)
        s = store.upsert_postings("greenhouse", "acme", [posting(i) for i in second], seen_at=T1)
        open_ids = {r[0] for r in store.con.execute("SELECT source_id FROM postings WHERE closed_at IS NULL").fetchall()}
        total = store.con.execute("SELECT count(*) FROM postings").fetchone()[0]
    assert open_ids == {str(i) for i in second}
    assert total == len(set(first) | set(second))
    assert s.new == len(set(second) - set(first))
    assert s.closed == len(set(first) - set(second))


LONG_TEXT = (
    "Requirements\n- Python and SQL for data pipelines\n- PyTorch for model training and evaluation\n"
    "- Docker and Kubernetes for deployment\nNice to have\n- Spark, Airflow and dbt\n"
    "We build forecasting tools for ports and shipping companies around the world."
)


def test_same_text_with_differently_written_location_shares_a_cluster(db):
    a = NormalizedPosting(source="greenhouse", board="acme", source_id="1", title="ML Engineer I",
                          description=LONG_TEXT, company="Acme", location="New York, NY")
    b = NormalizedPosting(source="lever", board="acme-jobs", source_id="x9", title="ML Engineer I",
                          description=LONG_TEXT.replace("\n", "  \n").upper(), company="ACME",
                          location="New York City, New York, United States")
    other = NormalizedPosting(source="lever", board="acme-jobs", source_id="x10", title="ML Engineer I",
                              description="Requirements\n- Go and Rust for routing services\n- Terraform for infrastructure\n"
                              "We build routing tools for delivery fleets across the whole of Boston.", company="Acme",
                              location="Boston, MA")
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", [a], seen_at=T0)
        store.upsert_postings("lever", "acme-jobs", [b, other], seen_at=T1)
        clusters = dict(store.con.execute("SELECT source_id, cluster_id FROM postings").fetchall())
    assert clusters["1"] == clusters["x9"]
    assert clusters["x10"] != clusters["1"]


def test_within_one_batch_same_text_in_two_cities_is_one_job(db):
    posts = [
        NormalizedPosting(source="greenhouse", board="acme", source_id=str(i), title="Data Analyst",
                          description=LONG_TEXT, company="Acme", location=city)
        for i, city in enumerate(["Austin, TX", "Denver, CO", "Remote"])
    ]
    short = [NormalizedPosting(source="greenhouse", board="acme", source_id=str(10 + i), title="Intern",
                               description="Python.", company="Acme", location=city)
             for i, city in enumerate(["Austin, TX", "Denver, CO"])]
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", posts + short, seen_at=T0)
        n = store.con.execute("SELECT count(DISTINCT cluster_id) FROM postings WHERE title = 'Data Analyst'").fetchone()[0]
        m = store.con.execute("SELECT count(DISTINCT cluster_id) FROM postings WHERE title = 'Intern'").fetchone()[0]
    assert n == 1
    assert m == 2  # too little text to call them one job; the locations differ


def test_upgrading_an_older_database_keeps_its_postings(db, monkeypatch):
    import skillgap.pipelines.schema as store_mod  # the migration runner reads the list there

    every = migrations()
    monkeypatch.setattr(store_mod, "migrations", lambda: every[:1])
    with Store.open(db) as old:
        old.con.execute(
            "INSERT INTO posting_records (posting_id, source, board, source_id, cluster_id, title, description,"
            " first_seen, last_seen, content_hash, raw) VALUES ('greenhouse:acme:1', 'greenhouse', 'acme', '1',"
            " 'c1', 'ML Engineer', 'Python', ?, ?, 'h', '{}')",
            [T0, T0],
        )
    monkeypatch.setattr(store_mod, "migrations", lambda: every)
    with Store.open(db) as new:
        assert new.applied_migrations() == [m.version for m in every]
        assert new.con.execute("SELECT posting_id, cluster_id FROM postings").fetchall() == [("greenhouse:acme:1", "c1")]
        s = new.upsert_postings("greenhouse", "acme", [posting(1)], seen_at=T1)
    assert (s.new, s.updated) == (0, 1)


def test_an_unchanged_board_is_only_touched_and_a_hand_edited_one_is_parsed_again(db):
    with Store.open(db) as store:
        stats = store.upsert_postings("greenhouse", "acme", [posting(1), posting(2)], seen_at=T0)
        store.set_board_digest("greenhouse", "acme", "d1", stats, seen_at=T0)
        assert store.board_digests() == {("greenhouse", "acme"): "d1"}
        touched = store.touch_board("greenhouse", "acme", "d1", seen_at=T1)
        assert (touched.fetched, touched.new, touched.updated, touched.closed) == (2, 0, 0, 0)
        assert store.con.execute("SELECT DISTINCT last_seen FROM postings").fetchall() == [(T1,)]
        # someone deleted an open posting by hand: the digest no longer vouches for the board
        store.con.execute("DELETE FROM posting_records WHERE posting_id = 'greenhouse:acme:2'")
        assert store.board_digests() == {}


def test_writer_sessions_keep_row_groups_bounded_and_few_however_many_sessions_append(tmp_path):
    """Many small write sessions (nightly runs) end in full row groups of connect_writer's size:
    the count follows the rows stored, never the sessions, and none exceeds the size."""
    from skillgap.pipelines.schema import connect_writer

    db = tmp_path / "rg.duckdb"
    con = connect_writer(db, row_group_size=2048)
    con.execute("CREATE TABLE t (i INTEGER, s VARCHAR)")
    con.close()
    for k in range(12):
        con = connect_writer(db, row_group_size=2048)
        con.execute("INSERT INTO t SELECT range + ?, repeat('x', 40) FROM range(1000)", [k * 1000])
        con.close()
    con = duckdb.connect(str(db), read_only=True)
    groups = con.execute("SELECT row_group_id, max(count) FROM pragma_storage_info('t') GROUP BY ALL").fetchall()
    con.close()
    assert max(n for _, n in groups) <= 2048
    assert len(groups) <= 12_000 // 2048 + 2  # ~6, not one per session


def test_skills_view_origin_is_taxonomy_vocabulary_or_discovered(db):
    """CONTRACTS §3: a curated skill is 'taxonomy', a derived-list one 'vocabulary', a name found
    in postings beyond both 'discovered' (under its normalised name, its display form an alias)."""
    from skillgap.extractors.taxonomy import Skill, Taxonomy

    tax = Taxonomy(skills=(Skill("Python", "language", ("python3",)), Skill("Workato", "tool", origin="onet")),
                   categories=("language", "tool"))
    text = "Experience with RDMA and Python. Knowledge of RDMA, rdma"
    p = posting(1, description=text)
    mentions = [FakeMention("rdma", "discovered", "required", a, a + 4, text[a : a + 4], text, "requirements")
                for a in (16, 46, 52)]
    with Store.open(db) as store:
        store.sync_taxonomy(tax)
        store.upsert_postings("greenhouse", "acme", [p], seen_at=T0)
        store.write_extractions([(p.posting_id, p.content_hash, extraction(*mentions))], version="v1", extracted_at=T0)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT skill, category, kind, aliases, origin FROM skills ORDER BY skill").fetchall()
    con.close()
    assert rows == [
        ("Python", "language", "hard", ["python3"], "taxonomy"),
        ("Workato", "tool", "hard", [], "vocabulary"),
        ("rdma", "discovered", "hard", ["RDMA"], "discovered"),  # 2 of 3 mentions write it so
    ]


def test_discovered_skill_leaves_the_skills_view_with_its_last_mention(db):
    text = "Experience with RDMA."
    p, q = posting(1, description=text), posting(2, description=text)
    m = FakeMention("rdma", "discovered", "required", 16, 20, "RDMA", text, "requirements")
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", [p, q], seen_at=T0)
        store.write_extractions([(x.posting_id, x.content_hash, extraction(m)) for x in (p, q)], version="v1", extracted_at=T0)
        assert store.con.execute("SELECT skill, origin FROM skills").fetchall() == [("rdma", "discovered")]
        store.write_extractions([(p.posting_id, p.content_hash, extraction())], version="v2", extracted_at=T1)
        assert store.con.execute("SELECT mentions FROM discovered_skills").fetchall() == [(1,)]
        store.write_extractions([(q.posting_id, q.content_hash, extraction())], version="v2", extracted_at=T1)
        assert store.con.execute("SELECT count(*) FROM skills").fetchone()[0] == 0


def test_discovered_name_the_taxonomy_later_lists_is_shown_once_as_taxonomy(db):
    from skillgap.extractors.taxonomy import Skill, Taxonomy

    text = "Experience with rdma."
    p = posting(1, description=text)
    m = FakeMention("rdma", "discovered", "required", 16, 20, "rdma", text, "requirements")
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", [p], seen_at=T0)
        store.write_extractions([(p.posting_id, p.content_hash, extraction(m))], version="v1", extracted_at=T0)
        store.sync_taxonomy(Taxonomy(skills=(Skill("rdma", "concept"),), categories=("concept",)))
        assert store.con.execute("SELECT skill, aliases, origin FROM skills").fetchall() == [("rdma", [], "taxonomy")]


def test_discovered_trait_is_stored_soft_and_stays_out_of_the_hard_skills(db):
    """A name found in postings beyond the vocabularies gets its kind by the derived vocabulary's
    rule: a trait of the person ("working autonomously") or "<soft skill> skills" is soft, a
    technical name hard; trends' and the report's hard tables read the view's kind."""
    from skillgap.extractors.taxonomy import Skill, Taxonomy

    text = "Experience with RDMA. Working autonomously. Strong mediation skills."
    p = posting(1, description=text)
    spans = {"rdma": (16, 20), "working autonomously": (22, 42), "mediation skills": (51, 67)}
    mentions = [FakeMention(n, "discovered", "required", a, b, text[a:b], text, "requirements") for n, (a, b) in spans.items()]
    with Store.open(db) as store:
        store.sync_taxonomy(Taxonomy(skills=(Skill("mediation", "soft_skill", kind="soft"),), categories=("soft_skill",)))
        store.upsert_postings("greenhouse", "acme", [p], seen_at=T0)
        store.write_extractions([(p.posting_id, p.content_hash, extraction(*mentions))], version="v1", extracted_at=T0)
        got = dict(store.con.execute("SELECT skill, kind FROM skills WHERE origin = 'discovered'").fetchall())
    assert got == {"rdma": "hard", "working autonomously": "soft", "mediation skills": "soft"}


def test_discovered_kinds_follow_a_new_taxonomy(db):
    """Whether "<name> skills" is soft depends on the taxonomy's soft skills: syncing another
    taxonomy reads the stored discovered names' kinds again."""
    from skillgap.extractors.taxonomy import Skill, Taxonomy

    text = "Strong mediation skills."
    p = posting(1, description=text)
    m = FakeMention("mediation skills", "discovered", "required", 7, 23, text[7:23], text, "requirements")
    with Store.open(db) as store:
        store.upsert_postings("greenhouse", "acme", [p], seen_at=T0)
        store.write_extractions([(p.posting_id, p.content_hash, extraction(m))], version="v1", extracted_at=T0)
        kind = "SELECT kind FROM discovered_skills"
        assert store.con.execute(kind).fetchall() == [("hard",)]  # no taxonomy: nothing says mediation is soft
        store.sync_taxonomy(Taxonomy(skills=(Skill("mediation", "soft_skill", kind="soft"),), categories=("soft_skill",)))
        assert store.con.execute(kind).fetchall() == [("soft",)]
        store.sync_taxonomy(Taxonomy(skills=(Skill("mediation", "practice", kind="hard"),), categories=("practice",)))
        assert store.con.execute(kind).fetchall() == [("hard",)]


def test_migration_0011_marks_the_taxonomy_copy_stale_and_old_rows_read_as_taxonomy(db):
    """A database made before 0011: its taxonomy rows have no origin; the copy is marked stale
    (the next run rewrites it) and meanwhile the view reads them as 'taxonomy'."""
    with Store.open(db) as store:
        store.con.execute("DELETE FROM schema_migrations WHERE version = 11")
        store.con.execute("DROP VIEW skills")
        store.con.execute("DROP TABLE discovered_skills")
        store.con.execute("ALTER TABLE taxonomy_skills DROP COLUMN origin")
        store.con.execute("INSERT INTO taxonomy_skills VALUES ('Python', 'language', [], NULL, NULL)")
        store.mark_taxonomy_synced("old")
    with Store.open(db) as store:
        assert store.synced_taxonomy() is None
        assert store.con.execute("SELECT skill, origin FROM skills").fetchall() == [("Python", "taxonomy")]


def test_band_keys_carry_no_index_and_an_older_database_loses_it(db):
    """The near-duplicate join scans posting_lsh (a hash join): an index on band_key cost file size
    and memory on every write and served no query, so 0012 drops it from older databases too."""
    def indexes(con):
        return con.execute("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'posting_lsh'").fetchall()

    with Store.open(db) as store:
        assert indexes(store.con) == []
        store.con.execute("DELETE FROM schema_migrations WHERE version = 12")
        store.con.execute("CREATE INDEX posting_lsh_key ON posting_lsh (band_key)")
        assert indexes(store.con) == [("posting_lsh_key",)]
    with Store.open(db) as store:
        assert indexes(store.con) == []
        assert 12 in store.applied_migrations()
