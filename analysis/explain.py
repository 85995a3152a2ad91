"""``gap-report --explain SKILL``: why a skill matters, with evidence (one dict, rendered like the report)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from skillgap.analysis.errors import UsageError
from skillgap.analysis.fmt import clean
from skillgap.analysis.graph import SkillGraph
from skillgap.analysis.learning import Learning
from skillgap.analysis.load import MarketQuery
from skillgap.analysis.model import Weekly
from skillgap.analysis.profile import Profile, TaxonomyLike
from skillgap.analysis.report import make_has, r4, salary_summary
from skillgap.analysis.stats import wilson_interval
from skillgap.analysis.trends import direction_of, series, week_label

MAX_EVIDENCE = 5


def resolve_skill(name: str, known: Sequence[str], taxonomies: Sequence[TaxonomyLike | None]) -> str:
    """Canonical name for ``--explain``; UsageError with suggestions when unknown."""
    for tax in taxonomies:
        if tax is None:
            continue
        hit = tax.resolve(name)
        if hit is not None:
            return getattr(hit, "name", None) or cast(Any, hit).skill
    for s in known:
        if s.casefold() == name.strip().casefold():
            return s
    suggestions: list[str] = []
    for tax in taxonomies:
        if tax is not None:
            suggestions += [s for s in tax.closest(name, n=3) if s not in suggestions]
    hint = f"; did you mean: {', '.join(suggestions[:3])}?" if suggestions else ""
    raise UsageError(f"--explain: unknown skill {name!r}{hint}")


def _trend_json(weekly: Weekly | None, skill: str) -> dict[str, Any]:
    """The skill's weekly share in the target roles and its direction."""
    trend: dict[str, Any] = {"direction": "unknown", "weeks": []}
    if weekly is not None and weekly.weeks:
        d, p1, p2, z = direction_of(weekly, skill)
        trend = {
            "direction": d, "first_half_share": r4(p1), "second_half_share": r4(p2), "z": r4(z),
            "weeks": [
                {"week": week_label(pt.week), "postings": pt.n, "asking": pt.k,
                 "share": r4(pt.share) if pt.n else None, "low": r4(pt.low) if pt.n else None,
                 "high": r4(pt.high) if pt.n else None, "small": pt.small}
                for pt in series(weekly, skill)
            ],
            "postings": sum(weekly.totals.values()),
        }
    return trend


def _gap_of(report: dict[str, Any], skill: str) -> tuple[int | None, dict[str, Any] | None, str | None]:
    """(rank, gap row, lead of the row it is counted with) of the skill in the report's gaps."""
    rank: int | None = None
    gap: dict[str, Any] | None = None
    row_of: str | None = None
    for i, g in enumerate(report["gaps"], 1):
        if g["skill"] == skill:
            rank, gap = i, g
            break
        if skill in g.get("includes", ()):
            rank, gap, row_of = i, g, g["skill"]
            break
    return rank, gap, row_of


def _related(mq: MarketQuery, skill: str, asking: int, n: int,
             has: Callable[[str], bool]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Skills asked together with it (co-occurrence lift): those you have, and the top missing."""
    related_have: list[dict[str, Any]] = []
    related_missing: list[dict[str, Any]] = []
    if asking and n:
        for s, both, tot in mq.cooccurring(skill):
            item = {"skill": s, "together": both, "lift": r4(both * n / (asking * tot))}
            (related_have if has(s) else related_missing).append(item)
        key = lambda d: (-d["lift"], -d["together"], d["skill"].casefold())  # noqa: E731
        related_have.sort(key=key)
        related_missing = sorted((d for d in related_missing if d["lift"] > 1 and d["together"] >= 2), key=key)[:5]
    return related_have, related_missing


def build_explain(
    mq: MarketQuery,
    profile: Profile,
    graph: SkillGraph,
    skill: str,
    report: dict[str, Any],
    *,
    weekly: Weekly | None = None,
    query: str | None = None,
    learning: Learning | None = None,
) -> dict[str, Any]:
    stats = mq.stats()
    n = stats.clusters
    st = stats.skills.get(skill)
    asking = st.clusters if st else 0
    req = st.required if st else 0
    lo, hi = wilson_interval(asking, n)
    info = stats.info.get(skill)
    has = make_has(profile, stats.info)
    listed = has(skill)
    klass = stats.classes.get(skill) or ("soft" if info and (info.kind or "") == "soft" else "hard")

    rank, gap, row_of = _gap_of(report, skill)
    credited = next((c for c in report.get("credited", []) if c["skill"] == skill), None)
    if credited is None and not listed:
        listed_all = {s for s in stats.skills if has(s)} | set(profile.skills)
        c = graph.credits(listed_all).get(skill)
        if c is not None and c.relation != "listed":
            credited = c.to_json()
    # what learning it would add: never a skill the profile already lists (no credit to gain)
    implies = [{"skill": s, "credit": r4(c), "relation": rel} for s, c, rel in graph.implied(skill)
               if not profile.has(s)]

    evidence = [
        {**e, "title": clean(e["title"]), "company": clean(e["company"]) if e["company"] else None,
         "sentence": clean(e["sentence"])}
        for e in mq.evidence(skill, MAX_EVIDENCE)
    ]

    related_have, related_missing = _related(mq, skill, asking, n, has)

    trend = _trend_json(weekly, skill)
    total, by_cur = mq.salary(skill=skill)
    return {
        "report_version": report["report_version"],
        "explain": {
            "skill": skill,
            "query": query if query is not None else skill,
            "category": info.category if info else None,
            "kind": klass,
            "in_profile": listed,
            "level": profile.level(skill) if listed else None,
        },
        "scope": report["scope"],
        "coverage_now": report["coverage_now"],
        "postings": asking,
        "required": req,
        "preferred": asking - req,
        "demand_share": r4(asking / n) if n else 0.0,
        "demand_interval": [r4(lo), r4(hi)],
        "gap": gap,
        "gap_rank": rank,
        "gap_row": row_of,
        "credited": credited,
        "implies": implies,
        "evidence": evidence,
        "trend": trend,
        "trend_note": report.get("trend_note"),
        "salary": salary_summary(total, by_cur),
        "related_you_have": related_have,
        "related_missing": related_missing,
        "learn": [r.to_json() for r in learning.for_skill(skill, info.category if info else None)] if learning else [],
        "method": report["method"],
        "warnings": list(report["warnings"]),
    }
