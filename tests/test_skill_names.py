"""Names a learner recognises (rules 2.5, issue 17): a curated product named with a generic noun
after it is found under the product's name ("AWS", not "aws services"); a product word the
curated taxonomy knows under its full name is found under that name in a technical list ("Glue"
-> AWS Glue) and not in plain English; a plain English verb from a derived vocabulary ("Analyze")
is no candidate at all. Sentences written for these tests."""

from __future__ import annotations

import pytest

from skillgap.extractors.extract import Extractor


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def candidate_names(ex: Extractor, text: str, title: str = "Data Engineer") -> dict[str, str]:
    t, cands = ex.candidate_features(title, text)
    return {t[c["start"] : c["end"]]: c["skill"] for c in cands}


def test_a_product_followed_by_a_generic_noun_is_the_product(ex):
    got = candidate_names(ex, "You will deploy models on AWS services and automate reports with Alteryx software.")
    assert got.get("AWS") == "AWS" and got.get("Alteryx") == "Alteryx"
    assert not any(n.lower() in ("aws services", "alteryx software") for n in got.values())


def test_a_bare_product_word_in_a_tech_list_takes_the_full_product_name(ex):
    got = candidate_names(ex, "Our pipelines run on S3, Glue and Redshift.")
    assert got.get("Glue") == "AWS Glue"
    assert "AWS Glue" in ex.extract("Data Engineer", "Requirements: S3, Glue and Redshift.").skill_names()


def test_the_same_word_in_plain_english_is_no_skill(ex):
    assert "AWS Glue" not in ex.extract("Carpenter", "Glue holds the two boards of the shelf together.").skill_names()
    assert "glue" not in candidate_names(ex, "Apply glue to the box before the label.", title="Packer")  # gated: capital only


def test_a_plain_english_verb_is_no_candidate(ex):
    for text in ("Analyze the results and present them to the team.", "Combine insight with care and upgrade our reports."):
        got = candidate_names(ex, text)
        assert not {"Analyze", "Combine", "upgrade"} & set(got), (text, got)


def test_version_control_is_not_control_systems(ex):
    got = candidate_names(ex, "Comfortable with version-control systems such as Git.")
    assert "control systems" not in {n.lower() for n in got.values()}
    assert got.get("Git") == "Git"


def test_a_trait_of_the_person_from_the_derived_vocabulary_is_a_soft_skill(ex):
    """Rules 2.13: a whole derived name that describes the person ("independence", "results-oriented")
    is soft, so trends' and the report's hard-skill tables leave it out; the same words inside a
    technical name stay hard."""
    tax = ex.taxonomy
    for name in ("independence", "autonomy", "ability to work independently", "results-oriented", "customer orientation"):
        hit = tax.resolve(name)
        assert hit is not None and hit.category == "soft_skill", (name, hit)
    for name in ("autonomous systems", "due diligence", "data persistence"):
        hit = tax.resolve(name)
        assert hit is None or hit.category != "soft_skill", (name, hit)


def test_a_name_outside_the_taxonomy_is_soft_by_its_words_its_traits_or_a_soft_skill_before_skills():
    """The kind rule of the derived vocabulary and of the store's discovered names."""
    from skillgap.extractors.kinds import name_kind
    from skillgap.extractors.taxonomy import normalize_key

    soft_forms = {normalize_key(f) for f in ("project management", "communication")}
    assert name_kind("independent working style", soft_forms) == "soft"
    assert name_kind("Communication skills", soft_forms) == "soft"
    assert name_kind("project management skills", soft_forms) == "soft"
    assert name_kind("project management skills") == "hard"  # no taxonomy says project management is soft
    assert name_kind("independent component analysis", soft_forms) == "hard"
    assert name_kind("autonomous vehicles", soft_forms) == "hard"
    assert name_kind("python skills", soft_forms) == "hard"
