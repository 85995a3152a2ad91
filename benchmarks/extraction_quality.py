#!/usr/bin/env python3
"""Skill-extraction quality on data the shipped extractor was not fit on (skips cleanly when
``../shared`` is absent). Only held-out figures are written to ``benchmarks/RESULTS.md``.

Runs ``training/skills/train.py``'s measurement without writing the model (about a minute):
1. 5-fold cross-validation over the labelled postings of ``../shared/data/postings/dev.jsonl``
   (41 with gold skills) and ``dev_payloads.jsonl`` (54) together, folds grouped by company: the
   candidate model is fit on SkillSpan train + four folds, the whole extractor predicts the
   fifth; the held-out predictions are scored per set by ``../shared/tools/score_extract.py``.
   The same figures on the training folds give the dev-vs-held-out gap.
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

from _common import ROOT, shared_dir, write_section

TARGETS = {"dev_cv_F1": 0.85, "skillspan_dev_F1": 0.80}

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
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = ap.parse_args()
    if shared_dir() is None:
        print("skipped: ../shared (reference postings, SkillSpan and scorers) is not present")
        return 0
    sys.path.insert(0, str(ROOT / "training" / "skills"))
    import train  # type: ignore[import-not-found]

    from skillgap.extractors.extract import EXTRACTOR_VERSION, RULES_VERSION

    cfg = json.loads((ROOT / "training" / "skills" / "config.json").read_text())
    m = train.measure(cfg, write=False)
    ho = m["cv"]["held_out"]
    trf = m["cv"]["training_folds_mean_F1"]
    cv, pay, both = ho["dev"], ho["dev_payloads"], ho["both"]
    ss_only = m["skillspan_train_only"]["skillspan_tech_dev"]
    ss_final = m["final"]["skillspan_tech_dev_held_out"]
    rules = m["rules_only"]

    def row(label: str, r: dict, key: str) -> str:
        return (f"| {label}, {r['postings_scored']} postings / {r['gold_skills']} gold skills (P / R) | "
                f"**{r['skill_F1']}** ({r['skill_P']} / {r['skill_R']}) | {trf[key]} (gap {trf[key] - r['skill_F1']:+.3f}) |")

    lines = [
        f"Extractor `{EXTRACTOR_VERSION}`: candidates from the curated taxonomy and the derived "
        "vocabulary (`data/vocab`, ~35k names), judged by the logistic-regression model in "
        "`data/models/skills` (training: `training/skills/train.py`, config "
        f"`training/skills/config.json`; this run {m['seconds']} s).",
        "",
        "**Held-out skill figures** (acceptance scorers). Postings: 5-fold cross-validation over "
        "dev.jsonl and dev_payloads together, folds grouped by company (sizes "
        f"{m['cv']['folds']}); each posting is scored by a model not fit on it. Gap: the same "
        "figure on the training folds (mean over folds) minus the held-out one.",
        "",
        "| measure | held-out | training folds (gap) | target |",
        "|---|---|---|---|",
        row("dev.jsonl skill F1, CV", cv, "dev") + f" ≥ {TARGETS['dev_cv_F1']} |",
        row("dev_payloads.jsonl skill F1, CV", pay, "dev_payloads") + " |",
        row("both sets, CV", both, "both") + " |",
        f"| SkillSpan tech dev span F1, model fit on SkillSpan train only (P / R) | **{ss_only['F1']:.3f}** "
        f"({ss_only['P']:.3f} / {ss_only['R']:.3f}) | {m['skillspan_train_only']['skillspan_tech_train']['F1']:.3f} (train) | ≥ {TARGETS['skillspan_dev_F1']} |",
        f"| SkillSpan tech dev span F1, shipped model (P / R) | {ss_final['F1']:.3f} ({ss_final['P']:.3f} / {ss_final['R']:.3f}) | — | |",
        f"| requirement balanced accuracy, CV: dev / dev_payloads | {cv['requirement_bal_acc']} / {pay['requirement_bal_acc']} | | |",
        "",
        f"Same candidates, rules alone (no model): dev {rules['dev']['skill_F1']}, "
        f"dev_payloads {rules['dev_payloads']['skill_F1']} (P {rules['dev_payloads']['skill_P']} / R "
        f"{rules['dev_payloads']['skill_R']}), SkillSpan tech dev {rules['skillspan_tech_dev']['F1']:.3f}: the "
        "bigger vocabulary alone buys recall and loses precision; the model wins it back.",
        "",
        f"Choice of configuration (threshold {cfg['threshold']}, λ {cfg['l2']:g}, SkillSpan weight "
        f"{cfg['weight_skillspan']:g}, postings {cfg['weight_postings']:g}): by the cross-validated figures, among the "
        "configurations that keep the behaviour tests on hand-written sentences passing, with SkillSpan "
        "dev ≥ 0.80 (so the CV figures above carry a mild selection bias). Rules 2.2 add features, not "
        "rules: the name's category by section, by candidate/company cue and in list items, and the words "
        "3–5 tokens out (a bag, once each). Measured against 2.1 with the same configuration: dev "
        "0.840 -> 0.841, dev_payloads 0.723 -> 0.732, both 0.775 -> 0.780, SkillSpan dev (train only) "
        "0.802 -> 0.809, every behaviour test kept; ~3-5 % slower extraction in process. λ 30 with "
        "threshold 0.5 scored higher still (dev 0.843, dev_payloads 0.736, SkillSpan dev 0.815) but "
        "reversed 5 behaviour tests (\"Build ML models in Python.\" lost machine learning): not shipped. "
        "Heavier weights for the postings (4x, 8x SkillSpan) and other (λ, threshold) pairs stayed at dev "
        "0.83–0.846. Rules 2.2 also change where dropped sections end (a \"Label: value\" field among "
        "fields covers its own line, \"About this role\" heads the job, a requirement line ends an EEO run): "
        "dev_payloads 0.732 -> 0.746, dev unchanged. Those rules were written from the errors of five labelled "
        "postings (four of dev_payloads, one of dev), so that gain is read, not held-out; their tests use "
        "sentences of our own. dev_payloads is training data: its figure is cross-validated, not untouched. "
        "Rules 2.3 drop a match inside a longer word that names something (\"Cloud\" in \"JumpCloud\": the "
        "employer, or a word the posting writes the same way twice; \"Hadoop and SparkUnderstanding\" still gives "
        "Spark) and keep plain-word hashtags in a requirements/preferred section (\"Skills: #Python, #SQL\"), "
        "multi-word skills written as one word included (\"#Datavisualization\": every curated multi-word form also "
        "matches without its spaces, but only as a hashtag), replacing five aliases that had been written from one "
        "dev.jsonl posting's hashtags (\"Criticalthinking\", ...): dev 0.841 -> 0.844 with the 2.2 configuration, "
        "dev_payloads unchanged. Both rules came from reading errors (that dev posting, one dev_payloads company), "
        "so that step is read, not held out (dev_payloads has no skill hashtags), and their tests use sentences "
        "of our own. The 2.3 configuration (λ 70, SkillSpan weight 0.5; was λ 100, weight 1) was chosen among "
        "~15 settings by CV with fold seeds 7 and 23, subject to the behaviour tests and SkillSpan dev ≥ 0.80: "
        "SkillSpan labels more candidates positive than the postings' guide does, so giving it less weight "
        "helps the postings. dev CV F1 with fold seeds 7 / 11 / 23 / 42: 0.852 / 0.847 / 0.851 / 0.846 (mean "
        "0.849, just under the target; seeds 11 and 42 were run only after the choice) against 0.843 / 0.843 / "
        "0.844 / 0.842 for the 2.2 configuration on the same rules; dev_payloads 0.745 / 0.744 / 0.742 / 0.744 "
        "against 0.745 / 0.743 / 0.744 / 0.743. "
        "λ 40-50 with weight 0.35-0.5 scored the same but lost \"CV\" in a one-line behaviour test: not shipped.",
        "",
        "**Per release** (skill F1; held-out unless marked):",
        "",
        "| rules | dev.jsonl | dev_payloads (P / R) | SkillSpan tech dev | SkillSpan tech test (hidden) |",
        "|---|---|---|---|---|",
        *HISTORY,
        f"| {RULES_VERSION} | {cv['skill_F1']} (CV over both sets; training folds {trf['dev']}) | {pay['skill_F1']} "
        f"({pay['skill_P']} / {pay['skill_R']}; CV, now fit on) | "
        f"{ss_only['F1']:.3f} (fit on SkillSpan train only); {ss_final['F1']:.3f} shipped | — |",
        "",
    ]
    misses = [k for k, v in (("dev_cv_F1", cv["skill_F1"]), ("skillspan_dev_F1", ss_only["F1"])) if v < TARGETS[k]]
    lines.append("Targets met." if not misses else f"Below target: {', '.join(misses)}.")
    print("\n".join(lines))
    if not args.no_write:
        write_section("quality", "## Extraction quality (skills)\n\n" + "\n".join(lines))
        print("wrote benchmarks/RESULTS.md (quality)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
