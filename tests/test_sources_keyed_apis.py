"""APIs that need a key from the environment: USAJobs and Adzuna. Parse our own fixtures, fetch
through a respx router; missing variables are named and the key never appears in logs."""

from __future__ import annotations

import json
from datetime import datetime

import httpx
import pytest
import respx

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.sources.adzuna import Adzuna
from skillgap.pipelines.sources.usajobs import USAJobs
from tests.source_helpers import ADZ_ENV, LOCAL, USA_ENV, by_id, http_for, load, real_payload

# --- USAJobs -----------------------------------------------------------------------------------


def test_usajobs_parse():
    records = load("usajobs", "search_page1.json")["SearchResult"]["SearchResultItems"]
    postings = by_id(USAJobs().parse(records, board=None))
    ds = postings["900100001"]
    assert ds.posting_id == "usajobs::900100001"
    assert ds.title == "Data Scientist (Machine Learning)"
    assert ds.company == "Fernhill Survey Office"
    assert ds.location == "Denver, Colorado; Anywhere in the U.S. (remote job)"
    assert ds.remote is True
    assert ds.url == "https://www.usajobs.gov:443/GetJob/ViewDetails/900100001"
    assert ds.posted_at == datetime(2026, 3, 2)
    assert (
        "scikit-learn and SQL" in ds.description
        and "statistical models in Python" in ds.description
    )
    assert ds.extra["salary"] == [
        {"min": "99000", "max": "128000", "interval": "Per Year"}
    ]
    assert ds.extra["grade"] == {"pay_plan": ["GS"], "low": "12", "high": "13"}
    assert ds.extra["categories"] == ["Data Science Series"]
    it = postings["900100002"]
    assert it.company == "Department of Examples"  # empty OrganizationName falls back
    assert it.description == "Maintain the data warehouse."
    assert it.remote is None and "salary" not in it.extra


def test_usajobs_fetch_pages_headers_and_base_url():
    router = respx.Router(assert_all_called=True)
    route = router.get(f"{LOCAL}/api/search").mock(
        side_effect=[
            httpx.Response(200, json=load("usajobs", "search_page1.json")),
            httpx.Response(200, json=load("usajobs", "search_page2.json")),
        ]
    )
    result = USAJobs(env=USA_ENV).fetch(http_for(router), board=None, base_url=LOCAL)
    assert [r["MatchedObjectId"] for r in result.records] == [
        "900100001",
        "900100002",
        "900100003",
    ]
    assert result.complete is True
    urls = [str(c.request.url) for c in route.calls]
    assert urls == [f"{LOCAL}/api/search?Page=1", f"{LOCAL}/api/search?Page=2"]
    for call in route.calls:
        assert call.request.headers["Authorization-Key"] == "k-123"
        assert call.request.headers["User-Agent"] == "me@example.org"


def test_usajobs_default_url_filters_and_cap():
    router = respx.Router(assert_all_called=True)
    route = router.get("https://data.usajobs.gov/api/search").mock(
        return_value=httpx.Response(200, json=load("usajobs", "search_page1.json"))
    )
    source = USAJobs(max_pages=1, env=USA_ENV)
    result = source.fetch(
        http_for(router),
        board=None,
        base_url=None,
        filters={"Keyword": "data scientist", "ResultsPerPage": 2},
    )
    assert result.complete is False
    assert dict(route.calls[0].request.url.params) == {
        "Keyword": "data scientist",
        "ResultsPerPage": "2",
        "Page": "1",
    }


def test_usajobs_missing_env_names_the_variables_and_hides_the_key(caplog):
    router = respx.Router()
    with pytest.raises(PermanentSourceError, match="USAJOBS_EMAIL") as err:
        USAJobs(env={"USAJOBS_API_KEY": "secret-key"}).fetch(
            http_for(router), board=None, base_url=LOCAL
        )
    assert "USAJOBS_API_KEY" not in str(err.value) and "secret-key" not in str(
        err.value
    )
    with pytest.raises(PermanentSourceError, match="USAJOBS_API_KEY and USAJOBS_EMAIL"):
        USAJobs(env={}).fetch(http_for(router), board=None, base_url=LOCAL)


def test_usajobs_unknown_filter_and_wrong_shape():
    router = respx.Router()
    router.get(f"{LOCAL}/api/search").mock(
        return_value=httpx.Response(200, json={"SearchResult": {}})
    )
    with pytest.raises(PermanentSourceError, match="unknown usajobs filter"):
        USAJobs(env=USA_ENV).fetch(
            http_for(router), board=None, base_url=LOCAL, filters={"keyword": "x"}
        )
    with pytest.raises(PermanentSourceError, match="SearchResultItems"):
        USAJobs(env=USA_ENV).fetch(http_for(router), board=None, base_url=LOCAL)
    with pytest.raises(PermanentSourceError, match="MatchedObjectDescriptor"):
        USAJobs().parse([{"MatchedObjectId": "1"}], board=None)


