"""Prefect's temporary server is a process of ours that dies with the process that launched it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.processes import alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_bound_process_dies_when_its_launcher_is_killed_with_sigkill():
    script = textwrap.dedent(
        """
        import sys, time
        from skillgap.pipelines.children import spawn
        child = spawn("http.server", ["0", "--bind", "127.0.0.1"])  # a module that blocks
        print(child.pid, flush=True)
        time.sleep(120)
        """
    )
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as launcher:
        try:
            child = int(launcher.stdout.readline())
            assert alive(child)
            os.kill(launcher.pid, signal.SIGKILL)
            launcher.wait(10)
            deadline = time.monotonic() + 10
            while alive(child) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not alive(child)
        finally:
            launcher.kill()


def test_no_server_is_launched_when_one_is_configured(monkeypatch):
    from skillgap.pipelines import prefect_env

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    from skillgap.pipelines import children

    monkeypatch.setattr(children, "spawn", lambda *a, **k: pytest.fail("launched"))
    assert prefect_env.start_temporary_api() is False
