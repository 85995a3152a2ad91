"""The coverage objective and the greedy plan, against brute force on small markets."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from skillgap.analysis import coverage as cov
from skillgap.analysis.graph import SkillGraph
from skillgap.analysis.load import MarketQuery
from tests.market_db import Job, market_con

SKILLS = ["A", "B", "C", "D", "E", "F"]
GRAPH = SkillGraph(parents={"A": ("B",), "C": ("D",)}, groups=(("E", "F"),))

# a posting's requirements: skills, and sometimes alternatives ("E or F or A") met by any member
requirement = st.one_of(st.sampled_from(SKILLS), st.frozensets(st.sampled_from(SKILLS), min_size=2, max_size=3))
requirements = st.lists(st.frozensets(requirement, max_size=4), min_size=1, max_size=12)
profiles = st.frozensets(st.sampled_from(SKILLS), max_size=3)


def fit(req, credit):
    """The printed definition: requirements met / requirements; alternatives are one requirement met
    by any member; a skill is met at full credit only."""
    units = {frozenset([x]) if isinstance(x, str) else frozenset(x) for x in req}
    return sum(any(credit.get(m, 0) >= 1.0 for m in u) for u in units) / len(units)


def per_posting_coverage(reqs, credit):
    """The definition, computed posting by posting (no per-skill algebra)."""
    covers = [fit(r, credit) for r in reqs if r]
    return sum(covers) / len(covers) if covers else 0.0


@settings(max_examples=80, deadline=None)
@given(reqs=requirements, have=profiles)
def test_per_skill_weights_give_the_per_posting_mean(reqs, have):
    w, n = cov.weights_from_requirements(reqs)
    credit = cov.credit_map(GRAPH, have)
    assert cov.coverage(w, n, credit) == pytest.approx(per_posting_coverage(reqs, credit), abs=1e-9)


def best_of_k(units, reqs, credit, k):
    best = 0.0
    for combo in itertools.combinations(units, k):
        c = cov.merged(credit, cov.credit_map(GRAPH, [m for u in combo for m in u.members]))
        best = max(best, per_posting_coverage(reqs, c))
    return best


@settings(max_examples=60, deadline=None)
@given(reqs=requirements, have=profiles)
def test_greedy_plan_rises_every_step_and_is_near_optimal(reqs, have):
    w, n = cov.weights_from_requirements(reqs)
    credit = cov.credit_map(GRAPH, have)
    cands = sorted({m for r in reqs for x in r for m in ([x] if isinstance(x, str) else x)} - have)
    units = cov.make_units(cands, GRAPH, rank_key=lambda s: (s,))
    plan = cov.greedy_plan(units, w, n, credit, GRAPH, steps=3)
    now = per_posting_coverage(reqs, credit)
    prev = now
    for i, step in enumerate(plan, 1):
        # coverage_after is the real coverage with every step so far learned
        assert step.coverage_after == pytest.approx(per_posting_coverage(reqs, step.credits_after), abs=1e-9)
        assert step.coverage_after > prev + 1e-12
        prev = step.coverage_after
        # submodular objective: greedy is within (1 - 1/e) of the best i units
        opt = best_of_k(units, reqs, credit, i)
        assert step.coverage_after - now >= (1 - 1 / math.e) * (opt - now) - 1e-9
    if plan:
        # the first step is the single best unit
        assert plan[0].coverage_after == pytest.approx(best_of_k(units, reqs, credit, 1), abs=1e-9)
    else:
        assert best_of_k(units, reqs, credit, 1) == pytest.approx(now, abs=1e-12) or not units


def test_plan_stops_instead_of_adding_a_useless_step():
    reqs = [frozenset({"A"}), frozenset({"A", "C"})]
    w, n = cov.weights_from_requirements(reqs)
    units = cov.make_units(["A", "C", "Z"], SkillGraph(), rank_key=lambda s: (s,))
    plan = cov.greedy_plan(units, w, n, {}, SkillGraph(), steps=5)
    assert [s.unit.lead for s in plan] == ["A", "C"]
    assert plan[-1].coverage_after == pytest.approx(1.0)


def test_overlap_group_is_one_unit_led_by_its_top_member():
    units = cov.make_units(["E", "F", "A"], GRAPH, rank_key=lambda s: ({"F": 0, "A": 1, "E": 2}[s],))
    assert [(u.lead, u.includes) for u in units] == [("F", ("E",)), ("A", ())]


@settings(max_examples=25, deadline=None)
@given(reqs=requirements, have=profiles, pref=st.frozensets(st.sampled_from(SKILLS), max_size=2))
def test_sql_weights_and_thresholds_match_python(reqs, have, pref):
    def split(r):
        singles = {x for x in r if isinstance(x, str)}
        alts = tuple(x for x in r if not isinstance(x, str))
        return singles, alts

    # a skill both single and in a group joins the group (the SQL's rule): normalise the same way
    def normal(r):
        singles, alts = split(r)
        groups = [set(g) for g in alts]
        merged = True
        while merged:
            merged = False
            for i in range(len(groups)):
                for j in range(i + 1, len(groups)):
                    if groups[i] & groups[j]:
                        groups[i] |= groups.pop(j)
                        merged = True
                        break
                if merged:
                    break
        in_group = set().union(*groups) if groups else set()
        return frozenset({frozenset(g) for g in groups} | {s for s in singles if s not in in_group})

    for r in reqs:  # overlapping groups in one posting are out of this test's reach (see load.py)
        groups = split(r)[1]
        assume(all(not (a & b) for i, a in enumerate(groups) for b in groups[i + 1:]))
    jobs = []
    for i, r in enumerate(reqs):
        singles, alts = split(r)
        members = singles.union(*alts) if alts else singles
        jobs.append(Job(required=singles, preferred=pref - members, alternatives=alts, company=f"C{i}"))
    reqs = [normal(r) for r in reqs]
    con = market_con(jobs)
    mq = MarketQuery(con, role_families=["ml"], seniority=["entry"])
    stats = mq.stats()
    w, n = cov.weights_from_requirements(reqs)
    assert stats.n_req == n
    assert dict(stats.units) == pytest.approx(dict(w))
    credit = cov.credit_map(GRAPH, have)
    open_py = sum(1 for r in reqs if cov.is_open(r, credit))
    add = {"B": 1.0, "E": 1.0}
    after = cov.merged(credit, add)
    opened_py = sum(1 for r in reqs if cov.is_open(r, after) and not cov.is_open(r, credit))
    open_sql, opened = mq.open_counts(credit, {"x": {t: c - credit.get(t, 0) for t, c in add.items()}}, cov.UNLOCK_THRESHOLD)
    assert open_sql == open_py and opened["x"] == opened_py
    scored, top = mq.top_matches(credit, 100)
    assert scored == n
    py_scores = sorted((round(fit(r, credit), 9) for r in reqs if r), reverse=True)
    assert [round(m["score"], 9) for m in top] == py_scores
    con.close()
