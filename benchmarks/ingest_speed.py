"""Ingest speed at scale: cold and steady-state `skillgap ingest` through the replay transport.

    .venv/bin/python benchmarks/ingest_speed.py [--n 10000 20000] [--boards 20] [--workers N] [--no-write]

For each N: writes N synthetic Greenhouse postings over ``--boards`` boards (benchmarks/synth_boards.py:
real sentences from ../shared/data/postings recombined when present, our own otherwise), then runs the
real CLI code path (`_run_ingest`, the same flow `skillgap ingest` runs, with the replay transport instead
of the network) in a fresh process, twice:

- cold: empty database -> every posting fetched, stored and extracted;
- steady: the same boards again -> nothing new, so nothing may be extracted (checked).

Each run is timed wall-clock from process start (Python and Prefect's temporary server start included),
and its memory is sampled every 0.2 s: peak RSS of the flow process, and of the whole process tree
(extraction workers and Prefect's server included). Results go to RESULTS.md between
``<!-- ingest_speed:start -->`` and ``<!-- ingest_speed:end -->``.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from _common import ROOT, shared_dir, write_section  # noqa: I001 - also puts the repository on sys.path

from synth_boards import write_boards, write_config

RUNNER = """
import sys
from pathlib import Path
from skillgap.pipelines.cli import _run_ingest, _setup_logging
_setup_logging(False)
code = _run_ingest(Path(sys.argv[1]), Path(sys.argv[2]), None, sys.argv[3], "ingest",
                   workers=int(sys.argv[4]) if sys.argv[4] != "0" else None)
sys.exit(code)
"""


def run_once(config: Path, db: Path, replay: Path, workers: int, env: dict) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(config), str(db), str(replay), str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=str(ROOT),
    )
    ps = psutil.Process(proc.pid)
    peak_main = peak_tree = 0
    while proc.poll() is None:
        try:
            main = ps.memory_info().rss
            tree = main + sum(c.memory_info().rss for c in ps.children(recursive=True))
        except psutil.Error:
            break
        peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
        time.sleep(0.2)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    m = re.search(r"(\d+) postings extracted; (\d+) postings stored", err)
    if proc.returncode != 0 or not m:
        raise SystemExit(f"ingest failed (exit {proc.returncode}):\n{err[-3000:]}")
    return {"wall": wall, "extracted": int(m.group(1)), "stored": int(m.group(2)),
            "rss_main": peak_main / 2**20, "rss_tree": peak_tree / 2**20}


def report(n: int, label: str, r: dict) -> None:
    print(f"n={n} {label}: {r['wall']:.1f} s, {n / r['wall']:.0f} postings/s, extracted {r['extracted']}, "
          f"peak RSS flow {r['rss_main']:.0f} MB / tree {r['rss_tree']:.0f} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 20_000])
    ap.add_argument("--boards", type=int, default=20)
    ap.add_argument("--workers", type=int, default=0, help="extraction processes (0: the cores available)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    rows, notes = [], set()
    with tempfile.TemporaryDirectory(prefix="skillgap-ingest-bench-") as tmp:
        env = dict(os.environ, PREFECT_HOME=str(Path(tmp) / "prefect-home"))
        for n in args.n:
            root = Path(tmp) / f"n{n}"
            notes.add(write_boards(root / "replay", n, args.boards, shared=shared_dir()))
            config = write_config(root / "sources.yaml", args.boards)
            db = root / "bench.duckdb"
            cold = run_once(config, db, root / "replay", args.workers, env)
            report(n, "cold", cold)
            steady = run_once(config, db, root / "replay", args.workers, env)
            report(n, "steady", steady)
            assert cold["extracted"] == n == cold["stored"], cold
            if steady["extracted"]:  # e.g. the extractor version changed between the runs
                print(f"WARNING: the steady run extracted {steady['extracted']} postings; it must extract none")
            rows.append((n, cold, steady))

    cores = len(os.sched_getaffinity(0))
    lines = [
        "## Ingest at scale (`benchmarks/ingest_speed.py`)",
        "",
        f"Machine: {platform.machine()}, {cores} cores available, {psutil.virtual_memory().total / 2**30:.0f} GB RAM, "
        f"Python {platform.python_version()}; {time.strftime('%Y-%m-%d', time.gmtime())}. "
        f"Synthetic Greenhouse postings over {args.boards} boards through the replay transport; descriptions from "
        f"{'; '.join(sorted(notes))}. Wall time from process start (Prefect's temporary server start included); "
        "RSS sampled every 0.2 s (flow process / whole tree incl. extraction workers and Prefect's server).",
        "",
        "| postings | run | wall s | postings/s | extracted | peak RSS flow MB | peak RSS tree MB | steady / cold |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for n, cold, steady in rows:
        lines.append(f"| {n:,} | cold | {cold['wall']:.1f} | {n / cold['wall']:.0f} | {cold['extracted']:,} | "
                     f"{cold['rss_main']:.0f} | {cold['rss_tree']:.0f} | |")
        lines.append(f"| {n:,} | steady | {steady['wall']:.1f} | {n / steady['wall']:.0f} | {steady['extracted']:,} | "
                     f"{steady['rss_main']:.0f} | {steady['rss_tree']:.0f} | {steady['wall'] / cold['wall']:.1%} |")
    if len(rows) >= 2:
        (n1, c1, _), (n2, c2, _) = rows[-2], rows[-1]
        per = (c2["wall"] - c1["wall"]) / (n2 - n1)
        fixed = c1["wall"] - per * n1
        lines += ["", f"Linear fit of the two largest cold runs: {fixed:.0f} s fixed + {per * 1000:.2f} s per 1,000 postings "
                      f"-> 100,000 postings ~ {(fixed + per * 100_000) / 60:.1f} min (extrapolated, not run)."]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("ingest_speed", body)


if __name__ == "__main__":
    main()
