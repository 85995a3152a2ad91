"""Ingest speed at scale: cold and steady-state `skillgap ingest` through the replay transport.

    .venv/bin/python benchmarks/ingest_speed.py [--n 10000 20000] [--boards 20 | --board-size 1000] [--workers N]
                                                [--loopback] [--baseline PYTHONPATH] [--no-write]

For each N: writes N synthetic Greenhouse postings over ``--boards`` boards, or over N / ``--board-size``
boards (benchmarks/synth_boards.py:
real sentences from ../shared/data/postings recombined when present, our own otherwise), then runs the
real CLI code path (`_run_ingest`, the same flow `skillgap ingest` runs, with the replay transport instead
of the network) in a fresh process, twice:

- cold: empty database -> every posting fetched, stored and extracted;
- steady: the same boards again -> nothing new, so nothing may be extracted (checked);
- extract only: `skillgap extract --workers W` over the same postings (a JSON Lines file of each
  posting's id, title, company, location and HTML description, as the boards list them), in the
  same benchmark run, so ``cold / extract`` compares the flow's whole overhead (fetch, parse, dedup,
  store, Prefect) with extraction itself on the same machine under the same load.

Each run is timed wall-clock from process start (Python and Prefect's temporary server start included),
and its memory is sampled every 0.2 s: peak RSS of the flow process, and of the whole process tree
(extraction workers and Prefect's server included). CPU seconds of the whole tree are recorded too
(user + system; on a shared machine they move much less than wall time), with the load average.

Memory depends on the size of a board as well as on N (a board's postings are fetched, parsed and
stored together, a few boards at once), so comparing peak RSS across N needs the same board size:
``--board-size 1000`` keeps 1,000 postings a board at every N, where ``--boards 20`` gives 1,000 a
board at 20k but 5,000 at 100k. The RESULTS section gives the boards and board size of every row.

``--loopback`` serves the boards over HTTP on 127.0.0.1 (a threaded server in this process) and
points the config's ``base_url`` at it, as the acceptance test does, instead of the replay transport.
``--baseline PYTHONPATH`` also runs, interleaved with each of ours (same data, same load), the tree
importable from PYTHONPATH (e.g. a ``skillgap`` package of an older commit's folders), and prints
both: on a loaded machine only such same-run ratios compare code. Results go to RESULTS.md between
``<!-- ingest_speed:start -->`` and ``<!-- ingest_speed:end -->``.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psutil
from _common import ROOT, shared_dir, write_section  # (importing it also puts the repository on sys.path)
from synth_boards import write_boards, write_config

RUNNER = """
import sys
from pathlib import Path
from skillgap.pipelines.cli import _run_ingest, _setup_logging
_setup_logging(False)
code = _run_ingest(Path(sys.argv[1]), Path(sys.argv[2]), None, sys.argv[3] or None, "ingest",
                   workers=int(sys.argv[4]) if sys.argv[4] != "0" else None)
sys.exit(code)
"""


class _Boards(SimpleHTTPRequestHandler):
    """``GET /v1/boards/<board>/jobs?content=true`` -> ``<root>/v1/boards/<board>/jobs.json``."""

    def do_GET(self) -> None:
        self.path = self.path.split("?", 1)[0].rstrip("/") + ".json"
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


def serve(root: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Boards, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_once(config: Path, db: Path, replay: Path | None, workers: int, env: dict) -> dict:
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(config), str(db), str(replay or ""), str(workers)],
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
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    m = re.search(r"(\d+) postings extracted; (\d+) postings stored", err)
    if proc.returncode != 0 or not m:
        raise SystemExit(f"ingest failed (exit {proc.returncode}):\n{err[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "extracted": int(m.group(1)), "stored": int(m.group(2)), "cpu": cpu,
            "load": (load + os.getloadavg()[0]) / 2, "rss_main": peak_main / 2**20, "rss_tree": peak_tree / 2**20,
            "db_mb": db.stat().st_size / 2**20}


def write_jsonl(replay: Path, target: Path) -> None:
    """The boards' postings as `skillgap extract` input, HTML descriptions as listed."""
    import html
    import json

    with target.open("w", encoding="utf-8") as out:
        for jobs in sorted(replay.glob("v1/boards/*/jobs.json")):
            for job in json.loads(jobs.read_text(encoding="utf-8"))["jobs"]:
                out.write(json.dumps({"id": job["id"], "title": job["title"], "company": job.get("company_name"),
                                      "location": (job.get("location") or {}).get("name"),
                                      "description": html.unescape(job["content"])}) + "\n")


