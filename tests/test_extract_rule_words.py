"""The precision rules' words are reviewed data (data/extract_rules.yaml), validated on load, and
the rules are a registry of named checks."""

from __future__ import annotations

import re

import pytest
import yaml

from skillgap.extractors import rule_words
from skillgap.extractors.rules import FLAG_RULES


def _bundled() -> dict:
    from importlib.resources import files

    return yaml.safe_load(files("skillgap.data").joinpath(rule_words.RULES_FILE).read_text(encoding="utf-8"))


def test_the_bundled_word_lists_load_with_every_key():
    data = rule_words.validate(_bundled())
    assert data.keys() == rule_words.KEYS
    assert "sector" in rule_words.words("industry_words")


def test_every_problem_of_a_word_file_is_listed_at_once():
    data = _bundled()
    del data["industry_words"]
    data["industy_words"] = ["sector"]  # a typo: unknown key
    data["people_words"] = ["engineers?", "engineers?"]  # duplicate
    data["prose_words"] = ["a", True]  # an unquoted YAML `on`
    data["team_words"] = ["teams?", "(unclosed"]  # not a regex
    data["edge_compounds"] = []
    with pytest.raises(rule_words.RuleWordsError) as err:
        rule_words.validate(data, "rules.yaml")
    text = str(err.value)
    assert text.startswith("rules.yaml: ")
    for bit in ("unknown key 'industy_words'", "missing key 'industry_words'", "people_words: duplicate",
                "prose_words[1]", "team_words[1]", "edge_compounds: expected a non-empty list"):
        assert bit in text, bit


def test_a_document_that_is_no_mapping_is_refused():
    with pytest.raises(rule_words.RuleWordsError, match="expected a mapping"):
        rule_words.validate(["industry"])


def test_regex_lists_compile_and_literal_lists_are_plain_strings():
    for key in rule_words.KEYS - rule_words.LITERAL:
        re.compile(rule_words.alternation(key))
    assert all(len(b) == 1 for b in rule_words.words("bullets"))


def test_rules_have_unique_names_and_flags_in_a_fixed_order():
    names = [r.name for r in FLAG_RULES]
    assert len(names) == len(set(names))
    flags = [r.flag for r in FLAG_RULES]
    # the order of the flags is the order of their features: the model was trained on it
    assert flags[:3] == ["employer", "blurb", "negated"] and flags[-1] == "people"
    assert {r.name for r in FLAG_RULES if r.drops} == {"negated", "lang_modifier", "field_of_study"}


def test_section_headings_are_checked_for_case_overlap_and_bare_only_phrases():
    from skillgap.extractors.headings import HEADING_KEYS, check_headings

    lists = {k: ("x " + k,) for k in HEADING_KEYS}
    lists["preferred"] = ("Nice To Have", "x requirements")  # upper case; also a requirements heading
    lists["bare_only"] = ("x about", "no such heading")
    with pytest.raises(rule_words.RuleWordsError) as err:
        check_headings(lists, "headings.yaml")
    text = str(err.value)
    for bit in ("'Nice To Have' must be lower case", "'x requirements' is also a requirements heading",
                "bare_only: 'no such heading' is no heading"):
        assert bit in text, bit


def test_the_bundled_section_headings_name_each_section():
    from skillgap.extractors.sections import analyse

    text = "Nice to have\n- Rust\n\nWhat we offer\n- Lunch\n\nQualifications\n- SQL\n"
    layout = analyse(text)
    assert [layout.section_at(text.index(w)) for w in ("Rust", "Lunch", "SQL")] == ["preferred", "benefits", "requirements"]
