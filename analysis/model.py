"""Frozen records shared by the analysis modules (skill facts, scope, weekly counts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skillgap.analysis.coverage import Doors


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


_EPOCH = datetime(1970, 1, 1)


def naive_utc(dt: datetime | None) -> datetime | None:
    """DuckDB TIMESTAMP arrives naive (UTC by convention); make TIMESTAMPTZ values match."""
    if dt is None:
        return None
    if dt.tzinfo is not None:

        return dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def epoch_seconds(dt: datetime | None) -> float:
    """Seconds since 1970 for sorting (0 for None), independent of the machine's timezone."""
    dt = naive_utc(dt)
    return (dt - _EPOCH).total_seconds() if dt is not None else 0.0


@dataclass(frozen=True)
class SkillStat:
    skill: str
    clusters: int          # in-scope clusters asking for it at all
    required: int          # ... as required
    weight: float          # sum of W over the requirements it is a member of (hard skills only)


@dataclass(frozen=True)
class MarketStats:
    scope: Scope
    clusters: int
    raw_postings: int
    with_skills: int
    n_req: int                         # clusters stating required hard skills
    asking_years: int
    skills: Mapping[str, SkillStat]
    info: Mapping[str, SkillInfo]
    classes: Mapping[str, str]
    salary_rows: Sequence[tuple[str, int]] = ()   # (currency, clusters stating pay)
    units: Mapping[frozenset[str], float] = field(default_factory=dict)  # W per requirement
    unit_counts: Mapping[frozenset[str], int] = field(default_factory=dict)  # clusters with each requirement
    doors: Doors | None = None  # the gap ranking's measure over this market's postings
    salary: Mapping[str, Any] = field(default_factory=dict)
