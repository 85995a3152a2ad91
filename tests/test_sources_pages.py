"""Text written for people: JSON-LD ``JobPosting`` on career pages (robots.txt honoured) and the
monthly HN "Who is hiring?" thread. Parse our own fixtures, fetch through a respx router."""

from __future__ import annotations

import json
import logging
from datetime import datetime

import httpx
import pytest
import respx

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.sources.hn_whoishiring import HNWhoIsHiring
from skillgap.pipelines.sources.jsonld import JsonLd, extract_jobpostings, rebase
from tests.source_helpers import LOCAL, http_for, load, real_payload, text

# --- JSON-LD -----------------------------------------------------------------------------------


def test_jsonld_extract_top_level_graph_and_lists():
    single = extract_jobpostings(text("jsonld", "careers_single.html"))
    assert [p["title"] for p in single] == [
        "Machine Learning Engineer, Ranking"
    ]  # application/json ignored
    graph = extract_jobpostings(text("jsonld", "careers_graph.html"))
    assert [p["title"] for p in graph] == [
        "Data Analyst &amp; Reporting Lead",
        "Platform Engineer",
    ]


def test_jsonld_parse():
    page = "https://fernhill.example/careers/ml-ranking"
    records = [
        {"page_url": page, "index": i, "jobposting": p}
        for i, p in enumerate(
            extract_jobpostings(text("jsonld", "careers_single.html"))
        )
    ]
    (ml,) = JsonLd().parse(records, board=None)
    assert ml.source_id == f"{page}#0" and ml.url == page
    assert ml.company == "Fernhill"
    assert ml.location == "Portland, OR, USA; Seattle, WA, USA"
    assert ml.posted_at == datetime(2026, 2, 10, 17, 0)
    assert "ranking models in PyTorch" in ml.description
    assert (
        "own offline evaluation" in ml.description
        and "3+ years of Python" in ml.description
    )
    assert ml.extra == {
        "employment_type": "Full-time",
        "valid_through": "2026-05-10T09:00:00-08:00",
    }

    page2 = "https://jobs.oakmere.example/all"
    records = [
        {"page_url": page2, "index": i, "jobposting": p}
        for i, p in enumerate(extract_jobpostings(text("jsonld", "careers_graph.html")))
    ]
    lead, plat = JsonLd().parse(records, board=None)
    assert lead.source_id == "OAK-77" and lead.title == "Data Analyst & Reporting Lead"
    assert lead.description == "Own the SQL reporting layer."
    assert lead.remote is True and lead.company == "Oakmere Health"
    assert lead.url == "https://jobs.oakmere.example/openings/oak-77"
    assert lead.extra["salary"]["value"]["minValue"] == 90000
    assert lead.posted_at == datetime(2026, 2, 11)
    assert plat.source_id == "https://jobs.oakmere.example/openings/plat-3"
    assert plat.company == "Oakmere Health" and plat.location == "Austin, TX"


def test_jsonld_parse_rejects_records_without_title():
    with pytest.raises(PermanentSourceError, match="no 'title'"):
        JsonLd().parse(
            [{"page_url": "u", "index": 0, "jobposting": {"@type": "JobPosting"}}],
            board=None,
        )
    with pytest.raises(PermanentSourceError, match="'jobposting'"):
        JsonLd().parse([{"page_url": "u"}], board=None)


def test_jsonld_real_page_when_present():
    real = real_payload("jsonld_jobposting_meta.html")
    found = extract_jobpostings(real.read_text(encoding="utf-8"))
    (posting,) = JsonLd().parse(
        [{"page_url": "https://x.example/j", "index": 0, "jobposting": found[0]}],
        board=None,
    )
    assert (
        posting.title and posting.company and posting.description and posting.location
    )
    assert posting.location.count("USA") == 1  # the repeated country names collapse


def test_rebase_keeps_path_and_query():
    assert (
        rebase("https://a.example/careers/x?id=3", LOCAL) == f"{LOCAL}/careers/x?id=3"
    )
    assert rebase("https://a.example/careers", None) == "https://a.example/careers"


def test_jsonld_fetch_robots_once_per_host_and_base_url(caplog):
    router = respx.Router(assert_all_called=True)
    robots = router.get(f"{LOCAL}/robots.txt").mock(
        return_value=httpx.Response(200, text="User-agent: *\nDisallow: /private/\n")
    )
    single = router.get(f"{LOCAL}/careers/ml").mock(
        return_value=httpx.Response(200, text=text("jsonld", "careers_single.html"))
    )
    graph = router.get(f"{LOCAL}/jobs", params={"team": "data"}).mock(
        return_value=httpx.Response(200, text=text("jsonld", "careers_graph.html"))
    )
    urls = (
        "https://fernhill.example/careers/ml",
        "https://fernhill.example/jobs?team=data",
        "https://fernhill.example/private/secret",
    )
    with caplog.at_level(logging.WARNING, logger="skillgap.pipelines.sources.jsonld"):
        result = JsonLd().fetch(http_for(router), board=None, base_url=LOCAL, urls=urls)
    assert robots.call_count == 1 and single.call_count == 1 and graph.call_count == 1
    assert [r["jobposting"]["title"] for r in result.records] == [
        "Machine Learning Engineer, Ranking",
        "Data Analyst &amp; Reporting Lead",
        "Platform Engineer",
    ]
    assert (
        result.records[0]["page_url"] == urls[0]
    )  # the configured URL, not the rebased one
    assert result.complete is False  # the disallowed page was not read
    assert "robots.txt disallows" in caplog.text and "/private/secret" in caplog.text


