"""The minimum years of experience a posting REQUIRES (the labelling guide's ``years_min``): the
amounts :mod:`.years` finds, read as alternative paths (degree or experience, "Bachelor's + 5
years, or Master's + 3 years"), the smallest path counting; and the same over the paths open to a
fresh bachelor's or master's graduate (:func:`years_min_graduate`).

Pure functions of text, plus the section layout from :mod:`skillgap.extractors.sections`.
"""

from __future__ import annotations

import re

from skillgap.extractors.facts.degree_words import (
    BA_DOT,
    BACHELOR,
    BACHELOR_TOKEN,
    BENG,
    BENG_DOT,
    BS,
    BS_DOT,
    DOCTORA,
    DOCTORATE,
    MASTER,
    MASTER_NOT_DATA,
    MASTER_TOKEN,
    MBA,
    MENG,
    MENG_DOT,
    MS,
    MS_DOT,
    PHD,
    alternatives,
)
from skillgap.extractors.facts.years import (
    _DEGREE_LENGTH,
    _DEGREE_PATH_AFTER,
    _DEGREE_WORD,
    _YEARS_RE,
    YearsMention,
    _parse_years,
)
from skillgap.extractors.sections import Layout, analyse, linear_regex

__all__ = ["years_min", "years_min_graduate"]

# Whole-text scans run on google-re2 (linear time; see sections.linear_regex).
_NO_YEARS_PATH = linear_regex(
    r"\b(?:" + alternatives(PHD, DOCTORATE) + r")\b[^.;]{0,30}\b(?:without|no)\s+(?:\w+\s+)?experience"
    r"|\bwill consider\s+0\s+years"
    # "Freshers or 2 years in application development", "fresh graduates or ...": a graduate qualifies
    r"|\bfreshers?\s+or\b|\bfresh\s+graduates?\s+or\b"
    # a degree path that needs no experience: "a bachelor's degree with no previous professional
    # experience; or an associate degree with 2+ years"
    r"|\b(?:degree|" + alternatives(BACHELOR_TOKEN, MASTER_TOKEN) + r"|graduates?)\b[^.;]{0,60}\b(?:with|and|but)\s+no\s+(?:previous\s+|prior\s+)?"
    r"(?:professional\s+|work\s+|relevant\s+|industry\s+|full[- ]time\s+)?(?:work\s+)?experience"
    r"|\b(?:no|zero|0)\s+(?:years?\s+(?:of\s+)?)?(?:prior\s+|previous\s+|professional\s+|work\s+)?experience\s+(?:is\s+)?(?:required|needed|necessary)",
    ignore_case=True,
)


_OR_BEFORE = re.compile(r"\bor\s+(?:\w+\s+){0,3}$", re.I)
# "or" and a degree: another path ("or a Master's", "or B.Sc.")
_OR_DEGREE = r"\bor\s+(?:an?\s+)?(?:" + alternatives(BACHELOR_TOKEN, MASTER_TOKEN, PHD, DOCTORA, BS_DOT, MS_DOT) + r")(?!\w)"
_OR_DEGREE_PATH = re.compile(_OR_DEGREE, re.I)
# "... in data science or a related field 2+ years of ...": the "or" names fields, and flattened
# text glued the next item to it; no alternative path.
_OR_FIELD = re.compile(
    r"or\s+(?:an?\s+)?(?:(?:related|similar|relevant|equivalent|quantitative|technical)\s+)?"
    r"(?:fields?|disciplines?|areas?|subjects?|domains?|majors?)\s*$",
    re.I,
)
# Another path joined to the one before ("..., OR Bachelor's degree and ...", "or a Master's with").
_PATH_OR = re.compile(r"(?-i:\bOR\b)|" + _OR_DEGREE, re.I)
# What an "or" names ends in a noun and a capitalised word follows: the next item of a flattened
# list ("or similar role Bachelor's degree", "or web analytics experience Bachelor's degree"), not
# a degree named as the alternative ("or a Bachelor's", "or completed a thesis-based Master's").
_ITEM_BREAK_OR = re.compile(
    r"^or\s+(?:[\w'’-]+\s+){0,3}?(?:experience|role|position|field|discipline|area|industry|function|capacity)\s+[A-Z]"
)
_NEW_BLOCK = re.compile(r"[:•\n]")
_HE_DEGREE_HOLDERS = re.compile(r"לבעלי\s+(?:תואר|השכלה)[^.;\n•]{0,20}$")
_OR_END = re.compile(r"\bor\s*$", re.I)

