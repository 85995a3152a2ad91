"""Seniority cues beyond the title's level word, per the labelling guide: "entry" needs at most 2
years AND no senior cue; a level field or clearly-experienced wording decides when no years and
no title cue are stated. Sentences written for these tests."""

from __future__ import annotations

import pytest

from skillgap.extractors import classify


@pytest.mark.parametrize(
    ("title", "years", "expected"),
    [
        ("Senior Platform Engineer", 2.0, "senior"),
        ("Lead Backend Developer", 1.0, "senior"),
        ("Staff Analyst", 0.0, "senior"),
        ("Director, Field Sales", 2.0, "senior"),
        # a job name that sounds senior is no level: the years decide
        ("Territory Account Manager", 1.0, "entry"),
        ("Shift Leader", 2.0, "entry"),
        # a mixed "Senior ... I" title: years decide (the guide)
        ("Senior Engineer I", 1.0, "entry"),
        # 3-5 years still make a senior title mid, as the dev labels do
        ("Senior Platform Engineer", 4.0, "mid"),
    ],
)
def test_a_senior_level_word_is_never_entry_level(title: str, years: float | None, expected: str) -> None:
    sen = classify.seniority(title, years, "")
    assert sen == expected
    assert classify.is_entry_level(sen) == (expected in ("entry", "intern"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Job type: Full-time\nSeniority level: Entry level\nWe grow tomatoes.", "entry"),
        ("Experience level: Mid-Level, Senior\nRemote OK", "mid"),
        ("Experience level: Senior\nWe build boats.", "senior"),
        ("Seniority level: Internship", "intern"),
        ("You are an experienced mobile developer who cares about accessibility.", "mid"),
        ("We are looking for an experienced data engineer to own our pipelines.", "mid"),
        ("You bring several years of hands-on experience shipping web apps.", "mid"),
        ("Join our two-year rotational program for engineers.", "entry"),
        ("Open to students graduating in May 2026 with a degree in finance.", "entry"),
        # company talk is no cue about the hire
        ("Our experienced team has shipped tools to farmers since 2010.", "unknown"),
        ("Nothing here tells how senior the hire is.", "unknown"),
    ],
)
def test_text_cues_decide_when_no_years_and_no_title_cue(text: str, expected: str) -> None:
    assert classify.seniority("Platform Engineer", None, text) == expected


def test_stated_years_and_title_cues_outrank_text_cues() -> None:
    text = "Seniority level: Entry level\nYou are an experienced designer."
    assert classify.seniority("Platform Engineer", 6.0, text) == "senior"
    assert classify.seniority("Senior Platform Engineer", None, text) == "senior"
    assert classify.seniority("Platform Engineering Intern", None, text) == "intern"
