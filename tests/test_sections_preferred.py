"""Nice-to-have headings in their many real forms, on their own line or run into flattened text,
open the preferred section; requirement headings the requirements section. Sentences written for
these tests."""

from __future__ import annotations

import pytest

from skillgap.extractors.sections import analyse


def section_of(text: str, needle: str) -> str:
    return analyse(text).section_at(text.index(needle))


@pytest.mark.parametrize(
    "heading",
    [
        "We Would Be Even More Thrilled If You Have:",
        "We're more excited about you if you have:",
        "Bonus points if you:",
        "Bonus Points",
        "Nice to haves:",
        "NICE TO HAVE",
        "Preferred Qualifications",
        "Even better if you have:",
        "It would be great if you also know:",
        "Pluses:",
        "Desired Skills and Experience",
        "What would make you stand out:",
        "Not required, but helpful:",
        "**Extra credit**",
        "Diferenciais",
        "Wünschenswert:",
    ],
)
def test_preferred_heading_on_its_own_line(heading: str) -> None:
    text = f"Requirements\n- Three years with Kotlin\n\n{heading}\n- Experience with Haskell\n\nBenefits\n- Snacks"
    assert section_of(text, "Kotlin") == "requirements"
    assert section_of(text, "Haskell") == "preferred"
    assert section_of(text, "Snacks") == "benefits"


@pytest.mark.parametrize(
    "text",
    [
        "You know Kotlin well and test your code.Nice to have: Haskell and Elm. Benefits: snacks",
        "You know Kotlin well and test your code. It would be great if you also have: Haskell. Benefits: snacks",
        "You know KotlinBonus points: Haskell",
    ],
)
def test_inline_preferred_heading_in_flattened_text(text: str) -> None:
    assert section_of(text, "Kotlin") != "preferred"
    assert section_of(text, "Haskell") == "preferred"


def test_heading_words_inside_a_sentence_do_not_open_a_section() -> None:
    text = "Requirements\n- Kotlin; experience with Haskell would be a bonus for this team\n- Solid testing habits"
    assert section_of(text, "Haskell") == "requirements"
    assert section_of(text, "testing") == "requirements"


def test_required_field_opens_requirements() -> None:
    text = "Salary: 5,000 - 7,000 a month\n\n- Required: two years of Kotlin or a degree in computing"
    assert section_of(text, "two years") == "requirements"


def test_compensation_heading_is_not_preferred() -> None:
    text = "Requirements\n- Kotlin\n\nCompensation and bonus:\n- A yearly bonus"
    assert section_of(text, "yearly") != "preferred"


def test_title_case_list_item_with_a_cue_is_not_a_heading() -> None:
    text = "Nice to have\n- Go\n\nRequirements\n- Kotlin Experience (Preferably With Ktor)\n- Solid SQL"
    layout = analyse(text)
    start = text.index("Kotlin")
    assert not layout.in_heading(start, start + 6)
    assert section_of(text, "Solid SQL") == "requirements"


def test_preferred_location_field_is_no_preferred_section() -> None:
    text = "Requirements\n- Kotlin\nPreferred locations: Lisbon, Porto\n- Solid SQL"
    assert section_of(text, "Solid SQL") == "requirements"
