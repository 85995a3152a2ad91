"""Matching roles: the score is the posting's covered share of its required hard skills; gates the
profile fails are flagged; the list is limited and ordered."""

from __future__ import annotations

import pytest

from skillgap.analysis.graph import SkillGraph
from skillgap.analysis.load import MarketQuery
from skillgap.analysis.matching import failed_gates
from skillgap.analysis.profile import Profile
from skillgap.analysis.report import build_report
from tests.market_db import Job, market_con

PROFILE = Profile(skills={"Python": "advanced", "SQL": "beginner"}, years_experience=1.0, degree="bachelor",
                  needs_visa_sponsorship=True)
KINDS = {"communication": ("soft_skill", "soft")}


def report(jobs, profile=PROFILE, **kw):
    con = market_con(jobs, kinds=KINDS)
    try:
        return build_report(MarketQuery(con, role_families=["ml"], seniority=["entry"]), profile, SkillGraph(), **kw)
    finally:
        con.close()


def test_score_is_weighted_required_hard_coverage_and_lists_are_split():
    jobs = [Job(required={"Python", "Docker", "communication"}, preferred={"SQL", "AWS"}, company="A"),
            Job(required={"Python"}, company="B"), Job(required={"Docker"}, company="C")]
    rep = report(jobs)
    by = {m["company"]: m for m in rep["matches"]}
    # Python is required by 2 postings, Docker by 2: equal weights, so half of A's hard requirements
    assert by["A"]["score"] == pytest.approx(0.5)
    assert by["A"]["matched_skills"] == ["Python", "SQL"]
    assert by["A"]["missing_required"] == ["Docker"] and by["A"]["missing_skills"] == ["Docker", "AWS"]
    assert "communication" not in by["A"]["missing_skills"]  # soft skills are not gaps
    assert by["B"]["score"] == 1.0 and by["C"]["score"] == 0.0
    assert [m["company"] for m in rep["matches"]] == ["B", "A", "C"]


def test_posting_without_required_hard_skills_is_not_scored():
    rep = report([Job(preferred={"Python"}, company="A"), Job(required={"communication"}, company="B"),
                  Job(required={"Python"}, company="C")])
    assert [m["company"] for m in rep["matches"]] == ["C"]
    assert rep["unscored_postings"] == 2


def test_gates_years_degree_visa_are_flagged():
    p = {"years_min": 3.0, "degree": "master", "visa_sponsorship": False, "experience_inflated": True}
    gates = failed_gates(p, PROFILE)
    assert any("3+ years" in g and "you have 1" in g for g in gates)
    assert any("master" in g for g in gates)
    assert "no visa sponsorship" in gates
    assert any("entry-level title" in g for g in gates)
    ok = {"years_min": 1.0, "degree": "bachelor", "visa_sponsorship": True}
    assert failed_gates(ok, PROFILE) == ()


def test_unknown_profile_facts_do_not_fail_degree_or_visa_gates():
    prof = Profile(skills={"Python": "advanced"})
    p = {"degree": "phd", "visa_sponsorship": False, "years_min": 2.0}
    assert failed_gates(p, prof) == ("asks 2+ years (profile states none)",)


def test_order_is_score_then_newest_then_id_and_the_limit_holds():
    jobs = [Job(required={"Python", "Docker"}, company="a", days_ago=1)]
    jobs += [Job(required={"Python"}, company=c, days_ago=d) for c, d in (("c", 9), ("d", 2), ("e", 2))]
    rep = report(jobs)
    assert [m["company"] for m in rep["matches"]] == ["d", "e", "c", "a"]
    assert [m["company"] for m in report(jobs, match_limit=2)["matches"]] == ["d", "e"]
    assert report(jobs, match_limit=2)["matches_total"] == 4


def test_entry_market_keeps_what_a_graduate_can_enter_and_counts_the_stretch_tier_apart():
    from skillgap.analysis.profile import DEGREES

    jobs = [Job(required={"Python", "SQL"}, company="ok"),
            Job(required={"Python"}, company="one year", years_min=1.0),
            Job(required={"Rust"}, company="two years", years_min=2.0),
            Job(required={"Go"}, company="phd only", degree="phd"),
            Job(required={"Scala"}, company="senior cue", entry_level=False, years_min=5.0, seniority="senior")]
    con = market_con(jobs)
    try:
        mq = MarketQuery(con, role_families=["ml"], seniority=["intern", "entry"], entry_market=True,
                         degree_rank=DEGREES.index("bachelor") + 1, degrees=DEGREES)
        rep = build_report(mq, Profile(skills={"Python": "advanced"}, degree="bachelor", years_experience=0.0),
                           SkillGraph())
    finally:
        con.close()
    assert rep["scope"]["postings"] == 2 and rep["scope"]["market"] == "entry_level"
    assert rep["scope"]["stretch"] == 2
    assert {x["company"]: x["why"] for x in rep["stretch_postings"]} == {"two years": "asks 2 years",
                                                                       "phd only": "asks a phd degree"}
    assert {g["skill"] for g in rep["gaps"]} == {"SQL"}  # stretch postings never feed the gaps
    # the 1-year posting fails the years gate of a 0-year profile: it ranks after the one that passes
    assert [(m["company"], m["fails_gate"]) for m in rep["matches"]] == [("ok", False), ("one year", True)]
    assert (rep["matches"][1]["matched_required"], rep["matches"][1]["required_total"]) == (1, 1)
