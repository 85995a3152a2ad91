"""Assemble the gap report as one JSON-ready dict (CONTRACTS §5 plus extra keys).

Every renderer (text, Markdown, HTML, JSON) draws from this dict, so the formats cannot disagree.
No clock is read here: dates come from the data (``as_of`` = latest ``last_seen``) or the caller.

The objective (see :mod:`skillgap.analysis.coverage`): ``coverage_now`` is the mean, over in-scope
postings that state required hard skills, of the credited share of each posting's required hard
skills. A gap's ``score`` is how much coverage would rise if you learned it (with its overlap
group); a match's ``score`` is that posting's own covered share; the learning plan adds, step by
step, the gap with the largest rise. Soft skills and spoken languages are reported apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from skillgap.analysis import coverage as cov
from skillgap.analysis.alternatives import (  # noqa: F401 - ALT_* re-exported
    ALT_MIN_POSTINGS,
    ALT_MIN_SHARE,
    _members,
    alternative_families,
    alternatives_label,
)
from skillgap.analysis.fmt import clean, r4  # r4 re-exported
from skillgap.analysis.graph import SkillGraph
from skillgap.analysis.learning import Learning
from skillgap.analysis.load import MARKET_MAX_YEARS, STRETCH_YEARS, MarketQuery, MarketStats
from skillgap.analysis.match_rows import _match_json, gate_params  # gate_params re-exported
from skillgap.analysis.model import SkillInfo, Weekly
from skillgap.analysis.profile import Profile
from skillgap.analysis.stats import quantile
from skillgap.analysis.trends import SMALL_WEEK, direction_of, series, week_label

SMALL_SCOPE = 20
MIN_SALARY_N = 10
INFLATED_YEARS = 3.0
REPORT_VERSION = 2
TREND_CHART_SKILLS = 5
GAPS_MAX = 20
SOFT_MAX = 10
DEFAULT_MATCH_LIMIT = 20

FORMULA = cov.formula()  # the default threshold's text; reports carry cov.method(threshold)
STRETCH_NOTE = (
    f"stretch = postings of your role families just outside the entry-level market: intern/entry postings "
    f"asking more than {MARKET_MAX_YEARS:g} and at most {STRETCH_YEARS:g} years, or asking a degree above yours; "
    "counted and listed apart, never in gaps, coverage or matches"
)


def no_gaps_line(scope: dict[str, Any]) -> str:
    """What the reports say when ``gaps`` is empty: honest about why (no data vs. nothing missing)."""
    if not scope.get("postings"):
        return ("No postings in scope yet: nothing to rank. Run `skillgap ingest`, or widen the scope "
                "with --since or the profile.")
    if not scope.get("with_skills", 1):
        return "No in-scope posting states skills yet: nothing to rank. Run `skillgap ingest` (or `skillgap reextract`)."
    return "No gaps: every hard skill asked for in scope is on your profile."


def make_has(profile: Profile, info: Mapping[str, SkillInfo]) -> Callable[[str], bool]:
    """Does the profile list this canonical skill, by its name or any of its aliases?"""

    def has(skill: str) -> bool:
        if profile.has(skill):
            return True
        si = info.get(skill) if info else None
        return bool(si and any(profile.has(a) for a in si.aliases))

    return has


def salary_summary(total: int, by_cur: Sequence[tuple[str, list[float]]], *, min_n: int = MIN_SALARY_N) -> dict[str, Any]:
    """P25/P50/P75 of annualised midpoints in the most common currency; none from < ``min_n``."""
    stating = sum(len(v) for _, v in by_cur)
    out: dict[str, Any] = {
        "n": 0, "postings": total, "stating_pay": stating,
        "share_stating_pay": r4(stating / total) if total else 0.0,
        "currency": None, "p25": None, "p50": None, "p75": None, "min_n": min_n,
        "other_currencies": {},
    }
    if not by_cur:
        out["note"] = "no in-scope posting states pay"
        return out
    cur, vals = sorted(by_cur, key=lambda cv: (-len(cv[1]), cv[0]))[0]
    out["currency"] = cur
    out["n"] = len(vals)
    out["other_currencies"] = {c: len(v) for c, v in sorted(by_cur) if c != cur}
    if len(vals) < min_n:
        out["note"] = (f"only {len(vals)} in-scope posting{'' if len(vals) == 1 else 's'} "
                       f"state{'s' if len(vals) == 1 else ''} pay in {cur}; no figure from fewer than {min_n}")
        return out
    for key, q in (("p25", 0.25), ("p50", 0.5), ("p75", 0.75)):
        out[key] = round(quantile(vals, q), -2)
    return out


def _rank_key(stats: MarketStats, gains: Mapping[str, float]) -> Callable[[str], tuple]:
    def key(s: str) -> tuple:
        st = stats.skills.get(s)
        return (-round(gains.get(s, 0.0), 12), -(st.required if st else 0), -(st.clusters if st else 0), s.casefold(), s)

    return key


def trend_note(weekly: Weekly | None) -> str | None:
    """One line when the history is too short for any trend (instead of a column of 'unknown')."""
    if weekly is None or not weekly.weeks:
        return "Trends: no dated postings yet."
    wk = list(weekly.weeks)
    half = len(wk) // 2
    n1 = sum(weekly.totals.get(w, 0) for w in wk[: len(wk) - half])
    n2 = sum(weekly.totals.get(w, 0) for w in wk[len(wk) - half:])
    if n1 < SMALL_WEEK or n2 < SMALL_WEEK:
        return (f"Trends: not enough history yet — they compare the first and last {half} of the last "
                f"{len(wk)} weeks and need at least {SMALL_WEEK} postings in each (have {n1} and {n2}).")
    return None


def _why(g: dict[str, Any], n: int, credit_via: Mapping[str, Any], coverage_now: float) -> str:
    parts = [f"required by {g['required_postings']} of {n} postings"]
    if g["postings"] > g["required_postings"]:
        parts[0] += f" (asked for by {g['postings']})"
    parts.append(f"learning it meets a requirement you lack in {g['score'] * 100:.0f}% of the postings with required skills")
    if abs(g.get("score_alone", g["score"]) - g["score"]) >= 5e-3:
        parts[-1] += f" once the rows above are learned ({g['score_alone'] * 100:.0f}% on its own)"
    also = g.get("also_credits") or []
    if also:
        parts[-1] += " (with what it implies: " + ", ".join(a["skill"] for a in also[:3]) + ")"
    parts.append(f"raises your coverage from {coverage_now * 100:.0f}% to {g['coverage_after'] * 100:.0f}% on its own")
    if g["unlock_count"]:
        k = g["unlock_count"]
        parts.append(f"brings {k} more posting{'s' if k != 1 else ''} within reach")
    c = credit_via.get(g["skill"])
    if c is not None:
        parts.append(f"partly implied by {c.via} ({c.credit:.0%} credit, shown, not counted)")
    if g.get("includes"):
        parts.append("counts together with " + ", ".join(g["includes"]))
    return "; ".join(parts)


def _rank_units(mq: MarketQuery, stats: MarketStats, graph: SkillGraph, credit: dict[str, float],
                W: cov.Weights, met: Callable[[str], bool], *, plan_steps: int, gaps_max: int) -> tuple:
    """Gap units ranked, with what each adds, its gain alone, its counts, the learning plan, the
    greedy sequence of the gap list and each row's marginal score."""
    # gap candidates: hard skills you do not meet (a concept a listed tool implies is met)
    hard = [s for s, k in stats.classes.items() if k == "hard" and not met(s)]
    # ... leaving out a skill asked for only as an alternative you already meet (GCP for AWS users)
    by_skill = W.by_skill()

    def answered(s: str) -> bool:
        rs = by_skill.get(s, ())
        st = stats.skills.get(s)
        return bool(rs) and st is not None and st.clusters == st.required and all(
            len(r) > 1 and cov.req_met(r, credit) for r in rs)

    hard = [s for s in hard if not answered(s)]
    # the rank: postings in which a unit meets a requirement you do not meet yet (cov.Doors)
    doors = stats.doors
    assert doors is not None, "MarketQuery.stats() builds the doors with the weights"
    single_gain = doors.singles(credit, hard)  # = doors(credit, {s: 1.0}) for each
    units = cov.make_units(hard, graph, rank_key=_rank_key(stats, single_gain))
    unit_adds = {u.lead: cov.unit_credits(graph, u.members) for u in units}
    unit_gain = {u.lead: single_gain[u.lead] if len(u.members) == 1
                 else doors(credit, {m: 1.0 for m in u.members}) for u in units}
    # the rank counts what learning the unit meets, the concepts it implies included (scikit-learn
    # meets "machine learning" too); partial credits count nowhere
    full_gain = {u.lead: doors(credit, unit_adds[u.lead])
                 if any(c >= cov.MET_AT and t not in u.members for t, c in unit_adds[u.lead].items())
                 else unit_gain[u.lead] for u in units}
    asked = set(stats.skills)
    demoted = frozenset(u.lead for u in units if graph.concrete_of(u.lead) & asked)
    grouped = {u.lead: u.members for u in units if len(u.members) > 1}
    union = mq.union_counts(grouped)

    def counts(u: cov.Unit) -> tuple[int, int]:
        if u.lead in union:
            return union[u.lead]
        st = stats.skills[u.lead]
        return st.clusters, st.required

    # gaps are sorted by score (postings newly met); among equal scores a demoted umbrella comes
    # last. A tool that credits an umbrella in full scores at least as much as the umbrella itself
    # among equal doors, the skill more postings ask for at all (required or nice to have) first
    units.sort(key=lambda u: (-round(full_gain[u.lead], 12), u.lead in demoted, -counts(u)[0],
                              -round(unit_gain[u.lead], 12), -counts(u)[1], u.lead.casefold(), u.lead))
    order = {u.lead: i for i, u in enumerate(units)}
    plan = cov.greedy_plan(units, W, stats.n_req, credit, graph, steps=plan_steps, order=order, adds=unit_adds,
                           demoted=demoted, initial=full_gain, rank=doors)
    # the gap list is ranked the same way, further: each row's score is what it adds once the rows
    # above it are learned (greedy marginal gains never rise, so scores are descending), so ten rows
    # are ten different things to learn, not ten tools that all meet "machine learning"
    seq = cov.greedy_plan(units, W, stats.n_req, credit, graph, steps=gaps_max * 3, order=order, adds=unit_adds,
                          initial=full_gain, rank=doors)
    marginal = {st.unit.lead: st.gain for st in seq}
    picked = [st.unit for st in seq]
    if len(seq) == gaps_max * 3:  # more rows than shown open a door: the rest keep the rank order
        rest_units = [u for u in units if u.lead not in marginal]
    else:  # nothing else opens a door (a gain of 0 after the rows above): ranked as before
        rest_units = [u for u in units if u.lead not in marginal]
        marginal.update({u.lead: 0.0 for u in rest_units})
    units = picked + rest_units
    return units, unit_adds, full_gain, counts, plan, seq, marginal, doors


