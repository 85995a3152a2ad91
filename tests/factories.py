"""Build DuckDB files with known content for analysis tests, through the real store code path.

    db = make_db(tmp_path, [P(title="ML Engineer", skills={"Python": "required"}), ...])

Postings with the same company, title and location fall in one dedup cluster (give them
different ``board`` or ``source_id``), as in real data. Each ``P`` becomes one posting (a Greenhouse-like source row) plus the facts and skill mentions an
extraction would have written. Offsets point at the skill names inside a generated description,
so ``description[start:end] == text`` holds as in real data.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.store import Store

__all__ = ["P", "make_db", "FakeExtraction", "FakeMention", "FakeSalary", "NOW"]

NOW = datetime(2026, 11, 20, 12, 0, 0)


@dataclass(frozen=True)
class FakeMention:
    skill: str
    category: str | None
    requirement: str
    start: int
    end: int
    text: str
    evidence: str
    section: str
    alt_group: int | None = None


@dataclass(frozen=True)
class FakeSalary:
    min: float | None
    max: float | None
    currency: str | None
    period: str | None
    text: str
    annual_min: float | None
    annual_max: float | None


@dataclass(frozen=True)
class FakeExtraction:
    role_family: str
    seniority: str
    entry_level: bool | None
    years_min: float | None
    experience_inflated: bool | None
    degree: str | None
    salary: FakeSalary | None
    visa_sponsorship: bool | None
    remote_type: str | None
    skills: tuple[FakeMention, ...]


_PERIOD_FACTOR = {"year": 1, "month": 12, "hour": 2080, "week": 52, "day": 260}


@dataclass
class P:
    """One posting to put in a test database; every field has a sensible default."""

    title: str = "Machine Learning Engineer I"
    skills: dict[str, str] = field(default_factory=dict)  # skill -> 'required' | 'preferred'
    role_family: str = "ml"
    seniority: str = "entry"
    company: str = "Acme"
    location: str | None = "Remote"
    remote: bool | None = True
    posted_at: str | datetime | None = None  # ISO date; default NOW - 7 days
    first_seen: str | datetime | None = None  # default = posted_at
    closed_at: str | datetime | None = None
    last_seen: str | datetime | None = None  # default = first_seen (seen by one run only)
    years_min: float | None = None
    degree: str | None = None
    visa_sponsorship: bool | None = None
    entry_level: bool | None = None
    salary: tuple[float, float, str, str] | None = None  # (min, max, currency, period)
    source: str = "greenhouse"
    board: str = "acme"
    source_id: str | None = None
    url: str | None = None
    categories: dict[str, str] = field(default_factory=dict)  # skill -> category override
    alternatives: tuple[tuple[str, ...], ...] = ()  # groups of ``skills`` offered as alternatives


def _ts(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def make_db(tmp_path: Path, postings: list[P], *, name: str = "test.duckdb", taxonomy=None) -> Path:
    """Create ``tmp_path/name`` through the store and fill it. Returns the file's path."""
    path = Path(tmp_path) / name
    with Store.open(path) as store:
        if taxonomy is not None:
            store.sync_taxonomy(taxonomy)
        groups: dict[tuple[str, str, datetime, datetime | None], list[tuple[P, NormalizedPosting]]] = {}
        for i, p in enumerate(postings):
            posted = _ts(p.posted_at) or NOW - timedelta(days=7)
            first_seen = _ts(p.first_seen) or posted
            lines = [p.title, "Requirements:"]
            lines += [f"- Experience with {s}" for s, r in p.skills.items() if r == "required"]
            lines += ["Nice to have:"]
            lines += [f"- Familiarity with {s}" for s, r in p.skills.items() if r != "required"]
            description = "\n".join(lines)
            sid = p.source_id or str(1000 + i)
            np_ = NormalizedPosting(
                source=p.source, board=p.board, source_id=sid, title=p.title, description=description,
                company=p.company, location=p.location, remote=p.remote,
                url=p.url or f"https://boards.example.org/{p.board}/jobs/{sid}", posted_at=posted,
                raw={"id": sid},
            )
            groups.setdefault((p.source, p.board, first_seen, _ts(p.closed_at)), []).append((p, np_))
        for (source, board, first_seen, closed_at), items in sorted(groups.items(), key=lambda kv: kv[0][2]):
            store.upsert_postings(source, board, [n for _, n in items], seen_at=first_seen, complete=False)
            if closed_at is not None:
                ids = [n.posting_id for _, n in items]
                store.con.execute(
                    "UPDATE posting_records SET closed_at = ? WHERE posting_id IN (SELECT unnest(?))",
                    [closed_at, ids],
                )
        for p, n in (item for items in groups.values() for item in items):
            if p.last_seen is not None:  # re-seen by later runs, as an open posting of a live board
                store.con.execute(
                    "UPDATE posting_records SET last_seen = ? WHERE posting_id = ?", [_ts(p.last_seen), n.posting_id]
                )
        results = []
        for p, n in (item for items in groups.values() for item in items):
            mentions = []
            for skill, req in p.skills.items():
                start = n.description.index(f"with {skill}") + 5
                mentions.append(
                    FakeMention(skill, p.categories.get(skill, "tool"), req, start, start + len(skill), skill,
                                n.description[n.description.rfind("\n", 0, start) + 1:
                                              (n.description.find("\n", start) + 1 or len(n.description) + 1) - 1],
                                "requirements" if req == "required" else "preferred",
                                next((k for k, g in enumerate(p.alternatives, 1) if skill in g), None))
                )
            sal = None
            if p.salary:
                lo, hi, cur, per = p.salary
                f = _PERIOD_FACTOR.get(per, 1)
                sal = FakeSalary(lo, hi, cur, per, f"{lo}-{hi} {cur}/{per}", lo * f, hi * f)
            entry = p.entry_level if p.entry_level is not None else p.seniority in ("intern", "entry")
            results.append(
                (n.posting_id, n.content_hash,
                 FakeExtraction(p.role_family, p.seniority, entry, p.years_min, False, p.degree, sal,
                                p.visa_sponsorship, "remote" if p.remote else None, tuple(mentions)))
            )
        store.write_extractions(results, version="test", extracted_at=NOW)
    return path


