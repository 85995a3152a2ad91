"""The objective behind gaps, matches and the learning plan: hard-skill coverage (pure functions).

A posting's *requirements* are its required hard skills, where alternatives the posting offers
("AWS, GCP or Azure", "Python or R") form one requirement met by any member. For an in-scope
posting (dedup cluster) ``c`` with requirements ``R_c`` (non-empty)::

    met(r)        = some member of r has full credit
    credit(t)     = 1 for a skill you list (or an alias), 1 for a concept a listed tool implies
                    (skill graph ``credits``: Tableau -> data visualization); partial credits of
                    the graph (0.5 from a narrower or overlapping skill) are shown, never counted
    fit(c)        = (requirements of c met) / (requirements of c)          "k of n required"
    coverage_now  = mean of fit(c) over the postings that state required hard skills

Every requirement of a posting weighs the same, as a recruiter reads the list; a match's score is
its fit, and coverage is the mean fit. Summed per requirement instead of per posting::

    W(r)          = sum over postings c with requirement r of 1 / |R_c|
    coverage      = sum over requirements r met of W(r) / (postings with required hard skills)

so the market reduces to one weight per distinct requirement (a skill, or a set of alternatives;
computed in SQL) and the coverage gain of learning a skill is the weight of the requirements it
newly meets.

Gaps and the plan are ranked by *doors* (:class:`Doors`), not by coverage gain::

    doors(skill)  = share of postings with required hard skills in which learning it (with its
                    overlap group and what it implies) meets a requirement you do not meet yet;
                    a posting counts once

Coverage gain divides every posting by the length of its list, so a skill one posting with three
requirements asks for outranked one that a quarter of the market requires among twenty ("OCaml"
above cloud); doors count postings, as a careers coach would. Both only shrink as credits grow, so
the lazy greedy is exact, and a positive doors gain meets a requirement, so coverage rises with
every plan step.

Within reach: ``fit(c) >= UNLOCK_THRESHOLD`` (50 %): you meet at least half of what the posting
requires. :func:`method` renders this text for the reports from the same constants.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from skillgap.analysis.graph import FULL_CREDIT, OVERLAP_CREDIT, PARENT_CREDIT, SkillGraph

UNLOCK_THRESHOLD = 0.5
PLAN_STEPS = 5
EPS = 1e-12
MET_AT = FULL_CREDIT - 1e-9

Requirement = frozenset  # frozenset[str]: one skill, or alternatives met by any member


def formula(threshold: float = UNLOCK_THRESHOLD) -> str:
    """The computation in words: what --verbose, the HTML 'How it is computed' section and JSON
    ``method.formula`` print (one source, so the explanation cannot drift from the numbers)."""
    return (
        "fit of a posting = (its required hard skills you meet) / (its required hard skills), "
        "where alternatives the posting offers (\"AWS, GCP or Azure\") count as one requirement met by any of them; "
        "you meet a skill you list (or an alias of it), or a concept a listed tool implies in the skill graph "
        "(Tableau -> data visualization); partial credit (a broader or overlapping skill) is shown but not counted; "
        "coverage = mean fit over in-scope postings with required hard skills; "
        "gaps are ranked greedily by doors: each row's score = share of the postings with required hard skills in "
        "which learning its skill (with its overlap group and what it implies) meets a requirement you do not meet "
        "yet, once the rows above it are learned (a posting counts once); "
        "plan = the first steps of that ranking, a broad umbrella term only once no concrete skill opens a door; "
        f"a posting is within reach at fit >= {threshold:.0%}"
    )


def method(threshold: float = UNLOCK_THRESHOLD) -> dict[str, object]:
    """The constants behind :func:`formula`, as JSON ``method`` carries them."""
    return {"formula": formula(threshold), "unlock_threshold": threshold, "met_credit": FULL_CREDIT,
            "partial_credits_counted": False, "parent_credit_shown": PARENT_CREDIT,
            "overlap_credit_shown": OVERLAP_CREDIT, "weighting": "each required hard skill (or alternatives group) of a posting weighs 1",
            "gap_score": "share of postings with a requirement newly met (each posting once)"}


def as_requirement(x: str | Iterable[str]) -> Requirement:
    return frozenset((x,)) if isinstance(x, str) else frozenset(x)


def requirements_of(required: Iterable[str | Iterable[str]]) -> set[Requirement]:
    return {r for r in (as_requirement(x) for x in required) if r}


def is_met(credit: Mapping[str, float], skill: str) -> bool:
    return credit.get(skill, 0.0) >= MET_AT


def req_met(r: Iterable[str], credit: Mapping[str, float]) -> bool:
    return any(credit.get(m, 0.0) >= MET_AT for m in r)


def met_skills(credit: Mapping[str, float]) -> frozenset[str]:
    """The skills ``credit`` meets: ``req_met(r, credit)`` is ``not met_skills(credit).isdisjoint(r)``
    (one set test a requirement where tens of thousands of requirements are checked)."""
    return frozenset(s for s, c in credit.items() if c >= MET_AT)


class Weights(dict[frozenset[str], float]):
    """W: requirement (frozenset of skills) -> weight, with an index skill -> requirements."""

    _by_skill: dict[str, list[Requirement]] | None = None

    def by_skill(self) -> dict[str, list[Requirement]]:
        if self._by_skill is None:
            idx: dict[str, list[Requirement]] = {}
            for r in sorted(self, key=lambda r: sorted(r)):
                for m in r:
                    idx.setdefault(m, []).append(r)
            self._by_skill = idx
        return self._by_skill


def _weights(w: Mapping[Requirement, float]) -> Weights:
    if isinstance(w, Weights):
        return w
    out = Weights()
    for k, v in w.items():
        out[as_requirement(k)] = v
    return out


def market_weights(requirements: Iterable[Iterable[str | Iterable[str]]]) -> dict[Requirement, int]:
    """Postings with each requirement."""
    a: dict[Requirement, int] = {}
    for req in requirements:
        for r in requirements_of(req):
            a[r] = a.get(r, 0) + 1
    return a


def weights_from_requirements(requirements: Iterable[Iterable[str | Iterable[str]]]) -> tuple[Weights, int]:
    """(W, postings with requirements) from per-posting requirements (what SQL computes)."""
    reqs = [requirements_of(r) for r in requirements]
    reqs = [r for r in reqs if r]
    w = Weights()
    for req in reqs:
        for r in req:
            w[r] = w.get(r, 0.0) + 1.0 / len(req)
    return w, len(reqs)


def coverage(weights: Mapping[Requirement, float], n_req: int, credit: Mapping[str, float]) -> float:
    if n_req <= 0:
        return 0.0
    w = _weights(weights)
    # fsum is exactly rounded: the same figure whatever order the requirements come in
    met = met_skills(credit)
    return math.fsum(x for r, x in w.items() if not met.isdisjoint(r)) / n_req


def cover_of(required: Iterable[str | Iterable[str]], credit: Mapping[str, float]) -> float | None:
    """One posting's fit: the share of its requirements met."""
    reqs = requirements_of(required)
    if not reqs:
        return None
    return sum(1 for r in reqs if req_met(r, credit)) / len(reqs)


