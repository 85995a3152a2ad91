"""Reading the public views (CONTRACTS §3) into :mod:`skillgap.analysis.model` records.

One read-only connection per report: a few queries, then close (DuckDB 2.0 file lock).
Scope filters run in SQL where they are exact (window, role family, seniority) and in Python where
they are fuzzy (locations). One vote per dedup cluster: members passing the filters are merged;
the representative (for title, company, link) is the first open member by first_seen, then
posting_id; a skill is required for the cluster when any member requires it.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from skillgap.analysis.errors import DatabaseError, UsageError
from skillgap.analysis.model import Market, Posting, Scope, SkillInfo, naive_utc

DEFAULT_WINDOW_DAYS = 60

_CORE = (
    "posting_id", "cluster_id", "company", "title", "location", "remote", "url",
    "posted_at", "first_seen", "last_seen", "closed_at", "role_family", "seniority", "years_min",
    "salary_currency",
)
_EXTRA = (
    "degree", "visa_sponsorship", "experience_inflated", "salary_annual_min", "salary_annual_max",
)


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
    parts = []
    for c in wanted:
        parts.append(f'{alias}."{c}"' if c in cols else f'NULL AS "{c}"')
    return ", ".join(parts)


def latest_seen(con: duckdb.DuckDBPyConnection) -> datetime | None:
    row = con.execute("SELECT max(coalesce(last_seen, first_seen, posted_at)) FROM postings").fetchone()
    return naive_utc(row[0]) if row and row[0] is not None else None


def load_skill_info(con: duckdb.DuckDBPyConnection, skill_cols: set[str]) -> dict[str, SkillInfo]:
    sel = _select(skill_cols, ("skill", "category", "kind", "parent", "aliases"), alias="s")
    info: dict[str, SkillInfo] = {}
    for skill, category, kind, parent, aliases in con.execute(f"SELECT {sel} FROM skills s ORDER BY 1").fetchall():
        if skill is None:
            continue
        info[skill] = SkillInfo(
            skill=skill, category=category, kind=kind, parent=parent,
            aliases=tuple(a for a in (aliases or ()) if a),
        )
    return info


class DbTaxonomy:
    """Name/alias resolution from the database's ``skills`` view (fallback for the taxonomy)."""

    def __init__(self, info: dict[str, SkillInfo]):
        self._info = info
        self._index: dict[str, SkillInfo] = {}
        for s in info.values():
            for name in (s.skill, *s.aliases):
                self._index.setdefault(name.casefold(), s)

    def resolve(self, name: str) -> SkillInfo | None:
        return self._index.get(name.strip().casefold())

    def closest(self, name: str, n: int = 3) -> list[str]:
        keys = sorted(self._index)
        hits = difflib.get_close_matches(name.casefold(), keys, n=n * 3, cutoff=0.6)
        out: list[str] = []
        for h in hits:
            canon = self._index[h].skill
            if canon not in out:
                out.append(canon)
        return out[:n]


def location_ok(p: dict[str, Any], locations: Sequence[str]) -> bool:
    if not locations:
        return True
    loc = (p.get("location") or "").casefold()
    for want in locations:
        w = want.strip().casefold()
        if not w:
            continue
        if w == "remote":
            if p.get("remote") is True or "remote" in loc:
                return True
        elif w in loc:
            return True
    return False


def _window_sql(since: date | None) -> tuple[str, list[Any]]:
    if since is None:
        return "TRUE", []
    # In the window only by when it was last seen: an open posting of a live board is re-seen on
    # every run, while one from an incomplete feed or a removed board never gets ``closed_at``
    # and would otherwise stay in scope forever.
    return "(p.last_seen >= ?::TIMESTAMP)", [datetime.combine(since, datetime.min.time())]


def _rep_key(row: dict[str, Any]) -> tuple[Any, ...]:
    fs = naive_utc(row.get("first_seen"))
    return (row.get("closed_at") is not None, fs or datetime.max, row["posting_id"])


