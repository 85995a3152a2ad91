"""Whole-market feeds (no board): Remote OK, Remotive, Arbeitnow, Himalayas, Jobicy and The Muse.
Parse our own fixtures and fetch through a respx router: paging, caps and filters decide whether
a feed counts as complete; wrong shapes are :class:`PermanentSourceError`."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest
import respx

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.sources.arbeitnow import Arbeitnow
from skillgap.pipelines.sources.himalayas import Himalayas
from skillgap.pipelines.sources.jobicy import Jobicy
from skillgap.pipelines.sources.remoteok import RemoteOK, fix_mojibake
from skillgap.pipelines.sources.remotive import Remotive
from skillgap.pipelines.sources.themuse import TheMuse
from tests.source_helpers import LOCAL, by_id, http_for, lines, load, query

# --- Remote OK ---------------------------------------------------------------------------------


def test_remoteok_fetch_skips_the_legal_notice():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/api").mock(return_value=httpx.Response(200, json=load("remoteok", "api.json")))
    result = RemoteOK().fetch(http_for(router), board=None, base_url=LOCAL)
    router.assert_all_called()
    assert query(route) == {}
    assert [r["id"] for r in result.records] == ["2000001", "2000002"] and result.complete


def test_remoteok_parse():
    postings = by_id(RemoteOK().parse(load("remoteok", "api.json"), board=None))  # notice tolerated
    ml = postings["2000001"]
    assert ml.posting_id == "remoteok::2000001" and ml.board == ""
    assert ml.title == "Junior ML Engineer" and ml.company == "Kettleby"
    assert ml.location == "São Paulo, Brazil"  # double-encoded UTF-8 repaired
    assert ml.remote is True and ml.posted_at == datetime(2026, 1, 1)
    assert lines(ml.description) == ["Train models with PyTorch & ship them.", "Work from São Paulo or anywhere."]
    assert ml.url == "https://remoteOK.com/remote-jobs/remote-junior-ml-engineer-kettleby-2000001"
    assert "Remote OK" in ml.attribution
    assert ml.extra["tags"] == ["python", "ml", "junior"] and ml.extra["salary_min"] == 50000
    analyst = postings["2000002"]
    assert analyst.location is None and "salary_min" not in analyst.extra
    assert analyst.description == "Plain text role: SQL and dashboards."


@pytest.mark.parametrize(
    ("company", "slug", "expected"),
    [
        ("Kettleby", "remote-data-analyst-kettleby-2000003", "Kettleby"),
        ("2100 Kettleby USA", "remote-data-analyst-2100-kettleby-usa-2000003", "Kettleby"),  # entity number and country
        ("1840 &amp; Company", "remote-data-analyst-1840-amp-company-2000003", "1840 & Company"),  # a name with a number
        ("3Pillar", "remote-data-analyst-3pillar-2000003", "3Pillar"),
        ("jobs", "remote-data-analyst-kettleby-labs-2000003", "Kettleby Labs"),  # a placeholder: the slug names it
        ("jobs", "remote-2000003", None),
    ],
)
def test_remoteok_company_from_its_own_field(company, slug, expected):
    job = {"slug": slug, "id": "2000003", "epoch": 1767225600, "company": company, "position": "Data Analyst",
           "tags": [], "description": "SQL.", "location": "", "url": f"https://remoteOK.com/remote-jobs/{slug}"}
    (posting,) = RemoteOK().parse([job], board=None)
    assert posting.company == expected


def test_remoteok_skips_husk_entries():
    husk = {"slug": "remote-2000009", "id": "2000009", "epoch": 1767225600, "date": "2026-01-01T00:00:00+00:00",
            "company": "", "company_logo": "", "position": "", "tags": [], "description": "<br/><br/>", "location": "",
            "apply_url": "", "salary_min": 0, "salary_max": 0, "logo": "", "url": "https://remoteOK.com/remote-jobs/remote-2000009"}
    assert RemoteOK().parse([husk], board=None) == []
    with pytest.raises(PermanentSourceError, match="'position'"):
        RemoteOK().parse([{"id": "1", "company": "x"}], board=None)


@pytest.mark.parametrize("payload", [{"jobs": []}, [{"id": "1", "position": "x"}], [{"legal": "x"}, "job"]])
def test_remoteok_wrong_shape(payload):
    router = respx.Router()
    router.get(f"{LOCAL}/api").mock(return_value=httpx.Response(200, json=payload))
    with pytest.raises(PermanentSourceError):
        RemoteOK().fetch(http_for(router), board=None, base_url=LOCAL)


def test_fix_mojibake_leaves_clean_text_alone():
    assert fix_mojibake("Gothenburg, VÃ¤stra GÃ¶taland") == "Gothenburg, Västra Götaland"
    assert fix_mojibake("Zürich – São Paulo") == "Zürich – São Paulo"
    assert fix_mojibake("Ã") == "Ã"  # does not round-trip: unchanged


# --- Remotive ----------------------------------------------------------------------------------


def test_remotive_parse():
    postings = by_id(Remotive().parse(load("remotive", "remote-jobs.json")["jobs"], board=None))
    ds = postings["3000001"]
    assert ds.posting_id == "remotive::3000001"
    assert (ds.title, ds.company, ds.location, ds.remote) == ("Junior Data Scientist", "Larkspur Analytics", "Europe", True)
    assert ds.posted_at == datetime(2026, 2, 10, 9, 30)
    assert lines(ds.description) == ["About the role", "- Build models in Python", "- Explain results & trade-offs"]
    assert ds.url.startswith("https://remotive.com/remote-jobs/") and "Remotive" in ds.attribution
    assert ds.extra["salary"] == "€45k - €55k" and ds.extra["category"] == "Data"
    assert "salary" not in postings["3000002"].extra


def test_remotive_fetch_unfiltered_is_complete():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/api/remote-jobs").mock(return_value=httpx.Response(200, json=load("remotive", "remote-jobs.json")))
    result = Remotive().fetch(http_for(router), board=None, base_url=LOCAL)
    router.assert_all_called()
    assert query(route) == {} and result.complete is True and len(result.records) == 2


def test_remotive_filters_become_query_params_and_make_the_feed_incomplete():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/api/remote-jobs").mock(return_value=httpx.Response(200, json=load("remotive", "remote-jobs.json")))
    result = Remotive().fetch(http_for(router), board=None, base_url=LOCAL, filters={"category": "data", "search": "machine learning"})
    router.assert_all_called()
    assert query(route) == {"category": "data", "search": "machine learning"}
    assert result.complete is False


def test_remotive_unknown_filter_lists_the_valid_ones():
    with pytest.raises(PermanentSourceError, match="allowed: category, company_name, limit, search"):
        Remotive().fetch(http_for(respx.Router()), board=None, base_url=LOCAL, filters={"tag": "python"})


def test_remotive_wrong_shape():
    router = respx.Router()
    router.get(f"{LOCAL}/api/remote-jobs").mock(return_value=httpx.Response(200, json=[{"id": 1}]))
    with pytest.raises(PermanentSourceError, match="'jobs' list"):
        Remotive().fetch(http_for(router), board=None, base_url=LOCAL)


# --- Arbeitnow ---------------------------------------------------------------------------------


def test_arbeitnow_follows_next_links_on_the_override_host():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/api/job-board-api")
    route.side_effect = [httpx.Response(200, json=load("arbeitnow", "page1.json")), httpx.Response(200, json=load("arbeitnow", "page2.json"))]
    result = Arbeitnow().fetch(http_for(router), board=None, base_url=LOCAL)
    router.assert_all_called()
    assert route.call_count == 2
    assert [str(c.request.url) for c in route.calls] == [f"{LOCAL}/api/job-board-api", f"{LOCAL}/api/job-board-api?page=2"]
    assert result.complete is True
    assert [r["slug"] for r in result.records] == ["ml-engineer-berlin-400001", "data-analyst-remote-400002"]


def test_arbeitnow_page_cap_marks_the_feed_incomplete():
    router = respx.Router(assert_all_called=True)
    page = load("arbeitnow", "page1.json")
    route = router.get(f"{LOCAL}/api/job-board-api")
    route.side_effect = [
        httpx.Response(200, json={**page, "links": {**page["links"], "next": f"https://www.arbeitnow.com/api/job-board-api?page={n}"}})
        for n in (2, 3)
    ]
    result = Arbeitnow(max_pages=2).fetch(http_for(router), board=None, base_url=LOCAL)
    assert route.call_count == 2 and result.complete is False


def test_arbeitnow_next_link_pointing_back_stops():
    router = respx.Router(assert_all_called=True)
    page = load("arbeitnow", "page1.json")
    route = router.get(f"{LOCAL}/api/job-board-api").mock(return_value=httpx.Response(200, json=page))
    result = Arbeitnow().fetch(http_for(router), board=None, base_url=LOCAL)
    assert route.call_count == 2 and len(result.records) == 2  # page 1, then "page 2" repeating its own next


def test_arbeitnow_filters_are_kept_on_every_page():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/api/job-board-api")
    route.side_effect = [httpx.Response(200, json=load("arbeitnow", "page1.json")), httpx.Response(200, json=load("arbeitnow", "page2.json"))]
    result = Arbeitnow().fetch(http_for(router), board=None, base_url=LOCAL, filters={"visa_sponsorship": True})
    assert query(route, 0) == {"visa_sponsorship": "true"}
    assert query(route, 1) == {"page": "2", "visa_sponsorship": "true"}
    assert result.complete is False


def test_arbeitnow_parse_unescapes_the_description():
    postings = by_id(Arbeitnow().parse(load("arbeitnow", "page1.json")["data"] + load("arbeitnow", "page2.json")["data"], board=None))
    ml = postings["ml-engineer-berlin-400001"]
    assert ml.posting_id == "arbeitnow::ml-engineer-berlin-400001"
    assert (ml.title, ml.company, ml.location, ml.remote) == ("ML Engineer (m/w/d)", "Eastgate GmbH", "Berlin", False)
    assert lines(ml.description) == ["Deine Aufgaben", "- Modelle mit PyTorch trainieren", "- Daten & Pipelines", "Start: sofort"]
    assert ml.posted_at == datetime(2026, 1, 1)
    assert postings["data-analyst-remote-400002"].remote is True


def test_arbeitnow_wrong_shape():
    router = respx.Router()
    router.get(f"{LOCAL}/api/job-board-api").mock(return_value=httpx.Response(200, json={"jobs": []}))
    with pytest.raises(PermanentSourceError, match="'data' list"):
        Arbeitnow().fetch(http_for(router), board=None, base_url=LOCAL)


# --- Himalayas ---------------------------------------------------------------------------------


def test_himalayas_follows_the_cursor():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/jobs/api")
    route.side_effect = [httpx.Response(200, json=load("himalayas", "page1.json")), httpx.Response(200, json=load("himalayas", "page2.json"))]
    result = Himalayas().fetch(http_for(router), board=None, base_url=LOCAL)
    router.assert_all_called()
    assert query(route, 0) == {"limit": "20"}
    assert query(route, 1) == {"limit": "20", "cursor": "Y3Vyc29yLXBhZ2UtMg"}
    assert result.complete is True and len(result.records) == 2


def test_himalayas_page_cap_marks_the_feed_incomplete():
    router = respx.Router(assert_all_called=True)
    page = load("himalayas", "page1.json")
    route = router.get(f"{LOCAL}/jobs/api")
    route.side_effect = [httpx.Response(200, json={**page, "nextCursor": f"c{i}"}) for i in range(3)]
    result = Himalayas(max_pages=3).fetch(http_for(router), board=None, base_url=LOCAL)
    assert route.call_count == 3 and result.complete is False


def test_himalayas_parse():
    records = load("himalayas", "page1.json")["jobs"] + load("himalayas", "page2.json")["jobs"]
    postings = by_id(Himalayas().parse(records, board=None))
    ml = postings["orchardai/junior-machine-learning-engineer"]
    assert ml.posting_id == "himalayas::orchardai/junior-machine-learning-engineer"
    assert (ml.title, ml.company, ml.location, ml.remote) == ("Junior Machine Learning Engineer", "Orchardai", "United States, Canada", True)
    assert ml.posted_at == datetime(2026, 1, 1)  # epoch seconds
    assert lines(ml.description) == ["Junior Machine Learning Engineer & friends.", "- Python"]
    assert ml.extra["seniority"] == ["Entry-level"] and ml.extra["expires_at"] == "2026-03-02T00:00:00"
    de = postings["pinecrest/data-engineer"]
    assert de.posted_at == datetime(2025, 12, 31) and de.location == "Germany"  # epoch ms; object location


def test_himalayas_wrong_shape():
    router = respx.Router()
    router.get(f"{LOCAL}/jobs/api").mock(return_value=httpx.Response(200, json={"data": []}))
    with pytest.raises(PermanentSourceError, match="'jobs' list"):
        Himalayas().fetch(http_for(router), board=None, base_url=LOCAL)


# --- Jobicy ------------------------------------------------------------------------------------


def test_jobicy_fetch():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/api/v2/remote-jobs").mock(return_value=httpx.Response(200, json=load("jobicy", "remote-jobs.json")))
    result = Jobicy().fetch(http_for(router), board=None, base_url=LOCAL)
    router.assert_all_called()
    assert query(route) == {"count": "100"}
    assert result.complete is True and len(result.records) == 2


def test_jobicy_filtered_or_full_feed_is_incomplete():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/api/v2/remote-jobs").mock(return_value=httpx.Response(200, json=load("jobicy", "remote-jobs.json")))
    filtered = Jobicy().fetch(http_for(router), board=None, base_url=LOCAL, filters={"industry": "data-science", "geo": "usa"})
    assert query(route) == {"count": "100", "industry": "data-science", "geo": "usa"} and filtered.complete is False
    full = Jobicy().fetch(http_for(router), board=None, base_url=LOCAL, filters={"count": 2})
    assert query(route, 1) == {"count": "2"} and full.complete is False


def test_jobicy_parse():
    postings = by_id(Jobicy().parse(load("jobicy", "remote-jobs.json")["jobs"], board=None))
    ds = postings["500001"]
    assert ds.posting_id == "jobicy::500001"
    assert ds.title == "Entry Level Data Scientist – NLP" and ds.company == "Saltmarsh & Co"
    assert ds.location == "USA, Canada" and ds.remote is True
    assert ds.posted_at == datetime(2026, 1, 2, 7, 15, 30)
    assert ds.description == "Work on NLP models with spaCy & transformers."
    assert ds.extra["jobIndustry"] == ["Data Science & Analytics"] and ds.extra["annualSalaryMin"] == "70000"
    assert "redistribut" in ds.attribution


def test_jobicy_wrong_shape():
    router = respx.Router()
    router.get(f"{LOCAL}/api/v2/remote-jobs").mock(return_value=httpx.Response(200, json={"success": False}))
    with pytest.raises(PermanentSourceError, match="'jobs' list"):
        Jobicy().fetch(http_for(router), board=None, base_url=LOCAL)


# --- The Muse ----------------------------------------------------------------------------------


def test_themuse_pages_until_page_count_with_filters():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/api/public/jobs")
    route.side_effect = [httpx.Response(200, json=load("themuse", "page0.json")), httpx.Response(200, json=load("themuse", "page1.json"))]
    result = TheMuse().fetch(http_for(router), board=None, base_url=LOCAL,
                             filters={"category": "Data and Analytics", "level": ["Entry Level", "Internship"]})
    router.assert_all_called()
    assert route.call_count == 2
    params = [route.calls[i].request.url.params for i in (0, 1)]
    assert [p.get_list("level") for p in params] == [["Entry Level", "Internship"]] * 2
    assert [p["page"] for p in params] == ["0", "1"] and params[1]["category"] == "Data and Analytics"
    assert len(result.records) == 2 and result.complete is False  # filtered


def test_themuse_unfiltered_single_page_is_complete_and_cap_is_not():
    router = respx.Router(assert_all_called=True)
    page = load("themuse", "page0.json")
    route = router.get(f"{LOCAL}/api/public/jobs").mock(return_value=httpx.Response(200, json={**page, "page_count": 1}))
    assert TheMuse().fetch(http_for(router), board=None, base_url=LOCAL).complete is True
    route.mock(return_value=httpx.Response(200, json={**page, "page_count": 400}))
    capped = TheMuse(max_pages=2).fetch(http_for(router), board=None, base_url=LOCAL)
    assert capped.complete is False and route.call_count == 3


def test_themuse_parse():
    records = load("themuse", "page0.json")["results"] + load("themuse", "page1.json")["results"]
    postings = by_id(TheMuse().parse(records, board=None))
    analyst = postings["8000001"]
    assert analyst.posting_id == "themuse::8000001"
    assert (analyst.title, analyst.company) == ("Junior Data Analyst", "Ridgeway")
    assert analyst.location == "Flexible / Remote; Chicago, IL" and analyst.remote is True
    assert analyst.posted_at == datetime(2026, 3, 1, 12)
    assert lines(analyst.description) == ["Junior Data Analyst: work with SQL & Python.", "- Dashboards"]
    assert analyst.url == "https://www.themuse.com/jobs/ridgeway/junior-data-analyst"
    assert analyst.extra["levels"] == ["Entry Level"]
    assert postings["8000002"].remote is None  # a city alone does not say


def test_themuse_wrong_shape():
    router = respx.Router()
    router.get(f"{LOCAL}/api/public/jobs").mock(return_value=httpx.Response(200, json={"code": 403, "error": "rate limited"}))
    with pytest.raises(PermanentSourceError, match="'results' list"):
        TheMuse().fetch(http_for(router), board=None, base_url=LOCAL)
