"""The SQL of :class:`skillgap.analysis.load.MarketQuery`: the entry-level market and stretch tier,
the location filter, and the statements building the (cluster, skill) tables ``sg_sk``/``sg_cs``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from skillgap.analysis.schema import columns_of

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
# posting's required and preferred lists are distinct and disjoint). Same rows as above. The
# in-scope postings are numbered (sg_pn.pn) so that the 1.7M unnested rows meet the alternatives
# on integers, not on posting ids.
def _cs_from_sets(alts_in_sets: bool) -> str:
    """The skill-set path's SQL; the alternatives come from the mentions' ``alt_group``
    (``sg_alt``) or, with ``alts_in_sets``, from the skill sets' own columns (``a``)."""
    head = """CREATE TEMP TABLE sg_sk AS SELECT sid, skill FROM skill_ids;
CREATE TEMP TABLE sg_pn AS SELECT posting_id, ck, (row_number() OVER ())::INTEGER AS pn FROM sg_scope;
"""
    if not alts_in_sets:
        head += """CREATE TEMP TABLE sg_alt AS
WITH m AS (
    SELECT s.pn, k.sid, ps.alt_group AS g FROM posting_skills ps JOIN sg_pn s USING (posting_id) JOIN skill_ids k USING (skill)
    WHERE ps.alt_group IS NOT NULL
), g AS (
    SELECT pn, g, min(sid) AS gmin FROM m GROUP BY 1, 2 HAVING count(DISTINCT sid) > 1
)
SELECT m.pn, m.sid, min(g.gmin) AS gmin FROM m JOIN g USING (pn, g) GROUP BY 1, 2;
"""
    cols, alts, src, drop = (
        (", k.alt_sids, k.alt_mins", """), a AS (
    SELECT pn, unnest(alt_sids) AS sid, unnest(alt_mins) AS gmin FROM j WHERE alt_sids IS NOT NULL
""", "a", "DROP TABLE sg_pn") if alts_in_sets else ("", "", "sg_alt a", "DROP TABLE sg_alt; DROP TABLE sg_pn"))
    return head + f"""CREATE TEMP TABLE sg_cs0 AS
WITH multi AS (
    SELECT ck FROM sg_pn GROUP BY ck HAVING count(*) > 1
), j AS (
    SELECT s.ck, s.pn, k.required, k.preferred{cols} FROM sg_pn s JOIN posting_skill_sets k USING (posting_id)
{alts}), u0 AS (
    SELECT ck, pn, unnest(required) AS sid, TRUE AS req FROM j
    UNION ALL
    SELECT ck, pn, unnest(preferred) AS sid, FALSE AS req FROM j
), u AS (
    SELECT u0.ck, u0.sid, u0.req, least(u0.sid, coalesce(a.gmin, u0.sid)) AS u
    FROM u0 LEFT JOIN {src} USING (pn, sid)
)
SELECT ck, sid, req, u FROM u WHERE ck NOT IN (SELECT ck FROM multi)
UNION ALL
SELECT ck, sid, bool_or(req) AS req, min(u) AS u FROM u WHERE ck IN (SELECT ck FROM multi) GROUP BY ck, sid;
{drop}"""


_CS_FROM_SETS = _cs_from_sets(False)
# ... or, when the skill sets carry each posting's alternatives (migration 0013: alt_sids, and
# alt_mins = the smallest sid of the groups a skill is offered in), from those: no scan of the 14M
# mentions for the ~3 % with an alt_group (0.2 s wall at 1M postings). Same rows as above.
_CS_FROM_SETS_ALTS = _cs_from_sets(True)

# sg_cs: (ck, sid, req, u, ureq): u = the cluster's requirement the skill belongs to (the smallest
# sid of the alternatives it is offered with, else its own sid); ureq = some member of u required.
# Only the few (ck, u) with several members (some row has u <> sid: ~1 % at 1M postings) need a
# group-by; every other row's ureq is its req (a window over all 1.7M rows cost 3x more)
_CS_UNITS = ("CREATE TEMP TABLE sg_cs AS WITH k AS (SELECT DISTINCT ck, u FROM sg_cs0 WHERE u <> sid), "
             "g AS (SELECT c.ck, c.u, bool_or(c.req) AS gr FROM sg_cs0 c JOIN k USING (ck, u) GROUP BY 1, 2) "
             "SELECT c.ck, c.sid, c.req, c.u, coalesce(g.gr, c.req) AS ureq "
             "FROM sg_cs0 c LEFT JOIN g USING (ck, u); DROP TABLE sg_cs0")


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


def mentioned(con: duckdb.DuckDBPyConnection, names: Sequence[str]) -> list[str]:
    """Those of ``names`` some mention carries (``posting_skills.skill``), sorted.

    One scan of every mention's skill (0.1 s at 1M postings) answers it; while the skill sets agree
    with the mentions (:func:`skill_sets_usable`) a mentioned skill has an id in ``skill_ids`` (the
    store gives it one with the mention, and ids are never removed), so only names with an id are
    looked for, one at a time: a scan for one name stops at its first mention (a few ms). A name
    with an id but no mention left costs one full scan; the names after it are then found in one."""
    wanted = sorted(set(names))
    every = "SELECT DISTINCT skill FROM posting_skills WHERE skill IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1"
    if not wanted:
        return []
    if not skill_sets_usable(con):
        return [r[0] for r in con.execute(every, [wanted]).fetchall()]
    ids = [r[0] for r in con.execute(
        "SELECT skill FROM skill_ids WHERE skill IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1", [wanted]).fetchall()]
    found: list[str] = []
    for i, name in enumerate(ids):
        if con.execute("SELECT 1 FROM posting_skills WHERE skill = ? LIMIT 1", [name]).fetchall():
            found.append(name)
        else:
            found += [r[0] for r in con.execute(every, [ids[i + 1:]]).fetchall()] if ids[i + 1:] else []
            break
    return sorted(found)
