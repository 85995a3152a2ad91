#!/usr/bin/env python3
"""Salary (min, max, currency, period) of ``parse_salary`` against our own labels on the labelled
postings of ``../shared/data/postings``, and years / entry level / scope / seniority / role
family of ``skillgap extract`` scored by ``../shared/tools/score_extract.py``, per split.

Labels: ``benchmarks/salary_labels.jsonl`` holds ids and labels only (no posting text): one line
per posting that states base pay, ``{"set", "id", "salary": {"min", "max", "currency", "period"}}``;
every other posting of a labelled set states none (each posting with an amount of money in it was
checked by hand: budgets, stipends for perks, bonuses, funding and revenue are no salary).
``currency`` is null where the text names none ("between 90-135k").

Splits: dev.jsonl (read while writing rules, releases 1.x-2.4); dev_payloads even-numbered
postings (read) and odd-numbered ones (held out); train_pool by position, even positions (read)
and odd positions (held out). Held-out halves were labelled for salary only after the salary
rules were frozen, and no rule was changed after.

usage: python benchmarks/salary_quality.py [--no-write]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import shared_dir, write_section  # noqa: E402

HERE = Path(__file__).resolve().parent
LABELS = HERE / "salary_labels.jsonl"
FACT_KEYS = (
    ("entry_level_ok_acc", "entry_level_ok accuracy", "≥ 0.92"),
    ("scope_precision", "student market precision", "≥ 0.90"),
    ("scope_recall", "student market recall", "≥ 0.85"),
    ("years_min_acc", "years_min (±0.5)", "≥ 0.90"),
    ("seniority_acc", "seniority", "≥ 0.92"),
    ("role_family_acc", "role family", "≥ 0.93"),
)


def splits(shared: Path) -> dict[str, list[dict]]:
    post = shared / "data" / "postings"
    load = lambda n: [json.loads(x) for x in (post / f"{n}.jsonl").open(encoding="utf-8") if x.strip()]  # noqa: E731
    dev, pl, tp = load("dev"), load("dev_payloads"), load("train_pool")
    for name, recs in (("dev", dev), ("dev_payloads", pl), ("train_pool", tp)):
        for r in recs:
            r["_set"] = name
    return {
        "dev (read)": dev,
        "dev_payloads even (read)": [r for r in pl if int(r["id"].split("-")[1]) % 2 == 0],
        "dev_payloads odd (held out)": [r for r in pl if int(r["id"].split("-")[1]) % 2 == 1],
        "train_pool A (read)": tp[0::2],
        "train_pool B (held out)": tp[1::2],
    }


def load_labels() -> dict[tuple[str, str], dict]:
    out = {}
    for line in LABELS.open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            out[(r["set"], r["id"])] = r["salary"]
    return out


def salary_scores(recs: list[dict], labels: dict) -> dict:
    from skillgap.extractors.facts import parse_salary

    stated = right = none_n = none_ok = 0
    misses = []
    for r in recs:
        gold = labels.get((r["_set"], r["id"]))
        s = parse_salary(r["description"])
        if gold is None:
            none_n += 1
            none_ok += s is None
            if s is not None:
                misses.append((r["id"], None, (s.min, s.max, s.currency, s.period)))
            continue
        stated += 1
        got = None if s is None else (s.min, s.max, s.currency, s.period)
        ok = got == (float(gold["min"]), float(gold["max"]), gold["currency"], gold["period"])
        right += ok
        if not ok:
            misses.append((r["id"], gold, got))
    return {"stated": stated, "right": right, "none": none_n, "none_ok": none_ok, "misses": misses}


def fact_scores(shared: Path, recs: list[dict], tmp: Path, name: str) -> dict:
    gold = tmp / f"{name}.gold.jsonl"
    pred = tmp / f"{name}.pred.jsonl"
    gold.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "_set"}) + "\n" for r in recs), encoding="utf-8")
    exe = Path(sys.executable).parent / "skillgap"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "skillgap.pipelines.cli"]
    subprocess.run(cmd + ["extract", "--input", str(gold), "--output", str(pred)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = subprocess.run([sys.executable, str(shared / "tools" / "score_extract.py"), str(gold), str(pred), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    shared = shared_dir()
    if shared is None:
        print("../shared not found (set SKILLGAP_SHARED): nothing to measure")
        return 0
    labels = load_labels()
    parts = splits(shared)
    sal = {k: salary_scores(v, labels) for k, v in parts.items()}
    with tempfile.TemporaryDirectory() as t:
        facts = {k: fact_scores(shared, v, Path(t), f"s{i}") for i, (k, v) in enumerate(parts.items())}
    cols = list(parts)
    lines = ["## Facts: salary, years, entry level (issue 18)", ""]
    lines.append("Splits: " + "; ".join(f"{k}: {len(v)} postings" for k, v in parts.items()) + ". "
                 "Read = individual postings were read while writing rules; held out = never read for rules "
                 "(salary labels on the held-out halves were made after the salary rules were frozen).")
    lines += ["", "| measure | " + " | ".join(cols) + " | target |", "|---|" + "---|" * len(cols) + "---|"]
    for key, label, target in FACT_KEYS:
        lines.append(f"| {label} | " + " | ".join(str(facts[c].get(key)) for c in cols) + f" | {target} |")
    lines.append("| salary all four right, postings stating base pay | "
                 + " | ".join(f"{sal[c]['right']}/{sal[c]['stated']}" for c in cols) + " | ≥ 96 % |")
    lines.append("| no salary where none stated | "
                 + " | ".join(f"{sal[c]['none_ok']}/{sal[c]['none']}" for c in cols) + " | all |")
    misses = [(c, m) for c in cols for m in sal[c]["misses"]]
    if misses:
        lines += ["", "Salary misses (id: label -> read):"]
        lines += [f"- {c}: `{m[0]}`: {m[1]} -> {m[2]}" for c, m in misses]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("facts18", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
