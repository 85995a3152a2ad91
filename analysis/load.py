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

from skillgap.analysis.coverage import MET_AT, Weights
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
    weight: float          # sum of W over the requirements it is a member of (hard skills only)


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
    units: Mapping[frozenset[str], float] = field(default_factory=dict)  # W per requirement
    unit_counts: Mapping[frozenset[str], int] = field(default_factory=dict)  # clusters with each requirement
    salary: Mapping[str, Any] = field(default_factory=dict)


STRETCH_YEARS = 2.0
MARKET_MAX_YEARS = 1.0


def entry_market_sql(cols: set[str], degree_rank: int | None, degrees: list[str]) -> tuple[str, str, list[Any]]:
    """(market condition, stretch reason expression, their parameters) over a postings row ``p``.

    The market (CONTRACTS §3 ``entry_level``): the posting is entry level (``entry_level`` not
    false), asks at most ``MARKET_MAX_YEARS`` years (``years_min``, the cheapest degree path: the
    stored facts hold no years per degree path yet) and no degree above the profile's.
    The stretch tier, just outside: intern/entry postings asking more than 1 and at most
    ``STRETCH_YEARS`` years, or entry-level postings asking a degree the profile lacks. The one
    place these tiers are defined; the reason is the text the report prints.
    """
    el = "coalesce(p.entry_level, TRUE)" if "entry_level" in cols else "TRUE"
    yrs = "coalesce(p.years_min, 0)" if "years_min" in cols else "0"
    if "degree" in cols:
        lacks = ("(?::INTEGER IS NOT NULL AND coalesce(list_position(?::VARCHAR[], lower(p.degree)), 0) > ?::INTEGER)")
        dparams: list[Any] = [degree_rank, degrees, degree_rank]
        deg_name = "coalesce(p.degree, '')"
    else:
        lacks, dparams, deg_name = "FALSE", [], "''"
    market = f"({el} AND {yrs} <= {MARKET_MAX_YEARS} AND NOT {lacks})"
    sen = "p.seniority IN ('intern', 'entry')" if "seniority" in cols else "TRUE"
    stretch = (f"(CASE WHEN {sen} AND {yrs} > {MARKET_MAX_YEARS} AND {yrs} <= {STRETCH_YEARS} "
               f"THEN 'asks ' || regexp_replace(CAST({yrs} AS VARCHAR), '\\.0$', '') || ' years' "
               f"WHEN {el} AND {yrs} <= {MARKET_MAX_YEARS} AND {lacks} THEN 'asks a ' || {deg_name} || ' degree' END)")
    # the stretch expression uses the degree parameters once (in its second branch)
    return market, stretch, dparams


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


# per cluster stating required hard skills: nr (requirements) and have (requirements met: some
# member has full credit); only the (cluster, skill) pairs of met skills are joined
_COV_SQL = (
    "WITH cr AS (SELECT k.sid FROM (SELECT unnest(?::VARCHAR[]) AS skill) x JOIN sg_sk k USING (skill)), "
    "hv AS (SELECT c.ck, count(DISTINCT c.u) AS have FROM sg_cs c JOIN cr USING (sid) "
    "JOIN sg_ha h USING (sid) WHERE c.ureq GROUP BY c.ck), "
    "cov AS (SELECT v.ck, v.nr, coalesce(hv.have, 0) AS have FROM sg_cov v LEFT JOIN hv USING (ck)) "
)


