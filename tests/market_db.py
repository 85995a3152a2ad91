"""Small in-memory DuckDB markets with the public views' columns, for fast analysis tests.

``market_con([Job(required={"Python"}, preferred={"SQL"}), ...])`` returns an open connection with
``postings``, ``posting_skills`` and ``skills`` tables shaped like the views of the store (the
columns the analysis reads). Use ``tests.factories.make_db`` when the real store path matters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import duckdb

NOW = datetime(2026, 11, 20, 12, 0, 0)


@dataclass
class Job:
    required: set[str] | frozenset[str] = frozenset()
    preferred: set[str] | frozenset[str] = frozenset()
    title: str = "ML Engineer"
    company: str | None = "Acme"
    url: str | None = None
    cluster: str | None = None
    role_family: str = "ml"
    seniority: str = "entry"
    location: str | None = "Remote"
    remote: bool | None = True
    days_ago: int = 3
    years_min: float | None = None
    salary: tuple[float, float] | None = None
    extra: dict = field(default_factory=dict)
    alternatives: tuple = ()   # groups of required skills offered as alternatives ("AWS, GCP or Azure")
    entry_level: bool = True
    degree: str | None = None


def market_con(jobs: Sequence[Job], kinds: Mapping[str, tuple[str, str]] | None = None,
               parents: Mapping[str, str] | None = None) -> duckdb.DuckDBPyConnection:
    """``kinds``: skill -> (category, kind) for the skills table (default: tool/hard)."""
    con = duckdb.connect(":memory:")
    con.execute("""CREATE TABLE postings (posting_id VARCHAR, cluster_id VARCHAR, company VARCHAR, title VARCHAR,
        location VARCHAR, remote BOOLEAN, url VARCHAR, description VARCHAR, posted_at TIMESTAMP, first_seen TIMESTAMP,
        last_seen TIMESTAMP, closed_at TIMESTAMP, role_family VARCHAR, seniority VARCHAR, entry_level BOOLEAN,
        years_min DOUBLE, experience_inflated BOOLEAN, degree VARCHAR, visa_sponsorship BOOLEAN,
        salary_annual_min DOUBLE, salary_annual_max DOUBLE, salary_currency VARCHAR)""")
    con.execute("""CREATE TABLE posting_skills (posting_id VARCHAR, skill VARCHAR, category VARCHAR,
        requirement VARCHAR, "start" INTEGER, "end" INTEGER, evidence VARCHAR, section VARCHAR, alt_group INTEGER)""")
    con.execute("CREATE TABLE skills (skill VARCHAR, category VARCHAR, kind VARCHAR, aliases VARCHAR[], parent VARCHAR)")
    names: set[str] = set()
    for i, j in enumerate(jobs):
        pid = f"p{i:04d}"
        ts = NOW - timedelta(days=j.days_ago)
        sal = j.salary
        con.execute(
            "INSERT INTO postings VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, NULL, ?, ?, ?, ?, FALSE, ?, NULL, ?, ?, ?)",
            [pid, j.cluster or pid, j.company, j.title, j.location, j.remote, j.url or f"https://jobs.example.org/{i}",
             ts, ts, ts, j.role_family, j.seniority, j.entry_level, j.years_min, j.degree, sal[0] if sal else None,
             sal[1] if sal else None, "USD" if sal else None],
        )
        for s in sorted(set(j.required) | set(j.preferred)):
            names.add(s)
            req = "required" if s in j.required else "preferred"
            con.execute("INSERT INTO posting_skills VALUES (?, ?, NULL, ?, 0, 1, ?, NULL, NULL)",
                        [pid, s, req, f"We need {s}."])
        for g, alts in enumerate(j.alternatives, 1):
            for s in sorted(alts):
                names.add(s)
                con.execute("INSERT INTO posting_skills VALUES (?, ?, NULL, 'required', 2, 3, ?, NULL, ?)",
                            [pid, s, f"We need {' or '.join(sorted(alts))}.", g])
    kinds = dict(kinds or {})
    for s in sorted(names | set(kinds) | set(parents or {})):
        cat, kind = kinds.get(s, ("tool", "hard"))
        con.execute("INSERT INTO skills VALUES (?, ?, ?, [], ?)", [s, cat, kind, (parents or {}).get(s)])
    return con
