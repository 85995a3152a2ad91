"""Markdown rendering (GitHub-flavoured tables); posting text is escaped for tables and links.

Escaping holds for CommonMark (markdown-it-py) and Python-Markdown alike: ``&``, ``<`` and ``>``
become character references (Python-Markdown has no backslash escape for ``<``), the other
Markdown punctuation gets a backslash, and link targets are percent-encoded so that no quote,
space, bracket or parenthesis can end them early. Only http(s) links are ever written.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from skillgap.analysis.fmt import (
    agree,
    clean,
    credited_line,
    fit_text,
    missing_required,
    pct,
    safe_url,
    salary_line,
    scope_line,
    trend_mark,
    trend_window_hint,
)
from skillgap.analysis.report import no_gaps_line

TOP_GAPS = 20
TOP_MATCHES = 20

# Inline punctuation both CommonMark and Python-Markdown unescape ("|" is honoured by Python-Markdown's
# tables extension); "<", ">" and "&" become character references instead. Block markers ("- ",
# "1. ", "# ", "> ") only matter at the start of a line, so only a leading one is escaped.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_MD_BLOCK = re.compile(r"^(\d{1,9})([.)])|^([-+#=])")


def esc(x: Any) -> str:
    """Posting or profile text as inert Markdown on one line."""
    s = clean(x)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return _MD_BLOCK.sub(lambda m: (m.group(1) + "\\" + m.group(2)) if m.group(1) else "\\" + m.group(3), s)


def md_url(url: str) -> str:
    """A link target with every character that could end or bend it percent-encoded."""
    return quote(url, safe="/:?=&%#@+,;~!$*'")\
        .replace("(", "%28").replace(")", "%29").replace("'", "%27").replace("*", "%2A")


def link(text: Any, url: Any) -> str:
    u = safe_url(url)
    if not u:
        return esc(text)
    return f"[{esc(text)}]({md_url(u)})"


def _table(headers: list[str], rows: list[list[str]], align: list[str]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(a for a in align) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def _incl(row: dict[str, Any]) -> str:
    head = row.get("label") if row.get("alternatives") else row["skill"]
    return esc(head) + (f" ({esc(', '.join(row['includes']))})" if row.get("includes") else "")


def render_md(report: dict[str, Any], *, top: int = TOP_GAPS, verbose: bool = False) -> str:
    s = report["scope"]
    L: list[str] = ["# skillgap gap report", "", esc(scope_line(s)) + ".", ""]
    if s["with_required_skills"]:
        L.append(
            f"**Coverage now: {pct(report['coverage_now'])}** of the required hard skills of the "
            f"{s['with_required_skills']} {agree(s['with_required_skills'], 'posting that states', 'postings that state')} them (mean per posting); "
            f"**{s['open_to_you']}** {agree(s['open_to_you'], 'is', 'are')} within reach (≥{s['unlock_threshold'] * 100:.0f}% covered)."
        )
        L.append("")
    for w in report["warnings"]:
        L.append(f"> **Note:** {esc(w)}")
        L.append("")
    L += ["## Top gaps", "", "Hard skills to learn next, by the share of postings where each meets a requirement you lack (doors).", ""]
    gaps = report["gaps"][:top]
    if gaps:
        show_trend = any(g["trend"] in ("rising", "falling", "stable") for g in gaps)
        rows = [
            [str(i), _incl(g), pct(g["required_share"]), pct(g["demand_share"]), pct(g["score"]),
             f"+{g['unlock_count']}"] + ([trend_mark(g["trend"])] if show_trend else [])
            for i, g in enumerate(gaps, 1)
        ]
        L += _table(["#", "skill (counted with)", "required", "asked", "doors", "within reach"]
                    + (["trend"] if show_trend else []), rows,
                    ["--:", "---", "--:", "--:", "--:", "--:"] + (["---"] if show_trend else []))
        L += ["", "**Why these rank first**", ""]
        L += [f"{i}. **{esc(g['skill'])}**: {esc(g['why'])}." for i, g in enumerate(gaps[:5], 1)]
        if report.get("trend_note"):
            L += ["", esc(report["trend_note"])]
        if (show_trend or report.get("trend_note")) and trend_window_hint():
            L += ["", trend_window_hint()]  # our own words: code spans kept
    else:
        L.append(esc(no_gaps_line(s)))
    L.append("")
    if report.get("credited"):
        L += [esc(credited_line(report["credited"])), ""]
    if report["learning_plan"]:
        L += ["## Learning plan", "", "Each step adds the skill that meets a requirement you lack in the most postings; coverage rises with each.", ""]
        rows = [["0", "(now)", pct(report["coverage_now"]), str(s["open_to_you"])]]
        rows += [[str(i), _incl(p), pct(p["coverage_after"]), str(p["cumulative_unlocked"])]
                 for i, p in enumerate(report["learning_plan"], 1)]
        L += _table(["step", "learn", "coverage after", "within reach"], rows, ["--:", "---", "--:", "--:"])
        L.append("")
    if report.get("soft_skills"):
        L += ["## Also asked for", "", "Soft skills, reported apart (never ranked as gaps).", ""]
        L += _table(["skill", "asked"], [[_incl(x), pct(x["demand_share"])] for x in report["soft_skills"]],
                    ["---", "--:"])
        L.append("")
    if report.get("languages"):
        L += ["Spoken languages asked for: " + ", ".join(
            f"{esc(x['skill'])} {pct(x['demand_share'])}" for x in report["languages"]) + ".", ""]
    if report["depth_gaps"]:
        L += ["## Depth gaps", "", "Skills you list as beginner that in-scope postings ask for.", ""]
        rows = [[esc(g["skill"]), pct(g["demand_share"]), pct(g["required_share"])] for g in report["depth_gaps"][:10]]
        L += _table(["skill", "asked", "required"], rows, ["---", "--:", "--:"])
        L.append("")
    L += ["## Roles you fit best", ""]
    if report["matches"]:
        rows = [
            [str(i), fit_text(m), link(m["title"], m["url"]), esc(m["company"] or ""),
             esc(", ".join(missing_required(m)[:6])), esc("; ".join(m["gates"])), esc((m["first_seen"] or "")[:10])]
            for i, m in enumerate(report["matches"][:TOP_MATCHES], 1)
        ]
        L += _table(["#", "fit", "role", "company", "missing (required)", "flags", "first seen"], rows,
                    ["--:", "--:", "---", "---", "---", "---", "---"])
        L += ["", f"{report['matches_total']} {agree(report['matches_total'], 'posting', 'postings')} scored; the best {len(report['matches'])} {agree(len(report['matches']), 'is', 'are')} listed (--limit)."]
    else:
        L.append("No in-scope posting states required hard skills to match against.")
    L += ["", "## Salary", "", esc(salary_line(report["salary"])), ""]
    learn = [g for g in report["gaps"][:5] if g.get("learn")]
    if learn:
        L += ["## Where to learn", ""]
        for g in learn:
            L.append(f"- **{esc(g['skill'])}**: " + " · ".join(link(f"{r['provider']}: {r['title']}", r["url"]) for r in g["learn"]))
        L.append("")
    if verbose:
        L += ["## How it is computed", "", esc(report["method"]["formula"]), ""]
    return "\n".join(L)


def render_explain_md(exp: dict[str, Any], *, verbose: bool = False) -> str:
    e = exp["explain"]
    L = [f"# Why {esc(e['skill'])}?", "", esc(scope_line(exp["scope"])) + ".", ""]
    for w in exp["warnings"]:
        L += [f"> **Note:** {esc(w)}", ""]
    you = f"on your profile ({esc(e['level'])})" if e["in_profile"] else "not on your profile"
    L.append(f"**{esc(e['skill'])}** ({esc(e['category'] or 'uncategorised')}, {esc(e['kind'])}) is {you}.")
    L.append("")
    c = exp.get("credited")
    if c and not e["in_profile"]:
        L += [f"You list {esc(c['via'])}, so the skill graph credits you with {c['credit'] * 100:.0f}% of "
              f"{esc(e['skill'])} in every coverage figure.", ""]
    if exp["postings"]:
        lo, hi = exp["demand_interval"]
        L.append(
            f"Asked for by {exp['postings']} of the {exp['scope']['postings']} postings in scope ({pct(exp['demand_share'])}, "
            f"95% interval {pct(lo)}–{pct(hi)}): {exp['required']} required, {exp['preferred']} preferred."
        )
    else:
        L.append(f"None of the {exp['scope']['postings']} postings in scope asks for it.")
    L.append("")
    if exp["gap"]:
        L += [f"Gap #{exp['gap_rank']}: {esc(exp['gap']['why'])}.", ""]
    if exp.get("implies"):
        L += ["Learning it also credits: " + ", ".join(
            f"{esc(i['skill'])} {i['credit'] * 100:.0f}%" for i in exp["implies"]) + " (skill graph).", ""]
    tr = exp["trend"]
    if tr["direction"] in ("rising", "falling", "stable"):
        L += [f"Trend over the last {len(tr['weeks'])} weeks: {trend_mark(tr['direction'])} "
              f"({pct(tr.get('first_half_share'))} → {pct(tr.get('second_half_share'))}).", ""]
    elif exp.get("trend_note"):
        L += [esc(exp["trend_note"]), ""]
    L += [esc(salary_line(exp["salary"])), ""]
    if exp["evidence"]:
        L += ["## Evidence", ""]
        for ev in exp["evidence"]:
            L.append(f"- *{esc(ev['requirement'])}* — {link(ev['title'], ev['url'])}, {esc(ev['company'] or '')}: "
                     f"“{esc(ev['sentence'])}”")
        L.append("")
    if exp["related_you_have"]:
        L += ["## Asked together with skills you have", ""]
        L += _table(["skill", "lift", "together"],
                    [[esc(r["skill"]), f"{r['lift']:.2f}", str(r["together"])] for r in exp["related_you_have"]],
                    ["---", "--:", "--:"])
        L.append("")
    if exp["learn"]:
        L += ["## Where to learn", ""]
        L += [f"- {link(r['provider'] + ': ' + r['title'], r['url'])}" for r in exp["learn"]]
        L.append("")
    if verbose:
        L += ["## How it is computed", "", esc(exp["method"]["formula"]), ""]
    return "\n".join(L)
