"""The extractor's Doc-free path (``pipeline.match_text``) finds exactly what the spaCy pipeline
finds, and the per-company checks give the verdicts of the compiled per-company patterns."""

from __future__ import annotations

import pytest

from skillgap.extractors import company as C
from skillgap.extractors.pipeline import LOWERS_KEY, ROWS_KEY, match_text
from skillgap.extractors.sections import analyse

TEXTS = [
    "",
    "  ",
    "We use Python, R and Go; knowledge of C#/.NET, C++ and Node.js is a plus.",
    "Power BIExperience with SparkUnderstanding\x00of data pipelines and LLMs",
    "Requirements\n- Apache Spark / Hadoop\n- scikit-learn, A/B testing, CI/CD\n\n\tExcel or  Tableau",
    "go to market with Snowflake, the warehouse; excel in SQL and machine  learning",
    "Mail jobs@example.org or see https://example.org/JobsPage for Kubernetes roles",
]


@pytest.mark.parametrize("text", TEXTS)
def test_doc_free_matching_equals_the_pipeline(ex, text):
    doc = ex.nlp(text)
    words, lowers, rows = match_text(ex.nlp, text)
    assert words == [t.text for t in doc]
    assert lowers == [ex.nlp.vocab.strings[h] for h in doc.user_data[LOWERS_KEY]]
    assert rows == doc.user_data[ROWS_KEY]
    assert all(text[r[2] : r[3]] == doc[r[0] : r[1]].text for r in rows)


@pytest.mark.parametrize("text", TEXTS[2:])
def test_mentions_from_a_doc_equal_mentions_from_the_doc_free_path(ex, text):
    layout = analyse(text)
    from_doc = list(ex._mentions(ex.nlp(text), text, layout, "Example Corp", "Data Engineer"))
    fast = list(ex._mentions(ex._tokens(text), text, layout, "Example Corp", "Data Engineer"))
    assert fast == from_doc
    assert fast  # the texts name skills


def test_another_pipeline_has_no_doc_free_path(ex):
    import spacy

    assert match_text(spacy.blank("en"), "Python") is None


COMPANIES = [None, "Acme Inc.", "Think Big Analytics, A Teradata Company", "Straße Data GmbH", "Q", "(Paren) Labs"]
SENTENCES = [
    "Acme is a leading provider of widgets.",
    "At Acme, we build tools for analysts.",
    "- ACME's mission is simple.",
    "Founded in 2010, Think Big Analytics helps retailers.",
    "Our partners say Think Big Analytics also helps banks.",
    "We are a small team.",
    "You will use Python at Acme every day.",
    "Straße Data builds pipelines; STRASSE DATA is not the same spelling.",
    "q is a letter; Q offers nothing.",
    "(Paren) Labs is hiring.",
    "Teradata's team values craft.",
]


@pytest.mark.parametrize("company", COMPANIES)
def test_company_checks_give_the_verdicts_of_the_compiled_patterns(company):
    blurb, subject = C.cached_blurb(company), C.cached_company_subject(company)
    compiled_blurb, compiled_subject = C.blurb_re(company), C.company_subject_re(company)
    for s in SENTENCES:
        assert bool(blurb.match(s)) == bool(compiled_blurb.match(s)), s
        assert bool(subject.search(s)) == bool(compiled_subject.search(s)), s


def test_company_name_checks_fire_on_the_company_as_subject():
    subject = C.cached_company_subject("Acme Inc.")
    assert subject.search("Since 2001, Acme now builds robots.")
    assert not subject.search("Since 2001, robots build Acme.")


CUE_SENTENCES = [
    "You'll work with our data team.",
    "YOU WILL NEED SQL",
    "The ideal Candidate is familiarised with Airflow",
    "We value: code review, CI/CD",
    "Our mission is to help farmers.",
    "Café culture at the Company’s office",
    "nothing here at all",
    "Applicants Skilled in Kotlin",
]


@pytest.mark.parametrize("text", CUE_SENTENCES + [s.swapcase() for s in CUE_SENTENCES])
def test_caseless_cue_checks_agree_with_the_case_insensitive_patterns(text):
    for check, rx in (
        (C.has_candidate_cue, C.CANDIDATE_CUE),
        (C.has_company_cue, C.COMPANY_CUE),
        (C.addresses_candidate, C.ADDRESSES_CANDIDATE),
    ):
        assert check(text) == (rx.search(text) is not None)


def test_match_text_gives_each_word_its_character_offset(ex):
    text = "Experience with  Kafka,\nSpark\t and  dbt (a plus)."
    starts: list[int] = []
    words, _lowers, _rows = match_text(ex.nlp, text, starts=starts)
    assert len(starts) == len(words)
    assert all(text[s : s + len(w)] == w for s, w in zip(starts, words))
