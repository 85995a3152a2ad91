"""Store and report speed: how fast postings land in DuckDB, and how long a gap report takes.

    .venv/bin/python benchmarks/store_speed.py [--n 5000] [--no-write]

Measures, in one process on synthetic postings (our own text, no reference data needed):

- ``Store.upsert_postings`` (appender-staged ``INSERT ... ON CONFLICT``) for N new postings, for
  the same N again (a nightly re-run with nothing new), and for N with 10 % changed text;
- a baseline in the same process: plain ``executemany`` inserts of the same rows into the same
  table (what most DuckDB examples do), reported as a ratio;
- ``Store.write_extractions`` for N postings with ~12 mentions each;
- one ``gap-report --format json`` over the result (read-only open, load, score, render).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import tempfile
import time
from datetime import datetime
from pathlib import Path

from _common import write_section  # (importing it also puts the repository on sys.path)

from skillgap.analysis.api import report_command
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.store import Store
from tests.factories import FakeExtraction, FakeMention, FakeSalary

SKILLS = ["Python", "SQL", "PyTorch", "TensorFlow", "scikit-learn", "pandas", "NumPy", "Docker", "Kubernetes",
          "AWS", "GCP", "Spark", "Airflow", "MLflow", "Git", "statistics", "deep learning", "NLP", "LLMs",
          "computer vision", "A/B testing", "Tableau", "dbt", "Snowflake", "communication"]
TITLES = ["Machine Learning Engineer I", "Junior Data Scientist", "ML Intern", "Data Analyst", "AI Engineer",
          "Associate Data Engineer", "Senior ML Engineer", "Applied Scientist Intern", "Account Executive"]


def synth_postings(n: int, seed: int = 7, variant: str = "") -> list[NormalizedPosting]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        skills = rng.sample(SKILLS, 12)
        text = "Requirements\n" + "\n".join(f"- Experience with {s}" for s in skills) + variant
        out.append(NormalizedPosting(
            source="greenhouse", board=f"board{i % 50}", source_id=str(100000 + i), title=rng.choice(TITLES),
            description=text, company=f"Company {i % 50}", location=rng.choice(["Remote", "New York", "Berlin"]),
            url=f"https://boards.example.org/board{i % 50}/jobs/{100000 + i}", raw={"id": i, "text": text},
        ))
    return out


def by_board(postings):
    boards: dict[str, list[NormalizedPosting]] = {}
    for p in postings:
        boards.setdefault(p.board, []).append(p)
    return boards


def upsert_all(store: Store, postings, seen_at) -> float:
    t = time.perf_counter()
    for board, items in by_board(postings).items():
        store.upsert_postings("greenhouse", board, items, seen_at=seen_at)
    return time.perf_counter() - t


def extraction_for(p: NormalizedPosting, rng: random.Random) -> FakeExtraction:
    mentions = []
    for line_start, line in _lines(p.description):
        if line.startswith("- Experience with "):
            skill = line[len("- Experience with "):]
            start = line_start + len("- Experience with ")
            mentions.append(FakeMention(skill, "tool", "required", start, start + len(skill), skill, line, "requirements"))
    role = rng.choice(["ml", "data", "other"])
    return FakeExtraction(role, rng.choice(["intern", "entry", "mid", "senior"]), True, 1.0, False, "bachelor",
                          FakeSalary(100000, 140000, "USD", "year", "$100k-$140k", 100000, 140000), None, "remote",
                          tuple(mentions))


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = ap.parse_args()
    n = args.n
    postings = synth_postings(n)
    changed = [synth_postings(n, variant="\n- Bonus: Rust")[i] if i % 10 == 0 else p for i, p in enumerate(postings)]
    tmp = Path(tempfile.mkdtemp())
    t0, t1, t2 = datetime(2026, 11, 1), datetime(2026, 11, 2), datetime(2026, 11, 3)

    with Store.open(tmp / "bench.duckdb") as store:
        first = upsert_all(store, postings, t0)
        again = upsert_all(store, postings, t1)
        some = upsert_all(store, changed, t2)
        rng = random.Random(3)
        results = [(p.posting_id, p.content_hash, extraction_for(p, rng)) for p in changed]
        t = time.perf_counter()
        store.write_extractions(results, version="bench", extracted_at=t2)
        extract_write = time.perf_counter() - t
        mentions = store.con.execute("SELECT count(*) FROM skill_mentions").fetchone()[0]

        # Baseline in the same process: executemany into an identical empty table.
        con = store.con
        con.execute("CREATE TABLE baseline AS SELECT * FROM posting_records LIMIT 0")
        rows = con.execute("SELECT * FROM posting_records").fetchall()
        t = time.perf_counter()
        con.executemany(f"INSERT INTO baseline VALUES ({', '.join(['?'] * len(rows[0]))})", rows)
        baseline = time.perf_counter() - t
        con.execute("DROP TABLE baseline")

    profile = tmp / "me.yaml"
    profile.write_text("skills: {python: advanced, sql: intermediate, pandas: beginner}\nseniority: [intern, entry, mid]\n")
    out = io.StringIO()
    t = time.perf_counter()
    code = report_command(profile=profile, db=tmp / "bench.duckdb", fmt="json", stdout=out, stderr=io.StringIO())
    report = time.perf_counter() - t
    scope = json.loads(out.getvalue())["scope"]["postings"] if code == 0 else None

    rate = lambda secs: f"{n / secs:,.0f}"  # noqa: E731
    lines = [
        "## Store and report speed",
        "",
        f"{n:,} synthetic postings on 50 boards (one transaction per board), one process; "
        "ratios are against a baseline run in the same process.",
        "",
        "| step | seconds | postings/s |",
        "|---|---|---|",
        f"| first upsert (all new) | {first:.2f} | {rate(first)} |",
        f"| re-run, nothing new | {again:.2f} | {rate(again)} |",
        f"| re-run, 10 % changed | {some:.2f} | {rate(some)} |",
        f"| baseline: `executemany` insert of the same rows | {baseline:.2f} | {rate(baseline)} |",
        f"| write extractions ({mentions:,} mentions) | {extract_write:.2f} | {rate(extract_write)} |",
        f"| `gap-report --format json` ({scope} clusters in scope) | {report:.2f} | — |",
        "",
        f"First upsert is {baseline / first:.1f}× faster than the `executemany` baseline.",
    ]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("store", body)
    return 0 if code == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
