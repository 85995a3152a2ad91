"""Measure the near-duplicate thresholds of pipelines/dedup.py on real postings, and its speed.

Real postings: the captured Greenhouse boards (Databricks, 816 jobs; Catawiki, 50), Remote OK
(97), Jobicy (20) from ../shared/data/payloads and the 93 labelled postings of
../shared/data/postings/dev.jsonl, parsed by our adapters. Pairs measured (exact Jaccard of word
shingles, then the tier decision of ``near_duplicate_score`` on MinHash estimates):

- different companies (random pairs): must never join;
- one company's postings with different titles: the boilerplate risk;
- edited copies: 2 / 5 / 10 % of words replaced, deleted or inserted at random;
- translated boilerplate: one English paragraph swapped for its German translation (our text).

Speed: ``Store.upsert_postings`` of N synthetic postings (our own sentences) into a fresh
database, with tier 3 (MinHash + LSH join) and, in the same process, without it.

    .venv/bin/python benchmarks/dedup_thresholds.py [--n 20000] [--no-write]

Thresholds are not fit to these figures by search; they were chosen between the measured
distributions (see the printout), and the same script re-checks them.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import random
import sys
import time
from pathlib import Path

from _common import shared_dir, write_section

from skillgap.pipelines import dedup
from skillgap.pipelines.dedup import DedupView, minhash_signature, near_duplicate_score, normalise_key_text

ENGLISH = ("We are an equal opportunity employer. All qualified applicants will receive consideration without regard to "
           "origin, religion, gender, sexual orientation, age or disability. Please send us your documents through our "
           "application portal; we will get back to you within two weeks.")
GERMAN = ("Wir sind ein Arbeitgeber der Chancengleichheit. Alle qualifizierten Bewerberinnen und Bewerber werden "
          "ohne Rücksicht auf Herkunft, Religion, Geschlecht, sexuelle Orientierung, Alter oder Behinderung "
          "berücksichtigt. Bitte senden Sie uns Ihre Unterlagen über unser Bewerbungsportal; wir melden uns "
          "innerhalb von zwei Wochen.")


def load_real(shared: Path) -> list[tuple[str, str, str, str | None]]:
    from skillgap.pipelines.sources.registry import SOURCES

    payloads = shared / "data" / "payloads"
    items = []
    for src, name, key, board in [("greenhouse", "real_greenhouse_4.json", "jobs", "databricks"),
                                  ("greenhouse", "real_greenhouse_3.json", "jobs", "catawiki"),
                                  ("remoteok", "remoteok.json", None, None), ("jobicy", "jobicy.json", "jobs", None)]:
        data = json.loads((payloads / name).read_text(encoding="utf-8"))
        records = data[key] if key else [r for r in data if "position" in r]
        for p in SOURCES[src]().parse(records, board=board):
            items.append((p.company or "", p.title, p.description, p.location))
    for line in (shared / "data" / "postings" / "dev.jsonl").read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        d = json.loads(line)
        items.append((d.get("company") or "", d["title"], d["description"], d.get("location")))
    return items


def shingles(text: str) -> set[str]:
    words = normalise_key_text(text).split()
    k = dedup.SHINGLE_WORDS
    return {" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def edit(text: str, frac: float, rng: random.Random) -> str:
    words = text.split()
    for _ in range(int(len(words) * frac)):
        i = rng.randrange(len(words))
        op = rng.random()
        if op < 0.4:
            words[i] = rng.choice(["great", "team", "product", "data", "we", "new", "strong"])
        elif op < 0.7:
            del words[i]
        else:
            words.insert(i, rng.choice(["really", "also", "very", "the", "our"]))
    return " ".join(words)


def view(company, title, text, location) -> DedupView | None:
    sig = minhash_signature(text)
    return None if sig is None else DedupView(company, title, location, text, sig.values, sig.shingles)


def q(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else float("nan")


def thresholds(items) -> list[str]:
    rng = random.Random(7)
    sh = [shingles(t) for _, _, t, _ in items]
    views = [view(*it) for it in items]
    by_co = collections.defaultdict(list)
    for i, (c, _, _, _) in enumerate(items):
        by_co[normalise_key_text(c)].append(i)
    same_co, same_co_joined = [], 0
    for idx in by_co.values():
        for i, j in itertools.combinations(idx[:300], 2):
            if views[i] is None or views[j] is None:
                continue
            if normalise_key_text(items[i][1]) != normalise_key_text(items[j][1]):
                same_co.append(jaccard(sh[i], sh[j]))
                same_co_joined += near_duplicate_score(views[i], views[j]) is not None
    other, other_joined = [], 0
    for _ in range(20000):
        i, j = rng.sample(range(len(items)), 2)
        if normalise_key_text(items[i][0]) != normalise_key_text(items[j][0]) and views[i] and views[j]:
            other.append(jaccard(sh[i], sh[j]))
            other_joined += near_duplicate_score(views[i], views[j]) is not None
    long_ones = [i for i in range(len(items)) if len(items[i][2].split()) >= 150]
    rng.shuffle(long_ones)
    lines = [f"Real postings: {len(items)} ({len(long_ones)} of >= 150 words); word {dedup.SHINGLE_WORDS}-shingles, "
             f"{dedup.NUM_PERM} permutations, {dedup.BANDS} bands x {dedup.ROWS} rows; NEAR_JACCARD "
             f"{dedup.NEAR_JACCARD}, LONG_JACCARD {dedup.LONG_JACCARD}, LONG_SHINGLES {dedup.LONG_SHINGLES}.", "",
             "| pairs | n | Jaccard p50 | p99 | max / min | joined by tier 3 |", "|---|---|---|---|---|---|"]
    lines.append(f"| different companies (random) | {len(other)} | {q(other, .5):.3f} | {q(other, .99):.3f} | "
                 f"max {max(other):.3f} | {other_joined} ({other_joined / len(other):.2%}) |")
    lines.append(f"| same company, different titles | {len(same_co)} | {q(same_co, .5):.3f} | {q(same_co, .99):.3f} | "
                 f"max {max(same_co):.3f} | {same_co_joined} ({same_co_joined / len(same_co):.2%}) |")
    sample = long_ones[:300]
    for frac in (0.02, 0.05, 0.10):
        js, joined = [], 0
        for i in sample:
            c, t, d, loc = items[i]
            e = edit(d, frac, rng)
            js.append(jaccard(sh[i], shingles(e)))
            joined += near_duplicate_score(views[i], view(c + " Inc.", t, e, loc)) is not None
        lines.append(f"| copy with {frac:.0%} of words edited (company + ' Inc.') | {len(js)} | {q(js, .5):.3f} | "
                     f"{q(js, .99):.3f} | min {min(js):.3f} | {joined} ({joined / len(js):.1%}) |")
    js, joined = [], 0
    for i in sample:
        c, t, d, loc = items[i]
        a, b = d + " " + ENGLISH, d + " " + GERMAN
        js.append(jaccard(shingles(a), shingles(b)))
        joined += near_duplicate_score(view(c, t, a, loc), view(c, t, b, loc)) is not None
    lines.append(f"| boilerplate paragraph translated (EN -> DE) | {len(js)} | {q(js, .5):.3f} | {q(js, .99):.3f} | "
                 f"min {min(js):.3f} | {joined} ({joined / len(js):.1%}) |")
    return lines


def speed(n: int) -> list[str]:
    import tempfile
    from datetime import datetime

    from skillgap.pipelines import store as store_mod
    from skillgap.pipelines.models import NormalizedPosting
    from skillgap.pipelines.store import Store

    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(5000)]
    posts = []
    for i in range(n):
        words = [rng.choice(vocab) for _ in range(450)]
        posts.append(NormalizedPosting(source="greenhouse", board=f"b{i % 200}", source_id=str(i), title=f"Role {i % 97}",
                                       description=" ".join(words), company=f"Company {i % 200}", location="Remote"))
    boards = collections.defaultdict(list)
    for p in posts:
        boards[p.board].append(p)

    def run(tier3: bool) -> float:
        saved = store_mod.minhash_signature
        if not tier3:
            store_mod.minhash_signature = lambda text: None
        try:
            with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.duckdb") as s:
                t = time.perf_counter()
                for board, ps in boards.items():
                    s.upsert_postings("greenhouse", board, ps, seen_at=datetime(2026, 11, 1))
                first = time.perf_counter() - t
                t = time.perf_counter()
                for board, ps in boards.items():
                    s.upsert_postings("greenhouse", board, ps, seen_at=datetime(2026, 11, 2))
                return first, time.perf_counter() - t
        finally:
            store_mod.minhash_signature = saved

    (with_new, with_again), (without_new, without_again) = run(True), run(False)
    return [
        "", f"Speed, {n:,} synthetic postings of ~450 words in 200 boards (one process, same machine):", "",
        "| | first run (all new) | second run (nothing new) |", "|---|---|---|",
        f"| with near-duplicate tier | {with_new:.1f} s ({n / with_new:,.0f}/s) | {with_again:.1f} s |",
        f"| without (tiers 1, 2, 4 only) | {without_new:.1f} s ({n / without_new:,.0f}/s) | {without_again:.1f} s |",
        f"| ratio | {with_new / without_new:.2f}x | {with_again / without_again:.2f}x |",
    ]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    shared = shared_dir()
    lines = ["## Near-duplicate thresholds (pipelines/dedup.py tier 3)", ""]
    if shared is None:
        print("../shared is absent: skipping the threshold measurement (speed only)", file=sys.stderr)
    else:
        lines += thresholds(load_real(shared))
    lines += speed(args.n)
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("dedup_thresholds", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
