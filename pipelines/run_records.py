"""Run records: ``run_log`` (one row per ingest run) and ``source_run_log`` (one row per board of a
run), behind the public ``ingest_runs`` / ``source_runs`` views (CONTRACTS §3)."""

from __future__ import annotations

from datetime import datetime

import duckdb

from skillgap.pipelines.posting_upsert import UpsertStats

__all__ = ["RunRecords"]


class RunRecords:
    """Run records, on a store session's connection (part of :class:`~skillgap.pipelines.store.Store`)."""

    con: duckdb.DuckDBPyConnection

    def start_run(self, run_id: str, started_at: datetime, owner: str | None = None) -> None:
        self.con.execute(
            "INSERT INTO run_log (run_id, started_at, finished_at, status, owner) VALUES (?, ?, NULL, 'running', ?)",
            [run_id, started_at, owner],
        )

    def abandon_stale_runs(self, now: datetime) -> list[str]:
        """Mark runs still 'running' as 'abandoned' (their process died: kill -9, power loss).

        Call only while holding the writer lock (:mod:`skillgap.pipelines.runlock`): then no
        other run can be going on."""
        rows = self.con.execute(
            "UPDATE run_log SET status = 'abandoned', finished_at = ? WHERE status = 'running' RETURNING run_id",
            [now],
        ).fetchall()
        return sorted(r[0] for r in rows)

    def record_source_run(
        self, run_id: str, source: str, board: str | None, status: str, stats: UpsertStats | None = None,
        error: str | None = None,
    ) -> None:
        s = stats or UpsertStats()
        if error is None and s.skip_note:
            error = s.skip_note  # an ok board with skipped records says why (CONTRACTS §3)
        self.con.execute(
            "INSERT OR REPLACE INTO source_run_log (run_id, source, board, status, fetched, new, updated, closed, "
            "skipped, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, source, board or "", status, s.fetched, s.new, s.updated, s.closed, s.skipped, error],
        )

    def finish_run(self, run_id: str, status: str, finished_at: datetime) -> None:
        self.con.execute(
            "UPDATE run_log SET status = ?, finished_at = ? WHERE run_id = ?", [status, finished_at, run_id]
        )
