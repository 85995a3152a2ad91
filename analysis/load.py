"""The market, aggregated where the data lives (DuckDB SQL over (posting, skill) pairs).

One read-only connection per report. :class:`MarketQuery` builds temporary tables on it:

    sg_base    postings of the role families and seniority (one scan of the postings view; the
               trends of the top gaps read it too)
    sg_scope   in-scope postings: sg_base within the window (by last_seen) and locations
    sg_sk      skill id <-> name (``skill_ids`` of migration 0008, or ids local to the report)
    sg_cs      one row per (dedup cluster, skill id): required when any in-scope member requires
               it; from the per-posting skill sets of migration 0008 when they agree with the
               mentions (:func:`skill_sets_usable`), else grouped from every mention — same rows
    sg_ha      required hard skills with ``a`` = in-scope clusters requiring them (small)
    sg_cov     one row per cluster stating required hard skills: ``nr`` = sum of their ``a``

and answers the report's questions with group-bys; Python receives one row per skill (counts and
the coverage weight W) and the top of each list (matches, evidence), never one row per posting.
Floating-point sums are avoided in SQL (W comes back as integer counts per requirement-list size
and is summed in Python in a fixed order), so results are deterministic.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from skillgap.analysis.errors import DatabaseError, UsageError
from skillgap.analysis.model import Scope, SkillInfo, naive_utc

DEFAULT_WINDOW_DAYS = 60
SOFT_CATEGORIES = frozenset({"soft", "soft skill", "soft_skill", "soft skills"})
LANGUAGE_CATEGORIES = frozenset({"spoken_language", "spoken language"})
INFLATED_YEARS = 3.0


def parse_since(since: str | None, as_of: datetime | None, *, default_days: int = DEFAULT_WINDOW_DAYS) -> date | None:
    """``--since``: ``YYYY-MM-DD``, ``Nd`` (days) or ``Nw`` (weeks) before ``as_of``; default 60d."""
    text = (since or f"{default_days}d").strip()
    m = re.fullmatch(r"(\d{1,5})\s*([dw])", text, flags=re.IGNORECASE)
    if m:
        days = int(m.group(1)) * (7 if m.group(2).lower() == "w" else 1)
        if as_of is None:
            return None
        return (as_of - timedelta(days=days)).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--since: expected a date YYYY-MM-DD or a window like 60d or 8w; got {since!r}"
        ) from None


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


def skill_class(info: SkillInfo | None) -> str:
    """'hard' (learnable: languages, libraries, tools, methods, knowledge), 'soft', or 'language'
    (spoken languages: asked for, but not what a course in ML teaches)."""
    if info is None:
        return "hard"
    cat = (info.category or "").casefold()
    if cat in LANGUAGE_CATEGORIES:
        return "language"
    if (info.kind or "").casefold() == "soft" or cat in SOFT_CATEGORIES:
        return "soft"
    return "hard"


def load_skill_info(
    con: duckdb.DuckDBPyConnection, skill_cols: set[str], names: Sequence[str] | None = None
) -> dict[str, SkillInfo]:
    """The ``skills`` view (all of it, or only ``names``)."""
    sel = _select(skill_cols, ("skill", "category", "kind", "parent", "aliases"), alias="s")
    if names is None:
        rows = con.execute(f"SELECT {sel} FROM skills s ORDER BY 1").fetchall()
    else:
        rows = con.execute(
            f"SELECT {sel} FROM skills s WHERE s.skill IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1", [list(names)]
        ).fetchall()
    info: dict[str, SkillInfo] = {}
    for skill, category, kind, parent, aliases in rows:
        if skill is None:
            continue
        info[skill] = SkillInfo(
            skill=skill, category=category, kind=kind, parent=parent,
            aliases=tuple(a for a in (aliases or ()) if a),
        )
    return info


_KEY_DROP = re.compile(r"[\s\-\u2010-\u2015_.]+")


def name_key(text: str) -> str:
    """Case, spaces, hyphens, underscores and dots do not matter (as in the taxonomy's resolve)."""
    return _KEY_DROP.sub("", unicodedata.normalize("NFKC", text).casefold().strip())


class DbTaxonomy:
    """Name/alias resolution from the database's ``skills`` view."""

    def __init__(self, info: Mapping[str, SkillInfo]):
        self._info = info
        self._index: dict[str, SkillInfo] = {}
        for s in info.values():
            for name in (s.skill, *s.aliases):
                self._index.setdefault(name_key(name), s)

    @property
    def name(self) -> str:  # pragma: no cover - debugging aid
        return "database skills view"

    def resolve(self, name: str) -> Any:
        hit = self._index.get(name_key(name))
        return _Named(hit.skill) if hit is not None else None

    def closest(self, name: str, n: int = 3) -> list[str]:
        keys = sorted(self._index)
        hits = difflib.get_close_matches(name_key(name), keys, n=n * 3, cutoff=0.6)
        out: list[str] = []
        for h in hits:
            canon = self._index[h].skill
            if canon not in out:
                out.append(canon)
        return out[:n]


@dataclass(frozen=True)
class _Named:
    name: str


_SQL_KEY = r"regexp_replace(lower({x}), '[\s\-\x{{2010}}-\x{{2015}}_.]+', '', 'g')"


class SqlTaxonomy:
    """Name/alias resolution against the ``skills`` view in SQL, without reading the whole view
    into Python (it may hold tens of thousands of skills). Same key as :func:`name_key`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, skill_cols: set[str]):
        self._con = con
        self._cols = skill_cols
        self._cache: dict[str, str | None] = {}
        self._all: DbTaxonomy | None = None

    def prefetch(self, names: Sequence[str]) -> None:
        keys = sorted({name_key(n) for n in names} - set(self._cache))
        if not keys or "skill" not in self._cols:
            return
        alias_forms = ("UNION ALL SELECT skill, unnest(aliases) AS form, 1 AS pri FROM skills "
                       if "aliases" in self._cols else "")
        rows = self._con.execute(
            "WITH k AS (SELECT unnest(?::VARCHAR[]) AS key), "
            f"f AS (SELECT skill, skill AS form, 0 AS pri FROM skills {alias_forms}), "
            f"m AS (SELECT skill, {_SQL_KEY.format(x='form')} AS fk, pri FROM f WHERE form IS NOT NULL) "
            "SELECT k.key, min(m.skill) FILTER (WHERE m.pri = 0), min(m.skill) FILTER (WHERE m.pri = 1) "
            "FROM k LEFT JOIN m ON m.fk = k.key GROUP BY k.key ORDER BY k.key",
            [keys],
        ).fetchall()
        for key, by_name, by_alias in rows:
            self._cache[key] = by_name or by_alias
        for key in keys:
            self._cache.setdefault(key, None)

    def resolve(self, name: str) -> Any:
        key = name_key(name)
        if key not in self._cache:
            self.prefetch([name])
        hit = self._cache.get(key)
        return _Named(hit) if hit is not None else None

    def closest(self, name: str, n: int = 3) -> list[str]:
        if self._all is None:  # only for suggestions after a miss: read the view once
            self._all = DbTaxonomy(load_skill_info(self._con, self._cols))
        return self._all.closest(name, n=n)

    def parents(self) -> dict[str, str]:
        if "parent" not in self._cols:
            return {}
        return dict(self._con.execute("SELECT skill, parent FROM skills WHERE parent IS NOT NULL ORDER BY 1").fetchall())

    def known(self, names: Sequence[str]) -> set[str]:
        rows = self._con.execute("SELECT skill FROM skills WHERE skill IN (SELECT unnest(?::VARCHAR[]))",
                                 [list(names)]).fetchall()
        return {r[0] for r in rows}

    def empty(self) -> bool:
        return self._con.execute("SELECT count(*) = 0 FROM (SELECT 1 FROM skills LIMIT 1)").fetchall()[0][0]


@dataclass(frozen=True)
class SkillStat:
    skill: str
    clusters: int          # in-scope clusters asking for it at all
    required: int          # ... as required
    weight: float          # W: sum of 1/|R_c| over clusters requiring it (hard skills only)


@dataclass(frozen=True)
class MarketStats:
    scope: Scope
    clusters: int
    raw_postings: int
    with_skills: int
    n_req: int                         # clusters stating required hard skills
    asking_years: int
    skills: Mapping[str, SkillStat]
    info: Mapping[str, SkillInfo]
    classes: Mapping[str, str]
    salary_rows: Sequence[tuple[str, int]] = ()   # (currency, clusters stating pay)
    salary: Mapping[str, Any] = field(default_factory=dict)


def _location_sql(locations: Sequence[str]) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    for want in locations:
        w = want.strip().casefold()
        if not w:
            continue
        if w == "remote":
            parts.append("(coalesce(p.remote, FALSE) OR contains(lower(coalesce(p.location, '')), 'remote'))")
        else:
            parts.append("contains(lower(coalesce(p.location, '')), ?)")
            params.append(w)
    if not parts:
        return "TRUE", []
    return "(" + " OR ".join(parts) + ")", params


# per cluster stating required hard skills: nr and the credited weight it has (``have``); only the
# (cluster, skill) pairs of credited skills are joined, so this stays cheap on large markets
_COV_SQL = (
    "WITH cr AS (SELECT k.sid, x.credit FROM (SELECT unnest(?::VARCHAR[]) AS skill, unnest(?::DOUBLE[]) AS credit) x "
    "JOIN sg_sk k USING (skill)), "
    "hv AS (SELECT c.ck, sum(h.a * cr.credit) AS have FROM sg_cs c JOIN cr USING (sid) "
    "JOIN sg_ha h USING (sid) WHERE c.req GROUP BY c.ck), "
    "cov AS (SELECT v.ck, v.nr, coalesce(hv.have, 0) AS have FROM sg_cov v LEFT JOIN hv USING (ck)) "
)


# sg_cs: one row per (in-scope cluster, skill id), required when any in-scope member requires it;
# sg_sk: skill id <-> name. Grouped from every mention (the reference; ids local to the report) ...
_CS_FROM_MENTIONS = (
    "CREATE TEMP TABLE sg_csn AS SELECT s.ck, ps.skill, bool_or(ps.requirement = 'required') AS req "
    "FROM sg_scope s JOIN posting_skills ps USING (posting_id) WHERE ps.skill IS NOT NULL GROUP BY 1, 2; "
    "CREATE TEMP TABLE sg_sk AS SELECT (row_number() OVER (ORDER BY skill))::INTEGER AS sid, skill "
    "FROM (SELECT DISTINCT skill FROM sg_csn); "
    "CREATE TEMP TABLE sg_cs AS SELECT c.ck, k.sid, c.req FROM sg_csn c JOIN sg_sk k USING (skill); "
    "DROP TABLE sg_csn"
)
# ... or from each posting's pre-grouped skill set (migration 0008): one short row of integer ids
# per posting joins the scope, and only clusters with several in-scope members need a group-by (a
# posting's required and preferred lists are distinct and disjoint). Same rows as above.
_CS_FROM_SETS = """CREATE TEMP TABLE sg_sk AS SELECT sid, skill FROM skill_ids;
CREATE TEMP TABLE sg_cs AS
WITH multi AS (
    SELECT ck FROM sg_scope GROUP BY ck HAVING count(*) > 1
), j AS (
    SELECT s.ck, k.required, k.preferred FROM sg_scope s JOIN posting_skill_sets k USING (posting_id)
), u AS (
    SELECT ck, unnest(required) AS sid, TRUE AS req FROM j
    UNION ALL
    SELECT ck, unnest(preferred) AS sid, FALSE AS req FROM j
)
SELECT ck, sid, req FROM u WHERE ck NOT IN (SELECT ck FROM multi)
UNION ALL
SELECT ck, sid, bool_or(req) AS req FROM u WHERE ck IN (SELECT ck FROM multi) GROUP BY ck, sid"""


def skill_sets_usable(con: duckdb.DuckDBPyConnection) -> bool:
    """Does ``posting_skill_sets`` exist and summarise every mention? The store keeps it in step
    (same transaction as the mentions, rebuilt on open after a hand-made change); a reader checks
    two counts, and groups the mentions itself while they disagree."""
    if not {"posting_id", "required", "preferred", "mentions"} <= columns_of(con, "posting_skill_sets"):
        return False
    if not {"sid", "skill"} <= columns_of(con, "skill_ids"):
        return False
    n, summed = con.execute(
        "SELECT (SELECT count(*) FROM posting_skills), (SELECT coalesce(sum(mentions), 0) FROM posting_skill_sets)"
    ).fetchall()[0]
    return n == summed


_TEXT_ORDER = ("title", "company", "url", "location", "remote")
TEXT_COLUMNS = frozenset(_TEXT_ORDER)


class MarketQuery:
    """Scope tables on an open read-only connection, and the queries the report needs."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        role_families: Sequence[str],
        seniority: Sequence[str],
        locations: Sequence[str] = (),
        since: str | None = None,
        as_of: datetime | None = None,
        path: object = "<db>",
        skill_sets: bool | None = None,
    ) -> None:
        """``skill_sets``: read (cluster, skill) pairs from ``posting_skill_sets`` (True), group
        the mentions (False), or decide by :func:`skill_sets_usable` (None, the default)."""
        self.con = con
        self.cols = check_schema(con, path)
        as_of = naive_utc(as_of) if as_of is not None else latest_seen(con)
        since_date = parse_since(since, as_of)
        self.scope = Scope(tuple(role_families), tuple(seniority), tuple(locations), since_date, as_of)
        where = ["list_contains(?::VARCHAR[], p.role_family)", "list_contains(?::VARCHAR[], p.seniority)"]
        params: list[Any] = [list(role_families), list(seniority)]
        if since_date is not None:
            # by when it was last seen: an open posting of a live board is re-seen on every run
            where.append("p.last_seen >= ?::TIMESTAMP")
            params.append(datetime.combine(since_date, datetime.min.time()))
        loc, lparams = _location_sql(locations)
        where.append(loc)
        params += lparams
        pc = self.cols["postings"]
        extra = _select(pc, ("years_min", "experience_inflated", "salary_annual_min", "salary_annual_max",
                             "salary_currency", "degree", "visa_sponsorship"))
        for t in ("sg_base", "sg_scope", "sg_cs", "sg_sk", "sg_csn"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
        # one scan of the postings view: role family and seniority (what the trends of the top gaps
        # share), then the window and locations on that
        # texts (title, company, url, ...) are read for the few postings shown (:meth:`texts`);
        # location and remote only when the profile filters on them
        where_loc = ", p.location, p.remote" if lparams or loc != "TRUE" else ""
        con.execute(
            "CREATE TEMP TABLE sg_base AS SELECT p.posting_id, hash(coalesce(p.cluster_id, p.posting_id)) AS ck, "
            f"p.first_seen, p.closed_at, {extra}, p.last_seen, coalesce(p.posted_at, p.first_seen) AS ts{where_loc} "
            f"FROM postings p WHERE {' AND '.join(where[:2])}",
            params[:2],
        )
        self.base_table = "sg_base"
        con.execute(
            f"CREATE TEMP TABLE sg_scope AS SELECT p.* EXCLUDE (last_seen, ts{where_loc.replace('p.', '')}) "
            f"FROM sg_base p WHERE {' AND '.join(where[2:])}",
            params[2:],
        )
        self.pre_grouped = skill_sets_usable(con) if skill_sets is None else bool(skill_sets)
        con.execute(_CS_FROM_SETS if self.pre_grouped else _CS_FROM_MENTIONS)
        self._stats: MarketStats | None = None

    def texts(self, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """posting_id -> (title, company, url, location, remote) for a few postings. These are the
        record's own columns in the postings view, so they are read from posting_records when it
        is there (a look-up by id, without joining a million facts), else from the view."""
        src = "posting_records" if TEXT_COLUMNS <= columns_of(self.con, "posting_records") else "postings"
        cols = ", ".join(f'"{c}"' for c in ("posting_id", *sorted(TEXT_COLUMNS, key=_TEXT_ORDER.index)))
        return {
            r[0]: r[1:] for r in self.con.execute(
                f"SELECT {cols} FROM {src} WHERE posting_id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
            ).fetchall()
        }

    # ------------------------------------------------------------------ per-skill aggregates
    def stats(self, fallback_info: Mapping[str, SkillInfo] | None = None) -> MarketStats:
        if self._stats is not None:
            return self._stats
        con = self.con
        clusters, raw = con.execute("SELECT count(DISTINCT ck), count(*) FROM sg_scope").fetchall()[0]
        sc = self.cols["skills"]
        cat = "k.category" if "category" in sc else "NULL"
        kind = "k.kind" if "kind" in sc else "NULL"
        parent = "k.parent" if "parent" in sc else "NULL"
        rows = con.execute(
            f"WITH a AS (SELECT sid, count(*) AS d, count(*) FILTER (WHERE req) AS r FROM sg_cs GROUP BY 1) "
            f"SELECT n.skill, a.d, a.r, {cat}, {kind}, {parent} FROM a JOIN sg_sk n USING (sid) "
            "LEFT JOIN skills k ON k.skill = n.skill ORDER BY 1"
        ).fetchall()
        per_skill = [(r[0], r[1], r[2]) for r in rows]
        names = [r[0] for r in rows]
        info = {r[0]: SkillInfo(r[0], r[3], r[4], r[5]) for r in rows}
        missing_cat = [n for n in names if info[n].category is None]
        if missing_cat and "category" in self.cols["posting_skills"]:
            for skill, pcat in con.execute(
                "SELECT skill, min(category) FROM posting_skills WHERE skill IN (SELECT unnest(?::VARCHAR[])) "
                "AND category IS NOT NULL GROUP BY 1 ORDER BY 1", [missing_cat]
            ).fetchall():
                cur = info[skill]
                info[skill] = SkillInfo(skill, cur.category or pcat, cur.kind, cur.parent, cur.aliases)
        for n in names:
            if info[n].kind is None and fallback_info and n in fallback_info:
                fb, cur = fallback_info[n], info[n]
                info[n] = SkillInfo(n, cur.category or fb.category, fb.kind, cur.parent, cur.aliases)
        classes = {n: skill_class(info.get(n)) for n in names}
        req_counts = {s: int(r) for s, _d, r in per_skill}
        hard = [n for n in names if classes[n] == "hard"]
        # a = in-scope clusters requiring the skill; nr = sum of a over the cluster's list (integers)
        con.execute("DROP TABLE IF EXISTS sg_ha")
        con.execute(
            "CREATE TEMP TABLE sg_ha AS SELECT k.sid, x.a FROM (SELECT unnest(?::VARCHAR[]) AS skill, "
            "unnest(?::BIGINT[]) AS a) x JOIN sg_sk k USING (skill)",
            [[h for h in hard if req_counts[h]], [req_counts[h] for h in hard if req_counts[h]]],
        )
        con.execute("DROP TABLE IF EXISTS sg_cov")
        con.execute(
            "CREATE TEMP TABLE sg_cov AS SELECT c.ck, sum(h.a) AS nr FROM sg_cs c JOIN sg_ha h USING (sid) "
            "WHERE c.req GROUP BY c.ck"
        )
        # W(t) = a(t) * sum of 1/nr over the clusters requiring t; fsum (Kahan) so that the order
        # threads add in does not show, and rounded to 12 digits: the same database gives the same W
        w: dict[str, float] = {}
        for skill, a, inv in con.execute(
            "WITH w AS (SELECT c.sid, any_value(h.a) AS a, fsum(1.0 / v.nr) AS inv FROM sg_cs c JOIN sg_ha h USING (sid) "
            "JOIN sg_cov v USING (ck) WHERE c.req GROUP BY c.sid) "
            "SELECT n.skill, w.a, w.inv FROM w JOIN sg_sk n USING (sid) ORDER BY 1"
        ).fetchall():
            w[skill] = round(a * inv, 12)
        n_req = con.execute("SELECT count(*) FROM sg_cov").fetchall()[0][0]
        with_skills = con.execute("SELECT count(DISTINCT ck) FROM sg_cs").fetchall()[0][0]
        asking_years = con.execute(
            "SELECT count(*) FROM (SELECT ck FROM sg_scope GROUP BY ck "
            "HAVING max(coalesce(years_min, 0)) >= ? OR bool_or(coalesce(experience_inflated, FALSE)))",
            [INFLATED_YEARS],
        ).fetchall()[0][0]
        skills = {s: SkillStat(s, int(d), int(r), w.get(s, 0.0)) for s, d, r in per_skill}
        self._stats = MarketStats(
            scope=self.scope, clusters=int(clusters), raw_postings=int(raw), with_skills=int(with_skills),
            n_req=int(n_req), asking_years=int(asking_years), skills=skills, info=info, classes=classes,
        )
        return self._stats

    def union_counts(self, groups: Mapping[str, Sequence[str]]) -> dict[str, tuple[int, int]]:
        """(clusters asking for any member, ... requiring any member) per group lead."""
        pairs = [(m, lead) for lead, ms in groups.items() for m in ms]
        if not pairs:
            return {}
        rows = self.con.execute(
            "WITH g AS (SELECT k.sid, x.lead FROM (SELECT unnest(?::VARCHAR[]) AS skill, unnest(?::VARCHAR[]) AS lead) x "
            "JOIN sg_sk k USING (skill)) "
            "SELECT g.lead, count(DISTINCT c.ck), count(DISTINCT c.ck) FILTER (WHERE c.req) "
            "FROM sg_cs c JOIN g USING (sid) GROUP BY 1 ORDER BY 1",
            [[p[0] for p in pairs], [p[1] for p in pairs]],
        ).fetchall()
        return {lead: (int(d), int(r)) for lead, d, r in rows}

    # ------------------------------------------------------------------ thresholds
    def _have(self, credit: Mapping[str, float]) -> None:
        """sg_have: (ck, nr, have) of every cluster stating required hard skills, for these credits
        (kept while the same credits are asked for again: open counts and matches share it)."""
        cs = sorted(credit)
        key = tuple((s, float(credit[s])) for s in cs)
        if getattr(self, "_have_key", None) == key:
            return
        self.con.execute("DROP TABLE IF EXISTS sg_have")
        self.con.execute("CREATE TEMP TABLE sg_have AS " + _COV_SQL + "SELECT ck, nr, have FROM cov",
                         [cs, [float(credit[s]) for s in cs]])
        self._have_key = key

    def open_counts(
        self, credit: Mapping[str, float], scenarios: Mapping[str, Mapping[str, float]], threshold: float
    ) -> tuple[int, dict[str, int]]:
        """(clusters open now, clusters each scenario opens that were not open now).

        A scenario is a set of credit increases (skill -> credit added) on top of ``credit``.
        """
        self._have(credit)
        eps = 1e-9
        open_now = self.con.execute(
            "SELECT count(*) FROM sg_have WHERE have >= ? * nr - ?", [threshold, eps]
        ).fetchall()[0][0]
        out = {k: 0 for k in scenarios}
        names = list(scenarios)
        rows = [(i, s, float(d)) for i, k in enumerate(names) for s, d in sorted(scenarios[k].items()) if d > 0]
        if rows:
            # only clusters not open now can be opened: the others never reach the group-by
            q = (
                "WITH d AS (SELECT y.scen, k.sid, y.dc FROM (SELECT unnest(?::INTEGER[]) AS scen, unnest(?::VARCHAR[]) AS skill, "
                "unnest(?::DOUBLE[]) AS dc) y JOIN sg_sk k USING (skill)), "
                "shut AS (SELECT ck FROM sg_have WHERE have < ? * nr - ?), "
                "x AS (SELECT d.scen, c.ck, sum(h.a * d.dc) AS dd FROM sg_cs c JOIN d USING (sid) "
                "JOIN sg_ha h USING (sid) WHERE c.req AND c.ck IN (SELECT ck FROM shut) GROUP BY 1, 2) "
                "SELECT x.scen, count(*) FROM x JOIN sg_have v USING (ck) "
                "WHERE v.have + x.dd >= ? * v.nr - ? GROUP BY 1 ORDER BY 1"
            )
            for i, k in self.con.execute(
                q, [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], threshold, eps, threshold, eps]
            ).fetchall():
                out[names[i]] = int(k)
        return int(open_now), out

    # ------------------------------------------------------------------ matches
    def top_matches(self, credit: Mapping[str, float], limit: int) -> tuple[int, list[dict[str, Any]]]:
        """(clusters scored, the ``limit`` best): cover = credited, weighted share of required hard skills."""
        self._have(credit)
        # only clusters scoring at least the limit-th best (ties included) can make the list: the
        # representative posting is picked for those alone
        floor = self.con.execute(
            "SELECT round(have / nr, 9) AS score FROM sg_have ORDER BY score DESC LIMIT 1 OFFSET ?",
            [max(int(limit) - 1, 0)],
        ).fetchone()
        q = (
            "WITH cov AS (SELECT ck, nr, have FROM sg_have WHERE round(have / nr, 9) >= ?), "
            "rep AS (SELECT ck, arg_min(posting_id, (closed_at IS NOT NULL, coalesce(first_seen, TIMESTAMP '9999-01-01'), posting_id)) AS posting_id, "
            "min(first_seen) AS first_seen, bool_or(closed_at IS NULL) AS is_open FROM sg_scope "
            "WHERE ck IN (SELECT ck FROM cov) GROUP BY ck) "
            "SELECT cov.ck, cov.have / cov.nr AS score, rep.posting_id, rep.first_seen, rep.is_open "
            "FROM cov JOIN rep USING (ck) "
            "ORDER BY round(score, 9) DESC, rep.first_seen DESC NULLS LAST, rep.posting_id LIMIT ?"
        )
        params: list[Any] = [floor[0] if floor is not None else float("-inf")]
        total = self.con.execute("SELECT count(*) FROM sg_cov").fetchall()[0][0]
        top = self.con.execute(q, params + [int(limit)]).fetchall()
        if not top:
            return int(total), []
        cks = [t[0] for t in top]
        pids = [t[2] for t in top]
        texts = self.texts(pids)
        details = {
            r[0]: (r[0], *texts[r[0]], *r[1:]) for r in self.con.execute(
                "SELECT posting_id, years_min, experience_inflated, degree, "
                "visa_sponsorship FROM sg_scope WHERE posting_id IN (SELECT unnest(?::VARCHAR[]))", [pids]
            ).fetchall()
        }
        skills: dict[str, list[tuple[str, bool]]] = {}
        for ck, skill, req in self.con.execute(
            "SELECT c.ck, n.skill, c.req FROM sg_cs c JOIN sg_sk n USING (sid) "
            "WHERE c.ck IN (SELECT unnest(?::UBIGINT[])) ORDER BY 1, 2", [cks]
        ).fetchall():
            skills.setdefault(ck, []).append((skill, bool(req)))
        out = []
        for ck, score, pid, first_seen, is_open in top:
            d = details[pid]
            out.append({
                "cluster_id": ck, "posting_id": pid, "score": float(score), "first_seen": naive_utc(first_seen),
                "open": bool(is_open), "title": d[1] or "", "company": d[2], "url": d[3], "location": d[4],
                "remote": d[5], "years_min": d[6], "experience_inflated": d[7], "degree": d[8],
                "visa_sponsorship": d[9], "skills": skills.get(ck, []),
            })
        return int(total), out

    # ------------------------------------------------------------------ salary
    def salary(self, *, skill: str | None = None) -> tuple[int, list[tuple[str, list[float]]]]:
        """(clusters, [(currency, sorted midpoints)]): one pay figure per cluster (its first member stating pay)."""
        filt = ""
        params: list[Any] = []
        if skill is not None:
            filt = "WHERE ck IN (SELECT ck FROM sg_cs WHERE sid = (SELECT sid FROM sg_sk WHERE skill = ?))"
            params.append(skill)
        n = self.con.execute(f"SELECT count(DISTINCT ck) FROM sg_scope {filt}", params).fetchall()[0][0]
        rows = self.con.execute(
            "WITH s AS (SELECT ck, arg_min(upper(coalesce(salary_currency, 'unknown')), posting_id) AS cur, "
            "arg_min(CASE WHEN salary_annual_min IS NOT NULL AND salary_annual_max IS NOT NULL "
            "THEN (salary_annual_min + salary_annual_max) / 2 ELSE coalesce(salary_annual_min, salary_annual_max) END, posting_id) AS mid "
            f"FROM sg_scope {filt} {'AND' if filt else 'WHERE'} coalesce(salary_annual_min, salary_annual_max) IS NOT NULL GROUP BY ck) "
            "SELECT cur, list(mid ORDER BY mid) FROM s WHERE mid > 0 GROUP BY cur ORDER BY cur",
            params,
        ).fetchall()
        return int(n), [(cur, [float(x) for x in mids]) for cur, mids in rows]

    # ------------------------------------------------------------------ explain helpers
    def evidence(self, skill: str, limit: int) -> list[dict[str, Any]]:
        pc = self.cols["posting_skills"]
        section = "ps.section" if "section" in pc else "NULL"
        rows = self.con.execute(
            f"""WITH e AS (
                SELECT s.ck, s.posting_id, s.first_seen, ps.requirement,
                       ps.evidence, {section} AS section, ps."start"
                FROM sg_scope s JOIN posting_skills ps USING (posting_id)
                WHERE ps.skill = ? AND ps.evidence IS NOT NULL AND ps.evidence <> ''
            ), best AS (
                SELECT ck, arg_min(e, (requirement <> 'required', posting_id, coalesce("start", 0))) AS e
                FROM e GROUP BY ck
            )
            SELECT e.posting_id, e.requirement, e.section, e.evidence, e.first_seen, ck
            FROM best
            ORDER BY e.requirement <> 'required', e.first_seen DESC NULLS LAST, ck LIMIT ?""",
            [skill, int(limit)],
        ).fetchall()
        texts = self.texts([r[0] for r in rows]) if rows else {}
        return [
            {"posting_id": r[0], "title": texts[r[0]][0], "company": texts[r[0]][1], "url": texts[r[0]][2],
             "requirement": r[1], "section": r[2], "sentence": r[3]}
            for r in rows
        ]

    def cooccurring(self, skill: str) -> list[tuple[str, int, int]]:
        """(other skill, clusters with both, clusters with the other) over in-scope clusters."""
        return [
            (s, int(both), int(tot)) for s, both, tot in self.con.execute(
                "WITH a AS (SELECT ck FROM sg_cs WHERE sid = (SELECT sid FROM sg_sk WHERE skill = ?)), "
                "t AS (SELECT sid, count(*) AS tot FROM sg_cs GROUP BY 1), "
                "o AS (SELECT c.sid, count(*) AS both_, any_value(t.tot) AS tot FROM sg_cs c JOIN a USING (ck) "
                "JOIN t USING (sid) GROUP BY 1) "
                "SELECT n.skill, o.both_, o.tot FROM o JOIN sg_sk n USING (sid) WHERE n.skill <> ? ORDER BY 1", [skill, skill]
            ).fetchall()
        ]


def with_names(info: Mapping[str, SkillInfo], names: Iterable[str]) -> dict[str, SkillInfo]:
    out = dict(info)
    for n in names:
        out.setdefault(n, SkillInfo(n))
    return out
