#!/usr/bin/env python3
"""The second decision stage (issue 17, gbm17): fit the stacker of ``extractors/stacker.py`` and
measure it on the same company-grouped folds as ``compare_models.py``.

    nice -n 10 .venv/bin/python training/skills/stack.py [--seed 7] [--variants gbm_l7,gbm_l15,lr]

Protocol (nothing the held-out fold holds reaches a model that judges it):
- outer fold f held out; training postings ``tr`` = the other folds, with the labelled-names
  lexicon of ``tr`` only and leave-own-company-out candidates (as ``train.py``);
- **cross-fit linear scores**: for each other fold g, the linear model (``train.fit``, the shipped
  configuration, its prior from its own training postings) is fit on SkillSpan train + ``tr``
  less g and scores g's candidates: the stacker never sees a score from a model fit on that posting;
- the label-rate table of the stacker: per form, labelled / candidates over ``tr``, a training
  posting's own company left out, smoothed toward the mean;
- the stacker is fit on those rows (trees: rounds by early stopping on the inner folds g), the
  linear model is fit on all of ``tr``, and the held-out fold is extracted with both by the
  extractor itself and scored per set by the acceptance scorers (``train._per_set``).
The same folds' linear-only predictions are scored too (the reference, same run). SkillSpan tech
dev and the speed use the final models (all labelled postings, cross-fit the same way).
Rows are appended to ``training/skills/comparison.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evalkit as E  # noqa: E402
import numpy as np  # noqa: E402
import train as T  # noqa: E402

OUT = HERE / "comparison.json"

#: Stacker variants: learner and its few hyper-parameters; "thresholds": swept on the held-out folds.
VARIANTS: dict[str, dict[str, Any]] = {
    "gbm_l7": {"kind": "gbm", "num_leaves": 7, "min_data_in_leaf": 40, "learning_rate": 0.05},
    "gbm_l15": {"kind": "gbm", "num_leaves": 15, "min_data_in_leaf": 20, "learning_rate": 0.05},
    "gbm_l4": {"kind": "gbm", "num_leaves": 4, "min_data_in_leaf": 80, "learning_rate": 0.05},
    "lr": {"kind": "lr", "l2": 1.0},
    # only candidates whose linear logit lies within "band" of its threshold are re-judged (and
    # fit on): the others keep the linear decision (speed: fewer rows per posting)
    "lr_b2": {"kind": "lr", "l2": 1.0, "band": 2.0},
    "lr_b3": {"kind": "lr", "l2": 1.0, "band": 3.0},
    "gbm_l7_b2": {"kind": "gbm", "num_leaves": 7, "min_data_in_leaf": 40, "learning_rate": 0.1, "band": 2.0},
    "gbm_l7_b3": {"kind": "gbm", "num_leaves": 7, "min_data_in_leaf": 40, "learning_rate": 0.1, "band": 3.0},
    # ablations of lr_b2: the collective facts (other candidates of the line / paragraph / section /
    # skill) or the label rate left out of the fit (their weights stay 0)
    "lr_b2_nocoll": {"kind": "lr", "l2": 1.0, "band": 2.0,
                     "drop": [f"{g}_{k}" for g in ("line", "para", "sec") for k in ("n", "max_z", "mean_z", "frac_kept")] + ["same_skill_max_z"]},
    "lr_b2_norate": {"kind": "lr", "l2": 1.0, "band": 2.0, "drop": ["rate", "rate_n"]},
    # a candidate a context rule dropped and the linear model drops is never re-judged ("guard":
    # the rules' drops never count for a candidate; behaviour tests on our own sentences)
    "lr_b2_guard": {"kind": "lr", "l2": 1.0, "band": 2.0, "guard": True},
    "gbm_l7_b2_guard": {"kind": "gbm", "num_leaves": 7, "min_data_in_leaf": 40, "learning_rate": 0.1, "band": 2.0, "guard": True},
    # corp17: with the corpus facts of each form (corpus_stats.py) as extra columns
    "lr_b2_guard_cs": {"kind": "lr", "l2": 1.0, "band": 2.0, "guard": True, "corpus": True},
    "gbm_l7_b2_guard_cs": {"kind": "gbm", "num_leaves": 7, "min_data_in_leaf": 40, "learning_rate": 0.1, "band": 2.0, "guard": True,
                           "corpus": True},
    # ... all candidates re-judged (the corpus facts may matter far from the threshold too)
    "lr_guard_cs": {"kind": "lr", "l2": 1.0, "guard": True, "corpus": True},
}
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55)
SMOOTH = 5.0  # the label-rate table's pseudo-count


def posting_rows(ex: Any, recs: list[dict[str, Any]], idx: list[int], cfg: dict[str, Any], entries: Any) -> dict[int, tuple[str, list[Any]]]:
    """Per posting of ``idx``: its text and every candidate (features as ``train.posting_candidates``
    gives them: a lexicon form counts the other companies only, ``y`` its label, ``shadow``
    whether ``exclude_shadowed`` leaves it out of the fit)."""
    import build_lexicon as L


    occ = T._occurrences()
    k = int(cfg["lexicon"]["min_companies"]) if entries is not None else 0
    merge = bool(cfg["lexicon"].get("merge")) if entries is not None else False
    out: dict[int, tuple[str, list[Any]]] = {}
    for i in idx:
        r = recs[i]
        text, cands = ex.candidate_features(r.get("title") or "", r["description"], company=r.get("company"))
        per_gold = [occ(text, s["forms"]) for s in r["skills"]]
        hits = [[g for g, spans in enumerate(per_gold) if T._overlaps(c["start"], c["end"], spans)] for c in cands]
        kept_gold = {g for c, h in zip(cands, hits) if c["rule_keep"] for g in h}
        own = L.company_of(r)
        items = []
        for c, h in zip(cands, hits):
            shadow = bool(cfg.get("exclude_shadowed") and h and not c["rule_keep"] and all(g in kept_gold for g in h))
            feats = c["features"]
            if entries is not None:
                feats = T.own_lexicon_features(feats, text[c["start"]:c["end"]], entries, own, k, merge)
                if feats is None:
                    continue
            items.append(SimpleNamespace(features=feats, rule_keep=c["rule_keep"], skill=c["skill"], start=c["start"],
                                         section=c["section"], y=int(bool(h)), shadow=shadow))
        out[i] = (text, items)
    return out


def rate_counts(rows: dict[int, tuple[str, list[Any]]], recs: list[dict[str, Any]], idx: list[int]) -> dict[str, dict[str, list[int]]]:
    import build_lexicon as L

    out: dict[str, dict[str, list[int]]] = {}
    for i in idx:
        comp = L.company_of(recs[i])
        for it in rows[i][1]:
            if not it.shadow:
                c = out.setdefault(it.features[0], {}).setdefault(comp, [0, 0])
                c[0] += it.y
                c[1] += 1
    return out


def smoothed(pos: int, n: int, mean: float) -> tuple[float, int]:
    return (pos + SMOOTH * mean) / (n + SMOOTH), n


def rate_table(counts: dict[str, dict[str, list[int]]], mean: float, leave_out: str | None = None) -> dict[str, tuple[float, int]]:
    out = {}
    for form, by in counts.items():
        pos = sum(c[0] for k, c in by.items() if k != leave_out)
        n = sum(c[1] for k, c in by.items() if k != leave_out)
        if n:
            out[form] = smoothed(pos, n, mean)
    return out


def stack_matrix(rows: dict[int, tuple[str, list[Any]]], recs: list[dict[str, Any]], idx: list[int], logits: dict[int, list[float]],
                 threshold: float, counts: dict[str, dict[str, list[int]]], mean: float,
                 corpus: Any = None) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """The stacker's training rows of ``idx`` (shadowed candidates are neighbours, not rows), labels,
    and each row's posting; ``corpus``: the corpus facts (``corpus_stats.py``) end each row."""
    import build_lexicon as L

    from skillgap.extractors.stacker import dense_rows

    X, y, who = [], [], []
    for i in idx:
        text, items = rows[i]
        own = L.company_of(recs[i])
        # a posting's own company left out of its rates (as a new company's posting would see them)
        forms = {it.features[0] for it in items}
        rates = {}
        for f in forms:
            by = counts.get(f)
            if by:
                pos = sum(c[0] for k, c in by.items() if k != own)
                n = sum(c[1] for k, c in by.items() if k != own)
                if n:
                    rates[f] = smoothed(pos, n, mean)
        for it, r in zip(items, dense_rows(items, text, logits[i], threshold, rates, corpus=corpus)):
            if not it.shadow:
                X.append(r)
                y.append(it.y)
                who.append(i)
    return np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64), who


