"""One self-contained HTML file: inline CSS and SVG charts, no script, no network.

Every piece of posting or profile text goes through :func:`html.escape`; links are rendered only
for http(s) URLs. A Content-Security-Policy meta tag forbids scripts and remote loads.
"""

from __future__ import annotations

from html import escape
from typing import Any

from skillgap.analysis import svg
from skillgap.analysis.fmt import explain_score, money, pct, safe_url, salary_line, scope_line, trend_mark
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
    return escape("" if x is None else str(x), quote=True)


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


def render_html(report: dict[str, Any], *, top: int = TOP_GAPS) -> str:
    s = report["scope"]
    B: list[str] = ["<header>", "<h1>skillgap gap report</h1>", f'<p class="muted" id="scope">{e(scope_line(s))}.</p>']
    B.append(
        f"<p>You already reach ≥{s['unlock_threshold'] * 100:.0f}% of the required skills of "
        f"<strong>{s['open_to_you']}</strong> of {s['with_required_skills']} postings that state requirements.</p>"
    )
    B += _warnings(report["warnings"]) + ["</header>"]

    gaps = report["gaps"][:top]
    B += ['<section id="gaps">', "<h2>Top gaps</h2>"]
    if gaps:
        items = [(g["skill"], g["score"], f"{pct(g['demand_share'])} ask · unlocks {g['unlock_count']}") for g in gaps[:12]]
        B.append('<div class="chart">' + svg.bar_chart(items, title="Gap score (top skills you are missing)") + "</div>")
        rows = [
            [(str(i), True), (e(g["skill"]), False), (e(g["category"] or ""), False), (pct(g["demand_share"]), True),
             (pct(g["required_share"]), True), (str(g["unlock_count"]), True), (e(trend_mark(g["trend"])), False),
             (f"{g['score']:.3f}", True)]
            for i, g in enumerate(gaps, 1)
        ]
        B.append(_table([("#", True), ("skill", False), ("category", False), ("demand", True), ("required", True),
                         ("unlocks", True), ("trend", False), ("score", True)], rows, "gaps-table"))
    else:
        B.append(f"<p>{e(no_gaps_line(s))}</p>")
    B.append("</section>")

    plan = report["learning_plan"]
    B += ['<section id="plan">', "<h2>Learning plan</h2>",
          '<p class="muted">Greedy: each step adds the skill that opens the most postings not yet open.</p>']
    if plan:
        B.append('<div class="chart">' + svg.step_chart([(p["skill"], p["cumulative_unlocked"]) for p in plan],
                                                         title="Postings opened, cumulative") + "</div>")
        rows = [[(str(i), True), (e(p["skill"]), False), (f"+{p['unlocks']}", True), (str(p["cumulative_unlocked"]), True),
                 (str(p["postings_closer"]), True)] for i, p in enumerate(plan, 1)]
        B.append(_table([("step", True), ("learn", False), ("opens", True), ("cumulative", True), ("brings closer", True)],
                        rows, "plan-table"))
    else:
        B.append("<p>No single skill changes which postings are open to you.</p>")
    B.append("</section>")

    if report["depth_gaps"]:
        B += ['<section id="depth">', "<h2>Depth gaps</h2>",
              '<p class="muted">Skills you list as beginner that in-scope postings ask for.</p>']
        rows = [[(e(g["skill"]), False), (pct(g["demand_share"]), True), (pct(g["required_share"]), True),
                 (f"{g['score']:.3f}", True)] for g in report["depth_gaps"][:10]]
        B.append(_table([("skill", False), ("demand", True), ("required", True), ("score", True)], rows, "depth-table"))
        B.append("</section>")

    B += ['<section id="matches">', "<h2>Roles you fit best</h2>"]
    if report["matches"]:
        rows = []
        for i, m in enumerate(report["matches"][:TOP_MATCHES], 1):
            gates = "; ".join(m["gates"])
            rows.append([
                (str(i), True), (pct(m["score"]), True), (a(m["title"], m["url"]), False), (e(m["company"] or ""), False),
                (e(", ".join(m["matched_skills"])), False), (e(", ".join(m["missing_skills"])), False),
                (f'<span class="flag">{e(gates)}</span>' if gates else "", False), (f'<span class="d">{e((m["first_seen"] or "")[:10])}</span>', False),
            ])
        B.append(_table([("#", True), ("fit", True), ("role", False), ("company", False), ("you have", False),
                         ("missing", False), ("flags", False), ("first seen", False)], rows, "matches-table"))
    else:
        B.append("<p>No in-scope posting has extracted skills to match against.</p>")
    B.append("</section>")

    tr = report.get("gap_trends") or []
    if tr and tr[0]["weeks"]:
        lines = [svg.Line(t["skill"], [w["share"] for w in t["weeks"]], [w["low"] for w in t["weeks"]],
                          [w["high"] for w in t["weeks"]]) for t in tr]
        B += ['<section id="trends">', "<h2>Are your top gaps rising?</h2>",
              '<div class="chart">' + svg.line_chart([w["week"] for w in tr[0]["weeks"]], lines,
                                                      title="Weekly share of in-scope postings (95% interval)",
                                                      small=[w["small"] for w in tr[0]["weeks"]]) + "</div>",
              "</section>"]

    sal = report["salary"]
    B += ['<section id="salary">', "<h2>Salary</h2>", f"<p>{e(salary_line(sal))}</p>"]
    if sal.get("p50") is not None:
        lo, hi = sal["p25"] * 0.8, sal["p75"] * 1.2
        B.append('<div class="chart">' + svg.box_chart(
            sal["p25"], sal["p50"], sal["p75"], lo=lo, hi=hi, title=f"Annualised pay, P25–P75 ({sal['currency']})",
            label=f"median {money(sal['p50'], sal['currency'])}") + "</div>")
    B.append("</section>")

    learn = [g for g in report["gaps"][:5] if g.get("learn")]
    if learn:
        B += ['<section id="learn">', "<h2>Where to learn</h2>", "<ul>"]
        for g in learn:
            links = " · ".join(a(f"{r['provider']}: {r['title']}", r["url"]) for r in g["learn"])
            B.append(f"<li><strong>{e(g['skill'])}</strong>: {links}</li>")
        B += ["</ul>", "</section>"]
    B += ['<section id="method">', "<h2>How gaps are scored</h2>", f"<p><code>{e(report['method']['formula'])}</code></p>",
          "<p class=\"muted\">Unlock count: postings whose required-skill coverage reaches "
          f"{report['method']['unlock_threshold'] * 100:.0f}% when the skill is added. Salary figures need at least "
          f"{report['method']['min_salary_postings']} postings.</p>", "</section>"]
    return _page("skillgap gap report", B)


