"""Parsers for facts stated in a posting: years of experience, degree, salary, visa, remote.

Pure functions of text (plus, where it helps, the section layout from :mod:`sections`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from skillgap.extractors.sections import FoldedRegex, Layout, analyse, fold, linear_regex, preferred_cue

__all__ = [
    "Salary",
    "YearsMention",
    "parse_years",
    "years_min",
    "parse_degree",
    "parse_salary",
    "parse_visa",
    "parse_remote",
    "ANNUAL_FACTORS",
    "DEGREE_LEVELS",
]

_WORD_NUM = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}
_NUM = r"(?:\d{1,2}(?:\.\d)?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_NUMP = _NUM + r"(?:\s*\(\d{1,2}\))?"  # "three (3)"

_YEARS_RE = re.compile(
    r"(?<![\d.$€£])(?<!\d-)(?<!\d–)(?P<pre>(?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than|a\s+minimum\s+of)\s+)?"
    r"\+?(?P<a>" + _NUMP + r")\s*(?:\+|plus)?\s*"
    r"(?:(?:-|–|—|to|or)\s*\+?(?P<b>" + _NUMP + r")\s*\+?\s*)?"
    r"(?:\(\s*(?P<alt>\d{1,2})\s*\+?\s*\)\s*)?(?:or\s+more\s+)?(?:full\s+|complete\s+)?"
    r"(?P<unit>years?|yrs?|yoe|months?)(?![\w-])(?:['’]|\s+or\s+more|\s*\+)?",
    re.I,
)
_EXP_AFTER = re.compile(
    r"^[^.;\n•]{0,80}?\b(?:experience|exp\b|work(?:ing)?\b|industry|professional|track record|"
    r"background|employment|hands-on|in (?:a|an|the)\b|as (?:a|an)\b|building|developing|with\b|using\b|"
    r"designing|leading|applying|of (?:related|relevant|applied|practical|software|data|machine|"
    r"engineering|programming|analytics|quantitative|combined|public|paid))",
    re.I,
)
_EXP_BEFORE = re.compile(r"(?:experience|exp\.?)\s*(?:required|level)?\s*[:\-–\](]\s*[^.;\n]{0,40}$", re.I)
_MONTHS_EXP = re.compile(r"^\s*(?:of\s+)?(?:[\w-]+\s+){0,3}?experience", re.I)
_STRONG_AFTER = re.compile(r"^[^.;\n]{0,40}?\bexperience", re.I)
_TIME_BEFORE = re.compile(r"\b(?:past|last|next|coming|over\s+the|in\s+the|within|every|each|anniversar\w*)\s*(?:\w+\s+)?$", re.I)
_PREF_BEFORE = re.compile(r"\b(?:preferred|a plus|nice to have|bonus|ideally|desired|is an asset)\b", re.I)
_PREF_AFTER = re.compile(r"\b(?:preferred|a plus|nice to have|bonus|desired|is an asset|advantage)\b", re.I)
_NOT_EXPERIENCE = re.compile(
    r"^\s*(?:of\s+age|old\b|ago\b|since\b|in\s+business|of\s+history|running|in\s+a\s+row|"
    r"from\s+now|or\s+less|later|after|with\s+(?:us|the\s+company)|of\s+(?:operation|growth|service\b|innovation))",
    re.I,
)
_NOT_BEFORE = re.compile(
    r"(?:\b(?:past|last|next|first|coming|for\s+the|over\s+the|in\s+the|within|every|each|"
    r"anniversar\w*|for|during|after|founded|up\s+to)\s*(?:\w+\s+)?$|anniversar\w*\s*\([\d,\s]*$)",
    re.I,
)
# An upper bound is no minimum ("less than 4 years of research experience", "no more than 2
# years"), and the length of a contract, grant or appointment is no experience ("a fixed-term
# position of 4 to 6 years", "offered for a period of three years", "the post is for 2 years").
_BOUND_OR_TERM_BEFORE = re.compile(
    r"(?:\b(?:less|fewer)\s+than|\bno\s+more\s+than|\bnot\s+(?:more|longer)\s+than|\bat\s+most|"
    r"\bmax(?:imum|\.)?(?:\s+of)?|\bperiod\s+of|\b(?:term|duration|length|tenure)\s+of|"
    r"\b(?:contract|appointment|assignment|position|post|employment|grant|scholarship|fellowship|funding)\s+"
    r"(?:(?:is|will\s+be)\s+)?(?:of|for)|"
    r"\b(?:offered|appointed|employed|hired|funded|granted|available|extended)\s+for(?:\s+(?:a|an|the))?)"
    r"\s*(?:(?:up\s+to|about|approximately|around|an?\s+(?:initial|fixed)|an?)\s+)?\+?$",
    re.I,
)
_DEGREE_WORD = re.compile(
    r"\b(?:bachelor\w*|b\.?s\.?c?|b\.?a\.?|master\w*|m\.?s\.?c?|m\.?a\.?|m\.?eng|mba|ph\.?\s?d\.?|doctora\w*|"
    r"degree|graduate|undergraduate|diploma)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class YearsMention:
    value: float  # the minimum of the stated range
    start: int
    end: int
    preferred: bool


def _num(tok: str) -> float:
    tok = re.sub(r"\s*\(\d+\)", "", tok.strip().lower())
    if tok in _WORD_NUM:
        return float(_WORD_NUM[tok])
    return float(tok)


_UNIT_HINT = re.compile(r"years?|yrs?|yoe|months?", re.I)


def _years_matches(text: str) -> Iterator[re.Match[str]]:
    """``_YEARS_RE`` matches, searched only in windows before each "year"/"yr" (fast)."""
    last_end = -1
    for u in _UNIT_HINT.finditer(text):
        i = u.start()
        if i < last_end:
            continue
        m = _YEARS_RE.search(text, max(0, i - 60, last_end), u.end() + 12)
        while m is not None and m.end() < u.end():
            m = _YEARS_RE.search(text, m.end(), u.end() + 12)
        if m is not None:
            last_end = m.end()
            yield m


# Who the years belong to. A requirement addresses the candidate (or is a bare list item:
# "5+ years of Python"); company history has the company as its subject ("With 30 years of
# experience, 6,000 workers and offices in 10 countries, we...", "a firm with over 25 years of
# investment experience", "our team has 15 years of...").
_CANDIDATE_WORDS = re.compile(
    r"\b(?:you|your|you've|you’ve|you'll|you’ll|you're|you’re|candidates?|applicants?|must|required|requires?|"
    r"requirements?|minimum|at\s+least|ideally|ideal|should|qualifications?|qualified|seeking|looking\s+for|"
    r"need|needs|preferred|bring|brings)\b",
    re.I,
)
_COMPANY_SUBJECT = re.compile(
    r"\b(?:we|we've|we’ve|we're|we’re|our|us|company|companies|firm|business|organi[sz]ations?|group|"
    r"founders?|founded|established|history|legacy|heritage|brand|agency|investors?|partners?|leaders?|"
    r"employer|studio|institution|has|had|boasts?)\b",
    re.I,
)
# The size of an organisation, listed beside its years ("6,000 workers, offices in 10 countries").
_COMPANY_SIZE = re.compile(
    r"\b\d[\d,.]*\+?\s*(?:employees|workers|people|staff|professionals|consultants|engineers|offices|"
    r"countries|clients|customers|locations|stores|members|continents|cities|experts)\b"
    r"|\boffices\s+in\b|\bacross\s+\d+\s+(?:countries|continents)\b",
    re.I,
)
# "Two full years of progressively higher level graduate education": an education path.
_EDUCATION_AFTER = re.compile(
    r"^[^.;\n]{0,40}?\b(?:graduate|undergraduate|college|university|post-?secondary|doctoral)\s+"
    r"(?:education|study|studies|coursework|level\s+education)",
    re.I,
)
# A list item stating years "in" or "as" something: "4-5 years in credit risk analysis".
_YEARS_IN = re.compile(
    r"^\s*(?:(?:of\s+)?(?:in|as|at|within|across|on)\s+(?:an?\s+|the\s+)?\w"
    # "5+ years of Python", "3 years of B2B sales" (not "2 years of college")
    r"|of\s+(?!(?:college|university|school|study|studies|education|coursework|under\w*|graduate|post\w*|age)\b)[A-Za-z0-9])",
    re.I,
)


def _company_history(text: str, s: int, e: int, ss: int, se: int) -> bool:
    """The years at ``s:e`` describe the company (its age, track record or people), not a
    requirement of the candidate."""
    before = text[max(ss, s - 100) : s]
    clause = text[max(ss, s - 100) : min(se, e + 160)]
    if _CANDIDATE_WORDS.search(clause):
        return False
    if _COMPANY_SUBJECT.search(before):
        return True
    # "With 30 years of experience, 6,000 workers, offices in 10 countries ..."
    return bool(_COMPANY_SIZE.search(clause))


def _years_sentence_asks(text: str, ss: int, se: int) -> bool:
    """A sentence that states a requirement of the candidate and is no legal boilerplate (in
    flattened text the equal-opportunity section may swallow the qualifications after it)."""
    sent = text[ss:se]
    low = fold(sent)
    return bool(_CANDIDATE_WORDS.search(sent)) and not _EEO_WORDS.search(sent, low)


def parse_years(text: str, layout: Layout | None = None) -> list[YearsMention]:
    """Every stated amount of experience REQUIRED of the candidate, in text order, with whether
    it is only preferred. Company history ("With 30 years of experience, 6,000 workers...") and
    education paths ("two years of graduate education") are not experience."""
    return [m for m in _parse_years(text, layout) if m.value >= 0]


def _parse_years(text: str, layout: Layout | None = None) -> list[YearsMention]:
    """Like :func:`parse_years`, plus education paths as value -1 (a path needing no experience
    when it is an alternative: "... OR two years of graduate education")."""
    layout = layout or analyse(text)
    out: list[YearsMention] = []
    for m in _years_matches(text):
        s, e = m.span()
        after = text[e : e + 90]
        before = text[max(0, s - 60) : s]
        if _NOT_EXPERIENCE.match(after):
            continue
        if _EDUCATION_AFTER.match(after):
            if re.search(r"\bor\s+(?:\w+\s+){0,2}$", before, re.I):
                ss, se = layout.sentence_at(s)
                if layout.section_at(s) not in ("benefits", "about"):
                    out.append(YearsMention(-1.0, s, e, False))
            continue
        if _BOUND_OR_TERM_BEFORE.search(text, max(0, m.start("a") - 60), m.start("a")):
            continue
        unit = m.group("unit").lower()
        strong = unit == "yoe" or bool(_STRONG_AFTER.match(after))
        if unit.startswith("month") and (not _MONTHS_EXP.match(after) or _NOT_BEFORE.search(before)):
            continue  # "6 months of experience" counts; "after 6 months you gain experience" does not
        if strong:
            if _TIME_BEFORE.search(before):
                continue
        elif m.group("pre") is None and _NOT_BEFORE.search(before) and not _EXP_BEFORE.search(before):
            continue
        ss, se = layout.sentence_at(s)
        section = layout.section_at(s)
        if not (strong or _EXP_AFTER.match(after) or _EXP_BEFORE.search(before)):
            # a list item of qualifications: "4-5 years in credit risk analysis"
            if not (section in ("requirements", "preferred") and _YEARS_IN.match(after)):
                continue
        a = _num(m.group("a"))
        if m.group("alt"):  # "8+ (6+) years": the second path
            a = min(a, float(m.group("alt")))
        if unit.startswith("month"):
            a /= 12.0  # "6 months of experience": half a year
        if a > 30:
            continue
        if m.group("b") is not None:
            b = _num(m.group("b"))
            if b < a:  # "5 - 2 years"? keep a
                b = a
        pref = (
            section == "preferred"
            or bool(_PREF_BEFORE.search(text[max(ss, s - 80) : s]))
            or bool(_PREF_AFTER.search(text[e : min(se, e + 60)]))
        )
        if section in ("benefits", "about"):
            continue
        if section == "eeo" and not _years_sentence_asks(text, ss, se):
            continue
        if _company_history(text, s, e, ss, se):
            continue
        out.append(YearsMention(a, s, e, pref))
    if "xperience" in text:
        # a field whose value has no unit: "Years of experience: 5+", "Min. years of experience - 3"
        for m in _YEARS_FIELD.finditer(text):
            s = m.start("a")
            section = layout.section_at(s)
            if section in ("benefits", "about", "eeo"):
                continue
            out.append(YearsMention(float(m.group("a")), s, m.end(), section == "preferred"))
        out.sort(key=lambda x: x.start)
    return out


_YEARS_FIELD = re.compile(
    r"\byears?\s+of\s+(?:[a-z]+\s+)?experience\s*(?:required\s*)?[:\-–]\s*(?P<a>\d{1,2})(?:\.\d)?\s*\+?"
    r"(?!\s*(?:years?|yrs?|months?|\d|%|[a-z]))",
    re.I,
)


_EEO_WORDS = FoldedRegex(
    r"equal (?:employment )?opportunit|affirmative action|without regard|regardless of|protected (?:veteran|characteristic|status)|"
    r"discriminat|reasonable accommodation|e-?verify|\beeo\b|background check|of age\b",
    first="abdefoprw",
)


# Whole-text scans run on google-re2 (linear time; see sections.linear_regex).
_NO_YEARS_PATH = linear_regex(
    r"\b(?:ph\.?\s?d\.?|doctorate)\b[^.;]{0,30}\b(?:without|no)\s+(?:\w+\s+)?experience"
    r"|\bwill consider\s+0\s+years"
    r"|\b(?:no|zero|0)\s+(?:years?\s+(?:of\s+)?)?(?:prior\s+|previous\s+|professional\s+|work\s+)?experience\s+(?:is\s+)?(?:required|needed|necessary)",
    ignore_case=True,
)


_OR_BEFORE = re.compile(r"\bor\s+(?:\w+\s+){0,3}$", re.I)
_CLAUSE_STOP = re.compile(r"[.;:\n]")
_ITEM_BREAK = re.compile(r"[a-z]\s+[A-Z][a-z]")
_OR_DEGREE_AFTER = re.compile(
    r"\bor\s+(?:an?\s+)?(?:[\w'’-]+\s+){0,3}?(?:bachelor\w*|master\w*|ph\.?\s?d\.?|doctora\w*|"
    r"(?:university|college|academic|advanced|relevant|equivalent)\s+degree|degree)\b",
    re.I,
)


def years_min(text: str, layout: Layout | None = None) -> float | None:
    """The minimum years of experience REQUIRED, per the labelling guide.

    With alternative paths ("Bachelor's + 5 years, or Master's + 3 years, or PhD without
    experience"; "Bachelor's degree or 1+ years"), the smallest path; 0 when one path needs no
    experience. Otherwise the first required amount. ``None`` when no years are stated.
    """
    layout = layout or analyse(text)
    mentions = _parse_years(text, layout)
    if any(m.value < 0 and not m.preferred for m in mentions):
        return 0.0  # "... OR two years of graduate education": a path without experience
    required = [m for m in mentions if not m.preferred and m.value >= 0]
    if _NO_YEARS_PATH.search(text):
        return 0.0
    if not required:
        return None
    degree_paths: list[YearsMention] = []
    alternatives: list[YearsMention] = []
    prev_end = 0
    prev: YearsMention | None = None
    for m in required:
        ss, se = layout.sentence_at(m.start)
        prefix = text[max(ss, m.start - 220) : m.start]
        own = text[max(ss, prev_end, m.start - 160) : m.start]  # this mention's own clause
        prev_end = m.end
        # "6+ years of X or 3+ years of experience + PhD": alternative amounts, the smallest counts
        if prev is not None and prev.start >= ss and m.start - prev.end <= 150:
            alt_or = _OR_BEFORE.search(text, max(prev.end, m.start - 40), m.start)
            # ("... or threat hunting At least 4 years": a flattened list, where a capital after
            # a lower-case word starts the next item, not an alternative path)
            if alt_or and not _ITEM_BREAK.search(text, alt_or.start() + 2, m.end):
                alternatives.extend((prev, m))
        prev = m
        # "1-2 years of experience or a university degree": the degree alone is a path -> 0
        tail = text[m.end : min(se, m.end + 120)]
        cut = _CLAUSE_STOP.search(tail)
        tail = tail[: cut.start()] if cut else tail
        alt = _OR_DEGREE_AFTER.search(tail)
        # ("... with a Master's or PhD degree": two degrees, not a path instead of the years)
        if alt and not _YEARS_RE.search(tail, alt.start()) and not _DEGREE_WORD.search(tail[: alt.start()]):
            return 0.0
        # "<degree ...> or [equivalent] (N years)": a degree alone is one path -> 0.
        alts = re.split(r"\bor\b", prefix)
        if len(alts) >= 2 and re.fullmatch(r"\s*(?:an?\s+)?(?:equivalent\s*)?(?:\(\s*)?", alts[-1], re.I):
            degree_alt = alts[-2]
            if _DEGREE_WORD.search(degree_alt) and len(degree_alt.split()) >= 2 and not _YEARS_RE.search(degree_alt):
                return 0.0
        if len(alts) >= 2 and _DEGREE_WORD.search(alts[-2][-80:]) and re.search(r"\b(?:with|and|plus)\s*$", alts[-1]):
            # "A Master's degree or a Bachelor's degree with 2+ years": the first path needs none
            if _DEGREE_WORD.search(alts[-1]) and not _YEARS_RE.search(alts[-2]) and "degree" in alts[-2].lower() and len(alts[-2].split()) >= 2:
                return 0.0
        if re.search(r"\bor\s+(?:an?\s+)?(?:[\w/.’']+\s+){0,2}?" + _DEGREE_WORD.pattern[2:-2] + r"\b[^.;]{0,40}$", own[-90:], re.I):
            alternatives.append(m)
        if _DEGREE_WORD.search(own):
            degree_paths.append(m)
    if alternatives:
        return min(required[0].value, min(m.value for m in alternatives))
    if len(degree_paths) >= 2:
        return min(m.value for m in degree_paths)
    return required[0].value


_DEGREE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("phd", re.compile(r"\b(?:ph\.?\s?d\.?s?|doctorate|doctoral degree|doctoral)\b", re.I)),
    ("master", re.compile(r"\b(?:master['’]?s?|m\.s\.|msc|m\.sc\.?|ms|m\.eng|meng|mba|advanced degree|graduate degree|postgraduate)\b(?!\s+(?:office|excel|word|sql|teams|azure))", re.I)),
    ("bachelor", re.compile(
        r"\b(?:bachelor['’]?s?|b\.s\.|bsc|b\.sc\.?|bs|b\.a\.|ba|b\.eng|beng|undergraduate degree|"
        r"(?:4|four)[- ]year degree|bs/ms|bs/ba|ba/bs)\b(?!\s+(?:office|excel))",
        re.I,
    )),
    ("bachelor?", re.compile(
        r"\b(?:college degree|university degree|degree in|degree from|engineering degree|technical degree)\b",
        re.I,
    )),
    ("none", re.compile(r"\b(?:high school diploma|ged\b|no degree (?:is )?required|degree not required|without a degree)", re.I)),
)
DEGREE_LEVELS = ("none", "bachelor", "master", "phd")
# Every alternative opens with \b and a word character: guarded to word starts beginning with
# one of these letters (the first letters of every degree form).
_DEGREE_ANY = FoldedRegex(
    "|".join(f"(?P<{name.replace('?', '_')}>{pat.pattern})" for name, pat in _DEGREE_PATTERNS),
    word_start=True,
    first="abcdefghmnptuw4",
)


def parse_degree(text: str, layout: Layout | None = None) -> str | None:
    """The lowest degree level the posting accepts: "none"|"bachelor"|"master"|"phd".

    ``None`` when no degree is mentioned. Mentions only in preferred qualifications count only
    when nothing is required.
    """
    layout = layout or analyse(text)
    found: dict[bool, set[str]] = {False: set(), True: set()}
    for m in _DEGREE_ANY.finditer(text, fold(text)):
        level = m.lastgroup.replace("_", "?") if m.lastgroup else ""
        if True:
            s = m.start()
            sec = layout.section_at(s)
            if sec in ("benefits", "about", "eeo"):
                continue
            word = text[s : m.end()]
            if word in ("MS", "BS", "BA") or word.lower() not in ("ms", "bs", "ba"):
                pass
            else:
                continue  # lower-case "ms"/"ba" are not degrees
            if word == "MS" and re.match(r"\s*(?:Office|Excel|Word|SQL|Access|Teams|Azure|PowerPoint|Project)", text[m.end() : m.end() + 12]):
                continue
            ss, se = layout.sentence_at(s)
            sent = text[ss:se]
            if level == "bachelor?":
                # a bare "degree in X" is a bachelor's unless the sentence names a higher one
                if _DEGREE_PATTERNS[0][1].search(sent) or _DEGREE_PATTERNS[1][1].search(sent):
                    continue
                level = "bachelor"
            pref = sec == "preferred" or preferred_cue(sent)
            found[pref].add(level)
    pool = found[False] or found[True]
    if not pool:
        return None
    for level in DEGREE_LEVELS:
        if level in pool:
            return level
    return None


# ---------------------------------------------------------------- salary

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


# ---------------------------------------------------------------- visa & remote

_VISA_NO = linear_regex(
    r"(?:\b(?:not|unable\s+to|cannot|can't|can\s*not|won't|will\s+not|do\s+not|does\s+not|don't|"
    r"doesn't|are\s+not\s+able\s+to|is\s+not\s+able\s+to|no|without)\s+(?:\w+\s+){0,4}?"
    r"(?:visa\s+)?(?:sponsor\w*|h-?1b)"
    r"|sponsorship\s+(?:is\s+|will\s+)?(?:not|un)\s*(?:be\s+)?(?:available|provided|offered|possible)"
    r"|(?:now\s+or\s+in\s+the\s+future|currently\s+or\s+in\s+the\s+future)\s+require\s+(?:visa\s+|employment\s+|immigration\s+)?sponsorship"
    r"|must\s+(?:be\s+)?(?:legally\s+)?(?:authori[sz]ed|eligible)\s+to\s+work[^.]{0,80}without\s+(?:\w+\s+){0,3}sponsor\w*"
    r"|(?:us|u\.s\.)\s+citizens?\s+only|must\s+be\s+a\s+(?:us|u\.s\.)\s+citizen)",
    ignore_case=True,
)
_VISA_YES = linear_regex(
    r"(?:visa\s+sponsorship\s+(?:is\s+)?(?:available|provided|offered|possible)"
    r"|(?:we|will|can|able\s+to|happy\s+to|do|does)\s+(?:\w+\s+){0,2}?sponsor\s+(?:\w+\s+){0,2}?(?:visas?|h-?1b|work\s+permits?|candidates|employees|relocation)"
    r"|(?:offer|offers|provide|provides|including)\s+(?:\w+\s+){0,2}?(?:visa\s+)?sponsorship"
    r"|sponsorship\s+(?:is\s+)?available|h-?1b\s+(?:sponsorship|transfer)s?\s+(?:available|welcome|supported)"
    r"|(?:visa|immigration)\s+support)",
    ignore_case=True,
)


def parse_visa(text: str) -> bool | None:
    """True when visa sponsorship is offered, False when ruled out, None when not stated."""
    low = text.lower()
    if "sponsor" not in low and "h-1b" not in low and "h1b" not in low and "citizen" not in low and "visa" not in low:
        return None
    if _VISA_NO.search(text):
        return False
    if _VISA_YES.search(text):
        return True
    return None


_HYBRID = linear_regex(
    r"\bhybrid\s*(?:\(|-|,|/)?\s*(?:role|position|work|working|schedule|model|setup|arrangement|"
    r"environment|policy|opportunity|remote|\)|$|in\b|from\b|\d|based|–|—)|\b(?:\d|one|two|three|four)\s+days?\s+"
    r"(?:a|per|each)\s+week\s+(?:in|at)\s+(?:the|our)\s+office|\bhybrid\b[\s.,;)]*(?:\n|$)|location[^\n.]{0,20}hybrid",
    ignore_case=True,
)
_REMOTE = linear_regex(
    r"\b(?:fully\s+remote|100%\s+remote|remote[- ]first|remote[- ]only|work\s+from\s+anywhere|"
    r"(?:this|the)\s+(?:role|position|job)\s+is\s+(?:fully\s+)?remote|remote\s+(?:role|position|job|work|"
    r"opportunity|friendly|ok|okay|\(|–|-)|work\s+(?:fully\s+)?remotely|open\s+to\s+remote|"
    r"remote\s+within|remote\s+in\s+the|distributed\s+team)",
    ignore_case=True,
)
_ONSITE = linear_regex(
    r"\b(?:on[- ]?site|in[- ]office|in[- ]person|office[- ]based|on\s+location|"
    r"(?:five|5)\s+days?\s+(?:a|per)\s+week\s+in\s+(?:the|our)\s+office|not\s+(?:a\s+)?remote|no\s+remote)\b",
    ignore_case=True,
)


def parse_remote(text: str, location: str | None = None, title: str | None = None) -> str | None:
    """"remote" | "hybrid" | "onsite" | None, from the location, title and text."""
    head = " ".join(x for x in (location, title) if x)
    if head:
        if re.search(r"\bhybrid\b", head, re.I):
            return "hybrid"
        if re.search(r"\bremote\b", head, re.I):
            return "remote"
        if re.search(r"\bon[- ]?site\b|\bin[- ]office\b", head, re.I):
            return "onsite"
    low = fold(text)
    lower = low if low is not None else text.lower()
    # Each pattern needs one of these words: skip the scan when none occurs (most postings).
    if ("hybrid" in lower or "office" in lower) and _HYBRID.search(text):
        return "hybrid"
    if ("remote" in lower or "anywhere" in lower or "distributed" in lower) and _REMOTE.search(text):
        return "remote"
    if any(w in lower for w in ("site", "office", "person", "location", "remote")) and _ONSITE.search(text):
        return "onsite"
    return None
