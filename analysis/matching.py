"""Matching roles: the gates a profile fails for one posting (pure).

A match's score is the posting's covered share of its required hard skills (the same coverage the
gaps and the learning plan use; computed in SQL by :meth:`MarketQuery.top_matches`). Gates the
profile fails (years, degree, visa sponsorship) are flagged, not used to drop a role.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skillgap.analysis.profile import DEGREE_RANK, Profile


def failed_gates(p: Mapping[str, Any], profile: Profile) -> tuple[str, ...]:
    gates: list[str] = []
    years = p.get("years_min")
    if years is not None and years > 0:
        have = profile.years_experience
        if have is None:
            gates.append(f"asks {years:g}+ years (profile states none)")
        elif have < years:
            gates.append(f"asks {years:g}+ years (you have {have:g})")
    if p.get("experience_inflated"):
        gates.append("entry-level title but asks for several years")
    degree = p.get("degree")
    if degree and profile.degree is not None:
        want = DEGREE_RANK.get(str(degree).casefold())
        if want is not None and DEGREE_RANK[profile.degree] < want:
            gates.append(f"asks a {degree} degree")
    if profile.needs_visa_sponsorship and p.get("visa_sponsorship") is False:
        gates.append("no visa sponsorship")
    return tuple(gates)
