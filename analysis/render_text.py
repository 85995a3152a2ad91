"""Terminal rendering with rich: fits the terminal (``$COLUMNS``; 80 columns works), no colour
unless asked (deterministic).

Long cells wrap inside their column; links go on lines of their own and are never broken: a link
longer than the width is left out of the text output (the md, html and json formats carry it).
The scoring formula is shown only with ``--verbose`` (docs/gap-report.md explains it).
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from skillgap.analysis.fmt import (
    agree,
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

WIDTH = 100
TOP_GAPS = 10
WHY_GAPS = 5
TOP_MATCHES = 10


def _console(width: int, color: bool) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    con = Console(
        file=buf, width=width, color_system="standard" if color else None, force_terminal=color,
        no_color=not color, highlight=False, emoji=False, markup=False, legacy_windows=False,
        soft_wrap=False, record=False,
    )
    return con, buf


def _t(x: Any, style: str = "") -> Text:
    return Text("" if x is None else str(x), style=style)


def _wrap(con: Console, text: str, indent: int = 0, style: str = "") -> None:
    """A paragraph wrapped at the console width; continuation lines indented by ``indent``."""
    t = Text(text, style=style)
    lines = t.wrap(con, max(20, con.width - indent), overflow="fold")
    for i, line in enumerate(lines):
        line.rstrip()
        con.print((Text(" " * indent) + line) if i and indent else line, soft_wrap=True)


_TRACKING = ("utm_", "gh_src", "ref", "source", "src", "lever-origin", "lever-source")


def _short_url(url: str) -> str:
    """Drop tracking parameters (they never change the page), keep everything else."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not any(k.lower().startswith(t) for t in _TRACKING)]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def url_lines(con: Console, prefix: str, url: Any) -> bool:
    """Print ``prefix url`` (or the url alone on the next line) without ever breaking the url.
    Returns False when the link cannot fit the width and was left out."""
    u = safe_url(url)
    if not u:
        return True
    width = con.width
    for cand in (u, _short_url(u)):
        if len(prefix) + len(cand) <= width:
            con.print(Text(prefix + cand), soft_wrap=True)
            return True
    short = _short_url(u)
    pad = " " * min(len(prefix) - len(prefix.lstrip()) + 2, 6)
    if len(pad) + len(short) <= width:
        if prefix.strip():
            _wrap(con, prefix.rstrip())
        con.print(Text(pad + short), soft_wrap=True)
        return True
    return False


def _table(width: int) -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, width=None, expand=False)


