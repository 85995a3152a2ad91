"""Parsers: degree, salary, visa sponsorship, remote type; classification. Years of experience:
test_facts_years.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillgap.extractors import classify
from skillgap.extractors.facts import ANNUAL_FACTORS, parse_degree, parse_remote, parse_salary, parse_visa

# ---------------------------------------------------------------- degree


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bachelor's degree in Computer Science required.", "bachelor"),
        ("BS/MS in Statistics or related field.", "bachelor"),
        ("PhD or Master's degree in a quantitative field.", "master"),
        ("PhD in Machine Learning.", "phd"),
        ("Requirements\n- Master's degree\nPreferred qualifications\n- PhD", "master"),
        ("Requirements\n- Python\nPreferred qualifications\n- PhD in CS", "phd"),
        ("High school diploma or GED; a Bachelor's is a plus.", "none"),
        ("Python and SQL.", None),
        ("Use MS Excel and MS Word.", None),
    ],
)
def test_degree(text, expected):
    assert parse_degree(text) == expected


# ---------------------------------------------------------------- salary


@pytest.mark.parametrize(
    "text, mn, mx, cur, period",
    [
        ("Salary: $110,000 - $140,000 per year", 110000, 140000, "USD", "year"),
        ("The base salary range is 168,000 USD - 264,500 USD.", 168000, 264500, "USD", "year"),
        ("Pay: 120k–150k USD", 120000, 150000, "USD", "year"),
        ("Compensation $120-150k", 120000, 150000, "USD", "year"),
        ("Hourly rate: $25 - $35 per hour", 25, 35, "USD", "hour"),
        ("€4.000 - €5.000 per month", 4000, 5000, "EUR", "month"),
        ("£45,000 - £55,000 a year", 45000, 55000, "GBP", "year"),
        ("CA$90,000–CA$110,000 annually", 90000, 110000, "CAD", "year"),
        ("Base Salary: $300,000", 300000, 300000, "USD", "year"),
        ("base pay rates between $95,000 and $135,000 per year", 95000, 135000, "USD", "year"),
        ("Salary Range $175,000 — $225,000 USD", 175000, 225000, "USD", "year"),
        ("$179,000.00 - $268,400.00", 179000, 268400, "USD", "year"),
        ("Stipend of $8,000/month", 8000, 8000, "USD", "month"),
    ],
)
def test_salary(text, mn, mx, cur, period):
    s = parse_salary(text)
    assert s is not None, text
    assert (s.min, s.max, s.currency, s.period) == (mn, mx, cur, period)
    assert s.annual_min == mn * ANNUAL_FACTORS[period]
    assert s.text and s.text in text


@pytest.mark.parametrize(
    "text",
    [
        "We raised $120 million in funding.",
        "A problem that cost merchants > $12B last year.",
        "401(k) match up to 50%.",
        "Python, SQL and 3+ years of experience.",
    ],
)
def test_no_salary(text):
    assert parse_salary(text) is None


@given(lo=st.integers(10, 200), extra=st.integers(0, 100), sym=st.sampled_from(["$", "€", "£"]))
def test_hourly_salary_invariants(lo, extra, sym):
    hi = lo + extra
    s = parse_salary(f"Pay: {sym}{lo} - {sym}{hi} per hour")
    assert s is not None
    assert s.min <= s.max
    assert s.period == "hour"
    assert s.annual_min >= s.min and s.annual_max >= s.max
    assert s.annual_min == s.min * 2080


@given(lo=st.integers(20, 400), frac=st.floats(0, 1), k=st.booleans())
def test_yearly_salary_invariants(lo, frac, k):
    hi = lo + int(lo * 2 * frac)  # realistic spreads: the top at most three times the bottom
    if k:
        text = f"Salary range: ${lo}k - ${hi}k"
    else:
        text = f"Salary range: ${lo * 1000:,} - ${hi * 1000:,}"
    s = parse_salary(text)
    assert s is not None
    assert s.min <= s.max
    assert (s.min, s.max) == (lo * 1000, hi * 1000)
    assert s.annual_min == s.min


# ---------------------------------------------------------------- visa and remote


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We are unable to sponsor visas for this role.", False),
        ("This position does not offer visa sponsorship.", False),
        ("Candidates must be authorized to work in the US without sponsorship.", False),
        ("Will you now or in the future require sponsorship?", False),
        ("Visa sponsorship is available.", True),
        ("We sponsor H-1B visas.", True),
        ("Python and SQL.", None),
    ],
)
def test_visa(text, expected):
    assert parse_visa(text) is expected


@pytest.mark.parametrize(
    "text, location, expected",
    [
        ("This is a fully remote role.", None, "remote"),
        ("Hybrid role: 3 days a week in the office.", None, "hybrid"),
        ("This role is on-site in Austin.", None, "onsite"),
        ("Python.", "Remote - US", "remote"),
        ("Python.", "New York (Hybrid)", "hybrid"),
        ("Work on hybrid cloud platforms.", None, None),
        ("Python.", None, None),
    ],
)
def test_remote(text, location, expected):
    assert parse_remote(text, location) == expected


# ---------------------------------------------------------------- classification


@pytest.mark.parametrize(
    "title, family",
    [
        ("Machine Learning Engineer", "ml"),
        ("Data Scientist II", "ml"),
        ("AI/ML Engineer Intern", "ml"),
        ("NLP Research Scientist", "ml"),
        ("MLOps Engineer", "ml"),
        ("Data Engineer I", "data"),
        ("Associate Data Analyst", "data"),
        ("Analytics Engineer (L5)", "data"),
        ("Business Intelligence Analyst I", "data"),
        ("Software Engineer", "other"),
        ("Junior Software Engineer - Data Integrations", "other"),
        ("Account Development Representative", "other"),
        ("Registered Nurse", "other"),
    ],
)
def test_role_family(title, family):
    assert classify.role_family(title, "") == family


@pytest.mark.parametrize(
    "title, years, expected",
    [
        ("Data Analyst Intern", None, "intern"),
        ("Machine Learning Internship", 2.0, "intern"),
        ("Junior Data Engineer", None, "entry"),
        ("Data Engineer I", None, "entry"),
        ("New Grad Software Engineer", None, "entry"),
        ("Associate Data Scientist", None, "entry"),
        ("Data Scientist II", None, "mid"),
        ("Senior ML Engineer", None, "senior"),
        ("Staff Data Scientist", None, "senior"),
        ("Junior Data Visualisation Developer", 3.0, "mid"),
        ("Senior Data Scientist", 5.0, "mid"),
        ("Data Scientist", 1.0, "entry"),
        ("Data Scientist", 8.0, "senior"),
        ("Data Scientist", None, "unknown"),
    ],
)
def test_seniority(title, years, expected):
    assert classify.seniority(title, years, "") == expected


def test_seniority_text_cue_when_title_is_silent():
    assert classify.seniority("Data Scientist", None, "Open to recent graduates.") == "entry"


def test_entry_level_and_inflation():
    assert classify.is_entry_level("intern") and classify.is_entry_level("entry")
    assert not classify.is_entry_level("mid")
    assert classify.experience_inflated("Junior Data Analyst", 3.0)
    assert not classify.experience_inflated("Junior Data Analyst", 1.0)
    assert not classify.experience_inflated("Data Analyst", 5.0)
