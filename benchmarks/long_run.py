"""Months of nightly runs, simulated: does a night cost the same on night 60 as on night 2?

    .venv/bin/python benchmarks/long_run.py [--n 5000] [--boards 10] [--nights 60] [--workers W] [--no-write]

N synthetic Greenhouse postings over ``--boards`` boards (benchmarks/synth_boards.py's sentences:
real ones from ../shared/data/postings when present) are served over HTTP on 127.0.0.1. Each night
about 3 % of the open postings change text, 2 % close (leave their board) and 2 % new ones appear
(so the open set stays about N), then one ingest runs (`pipelines.flows.run_ingest`, the flow the
CLI runs; all nights in one process, so Prefect's temporary server starts once and a night's time
is the flow's own) and one `gap-report --format json` runs as a fresh process over the result
(interpreter start included). Recorded per night: ingest wall s, postings extracted, report wall
s, the database file's size, its row groups (all tables, and ``posting_records``) and the flow
process's RSS. RESULTS.md gets the first nights, every tenth and the last, plus the slope of each
figure against the night (least squares over nights 2..K: night 1 is the cold run).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from _common import ROOT, shared_dir, write_section  # (importing it also puts the repository on sys.path)
from synth_boards import LOCATIONS, TITLES, _content, sentence_pool


class Market:
    """The boards' open postings, changed night by night (deterministic for a seed)."""

    def __init__(self, n: int, boards: int, pool: list[str], seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.pool = pool
        self.boards = [f"board{b:03d}" for b in range(boards)]
        self.serial = 0
        self.jobs: dict[str, dict[int, dict]] = {b: {} for b in self.boards}
        for i in range(n):
            self._add(self.boards[i % boards])

    def _add(self, board: str) -> None:
        self.serial += 1
        jid = 5_000_000 + self.serial
        self.jobs[board][jid] = {
            "id": jid, "title": self.rng.choice(TITLES), "company_name": f"Company {board}",
            "location": {"name": self.rng.choice(LOCATIONS)}, "absolute_url": f"https://boards.greenhouse.io/{board}/jobs/{jid}",
            "updated_at": "2026-11-18T17:02:09-05:00", "first_published": "2026-11-01T10:15:00-05:00",
            "requisition_id": f"R-{self.serial}", "language": "en", "content": _content(self.rng, self.pool, self.serial),
        }

    def night(self, k: int, changed: float = 0.03, closed: float = 0.02, new: float = 0.02) -> None:
        open_ids = [(b, j) for b in self.boards for j in self.jobs[b]]
        rng = self.rng
        for b, j in rng.sample(open_ids, round(changed * len(open_ids))):
            self.jobs[b][j]["content"] += html.escape(f"<p>Updated on night {k}.</p>")
        for b, j in rng.sample(open_ids, round(closed * len(open_ids))):
            self.jobs[b].pop(j, None)
        for _ in range(round(new * len(open_ids))):
            self._add(rng.choice(self.boards))

    def write(self, root: Path) -> None:
        for b in self.boards:
            target = root / "v1" / "boards" / b / "jobs.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            jobs = list(self.jobs[b].values())
            target.write_text(json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}), encoding="utf-8")


def row_groups(db: Path) -> tuple[int, int]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()]
        counts = {t: con.execute(f"SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('{t}')").fetchone()[0]
                  for t in tables}
    finally:
        con.close()
    return sum(counts.values()), counts.get("posting_records", 0)


def report_time(db: Path) -> float:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", "from skillgap.analysis.cli import main; main()", "--profile",
                          str(ROOT / "examples" / "me.yaml"), "--db", str(db), "--format", "json"],
                         capture_output=True, text=True, cwd=str(ROOT))
    if out.returncode != 0:
        raise SystemExit(f"gap-report failed: {out.stderr[-2000:]}")
    return time.perf_counter() - t0


def slope(ys: list[float]) -> float:
    n = len(ys)
    if n < 2:
        return 0.0
    mx, my = (n - 1) / 2, sum(ys) / n
    return sum((i - mx) * (y - my) for i, y in enumerate(ys)) / sum((i - mx) ** 2 for i in range(n))


