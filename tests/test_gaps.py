"""Gaps, soft skills apart, matches and the learning plan, pinned on data whose answer is known by
construction; whole-report invariants on random markets."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillgap.analysis import coverage as cov
from skillgap.analysis.api import generate, render
from skillgap.analysis.graph import SkillGraph
from skillgap.analysis.load import MarketQuery
from skillgap.analysis.profile import Profile
from skillgap.analysis.report import build_report
from skillgap.analysis.stats import wilson_interval, wilson_lower
from tests.factories import NOW, P, make_db
from tests.market_db import Job, market_con

SOFT = {"communication": ("soft_skill", "soft"), "teamwork": ("soft_skill", "soft"),
        "collaboration": ("soft_skill", "soft"), "integrity": ("soft_skill", "soft"),
        "English": ("spoken_language", "hard")}


def write_profile(tmp_path, text: str):
    path = tmp_path / "me.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def distinct(n: int, skills_of, **kw) -> list[P]:
    """``n`` postings that are distinct dedup clusters (different companies)."""
    return [P(title=f"ML Engineer {i}", company=f"Company {i}", skills=skills_of(i), **kw) for i in range(n)]


def report_of(jobs, have=(), graph=SkillGraph(), kinds=SOFT, **kw):
    con = market_con(jobs, kinds=kinds)
    mq = MarketQuery(con, role_families=["ml"], seniority=["entry"])
    rep = build_report(mq, Profile(skills={s: "advanced" for s in have}), graph, **kw)
    con.close()
    return rep


# --- statistics ---------------------------------------------------------------------------------

def test_wilson_interval_known_values():
    lo, hi = wilson_interval(5, 10)
    assert lo == pytest.approx(0.2366, abs=1e-4) and hi == pytest.approx(0.7634, abs=1e-4)
    assert wilson_interval(0, 0) == (0.0, 0.0)
    assert wilson_lower(10, 10) == pytest.approx(0.7225, abs=1e-4)
    assert wilson_lower(1, 1) < wilson_lower(40, 50)


# --- ranking ------------------------------------------------------------------------------------

def test_skill_in_every_required_list_ranks_first():
    jobs = [Job(required={"X"} | ({"A"} if i % 2 else {"B"}), preferred={"C"}, company=f"C{i}") for i in range(8)]
    rep = report_of(jobs)
    assert rep["gaps"][0]["skill"] == "X"
    assert rep["gaps"][0]["demand_share"] == 1.0 and rep["gaps"][0]["required_share"] == 1.0
    assert rep["learning_plan"][0]["skill"] == "X"


def test_soft_skills_and_languages_are_never_gaps_but_reported_apart():
    jobs = [Job(required={"communication", "teamwork", "integrity", "English", "Docker"} | ({"SQL"} if i < 3 else set()),
                preferred={"collaboration"}, company=f"C{i}") for i in range(10)]
    rep = report_of(jobs, graph=SkillGraph(groups=(("collaboration", "teamwork"),)))
    assert [g["skill"] for g in rep["gaps"]] == ["Docker", "SQL"]
    assert all(p["skill"] in ("Docker", "SQL") for p in rep["learning_plan"])
    soft = {s["skill"]: s for s in rep["soft_skills"]}
    assert set(soft) == {"communication", "integrity", "collaboration"}  # tie on demand: the first name leads
    grouped = next(s for s in rep["soft_skills"] if s["includes"])
    assert {grouped["skill"], *grouped["includes"]} == {"collaboration", "teamwork"}
    assert [x["skill"] for x in rep["languages"]] == ["English"]
    # coverage counts hard skills only: Docker alone covers every posting without SQL
    assert rep["coverage_now"] == 0.0
    assert report_of(jobs, have={"Docker"})["scope"]["open_to_you"] == 10


def test_overlapping_gaps_share_one_row_with_includes():
    jobs = [Job(required={"ETL", "Python"} if i % 2 else {"data pipelines", "Python"}, company=f"C{i}") for i in range(8)]
    rep = report_of(jobs, graph=SkillGraph(groups=(("data pipelines", "ETL"),)))
    rows = {g["skill"]: g for g in rep["gaps"]}
    assert set(rows) == {"Python", next(iter(set(rows) - {"Python"}))} and len(rows) == 2
    lead = next(g for g in rep["gaps"] if g["skill"] != "Python")
    assert {lead["skill"], *lead["includes"]} == {"ETL", "data pipelines"}
    assert lead["demand_share"] == 1.0  # every posting asks for one of the two


def test_partial_credit_is_said_but_not_counted():
    g = SkillGraph(parents={"PyTorch": ("deep learning",)})
    jobs = [Job(required={"deep learning", "Docker"}, company=f"C{i}") for i in range(6)]
    with_child = report_of(jobs, have={"PyTorch"}, graph=g)
    without = report_of(jobs, graph=g)
    assert with_child["coverage_now"] == 0.0  # "k of n required" counts met skills only
    dl = next(x for x in with_child["gaps"] if x["skill"] == "deep learning")
    assert dl["credited"] == {"skill": "deep learning", "credit": 0.5, "via": "PyTorch", "relation": "parent"}
    assert "partly implied by PyTorch (50% credit, shown, not counted)" in dl["why"]
    assert dl["score"] == next(x for x in without["gaps"] if x["skill"] == "deep learning")["score"]
    assert [c["skill"] for c in with_child["credited"]] == ["deep learning"]


def test_a_tool_meets_the_concepts_it_implies_in_full_and_they_are_no_gaps():
    g = SkillGraph(full={"Tableau": ("data visualization", "dashboards")})
    jobs = [Job(required={"data visualization", "Docker"}, company=f"C{i}") for i in range(4)]
    jobs += [Job(required={"dashboards", "SQL"}, company=f"D{i}") for i in range(2)]
    rep = report_of(jobs, have={"Tableau"}, graph=g)
    assert {x["skill"] for x in rep["gaps"]} == {"Docker", "SQL"}
    assert rep["coverage_now"] == pytest.approx(0.5)  # one of two required skills met everywhere
    assert all(m["matched_required"] == 1 and m["required_total"] == 2 for m in rep["matches"])
    assert all(m["score"] == 0.5 for m in rep["matches"])


def test_alternatives_are_one_requirement_and_one_gap_row_naming_the_group():
    jobs = [Job(required={"Python"}, alternatives=({"AWS", "GCP", "Azure"},), company=f"C{i}") for i in range(6)]
    jobs += [Job(required={"Python", "Docker"}, company=f"D{i}") for i in range(2)]
    kinds = {**SOFT, "AWS": ("cloud", "hard"), "GCP": ("cloud", "hard"), "Azure": ("cloud", "hard")}
    rep = report_of(jobs, have={"Python"}, kinds=kinds)
    cloud = rep["gaps"][0]
    assert cloud["alternatives"] == ["AWS", "Azure", "GCP"] and cloud["label"] == "cloud: AWS | Azure | GCP"
    assert cloud["demand_share"] == pytest.approx(6 / 8)
    assert not {"Azure", "GCP"} & {x["skill"] for x in rep["gaps"]}  # demand not split over three rows
    assert rep["coverage_now"] == pytest.approx(0.5)
    one = report_of(jobs, have={"Python", "GCP"}, kinds=kinds)
    assert {x["skill"] for x in one["gaps"]} == {"Docker"}  # any one member meets the requirement
    by = {m["company"]: m for m in one["matches"]}
    assert (by["C0"]["matched_required"], by["C0"]["required_total"], by["C0"]["score"]) == (2, 2, 1.0)
    first = report_of(jobs, kinds=kinds)["matches"]
    assert all(m["required_total"] == 2 for m in first)


def test_an_umbrella_ranks_below_its_concrete_skills_and_never_leads_the_plan():
    g = SkillGraph(full={"PostgreSQL": ("databases",)}, umbrellas=frozenset({"databases"}))
    # learning PostgreSQL meets "databases" too: it scores at least as much, and leads on a tie
    jobs = [Job(required={"databases", "Docker"}, company=f"C{i}") for i in range(8)]
    jobs += [Job(required={"PostgreSQL", "Docker"}, company=f"D{i}") for i in range(2)]
    rep = report_of(jobs, graph=g)
    order = [x["skill"] for x in rep["gaps"]]
    assert order.index("PostgreSQL") < order.index("databases") and rep["gaps"][order.index("databases")]["umbrella"]
    assert rep["learning_plan"][0]["skill"] != "databases"
    # without a concrete member asked for, the umbrella ranks on its own merit
    alone = report_of([Job(required={"databases", "Docker"}, company=f"C{i}") for i in range(3)]
                      + [Job(required={"Docker"}, company="X")], graph=g)
    assert alone["gaps"][0]["skill"] == "Docker" and "databases" in [x["skill"] for x in alone["gaps"]]


def test_listed_skill_is_never_a_gap_and_beginner_is_a_depth_gap():
    jobs = [Job(required={"Python", "Docker"}, company=f"C{i}") for i in range(5)]
    con = market_con(jobs)
    mq = MarketQuery(con, role_families=["ml"], seniority=["entry"])
    rep = build_report(mq, Profile(skills={"Python": "beginner"}), SkillGraph())
    assert [g["skill"] for g in rep["gaps"]] == ["Docker"]
    assert [g["skill"] for g in rep["depth_gaps"]] == ["Python"]


def test_gap_score_counts_postings_with_a_newly_met_requirement_and_the_plan_rises():
    reqs = [{"A", "B"}, {"A"}, {"B", "C"}, {"A", "C", "D"}, {"D"}, set()]
    jobs = [Job(required=r, preferred={"E"}, company=f"C{i}") for i, r in enumerate(reqs)]
    rep = report_of(jobs)
    w, n = cov.weights_from_requirements(reqs)
    learned: set[str] = set()

    def doors(skill: str, known: set[str]) -> float:  # brute force: postings requiring it, not yet known
        return sum(1 for r in reqs if skill in r and skill not in known) / n

    for g in rep["gaps"]:
        # the score: postings it newly meets a requirement of once the rows above are learned
        assert g["score"] == pytest.approx(doors(g["skill"], learned), abs=1e-4)
        assert g["score_alone"] == pytest.approx(doors(g["skill"], set()), abs=1e-4)
        # coverage (mean fit) after learning it alone
        assert g["coverage_after"] == pytest.approx(rep["coverage_now"] + cov.gain(w, n, {}, {g["skill"]: 1.0}), abs=2e-4)
        learned.add(g["skill"])
    assert [g["skill"] for g in rep["gaps"][:2]] == ["A", "B"]  # A: 3 postings; B, C, D: 2 each, the name decides
    after = [p["coverage_after"] for p in rep["learning_plan"]]
    assert after == sorted(after) and len(set(after)) == len(after) and after[0] > rep["coverage_now"]
    unlocked = [p["cumulative_unlocked"] for p in rep["learning_plan"]]
    assert unlocked == sorted(unlocked)
    assert rep["scope"]["with_required_skills"] == 5 and rep["unscored_postings"] == 1


def test_a_tool_meeting_several_requirements_of_one_posting_opens_one_door_there():
    # one posting asks for the tool and both concepts it implies; four others ask for a cloud
    g = SkillGraph(full={"LangChain": ("LLMs", "generative AI")})
    jobs = [Job(required={"LangChain", "LLMs", "generative AI", "Python"}, company="L")]
    jobs += [Job(required={"AWS", "Python"}, company=f"A{i}") for i in range(4)]
    jobs += [Job(required={"Python", f"niche {i}"}, company=f"N{i}") for i in range(5)]
    rep = report_of(jobs, have={"Python"}, graph=g)
    by = {x["skill"]: x for x in rep["gaps"]}
    assert by["LangChain"]["score_alone"] == pytest.approx(1 / 10)  # three requirements, one posting
    assert by["AWS"]["score_alone"] == pytest.approx(4 / 10)
    assert [x["skill"] for x in rep["gaps"]][0] == "AWS" and rep["learning_plan"][0]["skill"] == "AWS"


def test_doors_counts_each_posting_once_and_only_unmet_requirements():
    doors = cov.Doors.of([[{"A"}, {"B"}, {"C", "D"}], [{"A"}], [{"D"}], [{"E"}]])
    assert doors({}, {"A": 1.0}) == pytest.approx(2 / 4)
    assert doors({}, {"A": 1.0, "B": 1.0}) == pytest.approx(2 / 4)  # the first posting once
    assert doors({}, {"D": 1.0}) == pytest.approx(2 / 4)  # an alternative of C, and D alone
    assert doors({"C": 1.0}, {"D": 1.0}) == pytest.approx(1 / 4)  # C already meets the choice
    assert doors({"A": 1.0}, {"A": 1.0}) == 0.0 and doors({}, {"A": 0.5}) == 0.0  # partial credit: no door


def test_doors_count_a_large_union_of_postings_once_each():
    # past the short-array path (a set) the union marks each posting in an array: same rule, each posting once
    n = 3 * cov._SMALL_UNION
    doors = cov.Doors.of([[{"A"}, {"B"}] if i % 3 else [{"A"}] if i % 2 else [{"B"}] for i in range(n)])
    both = sum(1 for i in range(n) if i % 3)
    only_a = sum(1 for i in range(n) if not i % 3 and i % 2)
    only_b = n - both - only_a
    assert doors({}, {"A": 1.0, "B": 1.0}) == pytest.approx(1.0)
    assert doors({}, {"A": 1.0}) == pytest.approx((both + only_a) / n)
    assert doors({"A": 1.0}, {"B": 1.0}) == pytest.approx((both + only_b) / n)  # B still unmet there


def test_doors_singles_equal_one_call_a_skill():
    # the batch the gap ranking uses: a met skill gains 0, a skill in several requirements counts a
    # posting once, a requirement already met through an alternative adds nothing
    doors = cov.Doors.of([[{"A"}, {"B", "C"}], [{"B"}], [{"C"}, {"D"}], [{"A"}, {"D"}]])
    current = {"A": 1.0, "C": 0.5}
    skills = ["A", "B", "C", "D", "E"]
    assert doors.singles(current, skills) == {s: doors(current, {s: 1.0}) for s in skills}
    assert doors.singles(current, skills) == {"A": 0.0, "B": 0.5, "C": 0.5, "D": 0.5, "E": 0.0}
    assert doors.singles({"B": 1.0}, ["C"]) == {"C": 0.25}  # {B, C} is met by B: only the third posting


def test_alternatives_count_as_required_when_any_member_is_required():
    # ureq (the requirement is required) is the group's any(required): "Kafka required, or Pulsar
    # nice to have" requires the pair; two preferred alternatives require nothing. Pinned against
    # the window definition over every (cluster, skill) row that the faster SQL replaces
    jobs = [Job(required={"Python"}, company="A"), Job(required={"SQL"}, company="B"),
            Job(required={"Python"}, company="C", cluster="c2"), Job(required={"Go"}, company="D", cluster="c2")]
    con = market_con(jobs)
    try:
        con.execute("INSERT INTO posting_skills VALUES ('p0000', 'Kafka', NULL, 'required', 5, 6, 'x', NULL, 7), "
                    "('p0000', 'Pulsar', NULL, 'preferred', 7, 8, 'x', NULL, 7), "
                    "('p0001', 'Rust', NULL, 'preferred', 5, 6, 'x', NULL, 3), ('p0001', 'Zig', NULL, 'preferred', 7, 8, 'x', NULL, 3), "
                    "('p0002', 'Flink', NULL, 'preferred', 5, 6, 'x', NULL, 1), ('p0003', 'Flink', NULL, 'required', 5, 6, 'x', NULL, NULL), "
                    "('p0003', 'Beam', NULL, 'preferred', 7, 8, 'x', NULL, NULL), ('p0002', 'Beam', NULL, 'preferred', 7, 8, 'x', NULL, 1)")
        con.execute("INSERT INTO skills VALUES ('Kafka', 'tool', 'hard', [], NULL), ('Pulsar', 'tool', 'hard', [], NULL), "
                    "('Rust', 'tool', 'hard', [], NULL), ('Zig', 'tool', 'hard', [], NULL), "
                    "('Flink', 'tool', 'hard', [], NULL), ('Beam', 'tool', 'hard', [], NULL)")
        MarketQuery(con, role_families=["ml"], seniority=["entry"]).stats()
        rows = con.execute("SELECT n.skill, c.ureq FROM sg_cs c JOIN sg_sk n USING (sid) ORDER BY 1").fetchall()
        by_window = con.execute("SELECT count(*) FROM (SELECT ck, sid, req, u, bool_or(req) OVER (PARTITION BY ck, u) FROM sg_cs "
                                "EXCEPT ALL SELECT ck, sid, req, u, ureq FROM sg_cs)").fetchall()[0][0]
    finally:
        con.close()
    ureq = dict(rows)
    assert ureq["Pulsar"] is True and ureq["Kafka"] is True
    assert ureq["Rust"] is False and ureq["Zig"] is False
    # cluster c2: Flink (required by p3) and Beam offered as alternatives by p2: the pair is required
    assert ureq["Flink"] is True and ureq["Beam"] is True
    assert by_window == 0


def test_doors_read_from_sql_equal_the_doors_of_each_postings_requirements():
    # SQL keys a requirement by one integer (a skill id, or a negative id for alternatives) and
    # numbers the clusters 0 .. n - 1: the doors it builds are those of the postings' own lists
    jobs = [Job(required={"Python", "SQL"}, alternatives=({"AWS", "GCP"},), company=f"A{i}") for i in range(3)]
    jobs += [Job(required={"Docker", "AWS"}, company=f"B{i}") for i in range(2)] + [Job(required={"GCP"}, company="C")]
    con = market_con(jobs)
    try:
        mq = MarketQuery(con, role_families=["ml"], seniority=["entry"])
        stats = mq.stats()
        open_now, opened = mq.open_counts({"Python": 1.0}, {"aws": {"AWS": 1.0}, "sql": {"SQL": 1.0}}, 0.5)
    finally:
        con.close()
    by_posting = cov.Doors.of([[{"Python"}, {"SQL"}, {"AWS", "GCP"}]] * 3 + [[{"Docker"}, {"AWS"}]] * 2 + [[{"GCP"}]])
    assert stats.doors is not None
    assert sorted(map(sorted, stats.units)) == [["AWS"], ["AWS", "GCP"], ["Docker"], ["GCP"], ["Python"], ["SQL"]]
    for added in ({"AWS": 1.0}, {"GCP": 1.0}, {"Docker": 1.0, "SQL": 1.0}, {"Python": 1.0}):
        assert by_posting({}, added) == stats.doors({}, added) > 0
    assert stats.doors({}, {"AWS": 1.0}) == pytest.approx(5 / 6)  # three as an alternative, two alone
    # Python meets 1 of 3 in the A postings: AWS (or SQL) makes it 2 of 3; AWS also opens both B postings
    assert (open_now, opened) == (0, {"aws": 5, "sql": 3})


def test_unlock_counts_match_brute_force():
    reqs = [{"Python", "SQL"}, {"Python", "Docker"}, {"Python", "SQL", "Docker", "AWS", "Spark"},
            {"SQL"}, {"Docker", "AWS"}, {"Python", "SQL", "Docker", "AWS"}, set()]
    jobs = [Job(required=r, preferred={"Kafka"}, company=f"C{i}") for i, r in enumerate(reqs)]
    rep = report_of(jobs, have={"Python"})
    now = {"Python": 1.0}
    expected = {s: sum(1 for r in reqs if r and not cov.is_open(r, now) and cov.is_open(r, now | {s: 1.0}))
                for s in ("SQL", "Docker", "AWS", "Spark", "Kafka")}
    assert {g["skill"]: g["unlock_count"] for g in rep["gaps"]} == expected
    assert rep["scope"]["open_to_you"] == sum(1 for r in reqs if cov.is_open(r, now))


def test_acceptance_shape_student_profile():
    """A student market: soft skills everywhere, hard skills with a long tail. No soft skill in the
    top 10; at least 3 of the top 5 among the 10 most-asked missing hard skills; the plan rises and
    starts with one of them."""
    hard = ["machine learning", "PyTorch", "deep learning", "AWS", "Docker", "Spark", "R", "statistics",
            "TensorFlow", "Java", "C++", "Kubernetes", "Airflow", "Tableau"]
    jobs = []
    for i in range(60):
        req = {"Python", "communication", "teamwork", "integrity"}
        req |= {h for k, h in enumerate(hard) if (i * (k + 3)) % (k + 2) == 0}
        req |= {f"niche {i}", f"niche {i + 1}"}
        jobs.append(Job(required=req, company=f"C{i}"))
    rep = report_of(jobs, have={"Python", "scikit-learn", "SQL", "Git", "pandas"})
    top10 = [g["skill"] for g in rep["gaps"][:10]]
    assert not set(top10) & set(SOFT)
    counts = {h: sum(1 for j in jobs if h in j.required) for h in hard}
    most = sorted(counts, key=lambda h: -counts[h])[:10]
    assert sum(1 for s in top10[:5] if s in most) >= 3
    assert rep["learning_plan"][0]["skill"] in most
    after = [rep["coverage_now"]] + [p["coverage_after"] for p in rep["learning_plan"]]
    assert all(b > a for a, b in zip(after, after[1:]))


# --- through a real database (the store's schema and views) -----------------------------------------

def test_db_skill_in_every_required_list_ranks_first(tmp_path):
    extra = ["SQL", "Docker", "AWS", "pandas", "Spark"]
    posts = distinct(12, lambda i: {"PyTorch": "required", extra[i % 5]: "required", extra[(i + 2) % 5]: "preferred"})
    posts += [P(title=f"Analyst {i}", company=f"Other {i}", role_family="data", skills={"PyTorch": "required", "SQL": "required"})
              for i in range(6)]
    db = make_db(tmp_path, posts)
    report, _ = generate(profile=write_profile(tmp_path, "skills: [Python]\n"), db=db)
    assert report["gaps"][0]["skill"] == "PyTorch"
    assert report["gaps"][0]["demand_share"] == 1.0
    assert report["scope"]["postings"] == 12
    assert report["learning_plan"][0]["skill"] == "PyTorch"


def test_db_alias_listed_skill_is_never_a_gap(tmp_path):
    from skillgap.extractors.taxonomy import load_taxonomy

    posts = distinct(8, lambda i: {"scikit-learn": "required", "PyTorch": "required" if i % 2 else "preferred",
                                   "Docker": "preferred"})
    db = make_db(tmp_path, posts, taxonomy=load_taxonomy())
    me = write_profile(tmp_path, "skills:\n  sklearn: intermediate\n  torch: beginner\n")
    for taxonomy in (True, None):  # bundled taxonomy as fallback, or the database's skills view alone
        report, profile = generate(profile=me, db=db, taxonomy=taxonomy)
        assert profile.unknown_skills == ()
        gap_skills = {g["skill"] for g in report["gaps"]}
        assert "scikit-learn" not in gap_skills and "PyTorch" not in gap_skills
        assert gap_skills == {"Docker"}
        assert report["matches"], "the loop below must check something"
        for m in report["matches"]:
            assert "scikit-learn" not in m["missing_skills"] and "PyTorch" not in m["missing_skills"]
        assert [g["skill"] for g in report["depth_gaps"]] == ["PyTorch"]


def test_one_vote_per_dedup_cluster(tmp_path):
    # the same job on three boards is one cluster: Docker is asked by 1 of 3 postings, not 3 of 5
    posts = [P(title="ML Engineer", company="Acme", board=b, skills={"Docker": "required"}) for b in ("a", "b", "c")]
    posts += [P(title=f"ML Engineer {i}", company=f"Other {i}", skills={"SQL": "required"}) for i in range(2)]
    db = make_db(tmp_path, posts)
    report, _ = generate(profile=write_profile(tmp_path, "skills: []\n"), db=db)
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
    rep, _ = generate(profile=me, db=db)
    assert skills(rep) == ["Java", "Kotlin", "SQL"]
    rep, _ = generate(profile=me, db=db, since="2025-12-31")
    assert skills(rep) == ["Go", "Java", "Kotlin", "Rust", "SQL"]
    assert rep["scope"]["since"] == "2025-12-31"
    me2 = write_profile(tmp_path, "skills: []\ntarget_roles: [ml, data]\nseniority: [entry, senior]\nlocations: [remote]\n")
    rep, _ = generate(profile=me2, db=db)
    assert skills(rep) == ["Kotlin", "SQL", "Scala", "Tableau"]


def test_small_scope_is_said_and_not_widened(tmp_path):
    db = make_db(tmp_path, distinct(3, lambda i: {"Docker": "required"}))
    rep, _ = generate(profile=write_profile(tmp_path, "skills: []\n"), db=db)
    assert rep["scope"]["small_sample"] is True and rep["scope"]["postings"] == 3
    assert any("only 3 postings in scope" in w and "not widened" in w for w in rep["warnings"])


def test_as_of_is_the_latest_data_not_the_clock(tmp_path):
    db = make_db(tmp_path, distinct(2, lambda i: {"Docker": "required"}))
    rep, _ = generate(profile=write_profile(tmp_path, "skills: []\n"), db=db)
    assert rep["scope"]["as_of"] == (NOW.replace(hour=12) - __import__("datetime").timedelta(days=7)).isoformat()
    json.dumps(rep)


def test_matches_are_limited_and_the_total_is_said(tmp_path):
    db = make_db(tmp_path, distinct(30, lambda i: {"Python": "required", f"S{i % 4}": "required"}))
    rep, _ = generate(profile=write_profile(tmp_path, "skills: [Python]\n"), db=db, limit=7)
    assert len(rep["matches"]) == 7 and rep["matches_total"] == 30
    rep, _ = generate(profile=write_profile(tmp_path, "skills: [Python]\n"), db=db)
    assert len(rep["matches"]) == 20  # the documented default


# --- whole-report invariants on random markets ------------------------------------------------------

SKILL_NAMES = ["Python", "SQL", "PyTorch", "Docker", "scikit-learn", "AWS", "R", "C++", "<b>x</b>", "a|b",
               "communication", "teamwork"]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


@st.composite
def markets(draw):
    jobs = []
    for i in range(draw(st.integers(0, 25))):
        req = draw(st.frozensets(st.sampled_from(SKILL_NAMES), max_size=5))
        pref = draw(st.frozensets(st.sampled_from(SKILL_NAMES), max_size=3)) - req
        sal = draw(st.one_of(st.none(), st.tuples(st.integers(30_000, 150_000), st.integers(0, 60_000))))
        jobs.append(Job(
            required=req, preferred=pref, title=draw(TEXT), company=draw(st.one_of(st.none(), TEXT)),
            url=draw(st.sampled_from([None, f"https://example.org/{i}", "javascript:alert(1)",
                                      "https://example.org/" + "very-long-path/" * 8 + f"{i}?utm_source=x&id={i}"])),
            days_ago=draw(st.integers(0, 50)), years_min=draw(st.one_of(st.none(), st.sampled_from([0.0, 1.0, 3.0]))),
            salary=(float(sal[0]), float(sal[0] + sal[1])) if sal else None,
        ))
    return jobs


@settings(max_examples=20, deadline=None)
@given(jobs=markets(), have=st.frozensets(st.sampled_from(SKILL_NAMES)), beginner=st.booleans())
def test_report_invariants_on_random_markets(jobs, have, beginner):
    from rich.cells import cell_len

    profile = Profile(skills={s: ("beginner" if beginner else "advanced") for s in have})
    graph = SkillGraph(groups=(("communication", "teamwork"),))

    def build():
        con = market_con(jobs, kinds=SOFT)
        try:
            return build_report(MarketQuery(con, role_families=["ml"], seniority=["entry"]), profile, graph)
        finally:
            con.close()

    rep = build()
    n = rep["scope"]["postings"]
    scores = [g["score"] for g in rep["gaps"]]
    assert scores == sorted(scores, reverse=True)
    # matches: every posting passing its gates first, each part by score
    keys = [(m["fails_gate"], -m["score"]) for m in rep["matches"]]
    assert keys == sorted(keys)
    for m in rep["matches"]:
        assert m["score"] == pytest.approx(m["matched_required"] / m["required_total"], abs=1e-4)
    for g in rep["gaps"]:
        assert g["skill"] not in have and not set(g["includes"]) & have
        assert g["skill"] not in SOFT
        assert 0 <= g["required_share"] <= g["demand_share"] <= 1
        assert 0 <= g["unlock_count"] <= n
        assert 0 <= g["score"] <= 1
    for m in rep["matches"]:
        assert not set(m["missing_skills"]) & have
        assert 0 <= m["score"] <= 1
    assert 0 <= rep["coverage_now"] <= 1
    after = [rep["coverage_now"]] + [p["coverage_after"] for p in rep["learning_plan"]]
    assert all(b > a for a, b in zip(after, after[1:]))
    assert {g["skill"] for g in rep["depth_gaps"]} <= have
    if not beginner:
        assert rep["depth_gaps"] == []
    sal = rep["salary"]
    assert sal["p50"] is None or sal["n"] >= 10
    assert (n < 20) == rep["scope"]["small_sample"]
    outputs = [render(rep, fmt, width=80) for fmt in ("text", "md", "html", "json")]
    assert outputs == [render(build(), fmt, width=80) for fmt in ("text", "md", "html", "json")]
    assert "<b>x</b>" not in outputs[2] and "javascript:" not in outputs[2]
    assert all(cell_len(line) <= 80 for line in outputs[0].splitlines())


def test_db_credits_implied_knowledge_from_the_taxonomy_parents(tmp_path):
    from skillgap.extractors.taxonomy import load_taxonomy

    posts = distinct(6, lambda i: {"deep learning": "required", "Docker": "required",
                                   "dashboards" if i % 2 else "data visualization": "required"})
    db = make_db(tmp_path, posts, taxonomy=load_taxonomy())
    report, _ = generate(profile=write_profile(tmp_path, "skills: [PyTorch]\n"), db=db)
    credited = {c["skill"]: c for c in report["credited"]}
    # the reviewed graph: PyTorch implies deep learning in full (credits), machine learning too
    assert credited["deep learning"]["via"] == "PyTorch" and credited["deep learning"]["credit"] == 1.0
    assert "deep learning" not in {g["skill"] for g in report["gaps"]}
    row = next(g for g in report["gaps"] if "dashboards" in [g["skill"], *g["includes"]])
    assert {row["skill"], *row["includes"]} == {"dashboards", "data visualization"}  # the reviewed overlap


def test_a_narrow_tool_does_not_outrank_the_broad_skill_it_implies():
    g = SkillGraph(parents={"Django": ("Python",), "Flask": ("Python",)})
    jobs = [Job(required={"Python", "SQL"} | ({"Django"} if i == 0 else {"Flask"} if i == 1 else set()),
                company=f"C{i}") for i in range(10)]
    jobs += [Job(required={"Docker", "SQL"}, company=f"D{i}") for i in range(4)]
    rep = report_of(jobs, have={"SQL"}, graph=g)
    order = [x["skill"] for x in rep["gaps"]]
    assert order.index("Python") < order.index("Docker") < order.index("Django")
    django = next(x for x in rep["gaps"] if x["skill"] == "Django")
    assert "also_credits" not in django  # a partial credit (Django -> Python, 0.5) is not counted
    # Django alone meets Django in one posting: one door, and coverage rises by that posting's 1/3
    assert django["score_alone"] == pytest.approx(1 / 14, abs=1e-4)
    assert django["coverage_after"] == pytest.approx(rep["coverage_now"] + 1 / 3 / 14, abs=2e-4)
    assert rep["learning_plan"][0]["skill"] == "Python"
