"""Fuzzing: random, mutated and truncated payloads for every adapter, odd texts for the extractor.

Each input must be stored sanely or rejected with a reason (a SourceError with a message, a
skipped-record reason, an extraction error recorded with the posting): never an unexpected
exception that would crash a run, never a hang. Example counts stay modest so the suite is fast.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillgap.pipelines.errors import SourceError
from skillgap.pipelines.extraction import extract_records
from skillgap.pipelines.http import HttpClient, make_client
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.sources.registry import SOURCES
from skillgap.pipelines.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 20, 3, 0)
FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text with the awkward parts of Unicode: controls, combining marks, RTL, emoji, lone surrogates.
odd_text = st.text(st.characters(exclude_categories=()), max_size=300) | st.sampled_from(
    ["", " ", "\x00", "\ud800", "e\u0301", "\u202eevil", "💥" * 50, "&lt;p&gt;Python&lt;/p&gt;", "<li>" * 200, "\n" * 500]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=True) | odd_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=15,
)


def _record_lists(value, out):
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out.append(value)
    if isinstance(value, dict):
        for v in value.values():
            _record_lists(v, out)
    elif isinstance(value, list):
        for v in value:
            _record_lists(v, out)


def sample_records(name: str) -> list[dict]:
    """Real-shaped records of one adapter: the largest list of objects in its fixtures."""
    if name == "jsonld":
        return [{"page_url": "https://careers.example.org/jobs/1",
                 "jobposting": {"@type": "JobPosting", "title": "ML Engineer", "description": "<p>Python and SQL</p>",
                                "hiringOrganization": {"name": "Acme"}, "datePosted": "2026-11-01",
                                "jobLocation": {"address": {"addressLocality": "Berlin"}}, "identifier": "7"}}]
    lists: list[list[dict]] = []
    for path in sorted((FIXTURES / name).glob("*.json")):
        _record_lists(json.loads(path.read_text(encoding="utf-8")), lists)
    assert lists, name
    return max(lists, key=len)


SAMPLES = {name: sample_records(name) for name in SOURCES}


@st.composite
def mutated(draw, name: str):
    record = copy.deepcopy(draw(st.sampled_from(SAMPLES[name])))
    keys = sorted(record)
    for key in draw(st.lists(st.sampled_from(keys), max_size=4, unique=True)) if keys else []:
        action = draw(st.sampled_from(["drop", "random", "long", "cut"]))
        if action == "drop":
            record.pop(key)
        elif action == "random":
            record[key] = draw(json_values)
        elif action == "long":
            record[key] = "Python " * draw(st.integers(1000, 30000))
        elif isinstance(record[key], str):
            record[key] = record[key][: draw(st.integers(0, len(record[key])))]
    return record


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb") as s:
        yield s


def check_postings(postings, store: Store, name: str) -> None:
    for p in postings:
        assert isinstance(p, NormalizedPosting)
        assert isinstance(p.title, str) and p.title.strip()
        assert isinstance(p.description, str)
        assert p.posting_id.startswith(f"{name}:")
    for reason in getattr(postings, "skipped", ()):
        assert isinstance(reason, str) and reason
    board = postings[0].board if postings else "acme"
    store.upsert_postings(name, board, postings, seen_at=NOW, complete=False)  # must not raise


@pytest.mark.parametrize("name", sorted(SOURCES))
@FUZZ
@given(data=st.data())
def test_every_parser_stores_or_rejects_random_and_mutated_records(store, name, data):
    records = data.draw(st.lists(mutated(name) | json_values, min_size=1, max_size=4))
    source = SOURCES[name]()
    board = "acme" if source.takes_boards else None
    try:
        postings = source.parse(records, board=board)
    except SourceError as exc:
        assert str(exc).strip()  # rejected, with a reason
        return
    check_postings(postings, store, name)


def _fetch_kwargs(name: str) -> dict:
    if name == "jsonld":
        return {"urls": ["http://fuzz.test/careers"]}
    return {}


@pytest.mark.parametrize("name", sorted(n for n in SOURCES if list((FIXTURES / n).glob("*.json")) or n == "jsonld"))
@FUZZ
@given(data=st.data())
def test_truncated_payloads_are_a_source_error_not_a_crash(store, name, data, monkeypatch_env):
    files = sorted((FIXTURES / name).glob("*.json")) or sorted((FIXTURES / name).glob("*.html"))
    body = data.draw(st.sampled_from(files)).read_bytes()
    cut = body[: data.draw(st.integers(0, max(0, len(body) - 1)))]
    served = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("robots.txt"):
            return httpx.Response(404, request=request)
        served.append(str(request.url))
        if len(served) > 1:  # only the first page is served; the rest are gone
            return httpx.Response(404, request=request)
        ctype = "text/html" if name == "jsonld" else "application/json"
        return httpx.Response(200, content=cut, headers={"Content-Type": ctype}, request=request)

    source = SOURCES[name]()
    board = "acme" if source.takes_boards else None
    with HttpClient(make_client(user_agent="fuzz", transport=httpx.MockTransport(handler)), min_interval=0,
                    retries=0) as http:
        try:
            result = source.fetch(http, board=board, base_url="http://fuzz.test", **_fetch_kwargs(name))
            postings = source.parse(result.records, board=board)
        except SourceError as exc:
            assert str(exc).strip()
            return
    check_postings(postings, store, name)


@pytest.fixture(scope="module")
def monkeypatch_env():
    mp = pytest.MonkeyPatch()
    for var in ("USAJOBS_API_KEY", "USAJOBS_EMAIL", "ADZUNA_APP_ID", "ADZUNA_APP_KEY"):
        mp.setenv(var, "fuzz-credential")
    yield
    mp.undo()


# -- the extractor -----------------------------------------------------------------------------

long_line = st.builds(lambda w, n: (w + " ") * n, st.sampled_from(["Python", "a", "SQL/", "(", "-", "C++,", "é"]),
                      st.integers(2000, 20000))
huge_list = st.builds(lambda items, n: "Requirements:\n" + "\n".join(f"- {items[i % len(items)]}" for i in range(n)),
                      st.lists(st.sampled_from(["Python", "SQL", "PyTorch", "Docker", "communication", "x" * 300]),
                               min_size=1, max_size=6), st.integers(500, 4000))
texts = odd_text | long_line | huge_list | st.text(max_size=3000)


@pytest.fixture(scope="module")
def extractor():
    from skillgap.extractors.extract import Extractor

    return Extractor()


@FUZZ
@given(title=odd_text, descriptions=st.lists(texts, min_size=1, max_size=3))
def test_extraction_of_odd_texts_is_stored_with_valid_offsets_or_a_recorded_reason(store, extractor, title, descriptions):
    posts = [NormalizedPosting(source="fuzz", board="x", source_id=str(i), title=title or "t", description=d)
             for i, d in enumerate(descriptions)]
    store.upsert_postings("fuzz", "x", posts, seen_at=NOW)
    batch = store.load_for_extraction([p.posting_id for p in posts])
    res = extract_records(batch, extractor)
    assert res.posting_ids == [p.posting_id for p in posts] and len(res.extractions) == len(posts)
    for record, ex in zip(batch, res.extractions):
        assert ex.role_family in ("ml", "data", "other")
        for m in ex.skills:
            assert 0 <= m.start < m.end <= len(record["description"])
            assert record["description"][m.start:m.end] == m.text
    store.write_extractions(zip(res.posting_ids, res.content_hashes, res.extractions), version="fuzz",
                            extracted_at=NOW, errors=res.errors)
    got = store.con.execute(
        "SELECT count(*) FROM posting_facts WHERE posting_id IN (SELECT unnest(?))", [res.posting_ids]
    ).fetchone()[0]
    assert got == len(posts)
    orphans = store.con.execute(
        "SELECT count(*) FROM skill_mentions m LEFT JOIN posting_records r USING (posting_id) WHERE r.posting_id IS NULL"
    ).fetchone()[0]
    assert orphans == 0
