"""Gap scoring, unlock counts and the greedy learning plan (pure functions).

The formula (documented for users in docs/gap-report.md and by ``gap-report --explain``):

    N        in-scope dedup clusters (one vote per cluster)
    d, r     clusters mentioning the skill at all / as required
    L(k, N)  95 % Wilson lower bound of k/N (small samples do not shout)
    D        = 0.7 * L(r, N) + 0.3 * L(d, N)                      demand, required weighted above preferred
    spec     = p_t / (p_t + p_o), p_t = (d + .5)/(N + 1), p_o = (o + .5)/(M + 1)
               o of the M out-of-scope clusters in the same window mention it; 0.5 when M = 0
    kind_w   = 0.6 soft skills (kind soft, category soft_skill or spoken_language),
               0.8 kind "common", 1.0 specialised (hard) skills
    score    = kind_w * D * (0.75 + 0.25 * spec)

Specificity moves a score by at most about +-14 % around neutral, so demand dominates and
specificity orders skills of similar demand (a skill every job asks for falls below one the
target roles ask for more often than other roles).

Unlock count: postings whose required-skill coverage is below the threshold (80 %) now and
reaches it when the skill is added. A posting with no required skills is never "unlocked" (it
states no requirements).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from skillgap.analysis.model import Posting, SkillInfo
from skillgap.analysis.stats import wilson_lower

W_REQUIRED = 0.7
W_ANY = 0.3
SPEC_BASE = 0.75
SPEC_WEIGHT = 0.25
KIND_WEIGHTS: Mapping[str, float] = {"soft": 0.6, "common": 0.8}
SOFT_CATEGORIES = frozenset({"soft", "soft skill", "soft_skill", "soft skills", "spoken_language"})
UNLOCK_THRESHOLD = 0.8
PLAN_STEPS = 5


@dataclass(frozen=True)
class Gap:
    skill: str
    category: str | None
    kind: str | None
    clusters: int
    required: int
    total: int
    demand_share: float
    required_share: float
    demand_lower: float
    required_lower: float
    other_share: float | None
    specificity: float
    kind_weight: float
    score: float
    unlock_count: int = 0
    unlock_full_count: int = 0
    trend: str = "unknown"
    level: str | None = None


@dataclass(frozen=True)
class PlanStep:
    skill: str
    unlocks: int
    cumulative_unlocked: int
    progress: float
    closer: int = 0


def kind_weight(info: SkillInfo | None) -> float:
    if info is None:
        return 1.0
    if info.category and info.category.casefold() in SOFT_CATEGORIES:
        return KIND_WEIGHTS["soft"]
    if info.kind:
        return KIND_WEIGHTS.get(info.kind.casefold(), 1.0)
    return 1.0


def specificity(d: int, n: int, o: int, m: int) -> float:
    if m <= 0 or n <= 0:
        return 0.5
    p_t = (d + 0.5) / (n + 1)
    p_o = (o + 0.5) / (m + 1)
    return p_t / (p_t + p_o)


def score_skill(
    *, d: int, r: int, n: int, o: int, m: int, info: SkillInfo | None
) -> tuple[float, float, float, float, float]:
    """(score, demand_lower, required_lower, specificity, kind_weight) of one skill."""
    ld = wilson_lower(d, n)
    lr = wilson_lower(r, n)
    spec = specificity(d, n, o, m)
    kw = kind_weight(info)
    score = kw * (W_REQUIRED * lr + W_ANY * ld) * (SPEC_BASE + SPEC_WEIGHT * spec)
    return score, ld, lr, spec, kw


def _needed(n_required: int, threshold: float) -> int:
    """Required skills a posting needs covered to count as open at ``threshold``."""
    return max(1, math.ceil(threshold * n_required - 1e-9))


def is_open(required: frozenset[str], have: Callable[[str], bool] | frozenset[str], threshold: float = UNLOCK_THRESHOLD) -> bool:
    """True when coverage of ``required`` reaches the threshold; postings without requirements are open."""
    if not required:
        return True
    has = have.__contains__ if isinstance(have, (set, frozenset)) else have
    covered = sum(1 for s in required if has(s))
    return covered >= _needed(len(required), threshold)


def unlock_counts(
    requirements: Iterable[frozenset[str]],
    have: frozenset[str] | set[str],
    *,
    threshold: float = UNLOCK_THRESHOLD,
) -> tuple[Counter[str], Counter[str]]:
    """(unlocks at threshold, completions) per missing skill.

    Unlocks: postings below the threshold that reach it with the skill. Completions: postings
    whose required list the skill completes (whether or not they were already above threshold).

    A posting below the threshold is unlocked by a missing skill ``s`` exactly when
    ``covered + 1 >= needed``: then every one of its missing skills unlocks it.
    """
    at: Counter[str] = Counter()
    full: Counter[str] = Counter()
    for req in requirements:
        if not req:
            continue
        missing = [s for s in req if s not in have]
        covered = len(req) - len(missing)
        needed = _needed(len(req), threshold)
        if len(missing) == 1:
            full[missing[0]] += 1
        if covered < needed <= covered + 1:
            for s in missing:
                at[s] += 1
    return at, full


def _progress(
    requirements: Sequence[frozenset[str]], have: set[str], threshold: float
) -> tuple[Counter[str], Counter[str]]:
    """(coverage a missing skill adds, postings it brings closer) over postings not yet open."""
    prog: Counter[str] = Counter()
    closer: Counter[str] = Counter()
    for req in requirements:
        if not req or is_open(req, have, threshold):
            continue
        for s in req:
            if s not in have:
                prog[s] += 1.0 / len(req)
                closer[s] += 1
    return prog, closer


def learning_plan(
    requirements: Sequence[frozenset[str]],
    have: frozenset[str] | set[str],
    *,
    candidates: Iterable[str],
    scores: Mapping[str, float] | None = None,
    steps: int = PLAN_STEPS,
    threshold: float = UNLOCK_THRESHOLD,
) -> list[PlanStep]:
    """Greedy plan: each step adds the skill that opens the most postings not yet open.

    Ties go to the larger coverage gain, then the higher gap score, then the name, so the plan is
    deterministic. Stops early when no candidate changes anything.
    """
    scores = scores or {}
    current = set(have)
    pool = sorted(set(candidates) - current)
    base_open = sum(1 for req in requirements if req and is_open(req, current, threshold))
    plan: list[PlanStep] = []
    for _ in range(steps):
        if not pool:
            break
        at, _full = unlock_counts(requirements, current, threshold=threshold)
        prog, closer = _progress(requirements, current, threshold)
        best = min(pool, key=lambda s: (-at[s], -round(prog[s], 9), -scores.get(s, 0.0), s.casefold(), s))
        if at[best] == 0 and prog[best] <= 0:
            break
        current.add(best)
        pool.remove(best)
        now_open = sum(1 for req in requirements if req and is_open(req, current, threshold))
        plan.append(PlanStep(best, at[best], now_open - base_open, round(prog[best], 6), closer[best]))
    return plan


def rank_gaps(
    postings: Sequence[Posting],
    *,
    has: Callable[[str], bool],
    other_clusters: int = 0,
    other_counts: Mapping[str, int] | None = None,
    skill_info: Mapping[str, SkillInfo] | None = None,
    trends: Mapping[str, str] | None = None,
    levels: Mapping[str, str] | None = None,
    threshold: float = UNLOCK_THRESHOLD,
) -> tuple[list[Gap], list[Gap]]:
    """(gaps, depth_gaps): missing skills ranked by score, and listed beginner skills in demand.

    ``has`` answers "does the profile list this canonical skill?" (names and aliases already
    resolved). ``levels`` maps the profile's skills to levels; beginner skills in demand are depth
    gaps, never gaps.
    """
    other_counts = other_counts or {}
    skill_info = skill_info or {}
    trends = trends or {}
    levels = {k.casefold(): v for k, v in (levels or {}).items()}
    n = len(postings)
    d: Counter[str] = Counter()
    r: Counter[str] = Counter()
    for p in postings:
        for s in p.skills:
            d[s] += 1
        for s in p.required:
            r[s] += 1
    have = frozenset(s for s in d if has(s))
    at, full = unlock_counts((p.required for p in postings), have, threshold=threshold)
    gaps: list[Gap] = []
    depth: list[Gap] = []
    for skill in d:
        info = skill_info.get(skill)
        o = other_counts.get(skill, 0)
        score, ld, lr, spec, kw = score_skill(d=d[skill], r=r[skill], n=n, o=o, m=other_clusters, info=info)
        listed = skill in have
        level = levels.get(skill.casefold()) if listed else None
        gap = Gap(
            skill=skill,
            category=info.category if info else None,
            kind=info.kind if info else None,
            clusters=d[skill],
            required=r[skill],
            total=n,
            demand_share=d[skill] / n if n else 0.0,
            required_share=r[skill] / n if n else 0.0,
            demand_lower=ld,
            required_lower=lr,
            other_share=(o / other_clusters) if other_clusters else None,
            specificity=spec,
            kind_weight=kw,
            score=score,
            unlock_count=0 if listed else at[skill],
            unlock_full_count=0 if listed else full[skill],
            trend=trends.get(skill, "unknown"),
            level=level,
        )
        if not listed:
            gaps.append(gap)
        elif level == "beginner":
            depth.append(gap)
    key = lambda g: (-round(g.score, 12), -g.unlock_count, -g.clusters, g.skill.casefold(), g.skill)  # noqa: E731
    gaps.sort(key=key)
    depth.sort(key=key)
    return gaps, depth
