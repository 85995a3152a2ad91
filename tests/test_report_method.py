"""Issue 21: what is printed beside the numbers is the computation behind them. The --verbose
text, the HTML "How it is computed" section and JSON ``method`` carry one formula (rendered from
:func:`skillgap.analysis.coverage.formula`); every printed fit, coverage and gap figure of a crafted
market is recomputed here from that printed definition alone."""

from __future__ import annotations

import html
import json
import re

import pytest

from skillgap.analysis import coverage as cov
from skillgap.analysis.api import render
from skillgap.analysis.graph import SkillGraph
from skillgap.analysis.load import MarketQuery
from skillgap.analysis.profile import Profile
from skillgap.analysis.report import build_report
from tests.market_db import Job, market_con

KINDS = {"AWS": ("cloud", "hard"), "GCP": ("cloud", "hard"), "Azure": ("cloud", "hard")}
JOBS = [Job(required={"Python", "SQL", "dashboards"}, alternatives=({"AWS", "GCP", "Azure"},), company="A"),
        Job(required={"Python", "Docker"}, alternatives=({"AWS", "GCP"},), company="B"),
        Job(required={"data visualization", "Docker", "Spark"}, company="C"),
        Job(required={"SQL"}, preferred={"Docker"}, company="D")]
GRAPH = SkillGraph(full={"Tableau": ("data visualization", "dashboards")})
LISTED = {"Tableau", "SQL"}
# the printed definition, written out: requirements (alternatives as one), met when listed or
# implied by a listed tool; fit = met / requirements
IMPLIED = {"data visualization", "dashboards"}


def requirements(job):
    return [frozenset([s]) for s in sorted(job.required)] + [frozenset(a) for a in job.alternatives]


def fit(job, have):
    reqs = requirements(job)
    return sum(any(m in have for m in r) for r in reqs) / len(reqs), sum(any(m in have for m in r) for r in reqs), len(reqs)


def coverage_of(have):
    return sum(fit(j, have)[0] for j in JOBS) / len(JOBS)


def doors_of(have, learned):
    """Share of postings in which ``learned`` meets a requirement ``have`` does not (each posting once)."""
    return sum(1 for j in JOBS if fit(j, have | learned)[1] > fit(j, have)[1]) / len(JOBS)


@pytest.fixture(scope="module")
def report():
    con = market_con(JOBS, kinds=KINDS)
    try:
        return build_report(MarketQuery(con, role_families=["ml"], seniority=["entry"]),
                            Profile(skills={s: "advanced" for s in LISTED}), GRAPH)
    finally:
        con.close()


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def test_text_html_and_json_print_the_one_formula(report):
    want = squash(cov.formula(cov.UNLOCK_THRESHOLD))
    text = render(report, "text", width=100, verbose=True)
    assert want in squash(text.split("How it is computed:")[1])
    page = render(report, "html")
    section = page.split('<section id="method">')[1].split("</section>")[0]
    assert want in squash(html.unescape(re.sub(r"<[^>]+>", " ", section)))
    doc = json.loads(render(report, "json"))
    assert doc["method"]["formula"] == cov.formula(doc["method"]["unlock_threshold"])
    assert doc["method"]["partial_credits_counted"] is False


def test_every_printed_figure_follows_from_the_printed_formula(report):
    have = LISTED | IMPLIED
    doc = json.loads(render(report, "json"))
    text = render(report, "text", width=120, verbose=True)
    page = render(report, "html")
    # coverage = mean fit
    now = coverage_of(have)
    assert doc["coverage_now"] == pytest.approx(now, abs=1e-4)
    assert f"{now:.0%}" in text
    # fit of each posting: k of n required, in every format
    by = {m["company"]: m for m in doc["matches"]}
    for job in JOBS:
        f, k, n = fit(job, have)
        m = by[job.company]
        assert (m["matched_required"], m["required_total"]) == (k, n)
        assert m["score"] == pytest.approx(f, abs=1e-4)
        printed = f"{k} of {n} required ({f:.0%})"
        assert printed in text and printed in page
    # gap score = postings in which it meets a requirement you lack, once the rows above are
    # learned (doors); coverage_after = coverage with it alone; within reach = fit >= threshold
    above = set(have)
    for g in doc["gaps"]:
        unit = {g["skill"], *g["includes"]}
        learned = have | unit
        assert g["score"] == pytest.approx(doors_of(above, unit), abs=1e-4)
        assert g["score_alone"] == pytest.approx(doors_of(set(have), unit), abs=1e-4)
        assert g["coverage_after"] == pytest.approx(coverage_of(learned), abs=1e-4)
        assert f"{g['score']:.0%}" in text
        opened = sum(1 for j in JOBS if fit(j, have)[0] < 0.5 <= fit(j, learned)[0])
        assert g["unlock_count"] == opened
        above |= learned
    # plan: each step the most doors; coverage_after = coverage with every step so far, rising
    got = set(have)
    last = now
    for step in doc["learning_plan"]:
        best = max(doors_of(got, {g["skill"], *g["includes"]}) for g in doc["gaps"])
        assert doors_of(got, {step["skill"], *step["includes"]}) == pytest.approx(best, abs=1e-4)
        got |= {step["skill"], *step["includes"]}
        assert step["coverage_after"] == pytest.approx(coverage_of(got), abs=1e-4) and coverage_of(got) > last
        last = coverage_of(got)
    assert doc["scope"]["open_to_you"] == sum(1 for j in JOBS if fit(j, have)[0] >= 0.5)


def test_each_match_lists_exactly_the_required_items_it_misses(report):
    # "k of n required" beside a list of n - k items: alternatives as one item, preferred left out
    from skillgap.analysis.fmt import missing_required

    for m in report["matches"]:
        need = missing_required(m)
        assert len(need) == m["required_total"] - m["matched_required"]
        assert "Docker" not in need or m["company"] != "D"  # D only prefers Docker
    by_company = {m["company"]: missing_required(m) for m in report["matches"]}
    assert sorted(by_company["B"]) == ["AWS | GCP", "Docker", "Python"]
    text = render(report, "text")
    assert "missing (required)" in squash(text)
