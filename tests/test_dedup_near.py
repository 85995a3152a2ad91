"""Near-duplicate clustering (dedup tier 3): MinHash LSH over word shingles, stored in DuckDB.

Every text here is written for these tests (no posting text is copied from ../shared).
"""

from datetime import datetime

import pytest

from skillgap.pipelines.dedup import (
    LONG_SHINGLES,
    MIN_SHINGLES,
    companies_compatible,
    company_conflict,
    estimate_jaccard,
    minhash_signature,
    titles_compatible,
)
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.sources.base import Parsed
from skillgap.pipelines.store import Store
from tests.factories import job_text

T0 = datetime(2026, 11, 1, 3, 0)
T1 = datetime(2026, 11, 2, 3, 0)
T2 = datetime(2026, 11, 3, 3, 0)


def post(source, board, sid, title, description, company, location="Remote (US)", url=None):
    return NormalizedPosting(source=source, board=board, source_id=str(sid), title=title, description=description,
                             company=company, location=location, url=url)


def clusters(store):
    return dict(store.con.execute("SELECT posting_id, cluster_id FROM postings").fetchall())


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "d.duckdb") as s:
        yield s


# --- pure pieces --------------------------------------------------------------------------------

def test_signature_needs_enough_text_and_estimates_jaccard():
    assert minhash_signature("Python and SQL.") is None
    text = job_text("Loafwise")
    a, b = minhash_signature(text), minhash_signature(text.replace("bread", "pastries"))
    assert a.shingles >= LONG_SHINGLES > MIN_SHINGLES
    assert estimate_jaccard(a.values, a.values) == 1.0
    assert 0.8 < estimate_jaccard(a.values, b.values) < 1.0
    unrelated = minhash_signature(" ".join(f"token{i} alpha{i % 7}" for i in range(200)))
    assert estimate_jaccard(a.values, unrelated.values) < 0.1


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Acme Inc.", "acme", True),
    ("Ironclad", "ironcladhq", True),          # a board token with a suffix
    ("d-Matrix", "d-matrix", True),
    ("Northwind Analytics GmbH", "northwind analytics", True),
    ("Meta", "Acme", False),
    ("", "Acme", False),
    ("Kiwi", "Kiwibot Robotics", False),       # a short name is not a prefix match
])
def test_companies_compatible(a, b, same):
    assert companies_compatible(a, b) is same


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Machine Learning Engineer (Remote, US)", "Machine Learning Engineer", True),
    ("Senior Backend Engineer", "Senior Backend Engineer - Payments", True),
    ("Data Engineer", "Senior Data Engineer", False),      # a different level
    ("ML Engineer II", "ML Engineer III", False),
    ("Support Agent - Dutch and English", "Support Agent - French and English", False),
    ("Research Engineer, Training", "Research Engineer, Inference", False),
])
def test_titles_compatible(a, b, same):
    assert titles_compatible(a, b) is same


def test_company_conflict_needs_a_text_naming_its_own_company():
    a, b = job_text("Loafwise"), job_text("Crumbly")
    assert company_conflict("Loafwise", a, "Crumbly", b)
    assert not company_conflict("Loafwise", a, "loafwise-careers", a)   # board token never spelled out
    assert not company_conflict("Loafwise", a, "Loafwise Inc.", a)


# --- the store: tiers over runs -----------------------------------------------------------------

def test_ashby_relisting_with_board_token_joins_its_greenhouse_original(store):
    text = job_text("Loafwise Foods")
    gh = post("greenhouse", "loafwise", 1, "Machine Learning Engineer", text, "Loafwise Foods",
              url="https://boards.greenhouse.io/loafwise/jobs/1")
    # Ashby: no company in the payload, the board token stands in; its HTML flattens a bit differently.
    ashby = post("ashby", "lw-careers", "9f1c", "Machine Learning Engineer", text.replace("\n- ", "\n• "),
                 "lw-careers", location="United States (Remote)", url="https://jobs.ashbyhq.com/lw-careers/9f1c")
    store.upsert_postings("greenhouse", "loafwise", [gh], seen_at=T0)
    store.upsert_postings("ashby", "lw-careers", [ashby], seen_at=T0)
    c = clusters(store)
    assert c["greenhouse:loafwise:1"] == c["ashby:lw-careers:9f1c"]


