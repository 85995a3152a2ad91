"""The market, aggregated where the data lives (DuckDB SQL over (posting, skill) pairs).

One read-only connection per report. :class:`MarketQuery` builds temporary tables on it:

    sg_base    postings of the role families and seniority (one scan of the postings view; the
               trends of the top gaps read it too)
    sg_scope   in-scope postings: sg_base within the window (by last_seen) and locations
    sg_sk      skill id <-> name (``skill_ids`` of migration 0008, or ids local to the report)
    sg_cs      one row per (dedup cluster, skill id): required when any in-scope member requires
               it; from the per-posting skill sets of migration 0008 (with their alternatives,
               migration 0013) when they agree with the mentions (:func:`skill_sets_usable`), else
               grouped from every mention — same rows
    sg_ha      required hard skills with ``a`` = in-scope clusters requiring them (small)
    sg_cl      (cluster, requirement) pairs offering alternatives: their sorted skill-id list
    sg_rl      one row per distinct alternatives list: a negative id ``rk`` (small)
    sg_cu      one row per (cluster, requirement): ``rk`` = the required hard skill's id, or the
               ``sg_rl`` id of the alternatives offered with it
    sg_cov     one row per cluster stating required hard skills: ``nr`` = its requirements, ``ci``
               = its number 0 .. n - 1 in the doors' arrays

and answers the report's questions with group-bys; Python receives one row per skill (counts and
the coverage weight W, an exactly rounded sum) and the top of each list (matches, evidence). The
one exception is the gap ranking's doors (:class:`~skillgap.analysis.coverage.Doors`): the
(requirement, cluster number) pairs as two integer arrays, fetched as numpy (a few MB at 300k
clusters); the open counts are bincounts over them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import duckdb
import numpy as np

from skillgap.analysis.coverage import MET_AT, Doors, Weights
from skillgap.analysis.errors import UsageError
from skillgap.analysis.market_sql import (  # re-exported: callers import these from here
    _COV_SQL,
    _CS_FROM_MENTIONS,
    _CS_FROM_SETS,
    _CS_FROM_SETS_ALTS,
    _CS_UNITS,
    MARKET_MAX_YEARS,
    STRETCH_YEARS,
    _location_sql,
    entry_market_sql,
    skill_sets_usable,
)
from skillgap.analysis.model import MarketStats, Scope, SkillInfo, SkillStat, naive_utc  # re-exported
from skillgap.analysis.schema import _select, check_schema, columns_of, latest_seen  # re-exported
from skillgap.analysis.skills_db import (  # re-exported
    LANGUAGE_CATEGORIES,
    SOFT_CATEGORIES,
    DbTaxonomy,
    SqlTaxonomy,
    load_skill_info,
    name_key,
    skill_class,
)

DEFAULT_WINDOW_DAYS = 60
INFLATED_YEARS = 3.0

__all__ = [
    "DEFAULT_WINDOW_DAYS", "INFLATED_YEARS", "LANGUAGE_CATEGORIES", "MARKET_MAX_YEARS", "SOFT_CATEGORIES",
    "STRETCH_YEARS", "TEXT_COLUMNS", "DbTaxonomy", "GateParams", "MarketQuery", "MarketStats", "SkillStat",
    "SqlTaxonomy", "check_schema", "columns_of", "entry_market_sql", "latest_seen", "load_skill_info",
    "name_key", "parse_since", "skill_class", "skill_sets_usable", "with_names",
]


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


@dataclass(frozen=True)
class GateParams:
    """What the profile brings to a posting's gates (for ranking failing postings last)."""

    years: float | None = None       # profile years_experience (None counts as 0)
    degree_rank: int | None = None   # 1-based position of the profile's degree in ``degrees``; None: unknown
    degrees: tuple[str, ...] = ()
    needs_visa: bool = False


_TEXT_ORDER = ("title", "company", "url", "location", "remote")
TEXT_COLUMNS = frozenset(_TEXT_ORDER)


