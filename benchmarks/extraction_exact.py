#!/usr/bin/env python3
"""Speed work's exactness guard and same-run A/B (issue 17 item 6): the extraction output of two
installed ``skillgap`` packages, byte for byte, and their in-process CPU, alternating.

    .venv/bin/python benchmarks/extraction_exact.py hash                       # this interpreter's skillgap
    .venv/bin/python benchmarks/extraction_exact.py compare --other /work/main/.venv/bin/python
    .venv/bin/python benchmarks/extraction_exact.py ab --other /work/main/.venv/bin/python [--rounds 8]

``hash``: the sha256 of the ``repr`` of every ``Extraction`` over dev_payloads + dev + train_pool
(every record) + the first 1,500 postings of ``corpus/unlabelled.jsonl.gz`` (title, description,
company, location), one ``extract_many`` pass; prints the digest, the count and the package path;
``--each FILE`` writes each posting's digest (to find a difference). ``compare``: ``hash`` under
this interpreter and under ``--other`` (each its own process, the skillgap it has installed),
exit 1 when they differ. ``interleave``: both packages in this one process
(``--other-site``: the site-packages folder of the other), alternating every 25 postings, the
order rotating, CPU summed per package per pass over the 400 postings below (finer than ``ab``
on a drifting machine). ``ab``: alternating fresh processes of the two interpreters (which one
goes first alternates each round), each timing one ``Extractor().extract_many`` over 400 real
postings (dev_payloads 171 + dev 93 + the first 136 of train_pool) ``--passes`` times after a
warm-up of 50 and reporting its fastest pass in CPU seconds (``time.process_time``; the objects
alive after the warm-up frozen out of the garbage collector's passes, ``gc.freeze``, in both); prints every
pair and the median paired ratio other/this (> 1: this interpreter's package is faster). Reads
``$SKILLGAP_SHARED`` (default ``../shared``); writes nothing but ``--each``.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import hashlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import shared_dir

FIELDS = ("title", "description", "company", "location")


def _shared() -> Path:
    path = shared_dir()
    if path is None:
        sys.exit("../shared not found (set SKILLGAP_SHARED)")
    return path


def _jsonl(path: Path) -> list[dict[str, Any]]:
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(x) for x in f if x.strip()]


def _records(corpus: int) -> list[dict[str, Any]]:
    sh = _shared() / "data"
    rows = [r for name in ("dev_payloads", "dev", "train_pool") for r in _jsonl(sh / "postings" / f"{name}.jsonl")]
    rows += _jsonl(sh / "corpus" / "unlabelled.jsonl.gz")[:corpus]
    return [{k: r.get(k) for k in FIELDS} for r in rows]


def _timed_records() -> list[dict[str, Any]]:
    """400 real postings: dev_payloads (171), dev (93) and the first 136 of train_pool."""
    return _records(0)[:400]


def cmd_hash(args: argparse.Namespace) -> int:
    import skillgap.extractors
    from skillgap.extractors.extract import Extractor

    recs = _records(args.corpus)
    total = hashlib.sha256()
    each = []
    for x in Extractor().extract_many(recs):
        r = repr(x).encode("utf-8", "surrogatepass")
        total.update(r)
        each.append(hashlib.sha256(r).hexdigest())
    if args.each:
        Path(args.each).write_text("\n".join(each) + "\n", encoding="utf-8")
    print(json.dumps({"sha256": total.hexdigest(), "n": len(each), "package": list(skillgap.extractors.__path__)[0]}))
    return 0


def _run(python: str, *argv: str) -> dict[str, Any]:
    out = subprocess.run([python, str(Path(__file__).resolve()), *argv], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def cmd_compare(args: argparse.Namespace) -> int:
    a = _run(sys.executable, "hash", "--corpus", str(args.corpus))
    b = _run(args.other, "hash", "--corpus", str(args.corpus))
    print(json.dumps({"this": a, "other": b, "same": a["sha256"] == b["sha256"] and a["n"] == b["n"]}, indent=1))
    return 0 if a["sha256"] == b["sha256"] and a["n"] == b["n"] else 1


def cmd_time(args: argparse.Namespace) -> int:
    from skillgap.extractors.extract import Extractor

    recs = _timed_records()
    ex = Extractor()
    for _x in ex.extract_many(recs[:50]):  # warm-up: caches, lazy loads
        pass
    gc.collect()
    gc.freeze()  # as in ``interleave``
    best = float("inf")
    for _ in range(args.passes):
        t0 = time.process_time()
        for _x in ex.extract_many(recs):
            pass
        best = min(best, time.process_time() - t0)
    print(json.dumps({"cpu": best, "n": len(recs)}))
    return 0


def cmd_ab(args: argparse.Namespace) -> int:
    pythons = {"this": sys.executable, "other": args.other}
    pairs = []
    for k in range(args.rounds):
        order = ["this", "other"] if k % 2 == 0 else ["other", "this"]
        got = {n: _run(pythons[n], "time", "--passes", str(args.passes))["cpu"] for n in order}
        pairs.append((got["other"], got["this"]))
        print(f"round {k + 1}: other {got['other']:.3f} s, this {got['this']:.3f} s, ratio other/this {got['other'] / got['this']:.3f}",
              flush=True)
    ratios = [o / t for o, t in pairs]
    print(json.dumps({"median_ratio_other_over_this": statistics.median(ratios), "min_other": min(o for o, _ in pairs),
                      "min_this": min(t for _, t in pairs), "ratios": [round(r, 3) for r in ratios]}))
    return 0


def _load(site: str | None) -> tuple[Any, dict[str, Any]]:
    """An ``Extractor`` of the skillgap found first on ``site`` (a folder holding a ``skillgap``
    package), or of this interpreter's when None, and that package's modules."""
    for k in [k for k in sys.modules if k == "skillgap" or k.startswith("skillgap.")]:
        del sys.modules[k]
    if "spacy" in sys.modules:  # the first package registered its spaCy factory: the second registers its own
        import catalogue  # type: ignore[import-untyped]

        for key in [k for k in catalogue.REGISTRY if k[0] == "spacy" and k[1].endswith("factories") and k[2] == "skill_matcher"]:
            del catalogue.REGISTRY[key]
    if site:
        sys.path.insert(0, site)
    try:
        from skillgap.extractors.extract import Extractor

        ex = Extractor()
    finally:
        if site:
            sys.path.remove(site)
    return ex, {k: v for k, v in sys.modules.items() if k == "skillgap" or k.startswith("skillgap.")}


def cmd_interleave(args: argparse.Namespace) -> int:
    """Both packages in this one process (each its own modules, swapped in before it runs, so
    that imports inside functions find its own), alternating every ``--chunk`` postings, the
    order rotating; CPU summed per package over ``--rounds`` passes over the 400 postings."""
    recs = _timed_records()
    this, this_mods = _load(None)
    other, other_mods = _load(args.other_site)
    assert this_mods["skillgap"] is not other_mods["skillgap"]
    runs = {"this": (this, this_mods), "other": (other, other_mods)}
    warm = {}
    for n, (ex, mods) in runs.items():  # warm-up; the two must agree on it
        sys.modules.update(mods)
        warm[n] = [repr(x) for x in ex.extract_many(recs[:50])]
    assert warm["this"] == warm["other"], "the two packages extract differently"
    gc.collect()
    gc.freeze()  # the models' objects out of the collector's way: its full passes would land in either's chunk
    chunks = [recs[i : i + args.chunk] for i in range(0, len(recs), args.chunk)]
    tot = {"this": 0.0, "other": 0.0}
    per_round = []
    for r in range(args.rounds):
        before = dict(tot)
        for k, chunk in enumerate(chunks):
            order = ["this", "other"] if (k + r) % 2 == 0 else ["other", "this"]
            for n in order:
                ex, mods = runs[n]
                sys.modules.update(mods)
                t0 = time.process_time()
                for _x in ex.extract_many(chunk):
                    pass
                tot[n] += time.process_time() - t0
        ratio = (tot["other"] - before["other"]) / (tot["this"] - before["this"])
        per_round.append(ratio)
        print(f"round {r + 1}: other {tot['other'] - before['other']:.3f} s, this {tot['this'] - before['this']:.3f} s, ratio {ratio:.3f}",
              flush=True)
    print(json.dumps({"ratio_other_over_this": tot["other"] / tot["this"], "median_round_ratio": statistics.median(per_round),
                      "cpu": tot, "rounds": [round(x, 3) for x in per_round]}))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    h = sub.add_parser("hash")
    h.add_argument("--corpus", type=int, default=1500)
    h.add_argument("--each", metavar="FILE")
    c = sub.add_parser("compare")
    c.add_argument("--other", required=True, metavar="PYTHON")
    c.add_argument("--corpus", type=int, default=1500)
    t = sub.add_parser("time")
    t.add_argument("--passes", type=int, default=2)
    a = sub.add_parser("ab")
    a.add_argument("--other", required=True, metavar="PYTHON")
    a.add_argument("--rounds", type=int, default=8)
    a.add_argument("--passes", type=int, default=2)
    i = sub.add_parser("interleave")
    i.add_argument("--other-site", required=True, metavar="DIR", help="a site-packages folder holding the other skillgap")
    i.add_argument("--rounds", type=int, default=6)
    i.add_argument("--chunk", type=int, default=25)
    args = ap.parse_args()
    return {"hash": cmd_hash, "compare": cmd_compare, "time": cmd_time, "ab": cmd_ab, "interleave": cmd_interleave}[args.cmd](args)


if __name__ == "__main__":
    raise SystemExit(main())
