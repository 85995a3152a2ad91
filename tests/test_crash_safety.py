"""kill -9 at any point of an ingest leaves a database that opens and a next run that finishes the work.

Each test runs the real flow in a subprocess (against the session's Prefect test server, so it
does not start its own), kills its whole process group with SIGKILL at a chosen stage, then runs
the flow again and checks: the file opens, no skill row lacks its posting, every posting is
extracted exactly once for its current text, and the killed run is recorded as abandoned.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from skillgap.pipelines.store import connect_with_retry

pytestmark = pytest.mark.flow

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("synth_boards", ROOT / "benchmarks" / "synth_boards.py")
synth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synth)

RUNNER = """
import sys
from skillgap.pipelines import prefect_env
prefect_env.configure()
from skillgap.pipelines import extraction, flows
from skillgap.pipelines.cli import _setup_logging
_setup_logging(False)
if sys.argv[5] == "fake":  # pool workers return canned facts, slowly: no spaCy start-up
    from tests.factories import slow_fake_work
    extraction.POOL_WORK, flows.POOL_MIN = slow_fake_work, 1
s = flows.run_ingest(sys.argv[1], sys.argv[2], None, sys.argv[3], workers=2, batch_size=int(sys.argv[4]))
print("DONE", s.status, s.extracted, s.total_postings, ",".join(s.abandoned), flush=True)
"""


def start(db: Path, root: Path, batch: int, work: str = "real") -> subprocess.Popen:
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value())
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(root / "sources.yaml"), str(db), str(root / "replay"), str(batch), work],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True, cwd=str(ROOT),
    )


def kill_when(proc: subprocess.Popen, pattern: str, timeout: float = 240) -> list[str]:
    """Read the run's output until a line matches ``pattern``, then SIGKILL its process group."""
    seen = []
    deadline = time.monotonic() + timeout
    try:
        for line in proc.stdout:
            seen.append(line.rstrip())
            if re.search(pattern, line):
                return seen
            if time.monotonic() > deadline:
                break
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    pytest.fail(f"never saw {pattern!r}; output:\n" + "\n".join(seen[-30:]))


def finish(db: Path, root: Path, batch: int, work: str = "real") -> list[str]:
    proc = start(db, root, batch, work)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out[-3000:]
    return [line for line in out.splitlines() if line.startswith("DONE")][0].split(" ")


def check_consistent(db: Path, n: int) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        assert q("SELECT count(*), count(DISTINCT posting_id) FROM postings") == [(n, n)]
        assert q("SELECT count(*) FROM posting_skills s LEFT JOIN postings p USING (posting_id) WHERE p.posting_id IS NULL") == [(0,)]
        assert q("SELECT count(*) FROM posting_facts f LEFT JOIN posting_records r USING (posting_id) WHERE r.posting_id IS NULL") == [(0,)]
        # every posting extracted once, for its current text
        assert q("SELECT count(*) FROM postings WHERE extractor_version IS NULL") == [(0,)]
        assert q("SELECT count(*), count(DISTINCT posting_id) FROM posting_facts") == [(n, n)]
        dup = q('SELECT count(*) FROM (SELECT posting_id, "start", "end", skill FROM posting_skills GROUP BY ALL HAVING count(*) > 1)')
        assert dup == [(0,)]
        assert q("SELECT count(*) FROM ingest_runs WHERE status = 'running'") == [(0,)]
    finally:
        con.close()


def make_boards(tmp_path: Path, n: int, boards: int) -> Path:
    root = tmp_path / "site"
    synth.write_boards(root / "replay", n, boards, shared=None)
    synth.write_config(root / "sources.yaml", boards)
    return root