def render_text(report: dict[str, Any], *, width: int = WIDTH, color: bool = False, verbose: bool = False,
                top: int = TOP_GAPS) -> str:
    con, buf = _console(width, color)
    scope = report["scope"]
    con.print(_t("skillgap — gap report", "bold"))
    _wrap(con, scope_line(scope) + ".")
    if scope["with_required_skills"]:
        _wrap(con, (
            f"Coverage now: you have {pct(report['coverage_now'])} of the required hard skills of the "
            f"{scope['with_required_skills']} {agree(scope['with_required_skills'], 'posting that states', 'postings that state')} them (mean per posting); "
            f"{scope['open_to_you']} {agree(scope['open_to_you'], 'is', 'are')} within reach (≥{scope['unlock_threshold'] * 100:.0f}% covered)."
        ))
    for w in report["warnings"]:
        _wrap(con, "! " + w, indent=2, style="yellow")
    con.print()

    gaps = report["gaps"][:top]
    _print_gaps(con, report, gaps, width)

    covered = (report.get("profile") or {}).get("covered") or {}
    if covered:
        _wrap(con, "Counted as listed (named after a skill you list): " + "; ".join(
            f"{k} ({v})" for k, v in list(covered.items())[:8]) + (" …" if len(covered) > 8 else "") + ".")
        if not report.get("credited"):
            con.print()
    if report.get("credited"):
        _wrap(con, credited_line(report["credited"][:8]))
        con.print()

    _print_plan(con, report, width)

    soft = report.get("soft_skills") or []
    if soft:
        _wrap(con, "Also asked for (soft skills; not ranked as gaps): " + ", ".join(
            s["skill"] + (f" ({', '.join(s['includes'])})" if s["includes"] else "") + f" {pct(s['demand_share'])}"
            for s in soft[:8]) + ".")
    langs = report.get("languages") or []
    if langs:
        _wrap(con, "Spoken languages asked for: " + ", ".join(f"{s['skill']} {pct(s['demand_share'])}" for s in langs) + ".")
    if soft or langs:
        con.print()

    if report["depth_gaps"]:
        _wrap(con, "Depth gaps (you list these as beginner; postings ask for them): " + ", ".join(
            f"{g['skill']} (required by {pct(g['required_share'])})" if g["required_postings"]
            else f"{g['skill']} (asked by {pct(g['demand_share'])})" for g in report["depth_gaps"][:8]) + ".")
        con.print()

    matches = report["matches"][:TOP_MATCHES]
    _print_matches(con, matches, width)
    _wrap(con, salary_line(report["salary"]))
    con.print()

    learn_gaps = [g for g in report["gaps"][:3] if g.get("learn")]
    if learn_gaps:
        con.print(_t("Where to learn", "bold"))
        for g in learn_gaps:
            con.print(_t(f"  {g['skill']}:"))
            for r in g["learn"][:2]:
                _wrap(con, f"    - {r['provider']}: {r['title']}", indent=6)
                url_lines(con, "      ", r["url"])
        con.print()
    con.print(_t("Words used above", "bold"))
    for line in TERMS:
        _wrap(con, "  " + line, indent=4, style="dim")
    if report["salary"].get("p50") is not None:
        _wrap(con, "  " + SALARY_TERM, indent=4, style="dim")
    if verbose:
        con.print()
        _wrap(con, "How it is computed: " + report["method"]["formula"])
    return _tidy(buf.getvalue())


def _print_gaps(con: Console, report: dict[str, Any], gaps: list[dict[str, Any]], width: int) -> None:
    """The top gaps table, its legend, and why the first ones rank first."""
    scope = report["scope"]
    if not gaps:
        _wrap(con, no_gaps_line(scope))
    else:
        con.print(_t("Top gaps: hard skills to learn next, by the postings where each meets a requirement you lack", "bold"))
        show_trend = any(g["trend"] in ("rising", "falling", "stable") for g in gaps)
        t = _table(width)
        t.add_column("#", justify="right", no_wrap=True)
        t.add_column("skill (counted with)", overflow="fold", ratio=1)
        t.add_column("required", justify="right", no_wrap=True)
        t.add_column("asked", justify="right", no_wrap=True)
        t.add_column("doors", justify="right", no_wrap=True)
        t.add_column("reach", justify="right", no_wrap=True)
        if show_trend:
            t.add_column("trend", no_wrap=True)
        for i, g in enumerate(gaps, 1):
            name = str((g.get("label") or g["skill"]) if g.get("alternatives") else g["skill"]) + (
                f" ({', '.join(g['includes'])})" if g.get("includes") else "")
            row = [_t(i), _t(name), _t(pct(g["required_share"])), _t(pct(g["demand_share"])),
                   _t(pct(g["score"])), _t(f"+{g['unlock_count']}")]
            if show_trend:
                row.append(_t(trend_mark(g["trend"]).split()[0]))
            t.add_row(*row)
        con.print(t)
        _wrap(con, "doors: share of the postings with required skills where it meets a requirement you lack "
                   "(once the rows above are learned); reach: postings it brings "
                   f"within reach (≥{scope['unlock_threshold'] * 100:.0f}% covered)"
                   + ("; trend: ↑ rising, ↓ falling, → stable" if show_trend else "") + ".", style="dim")
        con.print()
        con.print(_t("Why these rank first", "bold"))
        for i, g in enumerate(gaps[:WHY_GAPS], 1):
            _wrap(con, f"{i}. {g['skill']}: {g['why']}.", indent=3)
        if report.get("trend_note"):
            _wrap(con, report["trend_note"])
        if show_trend or report.get("trend_note"):
            _wrap(con, trend_window_hint(), style="dim")
        con.print()


