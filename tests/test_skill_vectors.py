"""Context-vector features (rules 2.5): which words around a candidate are read, and how the
training folds a linear function of their vectors into one weight per word, so that a word the
labelled postings never showed weighs what words with a vector like it weigh. Runs without
../shared (a made-up word table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillgap.extractors.skill_model import DenseHead, SkillModel
from skillgap.extractors.vectors import VECTOR_PREFIXES, vector_features

ROOT = Path(__file__).resolve().parents[1]


def test_three_words_each_side_skipping_spaces_and_the_span_itself():
    lowers = "we use \n git , docker and kubernetes in production every day".split(" ")
    # tokens: we use \n git , docker and kubernetes in production every day
    f = vector_features(lowers, 5, 6)  # docker
    left = [x[3:] for x in f if x.startswith("vL=")]
    assert left == [",", "git", "use"]  # nearest first, the newline skipped
    assert [x[3:] for x in f if x.startswith("vR=")] == ["and", "kubernetes", "in"]
    assert [x[3:] for x in f if x.startswith("vS=")] == ["docker"]
    assert "vC=production" in f and "vC=we" in f  # further out: a bag


def test_the_start_of_the_line_and_prose_are_read():
    lowers = ["\n", "developing", "algorithms", "for", "search"]
    f = vector_features(lowers, 2, 3, prose=True)
    assert "vB=developing" in f and "vP=algorithms" in f
    assert not [x for x in vector_features(lowers, 2, 3) if x.startswith("vP=")]  # in a list: no prose block
    assert {x[:3] for x in f} <= set(VECTOR_PREFIXES)


def test_a_name_a_rule_dropped_counts_in_its_own_block():
    lowers = ["acme", "is", "a", "pytorch", "shop"]
    f = vector_features(lowers, 3, 4, prose=True, rule_keep=False)
    assert "vD=pytorch" in f and "vS=pytorch" not in f and "vP=pytorch" not in f


@pytest.fixture
def train(skills_train):
    return skills_train


def test_a_word_never_labelled_weighs_like_the_words_with_its_vector(train):
    np = pytest.importorskip("numpy")
    vecs = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])  # "using" and "via" alike; "our" apart
    train._VEC["table"] = ({"using": 0, "via": 1, "our": 2}, vecs)
    try:
        examples = [(["s=x", "vL=using"], 1, 1.0)] * 10 + [(["s=x", "vL=our"], 0, 1.0)] * 10
        model = train.fit(examples, {"l2": 1.0, "l2_vec": 1.0, "threshold": 0.5, "min_count": 1, "max_iter": 200, "vectors": True})
    finally:
        train._VEC.clear()
    w = model.weights
    assert w["vL=using"] > 1.0 and w["vL=via"] == pytest.approx(w["vL=using"])  # never seen: same vector, same weight
    assert w["vL=our"] < -1.0
    assert "vL=unknown" not in w  # no vector: no weight
    assert model.keep(["s=x", "vL=via"]) and not model.keep(["s=x", "vL=our"])


def test_a_model_with_a_dense_head_round_trips():
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(0)
    head = DenseHead(words={"python": 0, "our": 1}, vectors=rng.integers(-127, 127, (2, 4), dtype=np.int8), scale=0.01,
                     blocks=("vL=", "vS="), W1=rng.normal(size=(8, 3)).astype(np.float32), b1=np.zeros(3, np.float32),
                     w2=rng.normal(size=3).astype(np.float32), u=rng.normal(size=8).astype(np.float32))
    m = SkillModel(weights={"s=python": 1.0}, bias=-0.5, threshold=0.5, head=head)
    back = SkillModel.from_bytes(m.to_bytes())
    feats = [["s=python", "vS=python", "vL=our"], ["vL=nothing"], []]
    assert back.logits(feats) == pytest.approx(m.logits(feats), abs=1e-4)
    assert m.logits([["vL=nothing"]])[0] == pytest.approx(-0.5)  # no known word: the head adds tanh(b1)·w2 = 0