def test_aggregator_copy_with_edits_and_company_suffix_joins(store):
    text = job_text("Loafwise")
    edited = text.replace("four weeks of paid leave", "generous paid leave").replace("Curiosity", "Real curiosity")
    store.upsert_postings("greenhouse", "loafwise", [post("greenhouse", "loafwise", 1, "Data Scientist", text, "Loafwise")],
                          seen_at=T0)
    store.upsert_postings("remotive", "", [post("remotive", "", 77, "Data Scientist (Remote)", edited, "Loafwise Inc.")],
                          seen_at=T0)
    c = clusters(store)
    assert c["greenhouse:loafwise:1"] == c["remotive::77"]


def test_translated_boilerplate_still_joins(store):
    body = job_text("Loafwise")
    en = body + ("We are an equal opportunity employer and welcome applicants of every background, age, "
                 "religion and ability. Tell us about any adjustments you need for interviews.")
    de = body + ("Wir sind ein Arbeitgeber, der Chancengleichheit lebt, und freuen uns über Bewerbungen "
                 "unabhängig von Herkunft, Alter, Religion und Behinderung. Sagen Sie uns, was Sie brauchen.")
    store.upsert_postings("greenhouse", "loafwise", [post("greenhouse", "loafwise", 1, "Data Scientist", en, "Loafwise")],
                          seen_at=T0)
    store.upsert_postings("arbeitnow", "", [post("arbeitnow", "", "ds-berlin", "Data Scientist", de, "Loafwise GmbH")],
                          seen_at=T0)
    c = clusters(store)
    assert c["greenhouse:loafwise:1"] == c["arbeitnow::ds-berlin"]


def test_different_companies_sharing_a_template_stay_apart(store):
    a = post("greenhouse", "loafwise", 1, "Data Scientist", job_text("Loafwise"), "Loafwise")
    b = post("lever", "crumbly", "x", "Data Scientist", job_text("Crumbly"), "Crumbly")
    store.upsert_postings("greenhouse", "loafwise", [a], seen_at=T0)
    store.upsert_postings("lever", "crumbly", [b], seen_at=T0)
    c = clusters(store)
    assert c["greenhouse:loafwise:1"] != c["lever:crumbly:x"]


def test_same_company_template_for_different_roles_stays_apart(store):
    text = job_text("Loafwise")
    jobs = [post("greenhouse", "loafwise", i, title, text, "Loafwise", location=f"City {i}")
            for i, title in enumerate(["Data Scientist", "Senior Data Scientist", "Support Agent - Dutch"])]
    store.upsert_postings("greenhouse", "loafwise", jobs, seen_at=T0)
    assert len(set(clusters(store).values())) == 3


def test_short_texts_need_the_same_company(store):
    short = ("Join our small data team to build dashboards in SQL and Python for store managers, "
             "clean messy sales tables, and explain weekly trends to people who are not analysts. "
             "Two days a week in the office.")
    a = post("greenhouse", "loafwise", 1, "Data Analyst", short, "Loafwise")
    b = post("remoteok", "", 2, "Data Analyst", short + " Apply today.", "Unrelated Staffing")
    c_ = post("jobicy", "", 3, "Data Analyst", short + " Apply now.", "Loafwise Ltd")
    for p in (a, b, c_):
        store.upsert_postings(p.source, p.board, [p], seen_at=T0)
    c = clusters(store)
    assert c["greenhouse:loafwise:1"] == c["jobicy::3"]
    assert c["greenhouse:loafwise:1"] != c["remoteok::2"]


def test_second_run_changes_nothing_and_a_removed_posting_closes(store):
    text = job_text("Loafwise")
    gh = [post("greenhouse", "loafwise", 1, "Data Scientist", text, "Loafwise"),
          post("greenhouse", "loafwise", 2, "Platform Engineer", job_text("Loafwise", topic="store routing"), "Loafwise")]
    ashby = [post("ashby", "loafwise", "a1", "Data Scientist", text, "loafwise")]
    store.upsert_postings("greenhouse", "loafwise", gh, seen_at=T0)
    store.upsert_postings("ashby", "loafwise", ashby, seen_at=T0)
    before = store.con.execute("SELECT posting_id, cluster_id, content_hash, first_seen FROM posting_records ORDER BY 1").fetchall()
    bands = store.con.execute("SELECT count(*) FROM posting_lsh").fetchone()[0]
    s1 = store.upsert_postings("greenhouse", "loafwise", gh, seen_at=T1)
    s2 = store.upsert_postings("ashby", "loafwise", ashby, seen_at=T1)
    assert (s1.new, s1.updated, s1.closed, s2.new, s2.updated) == (0, 0, 0, 0, 0)
    after = store.con.execute("SELECT posting_id, cluster_id, content_hash, first_seen FROM posting_records ORDER BY 1").fetchall()
    assert after == before
    assert store.con.execute("SELECT count(*) FROM posting_lsh").fetchone()[0] == bands
    s3 = store.upsert_postings("greenhouse", "loafwise", gh[:1], seen_at=T2)
    assert s3.closed == 1
    assert store.con.execute("SELECT closed_at FROM postings WHERE posting_id = 'greenhouse:loafwise:2'").fetchone()[0] == T2


