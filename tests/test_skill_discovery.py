"""Names beyond the vocabulary (extractors/discover.py): where candidates are proposed, how a name
is cut and normalised, that known skills are never proposed again, that the switch is off by
default and leaves the known skills' candidates as they were, and that a model judges them.
Texts written for these tests; a tiny fixture taxonomy, no ../shared."""

from __future__ import annotations

import pytest

from skillgap.extractors.discover import DISCOVERED, FRAME_LABEL, ITEM_LABEL, normalised_name
from skillgap.extractors.extract import Extractor
from skillgap.extractors.sections import analyse
from skillgap.extractors.skill_model import SkillModel
from skillgap.extractors.taxonomy import load_taxonomy

FIXTURE_YAML = """\
version: 1
categories: [language, framework, concept, soft_skill]
skills:
  - {name: Python, category: language, aliases: [python3]}
  - {name: SQL, category: language}
  - {name: PyTorch, category: framework}
  - {name: machine learning, category: concept, aliases: [ML]}
  - {name: communication, category: soft_skill}
"""

TEXT = """Data Engineer

Requirements
- 2+ years of experience with stream processing, data contracts and Python
- Knowledge of Causal Modeling or uplift modelling (e.g. CausalML)
- Strong communication skills
- Event Sourcing

About us
We have deep experience with enterprise customers.
"""


@pytest.fixture(scope="module")
def tax(tmp_path_factory):
    path = tmp_path_factory.mktemp("tax") / "taxonomy.yaml"
    path.write_text(FIXTURE_YAML, encoding="utf-8")
    return load_taxonomy(path)


def _names(ex, text):
    _text, cands = ex.candidate_features("Data Engineer", text)
    return {c["skill"]: c for c in cands if c["category"] == DISCOVERED}


def test_names_in_frames_and_requirement_items_are_proposed_cut_at_lists(tax):
    found = _names(Extractor(tax, skill_model=None, discover=True), TEXT)
    assert {"stream processing", "data contracts", "causal modeling", "uplift modelling", "causalml",
            "event sourcing"} <= set(found)


def test_known_skills_edge_words_and_company_text_are_not_proposed(tax):
    found = _names(Extractor(tax, skill_model=None, discover=True), TEXT)
    assert "python" not in found and "communication" not in found  # known: the known skill is the candidate
    assert "communication skills" not in found and "strong communication" not in found
    assert "enterprise customers" not in found  # the company's own text ("About us") is no ask
    assert not any(n.startswith(("2+", "years", "experience", "knowledge")) for n in found)


def test_discovered_name_is_case_folded_with_spaces_collapsed_and_offsets_index_the_surface(tax):
    text = "Requirements\n- Experience with  Causal   Modeling\n"
    ex = Extractor(tax, skill_model=None, discover=True)
    _text, cands = ex.candidate_features("", text)
    (c,) = [c for c in cands if c["category"] == DISCOVERED]
    assert c["skill"] == "causal modeling" == normalised_name("Causal   Modeling")
    assert text[c["start"] : c["end"]] == "Causal   Modeling"


def test_how_a_name_was_found_is_a_feature(tax):
    found = _names(Extractor(tax, skill_model=None, discover=True), TEXT)
    assert "disc=" + FRAME_LABEL in found["stream processing"]["features"]
    assert "disc=" + ITEM_LABEL in found["event sourcing"]["features"]
    assert "o=" + DISCOVERED in found["event sourcing"]["features"]


def test_discovery_is_off_by_default_and_known_candidates_keep_their_features(tax, monkeypatch):
    monkeypatch.delenv("SKILLGAP_DISCOVER", raising=False)
    off = Extractor(tax, skill_model=None)
    on = Extractor(tax, skill_model=None, discover=True)
    assert off.discover is False and _names(off, TEXT) == {}
    known_off = [c for c in off.candidate_features("Data Engineer", TEXT)[1]]
    known_on = [c for c in on.candidate_features("Data Engineer", TEXT)[1] if c["category"] != DISCOVERED]
    assert known_on == known_off
    assert on.version != off.version  # stored extractions made either way are told apart


def test_environment_switches_discovery_on(tax, monkeypatch):
    monkeypatch.setenv("SKILLGAP_DISCOVER", "1")
    assert Extractor(tax, skill_model=None).discover is True
    monkeypatch.setenv("SKILLGAP_DISCOVER", "0")
    assert Extractor(tax, skill_model=None).discover is False


def test_model_trained_with_discovery_switches_it_on_by_default(tax, monkeypatch):
    monkeypatch.delenv("SKILLGAP_DISCOVER", raising=False)
    model = SkillModel(weights={}, bias=0.0, meta={"discover": True})
    assert Extractor(tax, skill_model=model).discover is True


