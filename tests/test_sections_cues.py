"""Preferred cues in a sentence: wording that hopes for a skill rather than asks for it. Sentences
written for these tests."""

from __future__ import annotations

import pytest

from skillgap.extractors.sections import preferred_cue


@pytest.mark.parametrize(
    "sentence",
    [
        "Familiarity with Grafana could help.",
        "Some Terraform would help!",
        "Exposure to Elixir might help; we use it for billing.",
        "Willing to learn Rust and Go.",
        "Inclined to learn modelling tools such as Stan or PyMC.",
        "Open to learn Kotlin.",
        "It is likely that you will also have used Kafka and Flink.",
        "Next to this, it's likely you'll also know Redis.",
    ],
)
def test_hoped_for_skills_carry_a_preferred_cue(sentence: str) -> None:
    assert preferred_cue(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "You will help customers migrate from Excel to Postgres.",
        "This could help you grow into a lead role with Python and SQL.",
        "Eager to learn, with strong SQL.",  # a trait asked for, not a hope
        "Python and Docker are required.",
    ],
)
def test_asked_for_skills_carry_no_preferred_cue(sentence: str) -> None:
    assert not preferred_cue(sentence)


def test_an_inline_heading_may_end_with_an_ellipsis() -> None:
    from skillgap.extractors.sections import analyse

    text = "What you bring: Strong SQL and Excel. Even Better If... Prior work in a support team, Zendesk or Jira"
    lay = analyse(text)
    assert lay.section_at(text.index("SQL")) == "requirements"
    assert lay.section_at(text.index("Zendesk")) == "preferred"