def run_extract_only(source: Path, target: Path, workers: int, env: dict) -> dict:
    """`skillgap extract` as a fresh process over ``source``: wall, CPU s of the tree, peak RSS."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    cmd = [sys.executable, "-c", "from skillgap.pipelines.cli import main; main()", "extract", "--input", str(source),
           "--output", str(target)] + (["--workers", str(workers)] if workers else [])
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))
    ps = psutil.Process(proc.pid)
    peak_tree = 0
    while proc.poll() is None:
        try:
            peak_tree = max(peak_tree, ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True)))
        except psutil.Error:
            break
        time.sleep(0.2)
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"extract failed (exit {proc.returncode}):\n{err[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "load": (load + os.getloadavg()[0]) / 2, "rss_tree": peak_tree / 2**20}


def report(n: int, label: str, r: dict) -> None:
    print(f"n={n} {label}: {r['wall']:.1f} s, {n / r['wall']:.0f} postings/s, {r['cpu']:.0f} CPU s, "
          f"load {r['load']:.1f}, extracted {r['extracted']}, "
          f"peak RSS flow {r['rss_main']:.0f} MB / tree {r['rss_tree']:.0f} MB, database {r['db_mb']:.0f} MB", flush=True)


def boards_for(n: int, boards: int, board_size: int | None) -> int:
    """Boards to spread ``n`` postings over: ``ceil(n / board_size)`` when a board size is given (the
    same size at every N), else ``boards``."""
    if board_size is not None:
        if board_size < 1:
            raise ValueError(f"board size must be at least 1, not {board_size}")
        return max(1, -(-n // board_size))
    return boards


def _section(rows: list[tuple[int, str, dict[str, Any], dict[str, Any]]], notes: set[str], boards: dict[int, int],
             loopback: bool) -> str:
    """The RESULTS section: the machine and set-up, then per size and tree the cold and steady runs
    (and `skillgap extract` alone, for ours)."""
    cores = len(os.sched_getaffinity(0))
    lines = [
        "## Ingest at scale (`benchmarks/ingest_speed.py`)",
        "",
        f"Machine: {platform.machine()}, {cores} cores available, {psutil.virtual_memory().total / 2**30:.0f} GB RAM, "
        f"Python {platform.python_version()}; {time.strftime('%Y-%m-%d', time.gmtime())}. "
        "Synthetic Greenhouse postings over "
        + ", ".join(f"{b} boards of {-(-n // b):,} at {n:,}" for n, b in sorted(boards.items())) + " "
        f"{'served over HTTP on 127.0.0.1' if loopback else 'through the replay transport'}; descriptions from "
        f"{'; '.join(sorted(notes))}. Wall time from process start (Prefect's temporary server start included); "
        "CPU s of the whole process tree; load: the 1-minute load average during the run; "
        "RSS sampled every 0.2 s (flow process / whole tree incl. extraction workers and Prefect's server); "
        "database: the file's size after the run.",
        "",
        "| tree | postings | run | wall s | postings/s | CPU s | load | extracted | peak RSS flow MB | peak RSS tree MB "
        "| database MB | ratio |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, name, cold, steady in rows:
        ex = cold.get("extract_only")
        for label, r in (("cold", cold), ("steady", steady)):
            if label == "steady":
                ratio = f"{steady['wall'] / cold['wall']:.1%} of cold"
            else:
                ratio = f"{cold['wall'] / ex['wall']:.2f}x extract" if ex else ""
            lines.append(f"| {name} | {n:,} | {label} | {r['wall']:.1f} | {n / r['wall']:.0f} | {r['cpu']:.0f} | "
                         f"{r['load']:.1f} | {r['extracted']:,} | {r['rss_main']:.0f} | {r['rss_tree']:.0f} | "
                         f"{r['db_mb']:.0f} | {ratio} |")
        if ex and name == "ours":
            lines.append(f"| `skillgap extract` | {n:,} | extract only | {ex['wall']:.1f} | {n / ex['wall']:.0f} | "
                         f"{ex['cpu']:.0f} | {ex['load']:.1f} | {n:,} | | {ex['rss_tree']:.0f} | | |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 20_000])
    ap.add_argument("--boards", type=int, default=20)
    ap.add_argument("--board-size", type=int, metavar="POSTINGS",
                    help="postings per board at every N (boards = N / this), instead of --boards")
    ap.add_argument("--workers", type=int, default=0, help="extraction processes (0: the cores available)")
    ap.add_argument("--loopback", action="store_true", help="serve the boards over HTTP on 127.0.0.1")
    ap.add_argument("--baseline", metavar="PYTHONPATH", help="also run this tree, interleaved, for same-run ratios")
    ap.add_argument("--ours", metavar="PYTHONPATH", help="run this tree as ours (default: the installed one)")
    ap.add_argument("--no-extract", action="store_true", help="skip the extract-only run (and the ratio)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    rows, notes = [], set()
    try:
        boards = {n: boards_for(n, args.boards, args.board_size) for n in args.n}
    except ValueError as exc:
        ap.error(str(exc).replace("board size", "--board-size"))
    trees = [("ours", args.ours)] + ([("baseline", args.baseline)] if args.baseline else [])
    with tempfile.TemporaryDirectory(prefix="skillgap-ingest-bench-") as tmp:
        for n in args.n:
            root = Path(tmp) / f"n{n}"
            notes.add(write_boards(root / "replay", n, boards[n], shared=shared_dir()))
            print(f"n={n}: {boards[n]} boards of {-(-n // boards[n]):,} postings", flush=True)
            server = serve(root / "replay") if args.loopback else None
            base_url = f"http://127.0.0.1:{server.server_address[1]}" if server else "http://127.0.0.1:8000"
            config = write_config(root / "sources.yaml", boards[n], base_url=base_url)
            replay = None if server else root / "replay"
            try:
                results: dict[str, dict] = {}
                for run in ("cold", "steady"):  # cold A, cold B, steady A, steady B: same load for each pair
                    for name, path in trees:
                        env = dict(os.environ, PREFECT_HOME=str(Path(tmp) / f"prefect-home-{name}"))
                        if path:
                            env["PYTHONPATH"] = path
                        r = results.setdefault(name, {})[run] = run_once(config, root / f"{name}.duckdb", replay,
                                                                          args.workers, env)
                        report(n, f"{name} {run}", r)
                extract_only = None
                if not args.no_extract:  # after the ingest runs: same postings, same machine
                    write_jsonl(root / "replay", root / "postings.jsonl")
                    extract_only = run_extract_only(root / "postings.jsonl", root / "facts.jsonl", args.workers,
                                                    dict(os.environ))
                    print(f"n={n} extract only: {extract_only['wall']:.1f} s, {extract_only['cpu']:.0f} CPU s, "
                          f"load {extract_only['load']:.1f}, peak RSS tree {extract_only['rss_tree']:.0f} MB", flush=True)
                    for name, _ in trees:
                        print(f"n={n} {name}: cold / extract = {results[name]['cold']['wall'] / extract_only['wall']:.2f}, "
                              f"steady / cold = {results[name]['steady']['wall'] / results[name]['cold']['wall']:.1%}",
                              flush=True)
                for name, _ in trees:
                    cold, steady = results[name]["cold"], results[name]["steady"]
                    cold["extract_only"] = extract_only
                    assert cold["extracted"] == n == cold["stored"], cold
                    if steady["extracted"]:  # e.g. the extractor version changed between the runs
                        print(f"WARNING: the steady run extracted {steady['extracted']} postings; it must extract none")
                    rows.append((n, name, cold, steady))
            finally:
                if server:
                    server.shutdown()

    body = _section(rows, notes, boards, args.loopback)
    print(body)
    if not args.no_write:
        write_section("ingest_speed", body)


if __name__ == "__main__":
    main()
