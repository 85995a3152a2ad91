"""Extraction rules, each tested both ways: lower-case slash groups of tool names, one-word
names with odd capitals, "We value:" lists, "in close collaboration with", "the X industry",
umbrella terms (only generic heads give way to their examples), names that only resolve (tags).

The pipeline is built from a tiny fixture taxonomy through the same code path as production.
"""

from __future__ import annotations

from functools import partial

import pytest

from skillgap.extractors.extract import Extractor
from tests.factories import names as skill_names

FIXTURE_YAML = """\
version: 1
categories: [language, framework, tool, cloud, database, cs_concept, practice, math_statistics, soft_skill]
skills:
  - {name: Python, category: language}
  - {name: JavaScript, category: language, aliases: [JS]}
  - {name: Angular, category: framework, gate: case_sensitive}
  - {name: React, category: framework, aliases: [ReactJS], gate: case_sensitive, gate_forms: [React]}
  - {name: Jest, category: tool, gate: case_sensitive}
  - {name: Terraform, category: tool}
  - {name: AWS, category: cloud}
  - {name: GCP, category: cloud}
  - {name: cloud computing, category: cs_concept, aliases: [cloud platforms]}
  - {name: programming languages, category: cs_concept}
  - {name: cybersecurity, category: cs_concept}
  - {name: documentation, category: practice}
  - {name: code review, category: practice}
  - {name: mathematics, category: math_statistics}
  - {name: statistics, category: math_statistics}
  - {name: collaboration, category: soft_skill}
  - {name: Oracle Database, category: database, aliases: [Oracle DB, Oracle], gate: resolve_only, gate_forms: [Oracle]}
"""


names = partial(skill_names, title="Engineer", html=False, sort=True)


# ---------------------------------------------------------------- slash groups


def test_lower_case_slash_group_of_tools_counts(ex: Extractor) -> None:
    assert names(ex, "Experience with frontend frameworks, preferably angular/react.") == ["Angular", "React"]
    m = [s for s in ex.extract("Engineer", "Tests with jest/react or similar.").skills if s.skill == "Jest"]
    assert [(x.start, x.end, x.text) for x in m] == [(11, 15, "jest")]


def test_slash_group_needs_every_part_to_be_a_tool(ex: Extractor) -> None:
    assert names(ex, "We react/adapt quickly.") == []
    assert names(ex, "A degree in mathematics/statistics or similar.") == []  # fields of study
    assert names(ex, "Send your CV and/or portfolio.") == []


def test_slash_group_in_a_job_title_is_no_skill(ex: Extractor) -> None:
    assert names(ex, "We are hiring full stack js/react developers.") == []


# ---------------------------------------------------------------- odd capitals


def test_one_word_name_with_odd_capitals_stays_whole(ex: Extractor) -> None:
    assert names(ex, "Infrastructure as code (CloudFormation, TerraForm).") == ["Terraform"]


def test_glued_words_still_split_at_the_case_change(ex: Extractor) -> None:
    # flattened HTML glues words; names written with a case change (JavaScript) keep matching
    assert names(ex, "Skills: TerraformExperience with JavaScript") == ["JavaScript", "Terraform"]


# ---------------------------------------------------------------- "We value:" lists


def test_we_value_colon_list_is_an_ask(ex: Extractor) -> None:
    text = "We are a small team.\nWe value: documentation and code review.\nWe meet weekly."
    assert names(ex, text) == ["code review", "documentation"]


def test_we_value_in_prose_describes_the_employer(ex: Extractor) -> None:
    text = "We are a small team.\nWe value documentation and code review in our culture.\nWe meet weekly."
    assert names(ex, text) == []


# ---------------------------------------------------------------- collaboration with


def test_in_close_collaboration_with_is_no_skill(ex: Extractor) -> None:
    assert names(ex, "Analyse requirements in close collaboration with the client.") == []


def test_collaboration_asked_for_counts(ex: Extractor) -> None:
    assert names(ex, "You bring strong collaboration with hardware teams.") == ["collaboration"]


# ---------------------------------------------------------------- industries


def test_concept_naming_an_industry_is_no_skill(ex: Extractor) -> None:
    assert names(ex, "You will work in the cybersecurity industry.") == []


def test_concept_asked_for_counts(ex: Extractor) -> None:
    assert names(ex, "You have cybersecurity experience.") == ["cybersecurity"]


# ---------------------------------------------------------------- umbrella terms


def test_generic_umbrella_gives_way_to_its_examples(ex: Extractor) -> None:
    assert names(ex, "You know programming languages such as Python.") == ["Python"]


def test_named_umbrella_counts_with_its_examples(ex: Extractor) -> None:
    assert names(ex, "You know cloud platforms (AWS, GCP).") == ["AWS", "GCP", "cloud computing"]


# ---------------------------------------------------------------- resolve-only names


def test_resolve_only_name_counts_as_a_tag(ex: Extractor) -> None:
    assert names(ex, "Intro.\nTechnologies\npython oracle\nJob description\n") == ["Oracle Database", "Python"]


def test_resolve_only_name_is_not_matched_in_prose(ex: Extractor) -> None:
    assert names(ex, "You will work with Oracle, our biggest client.") == []


# ---------------------------------------------------------------- question headings


@pytest.mark.parametrize("heading", ["Who are we looking for?", "What skills do you need?", "Our Core tech stack"])
def test_question_heading_opens_requirements(heading: str) -> None:
    from skillgap.extractors.sections import analyse

    text = f"Salary\n- Based on ability\n{heading}\nPython\n"
    assert analyse(text).section_at(text.index("Python")) == "requirements"


def test_question_in_prose_is_no_heading() -> None:
    from skillgap.extractors.sections import analyse

    text = "Salary\n- Based on ability\nWho are we looking for in the long run, you ask?\nPython\n"
    assert analyse(text).section_at(text.index("Python")) == "benefits"
