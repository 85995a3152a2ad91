"""Where dropped sections (about, benefits, EEO) end, rules 2.2, each tested both ways on sentences
of our own: a "Label: value" field among other fields covers its own line only; "About this role"
heads the job, not the company; a requirement line ends a run of legal boilerplate even when it
names "applicants"; a company blurb ends at the first sentence that addresses the candidate or the
job (rules 2.16); headings in Dutch, French, German and Hebrew, and English headings the first
lists missed, open their sections (rules 2.17).

The pipeline is built from a tiny fixture taxonomy through the same code path as production.
"""

from __future__ import annotations

from functools import partial

import pytest

from skillgap.extractors.extract import Extractor
from skillgap.extractors.sections import analyse
from tests.factories import names as skill_names

FIXTURE_YAML = """\
version: 1
categories: [language, tool, database, cloud]
skills:
  - {name: Python, category: language}
  - {name: SQL, category: language}
  - {name: Jira, category: tool}
  - {name: PostgreSQL, category: database, aliases: [Postgres]}
  - {name: AWS, category: cloud}
"""


EXTRACTOR_OPTIONS = {"skill_model": None}  # the conftest ``ex`` passes these on


names = partial(skill_names, title="Data Engineer", html=False, sort=True)


def sections(text: str, *phrases: str) -> list[str]:
    layout = analyse(text)
    return [layout.section_at(text.index(p)) for p in phrases]


# ---------------------------------------------------------------- one-line fields


def test_benefits_field_among_fields_covers_its_line_only(ex: Extractor) -> None:
    text = (
        "Requirements:\n"
        "- Contract: full time, hybrid in Lisbon\n"
        "- Perks and Benefits: a learning budget, private health care and a yearly team trip\n"
        "- Stack you'll work with: Python, PostgreSQL, AWS and Jira\n"
    )
    assert sections(text, "learning budget", "Stack you") == ["benefits", "requirements"]
    assert names(ex, text) == ["AWS", "Jira", "PostgreSQL", "Python"]


def test_company_field_at_the_top_of_flattened_fields_covers_its_sentence_only() -> None:
    text = (
        "Company: Northwind Analytics Ltd. Team: Data Platform Summary: You will build the "
        "pipelines behind our forecasts in Python. Responsibilities: ..."
    )
    assert sections(text, "Northwind", "pipelines") == ["about", "other"]


def test_a_benefits_heading_with_its_list_still_runs_to_the_next_heading(ex: Extractor) -> None:
    # a value on the heading's line, but no other field around it: a real section
    text = (
        "Benefits: we look after you\n"
        "- Free Jira and AWS training\n"
        "- Private health care\n"
        "\n"
        "Requirements\n"
        "- Python\n"
    )
    assert sections(text, "Free Jira", "Private") == ["benefits", "benefits"]
    assert names(ex, text) == ["Python"]


def test_a_benefits_line_introducing_labelled_items_is_still_a_section(ex: Extractor) -> None:
    text = (
        "Requirements\n"
        "- Python\n"
        "Benefits: here is what we offer:\n"
        "Health: full medical and dental cover\n"
        "Learning: a yearly budget for AWS and Jira courses\n"
    )
    assert sections(text, "Health", "Learning") == ["benefits", "benefits"]
    assert names(ex, text) == ["Python"]


def test_a_lone_about_field_is_still_a_section() -> None:
    text = "About: Northwind builds forecasting tools for retailers.\nWe use Python everywhere.\n"
    assert sections(text, "We use") == ["about"]


# ---------------------------------------------------------------- "About this role"


@pytest.mark.parametrize("heading", ["About this role", "About This Position", "About the opportunity", "About this internship"])
def test_about_this_role_heads_the_job(ex: Extractor, heading: str) -> None:
    text = f"{heading}\n\nYou will query PostgreSQL with SQL and automate reports in Python.\n"
    assert sections(text, "You will") == ["responsibilities"]
    assert names(ex, text) == ["PostgreSQL", "Python", "SQL"]


def test_about_the_company_heading_is_still_dropped(ex: Extractor) -> None:
    text = "About us\n\nNorthwind runs its whole platform on AWS.\n\nWhat you'll do\n\n- Write Python\n"
    assert sections(text, "Northwind") == ["about"]
    assert names(ex, text) == ["Python"]


# ---------------------------------------------------------------- a blurb ends where the job begins


@pytest.mark.parametrize("lead", [
    "You will build the pipelines that feed our forecasts",
    "We are looking for an engineer who can build our pipelines",
    "The ideal candidate builds reliable pipelines",
    "In this role, pipelines are the daily work",
])
def test_a_blurb_without_a_next_heading_ends_at_the_sentence_that_addresses_the_candidate(ex: Extractor, lead: str) -> None:
    # flattened: the blurb's heading is the only one found, so its section would run to the end
    text = f"About The TeamNorthwind's data team sits in Oslo, in a warehouse it shares with AWS teams.{lead}. Experience with Python and SQL required."
    assert sections(text, "Northwind", "Experience with") == ["about", "other"]
    assert names(ex, text) == ["Python", "SQL"]


def test_a_blurb_that_never_addresses_the_candidate_stays_dropped(ex: Extractor) -> None:
    text = ("About us\n\nNorthwind runs its whole platform on AWS. Its engineers wrote the first Python client "
            "for the exchange in 2009.\n\nWhat you'll do\n\n- Write SQL\n")
    assert sections(text, "Northwind", "Its engineers") == ["about", "about"]
    assert names(ex, text) == ["SQL"]


