"""Markdown rendering (GitHub-flavoured tables); posting text is escaped for tables and links."""

from __future__ import annotations

import re
from typing import Any

from skillgap.analysis.fmt import explain_score, pct, safe_url, salary_line, scope_line, trend_mark
from skillgap.analysis.report import no_gaps_line

TOP_GAPS = 20
TOP_MATCHES = 15

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def esc(x: Any) -> str:
    """Escape Markdown and inline HTML so posting text renders as text, on one line."""
    s = "" if x is None else " ".join(str(x).split())
    return _MD_SPECIAL.sub(r"\\\1", s).replace("&", "&amp;")


def link(text: Any, url: Any) -> str:
    u = safe_url(url)
    if not u:
        return esc(text)
    return f"[{esc(text)}](<{u.replace('>', '%3E').replace('<', '%3C').replace(' ', '%20')}>)"


def _table(headers: list[str], rows: list[list[str]], align: list[str]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(a for a in align) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def render_md(report: dict[str, Any], *, top: int = TOP_GAPS) -> str:
    s = report["scope"]
    L: list[str] = ["# skillgap gap report", "", esc(scope_line(s)) + ".", ""]
    L.append(
        f"You already reach ≥{s['unlock_threshold'] * 100:.0f}% of the required skills of "
        f"**{s['open_to_you']}** of {s['with_required_skills']} postings that state requirements."
    )
    L.append("")
    for w in report["warnings"]:
        L.append(f"> **Note:** {esc(w)}")
        L.append("")
    L += ["## Top gaps", ""]
    if report["gaps"]:
        rows = [
            [str(i), esc(g["skill"]), esc(g["category"] or ""), pct(g["demand_share"]), pct(g["required_share"]),
             str(g["unlock_count"]), trend_mark(g["trend"]), f"{g['score']:.3f}"]
            for i, g in enumerate(report["gaps"][:top], 1)
        ]
        L += _table(["#", "skill", "category", "demand", "required", "unlocks", "trend", "score"], rows,
                    ["--:", "---", "---", "--:", "--:", "--:", "---", "--:"])
    else:
        L.append(esc(no_gaps_line(s)))
    L.append("")
    if report["learning_plan"]:
        L += ["## Learning plan", "", "Greedy: each step adds the skill that opens the most postings.", ""]
        rows = [[str(i), esc(p["skill"]), f"+{p['unlocks']}", str(p["cumulative_unlocked"]), str(p["postings_closer"])]
                for i, p in enumerate(report["learning_plan"], 1)]
        L += _table(["step", "learn", "opens", "cumulative", "brings closer"], rows, ["--:", "---", "--:", "--:", "--:"])
        L.append("")
    if report["depth_gaps"]:
        L += ["## Depth gaps", "", "Skills you list as beginner that in-scope postings ask for.", ""]
        rows = [[esc(g["skill"]), pct(g["demand_share"]), pct(g["required_share"]), f"{g['score']:.3f}"]
                for g in report["depth_gaps"][:10]]
        L += _table(["skill", "demand", "required", "score"], rows, ["---", "--:", "--:", "--:"])
        L.append("")
    L += ["## Roles you fit best", ""]
    if report["matches"]:
        rows = [
            [str(i), pct(m["score"]), link(m["title"], m["url"]), esc(m["company"] or ""),
             esc(", ".join(m["missing_skills"])), esc("; ".join(m["gates"])), esc((m["first_seen"] or "")[:10])]
            for i, m in enumerate(report["matches"][:TOP_MATCHES], 1)
        ]
        L += _table(["#", "fit", "role", "company", "missing", "flags", "first seen"], rows,
                    ["--:", "--:", "---", "---", "---", "---", "---"])
    else:
        L.append("No in-scope posting has extracted skills to match against.")
    L += ["", "## Salary", "", esc(salary_line(report["salary"])), ""]
    learn = [g for g in report["gaps"][:5] if g.get("learn")]
    if learn:
        L += ["## Where to learn", ""]
        for g in learn:
            L.append(f"- **{esc(g['skill'])}**: " + " · ".join(link(f"{r['provider']}: {r['title']}", r["url"]) for r in g["learn"]))
        L.append("")
    L += ["## How gaps are scored", "", f"`{report['method']['formula']}`", ""]
    return "\n".join(L)


def render_explain_md(exp: dict[str, Any]) -> str:
    e = exp["explain"]
    L = [f"# Why {esc(e['skill'])}?", "", esc(scope_line(exp["scope"])) + ".", ""]
    for w in exp["warnings"]:
        L += [f"> **Note:** {esc(w)}", ""]
    you = f"on your profile ({esc(e['level'])})" if e["in_profile"] else "not on your profile"
    lo, hi = exp["demand_interval"]
    L.append(f"**{esc(e['skill'])}** ({esc(e['category'] or 'uncategorised')}) is {you}.")
    L.append("")
    L.append(
        f"Asked for by {exp['postings']} of {exp['scope']['postings']} postings ({pct(exp['demand_share'])}, "
        f"95% interval {pct(lo)}–{pct(hi)}): {exp['required']} required, {exp['preferred']} preferred."
    )
    L.append("")
    if exp["gap"]:
        L += [f"Gap rank #{exp['gap_rank']}: `{explain_score(exp['gap'])}`; would open {exp['gap']['unlock_count']} postings.", ""]
    L += [f"Trend: {trend_mark(exp['trend']['direction'])}.", "", esc(salary_line(exp["salary"])), ""]
    if exp["evidence"]:
        L += ["## Evidence", ""]
        for ev in exp["evidence"]:
            L.append(f"- *{esc(ev['requirement'])}* — {link(ev['title'], ev['url'])}, {esc(ev['company'] or '')}: "
                     f"“{esc(ev['sentence'])}”")
        L.append("")
    if exp["related_you_have"]:
        L += ["## Related skills you already have", ""]
        L += _table(["skill", "lift", "together"],
                    [[esc(r["skill"]), f"{r['lift']:.2f}", str(r["together"])] for r in exp["related_you_have"]],
                    ["---", "--:", "--:"])
        L.append("")
    if exp["learn"]:
        L += ["## Where to learn", ""]
        L += [f"- {link(r['provider'] + ': ' + r['title'], r['url'])}" for r in exp["learn"]]
        L.append("")
    L += ["## How gaps are scored", "", f"`{exp['method']['formula']}`", ""]
    return "\n".join(L)
