"""`skillgap ingest` on a machine with no network: a few lines naming the likely cause, each board
only with --verbose, exit 1, and no database left behind that the run created (never one that
was there before). The network is an injected transport whose every request fails to resolve."""

from __future__ import annotations

import logging

import httpx
import pytest
from typer.testing import CliRunner

from skillgap.pipelines.cli import OFFLINE_HINT, app
from skillgap.pipelines.errors import EXIT_FAILED

pytestmark = pytest.mark.flow

BOARDS = ["acme", "globex", "initech", "umbrella", "hooli", "stark"]


def offline(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)


@pytest.fixture
def no_network(monkeypatch):
    from skillgap.pipelines import flows, http

    def client(*, user_agent, transport=None, **kw):
        return http.make_client(user_agent=user_agent, transport=httpx.MockTransport(offline), **kw)

    monkeypatch.setattr(flows, "make_client", client)


def config(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - type: greenhouse\n    boards: [" + ", ".join(BOARDS) + "]\n"
                    "  - type: remoteok\n")
    return path


def test_offline_ingest_says_offline_in_few_lines_exits_1_and_leaves_no_database(
        prefect_harness, no_network, tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    db = tmp_path / "data" / "skillgap" / "skillgap.duckdb"
    r = CliRunner().invoke(app, ["ingest", "--config", str(config(tmp_path)), "--db", str(db)])
    assert r.exit_code == EXIT_FAILED, r.output
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) <= 5, r.stderr
    assert sum(OFFLINE_HINT in line for line in lines) == 1, r.stderr
    assert "Traceback" not in r.output and "Errno" not in r.stderr  # no per-board line
    assert not any("greenhouse:acme failed" in rec.getMessage() for rec in caplog.records)  # off the console
    # nothing left behind: database, WAL, lock file, and the folder the run made
    assert not db.exists() and not db.with_name(db.name + ".wal").exists()
    assert not db.with_name(db.name + ".lock").exists()
    assert not db.parent.exists()
    assert "no database was left" in r.stderr


def test_offline_ingest_verbose_shows_each_board(prefect_harness, no_network, tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    db = tmp_path / "v.duckdb"
    r = CliRunner().invoke(app, ["ingest", "--verbose", "--config", str(config(tmp_path)), "--db", str(db)])
    assert r.exit_code == EXIT_FAILED, r.output
    failed = {rec.getMessage().split(" failed:")[0] for rec in caplog.records if " failed: GET" in rec.getMessage()}
    assert failed == {f"greenhouse:{b}" for b in BOARDS} | {"remoteok:-"}
    assert OFFLINE_HINT in r.stderr


def test_offline_ingest_never_removes_a_database_that_existed(prefect_harness, no_network, tmp_path):
    from skillgap.pipelines.store import Store

    db = tmp_path / "mine.duckdb"
    with Store.open(db):  # the user's (empty) database from before
        pass
    r = CliRunner().invoke(app, ["ingest", "--config", str(config(tmp_path)), "--db", str(db)])
    assert r.exit_code == EXIT_FAILED
    assert db.is_file()
    assert "0 postings stored in" in r.stderr