_CLAUSE_STOP = re.compile(r"[.;:\n]")
_ITEM_BREAK = re.compile(r"[a-z]\s+[A-Z][a-z]")
_OR_DEGREE_AFTER = re.compile(
    r"\bor\s+(?:an?\s+)?(?:[\w'’-]+\s+){0,3}?(?:" + alternatives(BACHELOR, MASTER_NOT_DATA, PHD, DOCTORA) + "|"
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
    return _years_min(text, layout, _parse_years(text, layout))


# A doctorate, for the graduate paths (masked out of the text, same length, so offsets hold).
# (r"\b(?:ph\.?\s?d\.?s?|doctorate|doctoral)(?:\s+degree)?(?![\w])" under re.I, its first letter
# spelt as a class so that the search skips in C to a "p" or a "d")
# ("PhD degree", "Doctorate degree" masked whole: "A PhD degree or a Master's degree with 3+ years" is
# no degree-alone path for a master's graduate)
_PHD = re.compile(
    r"[pPdD](?<!\w[pPdD])(?i:(?:(?<=[pP])h\.?\s?d\.?s?|(?<=[dD])octorate|(?<=[dD])octoral)(?:\s+degree)?)(?![\w])"
)
_BM = re.compile(
    r"\b(?:" + alternatives(BACHELOR, BS, BA_DOT, BENG, MASTER, MS, MENG, MBA) + "|undergraduate|"
    r"(?:college|university)\s+degree)\b",
    re.I,
)


_UNSET = object()


def years_min_graduate(text: str, layout: Layout | None = None, *, all_paths: object = _UNSET) -> float | None:
    """:func:`years_min` on the paths open to a fresh bachelor's or master's graduate: a path
    that needs a doctorate ("PhD, or a Master's and 3+ years" -> 3; "Bachelor's and 5 years or
    PhD and 2 years" -> 5) is left out. What ``entry_level`` and the report's stretch tier read;
    ``years_min`` itself keeps the guide's smallest path over every degree. ``all_paths``: the
    :func:`years_min` of the same text, when known (saves reading it again)."""
    if not _PHD.search(text):
        # no doctorate named: the same as years_min (``all_paths``, when the caller has it)
        return years_min(text, layout) if all_paths is _UNSET else all_paths  # type: ignore[return-value]
    layout = layout or analyse(text)
    masked = _PHD.sub(lambda m: "x" * len(m.group(0)), text)
    kept = []
    for m in _parse_years(masked, layout):
        ss, _se = layout.sentence_at(m.start)
        own = text[max(ss, m.start - 160) : m.start]
        phd = list(_PHD.finditer(own))
        bm = list(_BM.finditer(own))
        if phd and (not bm or bm[-1].start() < phd[-1].start()):
            continue  # this amount belongs to the doctorate path
        kept.append(m)
    return _years_min(masked, layout, kept)


def _years_min(text: str, layout: Layout, mentions: list[YearsMention]) -> float | None:
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
    for k, m in enumerate(required):
        ss, se = layout.sentence_at(m.start)
        prefix = text[max(ss, m.start - 220) : m.start]
        own = text[max(ss, prev_end, m.start - 160) : m.start]  # this mention's own clause
        prev_end = m.end
        # "6+ years of X or 3+ years of experience + PhD": alternative amounts, the smallest counts
        if prev is not None and prev.start >= ss and m.start - prev.end <= 150:
            alt_or = _OR_BEFORE.search(text, max(prev.end, m.start - 40), m.start)
            # ("... or threat hunting At least 4 years": a flattened list, where a capital after
            # a lower-case word starts the next item, not an alternative path)
            if alt_or and not _ITEM_BREAK.search(text, alt_or.start() + 2, m.end) and not _OR_FIELD.match(text, alt_or.start(), m.start):
                alternatives.extend((prev, m))
            elif _OR_DEGREE_PATH.search(text, prev.end, m.start) and not _NEW_BLOCK.search(text, prev.end, m.start):
                # "... AND five (6) years of relevant work experience OR Ph.D. in a related field
                # and two (4) years": the next degree path of the same list
                alternatives.extend((prev, m))
        if prev is not None and m.start - prev.end <= 250 and _HE_DEGREE_HOLDERS.search(text, max(prev.end, m.start - 30), m.start):
            # Hebrew: "(לבעלי תואר שני: 3-4 שנות ניסיון)", for holders of a master's degree, 3-4
            # years: that degree's path, beside the amount before it
            alternatives.extend((prev, m))
        prev = m
        # "1-2 years of experience or a university degree": the degree alone is a path -> 0
        tail = text[m.end : min(se, m.end + 120)]
        cut = _CLAUSE_STOP.search(tail)
        tail = tail[: cut.start()] if cut else tail
        alt = _OR_DEGREE_AFTER.search(tail)
        # ("... with a Master's or PhD degree": two degrees, not a path instead of the years)
        # ("8 plus years in a Business Analyst or similar role Bachelor's degree in ...": flattened
        # text glued the next item, a degree requirement, after "or similar role")
        if (
            alt
            and not _YEARS_RE.search(tail, alt.start())
            and not _DEGREE_WORD.search(tail[: alt.start()])
            and not _ITEM_BREAK_OR.search(alt.group(0))
            and not _degree_path_has_amount(text, m.end + alt.end(), required[k + 1 :])
        ):
            return _degree_alone(text, layout, required, k, se)
        # "<degree ...> or [equivalent] (N years)": a degree alone is one path -> 0.
        alts = re.split(r"\bor\b", prefix)
        # ("A college degree or equivalent work experience (5+ years)"; not "... or equivalent3 years in
        # a previous position": flattened text glued the next item to the word before it)
        if len(alts) >= 2 and not (m.start > 0 and text[m.start - 1].isalpha()) and re.fullmatch(
            # (not "... or equivalent 3+ years of X" without a bracket: flattened text ran the
            # degree's "or equivalent" into the next item)
            r"\s*(?:an?\s+)?(?:equivalent\s*\(\s*|\(\s*)?"
            # (in brackets only: "... or equivalent experience 2+ years of X" glues the next item)
            r"|\s*(?:an?\s+)?equivalent\s+(?:(?:work|professional|relevant|practical|industry)\s+)?experience\s*\(\s*",
            alts[-1],
            re.I,
        ):
            degree_alt = alts[-2]
            if _DEGREE_WORD.search(degree_alt) and len(degree_alt.split()) >= 2 and not _states_years(degree_alt):
                return _degree_alone(text, layout, required, k, se)
        if len(alts) >= 2 and _DEGREE_WORD.search(alts[-2][-80:]) and re.search(r"\b(?:with|and|plus)\s*$", alts[-1]):
            # "A Master's degree or a Bachelor's degree with 2+ years": the first path needs none
            # (not "... or linguistics and at least 2 years ... OR no degree and at least 4 years":
            # that "or" names fields and the amount before it is a path of its own; not "a master's
            # degree in X, Y or similar relevant degree and at least 5 years": the same degree)
            if (
                _DEGREE_WORD.search(alts[-1])
                and not _YEARS_RE.search(alts[-2])
                and not _YEARS_RE.search(alts[-1])
                and not _SAME_DEGREE.match(alts[-1])
                and "degree" in alts[-2].lower()
                and len(alts[-2].split()) >= 2
            ):
                return _degree_alone(text, layout, required, k, se)
        if _higher_degree_alone(text, m.start):
            # "PhD in Immunology or a related field, or a Master's with 3+ years", "M.S. or Ph.D.
            # in Chemistry or BS with >10 years": the higher degree is a path of its own -> 0
            return _degree_alone(text, layout, required, k, se)
        if re.search(r"\bor\s+(?:an?\s+)?(?:[\w/.’']+\s+){0,2}?" + _DEGREE_WORD.pattern[2:-2] + r"\b[^.;]{0,40}$", own[-90:], re.I):
            alternatives.append(m)
        elif _OR_END.search(own) and _DEGREE_PATH_AFTER.match(text, m.end):
            # "...; or 6 years and a Master's degree": the degree named after its amount
            alternatives.append(m)
        if _DEGREE_WORD.search(own):
            degree_paths.append(m)
    if alternatives:
        return min(required[0].value, min(m.value for m in alternatives))
    if len(degree_paths) >= 2:
        return min(m.value for m in degree_paths)
    return required[0].value


# A higher degree, then "or" a lower degree with the amount: "PhD in Immunology or related field, or
# Masters with 3+ years", "You have a PhD, or a Master's degree with at least 5 years", "Ph.D. in
# computer science or similar field or MS with 3+ years". The higher degree needs its own words
# (its field, "degree") or a comma before "or": in "PhD or MS in CS with 5+ years" the amount is
# asked of both. (Searched back from the amount over its line, across the full stops of "Ph.D."
# and "M.S." that the layout takes for sentence ends.)
_DOCTORATES = alternatives(PHD, DOCTORA)
_MASTERS = alternatives(MS_DOT, MENG_DOT, MASTER_TOKEN)
_BACHELORS = alternatives(BS_DOT, BA_DOT, BENG_DOT, BACHELOR_TOKEN)
_DEGREE_RANK = (
    (3, re.compile(_DOCTORATES, re.I)),
    (2, re.compile(alternatives(_MASTERS, MBA), re.I)),
    (1, re.compile(_BACHELORS, re.I)),
)
# (an MBA as the higher degree only, as before)
_HIGHER_OR_LOWER = re.compile(
    r"(?<![\w.])(?P<hi>" + alternatives(_DOCTORATES, _MASTERS, MBA) + r")(?![\w])"
    # the higher degree's own words: no amount, no sentence end other than an abbreviation's full stop
    r"(?P<mid>(?:[^.;:\n•\d]|(?<=[A-Za-z])\.(?=\s?[A-Za-z]\.)|(?<=\b[A-Z])\.|(?<=\bPh\.D)\.){0,100}?)"
    r"(?P<comma>,)?\s+or\s+(?:an?\s+)?"
    r"(?P<lo>" + alternatives(_BACHELORS, _MASTERS) + r")(?![\w])"
    r"(?:\s+degree)?(?:\s+in\s+[^,.;:\n•\d]{1,60}?)?\s*,?\s*(?:with|and|plus|combined\s+with)\s+"
    r"(?:(?:at\s+least|a\s+minimum\s+of|minimum(?:\s+of)?)\s+)?>?\s*$",
    re.I,
)


def _rank(degree: str) -> int:
    return next((r for r, p in _DEGREE_RANK if p.fullmatch(degree)), 0)


def _higher_degree_alone(text: str, start: int) -> bool:
    """Whether the amount at ``start`` is the path of a lower degree offered beside a higher degree
    that needs no amount (see :data:`_HIGHER_OR_LOWER`)."""
    line = max(text.rfind("\n", 0, start), text.rfind("•", 0, start), start - 250)
    window = text[line + 1 : start]
    if " or " not in window and " OR " not in window and " Or " not in window:
        return False
    h = _HIGHER_OR_LOWER.search(window)
    if h is None or _rank(h.group("hi")) <= _rank(h.group("lo")):
        return False
    mid = h.group("mid").strip()
    if re.search(r"\b(?:years?|yrs?|experience)\b", mid, re.I):
        return False  # the higher degree's path asks an amount too ("Master's ... with three years of experience OR ...")
    return bool(h.group("comma") or re.search(r"\b(?:in|degree)\b", mid, re.I))


def _states_years(text: str) -> bool:
    """An amount of years in ``text`` other than a degree's length ("a 4-year degree or ...")."""
    return any(not _DEGREE_LENGTH.match(text, y.end()) for y in _YEARS_RE.finditer(text))


# "... or similar relevant degree": the degree named before, in other words, not another path.
_SAME_DEGREE = re.compile(r"\s*(?:an?\s+)?(?:similar|related|relevant|equivalent|comparable|other)\b", re.I)


_SENTENCE_END = re.compile(r"(?<![A-Z])[.;](?:\s|$)")  # (not "M.S. with", "Ph.D. and")


def _degree_path_has_amount(text: str, start: int, rest: list[YearsMention]) -> bool:
    """Whether the degree named after "or" at ``start`` has an amount of its own later in the
    sentence (ending at ``end``), past the clause read for it ("PhD with minimum 8 years of
    experience or Bachelor or Master degree with significant relevant experience (minimum of 15
    years)", "..., OR Bachelor's degree, or foreign equivalent, in <fields>, and five (5) years"):
    then it is another path with years, not a degree alone. (Up to 300 characters on, with no
    full stop or new line between: a long path may run past the layout's sentence cap.)"""
    nxt = rest[0] if rest else None
    return (
        nxt is not None
        and nxt.start - start <= 300
        and not _NEW_BLOCK.search(text, start, nxt.start)
        and not _SENTENCE_END.search(text, start, nxt.start)
    )


def _degree_alone(text: str, layout: Layout, required: list[YearsMention], k: int, end: int) -> float:
    """The years asked when the requirement of amount ``required[k]`` has a path needing a degree
    alone. Amounts before it in an earlier sentence or on an earlier line, joined to it by no
    "OR" or degree path, are requirements of their own that every path must meet ("5+ years
    developing web UIs / BS in CompSci or 10+ years of experience" -> 5, not 0); the first of
    them counts, as for any posting. Otherwise :func:`_after_degree_path`."""
    i = k
    while i > 0:
        prev, cur = required[i - 1], required[i]
        ss, _se = layout.sentence_at(cur.start)
        separate = prev.start < ss or _NEW_BLOCK.search(text, prev.end, cur.start)
        if separate and not _PATH_OR.search(text, prev.end, cur.start):
            break
        i -= 1
    if i > 0:
        before = _years_min(text, layout, required[:i])
        if before is not None:
            return before
    return _after_degree_path(text, layout, required[k], required[k + 1 :], end)


def _after_degree_path(text: str, layout: Layout, zero: YearsMention, rest: list[YearsMention], end: int) -> float:
    """The years asked once a requirement's own paths include a degree alone (0 for that
    requirement, the amount ``zero``): a required amount in a later sentence is another
    requirement, which every path must meet ("Bachelor's degree or four or more years of work
    experience. Six or more years of relevant work experience." -> 6), unless another degree
    path leads to it ("..., OR Bachelor's degree and five years"); none -> 0."""
    later = [m for m in rest if m.start >= end]
    if not later or _PATH_OR.search(text, zero.end, later[0].start):
        return 0.0
    value = _years_min(text, layout, later)
    return 0.0 if value is None else value
