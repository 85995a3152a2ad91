"""The extract path's logit (issue 17 item 6): the context-vector features reach the model as
their weights, looked up per word and block (``SkillModel.vector_emit``), not as feature names;
``SkillModel.candidate_logit`` must give the very float ``SkillModel.logit`` gives on the names
(what training fits and the golden digests pin), so that no decision can move. Checked on
postings composed at random from sentences written for these tests, with the shipped model and
with a model whose weights are reshuffled (zeros, signs, words without a weight)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillgap.extractors.extract import Extractor, _tokenizable
from skillgap.extractors.sections import analyse
from skillgap.extractors.skill_model import DenseHead, SkillModel
from skillgap.extractors.vectors import VECTOR_PREFIXES

LINES = [
    "Requirements", "About us", "Benefits", "Nice to have:", "What you will do", "Responsibilities:",
    "- Experience with Python, SQL and Docker.", "• Kubernetes or Terraform is a plus", "* Strong communication skills",
    "Acme builds machine learning tools for retailers.", "We use PyTorch and Spark every day, and our analytics team ships dashboards.",
    "You will design data pipelines in Airflow and dbt.", "No Java needed.", "Degree in Computer Science or Statistics",
    "Familiarity with Workato, Boomi or MuleSoft", "Our Data Engineering and Marketing teams partner with you.",
    "Python", "AWS / GCP / Azure", "#Python #SQL", "Tableau\nPower BI\nLooker", "Excellent written and verbal English communication.",
    "Senior Java Developer", "3+ years of experience building REST APIs with FastAPI or Flask.",
    "Bonus: experience with Rust, Go; knowledge of gRPC is nice to have.", "  ", "",
]


def _by_names_and_by_weights(ex: Extractor, model: SkillModel, title: str, text: str) -> tuple[list, list]:
    text = _tokenizable(text)
    layout = analyse(text)
    names = ex.candidates(ex._tokens(text), text, layout, "Acme", title)
    weights = ex.candidates(ex._tokens(text), text, layout, "Acme", title, model.vector_emit)
    return names, weights


def _assert_same_logits(ex: Extractor, model: SkillModel, title: str, text: str) -> int:
    names, weights = _by_names_and_by_weights(ex, model, title, text)
    assert len(names) == len(weights)
    for a, b in zip(names, weights):
        assert a.vectors is None and b.vectors is not None
        assert [f for f in a.features if f[:3] not in VECTOR_PREFIXES] == b.features  # the other features as they were
        assert model.candidate_logit(b.features, b.vectors, b.vectors_at) == model.logit(a.features)  # the same float
    return len(names)


@pytest.fixture(scope="module")
def shipped(ex):
    if ex.skill_model is None:
        pytest.skip("no bundled skill model")
    return ex.skill_model


@pytest.fixture(scope="module")
def reshuffled(shipped):
    """The shipped weights with every third set to 0, every fifth negated and every seventh dropped."""
    w = {k: (0.0 if n % 3 == 0 else -v if n % 5 == 0 else v) for n, (k, v) in enumerate(shipped.weights.items()) if n % 7}
    return dataclasses.replace(shipped, weights=w)


postings = st.tuples(st.sampled_from(["Data Engineer", "ML Intern", "Analyst", ""]),
                     st.lists(st.sampled_from(LINES), min_size=1, max_size=14).map("\n".join))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(posting=postings)
def test_weights_looked_up_by_word_give_the_logit_of_the_feature_names(ex, shipped, posting):
    _assert_same_logits(ex, shipped, *posting)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(posting=postings)
def test_the_same_logit_with_zero_negative_and_missing_weights(ex, reshuffled, posting):
    _assert_same_logits(ex, reshuffled, *posting)


def test_every_line_together_gives_candidates_of_every_kind(ex, shipped):
    # the fixed posting behind the random ones: listed, prose, dropped by a rule, discovered
    names, _ = _by_names_and_by_weights(ex, shipped, "Data Engineer", "\n".join(LINES))
    feats = {f[:3] for c in names for f in c.features}
    assert {"vL=", "vR=", "vS=", "vD=", "vP=", "vB=", "vC="} <= feats
    assert not all(c.rule_keep for c in names)
    assert _assert_same_logits(ex, shipped, "Data Engineer", "\n".join(LINES)) == len(names)


def test_a_model_with_a_dense_head_reads_the_names(shipped):
    np = pytest.importorskip("numpy")
    head = DenseHead(words={"python": 0}, vectors=np.zeros((1, 2), np.int8), scale=1.0, blocks=VECTOR_PREFIXES,
                     W1=np.zeros((2 * len(VECTOR_PREFIXES), 1), np.float32), b1=np.zeros(1, np.float32),
                     w2=np.zeros(1, np.float32), u=np.zeros(2 * len(VECTOR_PREFIXES), np.float32))
    m = SkillModel(weights={"vL=python": 1.0, "s=python": 2.0}, bias=0.0, head=head)
    assert m.vector_emit is None
    assert m.candidate_logit(["s=python", "vL=python"], None, 0) == m.logit(["s=python", "vL=python"]) == 3.0


def test_the_split_weights_do_not_travel_to_worker_processes(shipped):
    import pickle

    m = dataclasses.replace(shipped)
    assert m.vector_emit is not None  # built
    back = pickle.loads(pickle.dumps(m))
    assert "_split" not in back.__dict__ and back.weights == m.weights
    assert back.vector_emit is not None
