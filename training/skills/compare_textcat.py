#!/usr/bin/env python3
"""Issue 7, design step 3: a spaCy textcat (trained from ``spacy.blank("en")`` on CPU) against the
shipped linear model, as the decision per skill candidate: held-out quality and speed, recorded.

    .venv/bin/python training/skills/compare_textcat.py [--epochs 4] [--no-write]

Same candidates, same labels, same folds as ``train.py`` (5-fold CV over the labelled postings,
grouped by company, SkillSpan tech train always in training). Each candidate becomes a short text:
its section, then up to ``WINDOW`` characters of context each side with the candidate between
``[[`` and ``]]``. spaCy's default ``textcat`` (a bag-of-words model ensembled with a CNN tok2vec,
exclusive labels ASK / NO) is trained on the training folds and decides the held-out fold's
candidates inside the real extractor (the decision hook below); the postings are then scored by
``tools/score_extract.py`` exactly as ``train.py`` scores the linear model. Speed: candidates per
second of the textcat (``nlp.pipe``, one process) against the linear model's feature sum, and
whole-extractor postings per second with each, on the real labelled postings, same process.

Needs ``../shared``; writes the figures to ``training/skills/textcat_comparison.json`` and prints
them (the summary is in benchmarks/RESULTS.md). Nothing is shipped from here.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evalkit as E  # noqa: E402
import train as T  # noqa: E402

WINDOW = 100
OUT = HERE / "textcat_comparison.json"


def window(text: str, start: int, end: int, section: str) -> str:
    left = text[max(0, start - WINDOW) : start].replace("\n", " | ")
    right = text[end : end + WINDOW].replace("\n", " | ")
    return f"{section} :: {left} [[ {text[start:end]} ]] {right}"


def labelled(ex: Any, recs: list[dict[str, Any]], kind: str) -> list[list[tuple[str, int]]]:
    """Per record, (window text, label) per candidate: the labels of ``train.candidates``."""
    return T.candidates(ex, recs, kind, exclude_shadowed=True,
                        item=lambda text, c: window(text, c["start"], c["end"], c["section"]))


def train_textcat(examples: list[tuple[str, int]], epochs: int, seed: int) -> Any:
    import spacy
    from spacy.training import Example
    from spacy.util import minibatch

    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("en")
    tc = nlp.add_pipe("textcat")
    tc.add_label("ASK")
    tc.add_label("NO")
    docs = [(nlp.make_doc(t), {"cats": {"ASK": float(y), "NO": float(1 - y)}}) for t, y in examples]
    egs = [Example.from_dict(d, a) for d, a in docs]
    opt = nlp.initialize(lambda: egs[:2000])
    rng = random.Random(seed)
    for ep in range(epochs):
        rng.shuffle(egs)
        losses: dict[str, float] = {}
        for batch in minibatch(egs, size=64):
            nlp.update(batch, sgd=opt, losses=losses, drop=0.1)
        print(f"  epoch {ep + 1}/{epochs}: loss {losses.get('textcat', 0):.1f}", flush=True)
    return nlp


class _Decide:
    """Stands in for ``SkillModel`` inside the extractor: the textcat's probability of ASK for
    the candidate (looked up by the window text the wrapper below puts in the features)."""

    def __init__(self, threshold: float) -> None:
        self.logit_threshold = threshold
        self.probs: dict[str, float] = {}

    def logit(self, feats: list[str]) -> float:
        return self.probs[feats[-1]]


def hook(ex: Any, nlp: Any, decide: _Decide) -> None:
    """Make ``ex`` decide its candidates by ``nlp``: wrap ``candidates`` so that each candidate's
    window is scored (one ``nlp.pipe`` per posting) and carried as its last feature."""
    orig = type(ex).candidates

    def wrapped(doc: Any, text: str, layout: Any, company: Any, title: str) -> list[Any]:
        cands = orig(ex, doc, text, layout, company, title)
        wins = [window(text, c.start, c.end, c.section) for c in cands]
        for w, d in zip(wins, nlp.pipe(wins, batch_size=256)):
            decide.probs[w] = d.cats["ASK"]
        return [dataclasses.replace(c, features=[*c.features, w]) for c, w in zip(cands, wins)]

    ex.candidates = wrapped
    ex.skill_model = decide


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    if E.shared_dir() is None:
        print("skipped: ../shared is not present")
        return 0
    from skillgap.extractors.extract import Extractor

    cfg = json.loads((HERE / "config.json").read_text())
    ex = Extractor(skill_model=None)
    recs = E.postings("dev") + E.postings("dev_payloads")
    sets = ["dev"] * len(E.postings("dev"))
    sets += ["dev_payloads"] * (len(recs) - len(sets))
    ss_train = E.skillspan("train", "tech")
    t0 = time.perf_counter()
    ss_rows = [x for rows in labelled(ex, ss_train, "skillspan") for x in rows]
    post_rows = labelled(ex, recs, "postings")
    print(f"candidates: SkillSpan train {len(ss_rows)}, postings {sum(map(len, post_rows))} ({time.perf_counter() - t0:.0f} s)")
    folds = T.grouped_folds(sets, recs, cfg["folds"], cfg["seed"])
    held: dict[int, dict[str, Any]] = {}
    t_train = 0.0
    for fi, fold in enumerate(folds):
        fs = set(fold)
        tr = [i for i in range(len(recs)) if i not in fs]
        # postings weighted as in train.py (weight 2 against SkillSpan 0.5: each posting example 4x)
        reps = max(1, round(cfg["weight_postings"] / cfg["weight_skillspan"]))
        exs = ss_rows + [x for i in tr for x in post_rows[i]] * reps
        t1 = time.perf_counter()
        nlp = train_textcat(exs, args.epochs, cfg["seed"])
        t_train += time.perf_counter() - t1
        fx = Extractor(skill_model=None)
        hook(fx, nlp, _Decide(args.threshold))
        for i, p in zip(fold, E.predict(fx, [recs[i] for i in fold])):
            held[i] = p
        print(f"fold {fi + 1}/{len(folds)} done", flush=True)
    scores = T._per_set(sets, recs, held, list(range(len(recs))))
    # the final textcat on everything, for SkillSpan dev and speed
    nlp = train_textcat(ss_rows + [x for rows in post_rows for x in rows] * max(1, round(cfg["weight_postings"] / cfg["weight_skillspan"])), args.epochs, cfg["seed"])
    fx = Extractor(skill_model=None)
    hook(fx, nlp, _Decide(args.threshold))
    ss_dev = E.skillspan("dev", "tech")
    ss_f = E.score_spans(ss_dev, E.predict(fx, ss_dev))
    # speed, same process: candidates/s of each decision, and postings/s of the whole extractor
    wins = [w for rows in post_rows for w, _ in rows]
    t1 = time.perf_counter()
    for _ in nlp.pipe(wins, batch_size=256):
        pass
    tc_cps = len(wins) / (time.perf_counter() - t1)
    lin = Extractor()
    feats = [c["features"] for r in recs for c in lin.candidate_features(r.get("title") or "", r["description"], company=r.get("company"))[1]]
    t1 = time.perf_counter()
    for _ in range(5):
        for f in feats:
            lin.skill_model.logit(f)
    lin_cps = 5 * len(feats) / (time.perf_counter() - t1)

    def rate(x: Any) -> float:
        t = time.perf_counter()
        E.predict(x, recs)
        return len(recs) / (time.perf_counter() - t)

    rate(lin)
    rate(fx)  # warm both
    pps_lin, pps_tc = max(rate(lin) for _ in range(2)), max(rate(fx) for _ in range(2))
    res = {
        "epochs": args.epochs, "threshold": args.threshold, "window_chars": WINDOW,
        "cv_held_out": {k: {m: v[m] for m in ("skill_F1", "skill_P", "skill_R")} for k, v in scores.items()},
        "skillspan_tech_dev_final": ss_f,
        "train_seconds_per_fold": round(t_train / len(folds), 1),
        "candidates_per_s": {"textcat": round(tc_cps), "linear": round(lin_cps)},
        "postings_per_s_in_process": {"textcat": round(pps_tc, 1), "linear": round(pps_lin, 1)},
    }
    print(json.dumps(res, indent=1))
    if not args.no_write:
        OUT.write_text(json.dumps(res, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
