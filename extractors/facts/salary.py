"""Stated pay: amount range, currency and period (``parse_salary``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ANNUAL_FACTORS", "Salary", "parse_salary", "salary_from_fields"]

ANNUAL_FACTORS = {"hour": 2080.0, "day": 260.0, "week": 52.0, "month": 12.0, "year": 1.0}

_SYMBOLS = {"$": "USD", "US$": "USD", "USD$": "USD", "C$": "CAD", "CA$": "CAD", "CAD$": "CAD",
            "A$": "AUD", "AU$": "AUD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
            "S$": "SGD", "NZ$": "NZD", "HK$": "HKD", "CHF": "CHF", "R$": "BRL", "₪": "ILS", "zł": "PLN",
            "RM": "MYR"}
_CODES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "INR", "SGD", "JPY", "NZD", "HKD", "SEK",
          "NOK", "DKK", "PLN", "BRL", "MXN", "ZAR", "ILS", "CZK", "AED", "HUF", "RON", "UAH", "TRY",
          "ARS", "COP", "CLP", "PHP", "IDR", "MYR", "THB", "VND", "NGN", "KES", "EGP", "PKR", "BGN")
# Where pay is stated by the month when no period is written ("PLN 7.500-11.000 brutto").
_MONTHLY_CODES = frozenset({"PLN", "ILS", "CZK", "HUF", "RON", "UAH", "TRY", "BRL", "ARS", "COP", "CLP", "PHP",
                            "IDR", "MYR", "THB", "VND", "NGN", "KES", "EGP", "PKR", "BGN", "MXN"})
# Currencies whose yearly pay runs past five million units ("INR 6,026,641 - 7,231,969").
_LARGE_UNIT_CODES = frozenset({"INR", "JPY", "IDR", "VND", "HUF", "CLP", "COP", "PKR", "NGN", "ARS", "KES"})
_SYM_RE = r"(?:US\$|USD\$|CA\$|CAD\$|AU\$|NZ\$|HK\$|C\$|A\$|S\$|R\$|\$|€|£|¥|₹|₪|RM(?=\s?\d))"  # (RM: ringgit)
# signs only written after the amount ("8.540,00 zł")
_SYM_AFTER_RE = r"(?:" + _SYM_RE + r"|zł)"
_CODE_RE = r"(?:" + "|".join(_CODES) + r")"
_CUR_RE = r"(?:" + _CODE_RE + r"\s?(?:" + _SYM_RE + r")?|" + _SYM_RE + r")"  # "USD $163,600", "EUR ", "$"
# (lakh grouping "6,00,000"; European "6.555,00"; thousands by comma, dot or space; plain)
_AMT = (r"\d{1,2},\d{2}(?:,\d{2})*,\d{3}(?!\d)|\d{1,3}(?:\.\d{3})+,\d{2}(?!\d)|\d{1,3}(?:[,.\u202f\u00a0 ]\d{3})+(?:\.\d{1,2})?"
        r"|\d+(?:\.\d+)?")
# any dash: "-", "--", en and em dashes, a Markdown-escaped "\-", "to", "and" ("between X and Y"),
# German "bis", French "et"/"à", Dutch "tot"; Markdown emphasis around it ("**$90k** to **$120k**")
_DASH = r"[\s*_]*(?:\\?-{1,2}|–|—|to|To|TO|and|~|bis|et|à|tot|â\x80\x93|â\x80\x94|â€“|â€”)[\s*_]*"  # (and the en/em dash as mojibake)
# Indian pay in lakhs (100,000) after a currency: "INR 12 LPA" (lakhs per annum), "₹10-15 lakh"
_LAKH = r"(?i:LPA|lakhs?|lacs?)\b"

# The guard (a match starts with a digit, a currency sign or a capital) skips most positions fast.
_SALARY_RE = re.compile(
    r"(?=[\dA-Z$€£¥₹₪])(?:(?P<c1>" + _CUR_RE + r")[\s*_]{0,3}(?P<a>" + _AMT + r")\s?(?P<ka>[kK](?![a-zA-Z])|,?\s?(?:million|mil)\b|" + _LAKH + r")?"
    r"(?:\s?/\s?(?i:hr|hour|h|yr|year|mo|month)\b\.?(?=[\s*_]*(?:-|–|—|to)[\s*_]*(?:[A-Z]{0,3}\$|[€£])?\s?\d))?"
    r"(?:\s?(?P<c1b>" + _CODE_RE + r")\b)?"
    r"(?:" + _DASH + r"(?P<c2>" + _CUR_RE + r")?\s?(?P<b>" + _AMT + r")\s?(?P<kb>[kK](?![a-zA-Z])|,?\s?(?:million|mil)\b|" + _LAKH + r")?"
    r"(?:\s?(?P<c3>" + _CODE_RE + r")\b)?)?"
    r"|(?<![\w$€£])(?P<a2>" + _AMT + r")\s?(?P<ka2>[kK])?\s?(?P<c4>" + _CODE_RE + r"|" + _SYM_AFTER_RE + r")?"
    + _DASH + r"(?P<b2>" + _AMT + r")\s?(?P<kb2>[kK])?[\s*_]{0,4}(?P<c5>" + _CODE_RE + r"|" + _SYM_AFTER_RE + r")(?![A-Za-z])"
    # "From 4132 EUR/month": one amount, the code after it, a period right after
    r"|(?<![\w$€£.,])(?P<a4>" + _AMT + r")\s?(?P<c6>" + _CODE_RE + r"|€|£|₪|zł)(?=\s*(?:/|per\s|a\s+(?:year|month)|an\s+hour|"
    r"monthly|annually|yearly|hourly|gross|brutto|net\b|p\.?a\.?\b))"
    # "between 90,000 and 150,000 per year": no currency, a period right after
    r"|(?<![\w$€£.,])(?P<a3>\d{1,3}(?:,\d{3})+|\d{2,3}\s?[kK])" + _DASH + r"(?P<b3>\d{1,3}(?:,\d{3})+|\d{2,3}\s?[kK])"
    r"(?=\s*(?:(?:gross|brutto|net)\s*)?(?:per\s|/\s?(?:y|h|mo)|a\s+year|an\s+hour|annually|yearly|hourly|monthly)))",
)
# "we offer a base pay of 139,700-216,500", "Rate 85,000 - 100,000 DOE", "The base salary range for
# this position at the start of employment is 133,500 - 206,000": no currency, a pay word before
# (a few words between it and the "is"/"of"/"from"/"between" that opens the range)
_CUED_RANGE_RE = re.compile(
    r"\b(?:pay|salary|compensation|range|wages?|rate)(?:\s*:\s*|\s+)"
    r"(?:(?:[a-z]+\s+){0,8}?(?:of|is|from|between|be)\s+)?"
    r"(?P<a>\d{1,3}(?:,\d{3})+)" + _DASH + r"(?P<b>\d{1,3}(?:,\d{3})+)(?!\d|,\d)",
    re.I,
)
# The two ends given as a minimum and a maximum ("MIN: $107,200 - MID: $134,000 - MAX: $160,800
# Currency: CAD", "Min Hiring Rate $18.35 Max Hiring Rate $22.93"): a currency on one end at least.
# (searched only just around single amounts, see _add_min_max; case-sensitive, each case spelled out)
_MIN_MAX_RE = re.compile(
    r"[Mm](?<!\w[Mm])(?:in(?:imum)?|IN(?:IMUM)?)\b[^\d$€£.;]{0,30}?(?:(?P<c1>" + _CUR_RE + r")\s?)?(?P<a>" + _AMT + r")"
    r"[^;]{0,40}?\b(?:[Mm]ax(?:imum)?|MAX(?:IMUM)?)\b[^\d$€£.;]{0,30}?(?:(?P<c2>" + _CUR_RE + r")\s?)?(?P<b>" + _AMT + r")"
    r"(?:\s?(?P<c3>" + _CODE_RE + r")\b|\s*(?:[Cc]urrency|CURRENCY)\s*:\s*(?P<c4>" + _CODE_RE + r")\b)?",
)
# (the look-behind sits after the first digit, so the pattern opens with \d and re skips in C)
_K_RANGE_RE = re.compile(
    r"(?P<a>\d(?<![\w$€£.]\d)\d{1,2})\s?[kK]?\s?(?:-|–|—|to)\s?(?P<b>\d{2,3})\s?[kK](?![a-zA-Z])"
)
_PERIOD_RE = re.compile(
    r"^\W{0,3}(?:\s*(?:" + _CODE_RE + r"))?\s*(?:(?:gross|base|brutto|net)\s+)?(?:(?P<hour>per\s+hour|/\s?h(?:ou)?r\b|/\s?h\b|an\s+hour|hourly|p/h|ph\b|per\s+hr)"
    r"|(?P<day>per\s+day|/\s?day|a\s+day|daily)"
    r"|(?P<week>per\s+week|/\s?w(?:ee)?k|a\s+week|weekly)"
    r"|(?P<month>per\s+month|/\s?mo(?:nth)?\b|a\s+month|monthly|p\.?m\.?\b|per\s+mensem"
    r"|monatlich|pro\s+monat|im\s+monat|par\s+mois|mensuel|per\s+maand|maandelijks|miesięcznie|לחודש)"
    r"|(?P<year>per\s+(?:year|annum)|/\s?y(?:ea)?r\b|a\s+year|annually|annual|yearly|p\.?a\.?(?!\w)|/\s?annum|per\s+yr"
    r"|jährlich|pro\s+jahr|im\s+jahr|par\s+an\b|annuel|per\s+jaar|jaarlijks|rocznie|לשנה))",
    re.I,
)
# (a contractor's day rate: "Day rate: 400 - 550 EUR", Dutch "dagtarief", German "Tagessatz")
_PERIOD_BEFORE = re.compile(
    r"(?P<hour>hourly|per hour)|(?P<day>day\s?rate|daily\s+rate|dagtarief|tagessatz)|(?P<month>monthly|per month)"
    r"|(?P<year>annual|yearly|per year|per annum)",
    re.I,
)
_SALARY_CUE = re.compile(
    r"\b(?:salary|salaries|compensation|pay|paid|wage|wages|base|basic|range|rate|ote|stipend|remuneration|"
    r"earn|per\s+(?:hour|year|annum|month)|hourly|annual|gross|k/year|package)\b"
    r"|/\s?(?:hr|hour|h|yr|year)\b|\ban\s+hour\b",  # ("$80/hour", "$47K USD/yr": a single amount by the hour or year)
    re.I,
)
# Perks and one-off money: "a $2,500 learning budget", "$1,600 WFH stipend", "$10,000 signing bonus".
# The noun the amount qualifies, a few words on, without "plus"/"and" in between ("a base pay of
# $140k - $216k, plus equity" is pay).
_PERK_AFTER = re.compile(
    r"^[ \t]*(?:(?!plus\b|with\b|in\s+addition)[\w/&-]+[ \t]+){0,4}?(?:budget|allowance|bonus|bonuses|"
    r"reimburse\w*|equity|stock|options|rsus?|credits?|incentives?|perks?|(?:dependent|child|health|elder)\s*care|"
    r"(?:home[- ]?office|wfh|work[- ]from[- ]home|remote(?:[- ]work)?|equipment|learning|education|wellness|wellbeing|"
    r"gym|fitness|phone|internet|connectivity|commut\w*|transport\w*|car|parking|expense|relocation|meal|lunch|"
    r"coworking|conference|training|development)\s+"
    r"(?:stipend|budget|allowance|fund|credit))\b",
    re.I,
)
# Money given to spend on something ("R$800/mo for you to use with food", "to spend on books").
_SPEND_AFTER = re.compile(r"^[^.;\n]{0,60}?\b(?:for\s+you\s+to\s+(?:use|spend)|to\s+(?:use|spend)\s+(?:on|for|with|in))\b", re.I)
# (a rate is pay too: "Rate: up to €60 per hour")
_PAY_WORD = re.compile(r"\b(?:salary|base\s+pay|pay\s+range|compensation|(?:hourly|daily|day|pay)\s+rate|rate\s*:)", re.I)
_PAY_AND_PERK = re.compile(r"^[ \t]*(?:and|&)\s+(?:\w+\s+)?(?:equity|bonus|bonuses|stock|options|rsus?)$", re.I)
_PERK_BEFORE = re.compile(
    r"\b(?:(?:technology|tech|wellness|wellbeing|health|home[- ]?office|wfh|remote(?:[- ]work)?|equipment|learning|education|"
    r"phone|internet|connectivity|mobile|gym|fitness|commut\w*|transport\w*|car|parking|expense|meal|lunch|food|"
    r"coworking|conference|training|development)\s+"
    r"(?:stipend|allowance|budget|benefit|credit)\b[^.;\n$€£]{0,30}|one[- ](?:time|off)\b[^.;\n$€£]{0,30}|"
    r"(?:meal|food|gift|cultural|holiday|lunch|eco)[- ]?(?:tickets?|vouchers?|cheques?|cards?)\b[^.;\n$€£]{0,30}|"
    r"budget|allowance|bonus|reimbursement|equity|grant|relocation|referral|sign(?:ing|-on)|stipend\s+for|"
    # company money ("revenues in excess of $250K"), insurance cover, a benefit's cap ("a maximum of $2,000")
    r"revenues?(?:\s+(?:over|exceeding|above|(?:in\s+excess|upwards)\s+of|more\s+than))?|turnover|valuation|funding|"
    r"cover(?:age|ed)?|(?:maximum|cap(?:ped)?(?:\s+at)?|limit)[*_]*(?:\s+is)?|"
    r"perks?|benefits?\s+worth|up\s+to)\s*(?:of|:|worth)?\s*(?:up\s+to\s+)?$",
    re.I,
)
_NOT_SALARY_AFTER = re.compile(
    r"^\s*(?:billion|bn\b|b\b|m\b|mm\b|trillion|t\b|tn\b|th\b|\+?\s*(?:in\s+)?(?:revenue|funding|raised|customers|users|arr|valuation|assets|series|seed)|"
    r"in\s+(?:funding|revenue|annual revenue|sales|assets|arr)|of\s+(?:funding|revenue|assets))",
    re.I,
)


# then looked up in _CODESET (faster than 40 alternatives); the look-behind after the first
# capital, so the pattern opens with a character class and re skips in C
_CAPS3 = re.compile(r"[A-Z](?<![A-Za-z][A-Z])[A-Z]{2}(?![A-Za-z])")
_CODESET = frozenset(_CODES)
_K_HINT = re.compile(r"\d\s?[kK]\b")
_BARE_HINT = re.compile(r"\d,\d{3}\s*(?:-|–|—|to|and)\s*\d")
# the ringgit ("RM" alone is in "FIRM", "TERMS": only before a digit)
_RINGGIT_HINT = re.compile(r"RM\s?\d")


def _money_hint(text: str) -> bool:
    """A currency sign, a currency code or "<digit>k" somewhere in the text (or a bare range)."""
    if any(c in text for c in "$€£¥₹₪") or _K_HINT.search(text):
        return True
    if any(m.group(0) in _CODESET for m in _CAPS3.finditer(text)):
        return True
    return bool(_BARE_HINT.search(text)) or "zł" in text or ("RM" in text and bool(_RINGGIT_HINT.search(text)))


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
    grouped = not raw.isdigit()  # written with thousands separators (or decimals)
    if re.fullmatch(r"\d{1,2},\d{2}(?:,\d{2})*,\d{3}", raw):  # "6,00,000" (lakh grouping)
        raw = raw.replace(",", "")
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
        if kl == "k" and (val < 1000 or not grouped):  # (not "$85,000k": a "k" after a full amount repeats it)
            val *= 1000
        elif kl in ("million", "mil"):
            val *= 1_000_000
        elif kl in ("lpa", "lakh", "lakhs", "lac", "lacs"):
            val *= 100_000
    return val


def _currency(*tokens: str | None) -> str | None:
    """The currency the tokens name; a code beats a bare "$" ("$77,400 – $116,200 CAD" is CAD)."""
    found: list[str] = []
    for t in tokens:
        if t:
            t = t.strip()
            code = re.match(_CODE_RE, t)
            if code and len(t) > 3:  # "CAD $", "USD$"
                return code.group(0)
            if t in _SYMBOLS:
                found.append(t)
            elif t.upper() in _CODES:
                return t.upper()
    return _SYMBOLS[found[0]] if found else None


def _period(text: str, s: int, e: int, low: float, currency: str | None = None, high: float | None = None) -> str:
    m = _PERIOD_RE.match(text[e : e + 40])
    if m:
        return m.lastgroup or "year"
    before = text[max(0, s - 50) : s]
    before_matches = list(_PERIOD_BEFORE.finditer(before))
    mb = before_matches[-1] if before_matches else None  # the nearest period word before the amount
    if mb is not None:
        return mb.lastgroup or "year"
    if low < 300:
        return "hour"
    high = low if high is None else high
    if low < 20000 and re.search(r"\bmonth", text[max(0, s - 80) : e + 80], re.I):
        return "month"
    if currency in _MONTHLY_CODES and low < 60000:
        return "month"  # "PLN 7.500-11.000 brutto"
    if 1000 <= high < 12000 and currency not in _LARGE_UNIT_CODES:
        return "month"  # "€3,700 - €5,200 gross salary": no yearly base pay is that low (under 1,000: no pay)
    return "year"


# (start, end, low, high, currency, is a range) of one stated amount
_Cand = tuple[int, int, float, float, str | None, bool]


def parse_salary(text: str) -> Salary | None:
    """The first stated pay range (or single amount) with currency and period; else ``None``."""
    cands: list[_Cand] = []
    if not _money_hint(text):
        return None
    for m in _SALARY_RE.finditer(text):
        cand = _stated_pay(text, m)
        if cand is not None:
            cands.append(cand)
    _add_bare_ranges(text, cands)
    _add_min_max(text, cands)
    cands.sort()
    return _first_salary(text, cands)


def _stated_pay(text: str, m: re.Match[str]) -> _Cand | None:
    """The amount or range of one ``_SALARY_RE`` match, or None when it is no pay (a budget,
    perk stipend, bonus, allowance, equity, a 401(k), a bare range without a pay cue)."""
    s, e = m.span()
    if m.group("a") is not None:
        a = _amount(m.group("a"), m.group("ka"))
        b = _amount(m.group("b"), m.group("kb") or m.group("ka")) if m.group("b") else a
        if m.group("b") and m.group("ka") is None and m.group("kb") and a < 1000:
            a *= 100_000 if m.group("kb").strip().lower().startswith("l") else 1000  # "$120-150k", "₹10-15 LPA"
        c1 = m.group("c1")
        if c1.startswith("CA$") and text[max(0, s - 2) : s] == ", " and m.group("c2") in (None, "$"):
            c1 = c1[2:]  # "Oakland, CA$100,000-$120,000": California, then dollars (flattened text)
        cur = _currency(c1, m.group("c1b"), m.group("c2"), m.group("c3"))
        ranged = m.group("b") is not None
        if ranged and b * 8 < a:  # "Salary $90,000 and 10% bonus": the second number ends no range
            b, ranged, e = a, False, m.end("ka") if m.group("ka") else m.end("a")
    elif m.group("a2") is not None:
        a = _amount(m.group("a2"), m.group("ka2") or m.group("kb2"))
        b = _amount(m.group("b2"), m.group("kb2"))
        cur = _currency(m.group("c4"), m.group("c5"))
        ranged = True
    elif m.group("a4") is not None:
        a = b = _amount(m.group("a4"), None)
        cur = _currency(m.group("c6"))
        ranged = False
    else:  # "between 90,000 and 150,000 per year"
        ra, rb = m.group("a3"), m.group("b3")
        a = _amount(ra.rstrip("kK "), "k" if ra[-1] in "kK" else None)
        b = _amount(rb.rstrip("kK "), "k" if rb[-1] in "kK" else None)
        if not _SALARY_CUE.search(text[max(0, s - 80) : e + 30]):
            return None
        near = re.search(r"\b" + _CODE_RE + r"\b|" + _SYM_RE, text[max(0, s - 15) : e + 12])
        cur = _currency(near.group(0)) if near else None
        ranged = True
    if _NOT_SALARY_AFTER.match(text[e : e + 25]):
        return None
    perk = _PERK_AFTER.match(text[e : e + 60])
    if perk and _PAY_AND_PERK.search(perk.group(0)):
        perk = None  # "$90,000 and equity": the pay, then a perk beside it
    perk_before = _PERK_BEFORE.search(text[max(0, s - 40) : s])
    if perk_before and _PAY_WORD.search(text[max(0, s - 40) : s]):
        perk_before = None  # "Base Salary + Bonus $150K – $220K": the pay, bonus included
    if perk or perk_before or _SPEND_AFTER.match(text[e : e + 80]):
        return None  # a budget, perk stipend, bonus, allowance or equity
    if text[max(0, s - 4) : s].lower().endswith("401(") or text[s:e].lower().startswith("401"):
        return None
    return (s, e, a, b, cur, ranged)


def _add_bare_ranges(text: str, cands: list[_Cand]) -> None:
    """Add ranges written without a currency (after a pay cue, or as "120k-150k" near one) that
    start inside no amount found already."""
    if "," in text and _BARE_HINT.search(text):
        for m in _CUED_RANGE_RE.finditer(text):
            s, e = m.start("a"), m.end()
            a, b = _amount(m.group("a"), None), _amount(m.group("b"), None)
            if b < 10000 and not _PERIOD_RE.match(text[e : e + 40]):
                continue  # ("the rate limit is 1,000 - 5,000 requests"): small, no currency, no period
            if not any(c[0] <= s < c[1] for c in cands):
                cands.append((s, e, a, b, None, True))
    for m in _K_RANGE_RE.finditer(text):
        s, e = m.span()
        if any(c[0] <= s < c[1] for c in cands):
            continue
        if not _SALARY_CUE.search(text[max(0, s - 80) : e + 40]):
            continue
        a, b = float(m.group("a")) * 1000, float(m.group("b")) * 1000
        cands.append((s, e, a, b, None, True))


def _add_min_max(text: str, cands: list[_Cand]) -> None:
    """Join a minimum and a maximum stated apart into one range (it replaces the amounts found
    inside it, each of which reads as a single amount). Searched only just around single amounts
    with a currency (a scan of the whole text would cost more than the rest of this)."""
    seen: set[int] = set()
    for single in [c for c in cands if not c[5]]:
        m = _MIN_MAX_RE.search(text, max(0, single[0] - 45), single[1] + 160)
        if m is None or m.start() in seen or not (m.group("c1") or m.group("c2")):
            continue  # (no currency: "minimum 3 years ... maximum 5")
        seen.add(m.start())
        s, e = m.start("a") if m.group("c1") is None else m.start("c1"), m.end()
        cands[:] = [c for c in cands if not s <= c[0] < e]
        cur = _currency(m.group("c1"), m.group("c2"), m.group("c3"), m.group("c4"))
        cands.append((s, e, _amount(m.group("a"), None), _amount(m.group("b"), None), cur, True))


def _first_salary(text: str, cands: list[_Cand]) -> Salary | None:
    """The first candidate, in text order, that is plausible pay, with its period."""
    for s, e, a, b, cur, ranged in cands:
        if a <= 0 or b <= 0:
            continue
        if b < a:
            a, b = b, a
        if not ranged and not _SALARY_CUE.search(text[max(0, s - 80) : e + 30]):
            continue
        if b > (1e9 if cur in _LARGE_UNIT_CODES else 5_000_000) or a < 1:
            continue
        if a < 7 and not re.match(r"\W{0,3}(?:an\s+hour|per\s+hour|/\s?h(?:ou)?r\b|hourly)", text[e : e + 20], re.I):
            continue  # a small number is pay only when stated per hour ("$6 - $6 an hour")
        if ranged and b > a * 8 and a >= 1000:
            continue
        if cur is None:
            cur_guess = re.search(_CODE_RE + r"\b", text[e : e + 12])
            cur = cur_guess.group(0) if cur_guess else None
        period = _period(text, s, e, a, cur, b)
        if period == "year" and b < 1000:
            continue
        tail = _PERIOD_RE.match(text[e : e + 40])
        end = e + (tail.end() if tail else 0)
        raw = text[s:end].strip()
        f = ANNUAL_FACTORS.get(period, 1.0)
        return Salary(min=a, max=b, currency=cur, period=period, text=raw, annual_min=a * f, annual_max=b * f)
    return None


# ---------------------------------------------------------------- structured fields

_INTERVALS = (
    ("hour", re.compile(r"hour|hr\b", re.I)),
    ("day", re.compile(r"day|daily", re.I)),
    ("week", re.compile(r"week", re.I)),
    ("month", re.compile(r"month", re.I)),
    ("year", re.compile(r"year|annual|annum|yr\b", re.I)),
)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if value > 0 else None
    raw = str(value).strip().replace(",", "")
    try:
        v = float(raw)
    except ValueError:
        return None
    return v if v > 0 else None


def _interval(value: object, low: float) -> str:
    for name, pat in _INTERVALS:
        if value and pat.search(str(value)):
            return name
    return "hour" if low < 300 else "year"


def salary_from_fields(fields: Mapping[str, Any]) -> Salary | None:
    """The pay a source states in its own fields (a posting's ``extra``), which wins over the
    text: Jobicy ``salaryMin/salaryMax/salaryCurrency/salaryPeriod`` (and the 2024
    ``annualSalaryMin/Max``), Himalayas ``minSalary/maxSalary/currency/salaryPeriod``, Ashby's and
    Lever's ranges as the adapters keep them (``salary`` / ``salaryRange``: ``min, max, currency,
    interval``), Remote OK ``salary_min/salary_max`` (yearly USD; 0 means none). An estimate
    (Adzuna's ``predicted``) is no statement. ``None`` when the fields state nothing."""
    candidates: list[tuple[object, object, object, object, str | None]] = [
        (fields.get("salaryMin"), fields.get("salaryMax"), fields.get("salaryCurrency"), fields.get("salaryPeriod"), None),
        (fields.get("annualSalaryMin"), fields.get("annualSalaryMax"), fields.get("salaryCurrency"), None, "year"),
        (fields.get("minSalary"), fields.get("maxSalary"), fields.get("currency"), fields.get("salaryPeriod"), None),
        (fields.get("salary_min"), fields.get("salary_max"), "USD", None, "year"),
    ]
    for key in ("salary", "salaryRange"):
        rng = fields.get(key)
        if isinstance(rng, Mapping) and not rng.get("predicted"):
            candidates.append((rng.get("min"), rng.get("max"), rng.get("currency"), rng.get("interval") or rng.get("period"), None))
    for lo_raw, hi_raw, cur_raw, period_raw, fixed in candidates:
        lo, hi = _number(lo_raw), _number(hi_raw)
        if lo is None and hi is None:
            continue
        lo = lo if lo is not None else hi
        hi = hi if hi is not None else lo
        assert lo is not None and hi is not None
        if hi < lo:
            lo, hi = hi, lo
        period = fixed or _interval(period_raw, lo)
        cur = str(cur_raw).strip().upper() if cur_raw else None
        cur = _SYMBOLS.get(cur, cur) if cur else None
        f = ANNUAL_FACTORS.get(period, 1.0)
        text = f"{cur or ''} {lo:g}-{hi:g} per {period}".strip()
        return Salary(min=lo, max=hi, currency=cur, period=period, text=text, annual_min=lo * f, annual_max=hi * f)
    return None
