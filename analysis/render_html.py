"""One self-contained HTML file: inline CSS and SVG charts, no script, no network.

Every piece of posting or profile text goes through :func:`html.escape`; links are rendered only
for http(s) URLs. A Content-Security-Policy meta tag forbids scripts and remote loads.
"""

from __future__ import annotations

from html import escape
from typing import Any

from skillgap.analysis import svg
from skillgap.analysis.fmt import (
    agree,
    clean,
    credited_line,
    fit_text,
    missing_required,
    money,
    pct,
    safe_url,
    salary_line,
    scope_line,
    trend_mark,
    trend_window_hint,
)
from skillgap.analysis.report import no_gaps_line

TOP_GAPS = 20
TOP_MATCHES = 25

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:980px;
padding:0 1rem;color:#1a202c;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #e2e8f0}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
th,td{border-bottom:1px solid #edf2f7;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f7fafc}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.note{background:#fffbea;border-left:4px solid #d69e2e;padding:.4rem .8rem;margin:.4rem 0}
.muted{color:#4a5568;font-size:.9rem}.d{white-space:nowrap}.flag{color:#9b2c2c}.chart{overflow-x:auto;margin:.5rem 0}
code{background:#f7fafc;padding:.1rem .3rem;border-radius:3px;font-size:.85rem}
blockquote{margin:.2rem 0 .8rem 1rem;color:#2d3748;font-style:italic}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def e(x: Any) -> str:
    """Text for HTML: decoded first (no entity debris shows), then escaped (no markup is live)."""
    return escape(clean(x), quote=True)


def a(text: Any, url: Any) -> str:
    u = safe_url(url)
    if not u:
        return e(text)
    return f'<a href="{e(u)}" rel="noopener noreferrer">{e(text)}</a>'


def _page(title: str, body: list[str]) -> str:
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="skillgap gap-report">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join(head + body + ["</body>", "</html>", ""])


def _table(headers: list[tuple[str, bool]], rows: list[list[tuple[str, bool]]], table_id: str) -> str:
    """Cells are (already escaped html, numeric?)."""
    th = "".join(f'<th{" class=n" if num else ""}>{h}</th>' for h, num in headers)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if num else ""}>{c}</td>' for c, num in r) + "</tr>" for r in rows
    )
    return f'<table id="{table_id}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _warnings(ws: list[str]) -> list[str]:
    return [f'<p class="note">{e(w)}</p>' for w in ws]


def _incl(row: dict[str, Any]) -> str:
    inc = row.get("includes") or []
    head = row.get("label") if row.get("alternatives") else row["skill"]
    return e(head) + (f' <span class="muted">({e(", ".join(inc))})</span>' if inc else "")


def _trend_lines(series: list[dict[str, Any]]) -> list[svg.Line]:
    return [svg.Line(t["skill"], [w["share"] for w in t["weeks"]], [w["low"] for w in t["weeks"]],
                     [w["high"] for w in t["weeks"]]) for t in series]


def _salary_section(sal: dict[str, Any]) -> list[str]:
    B = ['<section id="salary">', "<h2>Salary</h2>", f"<p>{e(salary_line(sal))}</p>"]
    if sal.get("p50") is not None:
        lo, hi = sal["p25"] * 0.8, sal["p75"] * 1.2
        B.append('<div class="chart">' + svg.box_chart(
            sal["p25"], sal["p50"], sal["p75"], lo=lo, hi=hi, title=f"Annualised pay, P25–P75 ({sal['currency']})",
            label=f"median {money(sal['p50'], sal['currency'])}") + "</div>")
    B.append("</section>")
    return B


def _gaps_section(report: dict[str, Any], gaps: list[dict[str, Any]]) -> list[str]:
    s = report["scope"]
    B: list[str] = []
    B += ['<section id="gaps">', "<h2>Top gaps</h2>",
          '<p class="muted">Hard skills to learn next, by how much each would raise your coverage.</p>']
    if gaps:
        items = [(g["skill"], g["score"], f"+{g['score'] * 100:.1f} pts · {pct(g['required_share'])} require it")
                 for g in gaps[:12]]
        B.append('<div class="chart">' + svg.bar_chart(items, title="Coverage gain if you learn it (points)") + "</div>")
        show_trend = any(g["trend"] in ("rising", "falling", "stable") for g in gaps)
        rows = [
            [(str(i), True), (_incl(g), False), (pct(g["required_share"]), True), (pct(g["demand_share"]), True),
             (f"+{g['score'] * 100:.1f}", True), (f"+{g['unlock_count']}", True)]
            + ([(e(trend_mark(g["trend"])), False)] if show_trend else [])
            + [(e(g["why"]), False)]
            for i, g in enumerate(gaps, 1)
        ]
        B.append(_table([("#", True), ("skill (counted with)", False), ("required", True), ("asked", True),
                         ("coverage +pts", True), ("within reach", True)]
                        + ([("trend", False)] if show_trend else []) + [("why", False)], rows, "gaps-table"))
        if report.get("trend_note"):
            B.append(f'<p class="muted">{e(report["trend_note"])}</p>')
    else:
        B.append(f"<p>{e(no_gaps_line(s))}</p>")
    if report.get("credited"):
        B.append(f"<p class=\"muted\">{e(credited_line(report['credited']))}</p>")
    B.append("</section>")
    return B


def _matches_section(report: dict[str, Any]) -> list[str]:
    B: list[str] = []
    B += ['<section id="matches">', "<h2>Roles you fit best</h2>"]
    if report["matches"]:
        rows = []
        for i, m in enumerate(report["matches"][:TOP_MATCHES], 1):
            gates = "; ".join(m["gates"])
            rows.append([
                (str(i), True), (e(fit_text(m)), True), (a(m["title"], m["url"]), False), (e(m["company"] or ""), False),
                (e(", ".join(m["matched_skills"])), False), (e(", ".join(missing_required(m))), False),
                (f'<span class="flag">{e(gates)}</span>' if gates else "", False), (f'<span class="d">{e((m["first_seen"] or "")[:10])}</span>', False),
            ])
        B.append(_table([("#", True), ("fit", True), ("role", False), ("company", False), ("you have", False),
                         ("missing (required)", False), ("flags", False), ("first seen", False)], rows, "matches-table"))
        B.append(f'<p class="muted">{report["matches_total"]} {agree(report["matches_total"], "posting", "postings")} scored; the best {len(report["matches"])} {agree(len(report["matches"]), "is", "are")} listed.</p>')
    else:
        B.append("<p>No in-scope posting states required hard skills to match against.</p>")
    B.append("</section>")
    return B


def render_html(report: dict[str, Any], *, top: int = TOP_GAPS) -> str:
    s = report["scope"]
    B: list[str] = ["<header>", "<h1>skillgap gap report</h1>", f'<p class="muted" id="scope">{e(scope_line(s))}.</p>']
    if s["with_required_skills"]:
        B.append(
            f'<p id="coverage">Coverage now: <strong>{pct(report["coverage_now"])}</strong> of the required hard skills '
            f"of the {s['with_required_skills']} {agree(s['with_required_skills'], 'posting that states', 'postings that state')} them (mean per posting); "
            f"<strong>{s['open_to_you']}</strong> {agree(s['open_to_you'], 'is', 'are')} within reach (≥{s['unlock_threshold'] * 100:.0f}% covered).</p>"
        )
    B += _warnings(report["warnings"]) + ["</header>"]

    gaps = report["gaps"][:top]
    B += _gaps_section(report, gaps)

    plan = report["learning_plan"]
    B += ['<section id="plan">', "<h2>Learning plan</h2>",
          '<p class="muted">Each step adds the skill that raises your coverage most.</p>']
    if plan:
        steps = [("now", report["coverage_now"])] + [(p["skill"], p["coverage_after"]) for p in plan]
        B.append('<div class="chart">' + svg.step_chart(steps, title="Coverage after each step",
                                                         fmt=lambda v: f"{v * 100:.0f}%") + "</div>")
        rows = [[("0", True), ("(now)", False), (pct(report["coverage_now"]), True), (str(s["open_to_you"]), True)]]
        rows += [[(str(i), True), (_incl(p), False), (pct(p["coverage_after"]), True), (str(p["cumulative_unlocked"]), True)]
                 for i, p in enumerate(plan, 1)]
        B.append(_table([("step", True), ("learn", False), ("coverage after", True), ("within reach", True)],
                        rows, "plan-table"))
    else:
        B.append("<p>No missing hard skill would raise your coverage.</p>")
    B.append("</section>")

    if report.get("soft_skills") or report.get("languages"):
        B += ['<section id="soft">', "<h2>Also asked for</h2>",
              '<p class="muted">Soft skills and spoken languages, reported apart (never ranked as gaps).</p>']
        rows = [[(_incl(x), False), (pct(x["demand_share"]), True)] for x in report.get("soft_skills") or []]
        rows += [[(e(x["skill"]) + ' <span class="muted">(spoken language)</span>', False), (pct(x["demand_share"]), True)]
                 for x in report.get("languages") or []]
        B.append(_table([("skill", False), ("asked", True)], rows, "soft-table"))
        B.append("</section>")

    if report["depth_gaps"]:
        B += ['<section id="depth">', "<h2>Depth gaps</h2>",
              '<p class="muted">Skills you list as beginner that in-scope postings ask for.</p>']
        rows = [[(e(g["skill"]), False), (pct(g["demand_share"]), True), (pct(g["required_share"]), True)]
                for g in report["depth_gaps"][:10]]
        B.append(_table([("skill", False), ("asked", True), ("required", True)], rows, "depth-table"))
        B.append("</section>")

    B += _matches_section(report)

    tr = report.get("gap_trends") or []
    B += ['<section id="trends">', "<h2>Are your top gaps rising?</h2>"]
    if tr and tr[0]["weeks"] and not report.get("trend_note"):
        B.append('<div class="chart">' + svg.line_chart([w["week"] for w in tr[0]["weeks"]], _trend_lines(tr),
                                                        title="Weekly share of in-scope postings (95% interval)",
                                                        small=[w["small"] for w in tr[0]["weeks"]]) + "</div>")
    else:
        B.append(f'<p>{e(report.get("trend_note") or "No weekly data yet.")}</p>')
    if trend_window_hint():
        B.append(f'<p class="muted">{e(trend_window_hint())}</p>')
    B.append("</section>")

    B += _salary_section(report["salary"])

    learn = [g for g in report["gaps"][:5] if g.get("learn")]
    if learn:
        B += ['<section id="learn">', "<h2>Where to learn</h2>", "<ul>"]
        for g in learn:
            links = " · ".join(a(f"{r['provider']}: {r['title']}", r["url"]) for r in g["learn"])
            B.append(f"<li><strong>{e(g['skill'])}</strong>: {links}</li>")
        B += ["</ul>", "</section>"]
    B += ['<section id="method">', "<h2>How it is computed</h2>", f"<p>{e(report['method']['formula'])}</p>",
          f"<p class=\"muted\">Salary figures need at least {report['method']['min_salary_postings']} postings.</p>",
          "</section>"]
    return _page("skillgap gap report", B)


def render_explain_html(exp: dict[str, Any]) -> str:
    x = exp["explain"]
    you = f"on your profile ({e(x['level'])})" if x["in_profile"] else "not on your profile"
    B = [f"<h1>Why {e(x['skill'])}?</h1>", f'<p class="muted">{e(scope_line(exp["scope"]))}.</p>']
    B += _warnings(exp["warnings"])
    B.append(f"<p><strong>{e(x['skill'])}</strong> ({e(x['category'] or 'uncategorised')}, {e(x['kind'])}) is {you}.</p>")
    c = exp.get("credited")
    if c and not x["in_profile"]:
        B.append(f"<p>You list {e(c['via'])}, so the skill graph credits you with {c['credit'] * 100:.0f}% of "
                 f"{e(x['skill'])} in every coverage figure.</p>")
    if exp["postings"]:
        lo, hi = exp["demand_interval"]
        B.append(
            f"<p>Asked for by {exp['postings']} of the {exp['scope']['postings']} postings in scope ({pct(exp['demand_share'])}, "
            f"95% interval {pct(lo)}–{pct(hi)}): {exp['required']} required, {exp['preferred']} preferred.</p>"
        )
    else:
        B.append(f"<p>None of the {exp['scope']['postings']} postings in scope asks for it.</p>")
    if exp["gap"]:
        B.append(f"<p>Gap #{exp['gap_rank']}: {e(exp['gap']['why'])}.</p>")
    if exp.get("implies"):
        B.append("<p>Learning it also credits: " + ", ".join(
            f"{e(i['skill'])} {i['credit'] * 100:.0f}%" for i in exp["implies"]) + " (skill graph).</p>")
    tr = exp["trend"]
    if tr["weeks"] and tr["direction"] in ("rising", "falling", "stable"):
        B.append(f"<p>Trend: {e(trend_mark(tr['direction']))}</p>")
        line = svg.Line(x["skill"], [w["share"] for w in tr["weeks"]], [w["low"] for w in tr["weeks"]],
                        [w["high"] for w in tr["weeks"]])
        B.append('<div class="chart">' + svg.line_chart([w["week"] for w in tr["weeks"]], [line],
                                                         title="Weekly share of postings (95% interval)",
                                                         small=[w["small"] for w in tr["weeks"]]) + "</div>")
    elif exp.get("trend_note"):
        B.append(f"<p>{e(exp['trend_note'])}</p>")
    B.append(f"<p>{e(salary_line(exp['salary']))}</p>")
    if exp["evidence"]:
        B.append('<section id="evidence"><h2>Evidence</h2>')
        for ev in exp["evidence"]:
            B.append(f"<p>{e(ev['requirement'])} — {a(ev['title'], ev['url'])}, {e(ev['company'] or '')}</p>"
                     f"<blockquote>{e(ev['sentence'])}</blockquote>")
        B.append("</section>")
    if exp["related_you_have"]:
        rows = [[(e(r["skill"]), False), (f"{r['lift']:.2f}", True), (str(r["together"]), True)] for r in exp["related_you_have"]]
        B += ['<section id="related"><h2>Asked together with skills you have</h2>',
              _table([("skill", False), ("lift", True), ("together", True)], rows, "related-table"), "</section>"]
    if exp["learn"]:
        B += ['<section id="learn"><h2>Where to learn</h2><ul>']
        B += [f"<li>{a(r['provider'] + ': ' + r['title'], r['url'])}</li>" for r in exp["learn"]]
        B += ["</ul></section>"]
    B += ['<section id="method"><h2>How it is computed</h2>', f"<p>{e(exp['method']['formula'])}</p></section>"]
    return _page(f"skillgap: why {x['skill']}?", B)
