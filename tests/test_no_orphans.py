"""SIGKILL of the `skillgap ingest` process alone (a cron timeout, the OOM killer) leaves nothing
it started running: Prefect's temporary API server and the extraction workers die with it. The
next run completes.

The CLI runs as a real process with no Prefect server configured (so it starts its own), over
boards served on 127.0.0.1. Its processes are found by an environment marker every child
inherits, not by name.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from tests.loopback import Loopback

pytestmark = pytest.mark.flow

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("synth_boards", ROOT / "benchmarks" / "synth_boards.py")
synth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synth)

MARKER = "SKILLGAP_TEST_ORPHAN_MARK"


def marked(value: str) -> list[psutil.Process]:
    """Live processes whose environment carries ``MARKER=value``."""
    found = []
    for proc in psutil.process_iter(["pid", "status"]):
        if proc.info["status"] == psutil.STATUS_ZOMBIE:
            continue
        try:
            if proc.environ().get(MARKER) == value:
                found.append(proc)
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return found


def skillgap_cli() -> list[str]:
    exe = Path(sys.executable).with_name("skillgap")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from skillgap.pipelines.cli import main; main()"]


def test_sigkill_of_the_ingest_command_alone_leaves_no_process_of_the_run(tmp_path):
    n, boards = 1200, 4
    synth.write_boards(tmp_path / "site", n, boards, shared=None)

    def from_files(path: str):
        target = tmp_path / "site" / (path.strip("/") + ".json")
        return (200, {"Content-Type": "application/json"}, target.read_bytes()) if target.is_file() else None

    mark = uuid.uuid4().hex
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update({MARKER: mark, "PREFECT_HOME": str(tmp_path / "prefect-home"), "SKILLGAP_DB": str(tmp_path / "s.duckdb")})
    with Loopback({}, fallback=from_files) as server:
        config = synth.write_config(tmp_path / "sources.yaml", boards, base_url=server.url)
        cmd = [*skillgap_cli(), "ingest", "--config", str(config), "--workers", "2", "--verbose"]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                                start_new_session=True, cwd=str(tmp_path))
        seen: list[str] = []
        try:
            deadline = time.monotonic() + 300
            for line in proc.stdout:  # kill once batches are being written and more are in flight
                seen.append(line.rstrip())
                if re.search(r"extraction: \d+/", line) or time.monotonic() > deadline:
                    break
            assert any(re.search(r"extraction: \d+/", s) for s in seen), "\n".join(seen[-30:])
            started = [p for p in marked(mark) if p.pid != proc.pid]
            assert len(started) >= 3, started  # the temporary API server and two workers at least
            os.kill(proc.pid, signal.SIGKILL)  # the CLI process alone, not its group
            proc.wait()
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.stdout.close()
        deadline = time.monotonic() + 10
        while marked(mark) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = []
        for p in marked(mark):  # clean up before failing, so one failure does not leak into later tests
            with contextlib.suppress(psutil.Error):
                left.append((p.pid, p.cmdline()[:6]))
                p.kill()
        assert not left, left

        done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=600, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        assert f"{n} postings stored" in done.stderr and "abandoned" in done.stderr
    assert not marked(mark)
