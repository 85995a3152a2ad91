"""Frozen records the analysis functions work on (built from the database by ``skillgap.analysis.load``).

Everything here is plain data, so scoring, matching and rendering are pure functions that tests
can drive without a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, UTC


@dataclass(frozen=True)
class Posting:
    """One in-scope dedup cluster: its representative posting plus the union of its skills.

    A skill is ``required`` when any member posting requires it; ``preferred`` holds the rest.
    """

    cluster_id: str
    posting_id: str
    title: str
    company: str | None = None
    url: str | None = None
    location: str | None = None
    remote: bool | None = None
    first_seen: datetime | None = None
    posted_at: datetime | None = None
    closed_at: datetime | None = None
    role_family: str | None = None
    seniority: str | None = None
    years_min: float | None = None
    degree: str | None = None
    visa_sponsorship: bool | None = None
    experience_inflated: bool | None = None
    salary_annual_min: float | None = None
    salary_annual_max: float | None = None
    salary_currency: str | None = None
    required: frozenset[str] = frozenset()
    preferred: frozenset[str] = frozenset()
    members: int = 1
    member_ids: tuple[str, ...] = ()

    @property
    def skills(self) -> frozenset[str]:
        return self.required | self.preferred

    @property
    def salary_mid(self) -> float | None:
        lo, hi = self.salary_annual_min, self.salary_annual_max
        if lo is not None and hi is not None:
            return (lo + hi) / 2
        return lo if lo is not None else hi


@dataclass(frozen=True)
class SkillInfo:
    skill: str
    category: str | None = None
    kind: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scope:
    role_families: tuple[str, ...]
    seniority: tuple[str, ...]
    locations: tuple[str, ...]
    since: date | None
    as_of: datetime | None

    def to_json(self) -> dict[str, object]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "role_families": list(self.role_families),
            "seniority": list(self.seniority),
            "locations": list(self.locations),
        }


@dataclass(frozen=True)
class Weekly:
    """Cluster counts per ISO week (Monday dates): totals and per-skill counts."""

    weeks: tuple[date, ...]
    totals: Mapping[date, int]
    counts: Mapping[str, Mapping[date, int]]
    required_counts: Mapping[str, Mapping[date, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Market:
    """What the report is computed from: in-scope clusters and the baseline for specificity."""

    scope: Scope
    postings: tuple[Posting, ...]
    raw_postings: int = 0
    other_clusters: int = 0
    other_counts: Mapping[str, int] = field(default_factory=dict)
    skill_info: Mapping[str, SkillInfo] = field(default_factory=dict)
    weekly: Weekly | None = None


_EPOCH = datetime(1970, 1, 1)


def naive_utc(dt: datetime | None) -> datetime | None:
    """DuckDB TIMESTAMP arrives naive (UTC by convention); make TIMESTAMPTZ values match."""
    if dt is None:
        return None
    if dt.tzinfo is not None:
        from datetime import timezone

        return dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def epoch_seconds(dt: datetime | None) -> float:
    """Seconds since 1970 for sorting (0 for None), independent of the machine's timezone."""
    dt = naive_utc(dt)
    return (dt - _EPOCH).total_seconds() if dt is not None else 0.0
