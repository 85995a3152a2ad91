"""Gap scoring, unlock counts and the learning plan, pinned on data whose answer is known by construction."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillgap.analysis import gaps as G
from skillgap.analysis.api import generate
from skillgap.analysis.model import Posting, SkillInfo
from skillgap.analysis.stats import wilson_interval, wilson_lower
from tests.factories import NOW, P, make_db

UNIVERSE = ["A", "B", "C", "D", "E", "F", "G"]


def post(i: int, required=(), preferred=()) -> Posting:
    return Posting(cluster_id=f"c{i:03d}", posting_id=f"p{i:03d}", title=f"Job {i}",
                   required=frozenset(required), preferred=frozenset(preferred) - frozenset(required))


def write_profile(tmp_path, text: str):
    path = tmp_path / "me.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def distinct(n: int, skills_of, **kw) -> list[P]:
    """``n`` postings that are distinct dedup clusters (different companies)."""
    return [P(title=f"ML Engineer {i}", company=f"Company {i}", skills=skills_of(i), **kw) for i in range(n)]


# --- statistics ---------------------------------------------------------------------------------

def test_wilson_interval_known_values():
    lo, hi = wilson_interval(5, 10)
    assert lo == pytest.approx(0.2366, abs=1e-4) and hi == pytest.approx(0.7634, abs=1e-4)
    assert wilson_interval(0, 0) == (0.0, 0.0)
    assert wilson_lower(10, 10) == pytest.approx(0.7225, abs=1e-4)
    # small samples do not shout: 1/1 ranks below 40/50
    assert wilson_lower(1, 1) < wilson_lower(40, 50)


# --- ranking (pure) ---------------------------------------------------------------------------------

def test_skill_in_every_required_list_ranks_first_pure():
    postings = [post(i, required={"X"} | ({"A"} if i % 2 else {"B"}), preferred={"C"}) for i in range(8)]
    gaps, _ = G.rank_gaps(postings, has=lambda s: False)
    assert gaps[0].skill == "X"
    assert gaps[0].demand_share == 1.0 and gaps[0].required_share == 1.0


def test_required_ranks_above_preferred_and_specialised_above_soft():
    postings = [post(i, required={"R", "S"}, preferred={"Q"}) for i in range(10)]
    info = {"S": SkillInfo("S", category="soft_skill", kind="soft"), "R": SkillInfo("R", category="tool", kind="hard")}
    gaps, _ = G.rank_gaps(postings, has=lambda s: False, skill_info=info)
    assert [g.skill for g in gaps] == ["R", "S", "Q"]


def test_specificity_puts_target_specific_skill_above_everywhere_skill():
    postings = [post(i, required={"Everywhere", "Specific"}) for i in range(10)]
    gaps, _ = G.rank_gaps(postings, has=lambda s: False, other_clusters=50, other_counts={"Everywhere": 50})
    assert [g.skill for g in gaps] == ["Specific", "Everywhere"]
    assert gaps[0].specificity > 0.5 > gaps[1].specificity


def test_listed_skill_is_never_a_gap_and_beginner_is_a_depth_gap():
    postings = [post(i, required={"Python", "Docker"}) for i in range(5)]
    have = {"Python"}
    gaps, depth = G.rank_gaps(postings, has=have.__contains__, levels={"Python": "beginner"})
    assert [g.skill for g in gaps] == ["Docker"]
    assert [g.skill for g in depth] == ["Python"] and depth[0].level == "beginner"
    gaps, depth = G.rank_gaps(postings, has=have.__contains__, levels={"Python": "advanced"})
    assert depth == [] and [g.skill for g in gaps] == ["Docker"]


def test_score_formula_matches_documentation():
    postings = [post(i, required={"A"} if i < 6 else (), preferred={"A"} if i == 6 else ()) for i in range(10)]
    gaps, _ = G.rank_gaps(postings, has=lambda s: False, other_clusters=4, other_counts={"A": 1})
    g = gaps[0]
    spec = ((7 + .5) / 11) / ((7 + .5) / 11 + (1 + .5) / 5)
    expected = 1.0 * (0.7 * wilson_lower(6, 10) + 0.3 * wilson_lower(7, 10)) * (0.75 + 0.25 * spec)
    assert g.score == pytest.approx(expected)
    assert (g.clusters, g.required, g.specificity) == (7, 6, pytest.approx(spec))


# --- unlock counts: brute force ---------------------------------------------------------------------

def brute_unlocks(reqs, have, threshold=Fraction(4, 5)):
    def open_(req, h):
        return not req or Fraction(len(req & h), len(req)) >= threshold

    at, full = {}, {}
    for s in set(UNIVERSE) - have:
        h2 = have | {s}
        at[s] = sum(1 for r in reqs if r and not open_(r, have) and open_(r, h2))
        full[s] = sum(1 for r in reqs if r and not r <= have and r <= h2)
    return at, full


requirement_sets = st.lists(st.frozensets(st.sampled_from(UNIVERSE), max_size=6), max_size=25)


@settings(max_examples=300, deadline=None)
@given(reqs=requirement_sets, have=st.frozensets(st.sampled_from(UNIVERSE)))
def test_unlock_counts_match_brute_force(reqs, have):
    at, full = G.unlock_counts(reqs, have)
    b_at, b_full = brute_unlocks(reqs, set(have))
    for s in set(UNIVERSE) - have:
        assert at[s] == b_at[s], s
        assert full[s] == b_full[s], s
    assert not (set(at) | set(full)) & have


@settings(max_examples=150, deadline=None)
@given(reqs=requirement_sets, have=st.frozensets(st.sampled_from(UNIVERSE)))
def test_rank_gaps_unlocks_and_plan_match_brute_force(reqs, have):
    postings = [post(i, required=r) for i, r in enumerate(reqs)]
    gaps, _ = G.rank_gaps(postings, has=have.__contains__)
    b_at, _ = brute_unlocks(reqs, set(have))
    for g in gaps:
        assert g.unlock_count == b_at[g.skill]
        assert g.skill not in have
    plan = G.learning_plan(reqs, have, candidates=[g.skill for g in gaps])
    assert len(plan) <= 5
    learned = set(have)

    def open_count(h):
        return sum(1 for r in reqs if r and Fraction(len(r & h), len(r)) >= Fraction(4, 5))

    base = open_count(learned)
    best_first = max((b_at[s] for s in set(UNIVERSE) - have if any(s in r for r in reqs)), default=0)
    for i, step in enumerate(plan):
        if i == 0:
            assert step.unlocks == best_first  # greedy: the first step is a best single skill
        learned.add(step.skill)
        assert step.cumulative_unlocked == open_count(learned) - base
    assert [s.cumulative_unlocked for s in plan] == sorted(s.cumulative_unlocked for s in plan)


def test_unlock_threshold_counts_80_percent_coverage():
    reqs = [frozenset("ABCDE"), frozenset("AB"), frozenset("ABCDEFG")]
    at, full = G.unlock_counts(reqs, frozenset("ABC"))
    assert at["D"] == 1 and at["E"] == 1  # 4 of 5 = 80 %
    assert full.get("D", 0) == 0  # not complete yet
    assert at["F"] == 0  # 4 of 7 < 80 %


# --- through a real database -------------------------------------------------------------------------

def test_db_skill_in_every_required_list_ranks_first(tmp_path):
    extra = ["SQL", "Docker", "AWS", "pandas", "Spark"]
    posts = distinct(12, lambda i: {"PyTorch": "required", extra[i % 5]: "required", extra[(i + 2) % 5]: "preferred"})
    posts += [P(title=f"Analyst {i}", company=f"Other {i}", role_family="data", skills={"PyTorch": "required", "SQL": "required"})
              for i in range(6)]
    db = make_db(tmp_path, posts)
    me = write_profile(tmp_path, "skills: [Python]\n")
    report, _, _ = generate(profile=me, db=db)
    assert report["gaps"][0]["skill"] == "PyTorch"
    assert report["gaps"][0]["demand_share"] == 1.0
    assert report["scope"]["postings"] == 12
    assert report["scope"]["baseline_postings"] == 6


def test_db_alias_listed_skill_is_never_a_gap(tmp_path):
    from skillgap.extractors.taxonomy import load_taxonomy

    posts = distinct(8, lambda i: {"scikit-learn": "required", "PyTorch": "required" if i % 2 else "preferred",
                                   "Docker": "preferred"})
    db = make_db(tmp_path, posts, taxonomy=load_taxonomy())
    me = write_profile(tmp_path, "skills:\n  sklearn: intermediate\n  torch: beginner\n")
    for taxonomy in (True, None):  # bundled taxonomy, or the database's skills view alone
        report, profile, _ = generate(profile=me, db=db, taxonomy=taxonomy)
        assert profile.unknown_skills == ()
        gap_skills = {g["skill"] for g in report["gaps"]}
        assert "scikit-learn" not in gap_skills and "PyTorch" not in gap_skills
        assert gap_skills == {"Docker"}
        assert report["matches"], "the loop below must check something"
        for m in report["matches"]:
            assert "scikit-learn" not in m["missing_skills"] and "PyTorch" not in m["missing_skills"]
        assert [g["skill"] for g in report["depth_gaps"]] == ["PyTorch"]


def test_db_unlock_counts_match_brute_force(tmp_path):
    reqs = [
        {"Python", "SQL"}, {"Python", "Docker"}, {"Python", "SQL", "Docker", "AWS", "Spark"},
        {"SQL"}, {"Docker", "AWS"}, {"Python", "SQL", "Docker", "AWS"}, set(),
    ]
    posts = [P(title=f"ML {i}", company=f"C{i}", skills={s: "required" for s in r} | {"Kafka": "preferred"})
             for i, r in enumerate(reqs)]
    db = make_db(tmp_path, posts)
    me = write_profile(tmp_path, "skills: [Python]\n")
    report, _, _ = generate(profile=me, db=db)
    expected = {}
    for s in ("SQL", "Docker", "AWS", "Spark"):
        h = {"Python", s}
        expected[s] = sum(1 for r in reqs if r and len(r & {"Python"}) / len(r) < 0.8 and len(r & h) / len(r) >= 0.8)
    got = {g["skill"]: g["unlock_count"] for g in report["gaps"]}
    assert got == expected | {"Kafka": 0}
    assert report["learning_plan"][0] == {"skill": "SQL", "cumulative_unlocked": 2, "unlocks": 2, "postings_closer": 4}


def test_one_vote_per_dedup_cluster(tmp_path):
    # the same job on three boards is one cluster: Docker is asked by 1 of 3 postings, not 3 of 5
    posts = [P(title="ML Engineer", company="Acme", board=b, skills={"Docker": "required"}) for b in ("a", "b", "c")]
    posts += [P(title=f"ML Engineer {i}", company=f"Other {i}", skills={"SQL": "required"}) for i in range(2)]
    db = make_db(tmp_path, posts)
    report, _, _ = generate(profile=write_profile(tmp_path, "skills: []\n"), db=db)
    assert report["scope"]["postings"] == 3 and report["scope"]["raw_postings"] == 5
    shares = {g["skill"]: g["demand_share"] for g in report["gaps"]}
    assert shares == {"SQL": pytest.approx(2 / 3, abs=1e-4), "Docker": pytest.approx(1 / 3, abs=1e-4)}


def test_scope_window_roles_seniority_and_locations(tmp_path):
    posts = [
        # open (no closed_at) but not seen since January: an incomplete feed or a removed board
        P(title="Open old", company="A", posted_at="2026-01-01", skills={"Go": "required"}),
        # open and re-seen by every run since January: in scope
        P(title="Open live", company="G", posted_at="2026-01-01", last_seen=NOW, skills={"Kotlin": "required"}),
        P(title="Closed old", company="B", posted_at="2026-01-01", closed_at="2026-02-01", skills={"Rust": "required"}),
        P(title="Recent", company="C", posted_at="2026-11-10", closed_at="2026-11-12", skills={"SQL": "required"}),
        P(title="Senior", company="D", seniority="senior", skills={"Scala": "required"}),
        P(title="Data", company="E", role_family="data", skills={"Tableau": "required"}),
        P(title="Berlin", company="F", location="Berlin", remote=False, skills={"Java": "required"}),
    ]
    db = make_db(tmp_path, posts)
    me = write_profile(tmp_path, "skills: []\n")
    skills = lambda rep: sorted(g["skill"] for g in rep["gaps"])  # noqa: E731
    rep, _, _ = generate(profile=me, db=db)
    assert skills(rep) == ["Java", "Kotlin", "SQL"]
    rep, _, _ = generate(profile=me, db=db, since="2025-12-31")
    assert skills(rep) == ["Go", "Java", "Kotlin", "Rust", "SQL"]
    assert rep["scope"]["since"] == "2025-12-31"
    me2 = write_profile(tmp_path, "skills: []\ntarget_roles: [ml, data]\nseniority: [entry, senior]\nlocations: [remote]\n")
    rep, _, _ = generate(profile=me2, db=db)
    assert skills(rep) == ["Kotlin", "SQL", "Scala", "Tableau"]


def test_small_scope_is_said_and_not_widened(tmp_path):
    db = make_db(tmp_path, distinct(3, lambda i: {"Docker": "required"}))
    rep, _, _ = generate(profile=write_profile(tmp_path, "skills: []\n"), db=db)
    assert rep["scope"]["small_sample"] is True and rep["scope"]["postings"] == 3
    assert any("only 3 postings in scope" in w and "not widened" in w for w in rep["warnings"])


def test_as_of_is_the_latest_data_not_the_clock(tmp_path):
    db = make_db(tmp_path, distinct(2, lambda i: {"Docker": "required"}))
    rep, _, _ = generate(profile=write_profile(tmp_path, "skills: []\n"), db=db)
    assert rep["scope"]["as_of"] == (NOW.replace(hour=12) - __import__("datetime").timedelta(days=7)).isoformat()
    json.dumps(rep)


# --- whole-report invariants on random markets (no database) ----------------------------------------

SKILL_NAMES = ["Python", "SQL", "PyTorch", "Docker", "scikit-learn", "AWS", "R", "C++", "<b>x</b>", "a|b"]


@st.composite
def markets(draw):
    from datetime import datetime, timedelta

    from skillgap.analysis.model import Market, Scope

    n = draw(st.integers(0, 25))
    postings = []
    for i in range(n):
        req = draw(st.frozensets(st.sampled_from(SKILL_NAMES), max_size=5))
        pref = draw(st.frozensets(st.sampled_from(SKILL_NAMES), max_size=3)) - req
        sal = draw(st.one_of(st.none(), st.tuples(st.integers(30_000, 150_000), st.integers(0, 60_000))))
        postings.append(Posting(
            cluster_id=f"c{i:03d}", posting_id=f"p{i:03d}", title=draw(st.text(max_size=20)),
            company=draw(st.one_of(st.none(), st.text(max_size=10))), url=f"https://example.org/{i}",
            first_seen=datetime(2026, 11, 1) - timedelta(days=i), required=req, preferred=pref,
            years_min=draw(st.one_of(st.none(), st.sampled_from([0.0, 1.0, 3.0, 5.0]))),
            salary_annual_min=float(sal[0]) if sal else None,
            salary_annual_max=float(sal[0] + sal[1]) if sal else None, salary_currency="USD" if sal else None,
        ))
    other = draw(st.integers(0, 10))
    other_counts = {s: draw(st.integers(0, other)) for s in draw(st.frozensets(st.sampled_from(SKILL_NAMES)))}
    scope = Scope(("ml",), ("intern", "entry"), (), None, datetime(2026, 11, 1))
    return Market(scope=scope, postings=tuple(postings), raw_postings=n, other_clusters=other, other_counts=other_counts)


@settings(max_examples=60, deadline=None)
@given(market=markets(), have=st.frozensets(st.sampled_from(SKILL_NAMES)), beginner=st.booleans())
def test_report_invariants_on_random_markets(market, have, beginner):
    from skillgap.analysis.api import render
    from skillgap.analysis.profile import Profile
    from skillgap.analysis.report import build_report

    profile = Profile(skills={s: ("beginner" if beginner else "advanced") for s in have})
    rep = build_report(market, profile)
    n = rep["scope"]["postings"]
    scores = [g["score"] for g in rep["gaps"]]
    assert scores == sorted(scores, reverse=True)
    assert [m["score"] for m in rep["matches"]] == sorted((m["score"] for m in rep["matches"]), reverse=True)
    for g in rep["gaps"]:
        assert g["skill"] not in have
        assert 0 <= g["required_share"] <= g["demand_share"] <= 1
        assert 0 <= g["unlock_count"] <= n
        assert 0 <= g["score"] <= 1
    for m in rep["matches"]:
        assert not set(m["missing_skills"]) & have
        assert 0 <= m["score"] <= 1
    assert {g["skill"] for g in rep["depth_gaps"]} <= have
    if not beginner:
        assert rep["depth_gaps"] == []
    sal = rep["salary"]
    assert sal["p50"] is None or sal["n"] >= 10
    assert (n < 20) == rep["scope"]["small_sample"]
    outputs = [render(rep, fmt) for fmt in ("text", "md", "html", "json")]
    assert outputs == [render(build_report(market, profile), fmt) for fmt in ("text", "md", "html", "json")]
    assert "<b>x</b>" not in outputs[2]
    assert all(len(line) <= 100 for line in outputs[0].splitlines())