def test_without_a_model_no_discovered_name_is_kept(tax):
    r = Extractor(tax, skill_model=None, discover=True).extract(title="Data Engineer", description=TEXT)
    assert {m.skill for m in r.skills} >= {"Python"}
    assert not any(m.category == DISCOVERED for m in r.skills)


def test_the_model_judges_discovered_names_by_their_features(tax):
    model = SkillModel(weights={"o=" + DISCOVERED: -5.0, "s=event sourcing": 10.0, "s=python": 5.0, "s=sql": 5.0,
                                "s=pytorch": 5.0, "s=communication": 5.0}, bias=0.0)
    r = Extractor(tax, skill_model=model, discover=True).extract(title="Data Engineer", description=TEXT)
    got = {(m.skill, m.category) for m in r.skills}
    assert ("event sourcing", DISCOVERED) in got and ("Python", "language") in got
    assert not any(m.category == DISCOVERED and m.skill != "event sourcing" for m in r.skills)
    m = next(m for m in r.skills if m.skill == "event sourcing")
    assert r.description_text[m.start : m.end] == "Event Sourcing" and m.requirement == "required"


def test_only_requirement_and_preferred_lines_count_as_items(tax):
    text = ("Benefits\n- Stock Options\n- Gym Membership\n\nResponsibilities\n- Data Lineage\n\n"
            "Requirements\n- Event Sourcing\n")
    found = _names(Extractor(tax, skill_model=None, discover=True), text)
    assert "event sourcing" in found
    assert not {"data lineage", "stock options", "gym membership"} & set(found)


def test_a_phrase_longer_than_four_words_is_no_name(tax):
    text = "Requirements\n- Experience with very large scale distributed stream processing\n"
    assert _names(Extractor(tax, skill_model=None, discover=True), text) == {}


def test_layout_sections_feed_discovery():
    # the items rule reads the sections analyse() finds: a bare "Requirements" line heads one
    layout = analyse("Requirements\n- Event Sourcing\n")
    assert layout.section_at(len("Requirements\n- ")) == "requirements"


def test_camel_case_names_stay_whole_and_glued_items_are_cut(tax):
    text = "Requirements\n- Experience with GraphQL Federation and DuckDB internalsKnowledge of vector clocks\n"
    found = _names(Extractor(tax, skill_model=None, discover=True), text)
    assert {"graphql federation", "duckdb internals", "vector clocks"} <= set(found)


def test_a_kept_discovered_name_reaches_the_skills_view_as_discovered(tax, tmp_path):
    from datetime import datetime

    from skillgap.pipelines.models import NormalizedPosting
    from skillgap.pipelines.store import Store

    model = SkillModel(weights={"o=" + DISCOVERED: -5.0, "s=event sourcing": 10.0, "s=python": 5.0}, bias=0.0)
    p = NormalizedPosting(source="greenhouse", board="acme", source_id="1", title="Data Engineer", description=TEXT,
                          company="Acme", location="Remote", url="https://example.org/1", raw={"id": 1})
    r = Extractor(tax, skill_model=model, discover=True).extract(title=p.title, description=TEXT, html=False)
    with Store.open(tmp_path / "d.duckdb") as store:
        store.sync_taxonomy(tax)
        store.upsert_postings("greenhouse", "acme", [p], seen_at=datetime(2026, 11, 1))
        store.write_extractions([(p.posting_id, p.content_hash, r)], version="v", extracted_at=datetime(2026, 11, 1))
        got = store.con.execute("SELECT skill, category, kind, aliases, origin FROM skills WHERE origin = 'discovered'").fetchall()
        asked = store.con.execute("SELECT skill FROM posting_skills WHERE category = 'discovered'").fetchall()
    assert got == [("event sourcing", DISCOVERED, "hard", ["Event Sourcing"], "discovered")]
    assert asked == [("event sourcing",)]


def test_punctuation_around_a_name_is_not_part_of_it(tax):
    text = "Requirements\n- Knowledge of “Event Sourcing”, (vector clocks) and 'CRDTs'.\n"
    ex = Extractor(tax, skill_model=None, discover=True)
    _text, cands = ex.candidate_features("", text)
    got = {text[c["start"] : c["end"]] for c in cands if c["category"] == DISCOVERED}
    assert got == {"Event Sourcing", "vector clocks", "CRDTs"}


def test_an_umbrella_is_no_name_its_members_are(tax):
    text = "Requirements\n- Experience with frontend frameworks, preferably Svelte or SolidJS\n"
    found = _names(Extractor(tax, skill_model=None, discover=True), text)
    assert "frontend frameworks" not in found and {"svelte", "solidjs"} <= set(found)


