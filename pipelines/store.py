"""The DuckDB store: the only owner of the schema.

- The schema changes only through numbered migrations (``pipelines/migrations/NNNN_name.sql``),
  each applied in one transaction and recorded in ``schema_migrations``; opening a database
  applies whatever is pending.
- Writes are idempotent on natural keys (``posting_id``; ``(posting_id, start, end, skill)``), and
  each batch is one transaction, so a crash leaves nothing half-written.
- DuckDB lets one process hold a file at a time: open, write, close per stage (``with
  Store.open(path) as store: ...``). Opening waits a bounded time for another process's lock.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np

from skillgap.pipelines.dedup import (
    DedupView,
    Fingerprint,
    band_keys,
    canonical_url,
    cluster_key,
    minhash_signature,
    near_duplicate_score,
    text_key,
)
from skillgap.pipelines.errors import StoreError
from skillgap.pipelines.models import NormalizedPosting

if TYPE_CHECKING:
    from skillgap.extractors.extract import Extraction
    from skillgap.extractors.taxonomy import Taxonomy

__all__ = ["Store", "UpsertStats", "PendingPosting", "migrations", "LOCK_WAIT_SECONDS"]

log = logging.getLogger(__name__)

LOCK_WAIT_SECONDS = 30.0

_FACT_COLUMNS = (
    "posting_id, content_hash, extractor_version, extracted_at, role_family, seniority, entry_level, years_min, "
    "experience_inflated, degree, salary_min, salary_max, salary_currency, salary_period, salary_text, "
    "salary_annual_min, salary_annual_max, visa_sponsorship, remote_type, years_min_graduate"
)


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


@dataclass(frozen=True)
class UpsertStats:
    fetched: int = 0   # records the board listed (stored + skipped)
    new: int = 0
    updated: int = 0
    closed: int = 0
    skipped: int = 0   # listed but not stored (no title, deleted, listed twice...)
    skip_note: str | None = None  # why, e.g. "2 skipped: no 'title' (1), listed twice (1)"


@dataclass(frozen=True)
class PendingPosting:
    posting_id: str
    content_hash: str
    title: str
    description: str
    company: str | None
    location: str | None




def connect_with_retry(path: str | Path, *, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS):
    """``duckdb.connect`` that waits (bounded) while another process holds the file lock."""
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            locked = isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()
            if not locked or time.monotonic() >= deadline:
                raise StoreError(f"cannot open {path}: {exc}") from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


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


class Store:
    """A read-write session on one DuckDB file. Use :meth:`open` as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.con = con
        self.path = path

    # -- lifecycle ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, migrate: bool = True) -> Store:
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        con = connect_with_retry(path)
        store = cls(con, path)
        if migrate:
            try:
                store.migrate()
                store.repair_skill_sets()
            except BaseException:
                con.close()
                raise
        return store

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- migrations --------------------------------------------------------------------------
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
        """Rebuild ``posting_skill_sets`` (migration 0008) when it no longer summarises
        ``skill_mentions`` (a hand-made DELETE, e.g. pruning). Two counts; True when rebuilt."""
        if 8 not in self.applied_migrations():
            return False
        n, summed = self.con.execute(
            "SELECT (SELECT count(*) FROM skill_mentions), (SELECT coalesce(sum(mentions), 0) FROM posting_skill_sets)"
        ).fetchall()[0]
        if n == summed:
            return False
        log.info("posting_skill_sets disagrees with skill_mentions (%s vs %s rows): rebuilding", summed, n)
        sql = next(m.sql for m in migrations() if m.version == 8)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DELETE FROM posting_skill_sets")
            self.con.execute(sql[sql.index("-- rebuild:"):])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return True

    # -- postings ----------------------------------------------------------------------------
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
            existing = {}
            signed: dict[str, str] = {}  # posting_id -> content hash its stored MinHash was computed from
            for pid, h, closed, signed_hash in con.execute(
                "SELECT r.posting_id, r.content_hash, r.closed_at, m.content_hash FROM posting_records r "
                "LEFT JOIN posting_minhash m USING (posting_id) WHERE r.source = ? AND r.board = ?",
                [source, board],
            ).fetchall():
                existing[pid] = (h, closed)
                if signed_hash is not None:
                    signed[pid] = signed_hash
            fps = fingerprints or {}
            keys = {
                pid: (fp.canonical_url, fp.text_key) if (fp := fps.get(pid)) is not None
                else (canonical_url(p.url), text_key(p.company, p.title, p.description))
                for pid, p in by_id.items()
            }
            url_clusters = self._clusters_by("canonical_url", {u for u, _ in keys.values() if u})
            text_clusters = self._clusters_by("text_key", {t for _, t in keys.values() if t})
            changed = {pid for pid, p in by_id.items() if existing.get(pid, (None,))[0] != p.content_hash}
            signatures = {}
            for pid, p in by_id.items():
                if signed.get(pid) != p.content_hash:  # new, changed, or stored before migration 0005
                    if (fp := fps.get(pid)) is not None:
                        signatures[pid] = (p.content_hash, fp.signature, fp.bands)
                        continue
                    sig = minhash_signature(p.description)
                    signatures[pid] = (p.content_hash, sig, band_keys(sig.values) if sig is not None else None)
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
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return UpsertStats(
            fetched=len(by_id) + len(skipped), new=new, updated=updated, closed=int(closed or 0),
            skipped=len(skipped), skip_note=summarise_skips(skipped),
        )

    # -- near-duplicate clustering (pipelines/dedup.py, tier 3) -----------------------------
    def _near_duplicate_clusters(
        self,
        changed: dict[str, NormalizedPosting],
        signatures: dict[str, Any],
        url_clusters: dict[str, str],
        text_clusters: dict[str, str],
        keys: dict[str, tuple[str | None, str | None]],
    ) -> dict[str, str]:
        """Cluster of each new/changed posting that has a near-duplicate (stored or earlier in
        this batch). Candidates share an LSH band key; one SQL join finds the stored ones."""
        views: dict[str, DedupView] = {}
        bands: dict[str, list[int]] = {}
        for pid, p in changed.items():
            _, sig, keys_ = signatures.get(pid, (None, None, None))
            if sig is None:
                continue
            views[pid] = DedupView(p.company, p.title, p.location, p.description, sig.values, sig.shingles)
            bands[pid] = keys_
        if not views:
            return {}
        con = self.con
        con.execute("CREATE OR REPLACE TEMP TABLE _bands (posting_id VARCHAR, band_key UBIGINT)")
        with con.appender("_bands") as app:
            app.append_rows([(pid, k) for pid, ks in bands.items() for k in ks])
        pairs = con.execute(
            "SELECT DISTINCT b.posting_id, l.posting_id FROM _bands b JOIN posting_lsh l USING (band_key) "
            "WHERE l.posting_id <> b.posting_id"
        ).fetchall()
        con.execute("DROP TABLE _bands")
        stored: dict[str, tuple[str, DedupView]] = {}
        cand_ids = sorted({c for _, c in pairs})
        if cand_ids:
            for cid, cluster, company, title, location, description, sig, shingles in con.execute(
                "SELECT r.posting_id, r.cluster_id, r.company, r.title, r.location, r.description, m.signature, "
                "m.shingles FROM posting_records r JOIN posting_minhash m USING (posting_id) "
                "WHERE r.posting_id IN (SELECT unnest(?))",
                [cand_ids],
            ).fetchall():
                stored[cid] = (cluster, DedupView(company, title, location, description, np.asarray(sig, dtype=np.uint64), shingles))
        candidates: dict[str, set[str]] = {}
        for pid, cid in pairs:
            candidates.setdefault(pid, set()).add(cid)
        out: dict[str, str] = {}
        batch_index: dict[int, list[str]] = {}  # band key -> earlier postings of this batch
        for pid in sorted(views):
            view = views[pid]
            best: tuple[float, str] | None = None
            options = [(stored[c][0], stored[c][1]) for c in candidates.get(pid, ()) if c in stored and c not in changed]
            earlier = {e for k in bands[pid] for e in batch_index.get(k, ())}
            options += [(out.get(e) or self._cluster_of(e, keys, url_clusters, text_clusters, changed[e]), views[e]) for e in earlier]
            for cluster, other in options:
                score = near_duplicate_score(view, other)
                if score is not None and (best is None or (-score, cluster) < (-best[0], best[1])):
                    best = (score, cluster)
            if best is not None:
                out[pid] = best[1]
            for k in bands[pid]:
                batch_index.setdefault(k, []).append(pid)
        return out

    @staticmethod
    def _cluster_of(pid, keys, url_clusters, text_clusters, p: NormalizedPosting) -> str:
        curl, tkey = keys[pid]
        return (
            (url_clusters.get(curl) if curl else None)
            or (text_clusters.get(tkey) if tkey else None)
            or cluster_key(p.company, p.title, p.location)
        )

    def _write_signatures(self, signatures: dict[str, Any], *, replace: list[str]) -> None:
        """Store new signatures and band keys; ``replace``: postings whose stored ones are stale."""
        if not signatures:
            return
        con = self.con
        if replace:
            con.execute("CREATE OR REPLACE TEMP TABLE _sig_ids (posting_id VARCHAR)")
            with con.appender("_sig_ids") as app:
                app.append_rows([(pid,) for pid in replace])
            con.execute("DELETE FROM posting_lsh WHERE posting_id IN (SELECT posting_id FROM _sig_ids)")
            con.execute("DELETE FROM posting_minhash WHERE posting_id IN (SELECT posting_id FROM _sig_ids)")
            con.execute("DROP TABLE _sig_ids")
        sig_rows: list[tuple[Any, ...]] = []
        band_rows: list[tuple[Any, ...]] = []
        for pid, (content_hash, sig, keys) in signatures.items():
            if sig is None:
                continue
            sig_rows.append((pid, content_hash, sig.shingles, sig.values.tolist()))
            band_rows.extend((k, pid) for k in keys)
        if sig_rows:
            with con.appender("posting_minhash") as app:
                app.append_rows(sig_rows)
            with con.appender("posting_lsh") as app:
                app.append_rows(band_rows)

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

    # -- extraction --------------------------------------------------------------------------
    def postings_needing_extraction(self, version: str, *, force: bool = False) -> list[PendingPosting]:
        """Postings with no facts for their current content under ``version`` (all if ``force``)."""
        where = "" if force else (
            "WHERE f.posting_id IS NULL OR f.content_hash <> r.content_hash OR f.extractor_version <> ?"
        )
        params = [] if force else [version]
        rows = self.con.execute(
            f"""
            SELECT r.posting_id, r.content_hash, r.title, r.description, r.company, r.location
            FROM posting_records r LEFT JOIN posting_facts f USING (posting_id)
            {where}
            ORDER BY r.posting_id
            """,
            params,
        ).fetchall()
        return [PendingPosting(*row) for row in rows]

    def pending_extraction_ids(
        self, version: str, *, force: bool = False, source: str | None = None, board: str | None = None
    ) -> list[str]:
        """Ids of postings with no facts for their current content under ``version`` (every
        posting with ``force``), optionally of one source/board; sorted. Ids only, so a run over
        a million postings never holds their texts."""
        where, params = [], []
        if not force:
            where.append("(f.posting_id IS NULL OR f.content_hash <> r.content_hash OR f.extractor_version <> ?)")
            params.append(version)
        if source is not None:
            where.append("r.source = ? AND r.board = ?")
            params += [source, board or ""]
        rows = self.con.execute(
            "SELECT r.posting_id FROM posting_records r LEFT JOIN posting_facts f USING (posting_id) "
            + ("WHERE " + " AND ".join(where) if where else "") + " ORDER BY r.posting_id",
            params,
        ).fetchall()
        return [r[0] for r in rows]

    def has_pending_extraction(self, version: str) -> bool:
        """Whether any posting lacks facts for its current content under ``version``."""
        return bool(self.con.execute(
            "SELECT EXISTS (SELECT 1 FROM posting_records r LEFT JOIN posting_facts f USING (posting_id) "
            "WHERE f.posting_id IS NULL OR f.content_hash <> r.content_hash OR f.extractor_version <> ?)",
            [version],
        ).fetchall()[0][0])

    def load_for_extraction(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """The fields extraction needs, for these ids (in the given order; unknown ids dropped)."""
        if not ids:
            return []
        rows = self.con.execute(
            "SELECT posting_id, content_hash, title, description, company, location, "
            # a source's own salary fields (Jobicy, Himalayas, Ashby, Lever, Remote OK) win over the text
            "CASE WHEN CAST(extra AS VARCHAR) ILIKE '%salar%' THEN CAST(extra AS VARCHAR) END "
            "FROM posting_records WHERE posting_id IN (SELECT unnest(?))",
            [list(ids)],
        ).fetchall()
        keys = ("posting_id", "content_hash", "title", "description", "company", "location", "extra")
        by_id = {r[0]: dict(zip(keys, r)) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def write_extractions(
        self,
        results: Iterable[tuple[str, str, Extraction]],
        *,
        version: str,
        extracted_at: datetime,
        errors: dict[str, str] | None = None,
    ) -> int:
        """Replace facts and mentions of each posting, in one transaction. Returns the count.

        ``errors`` maps a posting id to why its extraction failed (its facts are then empty)."""
        facts_rows: list[tuple[Any, ...]] = []
        mention_rows: list[tuple[Any, ...]] = []
        set_rows: list[tuple[Any, ...]] = []  # posting_skill_sets (migration 0008), same transaction
        ids: list[str] = []
        for posting_id, content_hash, ex in results:
            ids.append(posting_id)
            s = ex.salary
            facts_rows.append(
                (
                    posting_id, content_hash, version, extracted_at, ex.role_family, ex.seniority,
                    ex.entry_level, ex.years_min, ex.experience_inflated, ex.degree,
                    s.min if s else None, s.max if s else None, s.currency if s else None,
                    s.period if s else None, s.text if s else None,
                    s.annual_min if s else None, s.annual_max if s else None,
                    ex.visa_sponsorship, ex.remote_type, getattr(ex, "years_min_graduate", None),
                )
            )
            seen: set[tuple[int, int, str]] = set()
            kept: dict[str, bool] = {}  # skill -> required by some stored mention
            for m in ex.skills:
                key = (m.start, m.end, m.skill)
                if key in seen:
                    continue
                seen.add(key)
                kept[m.skill] = kept.get(m.skill, False) or m.requirement == "required"
                mention_rows.append(
                    (posting_id, m.skill, m.category, m.requirement, m.start, m.end, m.text,
                     m.evidence, m.section, version, getattr(m, "alt_group", None))
                )
            if seen:
                set_rows.append((posting_id, [k for k, r in kept.items() if r], [k for k, r in kept.items() if not r],
                                 len(seen)))
        if not ids:
            return 0
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("CREATE OR REPLACE TEMP TABLE _ids (posting_id VARCHAR)")
            with con.appender("_ids") as app:
                app.append_rows([(i,) for i in ids])
            con.execute("DELETE FROM skill_mentions WHERE posting_id IN (SELECT posting_id FROM _ids)")
            con.execute("DELETE FROM posting_facts WHERE posting_id IN (SELECT posting_id FROM _ids)")
            # Staged through a temp table with the columns named, so later migrations may add
            # columns to posting_facts without breaking this append.
            con.execute(f"CREATE OR REPLACE TEMP TABLE _facts AS SELECT {_FACT_COLUMNS} FROM posting_facts LIMIT 0")
            with con.appender("_facts") as app:
                app.append_rows(facts_rows)
            con.execute(f"INSERT INTO posting_facts ({_FACT_COLUMNS}) SELECT * FROM _facts")
            con.execute("DROP TABLE _facts")
            written = set(ids)
            if errors:
                con.executemany(
                    "UPDATE posting_facts SET extract_error = ? WHERE posting_id = ?",
                    [[reason, pid] for pid, reason in sorted(errors.items()) if pid in written],
                )
            if mention_rows:
                with con.appender("skill_mentions") as app:
                    app.append_rows(mention_rows)
            con.execute("DELETE FROM posting_skill_sets WHERE posting_id IN (SELECT posting_id FROM _ids)")
            if set_rows:
                names = sorted({n for r in set_rows for n in (*r[1], *r[2])})
                con.execute(
                    "INSERT INTO skill_ids SELECT (SELECT coalesce(max(sid), 0) FROM skill_ids) + row_number() "
                    "OVER (ORDER BY n), n FROM (SELECT unnest(?::VARCHAR[]) AS n) WHERE n NOT IN (SELECT skill FROM skill_ids)",
                    [names],
                )
                sid = dict(con.execute(
                    "SELECT skill, sid FROM skill_ids WHERE skill IN (SELECT unnest(?::VARCHAR[]))", [names]
                ).fetchall())
                with con.appender("posting_skill_sets") as app:
                    app.append_rows([(pid, sorted(sid[n] for n in req), sorted(sid[n] for n in pref), k)
                                     for pid, req, pref, k in set_rows])
            con.execute("DROP TABLE _ids")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return len(ids)

    def sync_taxonomy(self, taxonomy: Taxonomy) -> None:
        """Make the ``skills`` view match the taxonomy the extractor uses (one transaction)."""
        rows = [(s.name, s.category, list(s.aliases), s.parent, s.kind) for s in taxonomy.skills]
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM taxonomy_skills")
            with con.appender("taxonomy_skills") as app:
                app.append_rows(rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    # -- run log -----------------------------------------------------------------------------
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

    # -- unchanged boards (a steady nightly run) ----------------------------------------------
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

    # The taxonomy last copied into ``taxonomy_skills`` is recorded as a board_digests row of
    # source '' (never a real source): a run skips re-copying 36k skills when it is current.
    def synced_taxonomy(self) -> str | None:
        row = self.con.execute("SELECT digest FROM board_digests WHERE source = '' AND board = 'taxonomy'").fetchone()
        return row[0] if row else None

    def mark_taxonomy_synced(self, version: str) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO board_digests VALUES ('', 'taxonomy', ?, 0, 0, NULL, now()::TIMESTAMP)", [version]
        )

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
