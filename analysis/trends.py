"""Weekly demand per skill: share of dedup clusters with 95 % Wilson intervals; rising/falling.

Week = ISO week (Monday) of a cluster's earliest ``posted_at``, falling back to ``first_seen``.
Shares count clusters, not rows. Weeks with fewer than ``SMALL_WEEK`` clusters are marked small.
Rising/falling compares the pooled share of the first half of the window with the second half
(two-proportion z test, |z| >= 1.96); a half with fewer than ``SMALL_WEEK`` clusters gives
"unknown".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb

from skillgap.analysis.model import Weekly
from skillgap.analysis.stats import two_proportion_z, wilson_interval

SMALL_WEEK = 10
DEFAULT_WEEKS = 12
GAP_TREND_WEEKS = 8
Z_CRIT = 1.96


def week_start(d: date | datetime) -> date:
    if isinstance(d, datetime):
        d = d.date()
    return d - timedelta(days=d.weekday())


def week_label(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def week_range(end: date, weeks: int) -> tuple[date, ...]:
    last = week_start(end)
    return tuple(last - timedelta(weeks=i) for i in range(weeks - 1, -1, -1))


def load_weekly(
    con: duckdb.DuckDBPyConnection,
    *,
    role_families: Sequence[str] | None,
    seniority: Sequence[str] | None,
    weeks: int,
    as_of: datetime | None = None,
    skills: Sequence[str] | None = None,
    top_skills: int | None = None,
    kinds: Sequence[str] | None = None,
    base: str | None = None,
    skill_sets: bool | None = None,
) -> Weekly:
    """Cluster counts per week for the last ``weeks`` ISO weeks up to ``as_of`` (default: latest data).

    ``skills`` limits the per-skill counts to those skills (the report needs only its top gaps).
    ``base`` names a temporary table of (posting_id, ck, ts) already limited to these role families
    and seniority (``MarketQuery.base_table``), read instead of scanning the postings view again.
    ``skill_sets``: count from the per-posting skill sets of migration 0008 (None: when usable)."""
    if base is None:
        base = _base_table(con, role_families, seniority)
    if as_of is None:
        row = con.execute(f"SELECT max(ts) FROM {base}").fetchone()
        as_of = row[0] if row else None
    if as_of is None:
        return Weekly(weeks=(), totals={}, counts={})
    wk = week_range(as_of.date() if isinstance(as_of, datetime) else as_of, weeks)
    totals = _window_clusters(con, base, wk)
    if skill_sets is None:
        from skillgap.analysis.load import skill_sets_usable

        skill_sets = skill_sets_usable(con)
    names = _skill_units(con, base, skills, skill_sets)
    if kinds is not None and skills is None:
        _drop_other_kinds(con, kinds, skill_sets)
    counts, req = _weekly_skill_counts(con, names, top_skills if skills is None else None)
    return Weekly(weeks=wk, totals=totals, counts=counts, required_counts=req)


def _base_table(con: duckdb.DuckDBPyConnection, role_families: Sequence[str] | None, seniority: Sequence[str] | None) -> str:
    """The temporary table ``sg_wbase`` of (posting_id, ck, ts) of these role families and
    seniority; its name."""
    filt = ["TRUE"]
    params: list[object] = []
    if role_families:
        filt.append("list_contains(?::VARCHAR[], p.role_family)")
        params.append(list(role_families))
    if seniority:
        filt.append("list_contains(?::VARCHAR[], p.seniority)")
        params.append(list(seniority))
    con.execute("DROP TABLE IF EXISTS sg_wbase")
    con.execute(
        "CREATE TEMP TABLE sg_wbase AS SELECT p.posting_id, hash(coalesce(p.cluster_id, p.posting_id)) AS ck, "
        f"coalesce(p.posted_at, p.first_seen) AS ts FROM postings p WHERE {' AND '.join(filt)}",
        params,
    )
    return "sg_wbase"


def _window_clusters(con: duckdb.DuckDBPyConnection, base: str, wk: tuple[date, ...]) -> dict[date, int]:
    """Clusters by the week of their earliest member, within the window (temporary table
    ``sg_cw``); the number per week."""
    con.execute("DROP TABLE IF EXISTS sg_cw")
    con.execute(
        f"CREATE TEMP TABLE sg_cw AS SELECT * FROM (SELECT ck, date_trunc('week', min(ts))::DATE AS week "
        f"FROM {base} GROUP BY ck) WHERE week BETWEEN ?::DATE AND ?::DATE",
        [wk[0], wk[-1]],
    )
    totals = {w: 0 for w in wk}
    for w, n in con.execute("SELECT week, count(*) FROM sg_cw GROUP BY 1 ORDER BY 1").fetchall():
        totals[w] = int(n)
    return totals


def _skill_units(con: duckdb.DuckDBPyConnection, base: str, skills: Sequence[str] | None, skill_sets: bool) -> str:
    """The temporary table ``sg_wu`` of (cluster, week, skill key, required) of the window's
    postings: from each posting's skill set (key = skill id, named at the end) or from every
    mention (key = name); the same counts. Returns the join that names a key."""
    con.execute("DROP TABLE IF EXISTS sg_wu")
    wanted = [list(skills)] if skills is not None else []
    if skill_sets:
        con.execute(
            f"""CREATE TEMP TABLE sg_wu AS
            WITH s AS (SELECT cw.ck, cw.week, k.required, k.preferred
                       FROM sg_cw cw JOIN {base} p USING (ck) JOIN posting_skill_sets k ON k.posting_id = p.posting_id),
            u AS (SELECT ck, week, unnest(required) AS key, TRUE AS req FROM s
                  UNION ALL SELECT ck, week, unnest(preferred) AS key, FALSE AS req FROM s)
            SELECT * FROM u"""
            + (" WHERE key IN (SELECT sid FROM skill_ids WHERE skill IN (SELECT unnest(?::VARCHAR[])))" if wanted else ""),
            wanted,
        )
        return "skill_ids n ON n.sid = g.key"
    con.execute(
        f"""CREATE TEMP TABLE sg_wu AS
        SELECT cw.ck, cw.week, ps.skill AS key, ps.requirement = 'required' AS req
        FROM sg_cw cw JOIN {base} p USING (ck) JOIN posting_skills ps ON ps.posting_id = p.posting_id"""
        + (" WHERE ps.skill IN (SELECT unnest(?::VARCHAR[]))" if wanted else ""),
        wanted,
    )
    return "(SELECT DISTINCT key AS skill FROM sg_wu) n ON n.skill = g.key"


def _drop_other_kinds(con: duckdb.DuckDBPyConnection, kinds: Sequence[str], skill_sets: bool) -> None:
    """Keep in ``sg_wu`` only skills of these classes (hard | soft | language, as the report
    splits them)."""
    others = sorted({"hard", "soft", "language"} - set(kinds))
    if others:
        cls = skill_class_sql("k")
        sel = ("SELECT n.sid FROM skill_ids n JOIN skills k USING (skill)" if skill_sets
               else "SELECT k.skill FROM skills k")
        con.execute(f"DELETE FROM sg_wu WHERE key IN ({sel} WHERE {cls} IN (SELECT unnest(?::VARCHAR[])))", [others])


def _weekly_skill_counts(
    con: duckdb.DuckDBPyConnection, names: str, top_skills: int | None
) -> tuple[dict[str, dict[date, int]], dict[str, dict[date, int]]]:
    """Clusters per skill and week in ``sg_wu``, all of them and those requiring it; only the
    ``top_skills`` most asked skills of the window when given (ties by name)."""
    skill_filter = ""
    sparams: list[object] = []
    if top_skills is not None:
        skill_filter = (
            "WHERE key IN (SELECT g.key FROM (SELECT key, count(DISTINCT ck) AS c FROM sg_wu GROUP BY 1) g "
            f"JOIN {names} ORDER BY g.c DESC, n.skill LIMIT ?)"
        )
        sparams.append(int(top_skills))
    rows = con.execute(
        f"""WITH g AS (SELECT key, week, count(DISTINCT ck) AS k, count(DISTINCT CASE WHEN req THEN ck END) AS kr
                       FROM sg_wu {skill_filter} GROUP BY 1, 2)
            SELECT n.skill, g.week, g.k, g.kr FROM g JOIN {names} ORDER BY 1, 2""",
        sparams,
    ).fetchall()
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    req: dict[str, dict[date, int]] = defaultdict(dict)
    for skill, w, k, kr in rows:
        counts[skill][w] = int(k)
        req[skill][w] = int(kr)
    return dict(counts), dict(req)


def skill_class_sql(alias: str) -> str:
    """:func:`skillgap.analysis.load.skill_class` in SQL over a ``skills`` row."""
    from skillgap.analysis.load import LANGUAGE_CATEGORIES, SOFT_CATEGORIES

    lang = ", ".join(f"'{c}'" for c in sorted(LANGUAGE_CATEGORIES))
    soft = ", ".join(f"'{c}'" for c in sorted(SOFT_CATEGORIES))
    return (f"(CASE WHEN lower(coalesce({alias}.category, '')) IN ({lang}) THEN 'language' "
            f"WHEN lower(coalesce({alias}.kind, '')) = 'soft' OR lower(coalesce({alias}.category, '')) IN ({soft}) "
            "THEN 'soft' ELSE 'hard' END)")


@dataclass(frozen=True)
class WeekPoint:
    week: date
    n: int
    k: int
    share: float
    low: float
    high: float
    small: bool


@dataclass(frozen=True)
class SkillTrend:
    skill: str
    points: tuple[WeekPoint, ...]
    first_share: float
    second_share: float
    change: float
    z: float
    direction: str  # rising | falling | stable | unknown
    total: int


def series(weekly: Weekly, skill: str) -> tuple[WeekPoint, ...]:
    pts = []
    c = weekly.counts.get(skill, {})
    for w in weekly.weeks:
        n = weekly.totals.get(w, 0)
        k = c.get(w, 0)
        lo, hi = wilson_interval(k, n)
        pts.append(WeekPoint(w, n, k, k / n if n else 0.0, lo, hi, n < SMALL_WEEK))
    return tuple(pts)


def direction_of(weekly: Weekly, skill: str, *, weeks: Sequence[date] | None = None) -> tuple[str, float, float, float]:
    """(direction, first-half share, second-half share, z) over ``weeks`` (default: all)."""
    wk = list(weeks if weeks is not None else weekly.weeks)
    half = len(wk) // 2
    if half == 0:
        return "unknown", 0.0, 0.0, 0.0
    a, b = wk[: len(wk) - half], wk[len(wk) - half :]
    c = weekly.counts.get(skill, {})
    n1 = sum(weekly.totals.get(w, 0) for w in a)
    n2 = sum(weekly.totals.get(w, 0) for w in b)
    k1 = sum(c.get(w, 0) for w in a)
    k2 = sum(c.get(w, 0) for w in b)
    p1 = k1 / n1 if n1 else 0.0
    p2 = k2 / n2 if n2 else 0.0
    z = two_proportion_z(k1, n1, k2, n2)
    if n1 < SMALL_WEEK or n2 < SMALL_WEEK:
        return "unknown", p1, p2, z
    if z >= Z_CRIT:
        return "rising", p1, p2, z
    if z <= -Z_CRIT:
        return "falling", p1, p2, z
    return "stable", p1, p2, z


def skill_trends(weekly: Weekly, skills: Sequence[str] | None = None, *, top: int = 10) -> list[SkillTrend]:
    """Trends for ``skills`` (default: the ``top`` skills by clusters in the window)."""
    if skills is None:
        totals = {s: sum(c.values()) for s, c in weekly.counts.items()}
        skills = sorted(totals, key=lambda s: (-totals[s], s.casefold(), s))[:top]
    out = []
    for s in skills:
        d, p1, p2, z = direction_of(weekly, s)
        out.append(
            SkillTrend(s, series(weekly, s), p1, p2, p2 - p1, z, d, sum(weekly.counts.get(s, {}).values()))
        )
    return out


def movers(weekly: Weekly, *, n: int = 5, min_clusters: int = 5) -> tuple[list[SkillTrend], list[SkillTrend]]:
    """(rising, falling): skills with the largest share change, significant ones first."""
    cands = [s for s, c in weekly.counts.items() if sum(c.values()) >= min_clusters]
    trends = skill_trends(weekly, sorted(cands, key=lambda s: (s.casefold(), s)))
    rising = [t for t in trends if t.change > 0]
    falling = [t for t in trends if t.change < 0]
    rising.sort(key=lambda t: (t.direction != "rising", -round(t.change, 12), t.skill.casefold(), t.skill))
    falling.sort(key=lambda t: (t.direction != "falling", round(t.change, 12), t.skill.casefold(), t.skill))
    return rising[:n], falling[:n]


def gap_trends(weekly: Weekly | None, skills: Sequence[str]) -> dict[str, str]:
    if weekly is None:
        return {}
    return {s: direction_of(weekly, s)[0] for s in skills}
