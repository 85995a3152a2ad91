"""Matching roles: weighted coverage, matched/missing skills, gates the profile fails."""

from __future__ import annotations

from datetime import datetime

import pytest

from skillgap.analysis.matching import match_posting, match_postings
from skillgap.analysis.model import Posting
from skillgap.analysis.profile import Profile


def post(pid, required=(), preferred=(), **kw):
    return Posting(cluster_id=pid, posting_id=pid, title=pid, required=frozenset(required),
                   preferred=frozenset(preferred), **kw)


PROFILE = Profile(skills={"Python": "advanced", "SQL": "beginner"}, years_experience=1.0, degree="bachelor",
                  needs_visa_sponsorship=True)


def test_weighted_coverage_required_counts_double():
    m = match_posting(post("p", required={"Python", "Docker"}, preferred={"SQL", "AWS"}), PROFILE.has, PROFILE)
    assert m.score == pytest.approx((2 * 1 + 1) / (2 * 2 + 2))
    assert m.required_coverage == 0.5
    assert m.matched == ("Python", "SQL")
    assert m.missing_required == ("Docker",) and m.missing_preferred == ("AWS",)
    assert m.missing == ("Docker", "AWS")


def test_posting_without_skills_is_not_scored():
    assert match_posting(post("p"), PROFILE.has, PROFILE) is None


def test_gates_years_degree_visa_are_flagged():
    p = post("p", required={"Python"}, years_min=3.0, degree="master", visa_sponsorship=False,
             experience_inflated=True)
    gates = match_posting(p, PROFILE.has, PROFILE).gates
    assert any("3+ years" in g and "you have 1" in g for g in gates)
    assert any("master" in g for g in gates)
    assert "no visa sponsorship" in gates
    assert any("entry-level title" in g for g in gates)
    ok = post("q", required={"Python"}, years_min=1.0, degree="bachelor", visa_sponsorship=True)
    assert match_posting(ok, PROFILE.has, PROFILE).gates == ()


def test_unknown_profile_facts_do_not_fail_degree_or_visa_gates():
    prof = Profile(skills={"Python": "advanced"})
    p = post("p", required={"Python"}, degree="phd", visa_sponsorship=False, years_min=2.0)
    assert match_posting(p, prof.has, prof).gates == ("asks 2+ years (profile states none)",)


def test_order_is_score_then_fewer_gates_then_newest_then_id():
    ps = [
        post("a", required={"Python", "Docker"}),
        post("b", required={"Python"}, years_min=5.0),
        post("c", required={"Python"}, first_seen=datetime(2026, 1, 1)),
        post("d", required={"Python"}, first_seen=datetime(2026, 2, 1)),
        post("e", required={"Python"}, first_seen=datetime(2026, 2, 1)),
    ]
    order = [m.posting.posting_id for m in match_postings(ps, PROFILE.has, PROFILE)]
    assert order == ["d", "e", "c", "b", "a"]