def _section(rows: list[dict[str, Any]], n: int, boards: int, note: str) -> str:
    """The RESULTS section: the machine, a row per night shown (1-3, every 10th, the last) and the
    slopes over the nights after the first."""
    steady = rows[1:]
    lines = [
        "## Sixty nights, simulated (`benchmarks/long_run.py`)",
        "",
        f"Machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores available, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GB RAM, Python {platform.python_version()}; "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}; load average (1 min) {min(r['load'] for r in rows):.1f}-"
        f"{max(r['load'] for r in rows):.1f} during the runs (shared machine). {n:,} open postings over "
        f"{boards} Greenhouse boards served on 127.0.0.1 ({note}); each night ~3 % change, ~2 % close, "
        "~2 % are new. All nights in one process (Prefect's server starts once): ingest is the flow's own time; "
        "the report is `gap-report --format json` as a fresh process; RSS is the flow process's after the night.",
        "",
        "| night | ingest s | extracted | postings stored | report s | DB MB | row groups (all / posting_records) | RSS MB | load |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if r["night"] <= 3 or r["night"] % 10 == 0 or r["night"] == len(rows):
            lines.append(f"| {r['night']} | {r['wall']:.1f} | {r['extracted']:,} | {r['stored']:,} | {r['report']:.2f} | "
                         f"{r['size']:.0f} | {r['groups']} / {r['records_groups']} | {r['rss']:.0f} | {r['load']:.1f} |")
    if steady:
        lines += ["", "Slope per night over nights 2-{} (least squares): ingest {:+.3f} s, report {:+.4f} s, DB {:+.2f} MB, "
                  "row groups {:+.2f}, RSS {:+.2f} MB; mean ingest {:.1f} s, mean report {:.2f} s.".format(
                      len(rows), slope([r["wall"] for r in steady]), slope([r["report"] for r in steady]),
                      slope([r["size"] for r in steady]), slope([r["groups"] for r in steady]),
                      slope([r["rss"] for r in steady]), sum(r["wall"] for r in steady) / len(steady),
                      sum(r["report"] for r in steady) / len(steady))]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--boards", type=int, default=10)
    ap.add_argument("--nights", type=int, default=60)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    from ingest_speed import serve
    from synth_boards import write_config

    pool, note = sentence_pool(shared_dir())
    rows = []
    with tempfile.TemporaryDirectory(prefix="skillgap-long-run-") as tmp:
        os.environ["PREFECT_HOME"] = str(Path(tmp) / "prefect-home")
        os.environ.pop("PREFECT_API_URL", None)
        from skillgap.pipelines import prefect_env

        prefect_env.configure()
        prefect_env.start_temporary_api()
        from skillgap.pipelines import flows
        from skillgap.pipelines.cli import _setup_logging

        _setup_logging(False)
        import logging

        logging.getLogger("skillgap.pipelines.flows").setLevel(logging.WARNING)
        market = Market(args.n, args.boards, pool)
        site = Path(tmp) / "site"
        market.write(site)
        server = serve(site)
        config = write_config(Path(tmp) / "sources.yaml", args.boards, base_url=f"http://127.0.0.1:{server.server_address[1]}")
        db = Path(tmp) / "long.duckdb"
        me = psutil.Process()
        try:
            for night in range(1, args.nights + 1):
                if night > 1:
                    market.night(night)
                    market.write(site)
                t0 = time.perf_counter()
                summary = flows.run_ingest(str(config), str(db), workers=args.workers or None)
                wall = time.perf_counter() - t0
                rep = report_time(db)
                groups, records_groups = row_groups(db)
                row = {"night": night, "wall": wall, "extracted": summary.extracted, "stored": summary.total_postings,
                       "report": rep, "size": db.stat().st_size / 2**20, "groups": groups, "records_groups": records_groups,
                       "rss": me.memory_info().rss / 2**20, "load": os.getloadavg()[0]}
                rows.append(row)
                print(f"night {night}: ingest {wall:.1f} s, extracted {summary.extracted}, stored {summary.total_postings}, "
                      f"report {rep:.2f} s, db {row['size']:.0f} MB, row groups {groups} (posting_records {records_groups}), "
                      f"RSS {row['rss']:.0f} MB, load {row['load']:.1f}", flush=True)
        finally:
            server.shutdown()

    body = _section(rows, args.n, args.boards, note)
    print(body)
    if not args.no_write:
        write_section("long_run", body)


if __name__ == "__main__":
    main()
