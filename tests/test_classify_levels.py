"""Seniority cues in the text, per the labelling guide: a level field or clearly-experienced wording
decides when no years and no title cue are stated. Sentences written for these tests."""

from __future__ import annotations

import pytest

from skillgap.extractors import classify


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


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Working Student Data Science", "intern"),
        ("Co-op Student, Finance", "intern"),
        ("Stage - Analyste de données (F/H)", "intern"),
        ("Industrial Placement - Software", "intern"),
        # jobs that serve students or stages are no internships
        ("Student Success Advisor", None),
        ("Placement Coordinator", None),
        ("Founding Engineer (Early-Stage Startup)", None),
        ("Product Placement Specialist", None),
        # vice presidents in their short forms
        ("Alliance RVP, Banking", "senior"),
        ("SVP Engineering", "senior"),
    ],
)
def test_title_level_words_that_also_name_jobs(title: str, expected: str | None) -> None:
    assert classify.title_level(title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Campus Recruiter", None),
        ("University Recruiter, Machine Learning", None),
        ("Technical Recruiter (Campus)", None),
        ("Recruiting Coordinator, Interns", None),
        ("Graduate Talent Partner", None),
        ("Senior Recruiter - Early Career", "senior"),
        # the intern or graduate is the job itself
        ("Recruiting Intern", "intern"),
        ("Data Science Intern, University Relations", "intern"),
        ("Graduate Program - Data Analyst", "entry"),
        ("Campus Hiring 2026 - Business Analyst", "entry"),  # the hiring channel of this job
        ("Software Engineer (2027 Start)", "entry"),
        ("Software Engineer - Summer 2026", "intern"),
        ("New Grad Software Engineer", "entry"),
    ],
)
def test_the_people_a_recruiter_hires_are_no_level_of_the_recruiter(title: str, expected: str | None) -> None:
    assert classify.title_level(title) == expected
