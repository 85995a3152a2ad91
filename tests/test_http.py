import httpx
import pytest
import respx

from skillgap.pipelines.errors import PermanentSourceError, TransientSourceError
from skillgap.pipelines.http import HttpClient, ReplayTransport, make_client


def client_for(router, **kw):
    sleeps = []
    http = HttpClient(make_client(user_agent="skillgap-test/1", transport=httpx.MockTransport(router.handler)),
                      sleep=sleeps.append, min_interval=0.0, **kw)
    return http, sleeps


def test_retries_429_honouring_retry_after_then_succeeds():
    router = respx.Router(assert_all_called=True)
    route = router.get("https://api.example.com/x")
    route.side_effect = [
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(503),
        httpx.Response(200, json={"ok": True}),
    ]
    http, sleeps = client_for(router, backoff=0.5)
    assert http.get_json("https://api.example.com/x") == {"ok": True}
    assert sleeps == [7.0, 1.0]
    assert route.call_count == 3
    assert route.calls[0].request.headers["User-Agent"] == "skillgap-test/1"


def test_gives_up_after_retries_with_transient_error():
    router = respx.Router()
    router.get("https://api.example.com/x").mock(return_value=httpx.Response(502))
    http, sleeps = client_for(router, retries=2)
    with pytest.raises(TransientSourceError, match="HTTP 502"):
        http.get("https://api.example.com/x", source="greenhouse", board="acme")
    assert len(sleeps) == 2


def test_retry_after_is_capped():
    router = respx.Router()
    router.get("https://api.example.com/x").mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "86400"}), httpx.Response(200, json=[])]
    )
    http, sleeps = client_for(router, max_retry_after=30)
    http.get_json("https://api.example.com/x")
    assert sleeps == [30]


def test_404_is_permanent_and_not_retried():
    router = respx.Router()
    route = router.get("https://api.example.com/x").mock(return_value=httpx.Response(404))
    http, sleeps = client_for(router)
    with pytest.raises(PermanentSourceError) as info:
        http.get("https://api.example.com/x", source="greenhouse", board="nope")
    assert info.value.board == "nope"
    assert route.call_count == 1 and sleeps == []


def test_timeouts_are_transient():
    router = respx.Router()
    router.get("https://api.example.com/x").mock(side_effect=httpx.ConnectTimeout("slow"))
    http, _ = client_for(router, retries=1)
    with pytest.raises(TransientSourceError, match="ConnectTimeout"):
        http.get("https://api.example.com/x")


def test_non_json_body_is_a_permanent_error():
    router = respx.Router()
    router.get("https://api.example.com/x").mock(return_value=httpx.Response(200, text="<html>"))
    http, _ = client_for(router)
    with pytest.raises(PermanentSourceError, match="not JSON"):
        http.get_json("https://api.example.com/x")


def test_rate_limit_spaces_requests_to_one_host():
    router = respx.Router()
    router.get(url__regex=r"https://api\.example\.com/.*").mock(return_value=httpx.Response(200, json={}))
    sleeps = []
    http = HttpClient(make_client(user_agent="t", transport=httpx.MockTransport(router.handler)),
                      sleep=sleeps.append, min_interval=5.0)
    for _ in range(3):
        http.get("https://api.example.com/a")
    assert len(sleeps) == 2 and all(s > 4.0 for s in sleeps)


def test_replay_transport_maps_paths_and_404s(tmp_path):
    (tmp_path / "v1" / "boards" / "acme").mkdir(parents=True)
    (tmp_path / "v1" / "boards" / "acme" / "jobs.json").write_text('{"jobs": []}')
    http = HttpClient(make_client(user_agent="t", transport=ReplayTransport(tmp_path)), min_interval=0)
    assert http.get_json("https://boards-api.greenhouse.io/v1/boards/acme/jobs", params={"content": "true"}) == {"jobs": []}
    with pytest.raises(PermanentSourceError, match="404"):
        http.get("https://boards-api.greenhouse.io/v1/boards/../../../etc/passwd")
    with pytest.raises(PermanentSourceError, match="404"):
        http.get("https://boards-api.greenhouse.io/v1/boards/other/jobs")


def test_api_keys_never_reach_error_messages():
    router = respx.Router()
    router.get(url__regex=r"https://api\.adzuna\.com/.*").mock(return_value=httpx.Response(401))
    http, _ = client_for(router)
    with pytest.raises(PermanentSourceError) as info:
        http.get("https://api.adzuna.com/v1/api/jobs/us/search/1", params={"app_id": "ID123", "app_key": "SECRET", "what": "ml"})
    message = str(info.value)
    assert "SECRET" not in message and "ID123" not in message
    assert "app_key=%2A%2A%2A" in message or "app_key=***" in message
    assert "what=ml" in message


def test_extra_headers_are_sent_per_request():
    router = respx.Router()
    route = router.get("https://data.usajobs.gov/api/search").mock(return_value=httpx.Response(200, json={}))
    http, _ = client_for(router)
    http.get_json("https://data.usajobs.gov/api/search", headers={"Authorization-Key": "k", "User-Agent": "me@example.org"})
    sent = route.calls.last.request.headers
    assert sent["Authorization-Key"] == "k" and sent["User-Agent"] == "me@example.org"
