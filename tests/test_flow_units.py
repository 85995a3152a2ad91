"""The flow's wiring helpers, called directly (plain Python, no Prefect server)."""

import logging
from datetime import datetime

from skillgap.pipelines.config import SourceSpec
from skillgap.pipelines.extraction import extract_records
from skillgap.pipelines.flows import BoardFetch, _store_board
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.store import Store, UpsertStats

LOG = logging.getLogger("test")
NOW = datetime(2026, 11, 20)


class RefusingStore:
    def upsert_postings(self, source, board, postings, **kw):
        if board == "bad":
            raise UnicodeEncodeError("utf-8", "x", 0, 1, "surrogates not allowed")
        return UpsertStats(fetched=len(postings), new=len(postings))


def test_a_board_the_store_refuses_is_recorded_failed_and_others_go_on():
    spec = SourceSpec(type="greenhouse", boards=("bad", "good"))
    post = NormalizedPosting(source="greenhouse", board="good", source_id="1", title="ML", description="x")
    bad = _store_board(RefusingStore(), spec, "bad", BoardFetch(postings=[post], complete=True), NOW, LOG)
    good = _store_board(RefusingStore(), spec, "good", BoardFetch(postings=[post], complete=True), NOW, LOG)
    assert bad.status == "failed" and "could not store" in bad.error and "UnicodeEncodeError" in bad.error
    assert good.status == "ok" and good.stats.new == 1


def test_fetch_error_is_recorded_without_touching_the_store():
    spec = SourceSpec(type="greenhouse", boards=("gone",))
    out = _store_board(None, spec, "gone", BoardFetch(error="GET …: HTTP 404"), NOW, LOG)
    assert (out.status, out.error) == ("failed", "GET …: HTTP 404")


def test_lone_surrogates_from_json_are_stored_not_fatal(tmp_path):
    p = NormalizedPosting(source="greenhouse", board="acme", source_id="1", title="ML \ud83d Engineer",
                          description="Python \udc00 SQL", company="Acme")
    assert p.title == "ML \ufffd Engineer"
    with Store.open(tmp_path / "s.duckdb") as store:
        assert store.upsert_postings("greenhouse", "acme", [p], seen_at=NOW).new == 1
        assert store.con.execute("SELECT title FROM postings").fetchone()[0] == "ML \ufffd Engineer"


class FlakyExtractor:
    """Fails a whole batch when any posting is poison, and that posting alone too."""

    def extract_many(self, records):
        if any("POISON" in r["description"] for r in records):
            raise ValueError("[E088] Text of length 1100000 exceeds maximum")
        return [self.extract(**r) for r in records]

    def extract(self, *, title, description, company=None, location=None, html=None):
        if "POISON" in description:
            raise ValueError("[E088] Text of length 1100000 exceeds maximum")
        from skillgap.extractors.extract import Extraction

        return Extraction(description_text=description, skills=(), role_family="ml", seniority="entry",
                          entry_level=True, years_min=None, experience_inflated=False, degree=None, salary=None,
                          visa_sponsorship=None, remote_type=None)


def pending(i, text):
    return {"posting_id": f"greenhouse:acme:{i}", "content_hash": "h", "title": "ML Engineer", "description": text,
            "company": "Acme", "location": None}


def test_one_poison_posting_does_not_block_its_batch_and_its_reason_is_kept():
    batch = [pending(1, "Python"), pending(2, "POISON"), pending(3, "SQL")]
    res = extract_records(batch, FlakyExtractor())
    out = res.extractions
    assert [(x.role_family, x.seniority) for x in out] == [("ml", "entry"), ("other", "unknown"), ("ml", "entry")]
    assert out[1].skills == ()
    assert list(res.errors) == ["greenhouse:acme:2"] and "E088" in res.errors["greenhouse:acme:2"]


def test_very_long_descriptions_are_cut_before_extraction():
    seen = []

    class Recorder(FlakyExtractor):
        def extract_many(self, records):
            seen.extend(len(r["description"]) for r in records)
            return super().extract_many(records)

    extract_records([pending(1, "x" * 1_100_000)], Recorder())
    assert seen == [200_000]


def test_progress_is_plain_log_lines_off_a_terminal_and_bars_on_one():
    import io

    from skillgap.pipelines import progress

    assert type(progress.for_stream(io.StringIO())) is progress.LogProgress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    out = Tty()
    bars = progress.for_stream(out)
    assert isinstance(bars, progress.RichProgress)
    bars.set_boards(2)
    bars.board_done(5)
    bars.extraction_queued(5)
    bars.extracted_some(3)
    bars.note("greenhouse:acme fetched 5, new 5, updated 0, closed 0")
    bars.note("extraction: 3/5 postings", detail=True)  # the bars already say it
    bars.close()
    text = out.getvalue()
    assert "boards fetched" in text and "postings extracted" in text and "3/5" in text
    assert "greenhouse:acme fetched 5" in text and "extraction: 3/5 postings" not in text
    assert (bars.boards, bars.stored, bars.extracted) == (1, 5, 3)


def test_a_configured_company_names_the_boards_postings(tmp_path):
    import shutil
    from pathlib import Path

    from skillgap.pipelines.flows import _fetch_board

    fixture = Path(__file__).parent / "fixtures" / "lever" / "postings.json"
    (tmp_path / "v0" / "postings").mkdir(parents=True)
    shutil.copy(fixture, tmp_path / "v0" / "postings" / "fernhill.json")
    named = SourceSpec(type="lever", boards=("fernhill",), companies=(("fernhill", "Fernhill Survey Co"),))
    plain = SourceSpec(type="lever", boards=("fernhill",))
    got = _fetch_board(named, "fernhill", user_agent="t", replay_dir=str(tmp_path), pool=None, known_digest=None)
    bare = _fetch_board(plain, "fernhill", user_agent="t", replay_dir=str(tmp_path), pool=None, known_digest=None)
    assert got.postings and {p.company for p in got.postings} == {"Fernhill Survey Co"}
    assert {p.company for p in bare.postings} == {"Fernhill"}  # the token, written as a name
    assert got.digest != bare.digest  # a new display name is a change to store
