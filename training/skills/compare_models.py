#!/usr/bin/env python3
"""Compare candidate-decision models on the same company-grouped folds (issue 17).

    nice -n 10 .venv/bin/python training/skills/compare_models.py [--variants a,b] [--seeds 7]
    ... compare_models.py --variants shipped --set discover=true   # names beyond the vocabulary

Each variant is ``config.json`` with a few keys changed (``VARIANTS`` below). Per variant: the
held-out CV figures per set (train_pool, dev_payloads, their union = the selection figure; dev.jsonl
apart, read while writing rules), hard-skill F1 and top-20 overlap (``tools/score_market.py``),
the training-fold mean F1, SkillSpan tech dev with the model fit on everything, and the seconds a
fit takes. Results are appended to ``training/skills/comparison.json``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evalkit as E  # noqa: E402
import train as T  # noqa: E402

OUT = HERE / "comparison.json"

VARIANTS: dict[str, dict[str, Any]] = {
    # (a) today's linear model (rules 2.3 features, config 2.3) with 3x the labelled postings
    "linear": {"vectors": False},
    # (b) + context-vector features (corpus floret vectors, three blocks), separate L2
    "linear+vec": {"vectors": True, "l2_vec": 30.0},
    "linear+vec_l2_10": {"vectors": True, "l2_vec": 10.0},
    "linear+vec_l2_100": {"vectors": True, "l2_vec": 100.0},
    # (c) a small nonlinear head (numpy MLP, tanh) over the projected context vectors, fit jointly
    "mlp16": {"mlp": {"dim": 32, "hidden": 16, "l2": 3.0, "max_iter": 600}},
    "mlp32_d48": {"mlp": {"dim": 48, "hidden": 32, "l2": 3.0, "max_iter": 600}},
    "mlp16_l2_10": {"mlp": {"dim": 32, "hidden": 16, "l2": 10.0, "max_iter": 600}},
    "mlp16_l2_50": {"mlp": {"dim": 32, "hidden": 16, "l2": 50.0, "max_iter": 600}},
    # the shipped configuration (config.json as is)
    "shipped": {},
    # + the labelled-names lexicon (build_lexicon.py), built from the training folds only
    # (shipped since rules 2.8 with k = 2; "nolex": the shipped configuration without it)
    "nolex": {"lexicon": None},
    "lex1": {"lexicon": {"min_companies": 1}},
    "lex2": {"lexicon": {"min_companies": 2}},
    "lex3": {"lexicon": {"min_companies": 3}},
    "lex5": {"lexicon": {"min_companies": 5}},
    # companies counted over hyphen/plural variants together, every variant matched
    "lex2merge": {"lexicon": {"min_companies": 2, "merge": True}},
    "mlp8_l2_200": {"mlp": {"dim": 32, "hidden": 8, "l2": 200.0, "max_iter": 600}},
    # rules 2.9 (issue 17, ext17): 2.8 as shipped (forms gated resolve_only never matched) against
    # those forms as candidates the model judges (flag resolve_only), and the label-rate prior
    "2.8": {"resolve_candidates": False, "prior": None},
    "resolve": {"resolve_candidates": True, "prior": None},
    "2.8+prior3": {"resolve_candidates": False, "prior": {"min_n": 3}},
    "resolve+prior3": {"resolve_candidates": True, "prior": {"min_n": 3}},
    "resolve+prior5": {"resolve_candidates": True, "prior": {"min_n": 5}},
    # + lexicon forms labelled in < 10 % of the (training) postings whose text holds them left out
    "resolve+prior3+lexrate10": {"resolve_candidates": True, "prior": {"min_n": 3}, "lexicon": {"min_companies": 2, "min_rate": 0.1}},
    "resolve+prior3+lexrate20": {"resolve_candidates": True, "prior": {"min_n": 3}, "lexicon": {"min_companies": 2, "min_rate": 0.2}},
    # issue 17 (tag17): + the span proposer (tagger.py), cross-fit per fold; its spans are discovered
    # names labelled by probability bucket; "sections": where it runs
    "tagger": {"tagger": {"l2": 1.0, "l2_vec": 1.0, "max_iter": 200, "threshold": 0.1, "vectors": True,
                          "sections": ["requirements", "preferred", "responsibilities", "other"]}},
    # issue 17 (self17): self-training of the linear judge on pseudo-labelled corpus candidates
    # (selftrain.py): a sample of n corpus postings, teacher probability >= hi positive, <= lo
    # negative, the band between left out, each pseudo-labelled example weighing "weight"
    "st_n1000_c90_w05": {"selftrain": {"n": 1000, "hi": 0.9, "lo": 0.1, "weight": 0.5, "seed": 7}},
    "st_n1000_c80_w05": {"selftrain": {"n": 1000, "hi": 0.8, "lo": 0.2, "weight": 0.5, "seed": 7}},
    "st_n1000_c90_w02": {"selftrain": {"n": 1000, "hi": 0.9, "lo": 0.1, "weight": 0.2, "seed": 7}},
    "st_n2000_c90_w05": {"selftrain": {"n": 2000, "hi": 0.9, "lo": 0.1, "weight": 0.5, "seed": 7}},
    "st_n2000_c70_w10": {"selftrain": {"n": 2000, "hi": 0.7, "lo": 0.3, "weight": 1.0, "seed": 7}},
    # the teacher with its second stage (its pseudo-labels use the neighbours the student lacks)
    "st_stacked_n1000_c80_w05": {"selftrain": {"n": 1000, "hi": 0.8, "lo": 0.2, "weight": 0.5, "seed": 7, "teacher": "stacked"}},
    "st_stacked_n1000_c80_w10": {"selftrain": {"n": 1000, "hi": 0.8, "lo": 0.2, "weight": 1.0, "seed": 7, "teacher": "stacked"}},
    # issue 17 (mine17): + the corpus-mined names (build_mined.py; label-free) discovered in >= k corpus companies
    "mined3": {"mined": {"min_companies": 3}},
    "mined5": {"mined": {"min_companies": 5}},
    # ... names mined from the list items of every kept section of the corpus (duties too)
    "mined3all": {"mined": {"min_companies": 3, "items": "all"}},
    "mined5all": {"mined": {"min_companies": 5, "items": "all"}},
}


def cached_data(cfg: dict[str, Any], refresh: bool) -> dict[str, Any]:
    from skillgap.extractors.extract import Extractor

    discover = bool(cfg.get("discover"))
    lex = cfg.get("lexicon")
    tag = f"_lex{lex['min_companies']}" + ("m" if lex.get("merge") else "") + (f"r{lex['min_rate']}" if lex.get("min_rate") else "") if lex else ""
    tag += "" if cfg.get("resolve_candidates", True) else "_nores"
    tag += f"_mined{cfg['mined']['min_companies']}{cfg['mined'].get('items', '')}" if cfg.get("mined") and discover else ""
    if cfg.get("tagger"):  # the span proposer: candidates depend on its configuration
        import hashlib

        # ... and on the folds it is cross-fit on (the seed)
        tag += "_tag" + hashlib.sha256(json.dumps(cfg["tagger"], sort_keys=True).encode()).hexdigest()[:8] + f"_s{cfg['seed']}"
    tag += "_c" + E.code_digest()  # candidates (and pickled taggers) are only valid for the code that made them
    path = HERE / ".cache" / (("candidates_discover" if discover else "candidates") + tag + ".pkl")
    if path.exists() and not refresh:
        data = pickle.loads(path.read_bytes())
        data["ex"] = T.lexicon_extractor(cfg, list(range(len(data["recs"]))), data["recs"], data["sets"])[0] if lex else Extractor(skill_model=None, discover=discover)
        if data.get("taggers") is not None:
            data["ex"].tagger = data["taggers"].without(set())
        return data
    data = T.load_data(cfg)
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(pickle.dumps({k: v for k, v in data.items() if k != "ex"}))
    return data


def postings_per_second(ex: Any, recs: list[dict[str, Any]], runs: int = 2) -> float:
    """``Extractor.extract_many`` over ``recs`` in this process, best of ``runs`` (a shared
    machine: compare variants measured in the same session only)."""
    items = [{"title": r.get("title") or "", "description": r["description"], "company": r.get("company")} for r in recs]
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        for _x in ex.extract_many(items, n_process=1):
            pass
        best = min(best, time.perf_counter() - t0)
    return round(len(items) / best, 1)


def candidate_recall(data: dict[str, Any], cfg: dict[str, Any]) -> dict[str, float]:
    """Per set, the share of gold skills of the held-out postings that some candidate overlaps
    (the ceiling of recall), on the same folds, with the lexicon of the training folds only."""
    occurrences = T._occurrences()
    recs, sets = data["recs"], data["sets"]
    hit: dict[str, list[int]] = {}
    for fi, fold in enumerate(T.grouped_folds(sets, recs, cfg["folds"], cfg["seed"])):
        fs = set(fold)
        ex = T.lexicon_extractor(cfg, [i for i in range(len(recs)) if i not in fs], recs, sets)[0] if cfg.get("lexicon") else data["ex"]
        if cfg.get("tagger"):  # the tagger not fit on the held-out fold
            ex.tagger = data["taggers"].without({fi})
        for i in fold:
            r = recs[i]
            text, cands = ex.candidate_features(r.get("title") or "", r["description"], company=r.get("company"))
            for s in r["skills"]:
                occ = occurrences(text, s["forms"])
                h = hit.setdefault(sets[i], [0, 0])
                h[0] += any(T._overlaps(c["start"], c["end"], occ) for c in cands)
                h[1] += 1
    sel = [sum(hit[k][j] for k in T.SELECTION if k in hit) for j in (0, 1)]
    return {**{k: round(a / b, 3) for k, (a, b) in hit.items()}, "selection": round(sel[0] / sel[1], 3)}


def run(name: str, cfg: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    cv = T.cross_validate(data, cfg, sweep=tuple(cfg.get("sweep", ())))
    ex = data["ex"]
    t1 = time.perf_counter()
    got, prior = T.train_examples(data, list(range(len(data["recs"]))), cfg)
    final = T.fit_judge(data, cfg, ex, got, prior, [], "final", list(range(len(data["recs"]))))  # with "selftrain": the self-trained student
    fit_s = time.perf_counter() - t1
    slug = "".join(ch if ch.isalnum() else "_" for ch in name)[:80]
    (HERE / ".cache" / f"model_{slug}_s{cfg['seed']}.json.gz").write_bytes(final.to_bytes())  # for the behaviour tests
    ex.skill_model = final
    ss = E.score_spans(data["ss_dev"], E.predict(ex, data["ss_dev"]))
    speed = postings_per_second(ex, [r for r, s in zip(data["recs"], data["sets"]) if s == "dev_payloads"])
    ho = cv["held_out"]
    row = {
        "variant": name, "config": cfg, "seed": cfg["seed"],
        "held_out": {k: {m: v.get(m) for m in ("skill_F1", "skill_P", "skill_R", "hard_F1", "top20_overlap", "requirement_bal_acc")}
                     for k, v in ho.items()},
        "training_folds_mean_F1": cv["training_folds_mean_F1"],
        "threshold_sweep": {t: {k: (v["skill_P"], v["skill_R"], v["skill_F1"]) for k, v in sc.items()}
                            for t, sc in cv.get("threshold_sweep", {}).items()},
        "skillspan_tech_dev_final": ss["F1"], "weights": len(final.weights), "fit_seconds": round(fit_s, 1),
        "model_kB": len(final.to_bytes()) // 1024, "postings_per_s_in_process": speed,
        "candidate_recall": candidate_recall(data, cfg),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    print(json.dumps({"variant": name, "seed": cfg["seed"],
                      **{k: (v["skill_F1"], v["hard_F1"], v["top20_overlap"]) for k, v in row["held_out"].items()},
                      "train": row["training_folds_mean_F1"], "ss": ss["F1"], "cand_R": row["candidate_recall"],
                      "sweep": {t: v["selection"][2] for t, v in row["threshold_sweep"].items()}}), flush=True)
    return row


def table(rows: list[dict[str, Any]]) -> str:
    """comparison.json as the Markdown table of benchmarks/RESULTS.md."""
    out = ["| variant | selection F1 (P / R) | training folds (gap) | train_pool | dev_payloads | dev.jsonl (read) | "
           "hard F1 (selection) | top-20 (selection) | SkillSpan dev, final | postings/s in process | model kB |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ho, trf = r["held_out"], r["training_folds_mean_F1"]
        sel = ho["selection"]
        out.append(f"| {r['variant']} | **{sel['skill_F1']}** ({sel['skill_P']} / {sel['skill_R']}) | {trf['selection']} "
                   f"({trf['selection'] - sel['skill_F1']:+.3f}) | {ho['train_pool']['skill_F1']} | {ho['dev_payloads']['skill_F1']} | "
                   f"{ho['dev']['skill_F1']} | {sel['hard_F1']} | {sel['top20_overlap']} | {r['skillspan_tech_dev_final']:.3f} | "
                   f"{r.get('postings_per_s_in_process', '—')} | {r.get('model_kB', '—')} |")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--seeds", default="7")
    ap.add_argument("--set", action="append", default=[], help="extra key=json for every variant")
    ap.add_argument("--refresh", action="store_true", help="recompute the candidates")
    ap.add_argument("--table", action="store_true", help="print comparison.json as a Markdown table and stop")
    args = ap.parse_args()
    if args.table:
        print(table(json.loads(OUT.read_text())))
        return 0
    base = json.loads((HERE / "config.json").read_text())
    for kv in args.set:
        k, v = kv.split("=", 1)
        base[k] = json.loads(v)
    datas: dict[str, dict[str, Any]] = {}
    for seed in map(int, args.seeds.split(",")):
        for name in args.variants.split(","):
            cfg = {**base, **VARIANTS[name], "seed": seed}
            key = json.dumps([cfg.get("discover"), cfg.get("lexicon"), cfg.get("resolve_candidates", True), cfg.get("tagger"),
                              seed if cfg.get("tagger") else None] + ([cfg["mined"]] if cfg.get("mined") else []))
            if key not in datas:  # the candidates depend on discovery, the lexicon, the tagger and the mined names only
                datas[key] = cached_data(cfg, args.refresh)
            data = datas[key]
            row = run(name + ("" if not args.set else " " + " ".join(args.set)), cfg, data)
            # read again just before writing: another run of this script may have added rows meanwhile
            rows = json.loads(OUT.read_text()) if OUT.exists() else []
            OUT.write_text(json.dumps([*rows, row], indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
