"""Applicant-tracking boards (one company per board): Lever, Ashby, Workable, Recruitee and
SmartRecruiters. Parse our own fixtures (written in the real shapes) and fetch through a respx
router mounted as ``httpx.MockTransport`` — exact paths and queries, ``base_url`` overrides for
first and follow-up pages, wrong shapes as :class:`PermanentSourceError`. Greenhouse has its own
file (test_greenhouse.py)."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest
import respx

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.sources.ashby import Ashby
from skillgap.pipelines.sources.lever import Lever
from skillgap.pipelines.sources.recruitee import Recruitee
from skillgap.pipelines.sources.smartrecruiters import SmartRecruiters
from skillgap.pipelines.sources.workable import Workable
from tests.source_helpers import LOCAL, by_id, http_for, lines, load, query

# --- Lever -------------------------------------------------------------------------------------


def test_lever_parse():
    postings = by_id(Lever().parse(load("lever", "postings.json"), board="fernhill"))
    intern = postings["0f4c1d2e-1111-4aaa-8bbb-123456789abc"]
    assert intern.posting_id == "lever:fernhill:0f4c1d2e-1111-4aaa-8bbb-123456789abc"
    assert intern.title == "Machine Learning Intern"
    assert intern.company == "Fernhill"  # no name in the payload: the token written as a name
    assert intern.location == "Remote - US" and intern.remote is True
    assert intern.url == "https://jobs.lever.co/fernhill/0f4c1d2e-1111-4aaa-8bbb-123456789abc"
    assert intern.posted_at == datetime(2026, 1, 1, 0, 0, 0)
    text = intern.description
    assert "Join our applied ML group for a summer internship & learn fast." in text
    assert lines(text) == [  # intro, list heading + items, untitled list, closing text
        "Join our applied ML group for a summer internship & learn fast.",
        "What you will need",
        "- Python and PyTorch",
        "- Some SQL",
        "- Curiosity",
        "Fernhill Labs is an equal opportunity employer.",
    ]
    assert "<" not in text and "&amp;" not in text and "&nbsp;" not in text
    assert intern.extra["salaryRange"]["interval"] == "per-hour-wage"
    assert intern.extra["commitment"] == "Internship" and intern.attribution == Lever.attribution
    analyst = postings["9a8b7c6d-2222-4ccc-9ddd-abcdefabcdef"]
    assert analyst.title == "Junior Data Analyst" and analyst.location is None
    assert analyst.remote is False  # hybrid is not remote
    assert analyst.posted_at == datetime(2025, 12, 1, 0, 0, 0, 123000)


def test_lever_fetch_with_base_url_override():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/v0/postings/fernhill").mock(return_value=httpx.Response(200, json=load("lever", "postings.json")))
    result = Lever().fetch(http_for(router), board="fernhill", base_url=LOCAL)
    router.assert_all_called()
    assert query(route) == {"mode": "json"}
    assert result.complete is True and len(result.records) == 2


def test_lever_default_host():
    router = respx.Router(assert_all_called=True)
    router.get("https://api.lever.co/v0/postings/fernhill", params={"mode": "json"}).mock(return_value=httpx.Response(200, json=[]))
    assert Lever().fetch(http_for(router), board="fernhill", base_url=None).records == []
    router.assert_all_called()


@pytest.mark.parametrize("payload", [{"ok": False, "error": "Document not found"}, [1, 2], "x"])
def test_lever_wrong_shape(payload):
    router = respx.Router()
    router.get(f"{LOCAL}/v0/postings/fernhill").mock(return_value=httpx.Response(200, json=payload))
    with pytest.raises(PermanentSourceError, match="JSON array"):
        Lever().fetch(http_for(router), board="fernhill", base_url=LOCAL)


def test_lever_record_without_title_is_permanent():
    with pytest.raises(PermanentSourceError, match="'text'"):
        Lever().parse([{"id": "x"}], board="fernhill")


# --- Ashby -------------------------------------------------------------------------------------


def test_ashby_parse():
    postings = by_id(Ashby().parse(load("ashby", "job-board.json")["jobs"], board="quillwork"))
    assert set(postings) == {"5e0c7a1b-3333-4eee-8fff-000000000001", "5e0c7a1b-3333-4eee-8fff-000000000002"}  # unlisted skipped
    ds = postings["5e0c7a1b-3333-4eee-8fff-000000000001"]
    assert ds.posting_id == "ashby:quillwork:5e0c7a1b-3333-4eee-8fff-000000000001"
    assert ds.title == "Data Scientist, New Grad" and ds.company == "Quillwork"
    assert ds.posted_at == datetime(2026, 3, 2, 15, 4, 5, 123000)  # -05:00 -> UTC
    assert ds.remote is True  # Hybrid, but one location is "Remote (US)"
    assert lines(ds.description) == ["About Quillwork", "We build tools for writers & editors.", "- scikit-learn", "- pandas"]
    assert ds.url == "https://jobs.ashbyhq.com/quillwork/5e0c7a1b-3333-4eee-8fff-000000000001"
    assert ds.extra["salary"] == {"min": 120000, "max": 150000, "currency": "USD", "interval": "1 YEAR"}
    assert ds.extra["compensation"]["compensationTierSummary"].startswith("$120K")
    assert ds.extra["secondaryLocations"] == ["Remote (US)"]
    office = postings["5e0c7a1b-3333-4eee-8fff-000000000002"]
    assert office.remote is False and office.location == "Boston, MA" and "salary" not in office.extra


def test_ashby_fetch_asks_for_compensation_on_the_override_host():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/posting-api/job-board/quillwork").mock(
        return_value=httpx.Response(200, json=load("ashby", "job-board.json"))
    )
    result = Ashby().fetch(http_for(router), board="quillwork", base_url=LOCAL)
    router.assert_all_called()
    assert query(route) == {"includeCompensation": "true"}
    assert result.complete and len(result.records) == 3


def test_ashby_wrong_shape():
    router = respx.Router()
    router.get(f"{LOCAL}/posting-api/job-board/quillwork").mock(return_value=httpx.Response(200, json={"apiVersion": "1"}))
    with pytest.raises(PermanentSourceError, match="'jobs' list"):
        Ashby().fetch(http_for(router), board="quillwork", base_url=LOCAL)


# --- Workable ----------------------------------------------------------------------------------


def test_workable_fetch_and_parse():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/api/accounts/olivegrove").mock(return_value=httpx.Response(200, json=load("workable", "account.json")))
    result = Workable().fetch(http_for(router), board="olivegrove", base_url=LOCAL)
    router.assert_all_called()
    assert query(route) == {"details": "true"} and result.complete
    postings = by_id(Workable().parse(result.records, board="olivegrove"))
    grad = postings["AB12CD34EF"]
    assert grad.posting_id == "workable:olivegrove:AB12CD34EF"
    assert (grad.title, grad.company, grad.location, grad.remote) == ("Graduate Data Scientist", "Olivegrove Data", "Athens, Attica, Greece", False)
    assert grad.posted_at == datetime(2026, 1, 10)
    assert lines(grad.description) == ["What you'll do:", "- Forecast yields with Python & scikit-learn"]
    assert grad.url == "https://apply.workable.com/j/AB12CD34EF" and grad.extra["experience"] == "Entry level"
    ml = postings["0011223344"]
    assert ml.location == "Greece" and ml.remote is True  # "" city/state skipped


def test_workable_default_host_and_wrong_shape():
    router = respx.Router(assert_all_called=True)
    router.get("https://www.workable.com/api/accounts/olivegrove", params={"details": "true"}).mock(
        return_value=httpx.Response(200, json={"name": "Olivegrove Data"})
    )
    with pytest.raises(PermanentSourceError, match="'jobs' list"):
        Workable().fetch(http_for(router), board="olivegrove", base_url=None)
    router.assert_all_called()


# --- Recruitee ---------------------------------------------------------------------------------


def test_recruitee_board_is_the_subdomain_unless_overridden():
    router = respx.Router(assert_all_called=True)
    default = router.get("https://harbourline.recruitee.com/api/offers/").mock(return_value=httpx.Response(200, json=load("recruitee", "offers.json")))
    local = router.get(f"{LOCAL}/api/offers/").mock(return_value=httpx.Response(200, json=load("recruitee", "offers.json")))
    assert len(Recruitee().fetch(http_for(router), board="harbourline", base_url=None).records) == 2
    result = Recruitee().fetch(http_for(router), board="harbourline", base_url=LOCAL)
    router.assert_all_called()
    assert default.call_count == 1 and local.call_count == 1 and query(local) == {} and result.complete


def test_recruitee_parse():
    postings = by_id(Recruitee().parse(load("recruitee", "offers.json")["offers"], board="harbourline"))
    de = postings["7000001"]
    assert de.posting_id == "recruitee:harbourline:7000001"
    assert (de.title, de.company, de.location) == ("Junior Data Engineer", "Harbourline", "Rotterdam, South Holland, Netherlands")
    assert de.remote is False  # hybrid
    assert de.posted_at == datetime(2026, 2, 2, 8, 30) and de.updated_at == datetime(2026, 2, 3, 10, 0)
    assert lines(de.description) == ["Build pipelines with Airflow & dbt.", "- Python", "- SQL"]  # description + requirements
    assert de.url == "https://jobs.harbourline.example/o/junior-data-engineer"
    assert de.extra["experience_code"] == "entry_level" and de.extra["salary"]["period"] == "month"
    assert postings["7000002"].remote is True


def test_recruitee_wrong_shape():
    router = respx.Router()
    router.get(f"{LOCAL}/api/offers/").mock(return_value=httpx.Response(200, json={"jobs": []}))
    with pytest.raises(PermanentSourceError, match="'offers' list"):
        Recruitee().fetch(http_for(router), board="harbourline", base_url=LOCAL)


# --- SmartRecruiters ---------------------------------------------------------------------------

SR_IDS = ("744000100000001", "744000100000002")


def sr_router(list_payload=None):
    router = respx.Router(assert_all_called=True)
    listing = router.get(f"{LOCAL}/v1/companies/Brambleworks/postings").mock(
        return_value=httpx.Response(200, json=list_payload or load("smartrecruiters", "postings.json"))
    )
    details = [
        router.get(f"{LOCAL}/v1/companies/Brambleworks/postings/{pid}").mock(
            return_value=httpx.Response(200, json=load("smartrecruiters", f"posting_{pid}.json"))
        )
        for pid in SR_IDS
    ]
    return router, listing, details


def test_smartrecruiters_lists_then_reads_details_on_the_override_host():
    router, listing, details = sr_router()
    result = SmartRecruiters().fetch(http_for(router), board="Brambleworks", base_url=LOCAL)
    router.assert_all_called()
    assert query(listing) == {"limit": "100", "offset": "0"}
    assert all(d.call_count == 1 and query(d) == {} for d in details)
    assert result.complete is True and [r["id"] for r in result.records] == list(SR_IDS)


def test_smartrecruiters_detail_cap_marks_the_board_incomplete():
    router = respx.Router(assert_all_called=True)
    router.get(f"{LOCAL}/v1/companies/Brambleworks/postings").mock(return_value=httpx.Response(200, json=load("smartrecruiters", "postings.json")))
    router.get(f"{LOCAL}/v1/companies/Brambleworks/postings/{SR_IDS[0]}").mock(
        return_value=httpx.Response(200, json=load("smartrecruiters", f"posting_{SR_IDS[0]}.json"))
    )
    result = SmartRecruiters(max_details=1).fetch(http_for(router), board="Brambleworks", base_url=LOCAL)
    router.assert_all_called()
    assert len(result.records) == 1 and result.complete is False


def test_smartrecruiters_pages_by_offset():
    page = load("smartrecruiters", "postings.json")
    full = {**page, "totalFound": 250, "content": [{**page["content"][0], "id": str(i)} for i in range(100)]}
    router = respx.Router(assert_all_called=True)
    listing = router.get(f"{LOCAL}/v1/companies/Brambleworks/postings").mock(return_value=httpx.Response(200, json=full))
    router.get(url__regex=rf"{LOCAL}/v1/companies/Brambleworks/postings/\d+").mock(
        return_value=httpx.Response(200, json=load("smartrecruiters", f"posting_{SR_IDS[0]}.json"))
    )
    result = SmartRecruiters(max_pages=2, max_details=1000).fetch(http_for(router), board="Brambleworks", base_url=LOCAL)
    assert [query(listing, i)["offset"] for i in range(2)] == ["0", "100"]
    assert len(result.records) == 200 and result.complete is False  # 250 found, 2 pages read


def test_smartrecruiters_parse():
    records = [load("smartrecruiters", f"posting_{pid}.json") for pid in SR_IDS]
    postings = by_id(SmartRecruiters().parse(records, board="Brambleworks"))
    ml = postings[SR_IDS[0]]
    assert ml.posting_id == "smartrecruiters:Brambleworks:744000100000001"
    assert (ml.title, ml.company, ml.location, ml.remote) == ("Junior Machine Learning Engineer", "Brambleworks", "Lyon, ARA, France", False)
    assert ml.posted_at == datetime(2026, 4, 1, 9)
    assert lines(ml.description) == [
        "Company Description", "Brambleworks makes route planning software.",
        "Job Description", "- Train models in PyTorch", "- Evaluate & ship",
        "Qualifications", "BSc in CS or similar.",
    ]
    assert ml.url.startswith("https://jobs.smartrecruiters.com/Brambleworks/744000100000001")
    assert ml.extra["experienceLevel"] == "entry_level" and ml.extra["hybrid"] is True
    analyst = postings[SR_IDS[1]]
    assert analyst.remote is True and analyst.posted_at == datetime(2026, 3, 30, 17, 45, 10, 500000)


@pytest.mark.parametrize("payload", [{"totalFound": 0}, {"content": [{"name": "no id"}]}, []])
def test_smartrecruiters_wrong_shape(payload):
    router = respx.Router()
    router.get(f"{LOCAL}/v1/companies/Brambleworks/postings").mock(return_value=httpx.Response(200, json=payload))
    with pytest.raises(PermanentSourceError, match="'content'"):
        SmartRecruiters().fetch(http_for(router), board="Brambleworks", base_url=LOCAL)
