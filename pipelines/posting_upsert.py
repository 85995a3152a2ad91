"""The posting upsert: new postings inserted, changed ones refreshed, unseen ones closed, one
transaction per board; idempotent on ``posting_id`` (a re-run with nothing new changes nothing).
Each posting's cluster: the same canonical URL, else the same text key, else a near-duplicate
(:mod:`skillgap.pipelines.near_duplicates`), else its own. Unchanged boards (the same listing as
last time, by digest) only move ``last_seen``."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from skillgap.pipelines.dedup import (
    Fingerprint,
    band_keys,
    canonical_url,
    cluster_key,
    minhash_signature,
    text_key,
)
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.near_duplicates import NearDuplicates

__all__ = ["PostingWriter", "UpsertStats"]


@dataclass(frozen=True)
class UpsertStats:
    fetched: int = 0   # records the board listed (stored + skipped)
    new: int = 0
    updated: int = 0
    closed: int = 0
    skipped: int = 0   # listed but not stored (no title, deleted, listed twice...)
    skip_note: str | None = None  # why, e.g. "2 skipped: no 'title' (1), listed twice (1)"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _scrub(value: Any) -> Any:
    """Lone surrogates (a Python str can hold them; UTF-8 cannot) -> U+FFFD, keys and values."""
    if isinstance(value, str):
        return value if value.isascii() else _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    return value


def _dumps(value: Any) -> str:
    """JSON for DuckDB. A payload may carry a lone surrogate (``"\\ud800"`` is legal JSON, and
    DuckDB's JSON type refuses it): it becomes U+FFFD rather than costing the board its store."""
    text = json.dumps(value, sort_keys=True, default=str)
    if "\\ud" in text.lower():  # escapes of astral characters, or lone surrogates
        text = json.dumps(_scrub(value), sort_keys=True, default=str)
    return text


def _signatures(by_id: dict[str, NormalizedPosting], signed: dict[str, str],
                fps: dict[str, Fingerprint]) -> dict[str, tuple]:
    """MinHash signatures (content hash, signature, band keys) of the postings whose stored one is
    missing or stale; the worker's fingerprint when it computed one."""
    signatures = {}
    for pid, p in by_id.items():
        if signed.get(pid) != p.content_hash:  # new, changed, or stored before migration 0005
            if (fp := fps.get(pid)) is not None:
                signatures[pid] = (p.content_hash, fp.signature, fp.bands)
                continue
            sig = minhash_signature(p.description)
            signatures[pid] = (p.content_hash, sig, band_keys(sig.values) if sig is not None else None)
    return signatures


class PostingWriter(NearDuplicates):
    """Posting writes, on a store session's connection (part of :class:`~skillgap.pipelines.store.Store`)."""

    con: duckdb.DuckDBPyConnection

    def upsert_postings(
        self,
        source: str,
        board: str | None,
        postings: Sequence[NormalizedPosting],
        *,
        seen_at: datetime,
        complete: bool = True,
        fingerprints: dict[str, Fingerprint] | None = None,
    ) -> UpsertStats:
        """Insert new postings, refresh changed ones, mark unseen ones closed.

        ``complete`` says the fetch listed the whole board: only then are postings of this
        source/board that were not seen given ``closed_at``. One transaction.
        ``fingerprints``: each posting's dedup keys, computed beforehand (e.g. by the parse
        worker, :func:`~skillgap.pipelines.dedup.fingerprint`); computed here for any missing.
        """
        from skillgap.pipelines.sources.base import summarise_skips

        board = board or ""
        skipped = list(getattr(postings, "skipped", ()))  # records the parser could not turn into postings
        by_id: dict[str, NormalizedPosting] = {}
        for p in postings:
            if p.posting_id in by_id:
                skipped.append("listed twice (the last listing kept)")
            by_id[p.posting_id] = p  # the last listing of an id wins
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            existing, signed = self._stored_on_board(source, board)
            fps = fingerprints or {}
            keys = {
                pid: (fp.canonical_url, fp.text_key) if (fp := fps.get(pid)) is not None
                else (canonical_url(p.url), text_key(p.company, p.title, p.description))
                for pid, p in by_id.items()
            }
            url_clusters = self._clusters_by("canonical_url", {u for u, _ in keys.values() if u})
            text_clusters = self._clusters_by("text_key", {t for _, t in keys.values() if t})
            changed = {pid for pid, p in by_id.items() if existing.get(pid, (None,))[0] != p.content_hash}
            signatures = _signatures(by_id, signed, fps)
            near_clusters = self._near_duplicate_clusters(
                {pid: by_id[pid] for pid in sorted(changed)}, signatures, url_clusters, text_clusters, keys
            )
            new = updated = 0
            rows = []
            for pid, p in by_id.items():
                h = p.content_hash
                if pid not in existing:
                    new += 1
                elif existing[pid][0] != h:
                    updated += 1
                curl, tkey = keys[pid]
                cluster = (
                    (url_clusters.get(curl) if curl else None)
                    or (text_clusters.get(tkey) if tkey else None)
                    or near_clusters.get(pid)
                    or cluster_key(p.company, p.title, p.location)
                )
                if tkey:
                    text_clusters.setdefault(tkey, cluster)  # later postings of this batch join it
                rows.append(
                    (
                        pid, source, board, p.source_id, cluster, curl, p.company, p.title, p.location,
                        p.remote, p.url, p.description, p.posted_at, p.updated_at, seen_at, seen_at, None,
                        h, p.attribution, _dumps(p.extra), _dumps(p.raw), tkey,
                    )
                )
            rows = self._keep_first_seen_of_reposts(source, board, rows, existing)
            self._write_signatures(signatures, replace=[pid for pid in signatures if pid in signed])
            closed = self._write_rows(source, board, rows, seen_at=seen_at, complete=complete)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return UpsertStats(
            fetched=len(by_id) + len(skipped), new=new, updated=updated, closed=int(closed or 0),
            skipped=len(skipped), skip_note=summarise_skips(skipped),
        )

    def _stored_on_board(self, source: str, board: str) -> tuple[dict, dict[str, str]]:
        """The board's stored postings: posting_id -> (content hash, closed_at), and posting_id ->
        the content hash its stored MinHash was computed from."""
        existing = {}
        signed: dict[str, str] = {}  # posting_id -> content hash its stored MinHash was computed from
        for pid, h, closed, signed_hash in self.con.execute(
            "SELECT r.posting_id, r.content_hash, r.closed_at, m.content_hash FROM posting_records r "
            "LEFT JOIN posting_minhash m USING (posting_id) WHERE r.source = ? AND r.board = ?",
            [source, board],
        ).fetchall():
            existing[pid] = (h, closed)
            if signed_hash is not None:
                signed[pid] = signed_hash
        return existing, signed

    def _write_rows(self, source: str, board: str, rows: list[tuple], *, seen_at: datetime, complete: bool) -> Any:
        """Upsert ``rows`` (inside the caller's transaction); when the listing is ``complete``,
        close the board's postings not in it. The number closed."""
        con = self.con
        con.execute("CREATE OR REPLACE TEMP TABLE _incoming AS SELECT * FROM posting_records LIMIT 0")
        if rows:
            with con.appender("_incoming") as app:
                app.append_rows(rows)
        con.execute(
            """
            INSERT INTO posting_records SELECT * FROM _incoming
            ON CONFLICT (posting_id) DO UPDATE SET
                last_seen = excluded.last_seen,
                closed_at = NULL,
                cluster_id = CASE WHEN posting_records.content_hash = excluded.content_hash
                                  THEN posting_records.cluster_id ELSE excluded.cluster_id END,
                canonical_url = excluded.canonical_url,
                company = excluded.company, title = excluded.title, location = excluded.location,
                remote = excluded.remote, url = excluded.url, description = excluded.description,
                posted_at = excluded.posted_at, updated_at = excluded.updated_at,
                content_hash = excluded.content_hash, attribution = excluded.attribution,
                extra = excluded.extra, raw = excluded.raw, text_key = excluded.text_key
            """
        )
        closed = 0
        if complete:
            closed = con.execute(
                """
                UPDATE posting_records SET closed_at = ?
                WHERE source = ? AND board = ? AND closed_at IS NULL
                  AND posting_id NOT IN (SELECT posting_id FROM _incoming)
                """,
                [seen_at, source, board],
            ).fetchall()[0][0]
        con.execute("DROP TABLE _incoming")
        return closed

    def _keep_first_seen_of_reposts(self, source: str, board: str, rows: list[tuple], existing: dict) -> list[tuple]:
        """A new posting joining a cluster that already has a posting of this source and board
        (the same job re-listed under a new id) keeps that cluster's ``first_seen``."""
        clusters = sorted({r[4] for r in rows if r[0] not in existing})
        if not clusters:
            return rows
        earlier = dict(
            self.con.execute(
                "SELECT cluster_id, min(first_seen) FROM posting_records WHERE source = ? AND board = ? "
                "AND cluster_id IN (SELECT unnest(?)) GROUP BY cluster_id",
                [source, board, clusters],
            ).fetchall()
        )
        if not earlier:
            return rows
        out = []
        for r in rows:
            first = earlier.get(r[4]) if r[0] not in existing else None
            out.append(r[:14] + (min(first, r[14]),) + r[15:] if first is not None else r)
        return out

    def _clusters_by(self, column: str, values: set[str]) -> dict[str, str]:
        """Stored cluster of each value of ``column`` (the smallest id when several)."""
        if not values:
            return {}
        return dict(
            self.con.execute(
                f"SELECT {column}, min(cluster_id) FROM posting_records "
                f"WHERE {column} IN (SELECT unnest(?)) GROUP BY {column}",
                [sorted(values)],
            ).fetchall()
        )

    def posting_count(self) -> int:
        return self.con.execute("SELECT count(*) FROM posting_records").fetchall()[0][0]

    def board_digests(self) -> dict[tuple[str, str], str]:
        """Digest of each board's last stored listing, for boards whose open postings are still
        all there (a board pruned or edited by hand since is parsed again)."""
        rows = self.con.execute(
            """
            SELECT d.source, d.board, d.digest FROM board_digests d
            LEFT JOIN (SELECT source, board, count(*) AS n FROM posting_records WHERE closed_at IS NULL
                       GROUP BY ALL) r USING (source, board)
            WHERE coalesce(r.n, 0) = d.stored
            """
        ).fetchall()
        return {(s, b): d for s, b, d in rows}

    def touch_board(self, source: str, board: str | None, digest: str, *, seen_at: datetime) -> UpsertStats:
        """The board listed exactly what it listed last time: only ``last_seen`` moves. One statement."""
        board = board or ""
        row = self.con.execute(
            "SELECT stored, skipped, skip_note FROM board_digests WHERE source = ? AND board = ? AND digest = ?",
            [source, board, digest],
        ).fetchone()
        stored, skipped, note = row if row else (0, 0, None)
        self.con.execute(
            "UPDATE posting_records SET last_seen = ? WHERE source = ? AND board = ? AND closed_at IS NULL",
            [seen_at, source, board],
        )
        return UpsertStats(fetched=stored + skipped, skipped=skipped, skip_note=note)

    def set_board_digest(self, source: str, board: str | None, digest: str, stats: UpsertStats, *, seen_at: datetime) -> None:
        board = board or ""
        open_now = self.con.execute(
            "SELECT count(*) FROM posting_records WHERE source = ? AND board = ? AND closed_at IS NULL", [source, board]
        ).fetchall()[0][0]
        self.con.execute(
            "INSERT OR REPLACE INTO board_digests VALUES (?, ?, ?, ?, ?, ?, ?)",
            [source, board, digest, open_now, getattr(stats, "skipped", 0), getattr(stats, "skip_note", None), seen_at],
        )
