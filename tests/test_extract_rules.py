"""Precision rules (fields of study, the employer talking about itself, people and job names,
languages as modifiers) and the fast paths behind the speed target (folded regexes, the
tokenizer's bulk path, the matcher's rows). Each rule is tested both ways.

The pipeline is built from a tiny fixture taxonomy through the same code path as production.
"""

from __future__ import annotations

import pytest

from skillgap.extractors import facts
from skillgap.extractors.pipeline import ROWS_KEY, SPANS_KEY, RegexTokenizer
from skillgap.extractors.sections import FoldedRegex, analyse, fold
from tests.factories import names

FIXTURE_YAML = """\
version: 1
categories: [language, framework, tool, concept, math_statistics, soft_skill, spoken_language]
skills:
  - {name: Python, category: language}
  - {name: Apache Spark, category: framework, aliases: [Spark], gate: case_sensitive, gate_forms: [Spark]}
  - {name: Tableau, category: tool}
  - {name: statistics, category: math_statistics}
  - {name: operations research, category: math_statistics}
  - {name: machine learning, category: concept}
  - {name: business intelligence, category: concept}
  - {name: data visualization, category: concept, aliases: [data visualisation]}
  - {name: software engineering, category: concept}
  - {name: creativity, category: soft_skill}
  - {name: collaboration, category: soft_skill}
  - {name: communication, category: soft_skill, aliases: [communication skills]}
  - {name: leadership, category: soft_skill}
  - {name: problem solving, category: soft_skill, aliases: [problem-solving]}
  - {name: English, category: spoken_language}
"""


# ---------------------------------------------------------------- fields of study


@pytest.mark.parametrize(
    "text",
    [
        "Requirements\n- MS or Ph.D. in an appropriate field (Computer Science, Statistics, Physics, etc.).",
        "Requirements\n- B.S. in Statistics or a related field.",
        "Requirements\n- Bachelors Degree in Operations Research (Industrial Engineering), Statistics or Mathematics.",
        "Requirements\n- Bachelor's degree in computer science or (applied) mathematics/statistics and 2 years of work.",
        "Requirements\n- Degree in a quantitative field (e.g. Statistics, Economics) and curiosity.",
        "Requirements\n- Computer Science, Statistics or Software Engineering degrees strongly preferred.",
    ],
)
def test_fields_of_study_are_not_skills(ex, text):
    found = names(ex, text)
    assert "statistics" not in found
    assert "operations research" not in found
    assert "software engineering" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Requirements\n- Strong background in statistics and machine learning.",
        "Requirements\n- PhD research experience in statistics, machine learning or optimisation.",
        "Requirements\n- A degree in Physics; solid statistics skills.",
    ],
)
def test_skills_near_degrees_are_kept(ex, text):
    assert "statistics" in names(ex, text)


def test_a_knowledge_area_near_a_degree_passes_the_field_of_study_rule(ex):
    # whether "software engineering" is asked is the model's call (the labelled postings list it
    # in about a quarter of the postings that name it, rules 2.5); no rule may drop it as a field
    text, cands = ex.candidate_features("", "Requirements\n- Software engineering experience with Python.")
    got = {text[c["start"] : c["end"]]: c for c in cands}
    assert got["Software engineering"]["rule_keep"] and "f=field_of_study" not in got["Software engineering"]["features"]


def test_tools_in_a_field_list_are_kept(ex):
    # tools are never fields of study, whatever the sentence looks like
    assert "Python" in names(ex, "Requirements\n- BS in Computer Science (coursework in Python) or similar.")


# ---------------------------------------------------------------- the employer talking about itself


@pytest.mark.parametrize(
    "text, kw",
    [
        ("Responsibilities\n- Build models.\n- We value creativity, collaboration and the drive to improve.", {}),
        ("Responsibilities\n- Build models.\n- Their culture thrives on creativity and collaboration.", {}),
        ("Founded by engineers, Acme thrives on fostering creativity and collaboration.", {"company": "Acme"}),
        ("By nurturing teamwork, Acme Inc. maintains creativity everywhere.", {"company": "Acme Inc."}),
    ],
)
def test_what_the_company_values_is_not_asked_of_the_candidate(ex, text, kw):
    found = names(ex, text, **kw)
    assert "creativity" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Responsibilities\n- You bring problem-solving and collaboration to the team.",
        "Requirements\n- We value problem-solving and collaboration.",  # phrased by the employer, but asked
        "Responsibilities\n- We are looking for problem-solving and collaboration.",
        "Responsibilities\n- Our ideal candidate shows problem-solving.",
    ],
)
def test_skills_asked_of_the_candidate_are_kept(ex, text):
    # a soft skill the labelling guide names (rules 2.5: "creativity", which it does not name, is
    # labelled in 4 of the 13 labelled postings that ask it that way: the model now leaves it out)
    assert "problem solving" in names(ex, text)