def _print_matches(con: Console, matches: list[dict[str, Any]], width: int) -> None:
    """The roles table, the gates they fail, and their links."""
    if matches:
        con.print(_t("Roles you fit best (k of n: their required hard skills you have)", "bold"))
        m = _table(width)
        m.add_column("#", justify="right", no_wrap=True)
        m.add_column("fit", justify="right", no_wrap=True)
        m.add_column("role", overflow="fold", ratio=3)
        m.add_column("company", overflow="fold", ratio=2)
        m.add_column("missing (required)", overflow="fold", ratio=3)
        for i, x in enumerate(matches, 1):
            # "…" glued to the last name, so wrapping can never leave it alone on a line
            need = missing_required(x)
            miss = ", ".join(need[:3]) + ("…" if len(need) > 3 else "")
            m.add_row(_t(i), _t(fit_text(x)) + (_t("*") if x["gates"] else _t(" ")), _t(x["title"]),
                      _t(x["company"] or ""), _t(miss))
        con.print(m)
        if any(x["gates"] for x in matches):
            _wrap(con, "* asks for more than your profile states (years, degree or visa), listed after the roles you pass: " + "; ".join(
                f"[{i}] {', '.join(x['gates'])}" for i, x in enumerate(matches, 1) if x["gates"]), indent=2)
        left_out = 0
        for i, x in enumerate(matches, 1):
            if not url_lines(con, f"  [{i}] ", x["url"]):
                left_out += 1
        if left_out:
            _wrap(con, f"  ({left_out} links longer than the terminal are in --format md/html/json)")
        con.print()


def _print_plan(con: Console, report: dict[str, Any], width: int) -> None:
    """The learning plan table (step 0: now)."""
    scope = report["scope"]
    plan = report["learning_plan"]
    if plan:
        con.print(_t("Learning plan: each step adds the skill that meets a requirement you lack in the most postings", "bold"))
        p = _table(width)
        p.add_column("step", justify="right", no_wrap=True)
        p.add_column("learn", overflow="fold", ratio=1)
        p.add_column("coverage after", justify="right", no_wrap=True)
        p.add_column("within reach", justify="right", no_wrap=True)
        p.add_row(_t(0), _t("(now)"), _t(pct(report["coverage_now"])), _t(scope["open_to_you"]))
        for i, s in enumerate(plan, 1):
            name = s["skill"] + (f" ({', '.join(s['includes'])})" if s.get("includes") else "")
            p.add_row(_t(i), _t(name), _t(pct(s["coverage_after"])), _t(s["cumulative_unlocked"]))
        con.print(p)


#: The text legend: one plain line per word the report uses (docs/gap-report.md has the same).
TERMS = (
    ("role families: ml = jobs that build ML models (ML/AI engineers, data scientists, ML researchers); "
     "data = data work that builds none (data engineers and analysts, analytics and BI); other = the rest. "
     "The profile's target_roles picks them: [ml, data] means both."),
    "dedup cluster: one job listed on several boards or URLs; it counts once.",
    ("required: the posting lists the skill as a requirement; asked: it names the skill at all (required "
     "or nice to have)."),
    "(counted with): overlapping skills shown as one row; learning the first counts for the others too.",
)
SALARY_TERM = ("P25 / median / P75: a quarter of the postings that state pay offer less than P25, half less "
               "than the median, three quarters less than P75.")
LIFT_TERM = ("co-occurrence lift ×1.65: postings that ask for this skill name the other 1.65 times as often as "
             "in-scope postings in general (×1 = no link); (4): postings that ask for both.")