def render_explain_html(exp: dict[str, Any]) -> str:
    x = exp["explain"]
    lo, hi = exp["demand_interval"]
    you = f"on your profile ({e(x['level'])})" if x["in_profile"] else "not on your profile"
    B = [f"<h1>Why {e(x['skill'])}?</h1>", f'<p class="muted">{e(scope_line(exp["scope"]))}.</p>']
    B += _warnings(exp["warnings"])
    B.append(f"<p><strong>{e(x['skill'])}</strong> ({e(x['category'] or 'uncategorised')}) is {you}.</p>")
    B.append(
        f"<p>Asked for by {exp['postings']} of {exp['scope']['postings']} postings ({pct(exp['demand_share'])}, "
        f"95% interval {pct(lo)}–{pct(hi)}): {exp['required']} required, {exp['preferred']} preferred.</p>"
    )
    if exp["gap"]:
        B.append(f"<p>Gap rank #{exp['gap_rank']}: <code>{e(explain_score(exp['gap']))}</code>; would open "
                 f"{exp['gap']['unlock_count']} postings.</p>")
    tr = exp["trend"]
    B.append(f"<p>Trend: {e(trend_mark(tr['direction']))}</p>")
    if tr["weeks"]:
        line = svg.Line(x["skill"], [w["share"] for w in tr["weeks"]], [w["low"] for w in tr["weeks"]],
                        [w["high"] for w in tr["weeks"]])
        B.append('<div class="chart">' + svg.line_chart([w["week"] for w in tr["weeks"]], [line],
                                                         title="Weekly share of postings (95% interval)",
                                                         small=[w["small"] for w in tr["weeks"]]) + "</div>")
    B.append(f"<p>{e(salary_line(exp['salary']))}</p>")
    if exp["evidence"]:
        B.append('<section id="evidence"><h2>Evidence</h2>')
        for ev in exp["evidence"]:
            B.append(f"<p>{e(ev['requirement'])} — {a(ev['title'], ev['url'])}, {e(ev['company'] or '')}</p>"
                     f"<blockquote>{e(ev['sentence'])}</blockquote>")
        B.append("</section>")
    if exp["related_you_have"]:
        rows = [[(e(r["skill"]), False), (f"{r['lift']:.2f}", True), (str(r["together"]), True)] for r in exp["related_you_have"]]
        B += ['<section id="related"><h2>Related skills you already have</h2>',
              _table([("skill", False), ("lift", True), ("together", True)], rows, "related-table"), "</section>"]
    if exp["learn"]:
        B += ['<section id="learn"><h2>Where to learn</h2><ul>']
        B += [f"<li>{a(r['provider'] + ': ' + r['title'], r['url'])}</li>" for r in exp["learn"]]
        B += ["</ul></section>"]
    B += ['<section id="method"><h2>How gaps are scored</h2>', f"<p><code>{e(exp['method']['formula'])}</code></p></section>"]
    return _page(f"skillgap: why {x['skill']}?", B)