def _gap_rows(top_units: Sequence[cov.Unit], families: Mapping[str, tuple[str, ...]], fam_union: Mapping[str, tuple[int, int]],
              counts: Callable[[cov.Unit], tuple[int, int]], *, n: int, info: Mapping[str, SkillInfo], graph: SkillGraph,
              opened: Mapping[str, int], marginal: Mapping[str, float], full_gain: Mapping[str, float],
              coverage_now: float, gap_dirs: Mapping[str, str], implied: Mapping[str, Any],
              unit_adds: Mapping[str, dict[str, float]], W: cov.Weights, n_req: int, credit: Mapping[str, float],
              learning: Learning | None, listed: set[str]) -> list[dict[str, Any]]:
    """One row per shown gap unit (alternatives joined)."""
    gaps: list[dict[str, Any]] = []
    for u in top_units:
        fam = families.get(u.lead, (u.lead,))
        d, r = fam_union[u.lead] if u.lead in fam_union else counts(u)
        si = info.get(u.lead)
        g: dict[str, Any] = {
            "skill": u.lead,
            "category": si.category if si else None,
            "kind": "hard",
            "includes": list(u.includes),
            "alternatives": list(fam) if len(fam) > 1 else [],
            "label": alternatives_label(fam, info) if len(fam) > 1 else u.lead,
            "umbrella": u.lead in graph.umbrellas,
            "demand_share": r4(d / n) if n else 0.0,
            "required_share": r4(r / n) if n else 0.0,
            "unlock_count": opened.get("g:" + u.lead, 0),
            "score": r4(marginal[u.lead]),
            "score_alone": r4(full_gain[u.lead]),
            "coverage_after": r4(coverage_now + cov.gain(W, n_req, credit, unit_adds[u.lead])),
            "trend": gap_dirs.get(u.lead, "unknown"),
            "postings": d,
            "required_postings": r,
        }
        if u.lead in implied:
            g["credited"] = implied[u.lead].to_json()
        adds = unit_adds[u.lead]
        idx = W.by_skill()
        also = [{"skill": t, "credit": r4(adds[t])} for t in sorted(adds)
                if t not in u.members and cov.is_met(adds, t) and not cov.is_met(credit, t) and idx.get(t)]
        if also:
            g["also_credits"] = also
        g["why"] = _why(g, n, implied, coverage_now)
        if learning is not None:
            g["learn"] = [x.to_json() for x in learning.for_skill(u.lead, g["category"], listed=listed)]
        gaps.append(g)
    return gaps


