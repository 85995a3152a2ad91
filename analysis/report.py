"""Assemble the gap report as one JSON-ready dict (CONTRACTS §5 plus extra keys).

Every renderer (text, Markdown, HTML, JSON) draws from this dict, so the formats cannot disagree.
No clock is read here: dates come from the data (``as_of`` = latest ``last_seen``) or the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from skillgap.analysis import gaps as gapmod
from skillgap.analysis.learning import Learning
from skillgap.analysis.matching import match_postings
from skillgap.analysis.model import Market, Posting, SkillInfo
from skillgap.analysis.profile import Profile
from skillgap.analysis.stats import quantile
from skillgap.analysis.trends import gap_trends, series, week_label

SMALL_SCOPE = 20
MIN_SALARY_N = 10
INFLATED_YEARS = 3.0
REPORT_VERSION = 1
TREND_CHART_SKILLS = 5

FORMULA = (
    "score = kind_w * (0.7 * L(required) + 0.3 * L(any)) * (0.75 + 0.25 * specificity); "
    "L = 95% Wilson lower bound of the share of in-scope clusters; "
    "specificity = p_t / (p_t + p_o), shares in target vs out-of-scope clusters (+0.5 smoothing, 0.5 when no baseline); "
    "kind_w = 1.0 specialised, 0.8 common, 0.6 soft"
)


def no_gaps_line(scope: dict[str, Any]) -> str:
    """What the reports say when ``gaps`` is empty: honest about why (no data vs. nothing missing)."""
    if not scope.get("postings"):
        return ("No postings in scope yet: nothing to rank. Run `skillgap ingest`, or widen the scope "
                "with --since or the profile.")
    if not scope.get("with_skills", 1):
        return "No in-scope posting states skills yet: nothing to rank. Run `skillgap ingest` (or `skillgap reextract`)."
    return "No gaps: every skill asked for in scope is on your profile."


def r4(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def make_has(profile: Profile, info: dict[str, SkillInfo] | Any) -> Callable[[str], bool]:
    """Does the profile list this canonical skill, by its name or any of its aliases?"""

    def has(skill: str) -> bool:
        if profile.has(skill):
            return True
        si = info.get(skill) if info else None
        return bool(si and any(profile.has(a) for a in si.aliases))

    return has


def salary_summary(postings: Sequence[Posting], *, min_n: int = MIN_SALARY_N) -> dict[str, Any]:
    """P25/P50/P75 of annualised midpoints in the most common currency; none from < ``min_n``."""
    total = len(postings)
    by_cur: dict[str, list[float]] = {}
    for p in postings:
        mid = p.salary_mid
        if mid is not None and mid > 0:
            by_cur.setdefault((p.salary_currency or "unknown").upper(), []).append(mid)
    stating = sum(len(v) for v in by_cur.values())
    out: dict[str, Any] = {
        "n": 0, "postings": total, "stating_pay": stating,
        "share_stating_pay": r4(stating / total) if total else 0.0,
        "currency": None, "p25": None, "p50": None, "p75": None, "min_n": min_n,
        "other_currencies": {},
    }
    if not by_cur:
        out["note"] = "no in-scope posting states pay"
        return out
    cur = sorted(by_cur, key=lambda c: (-len(by_cur[c]), c))[0]
    vals = sorted(by_cur[cur])
    out["currency"] = cur
    out["n"] = len(vals)
    out["other_currencies"] = {c: len(v) for c, v in sorted(by_cur.items()) if c != cur}
    if len(vals) < min_n:
        out["note"] = f"only {len(vals)} in-scope postings state pay in {cur}; no figure from fewer than {min_n}"
        return out
    for key, q in (("p25", 0.25), ("p50", 0.5), ("p75", 0.75)):
        out[key] = round(quantile(vals, q), -2)
    return out


def _gap_json(g: gapmod.Gap, learning: Learning | None) -> dict[str, Any]:
    d: dict[str, Any] = {
        "skill": g.skill,
        "category": g.category,
        "demand_share": r4(g.demand_share),
        "required_share": r4(g.required_share),
        "unlock_count": g.unlock_count,
        "score": r4(g.score),
        "trend": g.trend,
        "kind": g.kind,
        "postings": g.clusters,
        "required_postings": g.required,
        "demand_lower": r4(g.demand_lower),
        "required_lower": r4(g.required_lower),
        "specificity": r4(g.specificity),
        "kind_weight": r4(g.kind_weight),
        "baseline_share": r4(g.other_share),
        "unlock_full_count": g.unlock_full_count,
    }
    if g.level is not None:
        d["level"] = g.level
    if learning is not None:
        d["learn"] = [r.to_json() for r in learning.for_skill(g.skill, g.category)]
    return d


def _iso(dt: Any) -> str | None:
    return dt.isoformat() if dt is not None else None


def build_report(
    market: Market,
    profile: Profile,
    *,
    learning: Learning | None = None,
    threshold: float = gapmod.UNLOCK_THRESHOLD,
    plan_steps: int = gapmod.PLAN_STEPS,
) -> dict[str, Any]:
    postings = market.postings
    n = len(postings)
    has = make_has(profile, market.skill_info)
    all_skills = sorted({s for p in postings for s in p.skills}, key=lambda s: (s.casefold(), s))
    trends = gap_trends(market.weekly, all_skills)
    levels = {s: profile.level(s) or "" for s in all_skills if has(s)}
    for s in all_skills:
        if has(s) and not levels.get(s):
            info = market.skill_info.get(s)
            for a in info.aliases if info else ():
                if profile.level(a):
                    levels[s] = profile.level(a) or ""
                    break
    gaps, depth = gapmod.rank_gaps(
        postings,
        has=has,
        other_clusters=market.other_clusters,
        other_counts=market.other_counts,
        skill_info=market.skill_info,
        trends=trends,
        levels=levels,
        threshold=threshold,
    )
    have = frozenset(s for s in all_skills if has(s))
    requirements = [p.required for p in postings]
    plan = gapmod.learning_plan(
        requirements, have,
        candidates=[g.skill for g in gaps],
        scores={g.skill: g.score for g in gaps},
        steps=plan_steps, threshold=threshold,
    )
    matches = match_postings(postings, has, profile)
    open_now = sum(1 for req in requirements if req and gapmod.is_open(req, have, threshold))
    with_req = sum(1 for req in requirements if req)
    with_skills = sum(1 for p in postings if p.required or p.preferred)
    asking_years = sum(1 for p in postings if (p.years_min or 0) >= INFLATED_YEARS or p.experience_inflated)

    warnings = list(profile.warnings)
    small = n < SMALL_SCOPE
    if n == 0:
        warnings.append(
            "no postings in scope: nothing to rank. Check target_roles/seniority/locations in the "
            "profile, widen --since, or run `skillgap ingest` to collect more"
        )
    elif small:
        warnings.append(
            f"only {n} postings in scope (fewer than {SMALL_SCOPE}): shares and ranks are rough; "
            "the scope was not widened — widen it yourself with --since or the profile's "
            "target_roles/seniority/locations"
        )
    if n and asking_years:
        warnings.append(
            f"{asking_years} of {n} in-scope postings ask for {INFLATED_YEARS:g}+ years of experience "
            "despite an entry-level scope"
        )

    scope = {"postings": n, **market.scope.to_json()}
    scope.update(
        {
            "raw_postings": market.raw_postings,
            "baseline_postings": market.other_clusters,
            "small_sample": small,
            "with_required_skills": with_req,
            "with_skills": with_skills,
            "open_to_you": open_now,
            "asking_3plus_years": asking_years,
            "unlock_threshold": threshold,
        }
    )
    trend_series = []
    if market.weekly is not None and market.weekly.weeks:
        for g in gaps[:TREND_CHART_SKILLS]:
            trend_series.append({
                "skill": g.skill,
                "direction": g.trend,
                "weeks": [
                    {"week": week_label(pt.week), "postings": pt.n, "asking": pt.k, "share": r4(pt.share),
                     "low": r4(pt.low), "high": r4(pt.high), "small": pt.small}
                    for pt in series(market.weekly, g.skill)
                ],
            })
    return {
        "report_version": REPORT_VERSION,
        "profile": profile.to_json(),
        "scope": scope,
        "gaps": [_gap_json(g, learning) for g in gaps],
        "depth_gaps": [_gap_json(g, learning) for g in depth],
        "matches": [
            {
                "posting_id": m.posting.posting_id,
                "title": m.posting.title,
                "company": m.posting.company,
                "url": m.posting.url,
                "score": r4(m.score),
                "matched_skills": list(m.matched),
                "missing_skills": list(m.missing),
                "missing_required": list(m.missing_required),
                "required_coverage": r4(m.required_coverage),
                "gates": list(m.gates),
                "location": m.posting.location,
                "remote": m.posting.remote,
                "first_seen": _iso(m.posting.first_seen),
                "open": m.posting.closed_at is None,
            }
            for m in matches
        ],
        "unscored_postings": n - len(matches),
        "learning_plan": [
            {"skill": s.skill, "cumulative_unlocked": s.cumulative_unlocked, "unlocks": s.unlocks,
             "postings_closer": s.closer}
            for s in plan
        ],
        "salary": salary_summary(postings),
        "gap_trends": trend_series,
        "warnings": warnings,
        "method": {"formula": FORMULA, "unlock_threshold": threshold, "min_salary_postings": MIN_SALARY_N},
    }