def test_usajobs_parses_the_real_shape_when_present():
    real = real_payload("real_usajobs_1.json")
    payload = json.loads(real.read_text(encoding="utf-8"))
    postings = USAJobs().parse(payload["SearchResult"]["SearchResultItems"], board=None)
    assert len(postings) == payload["SearchResult"]["SearchResultCount"]
    assert all(p.title and p.description and p.url for p in postings)


# --- Adzuna ------------------------------------------------------------------------------------


def test_adzuna_parse():
    postings = by_id(
        Adzuna().parse(load("adzuna", "search_1.json")["results"], board=None)
    )
    ml = postings["4800000001"]
    assert ml.posting_id == "adzuna::4800000001"
    assert ml.title == "Machine Learning Engineer"
    assert ml.company == "Fernhill Analytics" and ml.location == "Austin, Travis County"
    assert (
        "feature pipelines in Airflow" in ml.description
        and "<strong>" not in ml.description
    )
    assert ml.url == "https://www.adzuna.com/land/ad/4800000001?se=x&v=y"
    assert ml.posted_at == datetime(2026, 3, 1, 9, 30)
    assert ml.extra["salary"] == {"min": 120000, "max": 150000, "predicted": False}
    assert ml.extra["area"] == ["US", "Texas", "Travis County", "Austin"]
    jr = postings["4800000002"]
    assert jr.title == "Junior Data Analyst" and jr.remote is True
    assert jr.extra["salary"]["predicted"] is True


def test_adzuna_fetch_pages_until_count_with_base_url():
    router = respx.Router(assert_all_called=True)
    p1 = router.get(f"{LOCAL}/v1/api/jobs/gb/search/1").mock(
        return_value=httpx.Response(200, json=load("adzuna", "search_1.json"))
    )
    p2 = router.get(f"{LOCAL}/v1/api/jobs/gb/search/2").mock(
        return_value=httpx.Response(200, json=load("adzuna", "search_2.json"))
    )
    result = Adzuna(env=ADZ_ENV).fetch(
        http_for(router), board=None, base_url=LOCAL, filters={"country": "GB"}
    )
    assert [r["id"] for r in result.records] == [
        "4800000001",
        "4800000002",
        "4800000003",
    ]
    assert result.complete is True
    assert (
        str(p1.calls[0].request.url)
        == f"{LOCAL}/v1/api/jobs/gb/search/1?app_id=id-1&app_key=key-2&results_per_page=50"
    )
    assert (
        str(p2.calls[0].request.url)
        == f"{LOCAL}/v1/api/jobs/gb/search/2?app_id=id-1&app_key=key-2&results_per_page=50"
    )


def test_adzuna_default_url_search_and_cap():
    router = respx.Router(assert_all_called=True)
    route = router.get("https://api.adzuna.com/v1/api/jobs/us/search/1").mock(
        return_value=httpx.Response(200, json=load("adzuna", "search_1.json"))
    )
    result = Adzuna(max_pages=1, env=ADZ_ENV).fetch(
        http_for(router),
        board=None,
        base_url=None,
        filters={"what": "machine learning", "where": "Austin", "results_per_page": 2},
    )
    assert result.complete is False and len(result.records) == 2
    assert dict(route.calls[0].request.url.params) == {
        "app_id": "id-1",
        "app_key": "key-2",
        "what": "machine learning",
        "where": "Austin",
        "results_per_page": "2",
    }


def test_adzuna_errors():
    router = respx.Router()
    router.get(f"{LOCAL}/v1/api/jobs/us/search/1").mock(
        return_value=httpx.Response(200, json=[])
    )
    with pytest.raises(PermanentSourceError, match="ADZUNA_APP_ID and ADZUNA_APP_KEY"):
        Adzuna(env={}).fetch(http_for(router), board=None, base_url=LOCAL)
    with pytest.raises(PermanentSourceError, match="'results' list") as err:
        Adzuna(env=ADZ_ENV).fetch(http_for(router), board=None, base_url=LOCAL)
    assert "key-2" not in str(err.value)
    with pytest.raises(PermanentSourceError, match="two letters"):
        Adzuna(env=ADZ_ENV).fetch(
            http_for(router),
            board=None,
            base_url=LOCAL,
            filters={"country": "usa/../x"},
        )
    with pytest.raises(PermanentSourceError, match="no 'title'"):
        Adzuna().parse([{"id": 1}], board=None)
