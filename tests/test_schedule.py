"""The schedule, proven: a real `prefect server start` on loopback, `skillgap serve --cron` every
minute against a replayed config, and one scheduled flow run that completes and stores postings.

Marked ``slow`` (~1-3 minutes; it runs in CI by default). Everything it starts — the Prefect
server, the serve process, the local HTTP server — is stopped at the end, by process group.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from tests.loopback import Loopback

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "greenhouse"
BIN = Path(sys.executable).parent
DEADLINE = 240.0  # seconds for the whole test; a scheduled run normally completes within ~2 minutes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # the group this test started (serve's flow-run children too)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


def stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:  # the flow holds the file while it writes
        return 0
    try:
        return con.execute("SELECT count(*) FROM postings").fetchone()[0]
    except duckdb.Error:
        return 0
    finally:
        con.close()


def completed_scheduled_runs(api: str) -> list[dict]:
    r = httpx.post(f"{api}/flow_runs/filter", json={"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}, timeout=10)
    r.raise_for_status()
    return [run for run in r.json() if run.get("deployment_id")]


def test_serve_with_a_cron_every_minute_runs_the_flow_and_stores_postings(tmp_path):
    if shutil.which("prefect", path=str(BIN)) is None:
        pytest.skip("the prefect CLI is not installed beside this Python")
    began = time.monotonic()
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_API_SERVICES_SCHEDULER_LOOP_SECONDS": "5",  # create the scheduled runs promptly
        "PREFECT_RUNNER_POLL_FREQUENCY": "5",
        "PREFECT_LOGGING_LEVEL": "INFO",
        "SKILLGAP_HTTP_CACHE": "off",
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    server = serve = None
    with Loopback({"/v1/boards/acme/jobs": FIXTURES / "jobs_content.json"}) as boards:
        config = tmp_path / "sources.yaml"
        config.write_text(f"sources:\n  - type: greenhouse\n    boards: [acme]\n    base_url: {boards.url}\n", encoding="utf-8")
        db = tmp_path / "scheduled.duckdb"
        try:
            server = start([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                           env, tmp_path / "server.log")
            while True:
                try:
                    if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert server.poll() is None, (tmp_path / "server.log").read_text(errors="replace")[-3000:]
                assert time.monotonic() - began < 120, "prefect server did not start in 120 s"
                time.sleep(1)
            serve = start([str(BIN / "skillgap"), "serve", "--config", str(config), "--db", str(db), "--cron", "* * * * *"],
                          env, tmp_path / "serve.log")
            runs: list[dict] = []
            while time.monotonic() - began < DEADLINE:
                assert serve.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
                runs = completed_scheduled_runs(api)
                if runs and stored(db) > 0:
                    break
                time.sleep(3)
            log = (tmp_path / "serve.log").read_text(errors="replace")
            assert runs, f"no scheduled run completed within {DEADLINE:.0f} s; serve log:\n{log[-3000:]}"
            assert stored(db) > 0
            assert runs[0]["auto_scheduled"] is True or runs[0].get("expected_start_time")
            con = duckdb.connect(str(db), read_only=True)
            try:
                assert con.execute("SELECT status FROM ingest_runs").fetchall()[0][0] == "ok"
            finally:
                con.close()
        finally:
            stop(serve)
            stop(server)
    assert boards.calls.count("/v1/boards/acme/jobs") >= 1
