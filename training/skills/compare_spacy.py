#!/usr/bin/env python3
"""The spaCy ``ner`` comparison row of issue 17 (deliverable 2), on compare_models.py's folds.

    OMP_NUM_THREADS=1 nice -n 15 .venv/bin/python training/skills/compare_spacy.py --folds 1[,2,...]

The model: spaCy ``ner`` (``ner.cfg``: tok2vec width 96, depth 2, hash embeddings plus the corpus
floret vectors of ``vectors.py`` as static vectors, keyed on LOWER) started from ``spacy.blank("en")``
(no downloaded weights), trained on the gold skill mentions of the labelled postings: every
occurrence of a gold skill's ``forms`` in the text (the scorer's own ``occurrences``), label HARD or
SOFT by the gold ``kind``; overlapping occurrences keep the longest. Early stopping reads a
company-grouped eighth of the *training* folds, never the held-out fold. A predicted span becomes
a skill through the bundled taxonomy (``load_taxonomy().resolve``); an unresolved span is kept
under its lower-cased, space-normalised text (the scorers match by position, so the name only
groups mentions and names the top-20 entry).

Folds: ``train.grouped_folds`` over train_pool + dev_payloads + dev (company-grouped, k=5,
seed 7, the same as ``compare_models.py``). ``--folds`` chooses which held-out folds are run (CPU
is scarce: one fold trains for many minutes); the linear model of ``config.json`` is refit on the
same training folds (``train.fit``, with SkillSpan tech train as in ``train.py``) and scored on the
same held-out postings, in the same run, so the two rows are comparable. Also measured: postings/s
in process on dev_payloads' 54 postings, ner (``nlp.pipe`` plus resolving) vs the shipped
``Extractor().extract_many`` (which also does role, seniority, years, ...), and the union recall:
the share of gold skills the ner finds that no linear candidate overlaps.

Results: a row appended to ``comparison.json`` and printed; vectors, DocBins and models stay in
``.cache/`` (not committed).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import pickle  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))

import compare_models as C  # noqa: E402
import evalkit as E  # noqa: E402
import train as T  # noqa: E402

OUT = HERE / "comparison.json"
CFG = HERE / "ner.cfg"
SOFT = {"soft_skill", "spoken_language"}


def spacy_vectors() -> Path:
    """The corpus floret vectors (``vectors.py``'s ``floret.bin``) as a spaCy vectors directory."""
    out = CACHE / "vectors_floret"
    if (out / "config.cfg").exists():
        return out
    import floret

    text = CACHE / "corpus.floret"
    floret.load_model(str(CACHE / "floret.bin")).save_floret_vectors(str(text))
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "en", str(text), str(out), "--mode", "floret",
                    "--attr", "LOWER"], check=True)
    return out