def test_one_common_word_or_activity_alone_is_no_name_and_frame_adjectives_are_edges(tax):
    text = "Requirements\n- Experience with analysis, designing and Kinesis\n- Proficient in Flink\n"
    found = _names(Extractor(tax, skill_model=None, discover=True), text)
    assert "analysis" not in found and "designing" not in found
    assert {"kinesis", "flink"} <= set(found)


def test_a_name_opening_with_an_ing_word_says_so_to_the_model(tax):
    # an activity ("building internal bots") is no longer proposed (rules 2.7); a field noun in -ing is
    text = "Requirements\n- Experience with streaming telemetry\n"
    found = _names(Extractor(tax, skill_model=None, discover=True), text)
    assert "disc_ing" in found["streaming telemetry"]["features"]


def test_a_modifier_shared_with_the_next_name_is_no_name(tax):
    text = "Requirements\n- Knowledge of relational and graph databases, Sqoop and Flume\n"
    found = _names(Extractor(tax, skill_model=None, discover=True), text)
    assert "relational" not in found and {"sqoop", "flume"} <= set(found)


# rules 2.7: phrases that read as a duty, a trait or prose are not proposed; rare or specific names are

@pytest.mark.parametrize("item", [
    "Experience with scheduling",  # control: an -ing field noun alone is still dropped as before
    "Knowledge of gardening",  # one common word
    "Familiarity with Bicycles",  # one common word in title case
    "Experience with furniture and Weather",
    "Ability to swiftly assemble dashboards",  # an -ly adverb first
    "Experience with quietly ship",
    "Experience with wrangle untidy spreadsheets",  # a verb first
    "Knowledge of translate memos",
    "Experience with painting murals",  # an -ing activity first
    "Experience with reviewing budgets",
    "Knowledge of rooftop commercial",  # a modifier cut from its noun (end_modifiers)
    "Experience with orbital statistical",
    "Exposure to cheerful work ethic",  # a trait as the head
    "Knowledge of fintech acumen",
    "Experience with tricky puzzle problems",
    "Experience with rocket telemetry.demonstrated",  # a full stop without its space
    "Experience with provide coaching",  # a verb first
    "Knowledge of solution architect",  # a job, not a skill
])
def test_a_duty_a_trait_or_a_common_word_is_no_discovered_name(tax, item):
    found = _names(Extractor(tax, skill_model=None, discover=True), "Requirements\n- " + item + "\n")
    assert found == {}, found


@pytest.mark.parametrize(("item", "name"), [
    ("Experience with Zorblax", "zorblax"),  # a rare word stays
    ("Familiarity with kubeflux", "kubeflux"),
    ("Knowledge of CAT", "cat"),  # an acronym stays though "cat" is a common word
    ("Experience with anomaly scoring", "anomaly scoring"),  # "-ly" nouns are no adverbs
    ("Experience with supply forecasting", "supply forecasting"),
    ("Knowledge of rasch measurement theory", "rasch measurement theory"),  # common words inside a name
    ("Experience with streaming telemetry", "streaming telemetry"),  # an -ing field noun first
    ("Knowledge of engineering change orders", "engineering change orders"),
    ("Experience with glacier surveying", "glacier surveying"),  # -ing at the end is fine
    ("Knowledge of CausalQL", "causalql"),  # a common word in camel case with capitals is a name
])
def test_a_specific_name_beyond_the_vocabulary_is_still_proposed(tax, item, name):
    found = _names(Extractor(tax, skill_model=None, discover=True), "Requirements\n- " + item + "\n")
    assert name in found


def test_common_word_list_is_shipped_and_holds_common_words_only():
    from skillgap.extractors.discover import common_words

    words = common_words()
    assert {"plan", "realm", "deployment", "quick"} <= words
    assert not {"anaplan", "webhooks", "kubeflux"} & words


def test_a_common_word_of_another_posting_language_alone_is_no_name(tax):
    """Rules 2.13: a list item that is one common word of Hebrew, French or Dutch written in lower
    case or a script without case ("ניהול" management, "outils" tools, "zoals" such as) is prose in
    that language, as a common English word is; the same word capitalised may be a product
    ("Flink" is Dutch for "considerable") and a specific name is still proposed. Items written for
    this test."""
    text = "Requirements\n- ניהול\n- outils\n- zoals\n- Kubeflux\n- Flink\n"
    found = _names(Extractor(tax, skill_model=None, discover=True), text)
    assert {"kubeflux", "flink"} <= set(found)
    assert not {"ניהול", "outils", "zoals"} & set(found), found


def test_the_common_word_list_holds_other_languages_but_keeps_short_product_names():
    from skillgap.extractors.discover import common_words, other_common_words

    words = other_common_words()
    assert {"ניהול", "outils", "zoals", "erfahrung"} <= words
    assert not {"sbt", "zio", "kubeflux"} & words  # short Latin words of other languages are left out
    assert not words & common_words()  # English is checked in either case, the others in lower case only
