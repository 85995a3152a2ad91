"""Matching roles: weighted coverage of a posting's required and preferred skills (pure).

    score = (2 * |required ∩ have| + |preferred ∩ have|) / (2 * |required| + |preferred|)

Postings without any extracted skill cannot be scored and are left out (the report counts them).
Gates the profile fails (years, degree, visa sponsorship) are flagged, not used to drop a role.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from skillgap.analysis.model import Posting, epoch_seconds
from skillgap.analysis.profile import DEGREE_RANK, Profile

W_REQ = 2.0
W_PREF = 1.0


@dataclass(frozen=True)
class Match:
    posting: Posting
    score: float
    required_coverage: float | None
    matched: tuple[str, ...]
    missing_required: tuple[str, ...]
    missing_preferred: tuple[str, ...]
    gates: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return self.missing_required + self.missing_preferred


def _names(skills: frozenset[str]) -> list[str]:
    return sorted(skills, key=lambda s: (s.casefold(), s))


def failed_gates(p: Posting, profile: Profile) -> tuple[str, ...]:
    gates: list[str] = []
    if p.years_min is not None and p.years_min > 0:
        have = profile.years_experience
        if have is None:
            gates.append(f"asks {p.years_min:g}+ years (profile states none)")
        elif have < p.years_min:
            gates.append(f"asks {p.years_min:g}+ years (you have {have:g})")
    if p.experience_inflated:
        gates.append("entry-level title but asks for several years")
    if p.degree and profile.degree is not None:
        want = DEGREE_RANK.get(str(p.degree).casefold())
        if want is not None and DEGREE_RANK[profile.degree] < want:
            gates.append(f"asks a {p.degree} degree")
    if profile.needs_visa_sponsorship and p.visa_sponsorship is False:
        gates.append("no visa sponsorship")
    return tuple(gates)


def match_posting(p: Posting, has: Callable[[str], bool], profile: Profile) -> Match | None:
    req, pref = p.required, p.preferred - p.required
    denom = W_REQ * len(req) + W_PREF * len(pref)
    if denom == 0:
        return None
    req_have = frozenset(s for s in req if has(s))
    pref_have = frozenset(s for s in pref if has(s))
    score = (W_REQ * len(req_have) + W_PREF * len(pref_have)) / denom
    return Match(
        posting=p,
        score=score,
        required_coverage=(len(req_have) / len(req)) if req else None,
        matched=tuple(_names(req_have) + _names(pref_have)),
        missing_required=tuple(_names(req - req_have)),
        missing_preferred=tuple(_names(pref - pref_have)),
        gates=failed_gates(p, profile),
    )


def match_postings(postings: Sequence[Posting], has: Callable[[str], bool], profile: Profile) -> list[Match]:
    """Scored matches, best first; ties by fewer gates, newer first_seen, then posting id."""
    out = [m for p in postings if (m := match_posting(p, has, profile)) is not None]
    out.sort(
        key=lambda m: (
            -round(m.score, 12),
            len(m.gates),
            -epoch_seconds(m.posting.first_seen),
            m.posting.posting_id,
        )
    )
    return out