def test_the_company_stack_is_kept(ex):
    assert {"Python", "Apache Spark"} <= set(names(ex, "Responsibilities\n- Their team builds everything in Python and Spark."))


# ---------------------------------------------------------------- people, teams and job titles


@pytest.mark.parametrize(
    "text, skill",
    [
        ("Responsibilities\n- Work alongside business intelligence engineers and scientists.", "business intelligence"),
        ("Responsibilities\n- Partner with cross-functional Business Intelligence teams.", "business intelligence"),
        ("We have a vacancy for a Junior Data Visualisation Developer fluent in English.", "data visualization"),
        ("Responsibilities\n- Present findings to senior leadership.", "leadership"),
    ],
)
def test_people_and_job_titles_are_not_skills(ex, text, skill):
    assert skill not in names(ex, text)


@pytest.mark.parametrize(
    "text, skill",
    [
        ("Requirements\n- Experience with business intelligence and data visualisation.", "business intelligence"),
        ("Requirements\n- Strong leadership and communication skills.", "leadership"),
        ("Requirements\n- Machine learning engineering experience is a must.", "machine learning"),
        ("Requirements\n- Python development experience.", "Python"),  # job titles: test_extract_scope.py
    ],
)
def test_skills_before_other_nouns_are_kept(ex, text, skill):
    assert skill in names(ex, text)


# ---------------------------------------------------------------- languages as modifiers


def test_language_modifying_communication_is_not_a_language_ask(ex):
    found = names(ex, "Requirements\n- Strong written and verbal English communication skills.")
    assert "English" not in found
    assert "communication" in found


@pytest.mark.parametrize("text", ["Requirements\n- Fluent English is mandatory.", "Requirements\n- English, written and spoken."])
def test_language_asks_are_kept(ex, text):
    assert "English" in names(ex, text)


# ---------------------------------------------------------------- fast paths give the same answers


def test_fold_refuses_letters_that_fold_differently():
    assert fold("Senior Data Engineer") == "senior data engineer"
    assert fold("İstanbul") is None  # lower() changes the length
    assert fold("Kırıkkale") is None  # dotless i matches "i" only under IGNORECASE
    assert fold("ſalary") is None


def test_folded_regex_matches_like_ignorecase():
    rx = FoldedRegex(r"\b(?:bachelor|ph\.?d)\b", word_start=True, first="bp")
    for text in ("A Bachelor or PhD", "BACHELOR, ph.d", "İ Bachelor ıPhD", "no match here"):
        want = [m.span() for m in rx.slow.finditer(text)]
        assert [m.span() for m in rx.finditer(text, fold(text))] == want
    with pytest.raises(ValueError):
        FoldedRegex(r"[A-Z]+")  # not a lower-case pattern: the fast path would change its meaning


@pytest.mark.parametrize("text", ["PhD in Statistics. Salary $120,000 - $150,000 per year. Hybrid (2 days).",
                                  "İstanbul office: PhD in Statistics. Salary $120,000 - $150,000 per year. Hybrid (2 days)."])
def test_fact_parsers_agree_on_the_folded_and_the_plain_path(text):
    layout = analyse(text)
    assert facts.parse_degree(text, layout) == "phd"
    salary = facts.parse_salary(text)
    assert salary is not None and (salary.min, salary.max, salary.period) == (120000, 150000, "year")
    assert facts.parse_remote(text) == "hybrid"


