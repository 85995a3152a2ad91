"""One self-contained HTML file: inline CSS and SVG charts, no script, no network.

The pages are Jinja2 templates shipped with the package (``analysis/templates/``: ``page.html.j2``
the frame, ``report.html.j2`` and ``explain.html.j2`` the two pages, ``macros.html.j2`` table cells,
links and notes), rendered with autoescape on. Every value a template prints goes through
:func:`_finalize`: posting text as a person reads it (entities decoded, whitespace collapsed:
``fmt.clean``), then escaped with :func:`html.escape` (the entities the report has always had,
``&quot;`` and ``&#x27;``, which the escaping tests pin); markup made here (the macros' output, the
SVG charts, the stylesheet) passes as it is. Links are rendered only for http(s) URLs. A
Content-Security-Policy meta tag forbids scripts and remote loads.
"""

from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

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
    """Text for HTML outside a template: decoded first (no entity debris shows), then escaped."""
    return escape(clean(x), quote=True)


def _finalize(value: Any) -> Any:
    """What a template prints for ``{{ value }}``: markup as it is, anything else as :func:`e`."""
    return value if isinstance(value, Markup) else Markup(e(value))


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("skillgap.analysis", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        agree=agree, credited_line=credited_line, fit_text=fit_text, missing_required=missing_required,
        no_gaps_line=no_gaps_line, pct=pct, safe_url=safe_url, salary_line=salary_line, scope_line=scope_line,
        trend_mark=trend_mark, trend_window_hint=trend_window_hint,
    )
    return env


def _page(template: str, title: str, **context: Any) -> str:
    return _env().get_template(template).render(title=title, css=Markup(CSS), csp=Markup(CSP), **context)


def _trend_lines(series: list[dict[str, Any]]) -> list[svg.Line]:
    return [svg.Line(t["skill"], [w["share"] for w in t["weeks"]], [w["low"] for w in t["weeks"]],
                     [w["high"] for w in t["weeks"]]) for t in series]


def _charts(report: dict[str, Any], gaps: list[dict[str, Any]]) -> dict[str, Markup | None]:
    """The report's SVG charts (svg.py escapes its own labels), None where a section has none."""
    out: dict[str, Markup | None] = {"gaps": None, "plan": None, "trends": None, "salary": None}
    if gaps:
        items = [(g["skill"], g["score"], f"doors {pct(g['score'])} · {pct(g['required_share'])} require it")
                 for g in gaps[:12]]
        out["gaps"] = Markup(svg.bar_chart(items, title="Coverage gain if you learn it (points)"))
    plan = report["learning_plan"]
    if plan:
        steps = [("now", report["coverage_now"])] + [(p["skill"], p["coverage_after"]) for p in plan]
        out["plan"] = Markup(svg.step_chart(steps, title="Coverage after each step", fmt=lambda v: f"{v * 100:.0f}%"))
    tr = report.get("gap_trends") or []
    if tr and tr[0]["weeks"] and not report.get("trend_note"):
        out["trends"] = Markup(svg.line_chart([w["week"] for w in tr[0]["weeks"]], _trend_lines(tr),
                                              title="Weekly share of in-scope postings (95% interval)",
                                              small=[w["small"] for w in tr[0]["weeks"]]))
    sal = report["salary"]
    if sal.get("p50") is not None:
        lo, hi = sal["p25"] * 0.8, sal["p75"] * 1.2
        out["salary"] = Markup(svg.box_chart(
            sal["p25"], sal["p50"], sal["p75"], lo=lo, hi=hi, title=f"Annualised pay, P25–P75 ({sal['currency']})",
            label=f"median {money(sal['p50'], sal['currency'])}"))
    return out


def render_html(report: dict[str, Any], *, top: int = TOP_GAPS) -> str:
    gaps = report["gaps"][:top]
    return _page(
        "report.html.j2", "skillgap gap report",
        report=report, gaps=gaps, plan=report["learning_plan"], charts=_charts(report, gaps),
        show_trend=any(g["trend"] in ("rising", "falling", "stable") for g in gaps),
        learn=[g for g in report["gaps"][:5] if g.get("learn")], top_matches=TOP_MATCHES,
    )


def render_explain_html(exp: dict[str, Any]) -> str:
    x = exp["explain"]
    tr = exp["trend"]
    chart = None
    if tr["weeks"] and tr["direction"] in ("rising", "falling", "stable"):
        line = svg.Line(x["skill"], [w["share"] for w in tr["weeks"]], [w["low"] for w in tr["weeks"]],
                        [w["high"] for w in tr["weeks"]])
        chart = Markup(svg.line_chart([w["week"] for w in tr["weeks"]], [line], title="Weekly share of postings (95% interval)",
                                      small=[w["small"] for w in tr["weeks"]]))
    return _page("explain.html.j2", f"skillgap: why {x['skill']}?", exp=exp, trend_chart=chart)
