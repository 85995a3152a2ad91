"""The degree-name fragments of the years facts differ on purpose: the word alone for a pattern
that ends it with a word boundary, the whole token ("Master's") for one that goes on after it;
"MS" before a Microsoft product is no degree. Sentences written for these tests."""

from __future__ import annotations

import re

import pytest

from skillgap.extractors.facts.degree_words import BACHELOR, BACHELOR_TOKEN, MASTER, MASTER_TOKEN, MS_NOT_MICROSOFT


@pytest.mark.parametrize("word", ["Master's", "Master’s", "Bachelor's", "Bachelor’s"])
def test_possessive_degree_then_its_amount_needs_the_token_variant(word: str) -> None:
    token = re.compile(r"\b(?:" + BACHELOR_TOKEN + "|" + MASTER_TOKEN + r")\s*(?:and|with)\s*$", re.I)
    bare = re.compile(r"\b(?:" + BACHELOR + "|" + MASTER + r")\s*(?:and|with)\s*$", re.I)
    assert token.search(f"or a {word} and ")
    assert bare.search(f"or a {word} and ") is None


def test_word_variant_stops_before_the_apostrophe_where_a_word_boundary_follows() -> None:
    m = re.search(r"\b(?:" + MASTER + r")\b", "a Master’s degree", re.I)
    assert m is not None and m.group() == "Master"


@pytest.mark.parametrize(("text", "degree"), [("MS Excel and SQL", False), ("MS in Statistics", True), ("M.Sc. in Physics", True)])
def test_ms_before_a_microsoft_product_is_no_degree(text: str, degree: bool) -> None:
    assert bool(re.search(r"\b(?:" + MS_NOT_MICROSOFT + r")\b", text, re.I)) is degree
