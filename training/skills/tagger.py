#!/usr/bin/env python3
"""The span proposer's recipe and its upper-bound probe (issue 17; ``extractors/tagger.py``).

    nice -n 10 .venv/bin/python training/skills/tagger.py --probe [--no-vectors] [--threshold 0.5]

Gold for the tagger: every occurrence of a gold skill's ``forms`` in the text (the posting
scorer's own ``occurrences``), longest first, as B/I tokens, over the tokens of the requirements
and preferred sections (where the tagger runs). Fit: multinomial logistic regression (L-BFGS,
L2) over the sparse slot features of a 5-token window, plus, with ``vectors``, the corpus floret
vectors (``vectors.py``) of the window's words as dense blocks, folded into the word rows after
the fit (one weight per corpus word, offset and class): nothing but the table ships.

``--probe``: on the company-grouped folds of ``train.py`` (seed 7), the tagger fit on the
training folds only, its spans on the held-out postings against today's candidates (each fold's
lexicon from its training folds): how many gold skills its spans reach that no candidate does,
and the share of its spans outside the candidates that hit a gold skill.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import train as T  # noqa: E402

from skillgap.extractors.tagger import OFFSETS, SLOTS, TAG_SECTIONS, Tagger, line_info, match_slots, regions, token_keys  # noqa: E402


def posting_tokens(ex: Any, rec: dict[str, Any]) -> tuple[str, list[str], list[int], list[Any], Any]:
    """The text, words, word offsets, matcher rows and layout of ``rec`` as ``ex`` reads them."""
    from skillgap.extractors.discover import _token_starts
    from skillgap.extractors.extract import _tokenizable
    from skillgap.extractors.pipeline import match_text
    from skillgap.extractors.sections import analyse

    text = _tokenizable(ex._prepare(rec["description"], None)[0])
    starts: list[int] = []
    words, _lowers, rows = match_text(ex.nlp, text, starts=starts)
    if len(starts) != len(words):
        starts = _token_starts(words, text)
    return text, words, starts, rows, analyse(text)


def runs_of(ex: Any, rec: dict[str, Any], occ: Any = None, sections: frozenset[str] = TAG_SECTIONS, mask_rows: bool = True) -> list[dict[str, Any]]:
    """Per tagged region of ``rec``: the slot keys of its tokens (with context) and, with gold
    (``occ``), the B/I/O labels of its inner tokens; ``mask_rows``: the tokens of a vocabulary
    match get label -1 (left out of the fit: a span over them is never proposed)."""
    text, words, starts, rows, layout = posting_tokens(ex, rec)
    st = np.asarray(starts)
    out = []
    spans = []
    if occ is not None:
        for s in rec["skills"]:
            spans += occ(text, s["forms"])
        spans.sort(key=lambda x: x[0] - x[1])  # longest first
    for a, b, section in regions(st, layout, sections):
        ca, cb = max(0, a - 2), min(len(words), b + 2)
        keys = [list(token_keys(w)) for w in words[ca:cb]]
        for k, m in zip(keys, match_slots(rows, ca, cb)):
            k.append(m)
        for k, x in zip(keys, line_info(words, ca, cb, section)):
            k.append(x)
        y = np.zeros(b - a, dtype=np.int8)
        if occ is not None:
            ends = st + np.array([len(w) for w in words])
            for s, e in spans:
                ts = int(np.searchsorted(st, s, "left"))
                te = int(np.searchsorted(ends, e, "left")) + 1
                if ts < a or te > b or ts >= te or st[ts] != s or (y[ts - a : te - a] != 0).any():
                    continue
                y[ts - a] = 1
                y[ts - a + 1 : te - a] = 2
        if mask_rows:
            for row in rows:
                if row.tok_end > a and row.tok_start < b:
                    y[max(0, row.tok_start - a) : row.tok_end - a] = -1
        out.append({"keys": keys, "lows": [w.lower() for w in words[ca:cb]], "inner": (a - ca, b - ca), "y": y})
    return out


def sections_of(cfg: dict[str, Any]) -> frozenset[str]:
    return frozenset(cfg.get("sections") or TAG_SECTIONS)


def fit_tagger(runs: list[dict[str, Any]], cfg: dict[str, Any]) -> Tagger:
    """A tagger fit on ``runs`` (see the module docstring); ``cfg``: the ``tagger`` block."""
    use_vec = bool(cfg.get("vectors", True))
    counts: Counter[str] = Counter()
    for r in runs:
        for k in r["keys"]:
            counts.update(k)
    names = ["<pad>", "w=?", "s=?", "x=?", "p=?"]
    names += sorted(k for k, c in counts.items() if c >= int(cfg.get("min_count", 2)) and k not in names)
    if use_vec:
        vindex, vecs = T.word_vectors()
        have = set(names)
        names += sorted("w=" + w for w in vindex if "w=" + w not in have)
    index = {n: i for i, n in enumerate(names)}
    F = len(names)
    unk = [index["w=?"], index["s=?"], index["x=?"], index["p=?"], 0, 0]
    rows_i, cols, ys, dense_rows = [], [], [], []
    n = 0
    K = len(OFFSETS)
    for r in runs:
        ids = np.array([[index.get(x, unk[j]) for j, x in enumerate(k)] for k in r["keys"]], dtype=np.int64)
        a, b = r["inner"]
        L = len(ids)
        if use_vec:
            vi = np.array([vindex.get(w, -1) for w in r["lows"]])
        for t in range(a, b):
            if r["y"][t - a] < 0:
                continue
            for k, o in enumerate(OFFSETS):
                u = t + o
                if 0 <= u < L:
                    for j in range(len(SLOTS)):
                        if ids[u, j]:
                            rows_i.append(n)
                            cols.append(k * F + ids[u, j])
            if use_vec:
                dense_rows.append([vi[t + o] if 0 <= t + o < L else -1 for o in OFFSETS])
            ys.append(int(r["y"][t - a]))
            n += 1
    X = sparse.csr_matrix((np.ones(len(rows_i), dtype=np.float64), (rows_i, cols)), shape=(n, K * F))
    Y = np.zeros((n, 3))
    Y[np.arange(n), ys] = 1.0
    lam, lam_v = float(cfg.get("l2", 1.0)), float(cfg.get("l2_vec", 1.0))
    if use_vec:
        dim = vecs.shape[1]
        vz = np.vstack([vecs, np.zeros((1, dim))]).astype(np.float32)
        DI = np.array(dense_rows)
        D = np.hstack([vz[DI[:, k]] for k in range(K)])  # (n, K * dim), float32
        nd = K * dim
    else:
        D, nd = None, 0
    ns = K * F * 3

    def loss(p: np.ndarray) -> tuple[float, np.ndarray]:
        W = p[:ns].reshape(K * F, 3)
        Z = X @ W + p[-3:]
        if D is not None:
            U = p[ns:-3].reshape(nd, 3)
            Z = Z + (D @ U.astype(np.float32)).astype(np.float64)
        Z = Z - Z.max(1, keepdims=True)
        lse = np.log(np.exp(Z).sum(1, keepdims=True))
        P = np.exp(Z - lse)
        ll = -float((Y * (Z - lse)).sum())
        G = P - Y
        gW = X.T @ G + lam * W
        parts = [gW.ravel()]
        reg = 0.5 * lam * float((W * W).sum())
        if D is not None:
            parts.append(((D.T @ G.astype(np.float32)).astype(np.float64) + lam_v * U).ravel())
            reg += 0.5 * lam_v * float((U * U).sum())
        parts.append(G.sum(0))
        return ll + reg, np.concatenate(parts)

    p0 = np.zeros(ns + nd * 3 + 3)
    res = minimize(loss, p0, jac=True, method="L-BFGS-B", options={"maxiter": int(cfg.get("max_iter", 200))})
    W = res.x[:ns].reshape(K, F, 3).copy()
    if D is not None:
        U = res.x[ns:-3].reshape(K, dim, 3)
        words = sorted(vindex, key=vindex.__getitem__)
        rows = np.array([index["w=" + w] for w in words])
        for k in range(K):
            W[k, rows] += vecs @ U[k]
    W[:, 0] = 0.0
    # stored as float16 (extractors/tagger.py): round here, so the tagger measured is the one stored
    return Tagger(index=index, W=W.astype(np.float16).astype(np.float32), b=res.x[-3:].astype(np.float32), threshold=float(cfg.get("threshold", 0.5)),
                  sections=sections_of(cfg),
                  meta={"tokens": n, "iterations": int(res.nit), "vectors": use_vec})


def probe(cfg: dict[str, Any], tcfg: dict[str, Any], thresholds: list[float]) -> dict[str, Any]:
    import evalkit as E

    recs, sets = [], []
    for name in T.SETS:
        got = E.postings(name)
        recs += got
        sets += [name] * len(got)
    occ = T._occurrences()
    stats = {t: Counter() for t in thresholds}
    t0 = time.perf_counter()
    for fi, fold in enumerate(T.grouped_folds(sets, recs, cfg["folds"], cfg["seed"])):
        fs = set(fold)
        tr = [i for i in range(len(recs)) if i not in fs]
        ex = T.lexicon_extractor(cfg, tr, recs, sets)[0]
        runs = [x for i in tr for x in runs_of(ex, recs[i], occ, sections_of(tcfg))]
        tagger = fit_tagger(runs, tcfg)
        print(f"fold {fi + 1}: fit on {tagger.meta['tokens']} tokens, {tagger.meta['iterations']} iterations ({time.perf_counter() - t0:.0f} s)", flush=True)
        for i in fold:
            r = recs[i]
            text, cands = ex.candidate_features(r.get("title") or "", r["description"], company=r.get("company"))
            _t, words, starts, rows, layout = posting_tokens(ex, r)
            gold = [occ(text, s["forms"]) for s in r["skills"]]
            cand_hit = [any(T._overlaps(c["start"], c["end"], o) for c in cands) for o in gold]
            for th in thresholds:
                tagger.threshold = th
                spans = tagger.spans(text, words, starts, layout, rows, ex.tables.by_key)
                new = [(m.start, m.end) for m in spans if not any(T._overlaps(m.start, m.end, [(c["start"], c["end"])]) for c in cands)]
                st = stats[th]
                key = sets[i] if sets[i] != "dev" else "dev"
                for o, ch in zip(gold, cand_hit):
                    st[key + ":gold"] += 1
                    st[key + ":cand"] += ch
                    st[key + ":new"] += (not ch) and any(T._overlaps(a, b, o) for a, b in new)
                st[key + ":spans"] += len(spans)
                st[key + ":spans_new"] += len(new)
                st[key + ":spans_new_hit"] += sum(any(T._overlaps(a, b, o) for o in gold) for a, b in new)
    out = {}
    for th, st in stats.items():
        sel = Counter()
        for k, v in st.items():
            if not k.startswith("dev:"):
                sel[k.split(":")[1]] += v
        out[str(th)] = {"selection": {**sel, "new_share_of_gold": round(sel["new"] / sel["gold"], 4),
                                      "precision_new_spans": round(sel["spans_new_hit"] / max(1, sel["spans_new"]), 3)},
                        "dev (read while writing rules)": {k.split(":")[1]: v for k, v in st.items() if k.startswith("dev:")}}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--probe", action="store_true")
    ap.add_argument("--no-vectors", action="store_true")
    ap.add_argument("--thresholds", default="0.3,0.5,0.7")
    ap.add_argument("--set", action="append", default=[], help="tagger key=json")
    args = ap.parse_args()
    cfg = json.loads((HERE / "config.json").read_text())
    tcfg = dict(cfg.get("tagger") or {"l2": 1.0, "l2_vec": 1.0, "max_iter": 200, "threshold": 0.5})
    if args.no_vectors:
        tcfg["vectors"] = False
    for kv in args.set:
        k, v = kv.split("=", 1)
        tcfg[k] = json.loads(v)
    if args.probe:
        got = probe(cfg, tcfg, [float(x) for x in args.thresholds.split(",")])
        print(json.dumps({"tagger": tcfg, "probe": got}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
