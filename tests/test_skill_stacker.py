"""The second decision stage over a posting's skill candidates (issue 17, ``extractors/stacker.py``):
its collective facts (how the other candidates of the same line, paragraph and section scored),
its round trip inside the model file, and that extraction follows its decisions. Text written for
these tests (no posting text)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from skillgap.extractors.extract import Extractor
from skillgap.extractors.skill_model import SkillModel
from skillgap.extractors.stacker import FEATURE_NAMES, Stacker, dense_rows, rejudged


def cand(form: str, start: int, section: str = "requirements", *extra: str) -> SimpleNamespace:
    feats = ["s=" + form, "o=cur", "case=L", "ntok=1", "z=3", *extra]
    return SimpleNamespace(features=feats, rule_keep=True, skill=form, start=start, section=section)


def col(rows: list[list[float]], i: int, name: str) -> float:
    return rows[i][FEATURE_NAMES.index(name)]


TEXT = "Requirements\n- Python, Zorblax and SQL\n\nAbout us\nWe like teamwork.\n"


def test_collective_facts_count_and_score_the_other_candidates_of_the_same_line() -> None:
    cands = [cand("python", TEXT.index("Python")), cand("zorblax", TEXT.index("Zorblax")), cand("sql", TEXT.index("SQL")),
             cand("teamwork", TEXT.index("teamwork"), "about")]
    logits = [3.0, -0.5, 2.0, -4.0]
    rows = dense_rows(cands, TEXT, logits, 0.0, None)
    # the unknown tool sits between two accepted skills on its line
    assert col(rows, 1, "line_n") == 2 and col(rows, 1, "line_max_z") == 3.0 and col(rows, 1, "line_mean_z") == 2.5
    assert col(rows, 1, "line_frac_kept") == 1.0
    assert col(rows, 1, "z") == -0.5
    # the word alone in the company's paragraph has no neighbours there
    assert col(rows, 3, "line_n") == 0 and math.isnan(col(rows, 3, "line_max_z")) and col(rows, 3, "para_n") == 0
    assert col(rows, 3, "n_cands") == 4


def test_other_mentions_of_the_same_skill_and_the_rate_table_are_facts() -> None:
    text = "Python here.\nPython there.\n"
    cands = [cand("python", 0), cand("python", text.index("Python", 1))]
    rows = dense_rows(cands, text, [1.0, -2.0], 0.0, {"s=python": (0.9, 40)})
    assert col(rows, 1, "same_skill_max_z") == 1.0 and col(rows, 0, "times") == 2
    assert col(rows, 0, "rate") == 0.9 and col(rows, 0, "rate_n") == 40


def lr_stacker(bias: float) -> Stacker:
    n = len(FEATURE_NAMES)
    return Stacker("lr", {"mean": [0.0] * n, "scale": [1.0] * n, "coef": [0.0] * n, "bias": bias}, 0.5, {"s=python": (0.8, 12)})


def test_stacker_round_trips_inside_the_model_file_and_changes_its_digest() -> None:
    plain = SkillModel(weights={"s=python": 5.0}, bias=-1.0)
    m = SkillModel(weights={"s=python": 5.0}, bias=-1.0, stacker=lr_stacker(2.0))
    back = SkillModel.from_bytes(m.to_bytes())
    assert back.stacker is not None and back.stacker.kind == "lr" and back.stacker.rates == {"s=python": (0.8, 12)}
    assert SkillModel.from_bytes(plain.to_bytes()).stacker is None
    assert back.digest != SkillModel.from_bytes(plain.to_bytes()).digest


def test_extraction_follows_the_stacker_not_the_linear_score() -> None:
    text = "Requirements\n- Python and SQL\n"
    keep_all = SkillModel(weights={}, bias=-10.0, stacker=lr_stacker(+5.0))  # the linear model alone keeps nothing
    drop_all = SkillModel(weights={}, bias=+10.0, stacker=lr_stacker(-5.0))  # ... or everything
    kept = {m.skill for m in Extractor(skill_model=keep_all).extract("", text).skills}
    assert {"python", "sql"} <= {k.lower() for k in kept}
    assert not Extractor(skill_model=drop_all).extract("", text).skills


def test_trees_round_trip_and_score_as_fit() -> None:
    lgb = pytest.importorskip("lightgbm")
    import numpy as np

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, len(FEATURE_NAMES)))
    y = (X[:, 0] > 0).astype(float)
    b = lgb.train({"objective": "binary", "num_leaves": 4, "verbose": -1, "num_threads": 1}, lgb.Dataset(X, y), 20)
    st = Stacker("gbm", b.model_to_string(), 0.5, {})
    back = Stacker.from_json(st.to_json())
    assert back.proba(X[:5].tolist()) == pytest.approx(b.predict(X[:5]).tolist())
    m = SkillModel.from_bytes(SkillModel(weights={}, bias=0.0, stacker=st).to_bytes())
    assert m.stacker.proba(X[:3].tolist()) == pytest.approx(b.predict(X[:3]).tolist())


def test_a_stacker_fit_on_other_features_is_refused() -> None:
    body = lr_stacker(0.0).to_json()
    body["features"] = body["features"][:-1]
    with pytest.raises(ValueError, match="other features"):
        Stacker.from_json(body)


def test_spawned_workers_judge_with_the_same_stacker() -> None:
    # the stacker travels with the model in the worker spec: workers keep what the parent keeps
    text = "Requirements\n- Python and SQL\n"
    drop_all = SkillModel(weights={}, bias=+10.0, stacker=lr_stacker(-5.0))  # the linear score alone would keep all
    ex = Extractor(skill_model=drop_all)
    recs = [{"title": "", "description": text}] * 3
    assert all(not x.skills for x in ex.extract_many(recs, n_process=2, chunk_size=1))
    plain = Extractor(skill_model=SkillModel(weights={}, bias=+10.0))
    assert all(x.skills for x in plain.extract_many(recs[:1], n_process=1))


def test_guard_leaves_a_rule_dropped_candidate_the_linear_model_drops_alone() -> None:
    text = "Vitamin C and Zorblax.\n"
    cands = [cand("c", text.index("C")), cand("zorblax", text.index("Zorblax"))]
    cands[0].rule_keep = False  # a gate failed ("Vitamin C")
    st = lr_stacker(+5.0)  # would keep everything it re-judges
    logits = [-1.0, -1.0]  # the linear model drops both
    st.guard = True
    assert rejudged(cands, logits, 0.0, None, True) == [1]
    assert st.keep(cands, text, logits, 0.0) == [False, True]
    st.guard = False
    assert st.keep(cands, text, logits, 0.0) == [True, True]
    # a band: only candidates near the linear threshold are re-judged
    assert rejudged(cands, [-5.0, -1.0], 0.0, 2.0, False) == [1]
    assert Stacker.from_json(lr_stacker(0.0).to_json()).guard is False
