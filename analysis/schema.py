"""The database as the analysis reads it: which views and columns exist, and the latest posting seen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import duckdb

from skillgap.analysis.errors import DatabaseError
from skillgap.analysis.model import naive_utc


def columns_of(con: duckdb.DuckDBPyConnection, name: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [name]
    ).fetchall()
    return {r[0] for r in rows}


def check_schema(con: duckdb.DuckDBPyConnection, path: object) -> dict[str, set[str]]:
    cols = {v: columns_of(con, v) for v in ("postings", "posting_skills", "skills")}
    missing = [v for v, c in cols.items() if not c]
    if missing:
        raise DatabaseError(
            f"{path} is not a skillgap database (missing views: {', '.join(missing)}); "
            "open it once with `skillgap ingest` or `skillgap demo` to apply migrations"
        )
    return cols


def _select(cols: set[str], wanted: Sequence[str], alias: str = "p") -> str:
    return ", ".join(f'{alias}."{c}"' if c in cols else f'NULL AS "{c}"' for c in wanted)


def latest_seen(con: duckdb.DuckDBPyConnection) -> datetime | None:
    # The postings view is posting_records LEFT JOIN posting_facts on the facts' primary key, and
    # these three columns are the record's: the same maximum without joining a million facts.
    src = "posting_records" if {"last_seen", "first_seen", "posted_at"} <= columns_of(con, "posting_records") else "postings"
    row = con.execute(f"SELECT max(coalesce(last_seen, first_seen, posted_at)) FROM {src}").fetchone()
    return naive_utc(row[0]) if row and row[0] is not None else None
