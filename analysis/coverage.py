"""The objective behind gaps, matches and the learning plan: hard-skill coverage (pure functions).

For an in-scope posting (dedup cluster) ``c`` with required hard skills ``R_c`` (non-empty)::

    a(t)          = in-scope postings requiring t         (how widely the market asks for t)
    cover(c)      = sum of a(t) * credit(t) over t in R_c / sum of a(t) over t in R_c
    coverage_now  = mean of cover(c) over the postings that state required hard skills
    credit(t)     = 1 for a listed skill, else the largest implied credit (skill graph: 0.5 from a
                    narrower skill or an overlapping one, 0.25 two steps up), else 0

Within a posting each required skill weighs as much as the market asks for it: a skill one
posting alone names (often a detail of that job, or an extraction slip) counts less than Python
or SQL in the same list. Summing per skill instead of per posting gives the same number, linear in
the credits::

    W(t)          = a(t) * sum over postings c requiring t of 1 / A(c),   A(c) = sum of a over R_c
    coverage      = sum over t of W(t) * credit(t) / (postings with required hard skills)

so the whole market reduces to one weight per skill (computed in SQL) and the gain of learning a
skill, or an overlap group, is a sum over the few skills it credits. Credits are a maximum over
listed skills (a facility-location function), so coverage is monotone and submodular in the set
of listed skills: the greedy plan is within (1 - 1/e) of the best plan of the same length.

Within reach: ``cover(c) >= UNLOCK_THRESHOLD`` (50 %): you have at least half of what the posting
requires, by weight (postings list ~13 required skills, so a stricter bar is almost never reached
by one new skill).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from skillgap.analysis.graph import SkillGraph

UNLOCK_THRESHOLD = 0.5
PLAN_STEPS = 5
EPS = 1e-12


def market_weights(requirements: Iterable[Iterable[str]]) -> dict[str, int]:
    """a(t): postings requiring t."""
    a: dict[str, int] = {}
    for req in requirements:
        for t in set(req):
            a[t] = a.get(t, 0) + 1
    return a


def weights_from_requirements(requirements: Iterable[Iterable[str]]) -> tuple[dict[str, float], int]:
    """(W, postings with requirements) from per-posting required hard skills (what SQL computes)."""
    reqs = [set(r) for r in requirements if r]
    a = market_weights(reqs)
    w: dict[str, float] = {}
    for req in reqs:
        total = sum(a[t] for t in req)
        for t in req:
            w[t] = w.get(t, 0.0) + a[t] / total
    return w, len(reqs)


def coverage(weights: Mapping[str, float], n_req: int, credit: Mapping[str, float]) -> float:
    if n_req <= 0:
        return 0.0
    total = sum(weights[t] * credit.get(t, 0.0) for t in sorted(weights))
    return total / n_req


def cover_of(required: Iterable[str], credit: Mapping[str, float], a: Mapping[str, int]) -> float | None:
    """One posting's covered share of its required hard skills, weighted by ``a``."""
    req = set(required)
    if not req:
        return None
    return sum(a[t] * credit.get(t, 0.0) for t in req) / sum(a[t] for t in req)


def is_open(required: Iterable[str], credit: Mapping[str, float], a: Mapping[str, int],
            threshold: float = UNLOCK_THRESHOLD) -> bool:
    c = cover_of(required, credit, a)
    return c is not None and c >= threshold - 1e-9


def credit_map(graph: SkillGraph, listed: Iterable[str]) -> dict[str, float]:
    return graph.credit_values(listed)


def unit_credits(graph: SkillGraph, unit: Iterable[str]) -> dict[str, float]:
    """What learning ``unit`` (a skill or an overlap group's members) credits, by itself."""
    return credit_map(graph, unit)


def gain(
    weights: Mapping[str, float], n_req: int, current: Mapping[str, float], added: Mapping[str, float]
) -> float:
    """Coverage rise when skills with credits ``added`` join a profile with credits ``current``."""
    if n_req <= 0:
        return 0.0
    total = 0.0
    for t in sorted(added):
        up = added[t] - current.get(t, 0.0)
        if up > 0:
            total += weights.get(t, 0.0) * up
    return total / n_req


def merged(current: Mapping[str, float], added: Mapping[str, float]) -> dict[str, float]:
    out = dict(current)
    for t, c in added.items():
        if c > out.get(t, 0.0):
            out[t] = c
    return out


@dataclass(frozen=True)
class Unit:
    """One learnable gap row: a lead skill plus the overlapping skills learned with it."""

    lead: str
    members: tuple[str, ...]  # lead first

    @property
    def includes(self) -> tuple[str, ...]:
        return self.members[1:]


def make_units(
    candidates: Iterable[str],
    graph: SkillGraph,
    *,
    rank_key: Callable[[str], tuple],
    is_candidate: Callable[[str], bool] | None = None,
) -> list[Unit]:
    """Group candidate skills by overlap group; the lead is the member ranked first by ``rank_key``."""
    cands = set(candidates)
    seen: set[str] = set()
    units: list[Unit] = []
    for s in sorted(cands, key=rank_key):
        if s in seen:
            continue
        members = [m for m in graph.group_of(s) if m in cands and m not in seen]
        if s not in members:
            members.insert(0, s)
        members.sort(key=rank_key)
        seen.update(members)
        units.append(Unit(members[0], tuple(members)))
    return units


@dataclass(frozen=True)
class Step:
    unit: Unit
    gain: float
    coverage_after: float
    credits_after: Mapping[str, float]


def greedy_plan(
    units: Sequence[Unit],
    weights: Mapping[str, float],
    n_req: int,
    credit: Mapping[str, float],
    graph: SkillGraph,
    *,
    steps: int = PLAN_STEPS,
    order: Mapping[str, int] | None = None,
    adds: Mapping[str, Mapping[str, float]] | None = None,
) -> list[Step]:
    """Each step adds the unit with the largest coverage gain; ties go to the earlier unit in
    ``order`` (the gap ranking), then the name. Stops when nothing raises coverage.

    Lazy greedy (Minoux): gains only shrink as credits grow (submodularity), so a unit's last
    computed gain bounds its current one; only the units reaching the top of the heap are
    recomputed. Same choice as the plain greedy, in a fraction of the gain evaluations.
    """
    import heapq

    order = order or {}
    current = dict(credit)
    cov = coverage(weights, n_req, current)
    if adds is None:
        adds = {u.lead: unit_credits(graph, u.members) for u in units}
    by_lead = {u.lead: u for u in units}

    def key(g: float, lead: str) -> tuple:
        return (-round(g, 12), order.get(lead, len(order)), lead.casefold(), lead)

    heap = [key(gain(weights, n_req, current, adds[u.lead]), u.lead) for u in units]
    heapq.heapify(heap)
    fresh_at: dict[str, int] = {u.lead: 0 for u in units}
    plan: list[Step] = []
    step = 0
    while heap and len(plan) < steps:
        k = heapq.heappop(heap)
        lead = k[3]
        if fresh_at[lead] != step:  # stale bound: recompute and push back
            g = gain(weights, n_req, current, adds[lead])
            fresh_at[lead] = step
            heapq.heappush(heap, key(g, lead))
            continue
        g = -k[0]
        if g <= EPS:
            break
        current = merged(current, adds[lead])
        cov = cov + g  # coverage is linear in the credits: the gain is exactly the rise
        step += 1
        plan.append(Step(by_lead[lead], g, cov, dict(current)))
    return plan