def _apart(mq: MarketQuery, stats: MarketStats, graph: SkillGraph, has: Callable[[str], bool], n: int,
           klass: str, limit: int) -> list[dict[str, Any]]:
    """Soft skills and spoken languages: asked for, reported apart."""
    names = [s for s, k in stats.classes.items() if k == klass]
    key = lambda s: (-stats.skills[s].clusters, s.casefold(), s)  # noqa: E731
    us = cov.make_units(names, graph, rank_key=key)
    un = mq.union_counts({u.lead: u.members for u in us if len(u.members) > 1})
    rows: list[dict[str, Any]] = []
    for u in us:
        d = un[u.lead][0] if u.lead in un else stats.skills[u.lead].clusters
        rows.append({"skill": u.lead, "includes": list(u.includes), "demand_share": r4(d / n) if n else 0.0,
                     "postings": d, "on_profile": any(has(m) for m in u.members)})
    rows.sort(key=lambda x: (-x["postings"], x["skill"].casefold(), x["skill"]))
    return rows[:limit]


def _depth_gaps(stats: MarketStats, profile: Profile, info: Mapping[str, SkillInfo], has: Callable[[str], bool],
                n: int) -> list[dict[str, Any]]:
    """Asked-for hard skills the profile lists at beginner level."""
    depth: list[dict[str, Any]] = []
    for s, sk in sorted(stats.skills.items()):
        if has(s) and stats.classes.get(s) == "hard" and _level(profile, s, info) == "beginner":
            depth.append({"skill": s, "category": info[s].category if s in info else None,
                          "demand_share": r4(sk.clusters / n) if n else 0.0,
                          "required_share": r4(sk.required / n) if n else 0.0,
                          "postings": sk.clusters, "required_postings": sk.required, "level": "beginner"})
    depth.sort(key=lambda x: (-x["required_postings"], -x["postings"], x["skill"].casefold()))
    return depth


