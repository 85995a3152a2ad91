"""The skill model's training and its context features: cross-validation folds keep one
company's postings together and spread each labelled set over the folds (so a company's
boilerplate is never both fit on and scored); every candidate carries the role family of the
posting's title as a feature; rule verdicts keep their sign in training. Runs without ../shared (the folds are
built from made-up records)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from skillgap.extractors.extract import Extractor

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def train(skills_train):
    return skills_train


def records():
    recs, sets = [], []
    for i in range(40):
        recs.append({"id": f"a{i}", "company": "Acme Robotics" if i < 9 else f"Firm {i}"})
        sets.append("dev")
    for i in range(30):
        recs.append({"id": f"b{i}", "company": " acme  ROBOTICS " if i < 3 else (None if i % 5 == 0 else f"Shop {i}")})
        sets.append("dev_payloads")
    return recs, sets


def test_folds_hold_one_companys_postings_together(train):
    recs, sets = records()
    folds = train.grouped_folds(sets, recs, 5, seed=3)
    assert sorted(i for f in folds for i in f) == list(range(len(recs)))  # a partition
    acme = {fi for fi, f in enumerate(folds) for i in f if "acme" in str(recs[i]["company"]).lower()}
    assert len(acme) == 1  # both sets' Acme postings, however the name is spaced or cased


def test_folds_spread_each_labelled_set_and_postings_without_company_are_their_own_group(train):
    recs, sets = records()
    folds = train.grouped_folds(sets, recs, 5, seed=3)
    for name in ("dev", "dev_payloads"):
        per_fold = [sum(sets[i] == name for i in f) for f in folds]
        assert all(n > 0 for n in per_fold), per_fold
    keys = Counter(train._group_key(r) for r in recs)
    assert all(n == 1 for k, n in keys.items() if k.startswith("id:"))
    assert train.grouped_folds(sets, recs, 5, seed=3) == folds  # seeded: reproducible


def feats_of(ex, title, description, surface):
    text, cands = ex.candidate_features(title, description)
    got = [c["features"] for c in cands if text[c["start"] : c["end"]] == surface]
    assert got, f"{surface!r} is no candidate"
    return got[0]


def role_feats(f):
    return {x for x in f if x.startswith("role")}


def test_candidates_carry_the_title_role_family():
    ex = Extractor()
    desc = "Requirements\n- Solid experience with Tableau dashboards and SQL."
    assert {"role&o=datacur", "role&o&c=datacurtool"} <= role_feats(feats_of(ex, "Senior Data Analyst", desc, "Tableau"))
    assert "role&o=mlcur" in role_feats(feats_of(ex, "Machine Learning Engineer", desc, "Tableau"))
    assert "role&o=othercur" in role_feats(feats_of(ex, "Account Executive, AI Sales", desc, "Tableau"))
    assert not role_feats(feats_of(ex, "", desc, "Tableau"))  # no title, no cue


def test_the_person_hired_is_no_company_cue():
    from skillgap.extractors.company import has_company_cue

    for s in ("Our ideal candidate brings patience.", "Our perfect applicants know Rust.", "OUR NEW HIRES learn Go fast."):
        assert not has_company_cue(s), s
    for s in ("Our team ships in Kotlin.", "Our candidate portal runs on our platform.", "We build with Elixir."):
        assert has_company_cue(s), s


def test_rule_verdicts_only_count_the_way_the_rule_means_them(train):
    assert train._sign_bound("rule=keep") == (0.0, None) and train._sign_bound("o&rule=gazkeep") == (0.0, None)
    assert train._sign_bound("f=people") == (None, 0.0) and train._sign_bound("o&f=curcompany_talk") == (None, 0.0)
    assert train._sign_bound("f=gate_ok") == (0.0, None)
    assert train._sign_bound("s=python") == (None, None)
    # labels that contradict a drop rule cannot turn it into a reason to keep
    examples = [(["f=people", "s=a"], 1, 1.0)] * 8 + [(["s=b"], 0, 1.0)] * 8
    cfg = {"l2": 1.0, "threshold": 0.5, "min_count": 1, "max_iter": 200}
    free = train.fit(examples, cfg)
    signed = train.fit(examples, {**cfg, "rule_signs": True})
    assert free.weights["f=people"] > 0.1
    assert signed.weights.get("f=people", 0.0) <= 0.0 and signed.weights["s=a"] > 0.1


def test_training_caches_are_keyed_by_the_extraction_code_and_vocabulary(tmp_path, monkeypatch):
    """A candidate or fold-tagger cache made by other extraction code, rule files or derived
    vocabulary is not reused: ``evalkit.code_digest`` changes with each, and not with other files."""
    import skillgap.extractors as pkg
    from tests.conftest import load_skills_training_module

    evalkit = load_skills_training_module("evalkit")
    root = tmp_path / "skillgap"
    (root / "extractors").mkdir(parents=True)
    (root / "data" / "vocab").mkdir(parents=True)
    (root / "data" / "models").mkdir()
    (root / "extractors" / "__init__.py").write_text("")
    (root / "extractors" / "rules.py").write_text("A = 1\n")
    (root / "data" / "headings.yaml").write_text("a: [b]\n")
    (root / "data" / "vocab" / "skills.tsv.gz").write_bytes(b"one")
    (root / "data" / "models" / "model.json.gz").write_bytes(b"m1")
    monkeypatch.setattr(pkg, "__file__", str(root / "extractors" / "__init__.py"))
    first = evalkit.code_digest()
    (root / "data" / "models" / "model.json.gz").write_bytes(b"m2")  # the model is an output, not an input
    assert evalkit.code_digest() == first
    for path, body in ((root / "data" / "vocab" / "skills.tsv.gz", b"two"), (root / "extractors" / "rules.py", "A = 2\n"),
                       (root / "data" / "headings.yaml", "a: [c]\n")):
        before = evalkit.code_digest()
        path.write_bytes(body) if isinstance(body, bytes) else path.write_text(body)
        assert evalkit.code_digest() != before, path


def test_the_shipped_config_sets_only_weights_a_fit_reads(train):
    """A weight key no fit reads is refused (one had sat in the config for releases, doing
    nothing: 'weight_payloads' where the set is named 'dev_payloads'); the shipped config passes."""
    import json

    cfg = json.loads((ROOT / "training" / "skills" / "config.json").read_text())
    train.check_weights(cfg)
    with pytest.raises(SystemExit, match="weight_payloads"):
        train.check_weights({**cfg, "weight_payloads": 3.0})
