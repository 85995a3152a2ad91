"""Corpus-mined names (extractors/mined.py, training/skills/build_mined.py): where an occurrence of
a mined name becomes a discovered candidate, that it never doubles a known match or a name
discovery already proposes, that discovered names carry the count bucket, and that the list is
off unless a model trained with it says so. Texts written for these tests; a tiny fixture
taxonomy, no ../shared."""

from __future__ import annotations

import gzip

import pytest

from skillgap.extractors.discover import DISCOVERED, LABELS, MINED_LABEL
from skillgap.extractors.extract import Extractor
from skillgap.extractors.mined import MinedNames, load_mined, mined_bucket
from skillgap.extractors.skill_model import SkillModel
from skillgap.extractors.taxonomy import load_taxonomy
from tests.conftest import load_skills_training_module

FIXTURE_YAML = """\
version: 1
categories: [language, concept]
skills:
  - {name: Python, category: language}
  - {name: SQL, category: language}
"""

TEXT = """Data Engineer

About the role
You will own our Change Data Capture pipelines and help with vulnerability scanning in Python.
We also run change data capture-style jobs.

Requirements
- Knowledge of feature stores

Benefits
- Change data capture lunch talks
"""

MINED = {"change data capture": 7, "vulnerability scanning": 3, "feature stores": 25, "data": 40, "python tools": 4}


def _raw(counts):
    lines = ["# test list", "# name\tcompanies", *(f"{n}\t{c}" for n, c in counts.items())]
    return gzip.compress(("\n".join(lines) + "\n").encode())


@pytest.fixture(scope="module")
def tax(tmp_path_factory):
    path = tmp_path_factory.mktemp("tax") / "taxonomy.yaml"
    path.write_text(FIXTURE_YAML, encoding="utf-8")
    return load_taxonomy(path)


def _discovered(ex, text=TEXT):
    _text, cands = ex.candidate_features("Data Engineer", text)
    return [(c, text[c["start"] : c["end"]]) for c in cands if c["category"] == DISCOVERED]


def _with_mined(tax, counts=MINED, k=1):
    ex = Extractor(tax, skill_model=None, discover=True)
    ex.mined = MinedNames.from_bytes(_raw(counts), k)
    return ex


def test_a_mined_name_in_prose_becomes_a_discovered_candidate_once_per_occurrence(tax):
    got = [(c["skill"], s) for c, s in _discovered(_with_mined(tax)) if "disc=" + MINED_LABEL in c["features"]]
    assert ("change data capture", "Change Data Capture") in got  # case-folded name, surface as written
    assert ("vulnerability scanning", "vulnerability scanning") in got
    assert ("change data capture", "change data capture") in got  # "capture-style": a hyphen ends a word


def test_a_mined_name_in_a_dropped_section_is_no_candidate(tax):
    spans = [s for c, s in _discovered(_with_mined(tax)) if c["skill"] == "change data capture"]
    assert "Change data capture" not in spans  # the Benefits line


def test_a_known_skill_keeps_its_match_and_a_name_inside_a_word_is_no_occurrence(tax):
    ex = _with_mined(tax)
    got = _discovered(ex, "Data Engineer\n\nWe build Python tools daily.\n")
    assert all(c["skill"] != "python tools" for c, _s in got)  # "Python" is a known match there
    text = "Data Engineer\n\nWe use DataFrames and data.\n"
    spans = [text[c["start"] : c["end"]] for c, _s in _discovered(ex, text) if c["skill"] == "data"]
    assert spans and "DataFrames" not in spans and all(s.lower() == "data" for s in spans)


def test_a_name_discovery_proposes_is_not_doubled_and_carries_the_count_bucket(tax):
    got = [(c, s) for c, s in _discovered(_with_mined(tax)) if c["skill"] == "feature stores"]
    assert len(got) == 1
    feats = got[0][0]["features"]
    assert "disc=DISC_FRAME" in feats and "mined" in feats and "mined=" + mined_bucket(25) in feats
    assert mined_bucket(25) == "20" and mined_bucket(3) == "3" and mined_bucket(7) == "5"


def test_min_companies_filters_the_list_and_the_label_is_a_discovery_label(tax):
    assert MINED_LABEL in LABELS
    names = MinedNames.from_bytes(_raw(MINED), 5)
    assert set(names.counts) == {"change data capture", "feature stores", "data"}
    got = {c["skill"] for c, _s in _discovered(_with_mined(tax, k=5)) if "disc=" + MINED_LABEL in c["features"]}
    assert "vulnerability scanning" not in got and "change data capture" in got


def test_without_the_list_candidates_are_those_of_discovery_alone(tax):
    ex = Extractor(tax, skill_model=None, discover=True)
    assert ex.mined is None
    before = ex.candidate_features("Data Engineer", TEXT)
    ex.mined = MinedNames.from_bytes(_raw({}), 1)
    assert ex.candidate_features("Data Engineer", TEXT) == before
    assert not any("mined" in c["features"] for c in before[1])


def test_the_list_is_used_only_by_a_model_trained_with_it():
    assert load_mined(SkillModel(weights={}, bias=0.0, meta={"discover": True})) is None
    assert load_mined(None) is None


@pytest.fixture(scope="module")
def bm():
    return load_skills_training_module("build_mined")


def test_the_recipe_keeps_names_of_enough_companies_and_the_extractor_reads_its_file(bm):
    names = {"change data capture": {"c:a", "c:b", "c:c"}, "lakehouse": {"c:a", "c:b"}, "feature stores": {"c:a", "c:b", "c:c", "c:d"}}
    got = bm.rows(names, 3)
    assert got == [("feature stores", 4), ("change data capture", 3)]
    assert MinedNames.from_bytes(bm.to_bytes(got, "a header\nof two lines")).counts == dict(got)


def test_a_corpus_posting_that_repeats_a_labelled_one_is_left_out_and_another_is_kept():
    evalkit = load_skills_training_module("evalkit")
    ours = "We are hiring a data engineer to build streaming pipelines with change data capture and to own our lakehouse tables end to end."
    corpus = [{"id": "c1", "description": "Apply now! " + ours},
              {"id": "c2", "description": "A bakery in town wants a pastry chef who can run the morning shift and train two apprentices."}]
    kept = evalkit.without_labelled(corpus, [{"id": "l1", "description": ours}])
    assert [r["id"] for r in kept] == ["c2"]
