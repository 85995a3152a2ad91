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


# --- politeness: shared per-host pacing, hourly budgets, conditional requests ------------------

from skillgap.pipelines.http import HostLimit, ResponseCache, _HostPacer  # noqa: E402


def polite_client(handler, tmp_path, *, limits=None, pacer=None, sleeps=None):
    return HttpClient(
        make_client(user_agent="skillgap-test/1", transport=httpx.MockTransport(handler)),
        sleep=(sleeps.append if sleeps is not None else (lambda s: None)),
        min_interval=0.5,
        cache=ResponseCache(tmp_path / "cache"),
        limits=limits or {},
        pacer=pacer or _HostPacer(),
    )


def test_pacing_is_shared_by_every_client_of_the_process(tmp_path):
    pacer, sleeps = _HostPacer(), []
    ok = lambda request: httpx.Response(200, json={})  # noqa: E731
    a = polite_client(ok, tmp_path, pacer=pacer, sleeps=sleeps, limits={"api.example.com": HostLimit(min_interval=2.0)})
    b = polite_client(ok, tmp_path, pacer=pacer, sleeps=sleeps, limits={"api.example.com": HostLimit(min_interval=2.0)})
    a.get("https://api.example.com/a")
    b.get("https://api.example.com/b")  # another board's client, same host: waits its turn
    b.get("https://other.example.com/c")  # another host: no wait
    assert len(sleeps) == 1 and 1.9 < sleeps[0] <= 2.0


def test_hourly_budget_fails_the_board_with_the_terms(tmp_path):
    limits = {"jobicy.com": HostLimit(min_interval=0.0, per_hour=1, terms="Jobicy asks for at most one poll an hour")}
    http = polite_client(lambda r: httpx.Response(200, json={}), tmp_path, limits=limits)
    http.get("https://jobicy.com/api/v2/remote-jobs?x=1")
    with pytest.raises(TransientSourceError, match="one poll an hour"):
        http.get("https://jobicy.com/api/v2/remote-jobs?x=2", source="jobicy")


def test_conditional_request_and_304_answered_from_the_kept_body(tmp_path):
    seen = []

    def handler(request):
        seen.append(dict(request.headers))
        if request.headers.get("If-None-Match") == '"v1"':
            return httpx.Response(304)
        return httpx.Response(200, json={"jobs": [1, 2]}, headers={"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2026 03:00:00 GMT"})

    http = polite_client(handler, tmp_path)
    assert http.get_json("https://api.example.com/jobs", params={"content": "true"}) == {"jobs": [1, 2]}
    again = http.get_json("https://api.example.com/jobs", params={"content": "true"})
    assert again == {"jobs": [1, 2]}  # a 304 is the same listing: nothing changes, nothing closes
    assert "if-none-match" not in seen[0]
    assert seen[1]["if-none-match"] == '"v1"' and seen[1]["if-modified-since"] == "Tue, 01 Dec 2026 03:00:00 GMT"


def test_min_poll_interval_reuses_the_last_answer_without_a_request(tmp_path):
    calls = []

    def handler(request):
        calls.append(request.url)
        return httpx.Response(200, json={"jobs": [len(calls)]})

    limits = {"remotive.com": HostLimit(min_interval=0.0, min_poll=6 * 3600, terms="at most 4 requests a day")}
    http = polite_client(handler, tmp_path, limits=limits)
    assert http.get_json("https://remotive.com/api/remote-jobs") == {"jobs": [1]}
    assert http.get_json("https://remotive.com/api/remote-jobs") == {"jobs": [1]}
    assert len(calls) == 1


def test_loopback_hosts_and_injected_transports_never_use_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SKILLGAP_HTTP_CACHE", str(tmp_path / "default-cache"))
    etag = lambda request: httpx.Response(200, json={}, headers={"ETag": '"x"'})  # noqa: E731
    http = polite_client(etag, tmp_path)
    http.get("http://127.0.0.1:8000/v1/boards/acme/jobs")
    assert not (tmp_path / "cache").exists()
    injected = HttpClient(make_client(user_agent="t", transport=httpx.MockTransport(etag)), min_interval=0.0)
    injected.get("https://api.example.com/x")
    assert not (tmp_path / "default-cache").exists()


def test_cache_can_be_turned_off(monkeypatch):
    from skillgap.pipelines.http import default_cache

    monkeypatch.setenv("SKILLGAP_HTTP_CACHE", "off")
    assert default_cache() is None


def test_name_resolution_failure_is_not_retried(tmp_path):
    calls = []

    def offline(request):
        calls.append(request.url)
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    http = polite_client(offline, tmp_path)
    with pytest.raises(TransientSourceError, match="Name or service not known"):
        http.get("https://boards-api.greenhouse.io/v1/boards/acme/jobs", source="greenhouse", board="acme")
    assert len(calls) == 1
