"""The label-rate prior of the skill model (rules 2.9): a form's bucket ships inside the model and
adds its weights crossed with the candidate's section; training gives a labelled posting the rate
of the *other* companies only (leave-own-company-out), as a new company's posting would see it.
Examples are written for these tests (no posting text)."""

from __future__ import annotations

import pytest

from skillgap.extractors.extract import Extractor
from skillgap.extractors.skill_model import SkillModel, prior_features


def feats(form: str, section: str) -> list[str]:
    """A feature list shaped as ``features.features`` makes it: "s=" first, "sec=" 12th."""
    return ["s=" + form, *[f"x{k}" for k in range(10)], "sec=" + section, "listed"]


def test_prior_bucket_weights_add_to_the_logit_crossed_with_section() -> None:
    m = SkillModel(weights={"pr=0+": -2.0, "pr&sec=0+requirements": 0.5, "listed": 1.0}, bias=0.0,
                   prior={"s=analytics": "0+"})
    assert m.logit(feats("analytics", "requirements")) == pytest.approx(1.0 - 2.0 + 0.5)
    assert m.logit(feats("analytics", "responsibilities")) == pytest.approx(1.0 - 2.0)
    assert m.logit(feats("python", "requirements")) == pytest.approx(1.0)  # no prior: nothing added
    assert prior_features("0+", "requirements") == ("pr=0+", "pr&sec=0+requirements")


def test_prior_round_trips_with_the_model_and_a_model_without_one_scores_as_before() -> None:
    m = SkillModel(weights={"pr=6+": 3.0}, bias=-1.0, prior={"s=pytorch": "6+"})
    back = SkillModel.from_bytes(m.to_bytes())
    assert back.prior == {"s=pytorch": "6+"}
    assert back.logit(feats("pytorch", "other")) == pytest.approx(2.0)
    plain = SkillModel.from_bytes(SkillModel(weights={"a": 1.0}, bias=0.0).to_bytes())
    assert plain.prior is None and plain.logit(["a"]) == 1.0


def test_shipped_features_put_the_form_and_section_where_the_prior_reads_them() -> None:
    _text, cands = Extractor(skill_model=None).candidate_features("", "Requirements\n- Python and SQL\n")
    assert cands
    for c in cands:
        assert c["features"][0].startswith("s=") and c["features"][11] == "sec=" + c["section"]


def test_prior_buckets_need_enough_candidates_and_mark_the_well_seen(skills_train) -> None:
    T = skills_train
    assert T.prior_bucket(1, 2, 3) is None
    assert T.prior_bucket(0, 3, 3) == "0"
    assert T.prior_bucket(1, 20, 3) == "1+"
    assert T.prior_bucket(19, 20, 3) == "6+"


def test_training_rate_leaves_the_postings_own_company_out(skills_train) -> None:
    T = skills_train
    recs = [{"id": str(i), "company": c} for i, c in enumerate(("Acme", "Acme", "Globex", "Initech", "Umbrella"))]
    labels = [1, 1, 0, 0, 0]  # only Acme labels "cloud"
    data = {"recs": recs, "c_recs": [[(feats("cloud", "requirements"), y)] for y in labels], "c_ss": [], "sets": ["train_pool"] * 5}
    cfg = {"prior": {"min_n": 3}, "weight_skillspan": 1.0, "weight_postings": 1.0}
    got, table = T.train_examples(data, list(range(5)), cfg)
    assert table == {"s=cloud": "3"}  # 2 of 5 over everyone: what a new company's posting sees
    by_rec = [next(f for f in fs if f.startswith("pr=")) for fs, _y, _w in got]
    assert by_rec[:2] == ["pr=0", "pr=0"]  # Acme's own labels do not count for Acme
    assert by_rec[2:] == ["pr=4"] * 3  # Acme's 2 labels of the other 4 candidates