def test_repost_under_a_new_id_keeps_first_seen(store):
    text = job_text("Loafwise")
    store.upsert_postings("greenhouse", "loafwise", [post("greenhouse", "loafwise", 1, "Data Scientist", text, "Loafwise")],
                          seen_at=T0)
    store.upsert_postings("greenhouse", "loafwise", [], seen_at=T1)  # taken down
    repost = post("greenhouse", "loafwise", 5, "Data Scientist", text.replace("every morning", "each morning"), "Loafwise")
    stats = store.upsert_postings("greenhouse", "loafwise", [repost], seen_at=T2)
    assert stats.new == 1
    row = store.con.execute(
        "SELECT first_seen, cluster_id = (SELECT cluster_id FROM postings WHERE source_id = '1') FROM postings "
        "WHERE source_id = '5'"
    ).fetchone()
    assert row == (T0, True)


def test_changed_posting_is_rematched_and_its_old_bands_replaced(store):
    a = post("greenhouse", "loafwise", 1, "Data Scientist", job_text("Loafwise"), "Loafwise")
    store.upsert_postings("greenhouse", "loafwise", [a], seen_at=T0)
    old = set(store.con.execute("SELECT band_key FROM posting_lsh").fetchall())
    b = post("greenhouse", "loafwise", 1, "Data Scientist", job_text("Loafwise", topic="route planning"), "Loafwise")
    store.upsert_postings("greenhouse", "loafwise", [b], seen_at=T1)
    new = set(store.con.execute("SELECT band_key FROM posting_lsh").fetchall())
    assert len(new) > 0 and new != old
    assert store.con.execute("SELECT count(DISTINCT posting_id) FROM posting_minhash").fetchone()[0] == 1


def test_skipped_records_and_duplicates_are_counted_in_source_runs(store):
    parsed = Parsed([post("greenhouse", "loafwise", 1, "Data Scientist", "Python.", "Loafwise"),
                     post("greenhouse", "loafwise", 1, "Data Scientist", "Python.", "Loafwise")],
                    skipped=["no 'title'", "no 'title'"])
    stats = store.upsert_postings("greenhouse", "loafwise", parsed, seen_at=T0)
    assert (stats.fetched, stats.new, stats.skipped) == (4, 1, 3)
    store.record_source_run("r1", "greenhouse", "loafwise", "ok", stats)
    row = store.con.execute("SELECT status, fetched, skipped, error FROM source_runs").fetchone()
    assert row[:3] == ("ok", 4, 3)
    assert row[3] == "3 skipped: no 'title' (2), listed twice (the last listing kept) (1)"


def test_parsed_keeps_its_skips_through_pickling():
    import pickle

    parsed = Parsed([post("greenhouse", "loafwise", 1, "Data Scientist", "Python.", "Loafwise")], skipped=["empty 'title'"])
    again = pickle.loads(pickle.dumps(parsed))  # Dask workers hand results back pickled
    assert list(again) == list(parsed) and again.skipped == ["empty 'title'"]
    assert again.skip_summary() == "1 skipped: empty 'title' (1)"


def test_short_relisting_with_a_suffixed_board_token_joins(store):
    text = "Build dashboards in SQL and Python for our store managers; two days a week in the Leeds office."
    store.upsert_postings("greenhouse", "loafwise", [post("greenhouse", "loafwise", 1, "Data Analyst", text, "Loafwise")],
                          seen_at=T0)
    store.upsert_postings("ashby", "loafwisehq", [post("ashby", "loafwisehq", "z", "Data Analyst", text, "loafwisehq")],
                          seen_at=T0)
    c = clusters(store)
    assert c["greenhouse:loafwise:1"] == c["ashby:loafwisehq:z"]
