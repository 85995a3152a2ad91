"""Terminal rendering with rich: tables that fit 100 columns; no colour unless asked (deterministic)."""

from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from skillgap.analysis.fmt import explain_score, pct, safe_url, salary_line, scope_line, trend_mark
from skillgap.analysis.report import no_gaps_line

WIDTH = 100
TOP_GAPS = 15
TOP_MATCHES = 10


def _console(width: int, color: bool) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    con = Console(
        file=buf, width=width, color_system="standard" if color else None, force_terminal=color,
        no_color=not color, highlight=False, emoji=False, markup=False, legacy_windows=False,
        soft_wrap=False, record=False,
    )
    return con, buf


def _t(x: Any) -> Text:
    return Text("" if x is None else str(x))


def _warnings(con: Console, warnings: list[str]) -> None:
    for w in warnings:
        con.print(Text("! " + w, style="yellow"))


def render_text(report: dict[str, Any], *, width: int = WIDTH, color: bool = False, top: int = TOP_GAPS) -> str:
    con, buf = _console(width, color)
    scope = report["scope"]
    con.print(Text("skillgap — gap report", style="bold"))
    con.print(_t(scope_line(scope)))
    con.print(_t(
        f"You already reach ≥{scope['unlock_threshold'] * 100:.0f}% of the required skills of "
        f"{scope['open_to_you']} of {scope['with_required_skills']} postings that state requirements."
    ))
    _warnings(con, report["warnings"])
    con.print()

    t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col, kw in (("#", {"justify": "right"}), ("skill", {"max_width": 24, "overflow": "fold"}),
                    ("category", {"max_width": 14, "overflow": "ellipsis"}),
                    ("demand", {"justify": "right"}), ("required", {"justify": "right"}),
                    ("unlocks", {"justify": "right"}), ("trend", {}), ("score", {"justify": "right"})):
        t.add_column(col, **kw)
    for i, g in enumerate(report["gaps"][:top], 1):
        t.add_row(_t(i), _t(g["skill"]), _t(g["category"] or ""), _t(pct(g["demand_share"])),
                  _t(pct(g["required_share"])), _t(g["unlock_count"]), _t(trend_mark(g["trend"])),
                  _t(f"{g['score']:.3f}"))
    if not report["gaps"]:
        con.print(_t(no_gaps_line(scope)))
    else:
        con.print(Text("Top gaps (missing skills, ranked across the market)", style="bold"))
        con.print(t)

    plan = report["learning_plan"]
    if plan:
        con.print(Text("Learning plan (greedy: each step opens the most postings)", style="bold"))
        p = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        p.add_column("step", justify="right")
        p.add_column("learn")
        p.add_column("opens", justify="right")
        p.add_column("cumulative", justify="right")
        p.add_column("brings closer", justify="right")
        for i, s in enumerate(plan, 1):
            p.add_row(_t(i), _t(s["skill"]), _t(f"+{s['unlocks']}"), _t(s["cumulative_unlocked"]),
                      _t(s["postings_closer"]))
        con.print(p)

    if report["depth_gaps"]:
        con.print(Text("Depth gaps (skills you list as beginner that postings ask for)", style="bold"))
        d = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        d.add_column("skill")
        d.add_column("demand", justify="right")
        d.add_column("required", justify="right")
        d.add_column("score", justify="right")
        for g in report["depth_gaps"][:10]:
            d.add_row(_t(g["skill"]), _t(pct(g["demand_share"])), _t(pct(g["required_share"])), _t(f"{g['score']:.3f}"))
        con.print(d)

    matches = report["matches"][:TOP_MATCHES]
    if matches:
        con.print(Text("Roles you fit best", style="bold"))
        m = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        m.add_column("#", justify="right")
        m.add_column("fit", justify="right")
        m.add_column("role", max_width=30, overflow="fold")
        m.add_column("company", max_width=16, overflow="ellipsis")
        m.add_column("missing", max_width=24, overflow="fold")
        m.add_column("flags", max_width=18, overflow="fold")
        for i, x in enumerate(matches, 1):
            m.add_row(_t(i), _t(pct(x["score"])), _t(x["title"]), _t(x["company"] or ""),
                      _t(", ".join(x["missing_skills"][:4]) + (" …" if len(x["missing_skills"]) > 4 else "")),
                      _t("; ".join(x["gates"])))
        con.print(m)
        for i, x in enumerate(matches, 1):
            url = safe_url(x["url"])
            if url:
                con.print(_t(f"  [{i}] {url}  (first seen {str(x['first_seen'] or '?')[:10]})"), overflow="fold")
        con.print()
    con.print(_t(salary_line(report["salary"])))
    con.print()

    learn_gaps = [g for g in report["gaps"][:5] if g.get("learn")]
    if learn_gaps:
        con.print(Text("Where to learn", style="bold"))
        for g in learn_gaps:
            con.print(_t(f"  {g['skill']}:"))
            for r in g["learn"][:3]:
                con.print(_t(f"    - {r['provider']}: {r['title']} — {r['url']}"), overflow="fold")
        con.print()
    con.print(_t("How gaps are scored: " + report["method"]["formula"]), overflow="fold")
    return buf.getvalue()


