"""The DuckDB store: the only owner of the schema. :class:`Store` is one read-write session on a
file; its parts live in their own modules:

- :mod:`~skillgap.pipelines.schema` — opening a file (bounded wait for another process's lock)
  and the numbered migrations, applied on open;
- :mod:`~skillgap.pipelines.posting_upsert` — the posting upsert and unchanged boards;
- :mod:`~skillgap.pipelines.near_duplicates` — the near-duplicate policy;
- :mod:`~skillgap.pipelines.run_records` — run records;
- here: the session's life, the extraction queue (which postings need extracting, their texts),
  the extraction writes and the taxonomy copy.

Writes are idempotent on natural keys (``posting_id``; ``(posting_id, start, end, skill)``), and
each batch is one transaction, so a crash leaves nothing half-written. DuckDB lets one process
hold a file at a time: open, write, close per stage (``with Store.open(path) as store: ...``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from skillgap.pipelines.posting_upsert import PostingWriter, UpsertStats
from skillgap.pipelines.run_records import RunRecords
from skillgap.pipelines.schema import (
    LOCK_WAIT_SECONDS,
    Migration,
    Schema,
    connect_with_retry,
    connect_writer,
    migrations,
)

if TYPE_CHECKING:
    from skillgap.extractors.extract import Extraction
    from skillgap.extractors.taxonomy import Taxonomy

__all__ = [
    "LOCK_WAIT_SECONDS",
    "Migration",
    "PendingPosting",
    "Store",
    "UpsertStats",
    "DISCOVERED",
    "connect_with_retry",
    "migrations",
    "skill_origin",
]

#: category (and origin) of a name found in postings beyond the taxonomy and the vocabulary
#: (``skillgap.extractors.discover.DISCOVERED``; not imported: the store does not load spaCy)
DISCOVERED = "discovered"


def skill_origin(skill: Any) -> str:
    """The ``skills`` view's ``origin`` of a taxonomy skill: 'taxonomy' for a curated entry
    (``data/taxonomy.yaml``), 'vocabulary' for one of the derived lists (``data/vocab``)."""
    return "taxonomy" if getattr(skill, "origin", "curated") == "curated" else "vocabulary"

_FACT_COLUMNS = (
    "posting_id, content_hash, extractor_version, extracted_at, role_family, seniority, entry_level, years_min, "
    "experience_inflated, degree, salary_min, salary_max, salary_currency, salary_period, salary_text, "
    "salary_annual_min, salary_annual_max, visa_sponsorship, remote_type, years_min_graduate"
)


@dataclass(frozen=True)
class PendingPosting:
    posting_id: str
    content_hash: str
    title: str
    description: str
    company: str | None
    location: str | None


class Store(Schema, PostingWriter, RunRecords):
    """A read-write session on one DuckDB file. Use :meth:`open` as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.con = con
        self.path = path
        self._soft_cache: frozenset[str] | None = None  # see _soft_forms

    # -- lifecycle ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, migrate: bool = True) -> Store:
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        con = connect_writer(path)
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
        ids, facts_rows, mention_rows, set_rows = _extraction_rows(results, version, extracted_at)
        if not ids:
            return 0
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("CREATE OR REPLACE TEMP TABLE _ids (posting_id VARCHAR)")
            with con.appender("_ids") as app:
                app.append_rows([(i,) for i in ids])
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
            # discovered names the replaced mentions carried: their rows are recounted below
            stale = [r[0] for r in con.execute(
                "SELECT DISTINCT skill FROM skill_mentions WHERE category = ? AND posting_id IN (SELECT posting_id FROM _ids)",
                [DISCOVERED]).fetchall()]
            con.execute("DELETE FROM skill_mentions WHERE posting_id IN (SELECT posting_id FROM _ids)")
            if mention_rows:
                with con.appender("skill_mentions") as app:
                    app.append_rows(mention_rows)
            self._count_discovered(sorted({*stale, *(r[1] for r in mention_rows if r[2] == DISCOVERED)}))
            con.execute("DELETE FROM posting_skill_sets WHERE posting_id IN (SELECT posting_id FROM _ids)")
            if set_rows:
                self._append_skill_sets(set_rows)
            con.execute("DROP TABLE _ids")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return len(ids)

    def _count_discovered(self, names: list[str]) -> None:
        """Rewrite the ``discovered_skills`` rows of ``names`` from the stored mentions (display:
        the most common surface, ties to the first in sort order); a name no mention carries any
        more loses its row. Inside the caller's transaction."""
        if not names:
            return
        con = self.con
        con.execute("DELETE FROM discovered_skills WHERE skill IN (SELECT unnest(?::VARCHAR[]))", [names])
        con.execute(
            "INSERT INTO discovered_skills SELECT skill, first(text ORDER BY n DESC, text), ?, 'hard', sum(n)::INTEGER "
            "FROM (SELECT skill, text, count(*) AS n FROM skill_mentions "
            "      WHERE category = ? AND skill IN (SELECT unnest(?::VARCHAR[])) GROUP BY skill, text) GROUP BY skill",
            [DISCOVERED, DISCOVERED, names],
        )
        self._set_discovered_kinds(names)

    def _set_discovered_kinds(self, names: list[str]) -> None:
        """Each discovered name's kind by the rule of the derived vocabulary (extractors/kinds.py):
        a discovered trait ("ability to work autonomously") stays out of trends' and the report's
        hard-skill tables. Inside the caller's transaction."""
        from skillgap.extractors.kinds import name_kind

        soft_forms = self._soft_forms()
        kinds = {n: name_kind(n, soft_forms) for n in names}
        for kind in ("hard", "soft"):
            these = sorted(n for n, k in kinds.items() if k == kind)
            if these:
                self.con.execute("UPDATE discovered_skills SET kind = ? WHERE skill IN (SELECT unnest(?::VARCHAR[])) "
                                 "AND kind <> ?", [kind, these, kind])

    def _soft_forms(self) -> frozenset[str]:
        """The ``normalize_key`` forms (names and aliases) of the soft skills of the stored taxonomy
        copy, read once per session (the copy changes only with the taxonomy, between runs)."""
        if self._soft_cache is None:
            from skillgap.extractors.taxonomy import normalize_key

            rows = self.con.execute(
                "SELECT skill, aliases FROM taxonomy_skills WHERE coalesce(kind, CASE WHEN category = 'soft_skill' "
                "THEN 'soft' ELSE 'hard' END) = 'soft'").fetchall()
            self._soft_cache = frozenset(normalize_key(f) for name, aliases in rows for f in (name, *(aliases or ())))
        return self._soft_cache

    def _append_skill_sets(self, set_rows: list[tuple[Any, ...]]) -> None:
        """Append ``posting_skill_sets`` rows (posting id, required and preferred skill names, mention
        count, the alternatives groups of >= 2 names), the names as ``skill_ids`` (new names get the
        next ids); inside the caller's transaction."""
        con = self.con
        names = sorted({n for r in set_rows for n in (*r[1], *r[2])})
        con.execute(
            "INSERT INTO skill_ids SELECT (SELECT coalesce(max(sid), 0) FROM skill_ids) + row_number() "
            "OVER (ORDER BY n), n FROM (SELECT unnest(?::VARCHAR[]) AS n) WHERE n NOT IN (SELECT skill FROM skill_ids)",
            [names],
        )
        sid = dict(con.execute(
            "SELECT skill, sid FROM skill_ids WHERE skill IN (SELECT unnest(?::VARCHAR[]))", [names]
        ).fetchall())
        rows = []
        for pid, req, pref, k, groups in set_rows:
            # migration 0013: each skill offered as an alternative -> the smallest sid of its groups
            amin: dict[int, int] = {}
            for g in groups:
                ids = [sid[n] for n in g]
                low = min(ids)
                for i in ids:
                    amin[i] = min(amin.get(i, low), low)
            alt = sorted(amin)
            rows.append((pid, sorted(sid[n] for n in req), sorted(sid[n] for n in pref), k,
                         alt or None, [amin[i] for i in alt] or None))
        with con.appender("posting_skill_sets") as app:
            app.append_rows(rows)

    def sync_taxonomy(self, taxonomy: Taxonomy) -> None:
        """Make the ``skills`` view match the taxonomy the extractor uses (one transaction); each
        skill's ``origin`` is :func:`skill_origin`. Discovered names (``discovered_skills``) stay; their kinds
        are read again (:meth:`_set_discovered_kinds`)."""
        rows = [(s.name, s.category, list(s.aliases), s.parent, s.kind, skill_origin(s)) for s in taxonomy.skills]
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM taxonomy_skills")
            con.execute("CREATE OR REPLACE TEMP TABLE _tax AS SELECT skill, category, aliases, parent, kind, origin "
                        "FROM taxonomy_skills LIMIT 0")
            with con.appender("_tax") as app:
                app.append_rows(rows)
            con.execute("INSERT INTO taxonomy_skills (skill, category, aliases, parent, kind, origin) SELECT * FROM _tax")
            con.execute("DROP TABLE _tax")
            # the soft forms may have changed with the taxonomy: the discovered names' kinds follow
            self._soft_cache = None
            self._set_discovered_kinds([r[0] for r in con.execute("SELECT skill FROM discovered_skills").fetchall()])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    # The taxonomy last copied into ``taxonomy_skills`` is recorded as a board_digests row of
    # source '' (never a real source): a run skips re-copying 36k skills when it is current.
    def synced_taxonomy(self) -> str | None:
        row = self.con.execute("SELECT digest FROM board_digests WHERE source = '' AND board = 'taxonomy'").fetchone()
        return row[0] if row else None

    def mark_taxonomy_synced(self, version: str) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO board_digests VALUES ('', 'taxonomy', ?, 0, 0, NULL, now()::TIMESTAMP)", [version]
        )


def _extraction_rows(
    results: Iterable[tuple[str, str, Extraction]], version: str, extracted_at: datetime,
) -> tuple[list[str], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The ids and the posting_facts, skill_mentions and posting_skill_sets rows of ``results``
    (a mention repeated at the same place is stored once)."""
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
        groups: dict[int, set[str]] = {}  # alt_group -> its skills (migration 0013)
        for m in ex.skills:
            key = (m.start, m.end, m.skill)
            if key in seen:
                continue
            seen.add(key)
            kept[m.skill] = kept.get(m.skill, False) or m.requirement == "required"
            group = getattr(m, "alt_group", None)
            if group is not None:
                groups.setdefault(group, set()).add(m.skill)
            mention_rows.append(
                (posting_id, m.skill, m.category, m.requirement, m.start, m.end, m.text,
                 m.evidence, m.section, version, getattr(m, "alt_group", None))
            )
        if seen:
            set_rows.append((posting_id, [k for k, r in kept.items() if r], [k for k, r in kept.items() if not r],
                             len(seen), [g for g in groups.values() if len(g) > 1]))
    return ids, facts_rows, mention_rows, set_rows