def query(db: Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` from the database file ``db``, opened read-only and closed again."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------- extraction helpers

# A small taxonomy written for the extraction tests (the conftest ``ex`` fixture builds over a
# module's FIXTURE_YAML; modules import this one or define their own).
FIXTURE_YAML = """\
version: 1
categories: [language, framework, library, tool, cloud, database, concept, soft_skill, spoken_language]
skills:
  - {name: Python, category: language, aliases: [python3]}
  - {name: R, category: language, aliases: [R programming, RStudio], gate: r_language, gate_forms: [R]}
  - {name: Go, category: language, aliases: [Golang], gate: go_language, gate_forms: [Go]}
  - {name: C, category: language, gate: c_language}
  - {name: C++, category: language, aliases: [cpp]}
  - {name: C#, category: language}
  - {name: .NET, category: framework, aliases: [dotnet]}
  - {name: SQL, category: language}
  - {name: SAS, category: tool}
  - {name: Julia, category: language, gate: needs_tech_context, gate_forms: [Julia]}
  - {name: Rust, category: language, gate: needs_tech_context}
  - {name: Swift, category: language, gate: needs_tech_context}
  - {name: Apache Spark, category: framework, aliases: [Spark], gate: case_sensitive, gate_forms: [Spark]}
  - {name: PySpark, category: framework}
  - {name: Snowflake, category: database, gate: needs_tech_context}
  - {name: Excel, category: tool, aliases: [Microsoft Excel, MS Excel], gate: case_sensitive, gate_forms: [Excel]}
  - {name: computer vision, category: concept, aliases: [CV], gate: cv_computer_vision, gate_forms: [CV]}
  - {name: Hugging Face Transformers, category: library, aliases: [transformers, Hugging Face], gate: needs_tech_context, gate_forms: [transformers]}
  - {name: PyTorch, category: framework, aliases: [torch]}
  - {name: TensorFlow, category: framework}
  - {name: scikit-learn, category: library, aliases: [sklearn, scikit learn]}
  - {name: Node.js, category: framework, aliases: [NodeJS]}
  - {name: CI/CD, category: concept, aliases: [continuous integration]}
  - {name: A/B testing, category: concept, aliases: [AB testing]}
  - {name: Docker, category: tool}
  - {name: AWS, category: cloud, aliases: [Amazon Web Services]}
  - {name: machine learning, category: concept, aliases: [ML], gate: case_sensitive, gate_forms: [ML]}
  - {name: data pipeline, category: concept}
  - {name: communication, category: soft_skill, aliases: [communication skills]}
  - {name: pandas, category: library}
"""


def names(ex, text: str, *, title: str = "Data Scientist", sort: bool = False, **kw) -> list[str]:
    """The canonical skills ``ex`` finds in ``text``, each once: in order of first mention, or
    sorted. Keyword arguments go to ``Extractor.extract`` (``html=False``, ``company=``)."""
    found = ex.extract(title=title, description=text, **kw).skill_names()
    return sorted(found) if sort else found


def job_text(company: str, *, topic: str = "demand forecasting", extra: str = "") -> str:
    """A long posting (~250 words) that names its company a few times."""
    return (
        f"About {company}\n"
        f"{company} builds {topic} software for regional grocery chains, bakeries and farm cooperatives. "
        "Our models decide how much bread, fruit and milk each store orders every morning, and a good "
        "forecast means fresher shelves and less food thrown away at the end of the day.\n"
        "What you will do\n"
        "- Train and evaluate gradient boosted models and small neural networks on daily sales series\n"
        "- Write clean Python and SQL, review pull requests and keep our feature pipelines tested\n"
        "- Work with store managers to understand holidays, weather effects and local promotions\n"
        "- Ship models behind a simple HTTP service and watch their error in production dashboards\n"
        "- Pair with two senior engineers who will help you grow during your first year with us\n"
        "What you bring\n"
        "- A degree in statistics, computer science or a related field, or equivalent practical experience\n"
        "- Comfort with pandas, scikit-learn and at least one plotting library\n"
        "- Curiosity about how physical supply chains behave when the weather suddenly changes\n"
        "- Clear written communication; we are a distributed team across three time zones\n"
        "Nice to have: experience with Airflow or Dagster, Docker, and any cloud data warehouse.\n"
        f"Why {company}\n"
        "We offer a yearly learning budget, four weeks of paid leave, a flexible schedule and a small "
        "team where your work reaches customers within weeks rather than quarters. " + extra
    )


def slow_fake_work(batch):
    """Pool work for the tests that need no real extraction: ~0.1 s per posting, canned facts."""
    from skillgap.pipelines.extraction import BatchResult

    time.sleep(0.1 * len(batch))
    facts = [FakeExtraction("ml", "entry", True, 1.0, False, None, None, None, None,
                            (FakeMention("Python", "language", "required", 0, 1, "x", "x", "requirements"),))
             for _ in batch]
    return BatchResult([r["posting_id"] for r in batch], [r["content_hash"] for r in batch], facts, {})
