"""Self-training of the linear judge on the unlabelled corpus (issue 17, helper self17).

With ``"selftrain": {...}`` in the config, ``train.py`` fits the linear model twice: the *teacher*
on the gold examples as before, then the *student* on the gold examples plus pseudo-labelled
candidates of a sample of ``corpus/unlabelled.jsonl.gz``: a corpus candidate whose teacher
probability is >= ``hi`` is a positive, <= ``lo`` a negative, the band between is left out; each
pseudo-labelled example weighs ``weight`` (a gold posting's example weighs ``weight_postings``).
The student replaces the teacher; the second stage (``stack.py``) is fit on top of it as before
(on cross-fit gold-only linear scores).

Honesty (no leakage): in the CV the teacher is the linear model fit on the training folds only,
its candidates come from the extractor of the fold (lexicon of the training folds, span proposer
not fit on the held-out fold), and corpus postings of a held-out company are not sampled (a new
company's posting has no sibling in the pseudo-labels). Near-copies of a labelled posting
(``evalkit.without_labelled``: the same id or opening, or >= 20 % of its 8-word shingles) are
never used (the self17 rows in RESULTS were measured when only the same id or first 200
characters counted).

Config keys: ``n`` (postings sampled; 0 = all), ``hi``, ``lo``, ``weight``, ``seed`` (sample),
``teacher``: "linear" (default: the linear model's probability) or "stacked" (the teacher's second
stage, fit on the same training postings, gives the probability of the candidates it re-judges:
it sees the other candidates of the line / paragraph / section, which the linear student does not,
so its pseudo-labels carry information the student's own fit lacks).
"""

from __future__ import annotations

import json
import math
import random
import sys
from types import SimpleNamespace
from typing import Any

import build_lexicon as L
import evalkit as E

_POOL: dict[str, list[dict[str, Any]]] = {}
_CANDS: dict[str, list[tuple[str, list[Any]]]] = {}


def corpus_pool(recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The unlabelled corpus less the near-copies of the labelled postings ``recs``
    (``evalkit.without_labelled``)."""
    if "pool" not in _POOL:
        rows, _ = E.corpus_postings(leave_out_labelled=False)
        _POOL["pool"] = E.without_labelled(rows, recs)
    return _POOL["pool"]


def sample(recs: list[dict[str, Any]], held: list[int], st: dict[str, Any]) -> list[dict[str, Any]]:
    """``st["n"]`` corpus postings (seeded), none of a company of the held-out postings ``held``."""
    out_comp = {L.company_of(recs[i]) for i in held}
    pool = [r for r in corpus_pool(recs) if L.company_of(r) not in out_comp]
    n = int(st.get("n", 0))
    if n and n < len(pool):
        pool = random.Random(int(st.get("seed", 7))).sample(pool, n)
    return pool


def corpus_candidates(ex: Any, rows: list[dict[str, Any]], key: str) -> list[tuple[str, list[Any]]]:
    """Per posting of ``rows``, its text and candidates (features interned) with extractor ``ex``
    (cached by ``key``: the same fold extractor and sample give the same candidates for another
    variant)."""
    if key not in _CANDS:
        out = []
        for r in rows:
            text, cands = ex.candidate_features(r.get("title") or "", r["description"], company=r.get("company"))
            out.append((text, [SimpleNamespace(features=tuple(sys.intern(f) for f in c["features"]), rule_keep=c["rule_keep"],
                                               skill=c["skill"], start=c["start"], section=c["section"]) for c in cands]))
        _CANDS[key] = out
    return _CANDS[key]


def pseudo_examples(teacher: Any, postings: list[tuple[str, list[Any]]], st: dict[str, Any], prior: dict[str, str] | None) -> tuple[list[tuple[list[str], int, float]], dict[str, int]]:
    """The confident corpus candidates as weighted examples, with the label-rate prior's features
    the gold examples carry (``train._with_prior``); and counts (positives, negatives, left out).
    A candidate's confidence is the teacher's linear probability, or, with a second stage in the
    teacher (``st["teacher"] == "stacked"``), the second stage's for the candidates it re-judges."""
    from skillgap.extractors.stacker import dense_rows, rejudged

    hi, lo, w = float(st["hi"]), float(st["lo"]), float(st["weight"])
    zhi, zlo = math.log(hi / (1 - hi)), math.log(lo / (1 - lo))
    stacker = teacher.stacker if st.get("teacher") == "stacked" else None
    lt = teacher.logit_threshold
    out: list[tuple[list[str], int, float]] = []
    n = {"pos": 0, "neg": 0, "band": 0}
    for text, items in postings:
        z = [teacher.logit(c.features) for c in items]
        if stacker is not None:
            only = rejudged(items, z, lt, stacker.band, stacker.guard)
            for i, p in zip(only, stacker.proba(dense_rows(items, text, z, lt, stacker.rates, only))):
                z[i] = math.log(max(p, 1e-9) / max(1 - p, 1e-9))
        for c, zi in zip(items, z):
            if zi >= zhi:
                y = 1
            elif zi <= zlo:
                y = 0
            else:
                n["band"] += 1
                continue
            n["pos" if y else "neg"] += 1
            f = list(c.features)
            if prior is not None:
                import train as T

                f = T._with_prior(f, prior.get(f[0]))
            out.append((f, y, w))
    return out, n


def student(data: dict[str, Any], cfg: dict[str, Any], ex: Any, teacher: Any, got: list[tuple[list[str], int, float]],
            prior: dict[str, str] | None, held: list[int], key: str) -> Any:
    """The linear model refit on ``got`` plus the pseudo-labelled corpus candidates of ``teacher``
    (fit on ``got``, with its second stage when ``teacher`` is "stacked"); ``held``: the held-out
    postings (their companies' corpus postings are not sampled); ``key`` names the fold extractor
    (candidate cache)."""
    import time

    import train as T

    st = cfg["selftrain"]
    t0 = time.perf_counter()
    rows = sample(data["recs"], held, st)
    posts = corpus_candidates(ex, rows, key + json.dumps([st.get("n"), st.get("seed"), len(rows)]))
    t1 = time.perf_counter()
    pseudo, n = pseudo_examples(teacher, posts, st, prior)
    model = T.fit(got + pseudo, cfg, prior)
    print(f"  self-training: {len(rows)} corpus postings, {sum(len(x[1]) for x in posts)} candidates ({t1 - t0:.0f} s), pseudo {n}, "
          f"student fit {time.perf_counter() - t1:.0f} s", flush=True)
    return model