def gold_spans(text: str, skills: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """Every occurrence of a gold skill's forms in ``text`` (as the scorer finds them), longest
    first where they overlap, labelled HARD/SOFT."""
    occ = T._occurrences()
    spans = [(a, b, "SOFT" if s["kind"] == "soft" else "HARD") for s in skills for a, b in occ(text, s["forms"])]
    spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    kept: list[tuple[int, int, str]] = []
    for a, b, lab in spans:
        if not any(a < y and x < b for x, y, _ in kept):
            kept.append((a, b, lab))
    return sorted(kept)


def docbin(nlp: Any, texts: list[str], recs: list[dict[str, Any]]) -> Any:
    from spacy.tokens import DocBin

    db = DocBin()
    for text, r in zip(texts, recs):
        doc = nlp.make_doc(text)
        ents, used = [], set()
        for a, b, lab in gold_spans(text, r["skills"]):
            sp = doc.char_span(a, b, label=lab, alignment_mode="expand")
            if sp is None or any(i in used for i in range(sp.start, sp.end)):
                continue
            used.update(range(sp.start, sp.end))
            ents.append(sp)
        doc.ents = ents
        db.add(doc)
    return db


def to_prediction(rec: dict[str, Any], text: str, doc: Any, tax: Any) -> dict[str, Any]:
    """One ``skillgap extract``-shaped line (id, description_text, skills) from the ner's spans."""
    skills = []
    for ent in doc.ents:
        sk = tax.resolve(ent.text)
        name = sk.name if sk else " ".join(ent.text.lower().split())
        cat = sk.category if sk else "discovered"
        if ent.label_ == "SOFT" and cat not in SOFT:
            cat = "soft_skill"
        skills.append({"skill": name, "category": cat, "start": ent.start_char, "end": ent.end_char, "requirement": "required"})
    return {"id": rec["id"], "description_text": text, "skills": skills}


def train_fold(fi: int, texts: list[str], recs: list[dict[str, Any]], sets: list[str], tr: list[int], max_epochs: int) -> Path:
    import spacy
    from spacy.cli.train import train

    out = CACHE / f"ner_fold{fi + 1}"
    if (out / "model-best" / "meta.json").exists():
        return out / "model-best"
    # early stopping: a company-grouped eighth of the training folds (never the held-out fold)
    inner = T.grouped_folds([sets[i] for i in tr], [recs[i] for i in tr], 8, 7)[0]
    dev = [tr[j] for j in inner]
    fit = sorted(set(tr) - set(dev))
    nlp = spacy.blank("en")
    work = CACHE / f"ner_fold{fi + 1}_data"
    work.mkdir(parents=True, exist_ok=True)
    docbin(nlp, [texts[i] for i in fit], [recs[i] for i in fit]).to_disk(work / "train.spacy")
    docbin(nlp, [texts[i] for i in dev], [recs[i] for i in dev]).to_disk(work / "dev.spacy")
    print(f"fold {fi + 1}: {len(fit)} training postings, {len(dev)} early-stopping postings", flush=True)
    train(CFG, out, use_gpu=-1, overrides={
        "paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
        "paths.vectors": str(spacy_vectors()), "training.max_epochs": max_epochs,
    })
    return out / "model-best"


def linear_fold(data: dict[str, Any], cfg: dict[str, Any], tr: list[int], fold: list[int]) -> dict[int, dict[str, Any]]:
    """The linear model of ``cfg`` fit on the training folds, its predictions on ``fold`` (as
    ``train.cross_validate`` does it for one fold)."""
    ex, recs = data["ex"], data["recs"]
    ss_ex = T._examples(data["c_ss"], cfg["weight_skillspan"])
    ex.skill_model = T.fit(ss_ex + T._posting_examples(data, tr, cfg), cfg)
    return dict(zip(fold, E.predict(ex, [recs[i] for i in fold])))


def union_recall(ex: Any, recs: list[dict[str, Any]], idx: list[int], ner_preds: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Gold skills (held-out postings) that the ner finds, and those of them no linear candidate overlaps."""
    occ = T._occurrences()
    n = found = new = cand = 0
    for i in idx:
        r = recs[i]
        text, cands = ex.candidate_features(r.get("title") or "", r["description"], company=r.get("company"))
        spans = [(m["start"], m["end"]) for m in ner_preds[i]["skills"]]
        for s in r["skills"]:
            o = occ(text, s["forms"])
            n += 1
            by_cand = any(T._overlaps(c["start"], c["end"], o) for c in cands)
            by_ner = any(T._overlaps(a, b, o) for a, b in spans)
            cand += by_cand
            found += by_ner
            new += by_ner and not by_cand
    return {"gold_skills": n, "linear_candidate_recall": round(cand / n, 3), "ner_recall": round(found / n, 3),
            "ner_only": new, "ner_only_share": round(new / n, 3), "union_candidate_recall": round((cand + new) / n, 3)}


def speed(nlp: Any, ex_texts: list[str], tax: Any, runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        for doc in nlp.pipe(ex_texts, batch_size=64):
            for ent in doc.ents:
                tax.resolve(ent.text)
        best = min(best, time.perf_counter() - t0)
    return round(len(ex_texts) / best, 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folds", default="1", help="1-based held-out folds of the 5 to run, e.g. 1,2")
    ap.add_argument("--max-epochs", type=int, default=12)
    ap.add_argument("--train-scores", action="store_true", help="also score the training folds (slow)")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--speed-rounds", type=int, default=3)
    ap.add_argument("--train-only", action="store_true", help="only train (and cache) the fold models")
    args = ap.parse_args()
    import spacy

    from skillgap.extractors.taxonomy import load_taxonomy

    base = json.loads((HERE / "config.json").read_text())
    data = C.cached_data(base, refresh=False)
    ex, recs, sets = data["ex"], data["recs"], data["sets"]
    texts = [ex._prepare(r["description"], None)[0] for r in recs]
    folds = T.grouped_folds(sets, recs, base["folds"], base["seed"])
    tax = load_taxonomy()
    run_folds = [int(x) - 1 for x in args.folds.split(",")]
    ner_held: dict[int, dict[str, Any]] = {}
    lin_held: dict[int, dict[str, Any]] = {}
    ner_train: dict[int, dict[str, Any]] = {}
    train_f1: list[float] = []
    timings: dict[str, float] = {}
    nlp = None
    for fi in run_folds:
        fold = folds[fi]
        tr = [i for i in range(len(recs)) if i not in set(fold)]
        path = train_fold(fi, texts, recs, sets, tr, args.max_epochs)
        # wall seconds of the training (cached models keep theirs: data written -> model saved)
        t_data = (CACHE / f"ner_fold{fi + 1}_data" / "dev.spacy").stat().st_mtime
        timings[f"fold{fi + 1}_train_s"] = round((path.parent / "model-last" / "meta.json").stat().st_mtime - t_data, 1)
        if args.train_only:
            continue
        nlp = spacy.load(path)
        for i, doc in zip(fold, nlp.pipe([texts[i] for i in fold], batch_size=64)):
            ner_held[i] = to_prediction(recs[i], texts[i], doc, tax)
        if args.train_scores:
            preds = {i: to_prediction(recs[i], texts[i], d, tax) for i, d in zip(tr, nlp.pipe([texts[i] for i in tr], batch_size=64))}
            ner_train.update(preds)
            train_f1.append(T._per_set(sets, recs, preds, tr, market=False)["selection"]["skill_F1"])
        lin_held.update(linear_fold(data, base, tr, fold))
        print(f"fold {fi + 1}: {len(fold)} held out; ner trained in {timings[f'fold{fi + 1}_train_s']} s", flush=True)
    if args.train_only:
        return 0
    idx = sorted(ner_held)
    keep = ("skill_F1", "skill_P", "skill_R", "hard_F1", "top20_overlap", "requirement_bal_acc")
    ner_sc = {k: {m: v.get(m) for m in keep} for k, v in T._per_set(sets, recs, ner_held, idx).items()}
    lin_sc = {k: {m: v.get(m) for m in keep} for k, v in T._per_set(sets, recs, lin_held, idx).items()}
    ur = union_recall(ex, recs, [i for i in idx if sets[i] in T.SELECTION], ner_held)
    assert nlp is not None
    pairs = _speed_pairs(nlp, texts, recs, sets, tax, args.speed_rounds)
    ratios = sorted(a / b for a, b in pairs)
    ner_speed, lin_speed = max(a for a, _ in pairs), max(b for _, b in pairs)
    # SkillSpan tech dev with the last fold model (a guard only: the ner is not trained on SkillSpan)
    ss = data["ss_dev"]
    ss_preds = [to_prediction(r, r["description"], d, tax) for r, d in zip(ss, nlp.pipe([r["description"] for r in ss], batch_size=64))]
    ss_f1 = E.score_spans(ss, ss_preds)["F1"]
    (CACHE / f"ner_held_{args.folds.replace(',', '_')}.pkl").write_bytes(pickle.dumps({"ner": ner_held, "linear": lin_held}))
    row = {
        "variant": "spacy ner (tok2vec w96 d2 + corpus floret static vectors)", "config": "training/skills/ner.cfg",
        "seed": base["seed"], "folds_run": [f + 1 for f in run_folds], "of_folds": base["folds"],
        "held_out_postings": {s: sum(sets[i] == s for i in idx) for s in T.SETS},
        "held_out": ner_sc,
        "linear_same_folds": {"config": "config.json (shipped)", "held_out": lin_sc},
        "training_folds_mean_F1": {"selection": round(sum(train_f1) / len(train_f1), 3)} if train_f1 else None,
        "union_recall_selection": ur,
        "skillspan_tech_dev_final": ss_f1, "skillspan_note": f"fold {run_folds[-1] + 1} model, not trained on SkillSpan",
        "postings_per_s_in_process": ner_speed, "shipped_extractor_postings_per_s_same_run": lin_speed,
        "speed_rounds_postings_per_s": pairs, "speed_ratio_ner_over_shipped_median": round(ratios[len(ratios) // 2], 3),
        "timings": timings, "max_epochs": args.max_epochs, "load_avg": os.getloadavg()[0],
        "requirement": "not predicted (every ner span marked required): requirement_bal_acc not comparable",
    }
    _report(row, write=not args.no_write)
    return 0


def _speed_pairs(nlp: Any, texts: list[str], recs: list[dict[str, Any]], sets: list[str], tax: Any,
                 rounds: int) -> list[tuple[float, float]]:
    """(ner, shipped extractor) postings/s over dev_payloads, alternating, best of 2 each time: the
    machine is shared, only same-run ratios count."""
    from skillgap.extractors.extract import Extractor

    pay = [i for i, s in enumerate(sets) if s == "dev_payloads"]
    shipped = Extractor()
    return [(speed(nlp, [texts[i] for i in pay], tax), C.postings_per_second(shipped, [recs[i] for i in pay]))
            for _ in range(rounds)]


def _report(row: dict[str, Any], *, write: bool) -> None:
    print(json.dumps({k: row[k] for k in ("folds_run", "held_out", "linear_same_folds", "training_folds_mean_F1",
                                          "union_recall_selection", "postings_per_s_in_process",
                                          "shipped_extractor_postings_per_s_same_run", "speed_rounds_postings_per_s",
                                          "skillspan_tech_dev_final")}, indent=1), flush=True)
    if write:
        rows = json.loads(OUT.read_text()) if OUT.exists() else []
        rows.append(row)
        OUT.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    random.seed(7)
    sys.exit(main())