def render_explain_text(exp: dict[str, Any], *, width: int = WIDTH, color: bool = False) -> str:
    con, buf = _console(width, color)
    e = exp["explain"]
    con.print(Text(f"skillgap — why {e['skill']}?", style="bold"))
    con.print(_t(scope_line(exp["scope"])))
    _warnings(con, exp["warnings"])
    you = f"on your profile ({e['level']})" if e["in_profile"] else "not on your profile"
    con.print(_t(f"{e['skill']} ({e['category'] or 'uncategorised'}) is {you}."))
    lo, hi = exp["demand_interval"]
    con.print(_t(
        f"Asked for by {exp['postings']} of {exp['scope']['postings']} postings ({pct(exp['demand_share'])}, "
        f"95% interval {pct(lo)}–{pct(hi)}): {exp['required']} required, {exp['preferred']} preferred."
    ))
    g = exp["gap"]
    if g:
        con.print(_t(f"Gap rank #{exp['gap_rank']}: {explain_score(g)}; would open {g['unlock_count']} postings."))
    tr = exp["trend"]
    con.print(_t(f"Trend: {trend_mark(tr['direction'])}" + (
        f" ({pct(tr.get('first_half_share'))} → {pct(tr.get('second_half_share'))} over {len(tr['weeks'])} weeks)"
        if tr["weeks"] else "")))
    con.print(_t(salary_line(exp["salary"])))
    if exp["evidence"]:
        con.print()
        con.print(Text("Evidence", style="bold"))
        for ev in exp["evidence"]:
            con.print(_t(f"  [{ev['requirement']}] {ev['title']} — {ev['company'] or '?'}"), overflow="fold")
            con.print(_t(f"    “{ev['sentence']}”"), overflow="fold")
            url = safe_url(ev["url"])
            if url:
                con.print(_t(f"    {url}"), overflow="fold")
    if exp["related_you_have"]:
        con.print()
        con.print(_t("Related skills you already have (co-occurrence lift): " + ", ".join(
            f"{r['skill']} ×{r['lift']:.2f} ({r['together']})" for r in exp["related_you_have"][:8])), overflow="fold")
    if exp["related_missing"]:
        con.print(_t("Often asked together, not on your profile: " + ", ".join(
            f"{r['skill']} ×{r['lift']:.2f}" for r in exp["related_missing"])), overflow="fold")
    if exp["learn"]:
        con.print()
        con.print(Text("Where to learn", style="bold"))
        for r in exp["learn"]:
            con.print(_t(f"  - {r['provider']}: {r['title']} — {r['url']}"), overflow="fold")
    con.print()
    con.print(_t("How gaps are scored: " + exp["method"]["formula"]), overflow="fold")
    return buf.getvalue()
