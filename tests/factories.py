"""Build DuckDB files with known content for analysis tests, through the real store code path.

    db = make_db(tmp_path, [P(title="ML Engineer", skills={"Python": "required"}), ...])

Postings with the same company, title and location fall in one dedup cluster (give them
different ``board`` or ``source_id``), as in real data. Each ``P`` becomes one posting (a Greenhouse-like source row) plus the facts and skill mentions an
extraction would have written. Offsets point at the skill names inside a generated description,
so ``description[start:end] == text`` holds as in real data.
"""

from __future__ import annotations

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
