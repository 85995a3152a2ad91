"""Where the database lives and how analysis opens it (read-only, briefly, with a bounded wait).

DuckDB 2.0 holds a per-process file lock from ``connect()`` until the last connection closes, and
any other process then fails at once, even read-only. So analysis opens read-only, reads what it
needs in a few queries, and closes; when the lock is held it retries with backoff up to a bound
(:func:`skillgap.retry.retry_call`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from skillgap.analysis.errors import DatabaseBusy, DatabaseEmpty, DatabaseError, DatabaseMissing
from skillgap.retry import retry_call

log = logging.getLogger(__name__)

ENV_VAR = "SKILLGAP_DB"
DB_FILENAME = "skillgap.duckdb"
READER_MEMORY_LIMIT = "600MB"


def default_db_path() -> Path:
    """The default database path: ``$XDG_DATA_HOME/skillgap/skillgap.duckdb``.

    ``XDG_DATA_HOME`` defaults to ``~/.local/share`` (an empty value counts as unset, as the XDG
    spec says). It never depends on the current directory. ``$SKILLGAP_DB`` and ``--db`` override
    it (see :func:`resolve_db_path`).
    """
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg and Path(xdg).expanduser().is_absolute() else (
        Path.home() / ".local" / "share"
    )
    return base / "skillgap" / DB_FILENAME


def resolve_db_path(db: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` overrides ``$SKILLGAP_DB``, which overrides :func:`default_db_path`."""
    if db is not None and str(db) != "":
        return Path(db).expanduser()
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return default_db_path()


def require_postings(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Raise :class:`DatabaseEmpty` (exit 2, naming what to run) when ``postings`` has no row at
    all, e.g. after an ingest that could not reach any board."""
    # The view is posting_records LEFT JOIN posting_facts, so it has a row exactly when the table
    # has one; asking the table skips the join (0.1-0.2 CPU s on a 1M-posting file).
    if con.execute("SELECT EXISTS (SELECT 1 FROM posting_records)").fetchall()[0][0]:
        return
    demo = Path(path).with_name("demo.duckdb")
    if Path(path).name != "demo.duckdb" and demo.is_file():
        raise DatabaseEmpty(
            f"no postings in {path} yet; `skillgap demo` wrote its sample to {demo}: add --db {demo} to use it, "
            f"or run `skillgap ingest` (needs the network) to collect real postings."
        )
    raise DatabaseEmpty(
        f"no postings in {path} yet. Run `skillgap ingest` to collect them (needs the network), or "
        "`skillgap demo` for an offline sample (it prints the command to use next)."
    )


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("could not set" in text or "conflicting" in text or "lock on file" in text)


@contextlib.contextmanager
def connect_readonly(
    path: Path,
    *,
    max_wait_s: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open ``path`` read-only, retrying while another process holds the lock (bounded wait)."""
    path = Path(path)
    if not path.is_file():
        demo = path.with_name("demo.duckdb")
        if path.name != "demo.duckdb" and demo.is_file():
            raise DatabaseMissing(
                f"no skillgap database at {path}; `skillgap demo` wrote its sample to {demo}: add "
                f"--db {demo} to use it, or run `skillgap ingest` to collect real postings into {path}."
            )
        raise DatabaseMissing(
            f"no skillgap database at {path}. Run `skillgap ingest` to collect postings into it, or "
            "`skillgap demo` for an offline sample (it prints the command to use next); or point --db / "
            "$SKILLGAP_DB at an existing file."
        )
    def on_retry(exc: BaseException, delay: float) -> None:
        log.debug("database %s is locked; retrying in %.2fs", path, delay)

    try:
        con = retry_call(
            lambda: duckdb.connect(str(path), read_only=True),
            retry_if=lambda exc: isinstance(exc, duckdb.Error) and _is_lock_error(exc),
            first_delay=0.05, max_delay=1.0, max_wait=max_wait_s, sleep=sleep, on_retry=on_retry,
        )
    except duckdb.Error as exc:  # IOException on lock, others on corrupt files
        if _is_lock_error(exc):
            raise DatabaseBusy(
                f"database is busy: {path} is held by another process (an ingest run?); waited "
                f"{max_wait_s:.0f}s — try again when it has finished"
            ) from exc
        raise DatabaseError(f"cannot open database {path}: {exc}") from exc
    try:
        # bounded memory for reports on large databases (issue: 1M postings under 1 GB RSS);
        # DuckDB spills to its temp directory beyond this
        con.execute(f"SET memory_limit = '{READER_MEMORY_LIMIT}'")
        con.execute("SET enable_progress_bar = false")  # never draw on the user's terminal
        yield con
    finally:
        con.close()
