"""Gap units that postings offer as alternatives of each other ("AWS, GCP or Azure"): one gap row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from skillgap.analysis import coverage as cov
from skillgap.analysis.model import MarketStats, SkillInfo

ALT_MIN_POSTINGS = 2
ALT_MIN_SHARE = 0.25


def _members(units: Sequence[cov.Unit], lead: str) -> tuple[str, ...]:
    for u in units:
        if u.lead == lead:
            return u.members
    return (lead,)


def alternative_families(units: Sequence[cov.Unit], stats: MarketStats) -> dict[str, tuple[str, ...]]:
    """Gap units that postings offer as alternatives of each other, joined: lead -> family leads in
    rank order (``units`` is ranked). Two units join when at least ``ALT_MIN_POSTINGS`` postings,
    and at least ``ALT_MIN_SHARE`` of the postings requiring the less asked of the two, offer them
    as alternatives ("AWS, GCP or Azure" and "AWS or Azure" both link AWS and Azure)."""
    lead_of = {m: u.lead for u in units for m in u.members}
    pair: dict[tuple[str, str], int] = {}
    for r, k in stats.unit_counts.items():
        if len(r) < 2:  # a single skill (all but ~1 % of the requirements) pairs with nothing
            continue
        leads = sorted({lead_of[m] for m in r if m in lead_of})
        for i, a in enumerate(leads):
            for b in leads[i + 1:]:
                pair[(a, b)] = pair.get((a, b), 0) + k
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    req = lambda s: stats.skills[s].required if s in stats.skills else 0  # noqa: E731
    for (a, b), k in sorted(pair.items()):
        if k >= ALT_MIN_POSTINGS and k >= ALT_MIN_SHARE * min(req(a), req(b)):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    fam: dict[str, list[str]] = {}
    for u in units:  # rank order
        fam.setdefault(find(u.lead), []).append(u.lead)
    out: dict[str, tuple[str, ...]] = {}
    for leads in fam.values():
        if len(leads) > 1:
            for x in leads:
                out[x] = tuple(leads)
    return out


def alternatives_label(members: Sequence[str], info: Mapping[str, SkillInfo]) -> str:
    """"cloud: AWS | GCP | Azure": the members' shared category (else "one of"), then the members."""
    cats = {(info[m].category if m in info else None) for m in members}
    head = next(iter(cats)) if len(cats) == 1 and None not in cats else "one of"
    return f"{str(head).replace('_', ' ')}: " + " | ".join(members)
