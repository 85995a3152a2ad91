#!/usr/bin/env python3
"""Train the skill-candidate model and measure it honestly (one command, CPU, a few minutes).

    .venv/bin/python training/skills/vectors.py      # once: corpus word vectors (training/skills/.cache)
    .venv/bin/python training/skills/train.py [--config training/skills/config.json] [--no-write]

Data (all from ``../shared``, never copied into the repository):
- SkillSpan train (tech): a candidate is positive when it overlaps a gold SKILL or KNOWLEDGE
  span (the span scorer's notion of a right mention);
- the labelled postings with gold skills of ``postings/train_pool.jsonl`` (263),
  ``postings/dev_payloads.jsonl`` (54) and ``postings/dev.jsonl`` (41): positive when it overlaps
  an occurrence of a gold skill's surface forms (the posting scorer's notion);
- with ``"vectors": true`` in the config, the corpus word vectors of ``vectors.py`` (floret,
  trained on ``corpus/unlabelled.jsonl.gz``): the context-vector blocks of
  ``extractors/vectors.py`` are dense columns in the fit, folded into one weight per corpus word
  and block in the shipped model.
- with ``"lexicon": {"min_companies": k}`` in the config, the labelled-names lexicon of
  ``build_lexicon.py`` (gold skill forms of train_pool + dev_payloads labelled in >= k companies)
  joins the taxonomy: its forms are candidates carrying their number of companies as features.
  A labelled posting counts only the *other* companies (leave-own-company-out: a form only its
  own company labelled is no candidate there), as a new company's posting would; in the CV each
  fold's lexicon is built from its training folds only. The shipped lexicon
  (``data/vocab/labelled.tsv.gz``) is written with the model. ``"min_rate"`` in it (compared, not
  shipped) also leaves out forms labelled in fewer than that share of the postings holding them.
- with ``"prior": {"min_n": n}`` (rules 2.9), the label-rate prior: per candidate form, the share
  of its candidates labelled over the training postings (a labelled posting sees the *other*
  companies' only), bucketed and crossed with the section (``train_examples``); the table ships
  inside the model (``SkillModel.prior``). ``"resolve_candidates"`` (default true, rules 2.9):
  forms gated ``resolve_only`` are candidates flagged ``resolve_only`` (false: as rules 2.8).
- with ``"tagger": {...}`` (issue 17, compared in ``compare_models.py``; on in the shipped config
  since rules 2.10, ``null``: off), the span proposer of ``tagger.py`` / ``extractors/tagger.py``: a token tagger fit
  on the gold skill occurrences whose spans become discovered candidates. It is cross-fit
  (``TaggerBank``): no posting's candidates come from a tagger fit on that posting.
- with ``"stacker": {...}`` (issue 17, gbm17; compared in ``stack.py``), a second decision stage
  (``extractors/stacker.py``) re-judges each posting's candidates from the linear logit, a few
  dense facts and the scores of their neighbours (same line / paragraph / section). It is fit on
  *cross-fit* linear scores (per company-grouped fold, the linear model fit without that fold), so
  it never sees a score from a model fit on that posting; in the CV, on the training folds only.
  It ships inside the model file. ``null``: off.
- with ``"corpus_features": true`` (issue 17, corp17; compared in ``stack.py --set``, off: no
  gain measured), each candidate form's label-free corpus statistics (``corpus_stats.py``, from
  ``corpus/unlabelled.jsonl.gz``) binned as sparse features of the linear model (``"origin"``:
  crossed with the candidate's origin too); the table ships inside the model file. A stacker
  variant with ``"corpus": true`` takes the same statistics as extra dense facts.
- with ``"selftrain": {...}`` (issue 17, self17; compared in ``compare_models.py``, variants
  ``st_*``; off: absent or ``null``), self-training on the unlabelled corpus (``selftrain.py``):
  the linear model fit as above is the teacher, and the model returned is a student refit with
  the teacher's confident decisions on corpus candidates added as weighted pseudo-labels (in the
  CV: teacher and candidates of the training folds only, no corpus posting of a held-out company).
- with ``"mined": {"min_companies": k}`` (issue 17, mine17; compared in ``compare_models.py``,
  variants ``mined3`` / ``mined5``; off: absent or ``null``), the corpus-mined names of
  ``build_mined.py`` (label-free: names discovered in >= k companies of the unlabelled corpus,
  its near-copies of labelled postings left out; the same list in every fold) become discovered
  candidates wherever they occur (``extractors/mined.py``), and discovered names on the list carry
  their count bucket. Written to ``data/vocab/mined.tsv.gz`` with the model.

Measures (all on data the scored model was not fit on; with a lexicon, the rules-only figures
use the lexicon built from all labelled postings, so they are not held-out):
1. k-fold cross-validation over the three posting sets together, folds grouped by company (one
   company's postings share boilerplate, so they are held out together): fit on SkillSpan train +
   the other folds, predict the held-out fold with the whole extractor, score the held-out
   predictions per set with ``tools/score_extract.py`` and ``tools/score_market.py``. The
   *selection* figure is train_pool + dev_payloads (what users' postings look like; dev_payloads'
   CV predicted the hidden acceptance figure within 0.01); dev.jsonl is reported apart: it was read
   while writing rules, so it is never a criterion. The same figures on the training folds give
   the training-fold gap;
2. SkillSpan tech dev with a model fit on SkillSpan train only, and with the final model (a guard).
The final model (SkillSpan train + all labelled postings) is written to
``data/models/skills/model.json.gz`` and the figures to ``training/skills/metrics.json``.
Hyper-parameters (``config.json``) were chosen by the selection figure of step 1
(``compare_models.py`` runs the variants on the same folds).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")  # BLAS threads only fight on a shared machine
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import evalkit as E  # noqa: E402

MODEL_OUT = ROOT / "data" / "models" / "skills" / "model.json.gz"
METRICS_OUT = HERE / "metrics.json"


def _occurrences():
    sh = E.shared_dir()
    sys.path.insert(0, str(sh / "tools"))
    from score_extract import occurrences  # type: ignore[import-not-found]

    return occurrences


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < y and x < b for x, y in spans)


def candidates(
    ex: Any, recs: list[dict[str, Any]], kind: str, *, exclude_shadowed: bool = False,
    item: Any = lambda text, c: c["features"],
) -> list[list[tuple[Any, int]]]:
    """Per record, its candidates as (``item(text, candidate)``, label): the features by default
    (``compare_textcat.py`` asks for the candidate's context instead)."""
    occ = _occurrences() if kind == "postings" else None
    out = []
    for r in recs:
        text, cands = ex.candidate_features(r.get("title") or "", r["description"], company=r.get("company"))
        if kind != "postings":
            gold = [tuple(x) for x in r["knowledge"] + r["skill"]]
            out.append([(item(text, c), int(_overlaps(c["start"], c["end"], gold))) for c in cands])
            continue
        # The scorer counts a gold skill once per posting, found by any of its mentions, and the
        # gold says which skill, not which mention. A mention that a context rule drops ("the
        # customer service department", "our Android team") while another mention of the same
        # gold skill passes every rule is no evidence either way: it is left out (exclude_shadowed).
        per_gold = [occ(text, s["forms"]) for s in r["skills"]]
        hits = [[g for g, spans in enumerate(per_gold) if _overlaps(c["start"], c["end"], spans)] for c in cands]
        kept_gold = {g for c, h in zip(cands, hits) if c["rule_keep"] for g in h}
        rows = []
        for c, h in zip(cands, hits):
            if exclude_shadowed and h and not c["rule_keep"] and all(g in kept_gold for g in h):
                continue
            rows.append((item(text, c), int(bool(h))))
        out.append(rows)
    return out


#: Feature names that are a context rule's verdict (see ``extractors/features.py`` and the rules of ``extractors/rules.py``).
RULE_FEATURES = ("rule=", "o&rule=", "f=", "o&f=", "cand_cue", "comp_cue", "cand_only", "pref_cue")


# A rule's verdict may only count the way the rule means it (config "rule_signs"): a rule that
# keeps or a gate that passes never counts against a candidate, a rule that drops one ("company
# talk", "team names", "job title", ...) never for it. Prior knowledge from the labelling guide;
# without it a few hundred labelled postings can flip a rule's weight on a handful of examples.
_KEEP_FLAGS = ("gate_ok",)
_DROP_FLAGS = ("gate_fail", "resolve_only", "employer", "blurb", "company_talk", "about_company", "job_title", "people",
               "industry", "working_with", "umbrella")


def _sign_bound(name: str) -> tuple[float | None, float | None]:
    if name in ("rule=keep", "cand_cue", "cand_only") or (name.startswith("o&rule=") and name.endswith("keep")):
        return (0.0, None)
    if name == "rule=drop" or (name.startswith("o&rule=") and name.endswith("drop")):
        return (None, 0.0)
    if name.startswith(("f=", "o&f=")):
        if name.endswith(_KEEP_FLAGS):
            return (0.0, None)
        if name.endswith(_DROP_FLAGS):
            return (None, 0.0)
    return (None, None)


_VEC: dict[str, Any] = {}


def word_vectors() -> tuple[dict[str, int], np.ndarray]:
    """The corpus word table of ``vectors.py`` (word -> row, unit vectors); cached."""
    if "table" not in _VEC:
        cache = HERE / ".cache"
        if not (cache / "vectors.npy").exists():
            raise SystemExit("no word vectors: run training/skills/vectors.py first")
        words = json.loads((cache / "words.json").read_text())
        _VEC["table"] = ({w: i for i, w in enumerate(words)}, np.load(cache / "vectors.npy"))
    return _VEC["table"]


def head_table(k: int) -> tuple[dict[str, int], np.ndarray, float]:
    """The corpus word vectors projected on their first ``k`` principal axes, as int8 with one
    scale (what a model with a dense head ships and scores with); cached."""
    key = ("head", k)
    if key not in _VEC:
        index, vecs = word_vectors()
        _u, _s, vt = np.linalg.svd(vecs - vecs.mean(0), full_matrices=False)
        proj = vecs @ vt[:k].T
        scale = float(np.abs(proj).max() / 127.0)
        _VEC[key] = (index, np.round(proj / scale).astype(np.int8), scale)
    return _VEC[key]


def _dense(examples: list[tuple[list[str], int, float]], table: tuple[dict[str, int], np.ndarray] | None = None) -> np.ndarray:
    """Per example, the sum of the word vectors of each block (``VECTOR_PREFIXES``), concatenated."""
    from skillgap.extractors.vectors import VECTOR_PREFIXES

    index, vecs = table if table is not None else word_vectors()
    dim = vecs.shape[1]
    D = np.zeros((len(examples), dim * len(VECTOR_PREFIXES)), dtype=np.float64)
    for r, (feats, _y, _w) in enumerate(examples):
        for f in feats:
            if f[:1] == "v" and f[2:3] == "=":
                b = VECTOR_PREFIXES.index(f[:3])
                j = index.get(f[3:])
                if j is not None:
                    D[r, b * dim : (b + 1) * dim] += vecs[j]
    return D


def fold_vectors(u: np.ndarray, prune: float) -> dict[str, float]:
    """The block weight vectors ``u`` folded into one weight per corpus word and block."""
    from skillgap.extractors.vectors import VECTOR_PREFIXES

    index, vecs = word_vectors()
    dim = vecs.shape[1]
    words = sorted(index, key=index.__getitem__)
    out: dict[str, float] = {}
    for b, pre in enumerate(VECTOR_PREFIXES):
        s = vecs @ u[b * dim : (b + 1) * dim]
        for w, x in zip(words, s):
            if abs(x) >= prune:
                out[pre + w] = float(x)
    return out


def _sparse_features(examples: list[tuple[list[str], int, float]], min_count: int) -> tuple[Any, dict[str, int]]:
    """The examples' sparse features as a 0/1 CSR matrix, over the features seen in at least
    ``min_count`` examples (vector blocks aside: they are dense columns); feature -> column."""
    from skillgap.extractors.vectors import VECTOR_PREFIXES

    counts: dict[str, int] = {}
    for feats, _y, _w in examples:
        for f in set(feats):
            if not f.startswith(VECTOR_PREFIXES):  # the vector blocks are dense columns (_dense)
                counts[f] = counts.get(f, 0) + 1
    index = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    rows, cols = [], []
    for r, (feats, _y, _w) in enumerate(examples):
        for f in set(feats):
            j = index.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(examples), len(index)))
    return X, index


