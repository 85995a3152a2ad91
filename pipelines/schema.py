"""The schema of the DuckDB store: opening a file (with a bounded wait for another process's lock)
and the migration runner.

The schema changes only through numbered migrations (``pipelines/migrations/NNNN_name.sql``), each
applied in one transaction and recorded in ``schema_migrations``; opening a database applies
whatever is pending (:meth:`Schema.migrate`, part of :class:`~skillgap.pipelines.store.Store`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import duckdb

from skillgap.pipelines.errors import StoreError
from skillgap.retry import retry_call

__all__ = ["LOCK_WAIT_SECONDS", "Migration", "Schema", "connect_with_retry", "migrations"]

log = logging.getLogger(__name__)

LOCK_WAIT_SECONDS = 30.0
ROW_GROUP_SIZE = 16_384  # rows per row group of every table written through connect_writer
# DuckDB's memory in a write session (its default is 80 % of RAM); beyond it DuckDB evicts cached
# blocks and spills to ``<db>.tmp``. Measured: store-only sessions at 100k postings peaked at 997 MB
# of process RSS without it, 571 MB with it (benchmarks/RESULTS.md, issue 20).
WRITER_MEMORY_LIMIT = "400MB"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """All migrations shipped with this version, in order."""
    found = []
    for entry in files("skillgap.pipelines.migrations").iterdir():
        name = entry.name
        if not name.endswith(".sql") or not name[:4].isdigit():
            continue
        found.append(Migration(int(name[:4]), name[:-4], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"two migrations share a number: {versions}")
    return found


def _locked(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def connect_with_retry(path: str | Path, *, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect`` that waits (bounded) while another process holds the file lock."""
    try:
        return retry_call(lambda: duckdb.connect(str(path), read_only=read_only), retry_if=_locked,
                          first_delay=0.05, max_delay=1.0, max_wait=wait)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc


def connect_writer(path: str | Path, *, wait: float = LOCK_WAIT_SECONDS,
                   row_group_size: int | None = None) -> duckdb.DuckDBPyConnection:
    """A read-write connection to ``path`` whose tables grow in row groups of
    :data:`ROW_GROUP_SIZE` rows (DuckDB's default is 122,880); waits like :func:`connect_with_retry`.

    Why: every write session ends in a checkpoint, whose vacuum merges the rows the session
    appended into the table's last, partly filled row group and rewrites that row group in memory.
    With DuckDB's default size the rewrite grows with the table up to 122,880 rows of postings
    (descriptions and raw payloads: ~1 GB of process memory at 100k postings, and seconds per
    close); with smaller row groups it stays bounded by the row group, whatever the database's
    size. Merging stays on, so appends of many small sessions still end in full row groups: the
    row-group count follows the rows stored, never the number of runs. The size is an option of
    the attached file, not stored in it: every writer opens through here. DuckDB's memory in the
    session is capped at :data:`WRITER_MEMORY_LIMIT` (it spills beyond).
    """
    size = row_group_size or ROW_GROUP_SIZE
    if str(path) == ":memory:":
        return connect_with_retry(path, wait=wait)

    def attach() -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(":memory:")
        try:
            quoted = str(path).replace("'", "''")
            con.execute(f"ATTACH '{quoted}' AS store (ROW_GROUP_SIZE {int(size)})")
            con.execute("USE store")
            con.execute(f"SET memory_limit = '{WRITER_MEMORY_LIMIT}'")
        except BaseException:
            con.close()
            raise
        return con

    try:
        return retry_call(attach, retry_if=_locked, first_delay=0.05, max_delay=1.0, max_wait=wait)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc


class Schema:
    """The migration runner, on a store session's connection."""

    con: duckdb.DuckDBPyConnection
    path: Path

    def applied_migrations(self) -> list[int]:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        return [r[0] for r in self.con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]

    def migrate(self) -> list[str]:
        """Apply pending migrations, each in its own transaction. Returns the names applied."""
        done = set(self.applied_migrations())
        applied = []
        for m in migrations():
            if m.version in done:
                continue
            try:
                self.con.execute("BEGIN TRANSACTION")
                self.con.execute(m.sql)
                self.con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)", [m.version, m.name]
                )
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"migration {m.name} failed on {self.path}: {exc}") from exc
            log.info("applied migration %s", m.name)
            applied.append(m.name)
        return applied

    def repair_skill_sets(self) -> bool:
        """Rebuild ``posting_skill_sets`` (migrations 0008 and 0013) when it no longer summarises
        ``skill_mentions`` (a hand-made DELETE, e.g. pruning). Two counts; True when rebuilt."""
        if 8 not in self.applied_migrations():
            return False
        n, summed = self.con.execute(
            "SELECT (SELECT count(*) FROM skill_mentions), (SELECT coalesce(sum(mentions), 0) FROM posting_skill_sets)"
        ).fetchall()[0]
        if n == summed:
            return False
        log.info("posting_skill_sets disagrees with skill_mentions (%s vs %s rows): rebuilding", summed, n)
        # 0008's rebuild, then 0013's (each posting's alternatives) when that has been applied
        done = set(self.applied_migrations())
        rebuilds = [m.sql[m.sql.index("-- rebuild:"):] for m in migrations() if m.version in (8, 13) and m.version in done]
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DELETE FROM posting_skill_sets")
            for sql in rebuilds:
                self.con.execute(sql)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return True
