"""Self-training of the skill judge (``training/skills/selftrain.py``, issue 17): only confident
teacher decisions become pseudo-labels, each weighing the configured weight; no corpus posting of a
held-out company and no copy of a labelled posting is pseudo-labelled. Runs without ../shared (the
records below are made up)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from skillgap.extractors.skill_model import SkillModel
from tests.conftest import load_skills_training_module


@pytest.fixture(scope="module")
def st():
    return load_skills_training_module("selftrain")


def test_only_confident_teacher_decisions_become_weighted_pseudo_labels(st):
    teacher = SkillModel(weights={"s=python": 4.0, "s=teamwork": -4.0, "s=agile": 0.0}, bias=0.0, threshold=0.45)
    cands = [SimpleNamespace(features=(s,), rule_keep=True, skill=s[2:], start=i * 10, section="requirements")
             for i, s in enumerate(("s=python", "s=teamwork", "s=agile"))]
    posting = [("Python, teamwork, agile.", cands)]
    got, n = st.pseudo_examples(teacher, posting, {"hi": 0.9, "lo": 0.1, "weight": 0.3}, None)
    assert [(f[0], y, w) for f, y, w in got] == [("s=python", 1, 0.3), ("s=teamwork", 0, 0.3)]
    assert n == {"pos": 1, "neg": 1, "band": 1}  # p = 0.5 lies between the cuts: left out
    got, n = st.pseudo_examples(teacher, posting, {"hi": 0.99, "lo": 0.01, "weight": 0.3}, None)
    assert got == [] and n["band"] == 3  # p = 0.982 / 0.018 are not confident enough for these cuts


def test_corpus_copies_of_labelled_postings_and_held_out_companies_are_never_sampled(st, monkeypatch):
    labelled = [{"id": "L1", "company": "Acme Robotics", "description": "We build robots. " * 20},
                {"id": "L2", "company": "Globex", "description": "Globex hires analysts. " * 20}]
    corpus = [{"id": "L1", "company": "Other", "description": "x"},  # same id
              {"id": "C1", "company": "Initech", "description": "We build robots. " * 20},  # same opening
              {"id": "C2", "company": "ACME  robotics", "description": "Robots again."},  # a held-out company
              {"id": "C3", "company": "Globex", "description": "Another Globex posting."},
              {"id": "C4", "company": None, "description": "No company given."}]
    pool = load_skills_training_module("evalkit").without_labelled(corpus, labelled)
    assert [r["id"] for r in pool] == ["C2", "C3", "C4"]
    monkeypatch.setitem(st._POOL, "pool", pool)
    got = st.sample(labelled, [0], {"n": 0})  # Acme's posting held out
    assert [r["id"] for r in got] == ["C3", "C4"]
    assert len(st.sample(labelled, [0], {"n": 1, "seed": 7})) == 1


def test_a_stacked_teacher_decides_the_candidates_its_second_stage_rejudges(st):
    from skillgap.extractors.stacker import FEATURE_NAMES, Stacker

    k = len(FEATURE_NAMES)
    sure = Stacker("lr", {"mean": [0.0] * k, "scale": [1.0] * k, "coef": [0.0] * k, "bias": 3.0}, 0.4, {}, band=2.0, guard=True)
    lin = SkillModel(weights={"s=python": 4.0, "s=agile": 0.0}, bias=0.0, threshold=0.45)
    teacher = SkillModel(weights=lin.weights, bias=0.0, threshold=0.45, stacker=sure)
    cands = [SimpleNamespace(features=(s,), rule_keep=True, skill=s[2:], start=i * 10, section="requirements")
             for i, s in enumerate(("s=python", "s=agile"))]
    posting = [("Python and agile.", cands)]
    cfg = {"hi": 0.9, "lo": 0.1, "weight": 0.5}
    got, n = st.pseudo_examples(teacher, posting, cfg, None)  # teacher "linear" (default): agile (p = 0.5) left out
    assert [(f[0], y) for f, y, _w in got] == [("s=python", 1)] and n["band"] == 1
    got, n = st.pseudo_examples(teacher, posting, {**cfg, "teacher": "stacked"}, None)
    assert [(f[0], y) for f, y, _w in got] == [("s=python", 1), ("s=agile", 1)]  # the second stage is sure (p = 0.95)
