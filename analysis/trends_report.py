"""``skillgap trends``: build the trends document and render it (text, json, svg, png)."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from datetime import datetime
from typing import IO, Any

from skillgap.analysis import svg
from skillgap.analysis.db import connect_readonly, resolve_db_path
from skillgap.analysis.errors import UsageError
from skillgap.analysis.load import SqlTaxonomy, check_schema
from skillgap.analysis.profile import ROLE_FAMILIES, SENIORITIES, TaxonomyLike
from skillgap.analysis.report import r4, trend_note
from skillgap.analysis.trends import SMALL_WEEK, SkillTrend, load_weekly, movers, skill_trends, week_label

MAX_WEEKS = 520
MOVER_SKILLS = 400  # without --skill: the most asked skills in the window are charted and ranked


def _check_choices(values: Sequence[str], allowed: Sequence[str], option: str) -> None:
    bad = [v for v in values if v not in allowed]
    if bad:
        raise UsageError(f"{option}: unknown value {bad[0]!r}; allowed values: {', '.join(allowed)}")


def _trend_json(t: SkillTrend) -> dict[str, Any]:
    return {
        "skill": t.skill,
        "direction": t.direction,
        "change": r4(t.change),
        "first_half_share": r4(t.first_share),
        "second_half_share": r4(t.second_share),
        "z": r4(t.z),
        "postings": t.total,
        "weeks": [
            {"week": week_label(p.week), "week_start": p.week.isoformat(), "postings": p.n, "asking": p.k,
             "share": r4(p.share) if p.n else None, "low": r4(p.low) if p.n else None,
             "high": r4(p.high) if p.n else None, "small": p.small}
            for p in t.points
        ],
    }


TREND_KINDS = ("hard", "soft", "all")  # --kind: the default table ranks hard skills (soft: apart, all: both)


def build_trends(
    *,
    db: str | os.PathLike[str] | None = None,
    skills: Sequence[str] = (),
    weeks: int = 12,
    role_families: Sequence[str] = ("ml",),
    seniority: Sequence[str] = ("intern", "entry"),
    as_of: datetime | None = None,
    taxonomy: TaxonomyLike | None = None,
    stderr: IO[str] | None = None,
    top: int = 8,
    kind: str = "hard",
) -> dict[str, Any]:
    if kind not in TREND_KINDS:
        raise UsageError(f"--kind: expected one of {', '.join(TREND_KINDS)}, got {kind!r}")
    if not 1 <= weeks <= MAX_WEEKS:
        raise UsageError(f"--weeks: expected a number of weeks from 1 to {MAX_WEEKS}, got {weeks}")
    _check_choices(role_families, ROLE_FAMILIES, "--role")
    _check_choices(seniority, SENIORITIES, "--seniority")
    path = resolve_db_path(db)
    with connect_readonly(path) as con:
        cols = check_schema(con, path)
        db_tax = SqlTaxonomy(con, cols["skills"])
        db_tax.prefetch(list(skills))
        resolved: list[str] = []
        for name in skills:
            hit = db_tax.resolve(name) or (taxonomy.resolve(name) if taxonomy is not None else None)
            canon = (getattr(hit, "name", None) or getattr(hit, "skill", None)) if hit is not None else None
            if canon is None:
                row = con.execute("SELECT min(skill) FROM posting_skills WHERE lower(skill) = lower(?)", [name]).fetchone()
                canon = row[0] if row else None
            if canon is None:
                sugg = db_tax.closest(name, n=3) or (taxonomy.closest(name, n=3) if taxonomy is not None else [])
                hint = f"; did you mean: {', '.join(sugg)}?" if sugg else ""
                raise UsageError(f"--skill: unknown skill {name!r}{hint}")
            if canon not in resolved:
                resolved.append(canon)
        weekly = load_weekly(con, role_families=role_families, seniority=seniority, weeks=weeks, as_of=as_of,
                             skills=resolved or None, top_skills=None if resolved else MOVER_SKILLS,
                             kinds=None if kind == "all" else (kind,))
    series = skill_trends(weekly, resolved or None, top=top)
    rising, falling = movers(weekly)
    small = [w for w in weekly.weeks if weekly.totals.get(w, 0) < SMALL_WEEK]
    return {
        "report_version": 1,
        "scope": {
            "role_families": list(role_families),
            "seniority": list(seniority),
            "kind": kind if not resolved else "named skills",
            "weeks": len(weekly.weeks),
            "first_week": week_label(weekly.weeks[0]) if weekly.weeks else None,
            "last_week": week_label(weekly.weeks[-1]) if weekly.weeks else None,
            "postings": sum(weekly.totals.values()),
            "small_week_threshold": SMALL_WEEK,
            "small_weeks": [week_label(w) for w in small],
        },
        "totals": [{"week": week_label(w), "week_start": w.isoformat(), "postings": weekly.totals.get(w, 0),
                    "small": weekly.totals.get(w, 0) < SMALL_WEEK} for w in weekly.weeks],
        "skills": [_trend_json(t) for t in series],
        "rising": [_trend_json(t) for t in rising],
        "falling": [_trend_json(t) for t in falling],
        "note": trend_note(weekly) if weekly.weeks else "No dated postings in this scope yet.",
        "method": "share = postings (dedup clusters) asking for the skill / postings that ISO week (posted_at, "
                  "else first_seen); 95% Wilson intervals; rising/falling: first vs second half of the window, "
                  f"two-proportion z test |z| >= 1.96, halves with fewer than {SMALL_WEEK} postings are 'unknown'",
    }


def render_trends_text(doc: dict[str, Any], *, width: int | None = None) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if width is None:
        from skillgap.analysis.api import terminal_width

        width = terminal_width()
    buf = io.StringIO()
    con = Console(file=buf, width=width, color_system=None, force_terminal=False, no_color=True,
                  highlight=False, emoji=False, markup=False, legacy_windows=False)
    s = doc["scope"]
    con.print(Text("skillgap — demand trends", style="bold"))
    if not s["first_week"]:
        con.print(Text(f"No dated postings for roles {', '.join(s['role_families'])}, seniority "
                       f"{', '.join(s['seniority'])} yet: run `skillgap ingest` (or widen --role/--seniority)."))
        return buf.getvalue()
    con.print(Text(
        f"{s['postings']} postings (dedup clusters), roles {', '.join(s['role_families'])}, seniority "
        f"{', '.join(s['seniority'])}, weeks {s['first_week']} to {s['last_week']}."
    ))
    if doc.get("note"):
        con.print(Text(doc["note"]))
    if s["small_weeks"]:
        con.print(Text(f"* small weeks (fewer than {s['small_week_threshold']} postings): {', '.join(s['small_weeks'])}"))
    if not doc["skills"]:
        con.print(Text("No postings in this window."))
        return buf.getvalue()
    weeks = doc["totals"]  # every week asked for (--weeks): tables of as many weeks as fit the width
    con.print(Text(f"Weekly share of postings, last {len(weeks)} weeks (* = small week)", style="bold"))
    skill_w = min(18, max([len("postings")] + [len(sk["skill"]) for sk in doc["skills"]]))
    trend_w = 0 if doc.get("note") else 1 + max([len("trend")] + [len(sk["direction"]) for sk in doc["skills"]])
    # a week's column is 7 cells ("100%" or "W49*" and rich's padding); the skill column 2 more than its text
    per_table = max(1, (width - skill_w - 3 - trend_w - 2) // 7)
    for start in range(0, len(weeks), per_table):
        chunk = weeks[start:start + per_table]
        last = start + per_table >= len(weeks)
        with_trend = last and not doc.get("note")
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        t.add_column("skill", max_width=18, overflow="ellipsis")
        for w in chunk:
            t.add_column(w["week"][-3:] + ("*" if w["small"] else ""), justify="right")
        if with_trend:
            t.add_column("trend")
        for sk in doc["skills"]:
            pts = {p["week"]: p for p in sk["weeks"]}
            t.add_row(Text(sk["skill"]), *[Text("–" if pts[w["week"]]["share"] is None
                                                else f"{pts[w['week']]['share'] * 100:.0f}%") for w in chunk],
                      *([Text(sk["direction"])] if with_trend else []))
        t.add_row(Text("postings"), *[Text(str(w["postings"])) for w in chunk], *([Text("")] if with_trend else []))
        con.print(t)
    for title, key in (("Rising", "rising"), ("Falling", "falling")):
        items = doc[key] if not doc.get("note") else []
        if items:
            sig = any(i["direction"] in ("rising", "falling") for i in items)
            con.print(Text(f"{title} (first vs second half of the window): " + ", ".join(
                f"{i['skill']} {i['first_half_share'] * 100:.0f}%→{i['second_half_share'] * 100:.0f}%"
                + (" (significant)" if i["direction"] in ("rising", "falling") else "") for i in items)
                + ("" if sig else " — none significant at 95 %")))
    return buf.getvalue()


def render_trends_svg(doc: dict[str, Any]) -> str:
    labels = [w["week"] for w in doc["totals"]]
    lines = [svg.Line(sk["skill"], [p["share"] for p in sk["weeks"]], [p["low"] for p in sk["weeks"]],
                      [p["high"] for p in sk["weeks"]]) for sk in doc["skills"]]
    s = doc["scope"]
    title = f"Weekly share of postings asking for each skill ({', '.join(s['role_families'])}; {', '.join(s['seniority'])})"
    return svg.line_chart(labels, lines, title=title, small=[w["small"] for w in doc["totals"]], width=900, height=380) + "\n"


def render_trends_png(doc: dict[str, Any]) -> bytes:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise UsageError(
            "--format png needs matplotlib, which is not installed: `pip install matplotlib`, "
            "or use --format svg (no dependency)"
        ) from None
    labels = [w["week"] for w in doc["totals"]]
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=100)
    xs = list(range(len(labels)))
    for sk in doc["skills"]:
        nan = float("nan")  # weeks without postings are gaps in the line, not 0 %
        ax.plot(xs, [nan if p["share"] is None else p["share"] for p in sk["weeks"]], marker="o", label=sk["skill"])
        ax.fill_between(xs, [nan if p["low"] is None else p["low"] for p in sk["weeks"]],
                        [nan if p["high"] is None else p["high"] for p in sk["weeks"]], alpha=0.12)
    for i, w in enumerate(doc["totals"]):
        if w["small"]:
            ax.axvspan(i - 0.5, i + 0.5, color="#eeeeee", zorder=0)
    ax.set_xticks(xs, labels, rotation=45, ha="right", fontsize=8)
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_title("Weekly share of postings (95% intervals; grey = small week)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def render_trends(doc: dict[str, Any], fmt: str) -> str | bytes:
    from skillgap.analysis.render_json import render_json

    if fmt == "json":
        return render_json(doc)
    if fmt == "text":
        return render_trends_text(doc)
    if fmt == "svg":
        return render_trends_svg(doc)
    if fmt == "png":
        return render_trends_png(doc)
    raise UsageError(f"--format: unknown format {fmt!r}; choose one of text, json, png, svg")
