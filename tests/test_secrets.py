"""API keys from the environment never land in the database, the logs, the reports or error text.

A USAJobs key (sent as a header) and an Adzuna app key (sent as a query parameter) are planted
in the environment; both sources fail during a real ingest (one answers 404, one answers with an
error body that echoes the key, as some APIs do; one answers 404 to a URL that carries the key). Then every place a key could leak is searched.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.flow

FIXTURES = Path(__file__).parent / "fixtures"
USAJOBS_KEY = "usaj-PLANTED-4e1f9b77c2"
ADZUNA_KEY = "adz-PLANTED-0b5d2c19e8"
SECRETS = (USAJOBS_KEY, ADZUNA_KEY)


def files_under(*roots: Path):
    for root in roots:
        if root.is_file():
            yield root
        elif root.is_dir():
            yield from (p for p in root.rglob("*") if p.is_file())


def leaks(text: str | bytes) -> list[str]:
    if isinstance(text, bytes):
        return [s for s in SECRETS if s.encode() in text or s.encode("utf-16-le") in text]
    return [s for s in SECRETS if s in text]


def test_planted_api_keys_appear_nowhere_after_a_failing_ingest(prefect_harness, tmp_path, monkeypatch, capfd, caplog):
    from typer.testing import CliRunner

    from skillgap.pipelines.cli import _run_ingest, app
    from skillgap.pipelines.paths import example_profile_path

    monkeypatch.setenv("USAJOBS_API_KEY", USAJOBS_KEY)
    monkeypatch.setenv("USAJOBS_EMAIL", "someone@example.org")
    monkeypatch.setenv("ADZUNA_APP_ID", "planted-app-id")
    monkeypatch.setenv("ADZUNA_APP_KEY", ADZUNA_KEY)
    caplog.set_level(logging.DEBUG)
    # what --verbose shows: every request's URL (a handler on httpx itself: Prefect's logging
    # setup may stop its records from reaching the root logger)
    http_records: list[logging.LogRecord] = []
    catcher = logging.Handler(logging.DEBUG)
    catcher.emit = http_records.append
    for name in ("httpx", "httpcore"):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.DEBUG)
        logging.getLogger(name).addHandler(catcher)
        monkeypatch.setattr(logging.getLogger(name), "disabled", False)

    replay = tmp_path / "replay"
    (replay / "v1" / "boards" / "acme").mkdir(parents=True)
    shutil.copy(FIXTURES / "greenhouse" / "jobs_content.json", replay / "v1" / "boards" / "acme" / "jobs.json")
    echo = replay / "v1" / "api" / "jobs" / "us" / "search" / "1.json"
    echo.parent.mkdir(parents=True)
    echo.write_text('{"exception": "AUTH_FAIL", "display": "Authorisation failed for app_key ' + ADZUNA_KEY + '"}')
    config = tmp_path / "sources.yaml"
    config.write_text(
        "sources:\n"
        "  - type: greenhouse\n    base_url: http://127.0.0.1:8000\n    boards: [acme]\n"
        "  - type: usajobs\n    base_url: http://127.0.0.1:8000\n"
        "  - type: adzuna\n    base_url: http://127.0.0.1:8000\n"
        "  - type: adzuna\n    base_url: http://127.0.0.1:8000\n    filters: {country: gb}\n"  # 404: URL with the key
    )
    db = tmp_path / "secrets.duckdb"

    code = _run_ingest(config, db, None, str(replay), "ingest")

    assert code == 3  # greenhouse stored, the two keyed sources failed
    con = duckdb.connect(str(db), read_only=True)
    failed = con.execute("SELECT source, error FROM source_runs WHERE status = 'failed' ORDER BY source").fetchall()
    assert [s for s, _ in failed] == ["adzuna", "usajobs"]
    assert all(e for _, e in failed)  # the reasons are there...
    # ...and no table holds a key: every value of every table, as text
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
        dump = "\n".join(map(str, con.execute(f'SELECT * FROM "{table}"').fetchall()))
        assert not leaks(dump), table
    con.execute(f"EXPORT DATABASE '{tmp_path / 'export'}'")
    con.close()

    # the database's bytes (and WAL), its export, the lock file, Prefect's state (run logs included)
    prefect_home = Path(os.environ["PREFECT_HOME"])
    for path in files_under(db, db.with_name(db.name + ".wal"), db.with_name(db.name + ".lock"),
                            tmp_path / "export", prefect_home):
        assert not leaks(path.read_bytes()), path

    # logs and console output, exception text included
    out, err = capfd.readouterr()
    assert "3 of 4 boards failed" in err
    assert not leaks(out + err)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).removeHandler(catcher)
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in [*caplog.records, *http_records])
    assert "HTTP Request: GET" in logged and "app_key=" in logged  # the requests were logged...
    assert not leaks(logged)  # ...without the key

    # reports over the database
    runner = CliRunner()
    for fmt in ("json", "md", "text"):
        r = runner.invoke(app, ["report", "--profile", str(example_profile_path()), "--db", str(db), "--format", fmt])
        assert not leaks(r.output), fmt