def is_open(required: Iterable[str | Iterable[str]], credit: Mapping[str, float],
            threshold: float = UNLOCK_THRESHOLD) -> bool:
    c = cover_of(required, credit)
    return c is not None and c >= threshold - 1e-9


def credit_map(graph: SkillGraph, listed: Iterable[str]) -> dict[str, float]:
    return graph.credit_values(listed)


def unit_credits(graph: SkillGraph, unit: Iterable[str]) -> dict[str, float]:
    """What learning ``unit`` (a skill or an overlap group's members) credits, by itself."""
    return credit_map(graph, unit)


def gain(
    weights: Mapping[Requirement, float], n_req: int, current: Mapping[str, float], added: Mapping[str, float]
) -> float:
    """Coverage rise when skills with credits ``added`` join a profile with credits ``current``."""
    if n_req <= 0:
        return 0.0
    w = _weights(weights)
    idx = w.by_skill()
    newly: set[Requirement] = set()
    for t, c in added.items():
        if c >= MET_AT and current.get(t, 0.0) < MET_AT:
            for r in idx.get(t, ()):
                if r not in newly and (len(r) == 1 or not req_met(r, current)):
                    newly.add(r)
    return math.fsum(w[r] for r in newly) / n_req


_SMALL_UNION = 512


class Doors:
    """The gap ranking's measure: the share of postings (with required hard skills) in which
    learning something meets a requirement you do not meet yet. Each posting counts once, however
    many of its requirements the skill and what it implies meet (LangChain meeting "LLMs" and
    "generative AI" in one posting is one door), so a skill asked by many postings outranks one
    asked by a single posting with a short list. Gains only shrink as credits grow (a posting's
    unmet requirements only shrink), so the lazy greedy of :func:`greedy_plan` stays exact.

    Held as one sorted array of posting indices per distinct requirement (``requirements[i]``
    owns ``postings[offsets[i]:offsets[i + 1]]``), read from SQL in one scan: a 300k-posting
    market costs a few MB and a gain is a slice length, or a union of slices. Postings are
    numbered ``0 .. n - 1``, so per-posting counts (:meth:`per_posting`: requirements met, newly
    met) are bincounts."""

    def __init__(self, requirements: Sequence[Requirement], offsets: np.ndarray, postings: np.ndarray, n: int) -> None:
        self.n = n
        self._reqs = [as_requirement(r) for r in requirements]
        self._off = offsets
        self._postings = postings
        self._by_skill: dict[str, list[int]] = {}
        for i, r in enumerate(self._reqs):
            for m in sorted(r):
                self._by_skill.setdefault(m, []).append(i)

    @classmethod
    def from_rows(cls, requirements: Sequence[Requirement], rid: np.ndarray, posting: np.ndarray, n: int) -> Doors:
        """From (requirement index, posting index) rows sorted by requirement index."""
        offsets = np.zeros(len(requirements) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rid, minlength=len(requirements)), out=offsets[1:])
        return cls(requirements, offsets, np.asarray(posting), n)

    @classmethod
    def of(cls, cluster_requirements: Iterable[Iterable[str | Iterable[str]]]) -> Doors:
        """From each posting's requirements (small markets, tests)."""
        per = [sorted(requirements_of(rs), key=sorted) for rs in cluster_requirements]
        per = [rs for rs in per if rs]
        keys = sorted({r for rs in per for r in rs}, key=sorted)
        index = {r: i for i, r in enumerate(keys)}
        rows = sorted((index[r], c) for c, rs in enumerate(per) for r in rs)
        rid = np.array([a for a, _ in rows], dtype=np.int64)
        post = np.array([b for _, b in rows], dtype=np.int64)
        return cls.from_rows(keys, rid, post, len(per))

    def requirements_with(self, skills: Iterable[str], current: Mapping[str, float]) -> list[int]:
        """Indices of the requirements holding one of ``skills`` that ``current`` does not meet."""
        out: set[int] = set()
        met = met_skills(current)
        for t in skills:
            for i in self._by_skill.get(t, ()):
                if i not in out and met.isdisjoint(self._reqs[i]):
                    out.add(i)
        return sorted(out)

    def met_requirements(self, current: Mapping[str, float]) -> list[int]:
        """Indices of the requirements ``current`` meets."""
        met = met_skills(current)
        return [i for i, r in enumerate(self._reqs) if not met.isdisjoint(r)]

    def requirements_per_posting(self) -> np.ndarray:
        """Each posting's number of requirements (its ``|R_c|``)."""
        return np.bincount(self._postings, minlength=self.n)

    def per_posting(self, indices: Iterable[int]) -> np.ndarray:
        """How many of these requirements each posting has (postings are ``0 .. n - 1``)."""
        parts = [self._postings[self._off[i]:self._off[i + 1]] for i in indices]
        if not parts:
            return np.zeros(self.n, dtype=np.int64)
        return np.bincount(np.concatenate(parts), minlength=self.n)

    def __call__(self, current: Mapping[str, float], added: Mapping[str, float]) -> float:
        if self.n <= 0:
            return 0.0
        newly: set[int] = set()
        met: frozenset[str] | None = None
        for t, c in added.items():
            if c >= MET_AT and current.get(t, 0.0) < MET_AT:
                for i in self._by_skill.get(t, ()):
                    if i not in newly:
                        if met is None:
                            met = met_skills(current)
                        if met.isdisjoint(self._reqs[i]):
                            newly.add(i)
        return self._share(newly)

    def singles(self, current: Mapping[str, float], skills: Iterable[str]) -> dict[str, float]:
        """``{s: self(current, {s: 1.0})}`` for many skills, the met skills computed once."""
        if self.n <= 0:
            return {s: 0.0 for s in skills}
        met = met_skills(current)
        out: dict[str, float] = {}
        for s in skills:
            if current.get(s, 0.0) >= MET_AT:
                out[s] = 0.0
                continue
            out[s] = self._share({i for i in self._by_skill.get(s, ()) if met.isdisjoint(self._reqs[i])})
        return out

    def _share(self, newly: set[int]) -> float:
        """Share of the postings holding one of these requirements (each posting once)."""
        if not newly:
            return 0.0
        if len(newly) == 1:
            (i,) = newly
            return int(self._off[i + 1] - self._off[i]) / self.n
        hit = np.concatenate([self._postings[self._off[i]:self._off[i + 1]] for i in sorted(newly)])
        if hit.size <= _SMALL_UNION:  # a set beats a pass over every posting on short arrays
            return len(set(hit.tolist())) / self.n
        seen = np.zeros(self.n, dtype=bool)  # postings are 0 .. n - 1: mark them (np.unique sorts or hashes)
        seen[hit] = True
        return int(np.count_nonzero(seen)) / self.n


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
    keys = {s: rank_key(s) for s in cands}  # one key a skill (members are candidates too)
    seen: set[str] = set()
    units: list[Unit] = []
    for s in sorted(cands, key=keys.__getitem__):
        if s in seen:
            continue
        members = [m for m in graph.group_of(s) if m in cands and m not in seen]
        if s not in members:
            members.insert(0, s)
        members.sort(key=keys.__getitem__)
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
    weights: Mapping[Requirement, float],
    n_req: int,
    credit: Mapping[str, float],
    graph: SkillGraph,
    *,
    steps: int = PLAN_STEPS,
    order: Mapping[str, int] | None = None,
    adds: Mapping[str, Mapping[str, float]] | None = None,
    demoted: frozenset[str] = frozenset(),
    initial: Mapping[str, float] | None = None,
    rank: Callable[[Mapping[str, float], Mapping[str, float]], float] | None = None,
) -> list[Step]:
    """Each step adds the unit with the largest gain (``rank``: e.g. :class:`Doors`; default the
    coverage gain); ties go to the earlier unit in ``order`` (the gap ranking), then the name.
    Units led by a skill in ``demoted`` (umbrella terms whose concrete skills are asked for) are
    taken only once no other unit gains. Stops when nothing gains. A step's ``coverage_after`` is
    the coverage of ``weights`` once it is learned: a positive gain meets a requirement not met
    before, so coverage rises with every step.

    Lazy greedy (Minoux): gains only shrink as credits grow (submodularity), so a unit's last
    computed gain bounds its current one; only the units reaching the top of the heap are
    recomputed. Same choice as the plain greedy, in a fraction of the gain evaluations.
    """
    import heapq

    order = order or {}
    current = dict(credit)
    cov = coverage(weights, n_req, current)
    gain_of = rank if rank is not None else (lambda cur, add: gain(weights, n_req, cur, add))
    if adds is None:
        adds = {u.lead: unit_credits(graph, u.members) for u in units}
    by_lead = {u.lead: u for u in units}

    def key(g: float, lead: str) -> tuple:
        return (lead in demoted and g > EPS, -round(g, 12), order.get(lead, len(order)), lead.casefold(), lead)

    # ``initial``: each unit's gain on ``credit`` when the caller has it already
    first = ((u.lead, initial[u.lead] if initial is not None and u.lead in initial
              else gain_of(current, adds[u.lead])) for u in units)
    heap = [key(g, lead) for lead, g in first if g > EPS]  # a unit adding nothing now never will
    heapq.heapify(heap)
    fresh_at: dict[str, int] = {u.lead: 0 for u in units}
    plan: list[Step] = []
    step = 0
    while heap and len(plan) < steps:
        k = heapq.heappop(heap)
        lead = k[4]
        if fresh_at[lead] != step:  # stale bound: recompute and push back
            g = gain_of(current, adds[lead])
            fresh_at[lead] = step
            heapq.heappush(heap, key(g, lead))
            continue
        g = -k[1]
        if g <= EPS:
            continue  # gains only shrink: this unit never raises coverage again
        # the coverage gain is exactly the rise in coverage (for another measure: computed apart)
        cov = cov + (g if rank is None else gain(weights, n_req, current, adds[lead]))
        current = merged(current, adds[lead])
        step += 1
        plan.append(Step(by_lead[lead], g, cov, dict(current)))
    return plan
