"""Scope rules of rules 1.2, each tested both ways: where boilerplate sections end, job titles and
"Role:" fields, tag lines under a "Technologies" heading, list lines that vouch for their
neighbours, "cutting-edge", "a high degree of", the added section headings.

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
categories: [language, framework, cloud, concept, soft_skill]
skills:
  - {name: Python, category: language}
  - {name: Java, category: language}
  - {name: Go, category: language, aliases: [Golang], gate: go_language, gate_forms: [Go]}
  - {name: React, category: framework, aliases: [ReactJS], gate: case_sensitive, gate_forms: [React]}
  - {name: Spring, category: framework, aliases: [spring], gate: needs_tech_context, gate_forms: [Spring, spring]}
  - {name: AWS, category: cloud, aliases: [Amazon Web Services, amazon-web-services]}
  - {name: edge AI, category: concept, aliases: [edge computing]}
  - {name: DevOps, category: concept}
  - {name: creativity, category: soft_skill}
"""


names = partial(skill_names, title="Engineer", html=False)


# ---------------------------------------------------------------- boilerplate scope


def test_boilerplate_section_ends_at_the_next_plain_line(ex: Extractor) -> None:
    text = (
        "Acme is an equal opportunity employer.\n"
        "All qualified applicants will receive consideration without regard to race or religion.\n"
        "3+ years experience with Python\n"
    )
    assert names(ex, text) == ["Python"]


def test_boilerplate_section_keeps_legal_lines_and_flattened_text(ex: Extractor) -> None:
    # a following legal line stays boilerplate ...
    legal = "Acme is an equal opportunity employer.\nWe comply with all applicable laws; applicants using Python welcome.\n"
    assert names(ex, legal) == []
    # ... and without line breaks the section runs on to the next heading
    flat = "Acme is an equal opportunity employer. Our recruiters screen applicants with Python."
    assert names(ex, flat) == []


@pytest.mark.parametrize("heading", ["Skills & requirements", "What we need", "The skills we're looking for:"])
def test_more_requirement_headings(heading: str) -> None:
    text = f"Intro.\n{heading}\nPython\n"
    layout = analyse(text)
    assert layout.section_at(text.index("Python")) == "requirements"


def test_unknown_heading_is_not_requirements() -> None:
    text = "Intro.\nWhat we eat\nPython\n"
    assert analyse(text).section_at(text.index("Python")) == "other"


# ---------------------------------------------------------------- job titles


@pytest.mark.parametrize(
    "text",
    [
        "We are looking for a Senior Java Developer to join us.",
        "As Java Performance Engineer you will own latency.",
        "Role:\nJava\nIndustry:\nBanking",
        "Role: DevOps\n",
        "We hire full stack Java / Python developers.",
    ],
)
def test_job_titles_are_not_skills(ex: Extractor, text: str) -> None:
    assert "Java" not in names(ex, text) and "DevOps" not in names(ex, text)


@pytest.mark.parametrize(
    "text, skill",
    [
        ("Requirements\n- 3+ years of Java development experience.", "Java"),
        ("You will work with Java and Python.", "Java"),
        ("Industry:\nDevOps\n", "DevOps"),  # only the Role field names the job
        ("Requirements\n- DevOps experience in AWS.", "DevOps"),
    ],
)
def test_skills_outside_job_titles_are_kept(ex: Extractor, text: str, skill: str) -> None:
    assert skill in names(ex, text)


# ---------------------------------------------------------------- tag lines


def test_tag_line_under_technologies_heading(ex: Extractor) -> None:
    text = "Technologies\njava react go amazon-web-services\nJob description\nWe ship fast."
    r = ex.extract(title="Engineer", description=text, html=False)
    assert set(r.skill_names()) == {"Java", "React", "Go", "AWS"}
    for m in r.skills:
        assert text[m.start : m.end] == m.text
    assert [m.text for m in r.skills if m.skill == "AWS"] == ["amazon-web-services"]


def test_lower_case_words_outside_tag_lines_stay_gated(ex: Extractor) -> None:
    assert names(ex, "Teams react quickly and go the extra mile.\nWe like java (the coffee).") == []
    # a sentence under the heading is no tag line
    assert "React" not in names(ex, "Technologies\nwe react to customer needs.\n")


# ---------------------------------------------------------------- list lines


def test_list_line_neighbour_vouches_for_a_gated_name(ex: Extractor) -> None:
    assert "Spring" in names(ex, "Stack\n* Java\n* Spring\n")
    assert "Spring" in names(ex, "Java\nSpring\n")


def test_lone_gated_line_without_skill_neighbours_is_dropped(ex: Extractor) -> None:
    assert "Spring" not in names(ex, "Office hours\nSpring\nSummer fridays\n")


# ---------------------------------------------------------------- compounds and measures


def test_cutting_edge_is_not_edge_ai(ex: Extractor) -> None:
    assert names(ex, "You will use cutting-edge AI tools.") == []
    assert names(ex, "Requirements\n- Experience with edge AI deployment.") == ["edge AI"]


def test_high_degree_of_is_no_field_of_study(ex: Extractor) -> None:
    # no field-of-study rule drops it: it reaches the model unflagged (rules 2.9: whether a
    # generic trait asked this way is kept is the model's call, its label-rate prior included)
    text, cands = ex.candidate_features("Engineer", "Requirements\n- A high degree of creativity.")
    (c,) = cands
    assert c["skill"] == "creativity" and c["rule_keep"]
    assert not [f for f in c["features"] if f.startswith("f=")]
    assert names(ex, "Requirements\n- Degree in creativity studies.") == []