def _reference_tokens(keep, text):
    """The tokenizer's definition, token by token: every match of the token pattern, glued words
    split at their case change, whitespace between tokens as the previous token's trailing space
    (one space) or a token of its own (the rest of the run)."""
    import re

    from skillgap.extractors.tokenizer import _URL_EMAIL, _WORD, CAMEL_RE

    out: list[list] = []

    def gap(g):
        if g[0] == " " and out:
            out[-1][1] = True
            g = g[1:]
        if g:
            out.append([g, False])

    pos = 0
    for m in re.finditer(_URL_EMAIL + "|" + _WORD, text):
        if m.start() != pos:
            gap(text[pos : m.start()])
        w = m.group()
        parts = CAMEL_RE.split(w)
        if len(w) > 3 and not w.islower() and not w.isupper() and len(parts) > 1 and w.lower() not in keep:
            out += [[p, False] for p in parts]
        else:
            out.append([w, False])
        pos = m.end()
    if pos != len(text):
        gap(text[pos:])
    return [tuple(t) for t in out]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "  leading and trailing  ",
        "a \n b\n\n c\t d",
        "Power BIExperience with SparkUnderstanding of iPhone and ABCDef",
        "Mail jobs@acme.com or see https://Acme.com/CareersPage and www.FooBar.com",
        "C#/.NET, C++ and Node.js; e.Go don't",
        "Spark.Python and ASP.Net, x.NET",
        "Power BIExperience\x00SparkUnderstanding and\x00 TableauDesktop",
    ],
)
def test_bulk_tokenizer_matches_the_token_by_token_definition(ex, text):
    tok = ex.nlp.tokenizer
    assert isinstance(tok, RegexTokenizer)
    doc = tok(text)
    assert doc.text == text
    assert [(t.text, bool(t.whitespace_)) for t in doc] == _reference_tokens(tok.keep, text)


def test_a_full_stop_glued_to_the_next_sentence_does_not_hide_its_first_word(ex):
    tokens = [t.text for t in ex.nlp.tokenizer("Experience with Spark.Python is a plus; ASP.Net, .NET and Node.js too.")]
    assert tokens[2:5] == ["Spark", ".", "Python"]
    assert {".Net", ".NET", "Node.js"} <= set(tokens)


def test_text_with_nul_characters_tokenises(ex):
    doc = ex.nlp.tokenizer("Power BIExperience\x00SparkUnderstanding")
    assert doc.text == "Power BIExperience\x00SparkUnderstanding"
    assert "BI" in [t.text for t in doc]


def test_matcher_rows_mirror_the_span_group_and_edited_groups_still_work(ex):
    text = "Requirements\n- Python, Spark and Tableau."
    doc = ex.nlp(text)
    rows = doc.user_data[ROWS_KEY]
    assert [(r[2], r[3], r[4]) for r in rows] == [(s.start_char, s.end_char, s.id_) for s in doc.spans[SPANS_KEY]]
    # someone else edits the span group: the extractor reads the group itself
    doc.spans[SPANS_KEY] = list(doc.spans[SPANS_KEY])[:1]
    from skillgap.extractors.sections import analyse as _analyse

    mentions = list(ex._mentions(doc, text, _analyse(text), None, "Data Scientist"))
    assert [m.skill for m in mentions] == ["Python"]


# ---------------------------------------------------------------- fan-out over processes


def test_extract_many_over_processes_matches_one_process(ex):
    records = [
        {"title": "Data Scientist", "description": f"Requirements\n- Python and Spark, {i} years of experience.\n- We value creativity."}
        for i in range(7)
    ]
    one = list(ex.extract_many(records))
    many = list(ex.extract_many(records, n_process=2, chunk_size=3))
    assert many == one
    assert [m.skill for m in many[0].skills][:2] == ["Python", "Apache Spark"]


def test_the_employer_named_as_a_skill_counts_only_in_a_list(ex):
    text = "About Tableau\nTableau is a leading analytics company.\n\nRequirements\n- Tableau, Python and Spark."
    mentions = [m for m in ex.extract(title="Data Analyst", description=text, company="Tableau").skills if m.skill == "Tableau"]
    assert [m.section for m in mentions] == ["requirements"]
    # without the company the product name is a skill wherever it appears outside boilerplate
    assert "Tableau" in names(ex, "We build dashboards.\nTableau is what we use every day.")


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Requirements\n- MS degree with a quantitative focus (economics, statistics, physics).", False),
        ("Requirements\n- MS degree with a focus on statistics.", True),
        ("Responsibilities\n- Work with SSX leadership to present findings.", False),
        ("Requirements\n- Experience with leadership of small teams.", True),
    ],
)
def test_focus_of_a_degree_and_leadership_as_people(ex, text, kept):
    found = names(ex, text)
    assert (("statistics" in found) or ("leadership" in found)) is kept


@pytest.mark.parametrize("abbrev", ["e.g.", "i.e.", "E.g."])
def test_abbreviations_do_not_end_a_sentence(abbrev):
    text = f"Degree in a quantitative field ({abbrev} Statistics, Economics). Next sentence here."
    layout = analyse(text)
    assert layout.sentence_at(text.index("Statistics")) == layout.sentence_at(0)
    assert layout.sentence_at(text.index("Next")) != layout.sentence_at(0)