# sg_cs: one row per (in-scope cluster, skill id), required when any in-scope member requires it;
# sg_sk: skill id <-> name. Grouped from every mention (the reference; ids local to the report) ...
_CS_FROM_MENTIONS = (
    "CREATE TEMP TABLE sg_m AS SELECT s.ck, s.posting_id, ps.skill, ps.requirement = 'required' AS r, {alt} AS g "
    "FROM sg_scope s JOIN posting_skills ps USING (posting_id) WHERE ps.skill IS NOT NULL; "
    "CREATE TEMP TABLE sg_sk AS SELECT (row_number() OVER (ORDER BY skill))::INTEGER AS sid, skill "
    "FROM (SELECT DISTINCT skill FROM sg_m); "
    "CREATE TEMP TABLE sg_alt AS SELECT m.posting_id, k.sid, min(k.sid) OVER (PARTITION BY m.posting_id, m.g) AS gmin, "
    "count(DISTINCT k.sid) OVER (PARTITION BY m.posting_id, m.g) AS gn "
    "FROM sg_m m JOIN sg_sk k USING (skill) WHERE m.g IS NOT NULL; "
    "CREATE TEMP TABLE sg_cs0 AS SELECT m.ck, k.sid, bool_or(m.r) AS req, "
    "least(min(k.sid), coalesce(min(a.gmin) FILTER (WHERE a.gn > 1), min(k.sid))) AS u "
    "FROM sg_m m JOIN sg_sk k USING (skill) LEFT JOIN sg_alt a ON a.posting_id = m.posting_id AND a.sid = k.sid "
    "GROUP BY 1, 2; "
    "DROP TABLE sg_m; DROP TABLE sg_alt"
)
# ... or from each posting's pre-grouped skill set (migration 0008): one short row of integer ids
# per posting joins the scope, and only clusters with several in-scope members need a group-by (a
# posting's required and preferred lists are distinct and disjoint). Same rows as above.
_CS_FROM_SETS = """CREATE TEMP TABLE sg_sk AS SELECT sid, skill FROM skill_ids;
CREATE TEMP TABLE sg_alt AS
WITH m AS (
    SELECT ps.posting_id, k.sid, ps.alt_group AS g FROM posting_skills ps JOIN skill_ids k USING (skill)
    WHERE ps.alt_group IS NOT NULL AND ps.posting_id IN (SELECT posting_id FROM sg_scope)
), g AS (
    SELECT posting_id, g, min(sid) AS gmin FROM m GROUP BY 1, 2 HAVING count(DISTINCT sid) > 1
)
SELECT m.posting_id, m.sid, min(g.gmin) AS gmin FROM m JOIN g USING (posting_id, g) GROUP BY 1, 2;
CREATE TEMP TABLE sg_cs0 AS
WITH multi AS (
    SELECT ck FROM sg_scope GROUP BY ck HAVING count(*) > 1
), j AS (
    SELECT s.ck, s.posting_id, k.required, k.preferred FROM sg_scope s JOIN posting_skill_sets k USING (posting_id)
), u0 AS (
    SELECT ck, posting_id, unnest(required) AS sid, TRUE AS req FROM j
    UNION ALL
    SELECT ck, posting_id, unnest(preferred) AS sid, FALSE AS req FROM j
), u AS (
    SELECT u0.ck, u0.sid, u0.req, least(u0.sid, coalesce(a.gmin, u0.sid)) AS u
    FROM u0 LEFT JOIN sg_alt a USING (posting_id, sid)
)
SELECT ck, sid, req, u FROM u WHERE ck NOT IN (SELECT ck FROM multi)
UNION ALL
SELECT ck, sid, bool_or(req) AS req, min(u) AS u FROM u WHERE ck IN (SELECT ck FROM multi) GROUP BY ck, sid;
DROP TABLE sg_alt"""

# sg_cs: (ck, sid, req, u, ureq): u = the cluster's requirement the skill belongs to (the smallest
# sid of the alternatives it is offered with, else its own sid); ureq = some member of u required
_CS_UNITS = ("CREATE TEMP TABLE sg_cs AS SELECT ck, sid, req, u, bool_or(req) OVER (PARTITION BY ck, u) AS ureq "
             "FROM sg_cs0; DROP TABLE sg_cs0")


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


