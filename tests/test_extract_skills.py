"""Skill matching, gates, sections, requirement level, negation and offsets.

The pipeline is built from a tiny fixture taxonomy through the same code path as production
(``Extractor(taxonomy=load_taxonomy(path))`` -> ``build_nlp``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skillgap.extractors.extract import EXTRACTOR_VERSION, RULES_VERSION
from skillgap.extractors.pipeline import GATED_LABEL, SPANS_KEY, build_nlp
from skillgap.extractors.taxonomy import load_taxonomy
from tests.factories import (
    FIXTURE_YAML,  # the small taxonomy the module's ``ex`` is built over
    names,
)


@pytest.fixture(scope="module")
def taxonomy(tmp_path_factory):
    path = Path(tmp_path_factory.mktemp("tax")) / "taxonomy_small.yaml"
    path.write_text(FIXTURE_YAML, encoding="utf-8")
    return load_taxonomy(path)


def skills(ex, text, title="Data Scientist", **kw):
    return [(m.skill, m.requirement) for m in ex.extract(title=title, description=text, **kw).skills]


# ---------------------------------------------------------------- pipeline and tokenisation


def test_pipeline_is_blank_english_with_one_span_ruler(taxonomy):
    nlp = build_nlp(taxonomy)
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["skill_ruler"]
    doc = nlp("Python and PyTorch")
    assert [s.id_ for s in doc.spans[SPANS_KEY]] == ["Python", "PyTorch"]


@pytest.mark.parametrize(
    "text, skill, surface",
    [
        ("Strong C++ skills.", "C++", "C++"),
        ("Experience with C# and .NET.", "C#", "C#"),
        ("Experience with C# and .NET.", ".NET", ".NET"),
        ("We use C#/.NET daily.", "C#", "C#"),
        ("We use C#/.NET daily.", ".NET", ".NET"),
        ("You will own the CI/CD pipelines.", "CI/CD", "CI/CD"),
        ("Run A/B testing at scale.", "A/B testing", "A/B testing"),
        ("Fluent in scikit-learn.", "scikit-learn", "scikit-learn"),
        ("Backend in Node.js.", "Node.js", "Node.js"),
        ("Use sklearn, pandas.", "scikit-learn", "sklearn"),
        ("Stats in R.", "R", "R"),
        ("Python/R/SQL", "R", "R"),
        ("PYTHON and SQL", "Python", "PYTHON"),
    ],
)
def test_tricky_forms_match_with_exact_offsets(ex, text, skill, surface):
    r = ex.extract(title="", description=text)
    hits = [m for m in r.skills if m.skill == skill]
    assert hits, f"{skill} not found in {text!r}: {r.skills}"
    m = hits[0]
    assert m.text == surface
    assert text[m.start : m.end] == m.text


def test_longest_match_wins(ex):
    r = ex.extract(title="", description="Knowledge of Amazon Web Services and Microsoft Excel.")
    assert [(m.skill, m.text) for m in r.skills] == [("AWS", "Amazon Web Services"), ("Excel", "Microsoft Excel")]


def test_plural_of_ungated_concept_matches(ex):
    assert names(ex, "Build robust data pipelines in Python.") == ["data pipeline", "Python"]


def test_offsets_index_the_description_and_evidence_is_the_sentence(ex):
    text = "About the role\nYou will build models.\nRequirements\n- Python and SQL\n- Docker is a plus."
    r = ex.extract(title="ML Engineer", description=text)
    for m in r.skills:
        assert text[m.start : m.end] == m.text
        assert m.text in m.evidence
        assert m.evidence in text
    ev = {m.skill: m.evidence for m in r.skills}
    assert ev["Docker"] == "Docker is a plus."


# ---------------------------------------------------------------- gates, both ways


@pytest.mark.parametrize(
    "text, keep",
    [
        ("Proficiency in Python, R and SQL.", True),
        ("Statistical programming in R.", True),
        ("Experience with R or SAS.", True),
        ("Our R&D team is growing.", False),
        ("Contact John R. Smith for details.", False),
        ("Grade r is fine", False),
    ],
)
def test_r_gate(ex, text, keep):
    assert ("R" in names(ex, text)) is keep


@pytest.mark.parametrize(
    "text, keep",
    [
        ("Backend services in Go, Python and Java.", True),
        ("Services written in Go.", True),
        ("Go programming experience.", True),
        ("You will go to customer sites.", False),
        ("Go beyond the call of duty.", False),
        ("Ready to Go to market with us", False),
        ("Experience with Golang.", True),
    ],
)
def test_go_gate(ex, text, keep):
    assert ("Go" in names(ex, text)) is keep


@pytest.mark.parametrize(
    "text, keep",
    [
        ("Programming in C/C++.", True),
        ("Languages such as C, C++ or Python.", True),
        ("Report to C-level executives.", False),
        ("We raised our Series C last year.", False),
        ("Vitamin C for everyone.", False),
    ],
)
def test_c_gate(ex, text, keep):
    assert ("C" in names(ex, text)) is keep


@pytest.mark.parametrize(
    "text, skill, keep",
    [
        ("Experience with Spark and Hadoop pipelines in Python.", "Apache Spark", True),
        ("Big data processing with Spark.", "Apache Spark", True),
        ("Ideas that spark curiosity.", "Apache Spark", False),
        ("Spark curiosity in others.", "Apache Spark", False),
        ("Data warehousing in Snowflake and SQL.", "Snowflake", True),
        ("Snowflake is an equal opportunity company that builds the AI Data Cloud.", "Snowflake", False),
        ("Join Snowflake and build the future.", "Snowflake", False),
        ("Advanced Excel and SQL skills.", "Excel", True),
        ("Proficiency with Excel.", "Excel", True),
        ("You excel in fast-paced environments.", "Excel", False),
        ("Excel at communicating with stakeholders.", "Excel", False),
        ("Deep learning for CV and NLP models.", "computer vision", True),
        ("Please send your CV and cover letter.", "computer vision", False),
        ("Fine-tune LLMs with Hugging Face transformers and PyTorch.", "Hugging Face Transformers", True),
        ("Maintain power transformers in substations.", "Hugging Face Transformers", False),
        ("Scientific computing in Julia and Python.", "Julia", True),
        ("Please contact Julia from HR.", "Julia", False),
        ("Systems programming in Rust.", "Rust", True),
        ("Remove rust from the pipes.", "Rust", False),
        ("iOS apps in Swift.", "Swift", True),
        ("We take swift action.", "Swift", False),
        ("Build ML models in Python.", "machine learning", True),
        ("Add 5 ml of water.", "machine learning", False),
    ],
)
def test_context_gates(ex, text, skill, keep):
    assert (skill in names(ex, text)) is keep, names(ex, text)


def test_snowflake_gate_at_snowflake_itself(ex):
    # At the company itself, bare mentions are the employer; listed with tools it is the product.
    assert "Snowflake" not in names(ex, "At Snowflake, we build things.", company="Snowflake")
    assert "Snowflake" in names(ex, "Experience with SQL, Snowflake, dbt.", company="Snowflake")


# ---------------------------------------------------------------- sections and requirement


def test_sections_set_requirement_and_drop_boilerplate(ex):
    text = (
        "About Us\n"
        "Acme builds AI with PyTorch and TensorFlow.\n"
        "Responsibilities\n"
        "- Build data pipelines with Docker\n"
        "Requirements\n"
        "- Python and SQL\n"
        "Nice to have\n"
        "- AWS\n"
        "Benefits\n"
        "- Free pandas stickers\n"
        "Acme is an equal opportunity employer; we use scikit-learn in hiring.\n"
    )
    got = skills(ex, text)
    assert got == [
        ("data pipeline", "required"),
        ("Docker", "required"),
        ("Python", "required"),
        ("SQL", "required"),
        ("AWS", "preferred"),
    ]


def test_flattened_headings_are_found(ex):
    text = (
        "We want to talk to you.Basic QualificationsExperience with Python and SQL."
        "Preferred QualificationsExperience with Docker.BenefitsFree AWS credits for pandas fans."
    )
    assert skills(ex, text) == [("Python", "required"), ("SQL", "required"), ("Docker", "preferred")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Experience with Docker is a plus.",
        "Docker preferred.",
        "Nice to have: Docker.",
        "Bonus: Docker.",
        "Ideally you know Docker.",
        "Familiarity with Docker is helpful.",
        "Knowledge of Docker would be an advantage.",
    ],
)
def test_preferred_cues_inside_a_sentence(ex, sentence):
    text = "Requirements\n- Python\n- " + sentence
    got = dict(skills(ex, text))
    assert got == {"Python": "required", "Docker": "preferred"}


@pytest.mark.parametrize(
    "text",
    [
        "No Docker experience needed.",
        "No prior Docker experience required.",
        "You don't need to know Docker.",
    ],
)
def test_negation_drops_the_mention(ex, text):
    assert "Docker" not in names(ex, "Requirements\n- Python\n- " + text)
    assert "Python" in names(ex, "Requirements\n- Python\n- " + text)


def test_company_blurb_sentence_in_the_intro_is_dropped(ex):
    text = "Acme is a leading PyTorch shop. You will write Python."
    assert names(ex, text, company="Acme") == ["Python"]


def test_html_input_returns_description_text_and_offsets_into_it(ex):
    html = "<h2>Requirements</h2><ul><li>Python and SQL</li><li>Docker is a plus</li></ul>"
    r = ex.extract(title="Data Engineer", description=html)
    assert r.html
    assert "<" not in r.description_text
    for m in r.skills:
        assert r.description_text[m.start : m.end] == m.text
    assert [(m.skill, m.requirement) for m in r.skills] == [
        ("Python", "required"), ("SQL", "required"), ("Docker", "preferred")
    ]


def test_html_false_keeps_text_verbatim(ex):
    text = "Use <b> tags and Python"
    r = ex.extract(title="", description=text, html=False)
    assert r.description_text == text and not r.html


def test_extract_many_matches_extract_in_order(ex):
    recs = [
        {"title": "ML Engineer", "description": "PyTorch and Python."},
        {"title": "Data Analyst", "description": "SQL and Excel dashboards."},
        {"title": "Nurse", "description": ""},
    ]
    many = list(ex.extract_many(recs, batch_size=2))
    one = [ex.extract(title=r["title"], description=r["description"]) for r in recs]
    assert many == one
    assert [r.role_family for r in many] == ["ml", "data", "other"]


def test_version_has_rules_and_taxonomy_digest(ex):
    assert EXTRACTOR_VERSION.startswith(RULES_VERSION + "+")
    assert ex.version.startswith(RULES_VERSION + "+") and len(ex.version.split("+")[1].split(".")[0]) == 8


def test_gated_patterns_are_labelled(taxonomy):
    nlp = build_nlp(taxonomy)
    doc = nlp("R and Python")
    assert [(s.id_, s.label_) for s in doc.spans[SPANS_KEY]][0] == ("R", GATED_LABEL)
