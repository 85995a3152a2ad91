"""Stated pay: amount range, currency and period (``parse_salary``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ANNUAL_FACTORS", "Salary", "parse_salary"]

ANNUAL_FACTORS = {"hour": 2080.0, "day": 260.0, "week": 52.0, "month": 12.0, "year": 1.0}

_SYMBOLS = {"$": "USD", "US$": "USD", "USD$": "USD", "C$": "CAD", "CA$": "CAD", "CAD$": "CAD",
            "A$": "AUD", "AU$": "AUD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
            "S$": "SGD", "NZ$": "NZD", "HK$": "HKD", "CHF": "CHF", "R$": "BRL"}
_CODES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "INR", "SGD", "JPY", "NZD", "HKD", "SEK",
          "NOK", "DKK", "PLN", "BRL", "MXN", "ZAR", "ILS", "CZK", "AED")
_SYM_RE = r"(?:US\$|USD\$|CA\$|CAD\$|AU\$|NZ\$|HK\$|C\$|A\$|S\$|R\$|\$|€|£|¥|₹)"
_CODE_RE = r"(?:" + "|".join(_CODES) + r")"
_AMT = r"\d{1,3}(?:[,.\u202f\u00a0 ]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d+)?"
_DASH = r"\s*(?:-|–|—|to|and|~)\s*"

# The guard (a match starts with a digit, a currency sign or a capital) skips most positions fast.
_SALARY_RE = re.compile(
    r"(?=[\dA-Z$€£¥₹])(?:(?P<c1>" + _SYM_RE + r"|" + _CODE_RE + r"\s?)\s?(?P<a>" + _AMT + r")\s?(?P<ka>[kK](?![a-zA-Z])|,?\s?(?:million|mil)\b)?"
    r"(?:\s?(?P<c1b>" + _CODE_RE + r")\b)?"
    r"(?:" + _DASH + r"(?P<c2>" + _SYM_RE + r"|" + _CODE_RE + r"\s?)?\s?(?P<b>" + _AMT + r")\s?(?P<kb>[kK](?![a-zA-Z])|,?\s?(?:million|mil)\b)?"
    r"(?:\s?(?P<c3>" + _CODE_RE + r")\b)?)?"
    r"|(?<![\w$€£])(?P<a2>" + _AMT + r")\s?(?P<ka2>[kK])?\s?(?P<c4>" + _CODE_RE + r"|" + _SYM_RE + r")?"
    + _DASH + r"(?P<b2>" + _AMT + r")\s?(?P<kb2>[kK])?\s?(?P<c5>" + _CODE_RE + r"|" + _SYM_RE + r")(?![A-Za-z]))",
)
_K_RANGE_RE = re.compile(
    r"(?=\d)(?<![\w$€£.])(?P<a>\d{2,3})\s?[kK]?\s?(?:-|–|—|to)\s?(?P<b>\d{2,3})\s?[kK](?![a-zA-Z])"
)
_PERIOD_RE = re.compile(
    r"^\W{0,3}(?:\s*(?:" + _CODE_RE + r"))?\s*(?:(?:gross|base|brutto|net)\s+)?(?:(?P<hour>per\s+hour|/\s?h(?:ou)?r\b|/\s?h\b|an\s+hour|hourly|p/h|ph\b|per\s+hr)"
    r"|(?P<day>per\s+day|/\s?day|a\s+day|daily)"
    r"|(?P<week>per\s+week|/\s?w(?:ee)?k|a\s+week|weekly)"
    r"|(?P<month>per\s+month|/\s?mo(?:nth)?\b|a\s+month|monthly|p\.?m\.?\b|per\s+mensem)"
    r"|(?P<year>per\s+(?:year|annum)|/\s?y(?:ea)?r\b|a\s+year|annually|annual|yearly|p\.?a\.?(?!\w)|/\s?annum|per\s+yr))",
    re.I,
)
_PERIOD_BEFORE = re.compile(
    r"(?P<hour>hourly|per hour)|(?P<month>monthly|per month)|(?P<year>annual|yearly|per year|per annum)",
    re.I,
)
_SALARY_CUE = re.compile(
    r"\b(?:salary|salaries|compensation|pay|paid|wage|wages|base|range|rate|ote|stipend|remuneration|"
    r"earn|per\s+(?:hour|year|annum|month)|hourly|annual|gross|k/year|package)\b",
    re.I,
)
_NOT_SALARY_AFTER = re.compile(
    r"^\s*(?:billion|bn\b|b\b|m\b|mm\b|trillion|\+?\s*(?:in\s+)?(?:revenue|funding|raised|customers|users|arr|valuation|assets|series|seed)|"
    r"in\s+(?:funding|revenue|annual revenue|sales|assets|arr)|of\s+(?:funding|revenue|assets))",
    re.I,
)


_CODE_HINT = re.compile(r"\b(?:" + "|".join(_CODES) + r")\b")
_K_HINT = re.compile(r"\d\s?[kK]\b")


def _money_hint(text: str) -> bool:
    """A currency sign, a currency code or "<digit>k" somewhere in the text."""
    return any(c in text for c in "$€£¥₹") or bool(_CODE_HINT.search(text) or _K_HINT.search(text))


@dataclass(frozen=True, slots=True)
class Salary:
    """A stated pay range; ``annual_*`` annualise hourly (x2080), daily, weekly and monthly pay."""

    min: float
    max: float
    currency: str | None
    period: str
    text: str
    annual_min: float
    annual_max: float


def _amount(raw: str, k: str | None) -> float:
    raw = raw.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    # "1.234.567" or "120.000" (European thousands) vs "12.50" (decimals)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        raw = raw.replace(".", "")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?", raw):
        raw = raw.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d{1,2}", raw):
        raw = raw.replace(".", "").replace(",", ".")
    raw = raw.replace(",", "")
    val = float(raw)
    if k:
        kl = k.strip(", ").lower()
        if kl == "k":
            val *= 1000
        elif kl in ("million", "mil"):
            val *= 1_000_000
    return val


def _currency(*tokens: str | None) -> str | None:
    for t in tokens:
        if t:
            t = t.strip()
            if t in _SYMBOLS:
                return _SYMBOLS[t]
            if t.upper() in _CODES:
                return t.upper()
    return None


def _period(text: str, s: int, e: int, low: float) -> str:
    m = _PERIOD_RE.match(text[e : e + 40])
    if m:
        return m.lastgroup or "year"
    before = text[max(0, s - 50) : s]
    mb = None
    for mb in _PERIOD_BEFORE.finditer(before):
        pass
    if mb is not None:
        return mb.lastgroup or "year"
    if low < 300:
        return "hour"
    if low < 20000 and re.search(r"\bmonth", text[max(0, s - 80) : e + 80], re.I):
        return "month"
    return "year"


def parse_salary(text: str) -> Salary | None:
    """The first stated pay range (or single amount) with currency and period; else ``None``."""
    cands: list[tuple[int, int, float, float, str | None, bool]] = []
    if not _money_hint(text):
        return None
    for m in _SALARY_RE.finditer(text):
        s, e = m.span()
        if m.group("a") is not None:
            a = _amount(m.group("a"), m.group("ka"))
            b = _amount(m.group("b"), m.group("kb") or m.group("ka")) if m.group("b") else a
            if m.group("b") and m.group("ka") is None and m.group("kb") and a < 1000:
                a *= 1000  # "$120-150k"
            cur = _currency(m.group("c1"), m.group("c1b"), m.group("c2"), m.group("c3"))
            ranged = m.group("b") is not None
        else:
            a = _amount(m.group("a2"), m.group("ka2") or m.group("kb2"))
            b = _amount(m.group("b2"), m.group("kb2"))
            cur = _currency(m.group("c4"), m.group("c5"))
            ranged = True
        if _NOT_SALARY_AFTER.match(text[e : e + 25]):
            continue
        if text[max(0, s - 4) : s].lower().endswith("401(") or text[s:e].lower().startswith("401"):
            continue
        cands.append((s, e, a, b, cur, ranged))
    for m in _K_RANGE_RE.finditer(text):
        s, e = m.span()
        if any(c[0] <= s < c[1] for c in cands):
            continue
        if not _SALARY_CUE.search(text[max(0, s - 80) : e + 40]):
            continue
        a, b = float(m.group("a")) * 1000, float(m.group("b")) * 1000
        cands.append((s, e, a, b, None, True))
    cands.sort()
    for s, e, a, b, cur, ranged in cands:
        if a <= 0 or b <= 0:
            continue
        if b < a:
            a, b = b, a
        if not ranged and not _SALARY_CUE.search(text[max(0, s - 80) : e + 30]):
            continue
        if a < 7 or b > 5_000_000:
            continue
        if ranged and b > a * 5 and a >= 1000:
            continue
        period = _period(text, s, e, a)
        if period == "year" and b < 1000:
            continue
        tail = _PERIOD_RE.match(text[e : e + 40])
        end = e + (tail.end() if tail else 0)
        raw = text[s:end].strip()
        if cur is None:
            cur_guess = re.search(_CODE_RE + r"\b", text[e : e + 12])
            cur = cur_guess.group(0) if cur_guess else None
        f = ANNUAL_FACTORS.get(period, 1.0)
        return Salary(min=a, max=b, currency=cur, period=period, text=raw, annual_min=a * f, annual_max=b * f)
    return None