def test_sigkill_while_boards_are_being_stored_then_rerun_finishes_cleanly(prefect_harness, tmp_path):
    n, boards = 360, 30
    root = make_boards(tmp_path, n, boards)
    db = tmp_path / "crash.duckdb"
    proc = start(db, root, batch=40, work="fake")
    seen = kill_when(proc, "greenhouse:board00[2-9] fetched")
    assert not any(line.startswith("DONE") for line in seen)

    # The file opens right away (the kernel dropped the dead writer's locks), and is consistent.
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT count(*) FROM postings").fetchone()[0]
    assert con.execute("SELECT status FROM ingest_runs").fetchall() == [("running",)]
    assert con.execute("SELECT count(*) FROM posting_skills s LEFT JOIN postings p USING (posting_id) "
                       "WHERE p.posting_id IS NULL").fetchone() == (0,)
    con.close()
    assert 0 < stored < n

    done = finish(db, root, batch=40, work="fake")
    assert done[1] == "ok" and int(done[3]) == n and done[4]  # the killed run was found and marked
    check_consistent(db, n)
    con = duckdb.connect(str(db), read_only=True)
    assert sorted(r[0] for r in con.execute("SELECT status FROM ingest_runs").fetchall()) == ["abandoned", "ok"]
    con.close()


def test_sigkill_mid_extraction_then_rerun_extracts_the_rest_without_duplicates(prefect_harness, tmp_path):
    n, boards = 480, 4
    root = make_boards(tmp_path, n, boards)
    db = tmp_path / "crash.duckdb"
    proc = start(db, root, batch=30)
    kill_when(proc, r"extraction: (9\d|1\d\d)/")  # a few batches written, more in flight

    con = duckdb.connect(str(db), read_only=True)
    extracted = con.execute("SELECT count(*) FROM posting_facts").fetchone()[0]
    con.close()
    assert 0 < extracted < n

    done = finish(db, root, batch=30)
    assert done[1] == "ok" and 0 < int(done[2]) <= n - extracted + 4 * 30  # the rest, not everything again
    check_consistent(db, n)

    # a steady re-run does no extraction
    again = finish(db, root, batch=30)
    assert again[2] == "0"


def _session_processes(sid: int) -> list[int]:
    """Live processes (zombies excluded) of the session ``sid``."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == sid:  # state, ppid, pgrp, session
            pids.append(int(stat.parent.name))
    return pids


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_sigkill_of_the_ingest_process_alone_leaves_no_process_of_the_run(prefect_harness, tmp_path):
    root = make_boards(tmp_path, 240, 4)
    proc = start(tmp_path / "orphans.duckdb", root, batch=20, work="fake")
    try:
        for line in proc.stdout:
            if "extraction: " in line:
                break
        assert len(_session_processes(proc.pid)) > 1  # the workers run
        os.kill(proc.pid, signal.SIGKILL)  # the ingest process only, as a cron timeout or the OOM killer does
        proc.wait()
        deadline = time.monotonic() + 10
        while _session_processes(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _session_processes(proc.pid) == []
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        proc.stdout.close()


def test_a_second_ingest_refuses_at_once_and_a_reader_gets_in_during_a_run(prefect_harness, tmp_path):
    from typer.testing import CliRunner

    from skillgap.pipelines.cli import app

    n, boards = 480, 4
    root = make_boards(tmp_path, n, boards)
    db = tmp_path / "busy.duckdb"
    proc = start(db, root, batch=30, work="fake")
    try:
        for line in proc.stdout:
            if "extraction: " in line:
                break
        t = time.monotonic()
        r = CliRunner().invoke(app, ["ingest", "--config", str(root / "sources.yaml"), "--db", str(db)])
        assert time.monotonic() - t < 10
        assert r.exit_code == 1
        lines = [line for line in r.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "Traceback" not in r.output
        assert f"pid {proc.pid}" in lines[0] and "since" in lines[0]
        # the writer opens DuckDB only for each write, so a read-only reader gets in meanwhile
        con = connect_with_retry(db, read_only=True, wait=30)
        assert con.execute("SELECT count(*) FROM postings").fetchone()[0] > 0
        con.close()
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
