#!/usr/bin/env python3
"""Extraction speed: `skillgap extract` as a whole process on REAL postings, against a keyword
scan of the same file in the same run; worst-case files; and the synthetic single-core figure.

1. Real postings (needs ``../shared``): the labelled postings of ``data/postings/dev.jsonl`` and
   ``dev_payloads.jsonl`` (~4 kB each, as the sources sent them: some flattened, some HTML-ish)
   are written, repeated with fresh ids, to two temporary JSONL files of N and K*N lines. Each file
   goes through ``skillgap extract --input F --output O`` as a fresh process, and through a
   keyword-scan process (this script with ``--scan``) that reads the same JSONL, finds every
   taxonomy form with one case-insensitive, word-bounded trie regex (an Aho-Corasick-style
   single pass over a trie of the ~40k forms the extractor matches) and writes one JSON line of
   hits per posting. The *marginal* rate (extra postings / extra seconds between the two file
   sizes) takes process start-up (imports, building the pipeline or the trie) out of both.
2. Worst case (needs ``../shared``): a file of the same postings with their line breaks flattened
   away, joined into ~12 kB postings, plus one 250 kB single-line posting; whole-process time of
   extract and of the scan on it, minus each one's start-up on a one-line file.
3. Synthetic (no ``../shared`` needed): ~3,000-character postings made from our own sentences,
   ``Extractor.extract_many`` in this process, one pinned core, against the trie-regex scan in
   the same process (the figure earlier releases reported).

Temporary files only: no reference text is written to the repository.

usage: python benchmarks/extraction_speed.py [--repeat K] [--n N] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import shared_dir, write_section  # noqa: E402

INTRO = [
    "Acme Analytics helps retailers forecast demand across thousands of stores.",
    "We are a small team of engineers and scientists who ship models to production every week.",
    "Our platform processes billions of events a day for customers in twelve countries.",
    "Founded in 2015, we build tools that make data useful for everyone.",
]
RESPONSIBILITIES = [
    "Build and maintain data pipelines in Python and SQL that feed our forecasting models.",
    "Train, evaluate and deploy machine learning models with PyTorch and scikit-learn.",
    "Design A/B testing experiments with product managers and analyse the results.",
    "Write clean, tested code and take part in code reviews.",
    "Monitor model performance in production and fix data quality issues.",
    "Work with Docker, Kubernetes and AWS to ship services to production.",
    "Create dashboards in Tableau or Power BI for business stakeholders.",
    "Collaborate with engineers to improve our CI/CD workflows and ML infrastructure.",
    "Go beyond the obvious and spark curiosity in the team.",
]
REQUIREMENTS = [
    "1+ years of experience with Python, pandas and NumPy.",
    "Solid understanding of statistics, probability and linear algebra.",
    "Experience with SQL and relational databases such as PostgreSQL.",
    "Familiarity with deep learning frameworks (PyTorch or TensorFlow).",
    "Bachelor's degree in Computer Science, Statistics or a related field.",
    "Strong communication skills and the ability to work in a team.",
    "Knowledge of R or Julia for statistical analysis.",
    "Experience with Spark, Airflow and Snowflake is helpful.",
    "You excel in fast-paced environments and enjoy learning.",
    "Comfortable with Git, Linux and the command line.",
]
NICE = [
    "Experience with Go or Rust is a plus.",
    "Exposure to NLP, LLMs or computer vision.",
    "Knowledge of MLflow, Kubeflow or SageMaker.",
    "Contributions to open-source projects.",
]
BENEFITS = [
    "Competitive salary of $95,000 - $120,000 per year, equity and a 401(k) match.",
    "Health, dental and vision insurance; generous parental leave.",
    "Hybrid work: two days a week in our Berlin office.",
]
EEO = "Acme is an equal opportunity employer and values diversity of every kind."


def synth_posting(rng: random.Random, target: int = 3000) -> tuple[str, str]:
    parts = ["About us", *rng.sample(INTRO, 3), "", "Responsibilities"]
    body = []
    while True:
        body = ["- " + s for s in rng.sample(RESPONSIBILITIES, rng.randint(5, 8))]
        req = ["- " + s for s in rng.sample(REQUIREMENTS, rng.randint(6, 9))]
        nice = ["- " + s for s in rng.sample(NICE, rng.randint(2, 4))]
        ben = ["- " + s for s in BENEFITS]
        text = "\n".join(parts + body + ["", "Requirements"] + req + ["", "Nice to have"] + nice + ["", "Benefits"] + ben + ["", EEO])
        while len(text) < target:
            text += "\n- " + rng.choice(RESPONSIBILITIES + REQUIREMENTS)
        if len(text) >= target:
            break
    title = rng.choice(["Junior Machine Learning Engineer", "Data Scientist I", "Data Analyst", "ML Engineer Intern"])
    return title, text[: target + 200]


def keyword_regex(taxonomy) -> re.Pattern[str]:
    """One case-insensitive, word-bounded trie regex over every form of every skill."""
    from skillgap.extractors.sections import trie_regex

    forms = sorted({f.lower() for s in taxonomy.skills for f in (s.name, *(s.aliases or ())) if f}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + trie_regex(forms) + r")(?![\w])", re.I)


# ------------------------------------------------------------------ keyword-scan process


def scan_main(inp: str, out: str) -> int:
    """The baseline process: JSONL in, one line of keyword hits per posting out."""
    from skillgap.extractors.taxonomy import load_taxonomy

    rx = keyword_regex(load_taxonomy())
    t0 = time.perf_counter()  # the scan's own time, after building the trie (printed for the caller)
    with open(inp, encoding="utf-8") as fi, open(out, "w", encoding="utf-8") as fo:
        for line in fi:
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec.get("description") or ""
            hits = [{"text": m.group(), "start": m.start(), "end": m.end()} for m in rx.finditer(text)]
            fo.write(json.dumps({"id": rec.get("id"), "skills": hits}) + "\n")
    print(f"scan_seconds {time.perf_counter() - t0:.6f}")
    return 0


# ------------------------------------------------------------------ real postings


def _skillgap_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "skillgap"
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "import sys; from skillgap.pipelines.cli import main; sys.argv[0] = 'skillgap'; sys.exit(main())"]


def _run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _extract_s(inp: Path, out: Path, *extra: str) -> float:
    return _run(_skillgap_cmd() + ["extract", "--input", str(inp), "--output", str(out), *extra])


def _scan_s(inp: Path, out: Path) -> float:
    """The keyword-scan process's own time over the file (read, scan, write), after it built its
    trie: compiling a regex of ~40k forms takes seconds and varies too much with machine load for
    a whole-process difference to be stable."""
    res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--scan", str(inp), str(out)],
                         check=True, capture_output=True, text=True)
    return float(res.stdout.split("scan_seconds")[-1])


def _scan_process_s(inp: Path, out: Path) -> float:
    return _run([sys.executable, str(Path(__file__).resolve()), "--scan", str(inp), str(out)])


def _write(path: Path, recs: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def _load_real(shared: Path) -> list[dict]:
    recs = []
    for name in ("dev.jsonl", "dev_payloads.jsonl"):
        for line in (shared / "data" / "postings" / name).open(encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                recs.append({k: r.get(k) for k in ("id", "title", "company", "location", "description")})
    return recs


def _flattened(recs: list[dict]) -> list[dict]:
    """~12 kB postings with every line break flattened away, plus one 250 kB single line."""
    flat = [re.sub(r"\s*\n\s*", " ", r["description"]) for r in recs]
    out: list[dict] = []
    buf = ""
    for i, t in enumerate(flat):
        buf += t + " "
        if len(buf) >= 12_000:
            out.append({"id": f"flat-{len(out)}", "title": recs[i]["title"], "description": buf[:12_000]})
            buf = ""
    big = ""
    while len(big) < 250_000:
        big += " ".join(flat) + " "
    out.append({"id": "single-250k", "title": "Data Scientist", "description": big[:250_000]})
    return out


def _best(fn, *args, runs: int) -> float:
    return min(fn(*args) for _ in range(runs))


def real_section(shared: Path, repeat: int, runs: int) -> tuple[str, bool]:
    load0 = os.getloadavg()[0]
    recs = _load_real(shared)
    mean_len = sum(len(r["description"] or "") for r in recs) / len(recs)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        small, large, one, flat = d / "small.jsonl", d / "large.jsonl", d / "one.jsonl", d / "flat.jsonl"
        _write(small, recs)
        _write(large, [dict(r, id=f"{r['id']}#{k}") for k in range(repeat) for r in recs])
        _write(one, recs[:1])
        flat_recs = _flattened(recs)
        _write(flat, flat_recs)
        out = d / "out.jsonl"
        n1, n2 = len(recs), len(recs) * repeat
        ex1 = _best(_extract_s, small, out, runs=runs)
        ex2 = _best(_extract_s, large, out, runs=runs)
        sc1 = _best(_scan_s, small, out, runs=runs)
        sc2 = _best(_scan_s, large, out, runs=runs)
        ex_rate = (n2 - n1) / max(ex2 - ex1, 1e-9)
        w1a = _best(_extract_s, small, out, "--workers", "1", runs=runs)
        w1b = _best(_extract_s, large, out, "--workers", "1", runs=runs)
        w1_rate = (n2 - n1) / max(w1b - w1a, 1e-9)
        sc_rate = (n2 - n1) / max(sc2 - sc1, 1e-9)
        ex0 = _best(_extract_s, one, out, runs=runs)
        sc0 = _best(_scan_process_s, one, out, runs=runs)
        exf = _best(_extract_s, flat, out, runs=runs)
        scf = _best(_scan_process_s, flat, out, runs=runs)
    ratio = sc_rate / ex_rate
    # The flattened file's own cost, beyond start-up (which alone varies by seconds on a shared
    # machine): extraction and the keyword scan timed in this process, best of `runs`.
    from skillgap.extractors.extract import Extractor
    from skillgap.extractors.taxonomy import load_taxonomy

    ex = _extractor()
    rx = keyword_regex(load_taxonomy())
    flat_ex = flat_sc = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        for _r in ex.extract_many(flat_recs):
            pass
        flat_ex = min(flat_ex, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for r in flat_recs:
            for _m in rx.finditer(r["description"]):
                pass
        flat_sc = min(flat_sc, time.perf_counter() - t0)
    assert isinstance(ex, Extractor)
    flat_limit = max(4 * flat_sc, 20.0)
    ok_rate, ok_ratio, ok_flat = ex_rate >= 250, ratio <= 4, flat_ex <= flat_limit
    print(f"real postings: {n1} (mean {mean_len:.0f} chars); files of {n1} and {n2} lines")
    print(f"skillgap extract: {ex1:.2f} s / {ex2:.2f} s -> marginal {ex_rate:,.0f} postings/s (start-up ~{ex0:.1f} s)")
    print(f"skillgap extract --workers 1: {w1a:.2f} s / {w1b:.2f} s -> marginal {w1_rate:,.0f} postings/s")
    print(f"keyword scan:     {sc1:.2f} s / {sc2:.2f} s -> marginal {sc_rate:,.0f} postings/s (start-up ~{sc0:.1f} s)")
    print(f"ratio scan/extract: {ratio:.1f}x")
    print(f"flattened file ({len(flat_recs) - 1} x 12 kB + 1 x 250 kB single line): extract {flat_ex:.2f} s, scan {flat_sc:.2f} s "
          f"(in process, beyond start-up; whole process {exf:.1f} s / {scf:.1f} s; limit max(4x scan, 20 s) = {flat_limit:.1f} s)")
    body = (
        f"Real postings: the {n1} labelled postings of `../shared/data/postings/dev.jsonl` + `dev_payloads.jsonl` "
        f"(mean {mean_len:.0f} characters), written to temporary JSONL files of {n1} and {n2} lines (repeated with fresh ids). "
        f"Each file goes through `skillgap extract --input F --output O` as a fresh process and through a keyword-scan "
        f"process (one case-insensitive word-bounded trie regex over every taxonomy form, Aho-Corasick style: read "
        f"JSONL, scan, write one JSON line of hits per posting); marginal rate = extra postings / extra seconds between "
        f"the two files (start-up excluded; for the scan, its own timer after building the trie, whose compile time "
        f"varies by seconds); best of {runs}. `skillgap extract` runs as a user runs it: its default uses every core "
        f"({os.cpu_count()} here, forked worker processes, output in input order); the `--workers 1` row is one process. "
        f"The scan is one process. Load average {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
        f"({os.cpu_count()} cores).\n\n"
        "| measure | `skillgap extract` | keyword scan | target | met |\n|---|---|---|---|---|\n"
        f"| marginal postings/s, real ~4 kB postings | **{ex_rate:,.0f}** | {sc_rate:,.0f} | ≥ 250 (issue 17), within 4× the scan | "
        f"{'yes' if ok_rate else 'no'} / {'yes' if ok_ratio else 'no'} ({ratio:.1f}×) |\n"
        f"| the same, `skillgap extract --workers 1` (one process) | {w1_rate:,.0f} | | | |\n"
        f"| start-up (one-line file) | {ex0:.1f} s | {sc0:.1f} s | | |\n"
        f"| flattened file: {len(flat_recs) - 1} postings of 12 kB without line breaks + one 250 kB single-line posting "
        f"(its own cost: timed in one process after start-up) | **{flat_ex:.1f} s** | {flat_sc:.1f} s | ≤ max(4× scan, 20 s) = {flat_limit:.0f} s | "
        f"{'yes' if ok_flat else 'no'} |\n"
        f"| the same file, whole process (start-up included) | {exf:.1f} s | {scf:.1f} s | | |\n"
    )
    return body, ok_rate and ok_ratio and ok_flat


# ------------------------------------------------------------------ synthetic, in process

_EX: list = []


def _extractor():
    """One Extractor for this process (building it takes seconds)."""
    if not _EX:
        from skillgap.extractors.extract import Extractor

        _EX.append(Extractor())
    return _EX[0]


def synthetic_section(n: int) -> str:
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
        pinned = True
    except (AttributeError, OSError):
        pinned = False

    from skillgap.extractors.extract import Extractor
    from skillgap.extractors.taxonomy import load_taxonomy

    rng = random.Random(7)
    posts = [synth_posting(rng) for _ in range(n)]
    mean_len = sum(len(t) for _, t in posts) / len(posts)
    records = [{"title": t, "description": d, "html": False} for t, d in posts]
    t0 = time.perf_counter()
    tax = load_taxonomy()
    ex = _extractor()
    n_forms = sum(1 + len(s.aliases or ()) for s in tax.skills)
    for _ in ex.extract_many(records[:50]):  # warm-up
        pass
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        for _r in ex.extract_many(records, batch_size=64):
            pass
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    ours = len(records) / best
    rx = keyword_regex(tax)
    best_kw = None
    for _ in range(3):
        t0 = time.perf_counter()
        for _t, d in posts:
            for _m in rx.finditer(d):
                pass
        dt = time.perf_counter() - t0
        best_kw = dt if best_kw is None else min(best_kw, dt)
    kw = len(posts) / best_kw
    print(f"synthetic: {len(posts)} postings, mean {mean_len:.0f} chars; taxonomy {len(tax.skills)} skills / {n_forms} forms")
    print(f"extract_many: {ours:,.0f} postings/s; keyword scan {kw:,.0f} postings/s ({kw / ours:.1f}x)")
    assert isinstance(ex, Extractor)
    return (
        f"Synthetic, for comparison with earlier releases: {len(posts)} postings made from our own sentences (mean "
        f"{mean_len:.0f} characters), `Extractor.extract_many` in one process, one core{' (pinned)' if pinned else ''}, "
        f"best of 3; taxonomy {len(tax.skills):,} skills / {n_forms:,} forms.\n\n"
        "| method | postings/s |\n|---|---|\n"
        f"| `Extractor.extract_many` (in process) | **{ours:,.0f}** |\n"
        f"| keyword scan, same forms, same process | {kw:,.0f} |\n"
    )


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--scan":
        return scan_main(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=4, help="the larger real file repeats the postings this many times (default 4)")
    ap.add_argument("--runs", type=int, default=2, help="best of this many runs per measurement (default 2)")
    ap.add_argument("--n", type=int, default=600, help="synthetic postings per timed run (default 600)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    parts = ["## Extraction speed\n"]
    shared = shared_dir()
    if shared is None:
        print("../shared not found (set SKILLGAP_SHARED): real-posting and worst-case parts skipped")
        parts.append("Real-posting and worst-case parts skipped: `../shared` was not found.\n")
    else:
        body, ok = real_section(shared, args.repeat, args.runs)
        parts.append(body)
        parts.append(("All speed targets met." if ok else "Not every speed target is met (see the table).") + "\n")
    parts.append(synthetic_section(args.n))
    if not args.no_write:
        write_section("speed", "\n".join(parts))
        print("wrote benchmarks/RESULTS.md (speed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
