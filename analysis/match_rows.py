"""One row of the report's matches: a posting's met and open requirements, gates and texts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from skillgap.analysis.fmt import clean, r4
from skillgap.analysis.load import GateParams, MarketStats
from skillgap.analysis.matching import failed_gates
from skillgap.analysis.profile import DEGREES, Profile


def _names(xs: Sequence[str]) -> list[str]:
    return sorted(xs, key=lambda s: (s.casefold(), s))


def gate_params(profile: Profile) -> GateParams:
    return GateParams(
        years=profile.years_experience,
        degree_rank=DEGREES.index(profile.degree) + 1 if profile.degree in DEGREES else None,
        degrees=DEGREES,
        needs_visa=bool(profile.needs_visa_sponsorship),
    )


def _match_json(m: dict[str, Any], met: Callable[[str], bool], credit: Mapping[str, float], stats: MarketStats,
                profile: Profile) -> dict[str, Any]:
    req = [s for s, r in m["skills"] if r]
    pref = [s for s, r in m["skills"] if not r]
    hard = lambda s: stats.classes.get(s, "hard") == "hard"  # noqa: E731
    matched = _names([s for s in req if met(s)]) + _names([s for s in pref if met(s)])
    # the requirements: required hard skills, alternatives as one (the score is their met share)
    reqs = [tuple(r) for r in m.get("requirements") or [(s,) for s in req if hard(s)]]
    met_reqs = [r for r in reqs if any(met(x) for x in r)]
    open_reqs = [r for r in reqs if not any(met(x) for x in r)]
    in_open = {x for r in open_reqs for x in r}
    # the missing skills the market asks for most come first (then by name)
    by_demand = lambda xs: sorted(xs, key=lambda s: (-(stats.skills[s].required if s in stats.skills else 0),  # noqa: E731
                                                     s.casefold(), s))
    missing_req = by_demand([s for s in in_open])
    missing_pref = by_demand([s for s in pref if hard(s) and not met(s) and s not in in_open])
    req_hard = [s for s in req if hard(s)]
    gates = list(failed_gates(m, profile))
    return {
        "posting_id": m["posting_id"],
        "title": clean(m["title"]),
        "company": clean(m["company"]) if m["company"] is not None else None,
        "url": m["url"],
        "score": r4(m["score"]),
        "matched_required": len(met_reqs),
        "required_total": len(reqs),
        "matched_skills": matched,
        "missing_skills": missing_req + missing_pref,
        "missing_required": missing_req,
        "missing_alternatives": [list(r) for r in open_reqs if len(r) > 1],
        "partly_credited": _names([s for s in req_hard if not met(s) and credit.get(s, 0) > 0]),
        "required_coverage": r4(m["score"]),
        "gates": gates,
        "fails_gate": bool(m.get("fails_gate")) or bool(gates),
        "location": clean(m["location"]) if m["location"] is not None else None,
        "remote": m["remote"],
        "first_seen": m["first_seen"].isoformat() if m["first_seen"] is not None else None,
        "open": m["open"],
    }
