"""Rules 2.13: a short line of its own ending in ":" that speaks to the candidate opens the
requirements (or preferred) section by its shape and words, and a "preferred" item line that
carries its own content opens no preferred block. Sentences written for these tests."""

from __future__ import annotations

import pytest

from skillgap.extractors.extract import Extractor
from skillgap.extractors.headings import find_headings
from skillgap.extractors.sections import analyse


def section_of(text: str, needle: str) -> str:
    return analyse(text).section_at(text.index(needle))


INTRO = "About us\nWe make tools for bakers and ship them to forty countries.\n\n"


@pytest.mark.parametrize(
    "line",
    [
        "What you must bring:",
        "To Land This Job, You Need:",
        "**What we're looking for in you:**",
        "You might be a fit if you:",
        "### An ideal candidate has:",
        "We hope you have:",
        "On day one we expect you to have:",
        "Your strengths:",
    ],
)
def test_line_asking_something_of_the_candidate_opens_requirements(line: str) -> None:
    text = INTRO + line + "\n- Three years with Kotlin\n- A degree in computing\n"
    assert section_of(text, "Kotlin") == "requirements"
    assert section_of(text, "degree") == "requirements"


@pytest.mark.parametrize(
    "line",
    [
        "You'll have an edge if you have:",
        "Extra brownie points if you:",
        "Kudos if you have:",
        "It's nice if you also have:",
    ],
)
def test_line_naming_a_nice_to_have_for_the_candidate_opens_preferred(line: str) -> None:
    text = "Requirements\n- Three years with Kotlin\n\n" + line + "\n- Haskell\n"
    assert section_of(text, "Kotlin") == "requirements"
    assert section_of(text, "Haskell") == "preferred"


@pytest.mark.parametrize(
    "line",
    [
        "What we will offer you:",  # perks
        "You will be responsible for:",  # duties
        "What your day-to-day looks like:",
        "You will contribute by:",
        "Here is what you need to know about our hiring process:",
        "In this role you'll have the opportunity to work on:",
        "Note:",  # no candidate words
        "Location:",
        "Our bakery has three shops in town, and each of them sells bread made with:",
    ],
)
def test_colon_line_about_duties_perks_or_not_the_candidate_is_no_requirements_heading(line: str) -> None:
    text = "What you'll do\n- Bake bread daily\n\n" + line + "\n- Ovens and flour\n"
    assert section_of(text, "Ovens") == "responsibilities"


def test_candidate_colon_line_must_be_followed_by_text() -> None:
    text = "What you'll do\n- Bake bread daily\n\nWhat you must bring:"
    assert [h.kind for h in find_headings(text)] == ["responsibilities"]


def test_candidate_colon_line_inside_a_sentence_is_no_heading() -> None:
    text = "What you'll do\n- Bake bread daily. Then you must bring: flour and yeast\n- Clean the ovens\n"
    assert section_of(text, "Clean") == "responsibilities"


@pytest.mark.parametrize(
    "item",
    [
        "* Bachelor's Degree Preferred",
        "- Two or more years with PostgreSQL Preferred",
        "Experience with Terraform - Preferred",
    ],
)
def test_item_line_ending_in_preferred_opens_no_preferred_block(item: str) -> None:
    text = "Requirements\n- Kotlin\n" + item + "\n- Solid SQL\n"
    assert all(h.kind != "preferred" for h in find_headings(text))
    assert section_of(text, "Solid SQL") == "requirements"


@pytest.mark.parametrize(
    ("item", "named"),
    [
        ("* Bonus: Experience with Haskell", "Haskell"),
        ("Nice to have: Haskell and Elm", "Haskell"),
        ("- Highly desirable: experience with Haskell.", "Haskell"),
        ("* Proficient with Java (Bonus: Haskell, Elm)", "Haskell"),
        ("* Experience with any of these is a plus: Haskell, Elm", "Haskell"),
    ],
)
def test_item_line_with_its_content_after_the_colon_is_preferred_to_its_end_only(item: str, named: str) -> None:
    text = "Requirements\n- Kotlin\n" + item + "\n- Solid SQL\n\nBenefits\n- Snacks"
    assert section_of(text, named) == "preferred"
    assert section_of(text, "Solid SQL") == "requirements"
    assert section_of(text, "Snacks") == "benefits"


def test_item_line_before_any_heading_returns_to_other() -> None:
    text = "We build ovens.\n* Bonus: Haskell\n- Solid SQL\n"
    assert section_of(text, "Haskell") == "preferred"
    assert section_of(text, "Solid SQL") == "other"


@pytest.mark.parametrize(
    "heading",
    [
        "Preferred Qualifications",
        "Additional Preferred Qualifications",
        "What's Nice To Have",
        "Skills Preferred:",
        "Experience with the following is a plus:",
        "Nice to have:",
    ],
)
def test_preferred_heading_lines_stay_headings(heading: str) -> None:
    text = "Requirements\n- Kotlin\n\n" + heading + "\n- Haskell\n- Elm\n"
    assert section_of(text, "Haskell") == "preferred"
    assert section_of(text, "Elm") == "preferred"


def test_preferred_item_line_keeps_its_own_skill_preferred_and_the_next_required() -> None:
    ex = Extractor()
    text = "Requirements\n- Experience with Python\n- Experience with Docker Preferred\n- Experience with SQL\n"
    got = {m.skill: m.requirement for m in ex.extract("Data Analyst", text).skills}
    assert got.get("Docker") == "preferred"
    assert got.get("SQL") == "required"
    assert got.get("Python") == "required"
