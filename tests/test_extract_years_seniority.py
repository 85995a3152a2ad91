"""Years and seniority come from what the posting asks of the candidate, combined as the labelling
guide says: the REQUIRED minimum years decide when stated (0-2 entry, 3-5 mid, >5 senior),
otherwise the title's cue. Company history is never a requirement. Sentences written for these
tests."""

from __future__ import annotations

import pytest

from skillgap.extractors import classify, facts


@pytest.mark.parametrize(
    "text",
    [
        "About Lumen Logistics\nWith 25 years of experience, 4,000 employees and offices in 9 countries, we move parcels.\n"
        "Requirements\n- Curiosity and care for detail",
        "Our company has more than 20 years of experience in retail banking.\n\nWhat you bring\n- Good SQL",
        "Lumen is backed by Harbor Partners, a firm with over 15 years of investment experience.\n"
        "Requirements\n- You enjoy testing software",
        "For 12 years we have delivered robots to warehouses across 30 countries. You will test them.",
    ],
)
def test_company_history_is_not_required_experience(text: str) -> None:
    assert facts.years_min(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("With 25 years of experience, 4,000 employees and offices in 9 countries, we move parcels.\n"
         "Requirements\n- 3+ years of experience with Python", 3.0),
        ("Requirements\n- 4-6 years in payroll accounting, ideally in a bank", 4.0),
        ("Qualifications\n- 7+ years of backend development or 4+ years of experience plus a PhD", 4.0),
        ("Must have: 1-2 years of hands-on experience with Excel or a university degree in accounting", 0.0),
        ("You must have one year of specialized experience at the next lower grade OR two full years of "
         "graduate education leading to a master's degree.", 0.0),
        ("We are looking for someone with 5-7 years of experience in modelling, with a Master's or PhD degree "
         "in Statistics.", 5.0),
    ],
)
def test_required_years_from_candidate_sentences(text: str, expected: float) -> None:
    assert facts.years_min(text) == expected


def test_flattened_boilerplate_does_not_swallow_the_qualification() -> None:
    text = (
        "Acme is an Equal Opportunity Employer and considers all applicants without regard to race. "
        "Applicants must have at least one year of specialized experience equivalent to the next lower grade."
    )
    assert facts.years_min(text) == 1.0


@pytest.mark.parametrize(
    ("title", "years", "expected"),
    [
        ("Senior Platform Engineer", 2.0, "entry"),  # years decide when stated (the guide; dev labels agree)
        ("Senior Platform Engineer", None, "senior"),
        ("Junior QA Engineer", None, "entry"),
        ("Junior QA Engineer", 3.0, "mid"),
        ("Associate Product Manager, New Grad (2027 Start)", None, "entry"),
        ("Associate Director, Clinical Operations", None, "senior"),
        ("Key Account Manager", None, "senior"),
        ("Data Entry Assistant", None, "unknown"),
        ("Expert Vintage Watches", None, "unknown"),
        ("Staff Engineer", 8.0, "senior"),
        ("Software Engineering Intern", 3.0, "intern"),
    ],
)
def test_seniority_combines_years_and_title_as_the_guide_says(title: str, years: float | None, expected: str) -> None:
    assert classify.seniority(title, years, "") == expected


def test_company_age_does_not_make_a_junior_role_senior() -> None:
    text = (
        "Vortex Digital helps insurers modernise. With 28 years of experience, 5,000 people and "
        "offices in 12 countries, we build software that matters.\n\nWhat you need\n- Attention to detail\n- Basic SQL"
    )
    years = facts.years_min(text)
    assert years is None
    assert classify.seniority("Junior Quality Assurance Engineer", years, text) == "entry"


def test_preferred_years_give_the_level_when_nothing_else_does() -> None:
    text = "What you bring\n- Clear writing\n\nNice to have\n- 3-4 years of experience editing a magazine"
    assert facts.years_min(text) is None  # only required years count as years_min
    assert classify.seniority("Copy Editor", None, text) == "mid"
    # a title cue still comes first
    assert classify.seniority("Junior Copy Editor", None, text) == "entry"