def _scope_warnings(profile: Profile, stats: MarketStats, n: int, small: bool) -> list[str]:
    """The profile's warnings, then an empty or small scope, and postings asking inflated years."""
    warnings = list(profile.warnings)
    if n == 0:
        warnings.append(
            "no postings in scope: nothing to rank. Check target_roles/seniority/locations in the "
            "profile, widen --since, or run `skillgap ingest` to collect more"
        )
    elif small:
        warnings.append(
            f"only {n} posting{'' if n == 1 else 's'} in scope (fewer than {SMALL_SCOPE}): shares and ranks are rough; "
            "the scope was not widened — widen it yourself with --since or the profile's "
            "target_roles/seniority/locations"
        )
    if n and stats.asking_years:
        warnings.append(
            f"{stats.asking_years} of {n} in-scope postings ask for {INFLATED_YEARS:g}+ years of experience "
            "despite an entry-level scope"
        )
    return warnings


def _trend_series(weekly: Weekly | None, gaps: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Weekly shares of the top gaps, for the trend chart."""
    trend_series = []
    if weekly is not None and weekly.weeks:
        for g in gaps[:TREND_CHART_SKILLS]:
            trend_series.append({
                "skill": g["skill"],
                "direction": g["trend"],
                "weeks": [
                    {"week": week_label(pt.week), "postings": pt.n, "asking": pt.k,
                     "share": r4(pt.share) if pt.n else None,
                     "low": r4(pt.low) if pt.n else None, "high": r4(pt.high) if pt.n else None, "small": pt.small}
                    for pt in series(weekly, g["skill"])
                ],
            })
    return trend_series


def _scenarios(top_units: Sequence[cov.Unit], unit_adds: Mapping[str, dict[str, float]], plan: Sequence[Any],
               credit: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """The credit each shown gap ("g:lead") and each plan step ("p:i") adds, for the open counts."""
    scenarios: dict[str, dict[str, float]] = {}
    for u in top_units:
        adds = unit_adds[u.lead]
        scenarios["g:" + u.lead] = {t: c - credit.get(t, 0.0) for t, c in adds.items() if c > credit.get(t, 0.0)}
    for i, st in enumerate(plan):
        scenarios[f"p:{i}"] = {t: c - credit.get(t, 0.0) for t, c in st.credits_after.items() if c > credit.get(t, 0.0)}
    return scenarios


def _learning_plan(plan: Sequence[Any], open_now: int, opened: Mapping[str, int]) -> list[dict[str, Any]]:
    learning_plan = []
    for i, st in enumerate(plan):
        learning_plan.append({
            "skill": st.unit.lead,
            "includes": list(st.unit.includes),
            "coverage_after": r4(st.coverage_after),
            "gain": r4(st.gain),
            "cumulative_unlocked": open_now + opened.get(f"p:{i}", 0),
        })
    return learning_plan


def _scope_json(mq: MarketQuery, stats: MarketStats, *, small: bool, open_now: int, threshold: float,
                stretch_n: int) -> dict[str, Any]:
    scope = {"postings": stats.clusters, **stats.scope.to_json()}
    scope.update({
        "raw_postings": stats.raw_postings,
        "small_sample": small,
        "with_skills": stats.with_skills,
        "with_required_skills": stats.n_req,
        "open_to_you": open_now,
        "unlock_threshold": threshold,
        "asking_3plus_years": stats.asking_years,
        "stretch": stretch_n,
        "market": "entry_level" if mq.entry_market else "seniority",
    })
    return scope


def _shown_units(mq: MarketQuery, stats: MarketStats, units: list[cov.Unit], seq: Sequence[Any],
                 marginal: dict[str, float], credit: dict[str, float], doors: cov.Doors,
                 unit_adds: Mapping[str, dict[str, float]], gaps_max: int) -> tuple:
    """(families, their union counts, the shown gap units); fills ``marginal`` for shown rows."""
    # alternatives: units whose skills postings offer as alternatives ("AWS, GCP or Azure") make
    # one gap row, led by the best-ranked, the others named in ``alternatives``
    families = alternative_families(units, stats)
    rows = [u for u in units if families.get(u.lead, (u.lead,))[0] == u.lead]
    fam_union = mq.union_counts({u.lead: [m for lead in families[u.lead] for m in _members(units, lead)]
                                 for u in rows if len(families.get(u.lead, ())) > 1})
    top_units = rows[:gaps_max]
    after = seq[-1].credits_after if seq else credit
    for u in top_units:  # shown rows past the greedy's last step: what they add after it
        if u.lead not in marginal:
            marginal[u.lead] = doors(after, unit_adds[u.lead])
    return families, fam_union, top_units


def _stretch_json(stretch_rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**x, "title": clean(x["title"] or ""), "company": clean(x["company"]) if x["company"] is not None else None}
            for x in stretch_rows]


def build_report(
    mq: MarketQuery,
    profile: Profile,
    graph: SkillGraph,
    *,
    weekly_loader: Callable[[Sequence[str]], Weekly] | None = None,
    learning: Learning | None = None,
    threshold: float = cov.UNLOCK_THRESHOLD,
    plan_steps: int = cov.PLAN_STEPS,
    match_limit: int = DEFAULT_MATCH_LIMIT,
    gaps_max: int = GAPS_MAX,
) -> dict[str, Any]:
    stats = mq.stats()
    n = stats.clusters
    info = stats.info
    has_fn = make_has(profile, info)
    in_profile = frozenset(s for s in stats.skills if has_fn(s))
    has = lambda s: s in in_profile or has_fn(s) if s not in stats.skills else s in in_profile  # noqa: E731
    listed = set(in_profile) | set(profile.skills)
    credits = graph.credits(listed)
    credit = {s: c.credit for s, c in credits.items()}
    implied = {s: c for s, c in credits.items() if c.relation != "listed"}
    met = lambda s: has(s) or cov.is_met(credit, s)  # noqa: E731
    W = cov.Weights(stats.units)
    coverage_now = cov.coverage(W, stats.n_req, credit)

    units, unit_adds, full_gain, counts, plan, seq, marginal, doors = _rank_units(
        mq, stats, graph, credit, W, met, plan_steps=plan_steps, gaps_max=gaps_max)

    families, fam_union, top_units = _shown_units(mq, stats, units, seq, marginal, credit, doors, unit_adds, gaps_max)
    open_now, opened = mq.open_counts(credit, _scenarios(top_units, unit_adds, plan, credit), threshold)

    weekly = weekly_loader([u.lead for u in top_units]) if weekly_loader is not None else None
    gap_dirs: dict[str, str] = {u.lead: direction_of(weekly, u.lead)[0] for u in top_units} if weekly is not None and weekly.weeks else {}
    gaps = _gap_rows(top_units, families, fam_union, counts, n=n, info=info, graph=graph, opened=opened,
                     marginal=marginal, full_gain=full_gain, coverage_now=coverage_now, gap_dirs=gap_dirs,
                     implied=implied, unit_adds=unit_adds, W=W, n_req=stats.n_req, credit=credit, learning=learning, listed=listed)

    # soft skills and spoken languages: asked for, reported apart
    soft_skills = _apart(mq, stats, graph, has, n, "soft", SOFT_MAX)
    languages = _apart(mq, stats, graph, has, n, "language", 5)

    depth = _depth_gaps(stats, profile, info, has, n)

    scored, top = mq.top_matches(credit, match_limit, gates=gate_params(profile))
    matches = [_match_json(m, met, credit, stats, profile) for m in top]
    stretch_n, stretch_rows = mq.stretch()

    total, by_cur = mq.salary()
    small = n < SMALL_SCOPE
    warnings = _scope_warnings(profile, stats, n, small)

    scope = _scope_json(mq, stats, small=small, open_now=open_now, threshold=threshold, stretch_n=stretch_n)
    trend_series = _trend_series(weekly, gaps)
    return {
        "report_version": REPORT_VERSION,
        "profile": profile.to_json(),
        "scope": scope,
        "coverage_now": r4(coverage_now),
        "credited": [c.to_json() for _, c in sorted(implied.items()) if stats.skills.get(c.skill) and stats.classes.get(c.skill) == "hard"],
        "gaps": gaps,
        "gaps_total": len(units),
        "soft_skills": soft_skills,
        "languages": languages,
        "depth_gaps": depth,
        "matches": matches,
        "matches_total": scored,
        "unscored_postings": n - scored,
        "learning_plan": _learning_plan(plan, open_now, opened),
        "stretch_postings": _stretch_json(stretch_rows),
        "salary": salary_summary(total, by_cur),
        "gap_trends": trend_series,
        "trend_note": trend_note(weekly),
        "warnings": warnings,
        "method": {**cov.method(threshold), "min_salary_postings": MIN_SALARY_N, "match_limit": match_limit,
                   "stretch": STRETCH_NOTE},
    }


def _level(profile: Profile, skill: str, info: Mapping[str, SkillInfo]) -> str | None:
    lvl = profile.level(skill)
    if lvl:
        return lvl
    si = info.get(skill)
    for a in si.aliases if si else ():
        if profile.level(a):
            return profile.level(a)
    return None
