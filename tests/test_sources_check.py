"""`skillgap sources check`: one request per board; live / gone / failing / unreachable; never a traceback."""

from pathlib import Path

import httpx
from typer.testing import CliRunner

from skillgap.pipelines.config import load_config
from skillgap.pipelines.paths import data_path
from skillgap.pipelines.sources.check import check_sources, probe_board, summary

FIXTURES = Path(__file__).parent / "fixtures"
LOCAL = "http://127.0.0.1:8765"


def write(tmp_path, text):
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/v1/boards/acme/jobs":
        return httpx.Response(200, content=(FIXTURES / "greenhouse" / "jobs_content.json").read_bytes())
    if path == "/v1/boards/gone/jobs":
        return httpx.Response(404, json={"status": 404, "error": "Job not found"})
    if path == "/v1/boards/broken/jobs":
        return httpx.Response(500)
    if path == "/v1/boards/odd/jobs":
        return httpx.Response(200, text="<html>maintenance</html>")
    if path == "/v0/postings/dead":
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
    if path == "/api/public/jobs":  # a paged feed: judged by its first page
        return httpx.Response(200, json={"page": 0, "page_count": 50, "results": []})
    return httpx.Response(404)


CONFIG = f"""
sources:
  - type: greenhouse
    boards: [acme, gone, broken, odd]
    base_url: {LOCAL}
  - type: lever
    boards: [dead]
    base_url: {LOCAL}
  - type: themuse
    base_url: {LOCAL}
"""


def test_each_board_gets_one_request_and_a_verdict(tmp_path):
    calls = []

    def counting(request):
        calls.append(request.url.path)
        return handler(request)

    checks = check_sources(load_config(write(tmp_path, CONFIG)), transport=httpx.MockTransport(counting))
    verdicts = {(c.source, c.board): (c.status, c.detail) for c in checks}
    assert verdicts[("greenhouse", "acme")][0] == "live" and "postings" in verdicts[("greenhouse", "acme")][1]
    assert verdicts[("greenhouse", "gone")] == ("gone", "HTTP 404: no such board")
    assert verdicts[("greenhouse", "broken")][0] == "failing" and "HTTP 500" in verdicts[("greenhouse", "broken")][1]
    assert verdicts[("greenhouse", "odd")][0] == "failing" and "not JSON" in verdicts[("greenhouse", "odd")][1]
    assert verdicts[("lever", "dead")][0] == "unreachable" and "Connection refused" in verdicts[("lever", "dead")][1]
    assert verdicts[("themuse", "")][0] == "live"
    assert [c.board for c in checks] == ["acme", "gone", "broken", "odd", "dead", ""]  # config order
    assert sorted(calls) == sorted(["/v1/boards/acme/jobs", "/v1/boards/gone/jobs", "/v1/boards/broken/jobs",
                                    "/v1/boards/odd/jobs", "/v0/postings/dead", "/api/public/jobs"])  # once each
    assert summary(checks) == {"live": 2, "gone": 1, "failing": 2, "unreachable": 1}


def test_missing_api_key_is_failing_with_the_variable_named(tmp_path, monkeypatch):
    monkeypatch.delenv("ADZUNA_APP_ID", raising=False)
    monkeypatch.delenv("ADZUNA_APP_KEY", raising=False)
    spec = load_config(write(tmp_path, "sources:\n  - type: adzuna\n")).sources[0]
    check = probe_board(spec, "", user_agent="t", transport=httpx.MockTransport(handler))
    assert check.status == "failing" and "ADZUNA_APP_ID" in check.detail


def offline(request):
    raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)


def test_offline_every_bundled_board_is_unreachable_not_a_traceback():
    config = load_config(data_path("sources.yaml"))
    checks = check_sources(config, transport=httpx.MockTransport(offline))
    assert len(checks) >= 47 and {c.status for c in checks} == {"unreachable"}
    assert all("Name or service not known" in c.detail for c in checks)


def test_cli_prints_a_table_and_exits_3_when_a_board_is_not_live(tmp_path, monkeypatch):
    from skillgap.pipelines import cli
    from skillgap.pipelines.sources import check as check_mod

    real = check_mod.check_sources
    monkeypatch.setattr(check_mod, "check_sources", lambda cfg, **kw: real(cfg, transport=httpx.MockTransport(handler)))
    result = CliRunner().invoke(cli.app, ["sources", "check", "--config", str(write(tmp_path, CONFIG))])
    assert result.exit_code == 3, result.output
    assert "gone" in result.stdout and "unreachable" in result.stdout and "live" in result.stdout
    assert "Traceback" not in result.output
    assert "2 live, 1 gone, 2 failing, 1 unreachable (of 6)" in result.stderr


def test_cli_exits_0_when_all_live_and_2_for_a_bad_config(tmp_path, monkeypatch):
    from skillgap.pipelines import cli
    from skillgap.pipelines.sources import check as check_mod

    real = check_mod.check_sources
    monkeypatch.setattr(check_mod, "check_sources", lambda cfg, **kw: real(cfg, transport=httpx.MockTransport(handler)))
    ok = write(tmp_path, f"sources:\n  - type: greenhouse\n    boards: [acme]\n    base_url: {LOCAL}\n")
    assert CliRunner().invoke(cli.app, ["sources", "check", "--config", str(ok)]).exit_code == 0
    bad = write(tmp_path, "sources:\n  - type: nosuchboard\n")
    result = CliRunner().invoke(cli.app, ["sources", "check", "--config", str(bad)])
    assert result.exit_code == 2 and "allowed: " in result.stderr and "Traceback" not in result.output


def test_bundled_defaults_have_40_boards_over_3_ats_and_the_feeds():
    config = load_config(data_path("sources.yaml"))
    ats = {s.type: len(s.boards) for s in config.sources if s.boards}
    assert sum(ats.values()) >= 40 and len(ats) >= 3
    feeds = {s.type for s in config.sources if not s.boards}
    assert {"remotive", "remoteok", "arbeitnow", "himalayas", "jobicy", "themuse", "hn_whoishiring"} <= feeds
    text = data_path("sources.yaml").read_text(encoding="utf-8")
    for term in ("4 requests a day", "once an hour", "500 requests an hour", "link back"):
        assert term in text  # each source's terms are stated beside it
