"""One writer per database: a second ingest refuses at once, in one line; dead writers never block."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime

import pytest
from typer.testing import CliRunner

from skillgap.pipelines.cli import app
from skillgap.pipelines.runlock import DatabaseBusy, lock_holder, lock_path, writer_lock
from skillgap.pipelines.store import Store

HOLDER = """
import sys, time
from skillgap.pipelines.runlock import writer_lock
with writer_lock(sys.argv[1], command="ingest"):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def held(tmp_path):
    """Another process holding the writer lock of tmp_path/db.duckdb."""
    db = tmp_path / "db.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    yield db, proc
    proc.kill()
    proc.wait()
    proc.stdout.close()


def test_lock_held_by_another_process_refuses_naming_pid_and_start(held):
    db, proc = held
    t = time.monotonic()
    with pytest.raises(DatabaseBusy) as err, writer_lock(db):
        pass
    assert time.monotonic() - t < 1
    message = str(err.value)
    assert f"pid {proc.pid}" in message and "skillgap ingest" in message and "since 20" in message
    assert "\n" not in message


def test_second_ingest_exits_1_with_one_line_and_no_traceback(held, tmp_path):
    db, proc = held
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - type: greenhouse\n    boards: [acme]\n")
    t = time.monotonic()
    r = CliRunner().invoke(app, ["ingest", "--config", str(config), "--db", str(db)])
    assert time.monotonic() - t < 5
    assert r.exit_code == 1
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("skillgap: error:") and f"pid {proc.pid}" in lines[0]
    assert "Traceback" not in r.output


def test_reextract_also_refuses_while_an_ingest_writes(held):
    db, proc = held
    with Store.open(db):
        pass
    r = CliRunner().invoke(app, ["reextract", "--db", str(db)])
    assert r.exit_code == 1 and f"pid {proc.pid}" in r.stderr


def test_a_dead_holders_lock_file_does_not_block(tmp_path):
    db = tmp_path / "db.duckdb"
    # what kill -9 leaves behind: the file with the dead process's details, but no kernel lock
    lock_path(db).write_text(json.dumps({"pid": 999999, "started_at": "2026-01-01 00:00:00", "command": "skillgap ingest"}))
    with writer_lock(db):
        assert lock_holder(db)["pid"] != 999999
    assert lock_holder(db) is None  # released: nobody holds it


def test_lock_is_reentrant_within_a_process_and_released_at_the_outer_exit(tmp_path):
    db = tmp_path / "db.duckdb"
    with writer_lock(db):
        with writer_lock(db):
            pass
        probe = subprocess.run(
            [sys.executable, "-c", "import sys\nfrom skillgap.pipelines.runlock import writer_lock\n"
             "try:\n  with writer_lock(sys.argv[1]): print('got')\nexcept Exception as e: print('busy')", str(db)],
            capture_output=True, text=True,
        )
        assert probe.stdout.strip() == "busy"
    probe = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom skillgap.pipelines.runlock import writer_lock\n"
         "with writer_lock(sys.argv[1]): print('got')", str(db)],
        capture_output=True, text=True,
    )
    assert probe.stdout.strip() == "got"


def test_runs_left_running_by_a_dead_process_are_marked_abandoned(tmp_path):
    with Store.open(tmp_path / "db.duckdb") as store:
        store.start_run("dead", datetime(2026, 11, 1, 3), owner="1@host")
        store.start_run("done", datetime(2026, 11, 2, 3))
        store.finish_run("done", "ok", datetime(2026, 11, 2, 4))
        assert store.abandon_stale_runs(datetime(2026, 11, 3, 3)) == ["dead"]
        rows = store.con.execute("SELECT run_id, status, finished_at FROM ingest_runs ORDER BY run_id").fetchall()
    assert rows == [("dead", "abandoned", datetime(2026, 11, 3, 3)), ("done", "ok", datetime(2026, 11, 2, 4))]


def test_a_database_folder_that_cannot_be_made_is_one_line_not_a_traceback(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - type: greenhouse\n    boards: [acme]\n")
    r = CliRunner().invoke(app, ["ingest", "--config", str(config), "--db", str(tmp_path / "a-file" / "db.duckdb")])
    assert r.exit_code == 1 and "Traceback" not in r.output
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot create" in lines[0]