def fit_stacker(X: np.ndarray, y: np.ndarray, groups: list[int], var: dict[str, Any], rates: dict[str, tuple[float, int]],
                threshold: float, seed: int, lin_threshold: float, corpus: Any = None) -> Any:
    """A :class:`Stacker` fit on the rows (``groups``: each row's inner fold, for early stopping);
    with a "band", on the rows whose linear logit (column "z") lies within it of ``lin_threshold``.
    With ``"corpus"`` in the variant the rows' corpus columns (``prepare`` with ``corpus``) are
    used and ``corpus`` ships with the stacker; without, they are left out."""
    from skillgap.extractors.stacker import CATEGORICAL, FEATURE_NAMES, Stacker, feature_names

    if var.get("corpus"):
        assert corpus is not None and X.shape[1] == len(feature_names(corpus)), "the rows hold no corpus facts"
    else:
        X, corpus = X[:, : len(FEATURE_NAMES)], None

    band = var.get("band")
    guard = bool(var.get("guard"))
    z = X[:, FEATURE_NAMES.index("z")]
    keep = np.abs(z - lin_threshold) < float(band) if band is not None else np.ones(len(y), dtype=bool)
    if guard:  # the rows stacker.rejudged leaves to the linear model and the rules
        keep &= ~((z < lin_threshold) & (X[:, FEATURE_NAMES.index("rule_keep")] == 0.0))
    X, y, groups = X[keep], y[keep], [g for g, k in zip(groups, keep) if k]

    if var.get("drop"):  # an ablation: these facts are missing in every row (an lr weighs them 0)
        assert var["kind"] == "lr", "ablations are defined for the lr stacker"
        X = X.copy()
        X[:, [FEATURE_NAMES.index(f) for f in var["drop"]]] = 0.0
    if var["kind"] == "lr":
        from scipy.optimize import minimize

        mu = np.nanmean(X, axis=0)
        mu = np.where(np.isnan(mu), 0.0, mu)
        Xf = np.where(np.isnan(X), mu, X)
        sd = Xf.std(axis=0)
        sd = np.where(sd < 1e-9, 1.0, sd)
        Z = (Xf - mu) / sd
        lam = float(var.get("l2", 1.0))

        def loss(wb: np.ndarray) -> tuple[float, np.ndarray]:
            z = Z @ wb[:-1] + wb[-1]
            p = 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))
            g = p - y
            return float((np.logaddexp(0, z) - y * z).sum() + 0.5 * lam * wb[:-1] @ wb[:-1]), np.concatenate([Z.T @ g + lam * wb[:-1], [g.sum()]])

        w = minimize(loss, np.zeros(Z.shape[1] + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x
        model = {"mean": mu.tolist(), "scale": sd.tolist(), "coef": w[:-1].tolist(), "bias": float(w[-1])}
        return Stacker("lr", model, threshold, rates, {"variant": var}, band, guard, corpus)
    import lightgbm as lgb

    params = {"objective": "binary", "num_leaves": int(var["num_leaves"]), "min_data_in_leaf": int(var["min_data_in_leaf"]),
              "learning_rate": float(var["learning_rate"]), "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1,
              "lambda_l2": 1.0, "verbose": -1, "num_threads": 1, "seed": seed, "deterministic": True, "force_row_wise": True}
    cat = [FEATURE_NAMES.index(c) for c in CATEGORICAL]
    ds = lgb.Dataset(X, y, feature_name=feature_names(corpus), categorical_feature=cat, free_raw_data=False)
    folds = []
    g = np.asarray(groups)
    for v in sorted(set(groups)):
        folds.append((np.where(g != v)[0], np.where(g == v)[0]))
    cv = lgb.cv(params, ds, num_boost_round=int(var.get("max_rounds", 800)), folds=folds,
                callbacks=[lgb.early_stopping(40, verbose=False)])
    rounds = len(next(iter(cv.values())))
    booster = lgb.train(params, ds, num_boost_round=rounds)
    return Stacker("gbm", booster.model_to_string(), threshold, rates, {"variant": var, "rounds": rounds}, band, guard, corpus)


def crossfit(data: dict[str, Any], fold_data: dict[str, Any], rows: dict[int, tuple[str, list[Any]]], tr: list[int],
             folds: list[list[int]], cfg: dict[str, Any], c_ss: Any) -> tuple[dict[int, list[float]], dict[int, int]]:
    """Per posting of ``tr``, the logits of its candidates from the linear model fit without its fold."""
    trs = set(tr)
    logits: dict[int, list[float]] = {}
    inner: dict[int, int] = {}
    for g, fold in enumerate(folds):
        mine = [i for i in fold if i in trs]
        if not mine:
            continue
        ms = set(mine)
        rest = [i for i in tr if i not in ms]
        got, prior = T.train_examples(fold_data, rest, cfg, c_ss=c_ss)
        m = T.fit(got, cfg, prior)
        for i in mine:
            logits[i] = [m.logit(it.features) for it in rows[i][1]]
            inner[i] = g
    return logits, inner


def prepare(data: dict[str, Any], cfg: dict[str, Any], tr: list[int], folds: list[list[int]], outer: int | None = None,
            lin: Any = None, corpus: Any = None) -> dict[str, Any]:
    """What every stacker variant of one training set shares: the extractor (lexicon of ``tr``),
    the candidates, the cross-fit logits, the linear model fit on all of ``tr`` (``lin`` when
    given), the rate counts. ``folds``: the inner folds (``tr`` split by company); ``outer``: the
    held-out fold's index (with the span proposer in the config, a posting's candidates come from
    the tagger fit without its own fold and ``outer``, as ``train.TaggerBank`` gives them)."""
    recs, sets = data["recs"], data["sets"]
    t0 = time.perf_counter()
    ex, entries = T.lexicon_extractor(cfg, tr, recs, sets)
    bank = data.get("taggers") if cfg.get("tagger") else None
    if bank is None:
        rows = posting_rows(ex, recs, tr, cfg, entries)
    else:
        rows = {}
        by_fold: dict[int, list[int]] = {}
        for i in tr:
            by_fold.setdefault(bank.fold_of[i], []).append(i)
        for g, mine in sorted(by_fold.items()):
            ex.tagger = bank.without({g} if outer is None else {g, outer})
            rows.update(posting_rows(ex, recs, mine, cfg, entries))
        ex.tagger = None  # SkillSpan's candidates without the proposer, as train.cross_validate has them
    c_ss = T.candidates(ex, data["ss_train"], "skillspan")
    if bank is not None:  # the held-out fold's postings: the tagger not fit on it
        ex.tagger = bank.without(set() if outer is None else {outer})
    fold_data = {**data, "c_recs": {i: [(it.features, it.y) for it in rows[i][1] if not it.shadow] for i in tr}}
    logits, inner = crossfit(data, fold_data, rows, tr, folds, cfg, c_ss)
    if lin is None:
        got, prior = T.train_examples(fold_data, tr, cfg, c_ss=c_ss)
        lin = T.fit(got, cfg, prior)
    counts = rate_counts(rows, recs, tr)
    tot = [sum(c[0] for by in counts.values() for c in by.values()), sum(c[1] for by in counts.values() for c in by.values())]
    mean = tot[0] / max(1, tot[1])
    X, y, who = stack_matrix(rows, recs, tr, logits, lin.logit_threshold, counts, mean, corpus)
    print(f"  prepared {len(tr)} postings, {len(y)} stacker rows ({time.perf_counter() - t0:.0f} s)", flush=True)
    return {"ex": ex, "lin": lin, "X": X, "y": y, "groups": [inner[i] for i in who], "rates": rate_table(counts, mean), "corpus": corpus}


def stacked(data: dict[str, Any], cfg: dict[str, Any], tr: list[int], lin: Any, outer: int | None = None) -> Any:
    """``lin`` (the linear model fit on ``tr``) with the stacker of ``cfg["stacker"]`` fit on
    ``tr``'s cross-fit scores (what ``train.py`` ships and cross-validates with the key set)."""
    import dataclasses

    var = cfg["stacker"]
    trs = set(tr)
    folds = [[i for i in f if i in trs] for f in T.grouped_folds(data["sets"], data["recs"], cfg["folds"], cfg["seed"])]
    corpus = corpus_table() if var.get("corpus") else None
    P = prepare(data, cfg, tr, [f for f in folds if f], outer, lin, corpus)
    st = fit_stacker(P["X"], P["y"], P["groups"], var, P["rates"], float(var["threshold"]), cfg["seed"], lin.logit_threshold, corpus)
    return dataclasses.replace(lin, stacker=st)


_CORPUS: list[Any] = []


def corpus_table() -> Any:
    """The corpus facts of ``corpus_stats.py`` (its cache; cached here)."""
    if not _CORPUS:
        import corpus_stats as CS

        _CORPUS.append(CS.load())
    return _CORPUS[0]


def speed_pair(ex: Any, lin: Any, stacked: Any, recs: list[dict[str, Any]], runs: int = 4) -> tuple[float, float, float]:
    """Postings/s of the extractor with the stacked and the linear model, alternating in this
    process (best of each), and the median of the paired ratios (stacked / linear)."""
    import statistics

    items = E.extract_inputs(recs)

    def with_model(m: Any) -> Any:
        ex.skill_model = m
        return ex.extract_many(items)

    took = E.alternating({"l": lambda: with_model(lin), "s": lambda: with_model(stacked)}, runs)
    ex.skill_model = stacked
    ratios = [a / b for a, b in zip(took["l"], took["s"])]
    return round(len(items) / min(took["s"]), 1), round(len(items) / min(took["l"]), 1), round(statistics.median(ratios), 3)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--variants", default="gbm_l7,gbm_l15,lr")
    ap.add_argument("--no-train-folds", action="store_true", help="skip the training-fold figures")
    ap.add_argument("--no-final", action="store_true", help="skip the final models (SkillSpan dev, speed)")
    ap.add_argument("--set", action="append", default=[], help="extra config key=json (e.g. the span proposer's \"tagger\")")
    ap.add_argument("--refresh", action="store_true", help="recompute the cached candidates (compare_models.cached_data)")
    args = ap.parse_args()
    import compare_models as C

    base = json.loads((HERE / "config.json").read_text())
    for kv in args.set:
        k, v = kv.split("=", 1)
        base[k] = json.loads(v)
    cfg = {**base, "seed": args.seed}
    data = C.cached_data(cfg, args.refresh)
    recs, sets = data["recs"], data["sets"]
    folds = T.grouped_folds(sets, recs, cfg["folds"], cfg["seed"])
    names = args.variants.split(",")
    corpus = corpus_table() if any(VARIANTS[v].get("corpus") for v in names) else None
    held: dict[str, dict[float, dict[int, Any]]] = {v: {t: {} for t in THRESHOLDS} for v in names}
    held_lin: dict[int, Any] = {}
    train_f1: dict[str, dict[str, list[float]]] = {v: {} for v in names}
    t_start = time.perf_counter()
    for fi, fold in enumerate(folds):
        fs = set(fold)
        tr = [i for i in range(len(recs)) if i not in fs]
        print(f"fold {fi + 1}/{len(folds)}", flush=True)
        P = prepare(data, cfg, tr, [f for gi, f in enumerate(folds) if gi != fi], fi, corpus=corpus)
        ex, lin = P["ex"], P["lin"]
        ex.skill_model = lin
        held_lin.update(zip(fold, E.predict(ex, [recs[i] for i in fold])))
        for v in names:
            st = fit_stacker(P["X"], P["y"], P["groups"], VARIANTS[v], P["rates"], 0.5, cfg["seed"], lin.logit_threshold, corpus)
            for t in THRESHOLDS:
                st.threshold = t
                ex.skill_model = dataclasses.replace(lin, stacker=st)
                held[v][t].update(zip(fold, E.predict(ex, [recs[i] for i in fold])))
            if not args.no_train_folds:
                st.threshold = float(VARIANTS[v].get("threshold", 0.5))
                ex.skill_model = dataclasses.replace(lin, stacker=st)
                tp = dict(zip(tr, E.predict(ex, [recs[i] for i in tr])))
                for name, sc in T._per_set(sets, recs, tp, tr, market=False).items():
                    train_f1[v].setdefault(name, []).append(sc["skill_F1"])
            print(f"  {v}: {st.meta.get('rounds', '-')} rounds", flush=True)
    everything = list(range(len(recs)))
    ref = T._per_set(sets, recs, held_lin, everything)
    print(json.dumps({"reference linear (same run)": {k: (v["skill_F1"], v["hard_F1"], v["top20_overlap"]) for k, v in ref.items()}}), flush=True)
    final = None
    if not args.no_final:
        final = prepare(data, cfg, everything, folds, corpus=corpus)
        final["ex"].skill_model = final["lin"]
        ss_lin = E.score_spans(data["ss_dev"], E.predict(final["ex"], data["ss_dev"]))["F1"]
        dp = [r for r, s in zip(recs, sets) if s == "dev_payloads"]
        speed_lin = C.postings_per_second(final["ex"], dp)
        print(f"final linear: SkillSpan dev {ss_lin}, {speed_lin} postings/s", flush=True)
    rows_out = []
    for v in names:
        sweep = {t: T._per_set(sets, recs, held[v][t], everything) for t in THRESHOLDS}
        best_t = max(THRESHOLDS, key=lambda t: sweep[t]["selection"]["skill_F1"])
        ho = sweep[float(VARIANTS[v].get("threshold", best_t))]
        row: dict[str, Any] = {
            "variant": f"stacker {v} (t {VARIANTS[v].get('threshold', best_t)})" + (" " + " ".join(args.set) if args.set else ""),
            "config": {**cfg, "stacker": {**VARIANTS[v], "threshold": best_t}},
            "seed": cfg["seed"],
            "held_out": {k: {m: s.get(m) for m in ("skill_F1", "skill_P", "skill_R", "hard_F1", "top20_overlap", "requirement_bal_acc")}
                         for k, s in ho.items()},
            "reference_linear_same_run": {k: {m: s.get(m) for m in ("skill_F1", "skill_P", "skill_R", "hard_F1", "top20_overlap")}
                                          for k, s in ref.items()},
            "training_folds_mean_F1": {k: round(float(np.mean(x)), 3) for k, x in train_f1[v].items()} or None,
            "threshold_sweep": {str(t): {k: (s["skill_P"], s["skill_R"], s["skill_F1"], s.get("hard_F1")) for k, s in sc.items()}
                                for t, sc in sweep.items()},
            "seconds": round(time.perf_counter() - t_start, 1),
        }
        if final is not None:
            st = fit_stacker(final["X"], final["y"], final["groups"], VARIANTS[v], final["rates"], best_t, cfg["seed"], final["lin"].logit_threshold,
                             corpus)
            ex = final["ex"]
            ex.skill_model = dataclasses.replace(final["lin"], stacker=st)
            row["skillspan_tech_dev_final"] = E.score_spans(data["ss_dev"], E.predict(ex, data["ss_dev"]))["F1"]
            row["skillspan_tech_dev_final_linear"] = ss_lin
            dp = [r for r, s in zip(recs, sets) if s == "dev_payloads"]
            sp, sl, ratio = speed_pair(ex, final["lin"], ex.skill_model, dp)
            row["postings_per_s_in_process"] = sp
            row["speed_ratio_vs_linear_same_process"] = ratio  # median of paired alternating runs
            row["model_kB"] = len(dataclasses.replace(final["lin"], stacker=st).to_bytes()) // 1024
            (HERE / ".cache" / f"model_stacker_{v}_s{cfg['seed']}.json.gz").write_bytes(dataclasses.replace(final["lin"], stacker=st).to_bytes())
        print(json.dumps({"variant": row["variant"], **{k: (s["skill_F1"], s["skill_P"], s["skill_R"], s["hard_F1"], s["top20_overlap"])
                                                         for k, s in row["held_out"].items()},
                          "train": row["training_folds_mean_F1"], "ss": row.get("skillspan_tech_dev_final"),
                          "sweep": {t: (s["selection"][2], s["selection"][3]) for t, s in row["threshold_sweep"].items()},
                          "speed_ratio": row.get("speed_ratio_vs_linear_same_process")}), flush=True)
        rows_out.append(row)
        rows = json.loads(OUT.read_text()) if OUT.exists() else []
        OUT.write_text(json.dumps([*rows, row], indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
