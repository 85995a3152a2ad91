"""``entry_level`` (CONTRACTS §3): a fresh bachelor's or master's graduate with no full-time
experience could realistically be hired. Each rule with its counter-case; sentences written for
these tests."""

from __future__ import annotations

import pytest

from skillgap.extractors import classify, facts


def _entry(title: str, text: str) -> bool:
    years = facts.years_min(text)
    sen = classify.seniority(title, years, text)
    grad = facts.years_min_graduate(text) if years is not None else None
    return classify.entry_level(title, sen, grad, text, degree=facts.parse_degree(text))


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # years: at most 1 on the graduate's path
        ("Data Analyst", "Requirements: 1 year of experience with SQL.", True),
        ("Data Analyst", "Requirements: 2+ years of experience with SQL.", False),
        ("Junior Data Analyst", "Requirements: 2 years of experience with SQL.", False),
        ("Data Analyst", "Requirements: less than 2 years of experience with SQL.", True),
        # senior cues in the title
        ("Senior Data Scientist", "Requirements: 1 year of experience in Python.", False),
        ("Data Engineer III", "Requirements: 1 year of experience in Python.", False),
        ("Data Engineer II", "Requirements: 1 year of experience in Python.", True),
        ("Associate Product Manager, New Grad", "You studied computer science.", True),
        # senior cues in the body
        ("ML Engineer, New Grad", "This is a Software Engineering III position at the Director level.", False),
        ("ML Engineer, New Grad", "You will work with senior-level stakeholders across the company.", True),
        ("Machine Learning Engineer", "Entry-level role. This is a senior-level position in our team.", False),
        # an internship whose body asks a manager's years
        ("Data Science Intern", "You are a manager with 5+ years of experience leading analysts.", False),
        ("Data Science Intern", "You are currently enrolled in a master's programme in statistics.", True),
        # the doctorate-only path does not open the job to a bachelor's or master's graduate
        ("ML Engineer, New Grad", "Requirements: a PhD in machine learning, or a Master's degree and 3+ years of experience.", False),
        ("ML Engineer, New Grad", "Requirements: a Master's degree, or a Bachelor's degree and 1 year of experience.", True),
        ("Research Scientist, New Grad", "What we need: PhD in Computer Science or a related field.", False),
        ("Research Scientist, New Grad", "What we need: MS or PhD in Computer Science or a related field.", True),
        # no level at all: unknown, not entry level
        ("Data Engineer", "You build pipelines in Python.", False),
    ],
)
def test_entry_level_means_a_fresh_graduate_can_be_hired(title: str, text: str, expected: bool) -> None:
    assert _entry(title, text) is expected


@pytest.mark.parametrize(
    ("text", "all_paths", "graduate"),
    [
        ("Bachelor's degree and 5+ years of experience, or PhD and 2+ years of experience.", 2.0, 5.0),
        ("Bachelor's + 5 years, or Master's + 3 years, or PhD without experience.", 0.0, 3.0),
        ("5 years of experience or a PhD in statistics.", 0.0, 5.0),
        # no doctorate: the same as years_min
        ("Bachelor's degree or 1+ years of experience.", 0.0, 0.0),
        ("3 years of experience required.", 3.0, 3.0),
        # a preferred PhD does not change the path
        ("PhD preferred. 2+ years of experience with Python.", 2.0, 2.0),
    ],
)
def test_years_on_the_graduate_path_leave_out_the_doctorate(text: str, all_paths: float, graduate: float) -> None:
    assert facts.years_min(text) == all_paths
    assert facts.years_min_graduate(text) == graduate


def test_senior_cue_names_the_words() -> None:
    assert classify.senior_cue("Staff ML Engineer") is not None
    assert classify.senior_cue("Machine Learning Intern") is None
    assert classify.senior_cue("Data Analyst", "The position is at the director level.") is not None


def test_a_flattened_masters_keeps_the_job_open() -> None:
    text = "Who You AreMaster degree in statistics is required. PhD degree is preferred. New grads welcome."
    assert _entry("Machine Learning Engineer, New Grad", text) is True


@pytest.mark.parametrize(
    ("title", "text", "pay", "expected"),
    [
        # gig work feeding AI models is no ML role, whatever its title
        ("Data Scientist - AI Training (Freelance)", "Help train AI models by writing and rating answers.", 11.5, "other"),
        ("Machine Learning Engineer", "Contract: evaluate AI-generated responses for accuracy. Pay: $18/hour.", 18.0, "other"),
        # counter-cases: well paid, or no AI-training work
        ("Machine Learning Engineer", "You will design RLHF pipelines for our models.", 95.0, "ml"),
        ("Machine Learning Engineer", "You will design RLHF pipelines for our models.", None, "ml"),
        ("Data Scientist, Intern", "You will build churn models in Python.", 25.0, "ml"),
    ],
)
def test_ai_training_gig_work_is_no_ml_role(title: str, text: str, pay: float | None, expected: str) -> None:
    assert classify.role_family(title, text, hourly_pay=pay) == expected