@pytest.mark.parametrize("sentence", ["It keeps your workplace on AWS", "It pairs your teammates with AWS experts"])
def test_a_blurb_word_that_only_starts_like_a_job_word_does_not_end_the_blurb(sentence: str) -> None:
    # "your work" / "your team" address the candidate; "your workplace" / "your teammates" in a blurb do not
    text = f"About us\n\nNorthwind sells software. {sentence}. It was founded in 2009.\n\nWhat you'll do\n\n- Write SQL\n"
    assert sections(text, "Northwind", "It was founded") == ["about", "about"]


def test_an_about_heading_naming_the_role_heads_the_job(ex: Extractor) -> None:
    text = "About The Junior Analyst Role At NorthwindAt Northwind, analysts query PostgreSQL with SQL every day."
    assert sections(text, "analysts query") == ["other"]
    assert names(ex, text) == ["PostgreSQL", "SQL"]


@pytest.mark.parametrize("heading", ["What You Get To Do", "About this team and role:", "What you can expect:"])
def test_headings_that_name_duties_are_no_benefits_or_blurb(ex: Extractor, heading: str) -> None:
    text = f"{heading}\n\nQuery PostgreSQL with SQL and automate reports in Python.\n"
    assert sections(text, "Query") == ["responsibilities"]
    assert names(ex, text) == ["PostgreSQL", "Python", "SQL"]


def test_what_you_can_expect_from_us_is_still_benefits(ex: Extractor) -> None:
    text = "What you can expect from us\n\nA laptop, a Jira licence and lunch.\n\nWhat you'll do\n\n- Write Python\n"
    assert sections(text, "A laptop") == ["benefits"]
    assert names(ex, text) == ["Python"]


# ---------------------------------------------------------------- EEO runs


def test_requirement_line_naming_applicants_ends_the_eeo_run(ex: Extractor) -> None:
    text = (
        "The Agency is an Equal Opportunity Employer.\n\n"
        "Applicants must have two years of specialized experience with SQL and Python.\n"
    )
    assert sections(text, "Equal", "Applicants must") == ["eeo", "other"]
    assert names(ex, text) == ["Python", "SQL"]


def test_legal_lines_naming_applicants_stay_in_the_eeo_run(ex: Extractor) -> None:
    text = (
        "The Agency is an Equal Opportunity Employer.\n"
        "Applicants must be authorized to work in the country; applicants who need an accommodation "
        "in the Python coding exercise may ask for one.\n"
    )
    assert sections(text, "Applicants must") == ["eeo"]
    assert names(ex, text) == []


# ---------------------------------------------------------------- headings in other languages


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Profiel", "requirements"),
        ("Wie we zoeken", "requirements"),
        ("Votre profil :", "requirements"),
        ("Ihr Profil", "requirements"),
        ("דרישות התפקיד:", "requirements"),
        ("Takenpakket", "responsibilities"),
        ("Vos missions", "responsibilities"),
        ("Deine Aufgaben", "responsibilities"),
        ("תיאור התפקיד", "responsibilities"),
        ("Ons aanbod", "benefits"),
        ("Ce que nous vous proposons", "benefits"),
        ("Was wir bieten", "benefits"),
        ("Beschrijving onderneming", "about"),
        ("Über uns", "about"),
        ("מי אנחנו", "about"),
        # English headings the first lists missed
        ("What we look for", "requirements"),
        ("Education and Experience:", "requirements"),
        ("Extra brownie points if you:", "preferred"),
        ("Essential Functions", "responsibilities"),
        ("What will you be doing?", "responsibilities"),
        ("Position Overview", "responsibilities"),
        ("Additional Information", "benefits"),
        ("What we offer you", "benefits"),
        ("Who are we?", "about"),
    ],
)
def test_a_heading_line_opens_its_section(heading: str, kind: str) -> None:
    text = f"Data Engineer at Northwind.\n\n{heading}\n- Python, SQL and Jira.\n"
    assert sections(text, "- Python") == [kind]


def test_a_dutch_posting_keeps_its_profile_and_drops_its_offer(ex: Extractor) -> None:
    text = (
        "Beschrijving onderneming\nNorthwind bouwt een platform op AWS.\n\n"
        "Profiel\n- Je hebt ervaring met Python en SQL.\n\n"
        "Aanbod\n- Een Jira-licentie en een laptop.\n"
    )
    assert sections(text, "Northwind bouwt", "Je hebt", "Een Jira") == ["about", "requirements", "benefits"]
    assert names(ex, text) == ["Python", "SQL"]


@pytest.mark.parametrize("line", ["Le profil de ce projet est ambitieux.", "Onze functie in de markt is groot."])
def test_a_foreign_heading_word_inside_a_sentence_opens_nothing(line: str) -> None:
    text = f"Intro.\n{line}\n- Python\n"
    assert sections(text, "- Python") == ["other"]


def test_additional_information_closes_the_qualifications(ex: Extractor) -> None:
    text = (
        "Qualifications\n- Python and SQL.\n\n"
        "Additional Information\nNorthwind offers every hire a Jira licence and a laptop.\n"
    )
    assert sections(text, "- Python", "Northwind offers") == ["requirements", "benefits"]
    assert names(ex, text) == ["Python", "SQL"]


def test_competencies_inside_a_sentence_is_no_heading() -> None:
    text = "Intro.\nCompetencies in Python are a plus.\n- SQL\n"
    assert sections(text, "- SQL") == ["other"]