def test_jsonld_fetch_without_robots_and_failing_pages():
    router = respx.Router(assert_all_called=True)
    router.get("https://a.example/robots.txt").mock(return_value=httpx.Response(404))
    router.get("https://a.example/careers").mock(
        return_value=httpx.Response(200, text=text("jsonld", "careers_single.html"))
    )
    router.get("https://a.example/gone").mock(return_value=httpx.Response(410))
    http = http_for(router)
    result = JsonLd().fetch(
        http,
        board=None,
        base_url=None,
        urls=["https://a.example/careers", "https://a.example/gone"],
    )
    assert len(result.records) == 1 and result.complete is False
    with pytest.raises(PermanentSourceError, match="HTTP 410"):
        JsonLd().fetch(http, board=None, base_url=None, urls=["https://a.example/gone"])
    assert JsonLd().fetch(http, board=None, base_url=None).records == []


# --- HN "Who is hiring?" -----------------------------------------------------------------------


def test_hn_parse_reads_the_header_and_counts_the_deleted_comment():
    story = load("hn_whoishiring", "item_50100001.json")
    parsed = HNWhoIsHiring().parse(story["children"], board=None)
    assert parsed.skipped == ["deleted comment"]
    fern, oak = parsed
    assert fern.posting_id == "hn_whoishiring::50100010"
    assert fern.title == "Machine Learning Engineer"
    assert fern.company == "Fernhill" and fern.remote is True and fern.location == "REMOTE (US)"
    assert fern.extra["apply_url"] == "https://fernhill.example/jobs"
    assert fern.extra["employment_type"] == "Full-time"
    assert "Fernhill |" not in fern.description  # the header is not part of the description
    assert "You'll train ranking models with PyTorch & ship them." in fern.description
    assert (
        "Is the role open" not in fern.description
    )  # replies are not part of the posting
    assert fern.url == "https://news.ycombinator.com/item?id=50100010"
    assert fern.posted_at == datetime(2026, 10, 1, 15, 2, 11)
    assert fern.extra["fields"][1] == "Machine Learning Engineer"
    assert (
        oak.title
        == "Oakmere Health is hiring data analysts in Boston, onsite. SQL and dbt."
    )
    assert oak.company is None and oak.remote is False


def test_hn_fetch_latest_thread_with_base_url():
    router = respx.Router(assert_all_called=True)
    search = router.get(f"{LOCAL}/api/v1/search_by_date").mock(
        return_value=httpx.Response(
            200, json=load("hn_whoishiring", "search_by_date.json")
        )
    )
    item = router.get(f"{LOCAL}/api/v1/items/50100001").mock(
        return_value=httpx.Response(
            200, json=load("hn_whoishiring", "item_50100001.json")
        )
    )
    result = HNWhoIsHiring().fetch(http_for(router), board=None, base_url=LOCAL)
    assert (
        str(search.calls[0].request.url)
        == f"{LOCAL}/api/v1/search_by_date?tags=story%2Cauthor_whoishiring&hitsPerPage=20"
    )
    assert item.call_count == 1
    assert [r["id"] for r in result.records] == [
        50100010,
        50100011,
        50100012,
    ]  # the deleted comment is passed on, to be counted as skipped by parse
    assert result.records[0]["story_title"] == "Ask HN: Who is hiring? (October 2026)"
    assert result.complete is True


def test_hn_fetch_named_story_default_url_and_errors():
    router = respx.Router()
    route = router.get("https://hn.algolia.com/api/v1/items/50100001").mock(
        return_value=httpx.Response(
            200, json=load("hn_whoishiring", "item_50100001.json")
        )
    )
    router.get("https://hn.algolia.com/api/v1/items/7").mock(
        return_value=httpx.Response(200, json={"id": 7})
    )
    router.get(f"{LOCAL}/api/v1/search_by_date").mock(
        return_value=httpx.Response(
            200, json={"hits": [{"objectID": "1", "title": "Ask HN: Freelancer?"}]}
        )
    )
    http = http_for(router)
    assert (
        len(
            HNWhoIsHiring()
            .fetch(http, board=None, base_url=None, filters={"story_id": 50100001})
            .records
        )
        == 3
    )
    assert route.call_count == 1
    with pytest.raises(PermanentSourceError, match="'children' list"):
        HNWhoIsHiring().fetch(http, board=None, base_url=None, filters={"story_id": 7})
    with pytest.raises(
        PermanentSourceError, match="no 'Ask HN: Who is hiring\\?' story"
    ):
        HNWhoIsHiring().fetch(http, board=None, base_url=LOCAL)
    with pytest.raises(PermanentSourceError, match="must be a number"):
        HNWhoIsHiring().fetch(
            http, board=None, base_url=None, filters={"story_id": "../x"}
        )
    assert HNWhoIsHiring().parse([{"id": 1, "text": None}], board=None).skipped == ["deleted comment"]
    with pytest.raises(PermanentSourceError, match="no record of hn_whoishiring could be parsed: 1 skipped: no 'id'"):
        HNWhoIsHiring().parse([{"text": "Acme | Engineer"}], board=None)


def test_hn_real_thread_when_present():
    real = real_payload("hn_algolia_item_condensed.json")
    story = json.loads(real.read_text(encoding="utf-8"))
    postings = HNWhoIsHiring().parse(
        [c for c in story["children"] if c.get("text")], board=None
    )
    assert postings and all(
        p.title and "<" not in p.title and p.description for p in postings
    )
    assert all(p.company for p in postings)