def fit(examples: list[tuple[list[str], int, float]], cfg: dict[str, Any], prior: dict[str, str] | None = None) -> Any:
    """A model fit on ``examples`` (features, label, weight); ``prior``: the label-rate prior's
    table the examples' ``pr=`` features came from (``train_examples``), shipped with the model."""
    from skillgap.extractors.skill_model import SkillModel

    X, index = _sparse_features(examples, cfg["min_count"])
    y = np.array([e[1] for e in examples], dtype=float)
    sw = np.array([e[2] for e in examples], dtype=float)
    # one L2 strength per feature: the verdicts of the context rules (which encode the labelling
    # guide) may carry more weight than words and names (config "l2_rules"; default: the same)
    names_sorted = sorted(index, key=index.__getitem__)
    lam = np.array([cfg.get("l2_rules", cfg["l2"]) if n.startswith(RULE_FEATURES) else cfg["l2"] for n in names_sorted])
    mlp = cfg.get("mlp")
    use_vec = bool(cfg.get("vectors")) and not mlp
    if use_vec:
        D = _dense(examples)
        nd = D.shape[1]
        lam = np.concatenate([lam, np.full(nd, float(cfg.get("l2_vec", cfg["l2"])))])
        X = sparse.hstack([X, sparse.csr_matrix(D)], format="csr")
    else:
        nd = 0
    ns = X.shape[1]
    if mlp:
        # a dense head over the projected vectors: w2 · tanh(x W1 + b1) + u · x (see DenseHead)
        hidx, hq, hscale = head_table(int(mlp["dim"]))
        Dh = _dense(examples, (hidx, hq.astype(np.float64) * hscale))
        m, h = Dh.shape[1], int(mlp["hidden"])
        rng = np.random.default_rng(cfg.get("seed", 7))
        init_head = np.concatenate([rng.normal(0, 0.1, m * h), np.zeros(h), rng.normal(0, 0.1, h), np.zeros(m)])
        lam_h = float(mlp["l2"])
    else:
        m = h = 0
        init_head = np.zeros(0)

    def loss(wb: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = wb[:ns], wb[-1]
        z = X @ w + b
        if mlp:
            hp = wb[ns:-1]
            W1 = hp[: m * h].reshape(m, h)
            b1, w2, u = hp[m * h : m * h + h], hp[m * h + h : m * h + 2 * h], hp[m * h + 2 * h :]
            H = np.tanh(Dh @ W1 + b1)
            z = z + H @ w2 + Dh @ u
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))
        ll = sw * (np.logaddexp(0, z) - y * z)
        g = sw * (p - y)
        parts = [X.T @ g + lam * w]
        reg = float(0.5 * (lam * w) @ w)
        if mlp:
            dA = (g[:, None] * w2[None, :]) * (1.0 - H * H)
            parts += [(Dh.T @ dA + lam_h * W1).ravel(), dA.sum(0), H.T @ g + lam_h * w2, Dh.T @ g + lam_h * u]
            reg += 0.5 * lam_h * float((W1 * W1).sum() + w2 @ w2 + u @ u)
        grad = np.concatenate([*parts, [g.sum()]])
        return float(ll.sum() + reg), grad

    bounds = [_sign_bound(n) for n in names_sorted] + [(None, None)] * (nd + len(init_head) + 1) if cfg.get("rule_signs") else None
    x0 = np.concatenate([np.zeros(ns), init_head, [0.0]])
    res = minimize(loss, x0, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": int(mlp.get("max_iter", cfg["max_iter"])) if mlp else cfg["max_iter"]})
    w = res.x
    names = list(index)
    weights = {names[j]: float(w[j]) for j in range(len(names)) if abs(w[j]) >= 1e-5}
    if use_vec:
        weights.update(fold_vectors(w[len(index) : len(index) + nd], float(cfg.get("vec_prune", 1e-3))))
    head = None
    if mlp:
        from skillgap.extractors.skill_model import DenseHead
        from skillgap.extractors.vectors import VECTOR_PREFIXES

        hp = w[ns:-1]
        head = DenseHead(words=hidx, vectors=hq, scale=hscale, blocks=VECTOR_PREFIXES,
                         W1=hp[: m * h].reshape(m, h).astype(np.float32), b1=hp[m * h : m * h + h].astype(np.float32),
                         w2=hp[m * h + h : m * h + 2 * h].astype(np.float32), u=hp[m * h + 2 * h :].astype(np.float32))
    return SkillModel(weights=weights, bias=float(w[-1]), threshold=cfg["threshold"], head=head, prior=prior or None,
                      corpus=corpus_features(cfg))


def corpus_features(cfg: dict[str, Any]) -> Any:
    """With ``"corpus_features": true`` (corp17), the corpus facts of ``corpus_stats.py``: each
    candidate's form weighs its binned facts (``CorpusStats.features``); ``"origin"``: the bins
    crossed with the candidate's origin too; else None."""
    if not cfg.get("corpus_features"):
        return None
    import corpus_stats as CS

    key = "corpus_" + str(cfg["corpus_features"])
    if key not in _VEC:
        _VEC[key] = CS.load()
        _VEC[key].cross = cfg["corpus_features"] == "origin"
    return _VEC[key]


# ----------------------------------------------------------------- the label-rate prior (rules 2.9)
#
# For each candidate form ("s=<lower-cased surface>"), how often the annotators labelled it where it
# was a candidate: labelled candidates / candidates over the labelled postings of the training set.
# A labelled posting's own examples see the rate over the *other* companies only (leave-own-company-
# out target encoding, as a new company's posting would); the model ships the rate of all of them.
# Bucketed ("pr=<bucket>"), and crossed with the candidate's section ("pr&sec=<bucket><section>").


def prior_bucket(pos: int, n: int, min_n: int) -> str | None:
    """The prior bucket of a form labelled ``pos`` times in ``n`` candidates (None below ``min_n``):
    the rate in seven steps, "+" when seen 10 times or more."""
    if n < min_n:
        return None
    r = pos / n
    b = "0" if pos == 0 else "1" if r < 0.1 else "2" if r < 0.25 else "3" if r < 0.5 else "4" if r < 0.75 else "5" if r < 0.9 else "6"
    return b + ("+" if n >= 10 else "")


def _prior_counts(data: dict[str, Any], idx: list[int]) -> dict[str, dict[str, list[int]]]:
    """Form ("s=...") -> company -> [labelled, candidates], over the postings ``idx``."""
    import build_lexicon as L

    out: dict[str, dict[str, list[int]]] = {}
    for i in idx:
        comp = L.company_of(data["recs"][i])
        for feats, y in data["c_recs"][i]:
            c = out.setdefault(feats[0], {}).setdefault(comp, [0, 0])
            c[0] += y
            c[1] += 1
    return out


def _with_prior(feats: list[str], bucket: str | None) -> list[str]:
    from skillgap.extractors.skill_model import prior_features

    if bucket is None:
        return feats
    sec = feats[11]
    assert sec.startswith("sec="), sec
    return [*feats, *prior_features(bucket, sec[4:])]


def prior_table(data: dict[str, Any], idx: list[int], cfg: dict[str, Any]) -> dict[str, str]:
    """The prior the model ships: "s=<form>" -> bucket, over all the postings ``idx``."""
    min_n = int(cfg["prior"]["min_n"])
    out = {}
    for form, by_comp in _prior_counts(data, idx).items():
        b = prior_bucket(sum(c[0] for c in by_comp.values()), sum(c[1] for c in by_comp.values()), min_n)
        if b is not None:
            out[form] = b
    return out


def train_examples(data: dict[str, Any], idx: list[int], cfg: dict[str, Any], c_ss: Any = None) -> tuple[list[tuple[list[str], int, float]], dict[str, str] | None]:
    """The fit's examples: SkillSpan train (``c_ss``, default ``data["c_ss"]``) and the postings
    ``idx``; with ``"prior"`` in the config the label-rate prior's features too (a posting's own
    company left out of its rate) and the prior table the model ships (else None)."""
    cs = corpus_features(cfg)
    if cs is not None:  # the model adds these itself when scoring (SkillModel.corpus)
        got, table = train_examples(data, idx, {**cfg, "corpus_features": False}, c_ss)
        return [([*f, *cs.features(f[0], f[1])], y, w) for f, y, w in got], table
    ss = _examples(data["c_ss"] if c_ss is None else c_ss, cfg["weight_skillspan"])
    posts = _posting_examples(data, idx, cfg)
    if not cfg.get("prior"):
        return ss + posts, None
    import build_lexicon as L

    min_n = int(cfg["prior"]["min_n"])
    counts = _prior_counts(data, idx)
    table = prior_table(data, idx, cfg)
    ss = [(_with_prior(f, table.get(f[0])), y, w) for f, y, w in ss]
    out = []
    k = 0
    for i in idx:
        comp = L.company_of(data["recs"][i])
        for feats, _y in data["c_recs"][i]:
            f2, y2, w2 = posts[k]
            assert f2 is feats
            k += 1
            by_comp = counts[feats[0]]
            own = by_comp.get(comp, [0, 0])
            pos = sum(c[0] for c in by_comp.values()) - own[0]
            n = sum(c[1] for c in by_comp.values()) - own[1]
            out.append((_with_prior(feats, prior_bucket(pos, n, min_n)), y2, w2))
    assert k == len(posts)
    return ss + out, table


def _examples(per_rec: list[list[tuple[list[str], int]]], weight: float) -> list[tuple[list[str], int, float]]:
    return [(f, y, weight) for cands in per_rec for f, y in cands]


def _score_postings(ex: Any, model: Any, recs: list[dict[str, Any]]) -> dict[str, Any]:
    ex.skill_model = model
    return E.score_postings(recs, E.predict(ex, recs))


def _group_key(rec: dict[str, Any]) -> str:
    company = " ".join(str(rec.get("company") or "").lower().split())
    return "c:" + company if company and company != "none" else "id:" + str(rec["id"])


def grouped_folds(sets: list[str], recs: list[dict[str, Any]], k: int, seed: int) -> list[list[int]]:
    """``k`` folds of record indices; one company's records share a fold; each set is spread
    evenly (groups in seeded random order, biggest first, each to the fold holding fewest
    records of its set)."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(recs):
        groups.setdefault(_group_key(r), []).append(i)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    keys.sort(key=lambda g: -len(groups[g]))  # stable: ties keep the shuffled order
    folds: list[list[int]] = [[] for _ in range(k)]
    per_set = [dict.fromkeys(set(sets), 0) for _ in range(k)]
    for g in keys:
        idx = groups[g]
        s = sets[idx[0]]
        fi = min(range(k), key=lambda f: (per_set[f][s], len(folds[f]), f))
        folds[fi].extend(idx)
        for i in idx:
            per_set[fi][sets[i]] += 1
    return [sorted(f) for f in folds]


#: The labelled posting sets. ``train_pool`` and ``dev_payloads`` choose (their CV figure is the
#: "selection" figure); ``dev`` is trained on and reported apart: it was read while writing rules.
SETS = ("train_pool", "dev_payloads", "dev")
SELECTION = ("train_pool", "dev_payloads")


def _scores(gold: list[dict[str, Any]], preds: list[dict[str, Any]], market: bool) -> dict[str, Any]:
    out = E.score_postings(gold, preds)
    if market:
        m = E.score_market(gold, preds)
        out.update({k: m[k] for k in ("hard_P", "hard_R", "hard_F1", "top20_overlap")})
    return out


def _per_set(sets: list[str], recs: list[dict[str, Any]], preds: dict[int, dict[str, Any]], idx: list[int], market: bool = True) -> dict[str, Any]:
    out = {}
    for name in SETS:
        mine = [i for i in idx if sets[i] == name]
        if mine:
            out[name] = _scores([recs[i] for i in mine], [preds[i] for i in mine], market)
    sel = [i for i in idx if sets[i] in SELECTION]
    out["selection"] = _scores([recs[i] for i in sel], [preds[i] for i in sel], market)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", default=str(HERE / "config.json"))
    ap.add_argument("--no-write", action="store_true", help="measure only; keep the shipped model")
    ap.add_argument("--final-only", action="store_true",
                    help="fit and write the final model only (metrics.json untouched); the linear model is the same fit as a "
                         "full run's, a second stage (\"stacker\") may differ slightly from it: ship from a full run")
    args = ap.parse_args()
    cfg = json.loads(Path(args.config).read_text())
    check_weights(cfg)
    if E.shared_dir() is None:
        print("needs ../shared (postings, SkillSpan, scorers)", file=sys.stderr)
        return 2
    if args.final_only:
        data = load_data(cfg)
        got, prior = train_examples(data, list(range(len(data["recs"]))), cfg)
        final = with_stacker(data, cfg, list(range(len(data["recs"]))), fit_judge(data, cfg, data["ex"], got, prior, [], "final", list(range(len(data["recs"])))))
        write_model(final, cfg, data["ex"].tagger if cfg.get("tagger") else None)
        return 0
    measure(cfg, write=not args.no_write)
    return 0


def fit_judge(data: dict[str, Any], cfg: dict[str, Any], ex: Any, got: list[tuple[list[str], int, float]], prior: dict[str, str] | None,
              held: list[int], key: str, tr: list[int], outer: int | None = None) -> Any:
    """``fit(got)``; with ``"selftrain"`` in the config (issue 17, ``selftrain.py``), that model is
    the teacher (with its second stage, fit on ``tr``, when the teacher is "stacked") and the
    student refit with pseudo-labelled corpus candidates is returned (``ex``: the extractor of the
    training postings ``tr``; ``held``: the held-out postings, fold ``outer``; ``key``: names ``ex``)."""
    model = fit(got, cfg, prior)
    if not cfg.get("selftrain"):
        return model
    import selftrain as ST

    teacher = with_stacker(data, cfg, tr, model, outer) if cfg["selftrain"].get("teacher") == "stacked" else model
    return ST.student(data, cfg, ex, teacher, got, prior, held, key)


def with_stacker(data: dict[str, Any], cfg: dict[str, Any], idx: list[int], model: Any, outer: int | None = None) -> Any:
    """``model`` (fit on the postings ``idx``) with the second stage of ``"stacker"`` in the config
    (``stack.py``, ``extractors/stacker.py``; issue 17), fit on cross-fit scores of ``idx``
    (``outer``: the held-out fold in the CV); ``model`` itself without the key."""
    if not cfg.get("stacker"):
        return model
    import stack as S

    return S.stacked(data, cfg, idx, model, outer)


def write_model(final: Any, cfg: dict[str, Any], tagger: Any = None) -> None:
    final = type(final)(weights=final.weights, bias=final.bias, threshold=final.threshold, head=final.head, prior=final.prior,
                        stacker=final.stacker, corpus=final.corpus,
                        meta={"trained_on": "SkillSpan train (" + "+".join(cfg["skillspan_sources"])
                              + ") + postings/train_pool.jsonl + postings/dev_payloads.jsonl + postings/dev.jsonl (postings with gold skills)"
                              + ("; context vectors: floret skip-gram on corpus/unlabelled.jsonl.gz (4,720 postings), recipe "
                                 + (HERE / ".cache" / "recipe.json").read_text().strip() if cfg.get("vectors") else "")
                              + ("; labelled-names lexicon data/vocab/labelled.tsv.gz (build_lexicon.py: gold skill forms of train_pool"
                                 " + dev_payloads labelled in >= " + str(cfg["lexicon"]["min_companies"]) + " companies)"
                                 if cfg.get("lexicon") else "")
                              + ("; span proposer data/models/skills/tagger.npz (tagger.py: a token tagger fit on the gold skill"
                                 " occurrences of the same labelled postings, corpus word vectors folded in)" if cfg.get("tagger") else "")
                              + ("; a second decision stage inside this file (stack.py: " + cfg["stacker"]["kind"] + " over dense facts"
                                 " of each candidate and its neighbours, fit on cross-fit linear scores of the same labelled postings,"
                                 " with their per-form label rates)" if cfg.get("stacker") else "")
                              + ("; corpus-mined names data/vocab/mined.tsv.gz (build_mined.py: names discovered in >= "
                                 + str(cfg["mined"]["min_companies"]) + " companies of corpus/unlabelled.jsonl.gz, label-free)"
                                 if mined_names(cfg) is not None else ""),
                              "config": cfg, "discover": bool(cfg.get("discover")), "tagger": bool(cfg.get("tagger")),
                              "mined": mined_names(cfg) is not None})
    if cfg.get("lexicon"):  # the lexicon the final model was fit with (all labelled postings)
        import build_lexicon as L

        L.OUT.write_bytes(L.build(int(cfg["lexicon"]["min_companies"]), bool(cfg["lexicon"].get("merge")), float(cfg["lexicon"].get("min_rate", 0.0))))
        print(f"wrote {L.OUT.relative_to(ROOT)}")
    mined_out = ROOT / "data" / "vocab" / "mined.tsv.gz"
    if mined_names(cfg) is not None:  # the corpus-mined names list (label-free)
        import build_mined as M

        mined_out.write_bytes(M.build(int(cfg["mined"]["min_companies"]), str(cfg["mined"].get("items", "ask"))))
        print(f"wrote {mined_out.relative_to(ROOT)}")
    elif mined_out.exists():
        mined_out.unlink()
    MODEL_OUT.parent.mkdir(parents=True, exist_ok=True)
    tagger_out = MODEL_OUT.parent / "tagger.npz"
    if tagger is not None:
        tagger_out.write_bytes(tagger.to_bytes())
        print(f"wrote {tagger_out.relative_to(ROOT)} ({tagger_out.stat().st_size // 1024} kB)")
    elif tagger_out.exists():
        tagger_out.unlink()
    MODEL_OUT.write_bytes(final.to_bytes())
    print(f"wrote {MODEL_OUT.relative_to(ROOT)} ({MODEL_OUT.stat().st_size // 1024} kB)")


def lexicon_extractor(cfg: dict[str, Any], train_idx: list[int] | None, recs: list[dict[str, Any]], sets: list[str]) -> tuple[Any, Any]:
    """An extractor (no model) whose taxonomy carries the labelled-names lexicon built from the
    records ``train_idx`` (``build_lexicon.py``; none without ``lexicon`` in the config), and the
    lexicon's entries (None without). The bundled lexicon file is never read here: the CV builds
    one per fold from its training folds only."""
    import build_lexicon as L

    from skillgap.extractors import forms
    from skillgap.extractors.extract import Extractor
    from skillgap.extractors.taxonomy import extend, load_taxonomy

    # rules 2.9: forms gated resolve_only are candidates the model judges (config "resolve_candidates")
    forms.RESOLVE_CANDIDATES = bool(cfg.get("resolve_candidates", True))
    lex = cfg.get("lexicon")
    entries = None
    raw = b""
    if lex and train_idx is not None:
        merge = bool(lex.get("merge"))
        entries = L.collect((recs[i] for i in train_idx if sets[i] in L.LEXICON_SETS), merge)
        lex_recs = [recs[i] for i in train_idx if sets[i] in L.LEXICON_SETS]
        raw = L.to_bytes(L.rows(entries, int(lex["min_companies"]), all_forms=merge, min_rate=float(lex.get("min_rate", 0.0)),
                                texts=L.lowered_texts(lex_recs)))
    tax = extend(load_taxonomy(extended=False), lexicon=raw)
    ex = Extractor(tax, skill_model=None, discover=bool(cfg.get("discover")))
    ex.mined = mined_names(cfg)
    return ex, entries


def mined_names(cfg: dict[str, Any]) -> Any:
    """With ``"mined": {"min_companies": k}`` in the config (issue 17, mine17; ``build_mined.py``),
    the corpus-mined names discovered in >= k corpus companies (label-free: the same list in every
    fold); else None. Only with ``"discover"``: they are discovered candidates."""
    mined = cfg.get("mined")
    if not mined or not cfg.get("discover"):
        return None
    key = "mined_" + json.dumps(mined, sort_keys=True)
    if key not in _VEC:
        import build_mined as M

        from skillgap.extractors.mined import MinedNames

        _VEC[key] = MinedNames.from_bytes(M.build(int(mined["min_companies"]), str(mined.get("items", "ask"))))
    return _VEC[key]


def _own_support(ex: Any, per_rec: list[list[tuple[Any, int]]], idx: list[int], recs: list[dict[str, Any]],
                 entries: Any, k: int, merge: bool = False) -> list[list[tuple[list[str], int]]]:
    """Candidates of labelled records as a posting of a new company would have them: a lexicon
    form counts only the *other* companies that labelled it (leave-own-company-out); a lexicon
    match that falls below ``k`` without them is no candidate."""
    import build_lexicon as L


    out = []
    for i, cands in zip(idx, per_rec):
        own = L.company_of(recs[i])
        rows = []
        for (feats, surface), y in cands:
            got = own_lexicon_features(feats, surface, entries, own, k, merge)
            if got is not None:
                rows.append((got, y))
        out.append(rows)
    return out


def own_lexicon_features(feats: list[str], surface: str, entries: Any, own: str, k: int, merge: bool) -> list[str] | None:
    """``feats`` of a candidate as a posting of a new company would have them: a lexicon form
    (feature ``lex``) counts only the companies other than ``own`` that labelled it; None when
    it falls below ``k`` without them (then it is no candidate). Other candidates unchanged."""
    if "lex" not in feats:
        return feats
    import build_lexicon as L

    from skillgap.extractors.features import lexicon_features

    key = L.form_key(surface, merge)
    e = entries.get(key) or (entries.get(key[:-3] + "y") if key.endswith("ies") else None) or entries.get(key[:-1])
    n = len(e.companies - {own}) if e is not None else 0
    if n < k:
        return None
    old = next(f for f in feats if f.startswith("o&lex="))
    og = old[len("o&lex="):-len(next(f for f in feats if f.startswith("lex="))[len("lex="):])]
    kept = [f for f in feats if f != "lex" and not f.startswith(("lex=", "o&lex="))]
    return kept + lexicon_features(n, "curated" if og == "cur" else og)


def posting_candidates(ex: Any, recs: list[dict[str, Any]], idx: list[int], cfg: dict[str, Any], entries: Any) -> list[list[tuple[list[str], int]]]:
    """Labelled candidates of ``recs[idx]`` (with a lexicon: as a new company's posting sees it)."""
    sub = [recs[i] for i in idx]
    if entries is None:
        return candidates(ex, sub, "postings", exclude_shadowed=cfg.get("exclude_shadowed", False))
    got = candidates(ex, sub, "postings", exclude_shadowed=cfg.get("exclude_shadowed", False),
                     item=lambda text, c: (c["features"], text[c["start"] : c["end"]]))
    return _own_support(ex, got, idx, recs, entries, int(cfg["lexicon"]["min_companies"]), bool(cfg["lexicon"].get("merge")))


# ----------------------------------------------------------------- the span proposer (issue 17, tag17)
#
# With "tagger" in the config (``tagger.py``, ``extractors/tagger.py``), a token tagger proposes
# extra discovered names. It is fit on gold of labelled postings, so a posting's candidates may only
# come from a tagger not fit on it: the CV's held-out fold f uses the tagger fit without fold f, a
# training posting of fold g (outer fold f) the one fit without folds f and g, and the final model's
# training candidates the one fit without their own fold (cross-fitting). Taggers are cached by the
# folds they leave out. The shipped tagger is fit on every labelled posting.


class TaggerBank:
    """Taggers fit on the labelled postings outside some folds (see above)."""

    def __init__(self, cfg: dict[str, Any], recs: list[dict[str, Any]], sets: list[str]) -> None:
        import tagger as G

        self.tcfg = cfg["tagger"]
        self.folds = grouped_folds(sets, recs, cfg["folds"], cfg["seed"])
        self.fold_of = {i: f for f, fold in enumerate(self.folds) for i in fold}
        # the tagger's token features come from the vocabulary matches without the labelled-names
        # lexicon (it is built per fold; the tagger's inputs must not depend on the fold)
        ex0 = lexicon_extractor({**cfg, "lexicon": None, "mined": None}, None, recs, sets)[0]
        occ = _occurrences()
        sections = G.sections_of(self.tcfg)
        self.runs = [G.runs_of(ex0, r, occ, sections) for r in recs]
        self.n_tokens = sum(int((x["y"] >= 0).sum()) for rs in self.runs for x in rs)
        self.cache: dict[frozenset[int], Any] = {}

    def without(self, folds: frozenset[int] | set[int]) -> Any:
        import tagger as G

        key = frozenset(folds)
        if key not in self.cache:
            # kept on disk too (training/skills/.cache/taggers): the same configuration, folds and
            # labelled postings give the same tagger in another run
            import hashlib

            # (and the same code and vocabulary: the tagger's token features come from them)
            digest = hashlib.sha256(json.dumps([self.tcfg, self.folds, self.n_tokens, E.code_digest()], sort_keys=True).encode()).hexdigest()[:12]
            path = HERE / ".cache" / "taggers" / f"{digest}_{'-'.join(map(str, sorted(key))) or 'all'}.npz"
            if path.exists():
                self.cache[key] = G.Tagger.from_bytes(path.read_bytes())
            else:
                t0 = time.perf_counter()
                runs = [x for i, rs in enumerate(self.runs) if self.fold_of[i] not in key for x in rs]
                self.cache[key] = G.fit_tagger(runs, self.tcfg)
                print(f"tagger without folds {sorted(key)}: {self.cache[key].meta['tokens']} tokens ({time.perf_counter() - t0:.0f} s)", flush=True)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(self.cache[key].to_bytes())
        return self.cache[key]

    def candidates(self, ex: Any, recs: list[dict[str, Any]], idx: list[int], cfg: dict[str, Any], entries: Any,
                   outer: int | None) -> list[list[tuple[list[str], int]]]:
        """``posting_candidates`` of ``recs[idx]``, each posting's with the tagger fit without its
        own fold (and the fold ``outer``, held out)."""
        by_fold: dict[int, list[int]] = {}
        for i in idx:
            by_fold.setdefault(self.fold_of[i], []).append(i)
        got: dict[int, list[tuple[list[str], int]]] = {}
        before = ex.tagger
        for g, mine in sorted(by_fold.items()):
            ex.tagger = self.without({g} if outer is None else {g, outer})
            got.update(zip(mine, posting_candidates(ex, recs, mine, cfg, entries)))
        ex.tagger = before
        return [got[i] for i in idx]


def load_data(cfg: dict[str, Any]) -> dict[str, Any]:
    """Records and their candidates (the slow part; shared by several configurations). With a
    lexicon in the config, built from all labelled records (the shipped one)."""
    recs, sets = [], []
    for name in SETS:
        got = E.postings(name)
        recs += got
        sets += [name] * len(got)
    everything = list(range(len(recs)))
    ex, entries = lexicon_extractor(cfg, everything, recs, sets)
    ss_train = [r for src in cfg["skillspan_sources"] for r in E.skillspan("train", src)]
    bank = TaggerBank(cfg, recs, sets) if cfg.get("tagger") else None
    if bank is not None:  # the final model's candidates: each posting's from the tagger not fit on its fold
        c_recs = bank.candidates(ex, recs, everything, cfg, entries, None)
        ex.tagger = bank.without(set())  # the shipped tagger
    else:
        c_recs = posting_candidates(ex, recs, everything, cfg, entries)
    return {
        "ex": ex, "recs": recs, "sets": sets, "ss_train": ss_train, "ss_dev": E.skillspan("dev", "tech"),
        "c_recs": c_recs, "c_ss": candidates(ex, ss_train, "skillspan"), "lexicon": entries, "taggers": bank,
    }


#: The example weights a config may set: SkillSpan's, the postings' default, and one per labelled set.
WEIGHT_KEYS = frozenset({"weight_skillspan", "weight_postings", *("weight_" + s for s in SETS)})


def check_weights(cfg: dict[str, Any]) -> None:
    """Refuse a weight key no fit reads (rules 2.15: "weight_payloads" sat in the config for many
    releases doing nothing; the set is "dev_payloads")."""
    unknown = sorted(k for k in cfg if k.startswith("weight_") and k not in WEIGHT_KEYS)
    if unknown:
        raise SystemExit(f"config: unknown weight key(s) {', '.join(unknown)}; known: {', '.join(sorted(WEIGHT_KEYS))}")


def _posting_examples(data: dict[str, Any], idx: list[int], cfg: dict[str, Any]) -> list[tuple[list[str], int, float]]:
    out: list[tuple[list[str], int, float]] = []
    for i in idx:
        w = cfg.get("weight_" + data["sets"][i], cfg["weight_postings"])
        out += _examples([data["c_recs"][i]], w)
    return out


_FOLD_CANDIDATES: dict[str, tuple[Any, Any, Any]] = {}


def cross_validate(data: dict[str, Any], cfg: dict[str, Any], *, train_scores: bool = True, sweep: tuple[float, ...] = ()) -> dict[str, Any]:
    """Step 1 of the module docstring: per-set held-out figures (and training-fold figures)."""
    ex, recs, sets = data["ex"], data["recs"], data["sets"]
    folds = grouped_folds(sets, recs, cfg["folds"], cfg["seed"])
    held: dict[int, dict[str, Any]] = {}
    swept: dict[float, dict[int, dict[str, Any]]] = {t: {} for t in sweep}
    train_f1: dict[str, list[float]] = {}
    for fi, fold in enumerate(folds):
        fold_set = set(fold)
        tr = [i for i in range(len(recs)) if i not in fold_set]
        bank = data.get("taggers")
        if cfg.get("tagger"):
            assert cfg.get("lexicon") and bank is not None, "the tagger is cross-fit with the lexicon's per-fold candidates"
            assert bank.folds == folds, "the taggers were cross-fit on other folds (another seed)"
        if cfg.get("lexicon"):  # the lexicon of the training folds only: its own extractor and candidates
            key = json.dumps([cfg["lexicon"], cfg.get("discover"), cfg.get("resolve_candidates", True), cfg.get("exclude_shadowed"), tr,
                              cfg.get("tagger")] + ([cfg["mined"]] if cfg.get("mined") else []))
            if key not in _FOLD_CANDIDATES:  # the same fold's candidates, for another variant of the same run
                ex, entries = lexicon_extractor(cfg, tr, recs, sets)
                c_tr = (bank.candidates(ex, recs, tr, cfg, entries, fi) if cfg.get("tagger")
                        else posting_candidates(ex, recs, tr, cfg, entries))
                _FOLD_CANDIDATES[key] = (ex, c_tr, candidates(ex, data["ss_train"], "skillspan"))
            ex, c_tr, c_ss = _FOLD_CANDIDATES[key]
            ex.tagger = bank.without({fi}) if cfg.get("tagger") else None
            fold_data = {**data, "c_recs": dict(zip(tr, c_tr))}
            got, prior = train_examples(fold_data, tr, cfg, c_ss=c_ss)
            model = ex.skill_model = fit_judge(data, cfg, ex, got, prior, fold, f"fold{fi}:" + key, tr, fi)
        else:
            got, prior = train_examples(data, tr, cfg)
            model = ex.skill_model = fit(got, cfg, prior)
        if cfg.get("stacker"):  # the second stage (stack.py), fit on cross-fit scores of the training folds only
            model = ex.skill_model = with_stacker(data, cfg, tr, model, fi)
        for i, p in zip(fold, E.predict(ex, [recs[i] for i in fold])):
            held[i] = p
        for t in sweep:  # the same fold model at other thresholds
            ex.skill_model = dataclasses.replace(model, threshold=t)
            for i, p in zip(fold, E.predict(ex, [recs[i] for i in fold])):
                swept[t][i] = p
        ex.skill_model = model
        if train_scores:
            tp = dict(zip(tr, E.predict(ex, [recs[i] for i in tr])))
            for name, sc in _per_set(sets, recs, tp, tr, market=False).items():
                train_f1.setdefault(name, []).append(sc["skill_F1"])
        print(f"fold {fi + 1}/{len(folds)}: {len(fold)} held out ({len(ex.skill_model.weights)} weights)")
    out: dict[str, Any] = {"folds": [len(f) for f in folds], "grouped_by": "company",
                           "held_out": _per_set(sets, recs, held, list(range(len(recs))))}
    if train_scores:
        out["training_folds_mean_F1"] = {k: round(float(np.mean(v)), 3) for k, v in train_f1.items()}
    if sweep:
        out["threshold_sweep"] = {str(t): _per_set(sets, recs, swept[t], list(range(len(recs))), market=False) for t in sweep}
    return out


def measure(cfg: dict[str, Any], *, write: bool, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Fit, cross-validate and score (see the module docstring); the metrics, with a short
    summary under "short". ``write``: ship the final model and metrics.json."""
    t0 = time.perf_counter()
    data = data or load_data(cfg)
    ex, recs, sets = data["ex"], data["recs"], data["sets"]
    ss_train, ss_dev = data["ss_train"], data["ss_dev"]
    print(f"candidates: postings {sum(map(len, data['c_recs']))}, skillspan train {sum(map(len, data['c_ss']))} ({time.perf_counter() - t0:.0f} s)")
    metrics: dict[str, Any] = {"config": cfg}
    by_set = {name: [r for r, s in zip(recs, sets) if s == name] for name in SETS}
    # rules alone (no model), for the comparison (nothing fit)
    metrics["rules_only"] = {
        **{name: _score_postings(ex, None, rs) for name, rs in by_set.items()},
        "skillspan_tech_dev": E.score_spans(ss_dev, E.predict(ex, ss_dev)),
    }
    # 1. grouped k-fold CV over both posting sets
    metrics["cv"] = cross_validate(data, cfg)
    ss_ex = _examples(data["c_ss"], cfg["weight_skillspan"])
    # 2. SkillSpan train only -> SkillSpan tech dev and the postings (all unseen)
    ss_model = fit(ss_ex, cfg)
    ex.skill_model = ss_model
    ss_tech_train = [r for r in ss_train if r["id"].startswith("ss-tech")]
    metrics["skillspan_train_only"] = {
        "skillspan_tech_dev": E.score_spans(ss_dev, E.predict(ex, ss_dev)),
        "skillspan_tech_train": E.score_spans(ss_tech_train, E.predict(ex, ss_tech_train)),
        **{name: _score_postings(ex, ss_model, rs) for name, rs in by_set.items()},
    }
    # final model: SkillSpan train + all labelled postings
    got, prior = train_examples(data, list(range(len(recs))), cfg)
    final = with_stacker(data, cfg, list(range(len(recs))), fit_judge(data, cfg, ex, got, prior, [], "final", list(range(len(recs)))))
    metrics["final"] = {
        **{name + "_fit_on": _score_postings(ex, final, rs) for name, rs in by_set.items()},
        "skillspan_tech_dev_held_out": E.score_spans(ss_dev, E.predict(ex, ss_dev)),
        "weights": len(final.weights),
    }
    metrics["seconds"] = round(time.perf_counter() - t0, 1)
    cv = metrics["cv"]
    ho, trf = cv["held_out"], cv["training_folds_mean_F1"]
    short = {
        "rules_only": {k: (v.get("skill_F1") if "skill_F1" in v else v.get("F1")) for k, v in metrics["rules_only"].items()},
        "cv_held_out": {k: (v["skill_F1"], v["skill_P"], v["skill_R"], v["requirement_bal_acc"]) for k, v in ho.items()},
        "cv_training_folds_F1": trf,
        "ss_train_only": {"ss_dev_F1": metrics["skillspan_train_only"]["skillspan_tech_dev"]["F1"],
                          "ss_train_F1": metrics["skillspan_train_only"]["skillspan_tech_train"]["F1"],
                          **{k: metrics["skillspan_train_only"][k]["skill_F1"] for k in SETS}},
        "final": {**{k + "_fit_on_F1": metrics["final"][k + "_fit_on"]["skill_F1"] for k in SETS},
                  "ss_dev_F1": metrics["final"]["skillspan_tech_dev_held_out"]["F1"]},
        "seconds": metrics["seconds"],
    }
    print(json.dumps(short, indent=1))
    metrics["short"] = short
    if write:
        write_model(final, cfg, ex.tagger if cfg.get("tagger") else None)
        METRICS_OUT.write_text(json.dumps(metrics, indent=1) + "\n")
        print(f"wrote {METRICS_OUT.relative_to(ROOT)}")
    return metrics


if __name__ == "__main__":
    sys.exit(main())