@dataclass(frozen=True)
class GateParams:
    """What the profile brings to a posting's gates (for ranking failing postings last)."""

    years: float | None = None       # profile years_experience (None counts as 0)
    degree_rank: int | None = None   # 1-based position of the profile's degree in ``degrees``; None: unknown
    degrees: tuple[str, ...] = ()
    needs_visa: bool = False


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
        entry_market: bool = False,
        degree_rank: int | None = None,
        degrees: Sequence[str] = (),
    ) -> None:
        """``skill_sets``: read (cluster, skill) pairs from ``posting_skill_sets`` (True), group
        the mentions (False), or decide by :func:`skill_sets_usable` (None, the default).

        ``entry_market``: the market is what a fresh graduate can be hired into (see
        :func:`entry_market_sql`), and the postings just outside it form the stretch tier
        (:meth:`stretch`); ``degree_rank`` (1-based in ``degrees``) is the profile's degree."""
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
        self.entry_market = entry_market
        self._tier: tuple[str, list[Any]] = ("", [])
        if entry_market:
            market, stretch, tparams = entry_market_sql(pc, degree_rank, list(degrees))
            where.append(market)
            params += tparams
            self._tier = (stretch, tparams)
        extra = _select(pc, ("years_min", "experience_inflated", "salary_annual_min", "salary_annual_max",
                             "salary_currency", "degree", "visa_sponsorship")
                        + (("entry_level", "seniority") if entry_market else ()))
        for t in ("sg_base", "sg_scope", "sg_cs", "sg_sk", "sg_cs0", "sg_m", "sg_alt"):
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
        if entry_market:
            con.execute("DROP TABLE IF EXISTS sg_stretch")
            con.execute(
                f"CREATE TEMP TABLE sg_stretch AS SELECT p.posting_id, p.ck, p.first_seen, p.closed_at, {self._tier[0]} AS why "
                f"FROM sg_base p WHERE {' AND '.join(where[2:-1])} AND NOT ({where[-1]}) AND ({self._tier[0]}) IS NOT NULL",
                self._tier[1] + params[2:len(params) - len(self._tier[1])] + self._tier[1] + self._tier[1],
            )
        self.pre_grouped = skill_sets_usable(con) if skill_sets is None else bool(skill_sets)
        has_alt = "alt_group" in self.cols["posting_skills"]
        if self.pre_grouped:
            con.execute(_CS_FROM_SETS if has_alt else _CS_FROM_SETS.replace("WHERE ps.alt_group IS NOT NULL", "WHERE FALSE")
                        .replace("ps.alt_group AS g", "NULL::INTEGER AS g"))
        else:
            con.execute(_CS_FROM_MENTIONS.format(alt="ps.alt_group" if has_alt else "NULL::INTEGER"))
        con.execute(_CS_UNITS)
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
        # sg_ha: hard skills in scope (a = in-scope clusters requiring them); sg_cu: one row per
        # (cluster, requirement) of the required hard skills, a requirement being a skill or the
        # alternatives offered with it; sg_cov: nr = requirements per cluster
        con.execute("DROP TABLE IF EXISTS sg_ha")
        con.execute(
            "CREATE TEMP TABLE sg_ha AS SELECT k.sid, x.a FROM (SELECT unnest(?::VARCHAR[]) AS skill, "
            "unnest(?::BIGINT[]) AS a) x JOIN sg_sk k USING (skill)",
            [hard, [req_counts[h] for h in hard]],
        )
        con.execute("DROP TABLE IF EXISTS sg_cu")
        con.execute(
            "CREATE TEMP TABLE sg_cu AS SELECT c.ck, c.u, list(c.sid ORDER BY c.sid) AS sids FROM sg_cs c "
            "JOIN sg_ha h USING (sid) WHERE c.ureq GROUP BY 1, 2"
        )
        con.execute("DROP TABLE IF EXISTS sg_cov")
        con.execute("CREATE TEMP TABLE sg_cov AS SELECT ck, count(*) AS nr FROM sg_cu GROUP BY ck")
        # W(r) = sum of 1/nr over the clusters with requirement r; fsum (Kahan) so that the order
        # threads add in does not show, and rounded to 12 digits: the same database gives the same W
        names_of = dict(con.execute("SELECT sid, skill FROM sg_sk WHERE sid IN (SELECT sid FROM sg_ha)").fetchall())
        units = Weights()
        unit_counts: dict[frozenset[str], int] = {}
        for sids, inv, cnt in con.execute(
            "SELECT c.sids, fsum(1.0 / v.nr), count(*) FROM sg_cu c JOIN sg_cov v USING (ck) GROUP BY 1 ORDER BY 1"
        ).fetchall():
            key = frozenset(names_of[i] for i in sids)
            units[key] = round(inv, 12)
            unit_counts[key] = int(cnt)
        w: dict[str, float] = {}
        for r, x in units.items():
            for m in r:
                w[m] = w.get(m, 0.0) + x
        n_req = con.execute("SELECT count(*) FROM sg_cov").fetchall()[0][0]
        with_skills = con.execute("SELECT count(DISTINCT ck) FROM sg_cs").fetchall()[0][0]
        asking_years = con.execute(
            "SELECT count(*) FROM (SELECT ck FROM sg_scope GROUP BY ck "
            "HAVING max(coalesce(years_min, 0)) >= ? OR bool_or(coalesce(experience_inflated, FALSE)))",
            [INFLATED_YEARS],
        ).fetchall()[0][0]
        skills = {s: SkillStat(s, int(d), int(r), round(w.get(s, 0.0), 12)) for s, d, r in per_skill}
        self._stats = MarketStats(
            scope=self.scope, clusters=int(clusters), raw_postings=int(raw), with_skills=int(with_skills),
            n_req=int(n_req), asking_years=int(asking_years), skills=skills, info=info, classes=classes,
            units=units, unit_counts=unit_counts,
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
        cs = sorted(s for s, c in credit.items() if c >= MET_AT)
        key = tuple(cs)
        if getattr(self, "_have_key", None) == key:
            return
        self.con.execute("DROP TABLE IF EXISTS sg_have")
        self.con.execute("CREATE TEMP TABLE sg_have AS " + _COV_SQL + "SELECT ck, nr, have FROM cov", [cs])
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
        met = {s for s, c in credit.items() if c >= MET_AT}
        rows = [(i, s) for i, k in enumerate(names) for s, d in sorted(scenarios[k].items())
                if s not in met and credit.get(s, 0.0) + d >= MET_AT]
        if rows:
            # only clusters not open now can be opened: the others never reach the group-by; a
            # requirement counts once however many of its members the scenario adds
            q = (
                "WITH d AS (SELECT y.scen, k.sid FROM (SELECT unnest(?::INTEGER[]) AS scen, unnest(?::VARCHAR[]) AS skill) y "
                "JOIN sg_sk k USING (skill)), "
                "cr AS (SELECT k.sid FROM (SELECT unnest(?::VARCHAR[]) AS skill) x JOIN sg_sk k USING (skill)), "
                "metu AS (SELECT DISTINCT c.ck, c.u FROM sg_cs c JOIN cr USING (sid) JOIN sg_ha USING (sid) WHERE c.ureq), "
                "shut AS (SELECT ck FROM sg_have WHERE have < ? * nr - ?), "
                "x AS (SELECT d.scen, c.ck, count(DISTINCT c.u) AS dd FROM sg_cs c JOIN d USING (sid) "
                "JOIN sg_ha h USING (sid) LEFT JOIN metu m ON m.ck = c.ck AND m.u = c.u "
                "WHERE c.ureq AND m.ck IS NULL AND c.ck IN (SELECT ck FROM shut) GROUP BY 1, 2) "
                "SELECT x.scen, count(*) FROM x JOIN sg_have v USING (ck) "
                "WHERE v.have + x.dd >= ? * v.nr - ? GROUP BY 1 ORDER BY 1"
            )
            for i, k in self.con.execute(
                q, [[r[0] for r in rows], [r[1] for r in rows], sorted(met), threshold, eps, threshold, eps]
            ).fetchall():
                out[names[i]] = int(k)
        return int(open_now), out

    # ------------------------------------------------------------------ matches
    def top_matches(self, credit: Mapping[str, float], limit: int,
                    gates: GateParams | None = None) -> tuple[int, list[dict[str, Any]]]:
        """(clusters scored, the ``limit`` best): score = fit (requirements met / requirements).

        A cluster whose representative posting fails a gate (:class:`GateParams`: years, degree,
        visa) ranks below every cluster that passes; then score, newest, id."""
        self._have(credit)
        g = gates or GateParams()
        pc = self.cols["postings"]
        infl = "coalesce(experience_inflated, FALSE)" if "experience_inflated" in pc else "FALSE"
        fail_sql = (
            f"(coalesce(years_min, 0) > ? + 1e-9 OR {infl} "
            "OR (?::INTEGER IS NOT NULL AND coalesce(list_position(?::VARCHAR[], lower(degree)), 0) > ?::INTEGER) "
            "OR (? AND visa_sponsorship = FALSE))"
        )
        gparams = [float(g.years or 0.0), g.degree_rank, list(g.degrees), g.degree_rank, bool(g.needs_visa)]
        q = (
            "WITH rep AS (SELECT ck, arg_min(posting_id, (closed_at IS NOT NULL, coalesce(first_seen, TIMESTAMP '9999-01-01'), posting_id)) AS posting_id, "
            f"arg_min({fail_sql}, (closed_at IS NOT NULL, coalesce(first_seen, TIMESTAMP '9999-01-01'), posting_id)) AS fails, "
            "min(first_seen) AS first_seen, bool_or(closed_at IS NULL) AS is_open FROM sg_scope "
            "WHERE ck IN (SELECT ck FROM sg_have) GROUP BY ck) "
            "SELECT v.ck, v.have / v.nr AS score, rep.posting_id, rep.first_seen, rep.is_open, rep.fails "
            "FROM sg_have v JOIN rep USING (ck) "
            "ORDER BY rep.fails, round(score, 9) DESC, rep.first_seen DESC NULLS LAST, rep.posting_id LIMIT ?"
        )
        total = self.con.execute("SELECT count(*) FROM sg_cov").fetchall()[0][0]
        top = self.con.execute(q, gparams + [int(limit)]).fetchall()
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
        skills: dict[str, list[tuple[str, bool, int, bool]]] = {}
        hard = {r[0] for r in self.con.execute("SELECT sid FROM sg_ha").fetchall()}
        for ck, skill, req, u, ureq, sid in self.con.execute(
            "SELECT c.ck, n.skill, c.req, c.u, c.ureq, c.sid FROM sg_cs c JOIN sg_sk n USING (sid) "
            "WHERE c.ck IN (SELECT unnest(?::UBIGINT[])) ORDER BY 1, 2", [cks]
        ).fetchall():
            skills.setdefault(ck, []).append((skill, bool(req), int(u), bool(ureq) and sid in hard))
        out = []
        for ck, score, pid, first_seen, is_open, fails in top:
            d = details[pid]
            rows = skills.get(ck, [])
            units: dict[int, list[str]] = {}
            for skill, _req, u, ureq_hard in rows:
                if ureq_hard:
                    units.setdefault(u, []).append(skill)
            out.append({
                "cluster_id": ck, "posting_id": pid, "score": float(score), "first_seen": naive_utc(first_seen),
                "open": bool(is_open), "title": d[1] or "", "company": d[2], "url": d[3], "location": d[4],
                "remote": d[5], "years_min": d[6], "experience_inflated": d[7], "degree": d[8],
                "visa_sponsorship": d[9], "skills": [(r[0], r[1]) for r in rows],
                "requirements": [tuple(sorted(ms, key=lambda x: (x.casefold(), x))) for _u, ms in sorted(units.items())],
                "fails_gate": bool(fails),
            })
        return int(total), out

    # ------------------------------------------------------------------ stretch tier
    def stretch(self, limit: int = 10) -> tuple[int, list[dict[str, Any]]]:
        """(clusters in the stretch tier, a few of them, newest first): never in gaps or coverage."""
        if not self.entry_market:
            return 0, []
        n = self.con.execute("SELECT count(DISTINCT ck) FROM sg_stretch").fetchall()[0][0]
        rows = self.con.execute(
            "SELECT arg_min(posting_id, (closed_at IS NOT NULL, posting_id)) AS pid, arg_min(why, posting_id), "
            "max(first_seen) AS fs FROM sg_stretch GROUP BY ck ORDER BY fs DESC NULLS LAST, pid LIMIT ?", [int(limit)]
        ).fetchall()
        texts = self.texts([r[0] for r in rows]) if rows else {}
        return int(n), [
            {"posting_id": pid, "title": texts[pid][0], "company": texts[pid][1], "url": texts[pid][2], "why": why}
            for pid, why, _fs in rows
        ]

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
