"""``gap-report --explain SKILL``: why a skill matters, with evidence (one dict, rendered like the report)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from skillgap.analysis import gaps as gapmod
from skillgap.analysis.errors import UsageError
from skillgap.analysis.learning import Learning
from skillgap.analysis.model import Market, epoch_seconds
from skillgap.analysis.profile import Profile, TaxonomyLike
from skillgap.analysis.report import FORMULA, build_report, r4, salary_summary
from skillgap.analysis.stats import wilson_interval
from skillgap.analysis.trends import direction_of, series, week_label

MAX_EVIDENCE = 5


def resolve_skill(name: str, market: Market, taxonomies: Sequence[TaxonomyLike | None]) -> str:
    """Canonical name for ``--explain``; UsageError with suggestions when unknown."""
    for tax in taxonomies:
        if tax is None:
            continue
        hit = tax.resolve(name)
        if hit is not None:
            return getattr(hit, "name", None) or hit.skill
    for s in market.skill_info:
        if s.casefold() == name.strip().casefold():
            return s
    suggestions: list[str] = []
    for tax in taxonomies:
        if tax is not None:
            suggestions += [s for s in tax.closest(name, n=3) if s not in suggestions]
    hint = f"; did you mean: {', '.join(suggestions[:3])}?" if suggestions else ""
    raise UsageError(f"--explain: unknown skill {name!r}{hint}")


def load_evidence(con: duckdb.DuckDBPyConnection, skill: str) -> list[tuple[Any, ...]]:
    cols = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'posting_skills'"
    ).fetchall()}
    section = "section" if "section" in cols else "NULL"
    return con.execute(
        f'SELECT posting_id, requirement, evidence, {section}, "start" FROM posting_skills '
        "WHERE skill = ? ORDER BY posting_id, \"start\" NULLS LAST, requirement",
        [skill],
    ).fetchall()


def build_explain(
    market: Market,
    profile: Profile,
    skill: str,
    evidence_rows: Sequence[tuple[Any, ...]],
    *,
    query: str | None = None,
    learning: Learning | None = None,
) -> dict[str, Any]:
    postings = market.postings
    n = len(postings)
    asking = [p for p in postings if skill in p.skills]
    req = sum(1 for p in asking if skill in p.required)
    lo, hi = wilson_interval(len(asking), n)
    report = build_report(market, profile, learning=None)
    rank = next((i + 1 for i, g in enumerate(report["gaps"]) if g["skill"] == skill), None)
    gap = report["gaps"][rank - 1] if rank else None
    info = market.skill_info.get(skill)
    has = profile.has(skill) or bool(info and any(profile.has(a) for a in info.aliases))

    # evidence: one sentence per cluster, required first, newest first
    by_member = {mid: p for p in asking for mid in p.member_ids}
    best: dict[str, tuple[Any, ...]] = {}
    for posting_id, requirement, sentence, section, start in evidence_rows:
        p = by_member.get(posting_id)
        if p is None or not sentence:
            continue
        cand = (requirement != "required", posting_id != p.posting_id, posting_id, start or 0)
        cur = best.get(p.cluster_id)
        if cur is None or cand < cur[0]:
            best[p.cluster_id] = (cand, p, requirement, sentence, section, posting_id)
    samples = sorted(
        best.values(),
        key=lambda t: (t[2] != "required", -epoch_seconds(t[1].first_seen), t[1].cluster_id),
    )[:MAX_EVIDENCE]
    evidence = [
        {
            "posting_id": t[5], "title": t[1].title, "company": t[1].company, "url": t[1].url,
            "requirement": t[2], "section": t[4], "sentence": " ".join(str(t[3]).split()),
        }
        for t in samples
    ]

    # co-occurrence lift with the skills the user has (and the strongest ones they lack)
    related_have: list[dict[str, Any]] = []
    related_missing: list[dict[str, Any]] = []
    if asking and n:
        counts: dict[str, int] = {}
        both: dict[str, int] = {}
        for p in postings:
            for s in p.skills:
                counts[s] = counts.get(s, 0) + 1
                if skill in p.skills and s != skill:
                    both[s] = both.get(s, 0) + 1
        for s, k in both.items():
            lift = k * n / (len(asking) * counts[s])
            item = {"skill": s, "together": k, "lift": r4(lift)}
            info_s = market.skill_info.get(s)
            owned = profile.has(s) or bool(info_s and any(profile.has(a) for a in info_s.aliases))
            (related_have if owned else related_missing).append(item)
        key = lambda d: (-d["lift"], -d["together"], d["skill"].casefold())  # noqa: E731
        related_have.sort(key=key)
        related_missing = sorted((d for d in related_missing if d["lift"] > 1), key=key)[:5]

    weekly = market.weekly
    trend: dict[str, Any] = {"direction": "unknown", "weeks": []}
    if weekly is not None and weekly.weeks:
        d, p1, p2, z = direction_of(weekly, skill)
        trend = {
            "direction": d, "first_half_share": r4(p1), "second_half_share": r4(p2), "z": r4(z),
            "weeks": [
                {"week": week_label(pt.week), "postings": pt.n, "asking": pt.k, "share": r4(pt.share),
                 "low": r4(pt.low), "high": r4(pt.high), "small": pt.small}
                for pt in series(weekly, skill)
            ],
        }
    return {
        "report_version": 1,
        "explain": {
            "skill": skill,
            "query": query if query is not None else skill,
            "category": info.category if info else None,
            "kind": info.kind if info else None,
            "in_profile": has,
            "level": profile.level(skill) if has else None,
        },
        "scope": {"postings": n, **market.scope.to_json()},
        "postings": len(asking),
        "required": req,
        "preferred": len(asking) - req,
        "demand_share": r4(len(asking) / n) if n else 0.0,
        "demand_interval": [r4(lo), r4(hi)],
        "gap": gap,
        "gap_rank": rank,
        "evidence": evidence,
        "trend": trend,
        "salary": salary_summary(asking),
        "related_you_have": related_have,
        "related_missing": related_missing,
        "learn": [r.to_json() for r in learning.for_skill(skill, info.category if info else None)] if learning else [],
        "method": {"formula": FORMULA, "unlock_threshold": gapmod.UNLOCK_THRESHOLD},
        "warnings": list(report["warnings"]),
    }
