#!/usr/bin/env python3
"""Extraction quality on the reference data in ``../shared`` (skips cleanly when it is absent).

1. ``../shared/data/postings/dev.jsonl`` -> our extractor -> ``../shared/tools/score_extract.py``
   (skill P/R/F1 by text position, requirement accuracy, role family, seniority, entry level,
   years).
2. SkillSpan tech dev (converted with ``../shared/tools/skillspan_to_jsonl.py``, tech postings
   only) -> our extractor -> ``../shared/tools/score_skillspan.py`` (span P/R/F1).

The scorers are the acceptance scorers, run as subprocesses, unchanged. Predictions go to a
temporary directory (posting texts are never written into the repository). Figures are printed
and written to ``benchmarks/RESULTS.md``.

usage: python benchmarks/extraction_quality.py [--no-write] [--errors]
  --errors   also print, per posting, predicted skills that hit no gold span and missed gold skills
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import shared_dir, write_section

TARGETS = {"skill_F1": 0.85, "seniority_acc": 0.90, "skillspan_F1": 0.78}


def _extract(ex, src: Path, dst: Path) -> int:
    from skillgap.extractors.jsonl import run_extract

    with src.open(encoding="utf-8") as inp, dst.open("w", encoding="utf-8") as out:
        return run_extract(inp, out, extractor=ex, batch_size=64)


def _strip_gold(src: Path, dst: Path, keep: tuple[str, ...]) -> None:
    with src.open(encoding="utf-8") as f, dst.open("w", encoding="utf-8") as g:
        for line in f:
            if line.strip():
                r = json.loads(line)
                g.write(json.dumps({k: r.get(k) for k in keep}) + "\n")


def _errors_report(gold_path: Path, pred_path: Path) -> None:
    sys.path.insert(0, str(gold_path.parents[2] / "tools"))
    from score_extract import occurrences, overlaps  # type: ignore[import-not-found]

    preds = {str(json.loads(x)["id"]): json.loads(x) for x in pred_path.open() if x.strip()}
    for line in gold_path.open():
        g = json.loads(line)
        if "skills" not in g:
            continue
        p = preds[g["id"]]
        text = p.get("description_text") or g["description"]
        gocc = [occurrences(text, s["forms"]) for s in g["skills"]]
        by: dict[str, list] = {}
        for m in p["skills"]:
            by.setdefault(m["skill"].lower(), []).append(m)
        fp, hit = [], set()
        for name, ms in by.items():
            h = [i for i, occ in enumerate(gocc) if any(overlaps((m["start"], m["end"]), o) for m in ms for o in occ)]
            if h:
                hit.update(h)
            else:
                fp.append(f"{ms[0]['text']}[{ms[0]['section'][:4]}]")
        fn = [g["skills"][i]["forms"][0] if g["skills"][i]["forms"] else g["skills"][i]["name"]
              for i in range(len(g["skills"])) if i not in hit]
        print(f"## {g['id']} | {g['title'][:60]}")
        print(f"   FP: {fp}")
        print(f"   FN: {fn}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    ap.add_argument("--errors", action="store_true", help="print false positives/negatives per posting")
    args = ap.parse_args()
    shared = shared_dir()
    if shared is None:
        print("skipped: ../shared (reference postings, SkillSpan and scorers) is not present")
        return 0
    tools = shared / "tools"
    dev = shared / "data" / "postings" / "dev.jsonl"
    ss_json = shared / "data" / "skillspan" / "json" / "dev.json"

    from skillgap.extractors.extract import Extractor

    t0 = time.perf_counter()
    ex = Extractor()
    build_s = time.perf_counter() - t0
    lines = [f"Extractor `{ex.version}`; pipeline built in {build_s:.1f} s.", ""]
    res: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        if dev.exists():
            inp = tmpd / "dev_in.jsonl"
            _strip_gold(dev, inp, ("id", "title", "description", "company", "location"))
            pred = tmpd / "dev_pred.jsonl"
            _extract(ex, inp, pred)
            out = subprocess.run(
                [sys.executable, str(tools / "score_extract.py"), str(dev), str(pred), "--json"],
                check=True, capture_output=True, text=True,
            ).stdout
            s = json.loads(out)
            res.update(s)
            print("postings/dev.jsonl:", json.dumps(s, indent=1))
            lines += [
                f"**Labelled postings** (`postings/dev.jsonl`, {s['postings_scored']} postings, "
                f"{s['gold_skills']} gold skills), scored by `tools/score_extract.py`:",
                "",
                "| measure | value | target |",
                "|---|---|---|",
                f"| skill precision | {s['skill_P']} | |",
                f"| skill recall | {s['skill_R']} | |",
                f"| **skill F1** | **{s['skill_F1']}** | ≥ {TARGETS['skill_F1']} |",
                f"| requirement accuracy / balanced | {s['requirement_acc']} / {s['requirement_bal_acc']} | |",
                f"| role family accuracy | {s['role_family_acc']} | |",
                f"| **seniority accuracy** | **{s['seniority_acc']}** | ≥ {TARGETS['seniority_acc']} |",
                f"| entry-level accuracy | {s['entry_level_acc']} | |",
                f"| years_min accuracy (±0.5, {s['years_n']} stated) | {s['years_min_acc']} | |",
                "",
            ]
            if args.errors:
                _errors_report(dev, pred)
        if ss_json.exists():
            gold = tmpd / "ss_dev.jsonl"
            with gold.open("w", encoding="utf-8") as f:
                subprocess.run(
                    [sys.executable, str(tools / "skillspan_to_jsonl.py"), str(ss_json), "tech"],
                    check=True, stdout=f, text=True,
                )
            inp = tmpd / "ss_in.jsonl"
            _strip_gold(gold, inp, ("id", "title", "description"))
            pred = tmpd / "ss_pred.jsonl"
            _extract(ex, inp, pred)
            out = subprocess.run(
                [sys.executable, str(tools / "score_skillspan.py"), str(gold), str(pred)],
                check=True, capture_output=True, text=True,
            ).stdout
            print("SkillSpan tech dev:", out.strip())
            last = out.strip().splitlines()[-1].split()
            p, r, f1 = float(last[1]), float(last[3]), float(last[5])
            res["skillspan_F1"] = f1
            first = out.strip().splitlines()[0]
            lines += [
                "**SkillSpan tech dev** (converted by `tools/skillspan_to_jsonl.py`, scored by "
                f"`tools/score_skillspan.py`; {first}):",
                "",
                "| measure | value | target |",
                "|---|---|---|",
                f"| span precision | {p:.3f} | |",
                f"| span recall (KNOWLEDGE) | {r:.3f} | |",
                f"| **span F1** | **{f1:.3f}** | ≥ {TARGETS['skillspan_F1']} |",
                "",
            ]
    misses = [k for k, t in TARGETS.items() if k in res and float(res[k]) < t]
    lines.append("Targets met." if not misses else f"Below target: {', '.join(misses)}.")
    if not args.no_write:
        write_section("quality", "## Extraction quality\n\n" + "\n".join(lines))
        print("wrote benchmarks/RESULTS.md (quality)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