def render_explain_text(exp: dict[str, Any], *, width: int = WIDTH, color: bool = False, verbose: bool = False) -> str:
    con, buf = _console(width, color)
    e = exp["explain"]
    con.print(_t(f"skillgap — why {e['skill']}?", "bold"))
    _wrap(con, scope_line(exp["scope"]) + ".")
    for w in exp["warnings"]:
        _wrap(con, "! " + w, indent=2, style="yellow")
    you = f"on your profile ({e['level']})" if e["in_profile"] else "not on your profile"
    kind = {"soft": "a soft skill", "language": "a spoken language"}.get(e["kind"], "a hard skill")
    _wrap(con, f"{e['skill']} ({e['category'] or 'uncategorised'}, {kind}) is {you}.")
    c = exp.get("credited")
    if c and not e["in_profile"]:
        rel = "a narrower skill" if c["relation"] == "parent" else "an overlapping skill"
        _wrap(con, f"You list {c['via']}, {rel}, so the skill graph credits you with {c['credit'] * 100:.0f}% "
                   f"of {e['skill']} in every coverage figure.")
    n = exp["scope"]["postings"]
    if exp["postings"]:
        lo, hi = exp["demand_interval"]
        _wrap(con, f"Asked for by {exp['postings']} of the {n} postings in scope ({pct(exp['demand_share'])}, "
                   f"95% interval {pct(lo)}–{pct(hi)}): {exp['required']} required, {exp['preferred']} preferred.")
    else:
        _wrap(con, f"None of the {n} postings in scope asks for it.")
    g = exp["gap"]
    if g:
        where = f"within the row of {exp['gap_row']}" if exp.get("gap_row") else ""
        _wrap(con, f"Gap #{exp['gap_rank']}{' ' + where if where else ''}: {g['why']}.")
    elif e["kind"] != "hard" and exp["postings"]:
        _wrap(con, "Soft skills and spoken languages are reported apart and never ranked as gaps.")
    if exp.get("implies"):
        _wrap(con, "Learning it also credits: " + ", ".join(
            f"{i['skill']} {i['credit'] * 100:.0f}%" for i in exp["implies"]) + " (skill graph).")
    tr = exp["trend"]
    if tr["direction"] in ("rising", "falling", "stable"):
        _wrap(con, f"Trend in your target roles, last {len(tr['weeks'])} weeks ({tr.get('postings', 0)} postings, "
                   f"every location): {trend_mark(tr['direction'])}, {pct(tr.get('first_half_share'))} of postings "
                   f"in the first half → {pct(tr.get('second_half_share'))} in the second.")
    elif exp.get("trend_note"):
        _wrap(con, exp["trend_note"])
    _wrap(con, salary_line(exp["salary"]))
    if exp["evidence"]:
        con.print()
        con.print(_t("Evidence", "bold"))
        for ev in exp["evidence"]:
            _wrap(con, f"  [{ev['requirement']}] {ev['title']} — {ev['company'] or '?'}", indent=4)
            sent = ev["sentence"] if len(ev["sentence"]) <= 280 else ev["sentence"][:279].rstrip() + "…"
            _wrap(con, f"    “{sent}”", indent=5)
            url_lines(con, "    ", ev["url"])
    if exp["related_you_have"]:
        con.print()
        _wrap(con, "Asked together with skills you have (co-occurrence lift): " + ", ".join(
            f"{r['skill']} ×{r['lift']:.2f} ({r['together']})" for r in exp["related_you_have"][:8]) + ".")
    if exp["related_missing"]:
        _wrap(con, "Often asked together, not on your profile: " + ", ".join(
            f"{r['skill']} ×{r['lift']:.2f}" for r in exp["related_missing"]) + ".")
    if exp["related_you_have"] or exp["related_missing"]:
        _wrap(con, LIFT_TERM, style="dim")
    if exp["learn"]:
        con.print()
        con.print(_t("Where to learn", "bold"))
        for r in exp["learn"]:
            _wrap(con, f"  - {r['provider']}: {r['title']}", indent=4)
            url_lines(con, "    ", r["url"])
    if verbose:
        con.print()
        _wrap(con, "How it is computed: " + exp["method"]["formula"])
    return _tidy(buf.getvalue())


def _tidy(text: str) -> str:
    """No trailing blanks (rich pads table rows to the table width)."""
    return "\n".join(line.rstrip() for line in text.split("\n"))