def _doors(con: duckdb.DuckDBPyConnection, requirements: list[frozenset[str]], keys: np.ndarray, n_req: int) -> Doors:
    """The gap ranking's doors over ``sg_cu``: each requirement's clusters as integer arrays.
    ``requirements[i]`` / ``keys[i]``: the i-th distinct requirement in list order and its integer
    key in ``sg_cu.rk``; the (rk, cluster number) rows are fetched as numpy and numbered by a
    sorted look-up."""
    rows = con.execute("SELECT c.rk, v.ci FROM sg_cu c JOIN sg_cov v USING (ck)").fetchnumpy()
    rk = np.asarray(rows["rk"], dtype=np.int64)
    if len(keys):  # a look-up table over the key range (skill ids and the few negative list ids)
        lo = int(keys.min())
        lut = np.zeros(int(keys.max()) - lo + 1, dtype=np.int64)
        lut[keys - lo] = np.arange(len(keys))
        rid = lut[rk - lo]
    else:
        rid = np.zeros(0, dtype=np.int64)
    # numpy's stable sort is a radix sort for 16-bit keys: ~5x faster on millions of rows
    order = np.argsort(rid.astype(np.uint16) if len(requirements) <= 65536 else rid, kind="stable")
    return Doors.from_rows(requirements, rid[order], np.asarray(rows["ci"])[order], n_req)


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
        for t in ("sg_base", "sg_scope", "sg_cs", "sg_sk", "sg_cs0", "sg_m", "sg_alt", "sg_pn"):
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
        self._build_skill_tables()
        self._stats: MarketStats | None = None

    def _build_skill_tables(self) -> None:
        """``sg_sk`` and ``sg_cs`` over ``sg_scope``: from the skill sets when ``pre_grouped``,
        else grouped from every mention."""
        has_alt = "alt_group" in self.cols["posting_skills"]
        if self.pre_grouped and {"alt_sids", "alt_mins"} <= columns_of(self.con, "posting_skill_sets"):
            self.con.execute(_CS_FROM_SETS_ALTS)  # the alternatives too from the skill sets (migration 0013)
        elif self.pre_grouped:
            self.con.execute(_CS_FROM_SETS if has_alt else _CS_FROM_SETS.replace("WHERE ps.alt_group IS NOT NULL", "WHERE FALSE")
                             .replace("ps.alt_group AS g", "NULL::INTEGER AS g"))
        else:
            self.con.execute(_CS_FROM_MENTIONS.format(alt="ps.alt_group" if has_alt else "NULL::INTEGER"))
        self.con.execute(_CS_UNITS)

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
        # alternatives offered with it; sg_cov: nr = requirements per cluster, ci its number
        con.execute("DROP TABLE IF EXISTS sg_ha")
        con.execute(
            "CREATE TEMP TABLE sg_ha AS SELECT k.sid, x.a FROM (SELECT unnest(?::VARCHAR[]) AS skill, "
            "unnest(?::BIGINT[]) AS a) x JOIN sg_sk k USING (skill)",
            [hard, [req_counts[h] for h in hard]],
        )
        # sg_cu holds one integer a requirement: its skill id, or for alternatives (a (ck, u) with
        # several members: ~2 % of the rows at 1M postings) a negative id of their sorted id list
        # (sg_rl); grouping a million singleton lists cost more than the rest of this method
        for t in ("sg_cl", "sg_rl", "sg_cu"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
        con.execute(
            "CREATE TEMP TABLE sg_cl AS WITH k AS (SELECT DISTINCT ck, u FROM sg_cs WHERE u <> sid AND ureq) "
            "SELECT c.ck, c.u, list(c.sid ORDER BY c.sid) AS sids FROM sg_cs c JOIN k USING (ck, u) "
            "JOIN sg_ha h USING (sid) WHERE c.ureq GROUP BY 1, 2 HAVING count(*) > 1"
        )
        con.execute("CREATE TEMP TABLE sg_rl AS SELECT sids, -row_number() OVER (ORDER BY sids) AS rk "
                    "FROM (SELECT DISTINCT sids FROM sg_cl)")
        con.execute(
            "CREATE TEMP TABLE sg_cu AS SELECT c.ck, c.sid::BIGINT AS rk FROM sg_cs c JOIN sg_ha h USING (sid) "
            "ANTI JOIN sg_cl l ON l.ck = c.ck AND l.u = c.u WHERE c.ureq "
            "UNION ALL SELECT l.ck, r.rk FROM sg_cl l JOIN sg_rl r USING (sids)"
        )
        con.execute("DROP TABLE IF EXISTS sg_cov")
        # ci: the cluster's number 0 .. n_req - 1 in the doors' arrays
        con.execute("CREATE TEMP TABLE sg_cov AS SELECT ck, nr, (row_number() OVER () - 1)::INTEGER AS ci "
                    "FROM (SELECT ck, count(*) AS nr FROM sg_cu GROUP BY ck)")
        # W(r) = sum of 1/nr over the clusters with requirement r; fsum (Kahan) so that the order
        # threads add in does not show, and rounded to 12 digits: the same database gives the same W
        names_of = dict(con.execute("SELECT sid, skill FROM sg_sk WHERE sid IN (SELECT sid FROM sg_ha)").fetchall())
        lists = {int(rk): tuple(sids) for sids, rk in con.execute("SELECT sids, rk FROM sg_rl").fetchall()}
        per_req = [((rk,) if rk >= 0 else lists[rk], rk, inv, cnt) for rk, inv, cnt in con.execute(
            "SELECT c.rk, fsum(1.0 / v.nr), count(*) FROM sg_cu c JOIN sg_cov v USING (ck) GROUP BY 1"
        ).fetchall()]
        per_req.sort()  # the requirements in skill-id-list order (lexicographic, as SQL orders lists)
        units = Weights()
        unit_counts: dict[frozenset[str], int] = {}
        for sids, _rk, inv, cnt in per_req:
            key = frozenset(names_of[i] for i in sids)
            units[key] = round(inv, 12)
            unit_counts[key] = int(cnt)
        w: dict[str, float] = {}
        for r, x in units.items():
            for m in r:
                w[m] = w.get(m, 0.0) + x
        n_req = con.execute("SELECT count(*) FROM sg_cov").fetchall()[0][0]
        doors = _doors(con, list(units), np.array([x[1] for x in per_req], dtype=np.int64), int(n_req))
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
            units=units, unit_counts=unit_counts, doors=doors,
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
        # over the doors' arrays (posting numbers 0 .. n_req - 1): per cluster, the requirements
        # it has (nr), those met now (have), and those each scenario newly meets; a requirement
        # counts once however many of its members the scenario adds. Same counts as the SQL of
        # sg_have, in bincounts instead of a group-by over the (cluster, skill) pairs
        doors = self.stats().doors
        assert doors is not None
        eps = 1e-9
        met = {s for s, c in credit.items() if c >= MET_AT}
        nr = doors.requirements_per_posting()
        have = doors.per_posting(doors.met_requirements(credit))
        bound = threshold * nr - eps
        shut = have < bound
        out: dict[str, int] = {}
        for k, add in scenarios.items():
            skills = [s for s, d in sorted(add.items()) if s not in met and credit.get(s, 0.0) + d >= MET_AT]
            idx = doors.requirements_with(skills, credit)
            out[k] = int(np.count_nonzero(shut & (have + doors.per_posting(idx) >= bound))) if idx else 0
        return int(np.count_nonzero(~shut)), out

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
