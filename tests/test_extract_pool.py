"""The one worker pool: results in order, and workers that die with their parent."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import pytest

from skillgap.extractors.pool import WorkerPool
from tests.processes import alive


def _square(x: int) -> int:
    return x * x


def test_imap_keeps_input_order_with_a_bounded_window():
    with WorkerPool(2) as pool:
        assert list(pool.imap(_square, range(20), window=3)) == [x * x for x in range(20)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_workers_die_when_their_parent_is_killed_with_sigkill():
    script = textwrap.dedent(
        """
        import os, sys, time
        from skillgap.extractors.pool import WorkerPool
        if __name__ == "__main__":
            pool = WorkerPool(2)
            pids = {pool.submit(os.getpid).result() for _ in range(8)}
            print(" ".join(map(str, sorted(pids))), flush=True)
            time.sleep(60)
        """
    )
    # (the killed parent's resource tracker reports its semaphores on stderr: not ours to read)
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as parent:
        try:
            workers = [int(p) for p in parent.stdout.readline().split()]
            assert workers and all(alive(p) for p in workers)
            parent.send_signal(signal.SIGKILL)
            parent.wait(10)
            deadline = time.monotonic() + 10
            while any(alive(p) for p in workers) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not [p for p in workers if alive(p)]
        finally:
            parent.kill()
