#!/usr/bin/env python3
"""Train the skill-candidate model and measure it honestly (one command, CPU, about a minute).

    .venv/bin/python training/skills/train.py [--config training/skills/config.json] [--no-write]

Data (all from ``../shared``, never copied into the repository):
- SkillSpan train (tech and house): a candidate is positive when it overlaps a gold SKILL or
  KNOWLEDGE span (the span scorer's notion of a right mention);
- ``postings/dev.jsonl`` postings with gold skills: positive when it overlaps an occurrence of a
  gold skill's surface forms (the posting scorer's notion).

Measures (all on data the scored model was not fit on):
1. k-fold cross-validation over dev.jsonl postings: fit on SkillSpan train + the other folds,
   predict the held-out fold with the whole extractor, score all folds together with
   ``tools/score_extract.py``; the same figure on the training folds (the dev-vs-held-out gap);
2. ``postings/dev_payloads.jsonl`` (never used for fitting or choices) with the final model;
3. SkillSpan tech dev with a model fit on SkillSpan train only, and with the final model.
The final model (SkillSpan train + all dev postings) is written to
``data/models/skills/model.json.gz`` and the figures to ``training/skills/metrics.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import os

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


def candidates(ex: Any, recs: list[dict[str, Any]], kind: str) -> list[list[tuple[list[str], int]]]:
    """Per record, its candidates as (features, label)."""
    occ = _occurrences() if kind == "postings" else None
    out = []
    for r in recs:
        text, cands = ex.candidate_features(r.get("title") or "", r["description"], company=r.get("company"))
        if kind == "postings":
            gold = [o for s in r["skills"] for o in occ(text, s["forms"])]
        else:
            gold = [tuple(x) for x in r["knowledge"] + r["skill"]]
        out.append([(c["features"], int(_overlaps(c["start"], c["end"], gold))) for c in cands])
    return out


def fit(examples: list[tuple[list[str], int, float]], cfg: dict[str, Any]) -> Any:
    from skillgap.extractors.skill_model import SkillModel

    counts: dict[str, int] = {}
    for feats, _y, _w in examples:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    index = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= cfg["min_count"]))}
    rows, cols = [], []
    for r, (feats, _y, _w) in enumerate(examples):
        for f in set(feats):
            j = index.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(examples), len(index)))
    y = np.array([e[1] for e in examples], dtype=float)
    sw = np.array([e[2] for e in examples], dtype=float)
    lam = cfg["l2"]

    def loss(wb: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = wb[:-1], wb[-1]
        z = X @ w + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))
        ll = sw * (np.logaddexp(0, z) - y * z)
        g = sw * (p - y)
        grad = np.concatenate([X.T @ g + lam * w, [g.sum()]])
        return float(ll.sum() + 0.5 * lam * (w @ w)), grad

    res = minimize(loss, np.zeros(len(index) + 1), jac=True, method="L-BFGS-B", options={"maxiter": cfg["max_iter"]})
    w = res.x
    names = list(index)
    weights = {names[j]: float(w[j]) for j in range(len(names)) if abs(w[j]) >= 1e-5}
    return SkillModel(weights=weights, bias=float(w[-1]), threshold=cfg["threshold"])


def _examples(per_rec: list[list[tuple[list[str], int]]], weight: float) -> list[tuple[list[str], int, float]]:
    return [(f, y, weight) for cands in per_rec for f, y in cands]


def _score_postings(ex: Any, model: Any, recs: list[dict[str, Any]]) -> dict[str, Any]:
    ex.skill_model = model
    return E.score_postings(recs, E.predict(ex, recs))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", default=str(HERE / "config.json"))
    ap.add_argument("--no-write", action="store_true", help="measure only; keep the shipped model")
    args = ap.parse_args()
    cfg = json.loads(Path(args.config).read_text())
    if E.shared_dir() is None:
        print("needs ../shared (postings, SkillSpan, scorers)", file=sys.stderr)
        return 2
    measure(cfg, write=not args.no_write)
    return 0


def measure(cfg: dict[str, Any], *, write: bool) -> dict[str, Any]:
    """Fit, cross-validate and score (see the module docstring); the metrics, with a short
    summary under "short". ``write``: ship the final model and metrics.json."""
    from skillgap.extractors.extract import Extractor

    t0 = time.perf_counter()
    ex = Extractor(skill_model=None)
    dev = E.postings("dev")
    payloads = E.postings("dev_payloads")
    ss_train = [r for src in cfg["skillspan_sources"] for r in E.skillspan("train", src)]
    ss_dev = E.skillspan("dev", "tech")
    c_dev = candidates(ex, dev, "postings")
    c_ss = candidates(ex, ss_train, "skillspan")
    ss_ex = _examples(c_ss, cfg["weight_skillspan"])
    print(f"candidates: dev {sum(map(len, c_dev))}, skillspan train {len(ss_ex)} ({time.perf_counter() - t0:.0f} s)")

    metrics: dict[str, Any] = {"config": cfg}
    # rules alone (no model), for the comparison
    metrics["rules_only"] = {
        "dev_cv_equivalent": _score_postings(ex, None, dev),
        "dev_payloads": _score_postings(ex, None, payloads),
        "skillspan_tech_dev": E.score_spans(ss_dev, E.predict(ex, ss_dev)),
    }

    # 1. k-fold CV over dev postings
    order = list(range(len(dev)))
    random.Random(cfg["seed"]).shuffle(order)
    k = cfg["folds"]
    folds = [order[i::k] for i in range(k)]
    held_preds: dict[int, dict[str, Any]] = {}
    train_scores = []
    for fi, held in enumerate(folds):
        held_set = set(held)
        tr = [i for i in range(len(dev)) if i not in held_set]
        model = fit(ss_ex + _examples([c_dev[i] for i in tr], cfg["weight_postings"]), cfg)
        ex.skill_model = model
        for i, p in zip(held, E.predict(ex, [dev[i] for i in held])):
            held_preds[i] = p
        train_scores.append(E.score_postings([dev[i] for i in tr], E.predict(ex, [dev[i] for i in tr]))["skill_F1"])
        print(f"fold {fi + 1}/{k} fitted ({len(model.weights)} weights)")
    cv = E.score_postings(dev, [held_preds[i] for i in range(len(dev))])
    metrics["dev_cv"] = {"held_out": cv, "training_folds_mean_F1": round(float(np.mean(train_scores)), 3)}

    # 3a. SkillSpan train only -> SkillSpan tech dev, dev postings (all unseen)
    ss_model = fit(ss_ex, cfg)
    ex.skill_model = ss_model
    metrics["skillspan_train_only"] = {
        "skillspan_tech_dev": E.score_spans(ss_dev, E.predict(ex, ss_dev)),
        "skillspan_tech_train": E.score_spans([r for r in ss_train if r["id"].startswith("ss-tech")],
                                               E.predict(ex, [r for r in ss_train if r["id"].startswith("ss-tech")])),
        "dev_postings": _score_postings(ex, ss_model, dev),
    }

    # final model: SkillSpan train + all dev postings
    final = fit(ss_ex + _examples(c_dev, cfg["weight_postings"]), cfg)
    metrics["final"] = {
        "dev_postings_fit_on": _score_postings(ex, final, dev),
        "dev_payloads_held_out": _score_postings(ex, final, payloads),
        "skillspan_tech_dev_held_out": E.score_spans(ss_dev, E.predict(ex, ss_dev)),
        "weights": len(final.weights),
    }
    metrics["seconds"] = round(time.perf_counter() - t0, 1)
    short = {
        "rules_only": {k: (v.get("skill_F1") if "skill_F1" in v else v.get("F1")) for k, v in metrics["rules_only"].items()},
        "dev_cv_held_out_F1": cv["skill_F1"], "dev_cv_P_R": (cv["skill_P"], cv["skill_R"]),
        "dev_cv_training_folds_F1": metrics["dev_cv"]["training_folds_mean_F1"],
        "ss_train_only": {"ss_dev_F1": metrics["skillspan_train_only"]["skillspan_tech_dev"]["F1"],
                          "ss_train_F1": metrics["skillspan_train_only"]["skillspan_tech_train"]["F1"],
                          "dev_F1": metrics["skillspan_train_only"]["dev_postings"]["skill_F1"]},
        "final": {"dev_fit_F1": metrics["final"]["dev_postings_fit_on"]["skill_F1"],
                  "payloads_F1": metrics["final"]["dev_payloads_held_out"]["skill_F1"],
                  "payloads_P_R": (metrics["final"]["dev_payloads_held_out"]["skill_P"], metrics["final"]["dev_payloads_held_out"]["skill_R"]),
                  "payloads_req_bal": metrics["final"]["dev_payloads_held_out"]["requirement_bal_acc"],
                  "ss_dev_F1": metrics["final"]["skillspan_tech_dev_held_out"]["F1"]},
        "seconds": metrics["seconds"],
    }
    print(json.dumps(short, indent=1))
    metrics["short"] = short
    if write:
        final = type(final)(weights=final.weights, bias=final.bias, threshold=final.threshold,
                            meta={"trained_on": "SkillSpan train (" + "+".join(cfg["skillspan_sources"]) + ") + postings/dev.jsonl",
                                  "config": cfg})
        MODEL_OUT.parent.mkdir(parents=True, exist_ok=True)
        MODEL_OUT.write_bytes(final.to_bytes())
        METRICS_OUT.write_text(json.dumps(metrics, indent=1) + "\n")
        print(f"wrote {MODEL_OUT.relative_to(ROOT)} ({MODEL_OUT.stat().st_size // 1024} kB) and {METRICS_OUT.relative_to(ROOT)}")
    return metrics


if __name__ == "__main__":
    sys.exit(main())
