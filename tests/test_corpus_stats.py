"""The corpus facts of a candidate's name (issue 17, corp17, ``extractors/corpus_stats.py``): one
look-up per candidate, appended to the second stage's row, shipped inside the model file. Forms
and numbers written for these tests (no posting text)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from skillgap.extractors.corpus_stats import CORPUS_NAMES, CorpusStats
from skillgap.extractors.extract import Extractor
from skillgap.extractors.skill_model import SkillModel
from skillgap.extractors.stacker import FEATURE_NAMES, Stacker, dense_rows, feature_names

FACTS = (3.0, 2.5, 0.9, 0.7, 0.1, 0.05, 0.95, 0.2, 0.99, 0.85, 0.6)
STATS = CorpusStats({"s=zorblax": FACTS})


def cand(form: str, start: int) -> SimpleNamespace:
    return SimpleNamespace(features=["s=" + form, "o=discovered", "case=T", "ntok=1", "z=n"], rule_keep=True, skill=form,
                           start=start, section="requirements")


def test_a_known_form_gets_its_corpus_facts_after_the_usual_columns() -> None:
    text = "- Zorblax and Quuxly\n"
    rows = dense_rows([cand("zorblax", 2), cand("quuxly", 14)], text, [0.1, -0.2], 0.0, None, corpus=STATS)
    assert len(rows[0]) == len(FEATURE_NAMES) + len(CORPUS_NAMES)
    assert tuple(rows[0][len(FEATURE_NAMES):]) == FACTS
    # a form the corpus never showed twice: no postings, every other fact missing
    unseen = rows[1][len(FEATURE_NAMES):]
    assert unseen[0] == 0.0 and unseen[1] == 0.0 and all(math.isnan(x) for x in unseen[2:])


def test_rows_without_corpus_facts_are_as_before() -> None:
    rows = dense_rows([cand("zorblax", 2)], "- Zorblax\n", [0.1], 0.0, None)
    assert len(rows[0]) == len(FEATURE_NAMES)


def stacker_reading(name: str, weight: float) -> Stacker:
    names = feature_names(STATS)
    coef = [0.0] * len(names)
    coef[names.index(name)] = weight
    model = {"mean": [0.0] * len(names), "scale": [1.0] * len(names), "coef": coef, "bias": 0.0}
    return Stacker("lr", model, 0.5, {}, corpus=STATS)


def test_corpus_facts_round_trip_inside_the_model_file() -> None:
    m = SkillModel(weights={}, bias=0.0, stacker=stacker_reading("cs_listed", 1.0))
    back = SkillModel.from_bytes(m.to_bytes())
    assert back.stacker is not None and back.stacker.corpus is not None
    assert back.stacker.corpus.facts("s=zorblax") == pytest.approx(FACTS)
    assert back.digest != SkillModel.from_bytes(SkillModel(weights={}, bias=0.0).to_bytes()).digest


def test_a_table_of_other_facts_is_refused() -> None:
    body = STATS.to_json()
    body["names"] = body["names"][:-1]
    with pytest.raises(ValueError, match="other facts"):
        CorpusStats.from_json(body)


def test_extraction_follows_the_corpus_facts() -> None:
    text = "Requirements\n- Zorblax\n"
    # the linear model alone sits at its threshold; the second stage decides by the listed share
    keep = SkillModel(weights={}, bias=0.0, stacker=stacker_reading("cs_listed", 10.0))
    drop = SkillModel(weights={}, bias=0.0, stacker=stacker_reading("cs_listed", -10.0))
    ex = Extractor(skill_model=keep, discover=True)
    if not any(c.features[0] == "s=zorblax" for c in ex.candidates(*_parts(ex, text))):
        pytest.skip("the discovery rules propose no 'Zorblax' here")
    assert "zorblax" in {m.skill.lower() for m in ex.extract("", text).skills}
    assert "zorblax" not in {m.skill.lower() for m in Extractor(skill_model=drop, discover=True).extract("", text).skills}


def _parts(ex: Extractor, text: str) -> tuple[object, str, object, None, str]:
    from skillgap.extractors.sections import analyse

    return ex._tokens(text), text, analyse(text), None, ""


def test_binned_facts_are_quintiles_over_the_table() -> None:
    listed = (0.05, 0.2, 0.4, 0.6, 0.8, 0.95)
    stats = CorpusStats({f"s=f{i}": FACTS[:2] + (x,) + FACTS[3:] for i, x in enumerate(listed)})
    bins = [next(b for b in stats.features(f"s=f{i}") if b.startswith("cs_listed=")) for i in range(len(listed))]
    assert bins[0] == "cs_listed=0" and bins[-1] == "cs_listed=4"
    assert [int(b[-1]) for b in bins] == sorted(int(b[-1]) for b in bins)  # a higher share never falls in a lower bin
    assert stats.features("s=f0")[0] == "cs_post=3"
    assert stats.features("s=quuxly") == ("cs_post=0",)  # unseen: only its count


def test_the_linear_model_weighs_the_binned_facts_and_keeps_them_in_its_file() -> None:
    m = SkillModel(weights={"cs_listed=0": 2.0, "cs_post=0": -1.0}, bias=0.0, corpus=STATS)  # one form: its own bin 0
    assert m.logit(["s=zorblax", "o=discovered"]) == pytest.approx(2.0)
    assert m.logit(["s=quuxly", "o=discovered"]) == pytest.approx(-1.0)
    back = SkillModel.from_bytes(m.to_bytes())
    assert back.corpus is not None and back.logit(["s=zorblax"]) == pytest.approx(2.0)
    assert SkillModel(weights=m.weights, bias=0.0).logit(["s=zorblax"]) == 0.0  # without the table the bins never fire


def test_crossed_bins_weigh_a_discovered_name_apart() -> None:
    crossed = CorpusStats(STATS.table, cross=True)
    m = SkillModel(weights={"o=discovered&cs_listed=0": 3.0}, bias=0.0, corpus=crossed)
    assert m.logit(["s=zorblax", "o=discovered"]) == pytest.approx(3.0)
    assert m.logit(["s=zorblax", "o=cur"]) == 0.0
    back = SkillModel.from_bytes(m.to_bytes())
    assert back.corpus is not None and back.corpus.cross and back.logit(["s=zorblax", "o=discovered"]) == pytest.approx(3.0)
