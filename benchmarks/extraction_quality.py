#!/usr/bin/env python3
"""Skill-extraction quality on data the shipped extractor was not fit on (skips cleanly when
``../shared`` is absent). Only held-out figures are written to ``benchmarks/RESULTS.md``.

Runs ``training/skills/train.py``'s measurement without writing the model (a few minutes), or
reports the ``metrics.json`` it wrote with the shipped model (``--from-metrics``):
1. 5-fold cross-validation over the labelled postings of ``../shared/data/postings/``
   ``train_pool.jsonl`` (263 with gold skills), ``dev_payloads.jsonl`` (54) and ``dev.jsonl`` (41)
   together, folds grouped by company: the candidate model is fit on SkillSpan train + four folds,
   the whole extractor predicts the fifth; the held-out predictions are scored per set by
   ``../shared/tools/score_extract.py`` and ``score_market.py``. The selection figure is
   train_pool + dev_payloads; dev.jsonl is reported apart (read while writing rules). The same
   figures on the training folds give the training-fold gap.
2. SkillSpan tech dev (converted by ``tools/skillspan_to_jsonl.py``, scored by
   ``tools/score_skillspan.py``) with a model fit on SkillSpan train only, and with the shipped one.

The scorers are the acceptance scorers, run as subprocesses, unchanged; predictions go to a
temporary directory (posting texts are never written into the repository).

usage: python benchmarks/extraction_quality.py [--no-write]
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from _common import ROOT, shared_dir, write_section

TARGETS = {"selection_F1": 0.80, "skillspan_dev_F1": 0.80}

# Releases before 2.0 were measured on the data their rules were written against; the held-out
# figures for 1.4 come from issue 7 (hidden set) and from dev_payloads (scored for this table).
HISTORY = [
    "| 1.3 | 0.865 (fit on) | — | 0.782 (rules written on train) | — |",
    "| 1.4 | 0.864 (fit on); hidden held-out 0.738 | 0.690 (0.844 / 0.583) | 0.782 (rules written on train) | 0.759 |",
    "| 2.0 | 0.826 (5-fold CV over dev.jsonl alone; training folds 0.850) | 0.716 (0.827 / 0.631; never fit on) | "
    "0.810 (fit on SkillSpan train only); 0.802 shipped | — |",
    "| 2.1 | 0.84 (CV over both sets; training folds 0.846) | 0.723 (0.774 / 0.678; CV, now fit on) | "
    "0.802 (fit on SkillSpan train only); 0.811 shipped | — |",
    "| 2.2 | 0.841 (CV over both sets; training folds 0.848) | 0.746 (0.781 / 0.713; CV, now fit on) | "
    "0.809 (fit on SkillSpan train only); 0.816 shipped | — |",
    "| 2.3 | 0.852 (CV over dev + dev_payloads; training folds 0.857) | 0.745 (0.795 / 0.701; CV) | "
    "0.808 (fit on SkillSpan train only); 0.806 shipped | — (hidden postings 0.735) |",
    "| 2.6 | 0.849 (CV over three sets; training folds 0.87; read while writing rules) | 0.763 (0.813 / 0.72; CV); "
    "train_pool 0.749, selection 0.751 | 0.828 (fit on SkillSpan train only); 0.809 shipped | — |",
    "| 2.7 | 0.852 (CV over three sets; training folds 0.867; read while writing rules) | 0.767 (0.819 / 0.721; CV); "
    "train_pool 0.748, selection 0.751 | 0.829 (fit on SkillSpan train only); 0.811 shipped | — |",
    "| 2.8 | 0.847 (CV over three sets; training folds 0.868; read while writing rules) | 0.776 (0.82 / 0.736; CV); "
    "train_pool 0.758, selection 0.761 | 0.827 (fit on SkillSpan train only); 0.805 shipped | — |",
    "| 2.9 | 0.848 (CV over three sets; training folds 0.871; read while writing rules) | 0.775 (0.821 / 0.733; CV); "
    "train_pool 0.762, selection 0.764 | 0.828 (fit on SkillSpan train only); 0.809 shipped | — |",
    "| 2.10 | 0.845 (CV over three sets; training folds 0.874; read while writing rules) | 0.777 (0.817 / 0.742; CV); "
    "train_pool 0.768, selection 0.77 | 0.833 (fit on SkillSpan train only); 0.813 shipped | — |",
    "| 2.11 | 0.843 (CV over three sets; training folds 0.874; read while writing rules) | 0.8 (0.839 / 0.764; CV); "
    "train_pool 0.776, selection 0.779 | 0.833 (fit on SkillSpan train only); 0.815 shipped | — |",
    "| 2.13 | 0.841 (CV over three sets; training folds 0.874; read while writing rules) | 0.801 (0.841 / 0.765; CV); "
    "train_pool 0.778, selection 0.781 | 0.832 (fit on SkillSpan train only); 0.817 shipped | — |",
    "| 2.14 | 0.842 (CV over three sets; training folds 0.874; read while writing rules) | 0.804 (0.843 / 0.769; CV); "
    "train_pool 0.777, selection 0.781 | 0.832 (fit on SkillSpan train only); 0.819 shipped | — |",
]


def _lines(m: dict[str, Any], cfg: dict[str, Any], extractor_version: str, rules_version: str) -> list[str]:
    """The RESULTS section from the measured figures ``m`` (``train.measure``): the held-out
    table, the rules alone, the configuration, the per-release history and the targets."""
    ho = m["cv"]["held_out"]
    trf = m["cv"]["training_folds_mean_F1"]
    sel, pool, pay, dev = ho["selection"], ho["train_pool"], ho["dev_payloads"], ho["dev"]
    ss_only = m["skillspan_train_only"]["skillspan_tech_dev"]
    ss_final = m["final"]["skillspan_tech_dev_held_out"]
    rules = m["rules_only"]

    def row(label: str, r: dict, key: str) -> str:
        return (f"| {label}, {r['postings_scored']} postings / {r['gold_skills']} gold skills (P / R) | "
                f"**{r['skill_F1']}** ({r['skill_P']} / {r['skill_R']}) | {trf[key]} (gap {trf[key] - r['skill_F1']:+.3f}) | "
                f"{r.get('hard_F1', '—')} | {r.get('top20_overlap', '—')} |")

    lines = [
        f"Extractor `{extractor_version}`: candidates from the curated taxonomy and the derived "
        "vocabulary (`data/vocab`, ~35k names)" + (
            f", the labelled-names lexicon (forms our annotators labelled in >= {cfg['lexicon']['min_companies']} companies; "
            "per CV fold built from the training folds only)" if cfg.get("lexicon") else "") + (
            ", the names a token tagger proposes in requirement, preferred, duty and unheaded text (`data/models/skills/tagger.npz`; "
            "cross-fit: no posting's proposals come from a tagger fit on it)" if cfg.get("tagger") else "") + ", judged by the model in `data/models/skills` (a logistic "
        "regression over sparse features plus context-vector features from word vectors learned on the "
        "unlabelled corpus" + ("; a second stage (`extractors/stacker.py`) re-judges the candidates near the threshold from "
                               "dense facts of each and its neighbours, fit on cross-fit linear scores" if cfg.get("stacker") else "")
        + "; training: `training/skills/vectors.py` then `training/skills/train.py`, config "
        f"`training/skills/config.json`; this run {m['seconds']} s).",
        "",
        "**Protocol (issue 17).** 5-fold cross-validation over the 358 labelled postings with gold skills "
        "(`train_pool` 263, `dev_payloads` 54, `dev` 41), folds grouped by company (one company's postings "
        f"share boilerplate; sizes {m['cv']['folds']}), SkillSpan tech train always in training: each "
        "posting is scored by a model not fit on it. Models, features and thresholds are chosen by the "
        "**selection** figure, train_pool + dev_payloads together (the distribution users see; on the hidden "
        "acceptance postings dev_payloads' CV predicted the figure within 0.01). dev.jsonl is trained on and "
        "reported apart: it was **read while writing rules**, so its figure is optimistic. SkillSpan tech dev "
        "is a guard (≥ 0.80 wanted). Gap: the same figure on the training folds (mean over folds) minus the "
        "held-out one. Hard F1 and top-20 overlap: `tools/score_market.py`.",
        "",
        "| measure | skill F1 held-out (P / R) | training folds (gap) | hard F1 | top-20 overlap |",
        "|---|---|---|---|---|",
        row("**selection**: train_pool + dev_payloads, CV", sel, "selection"),
        row("train_pool.jsonl, CV", pool, "train_pool"),
        row("dev_payloads.jsonl, CV", pay, "dev_payloads"),
        row("dev.jsonl, CV (read while writing rules)", dev, "dev"),
        f"| SkillSpan tech dev span F1, model fit on SkillSpan train only (P / R) | **{ss_only['F1']:.3f}** "
        f"({ss_only['P']:.3f} / {ss_only['R']:.3f}) | {m['skillspan_train_only']['skillspan_tech_train']['F1']:.3f} (train) | | |",
        f"| SkillSpan tech dev span F1, shipped model (P / R) | {ss_final['F1']:.3f} ({ss_final['P']:.3f} / {ss_final['R']:.3f}) | — | | |",
        f"| requirement balanced accuracy, CV: selection / dev | {sel['requirement_bal_acc']} / {dev['requirement_bal_acc']} | | | |",
        "",
        "Same candidates, rules alone (no model" + ("; with the lexicon of all labelled postings, so not held out"
                                                    if cfg.get("lexicon") else "") + f"): train_pool {rules['train_pool']['skill_F1']}, "
        f"dev_payloads {rules['dev_payloads']['skill_F1']}, dev {rules['dev']['skill_F1']}, SkillSpan tech dev "
        f"{rules['skillspan_tech_dev']['F1']:.3f}.",
        "",
        f"Configuration: threshold {cfg['threshold']}, λ {cfg['l2']:g} (context vectors: λ {cfg.get('l2_vec', cfg['l2']):g}), "
        f"SkillSpan weight {cfg['weight_skillspan']:g}, postings {cfg['weight_postings']:g}; chosen by the selection "
        "figure (see \"Skill extraction 2.5: models compared\" below).",
        "",
        "**Per release** (skill F1; held-out unless marked):",
        "",
        "| rules | dev.jsonl | dev_payloads (P / R) | SkillSpan tech dev | SkillSpan tech test (hidden) |",
        "|---|---|---|---|---|",
        *HISTORY,
        f"| {rules_version} | {dev['skill_F1']} (CV over three sets; training folds {trf['dev']}; read while writing rules) | {pay['skill_F1']} "
        f"({pay['skill_P']} / {pay['skill_R']}; CV); train_pool {pool['skill_F1']}, selection {sel['skill_F1']} | "
        f"{ss_only['F1']:.3f} (fit on SkillSpan train only); {ss_final['F1']:.3f} shipped | — |",
        "",
    ]
    misses = [k for k, v in (("selection_F1", sel["skill_F1"]), ("skillspan_dev_F1", ss_only["F1"])) if v < TARGETS[k]]
    lines.append("Targets met." if not misses else f"Below target: {', '.join(misses)} (targets: selection ≥ {TARGETS['selection_F1']}, "
                 f"SkillSpan dev ≥ {TARGETS['skillspan_dev_F1']}).")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    ap.add_argument("--from-metrics", action="store_true",
                    help="report training/skills/metrics.json (written by train.py with the shipped model) instead of measuring again")
    args = ap.parse_args()
    if shared_dir() is None:
        print("skipped: ../shared (reference postings, SkillSpan and scorers) is not present")
        return 0
    sys.path.insert(0, str(ROOT / "training" / "skills"))
    import train  # type: ignore[import-not-found]

    from skillgap.extractors.extract import EXTRACTOR_VERSION, RULES_VERSION

    cfg = json.loads((ROOT / "training" / "skills" / "config.json").read_text())
    if args.from_metrics:
        m = json.loads((ROOT / "training" / "skills" / "metrics.json").read_text())
    else:
        m = train.measure(cfg, write=False)
    lines = _lines(m, cfg, EXTRACTOR_VERSION, RULES_VERSION)
    print("\n".join(lines))
    if not args.no_write:
        write_section("quality", "## Extraction quality (skills)\n\n" + "\n".join(lines))
        print("wrote benchmarks/RESULTS.md (quality)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
