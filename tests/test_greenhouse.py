import json
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import respx

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.http import HttpClient, make_client
from skillgap.pipelines.sources.greenhouse import Greenhouse

FIXTURES = Path(__file__).parent / "fixtures" / "greenhouse"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def http_for(router):
    return HttpClient(make_client(user_agent="skillgap-test", transport=httpx.MockTransport(router.handler)),
                      min_interval=0, sleep=lambda s: None)


def test_parse_turns_escaped_html_into_clean_text_and_utc_times():
    postings = Greenhouse().parse(load("jobs_content.json")["jobs"], board="tidewater-ml")
    by_id = {p.source_id: p for p in postings}
    mle = by_id["9100001"]
    assert mle.posting_id == "greenhouse:tidewater-ml:9100001"
    assert mle.title == "Machine Learning Engineer I"
    assert mle.company == "Tidewater ML"
    assert mle.location == "Boston, MA" and mle.remote is None
    assert mle.url == "https://boards.greenhouse.io/tidewater-ml/jobs/9100001"
    assert mle.posted_at == datetime(2026, 11, 2, 15, 15)  # 10:15 -05:00
    text = mle.description
    assert "<" not in text and "&lt;" not in text and "&amp;" not in text and "&nbsp;" not in text
    assert "Research & Development" in text and "café" in text and "“the tide table for cargo”" in text
    assert "\nRequirements\n" in text
    assert "\n- Python and SQL\n" in text  # list items stay lines
    assert mle.raw["id"] == 9100001 and mle.attribution
    assert by_id["9100002"].description == ""
    assert by_id["9100003"].remote is True


def test_fetch_reads_documented_endpoint_with_content_and_base_url_override():
    router = respx.Router(assert_all_called=True)
    route = router.get("http://127.0.0.1:8000/v1/boards/tidewater-ml/jobs", params={"content": "true"}).mock(
        return_value=httpx.Response(200, json=load("jobs_content.json"))
    )
    result = Greenhouse().fetch(http_for(router), board="tidewater-ml", base_url="http://127.0.0.1:8000")
    assert len(result.records) == 3 and result.complete
    assert route.calls.last.request.url.query == b"content=true"
    router.assert_all_called()


def test_fetch_default_host():
    router = respx.Router(assert_all_called=True)
    router.get("https://boards-api.greenhouse.io/v1/boards/tidewater-ml/jobs").mock(
        return_value=httpx.Response(200, json=load("jobs_empty.json"))
    )
    result = Greenhouse().fetch(http_for(router), board="tidewater-ml", base_url=None)
    assert result.records == [] and result.complete


def test_unknown_board_is_a_permanent_error_naming_the_board():
    router = respx.Router()
    router.get("https://boards-api.greenhouse.io/v1/boards/nope/jobs").mock(
        return_value=httpx.Response(404, json={"status": 404, "error": "Job not found"})
    )
    with pytest.raises(PermanentSourceError) as info:
        Greenhouse().fetch(http_for(router), board="nope", base_url=None)
    assert info.value.board == "nope" and "404" in str(info.value)


@pytest.mark.parametrize("payload", [[], {"jobs": "x"}, {"meta": {}}])
def test_wrong_shape_is_an_error_not_an_empty_board(payload):
    router = respx.Router()
    router.get("https://boards-api.greenhouse.io/v1/boards/acme/jobs").mock(return_value=httpx.Response(200, json=payload))
    with pytest.raises(PermanentSourceError, match="jobs"):
        Greenhouse().fetch(http_for(router), board="acme", base_url=None)


def test_job_without_id_is_an_error():
    with pytest.raises(PermanentSourceError, match="'id'"):
        Greenhouse().parse([{"title": "x"}], board="acme")


def test_real_payload_shape_if_available():
    real = Path(__file__).resolve().parents[2] / "shared" / "data" / "payloads" / "greenhouse.json"
    if not real.exists():
        pytest.skip("../shared/data/payloads is not present (a fresh clone has no reference data)")
    postings = Greenhouse().parse(json.loads(real.read_text())["jobs"], board="stripe")
    assert postings and all(p.description and "&lt;" not in p.description for p in postings)
    assert all(p.posted_at is not None for p in postings)
