"""Shared formatting helpers for the renderers (deterministic, locale-independent)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MOJIBAKE = re.compile("[\u00c2\u00c3\u00e2\u00ef\u00f0][\u0080-\u00bf\u2018-\u203a\u20ac\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]")


def clean(x: Any) -> str:
    """Posting text as a person should read it: HTML entities decoded (twice-escaped too), mojibake
    repaired, whitespace collapsed. Defensive: ingestion cleans text too, older rows may not be."""
    s = "" if x is None else str(x)
    for _ in range(3):
        if not _ENTITY.search(s):
            break
        s = html.unescape(s)
    if _MOJIBAKE.search(s):
        try:
            import ftfy

            s = ftfy.fix_text(s, unescape_html=False, normalization="NFC")
        except ImportError:  # pragma: no cover - ftfy is a dependency
            pass
    return " ".join(s.split())


def agree(n: int | None, one: str, many: str) -> str:
    """The verb or noun that agrees with ``n``: ``agree(1, "is", "are")`` -> ``"is"``."""
    return one if n == 1 else many


def pct(x: float | None, digits: int = 0) -> str:
    return "–" if x is None else f"{x * 100:.{digits}f}%"


def money(x: float | None, currency: str | None) -> str:
    if x is None:
        return "–"
    sym = {"USD": "$", "EUR": "€", "GBP": "£"}.get((currency or "").upper())
    val = f"{x / 1000:.0f}k" if abs(x) >= 1000 else f"{x:.0f}"
    return f"{sym}{val}" if sym else f"{val} {currency or ''}".strip()


def safe_url(url: Any) -> str | None:
    """Only http(s) links are ever rendered as links (no javascript: or data: URLs)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def scope_line(scope: dict[str, Any]) -> str:
    parts = [
        f"{scope['postings']} {agree(scope['postings'], 'posting', 'postings')} in scope (one per dedup cluster)",
        "roles " + ", ".join(scope.get("role_families") or []),
        "seniority " + ", ".join(scope.get("seniority") or [])
        + (" (entry level: a fresh graduate can be hired)" if scope.get("market") == "entry_level" else ""),
    ]
    if scope.get("locations"):
        parts.append("locations " + ", ".join(scope["locations"]))
    if scope.get("since"):
        parts.append(f"open or seen since {scope['since']}")
    if scope.get("as_of"):
        parts.append(f"data as of {str(scope['as_of'])[:10]}")
    if scope.get("stretch"):
        parts.append(f"stretch: {scope['stretch']} more just outside (2 years or a higher degree asked; apart, "
                     "not in gaps or coverage)")
    return "; ".join(parts)


def salary_line(sal: dict[str, Any]) -> str:
    share = pct(sal.get("share_stating_pay"))
    if sal.get("p50") is None:
        note = sal.get("note") or "not enough postings state pay"
        stating = sal.get("stating_pay", 0)
        return f"Salary: {note} ({stating} of {sal.get('postings', 0)} {agree(stating, 'states', 'state')} pay, {share})."
    cur = sal.get("currency")
    return (
        f"Salary ({cur}, annualised midpoints): P25 {money(sal['p25'], cur)} · median "
        f"{money(sal['p50'], cur)} · P75 {money(sal['p75'], cur)} — n = {sal['n']}, "
        f"{share} of in-scope postings state pay."  # a share, never "1"
    )


def trend_mark(trend: str | None) -> str:
    return {"rising": "↑ rising", "falling": "↓ falling", "stable": "→ stable"}.get(trend or "", "? unknown")


def trend_window_hint() -> str:
    """Where the report's trend window differs from `skillgap trends` (one sentence)."""
    from skillgap.analysis.trends import DEFAULT_WEEKS, GAP_TREND_WEEKS

    if GAP_TREND_WEEKS == DEFAULT_WEEKS:
        return ""
    return (f"The report's trends compare the first and last {GAP_TREND_WEEKS // 2} of the last {GAP_TREND_WEEKS} "
            f"weeks; `skillgap trends` shows {DEFAULT_WEEKS} weeks by default "
            f"(`skillgap trends --weeks {GAP_TREND_WEEKS}` shows the report's window).")


def fit_text(m: Mapping[str, Any]) -> str:
    """A match's fit as a recruiter reads it: "2 of 5 required (40%)"."""
    k, n = m.get("matched_required"), m.get("required_total")
    if k is None or not n:
        return pct(m["score"])
    return f"{k} of {n} required ({pct(m['score'])})"


def credited_line(credited: list[Mapping[str, Any]]) -> str:
    """What the skill graph credits: concepts a listed tool meets (counted), then partial credits
    (shown, not counted)."""
    full = [c for c in credited if c.get("relation") == "implies"]
    part = [c for c in credited if c.get("relation") != "implies"]
    out = []
    if full:
        out.append("Met through a tool you list: " + "; ".join(f"{c['skill']} (via {c['via']})" for c in full) + ".")
    if part:
        out.append("Partly credited (shown, not counted): " + "; ".join(
            f"{c['skill']} {c['credit'] * 100:.0f}% via {c['via']}" for c in part) + ".")
    return " ".join(out)


def missing_required(m: Mapping[str, Any]) -> list[str]:
    """What keeps a match from a full fit, the way "k of n required" counts it: each alternatives
    group the posting offers as one item ("PyTorch | TensorFlow"), then every other missing
    required skill. Preferred skills are left out, so n - k items are listed."""
    groups = [list(g) for g in m.get("missing_alternatives") or []]
    in_group = {s for g in groups for s in g}
    out = [" | ".join(g) for g in groups]
    out += [s for s in m.get("missing_required", m.get("missing_skills", [])) if s not in in_group]
    return out


def r4(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)
