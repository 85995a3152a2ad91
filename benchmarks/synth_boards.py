"""Synthetic Greenhouse boards for ingestion benchmarks and scale tests (not a test module).

``write_boards(root, n, boards)`` writes ``<root>/v1/boards/<board>/jobs.json`` in the exact shape of
the Greenhouse Job Board API (``content`` HTML-entity-escaped), so the same files serve
:class:`skillgap.pipelines.http.ReplayTransport` and a loopback HTTP server.

Descriptions recombine sentences: real ones read at run time from ``../shared/data/postings``
when present (never written into the repository), else our own sentences below. Every posting
is distinct (its sentences, title and company differ), deterministic for a given seed.
"""

from __future__ import annotations

import html
import json
import random
import re
from pathlib import Path

__all__ = ["write_boards", "sentence_pool"]

OWN_SENTENCES = [
    "You will train and evaluate machine learning models for demand forecasting.",
    "Experience with Python and SQL is required.",
    "Familiarity with PyTorch or TensorFlow is a plus.",
    "You have a degree in computer science, statistics or a related field.",
    "We use Docker and Kubernetes to ship models to production.",
    "Strong communication skills and a collaborative attitude.",
    "Build data pipelines with Airflow and dbt on Snowflake.",
    "Knowledge of scikit-learn, pandas and NumPy.",
    "Experience with AWS or GCP is nice to have.",
    "You will design A/B tests and analyse their results.",
    "Our team works across research and product engineering.",
    "Write clean, tested code and review your colleagues' work.",
    "Exposure to NLP, computer vision or large language models.",
    "Comfortable with Git, Linux and the command line.",
    "0-2 years of experience in a data or software role.",
    "We offer a salary of $95,000 - $120,000 per year and great benefits.",
    "This is an entry-level role open to new graduates.",
    "Experience with Spark or other distributed data tools is preferred.",
    "You will present findings to stakeholders with Tableau dashboards.",
    "We value curiosity, ownership and clear writing.",
    "Monitor model performance and retrain when data drifts.",
    "Knowledge of statistics, probability and experimental design.",
    "Help us build the feature store and the model registry with MLflow.",
    "You will pair with senior engineers on recommendation systems.",
]

TITLES = [
    "Machine Learning Engineer I", "Junior Data Scientist", "Machine Learning Intern", "Data Analyst",
    "AI Engineer, New Grad", "Associate Data Engineer", "Senior ML Engineer", "Applied Scientist Intern",
    "Account Executive", "Analytics Engineer", "Data Scientist, Early Career", "Software Engineer, ML Platform",
]
LOCATIONS = ["Remote", "New York, NY", "San Francisco, CA", "Berlin, Germany", "London, UK", "Remote - US", "Austin, TX"]
HEADINGS = ["About the role", "What you'll do", "Requirements", "Nice to have", "Benefits"]

_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def sentence_pool(shared: Path | None) -> tuple[list[str], str]:
    """Sentences to recombine and where they came from."""
    if shared is not None:
        sentences: list[str] = []
        for name in ("dev.jsonl", "dev_payloads.jsonl"):
            path = shared / "data" / "postings" / name
            if not path.is_file():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    desc = json.loads(line).get("description") or ""
                except ValueError:
                    continue
                for s in _SENT_SPLIT.split(desc):
                    s = " ".join(s.split())
                    if 30 <= len(s) <= 400:
                        sentences.append(s)
        if len(sentences) >= 200:
            return sorted(set(sentences)), f"{len(set(sentences))} real sentences from ../shared/data/postings"
    return list(OWN_SENTENCES), f"{len(OWN_SENTENCES)} sentences of our own"


def _content(rng: random.Random, pool: list[str], serial: int) -> str:
    parts = []
    n_sections = rng.randint(3, 5)
    for h in rng.sample(HEADINGS, n_sections):
        items = rng.sample(pool, rng.randint(3, 7))
        parts.append(f"<h3>{h}</h3>\n<ul>\n" + "\n".join(f"<li>{html.escape(s)}</li>" for s in items) + "\n</ul>")
    parts.append(f"<p>Requisition {serial}.</p>")  # every posting distinct even if sentences repeat
    return html.escape("\n".join(parts))


def write_boards(root: Path, n: int, boards: int = 20, *, seed: int = 11, shared: Path | None = None,
                 variant: int = 0) -> str:
    """Write ``n`` postings spread over ``boards`` boards; returns a note on the sentence source.

    ``variant`` > 0 changes the text of roughly that percentage of postings (a "next day" run).
    """
    pool, note = sentence_pool(shared)
    rng = random.Random(seed)
    per_board = [n // boards + (1 if b < n % boards else 0) for b in range(boards)]
    serial = 0
    for b, count in enumerate(per_board):
        board = f"board{b:03d}"
        jobs = []
        for _ in range(count):
            serial += 1
            content = _content(rng, pool, serial)
            if variant and rng.randrange(100) < variant:
                content += html.escape(f"<p>Updated listing {variant}.</p>")
            jid = 5_000_000 + serial
            jobs.append({
                "id": jid,
                "internal_job_id": 9_000_000 + serial,
                "title": rng.choice(TITLES),
                "company_name": f"Company {b:03d}",
                "location": {"name": rng.choice(LOCATIONS)},
                "absolute_url": f"https://boards.greenhouse.io/{board}/jobs/{jid}",
                "updated_at": "2026-11-18T17:02:09-05:00",
                "first_published": f"2026-{rng.randint(9, 11):02d}-{rng.randint(1, 28):02d}T10:15:00-05:00",
                "requisition_id": f"R-{serial}",
                "language": "en",
                "content": content,
            })
        target = root / "v1" / "boards" / board / "jobs.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}), encoding="utf-8")
    return note


def write_config(path: Path, boards: int, base_url: str = "http://127.0.0.1:8000") -> Path:
    names = ", ".join(f"board{b:03d}" for b in range(boards))
    path.write_text(f"sources:\n  - type: greenhouse\n    base_url: {base_url}\n    boards: [{names}]\n", encoding="utf-8")
    return path