def build_clusters(rows: Iterable[dict[str, Any]], skills: Iterable[tuple[str, str, str | None]]) -> list[Posting]:
    """Merge member postings into one :class:`Posting` per cluster (pure; tested directly)."""
    req: dict[str, set[str]] = defaultdict(set)
    pref: dict[str, set[str]] = defaultdict(set)
    for posting_id, skill, requirement in skills:
        if skill is None:
            continue
        (req if (requirement or "required") == "required" else pref)[posting_id].add(skill)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row.get("cluster_id") or row["posting_id"]].append(row)
    out: list[Posting] = []
    for ck in sorted(groups):
        members = sorted(groups[ck], key=_rep_key)
        rep = members[0]
        r: set[str] = set()
        pr: set[str] = set()
        for m in members:
            r |= req.get(m["posting_id"], set())
            pr |= pref.get(m["posting_id"], set())
        sal = next((m for m in members if m.get("salary_annual_min") is not None or m.get("salary_annual_max") is not None), None)
        out.append(
            Posting(
                cluster_id=ck,
                posting_id=rep["posting_id"],
                title=rep.get("title") or "",
                company=rep.get("company"),
                url=rep.get("url"),
                location=rep.get("location"),
                remote=rep.get("remote"),
                first_seen=naive_utc(min((naive_utc(m.get("first_seen")) for m in members if m.get("first_seen")), default=None)),
                posted_at=naive_utc(rep.get("posted_at")),
                closed_at=None if any(m.get("closed_at") is None for m in members) else naive_utc(rep.get("closed_at")),
                role_family=rep.get("role_family"),
                seniority=rep.get("seniority"),
                years_min=rep.get("years_min"),
                degree=rep.get("degree"),
                visa_sponsorship=rep.get("visa_sponsorship"),
                experience_inflated=rep.get("experience_inflated"),
                salary_annual_min=sal.get("salary_annual_min") if sal else None,
                salary_annual_max=sal.get("salary_annual_max") if sal else None,
                salary_currency=sal.get("salary_currency") if sal else None,
                required=frozenset(r),
                preferred=frozenset(pr - r),
                members=len(members),
                member_ids=tuple(m["posting_id"] for m in members),
            )
        )
    return out


def load_market(
    con: duckdb.DuckDBPyConnection,
    *,
    role_families: Sequence[str],
    seniority: Sequence[str],
    locations: Sequence[str] = (),
    since: str | None = None,
    as_of: datetime | None = None,
    path: object = "<db>",
) -> Market:
    cols = check_schema(con, path)
    as_of = naive_utc(as_of) if as_of is not None else latest_seen(con)
    since_date = parse_since(since, as_of)
    scope = Scope(tuple(role_families), tuple(seniority), tuple(locations), since_date, as_of)
    window, wparams = _window_sql(since_date)
    target = "(list_contains(?::VARCHAR[], p.role_family) AND list_contains(?::VARCHAR[], p.seniority))"
    tparams = [list(role_families), list(seniority)]
    pc = cols["postings"]
    sel = _select(pc, _CORE + _EXTRA)
    names = list(_CORE + _EXTRA)
    cur = con.execute(f"SELECT {sel} FROM postings p WHERE {window} AND {target} ORDER BY p.posting_id", wparams + tparams)
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    rows = [r for r in rows if location_ok(r, locations)]
    keep = {r["posting_id"] for r in rows}
    skill_rows = con.execute(
        f"SELECT ps.posting_id, ps.skill, ps.requirement FROM posting_skills ps JOIN postings p USING (posting_id) "
        f"WHERE {window} AND {target} ORDER BY 1, 2, 3",
        wparams + tparams,
    ).fetchall()
    skill_rows = [s for s in skill_rows if s[0] in keep]
    postings = build_clusters(rows, skill_rows)
    # baseline for specificity: clusters in the same window with no member in the target roles
    other_sql = f"""
        WITH w AS (
            SELECT p.posting_id, coalesce(p.cluster_id, p.posting_id) AS ck, coalesce({target}, FALSE) AS tgt
            FROM postings p WHERE {window}
        ), c AS (SELECT ck FROM w GROUP BY ck HAVING NOT bool_or(tgt))
    """
    oparams = tparams + wparams
    n_other = con.execute(other_sql + "SELECT count(*) FROM c", oparams).fetchone()[0]
    other_counts = dict(
        con.execute(
            other_sql + "SELECT ps.skill, count(DISTINCT w.ck) FROM w JOIN c USING (ck) "
            "JOIN posting_skills ps ON ps.posting_id = w.posting_id GROUP BY 1 ORDER BY 1",
            oparams,
        ).fetchall()
    )
    info = load_skill_info(con, cols["skills"])
    for _pid, skill, _req in skill_rows:
        info.setdefault(skill, SkillInfo(skill=skill))
    cat_rows = con.execute(
        "SELECT skill, min(category) FROM posting_skills WHERE category IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall() if "category" in cols["posting_skills"] else []
    for skill, cat in cat_rows:
        cur_info = info.get(skill)
        if cur_info is not None and cur_info.category is None:
            info[skill] = SkillInfo(cur_info.skill, cat, cur_info.kind, cur_info.parent, cur_info.aliases)
    return Market(
        scope=scope,
        postings=tuple(postings),
        raw_postings=len(rows),
        other_clusters=int(n_other),
        other_counts=other_counts,
        skill_info=info,
    )
