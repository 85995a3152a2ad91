"""The lowest degree a posting accepts: ``none`` | ``bachelor`` | ``master`` | ``phd``."""

from __future__ import annotations

import re

from skillgap.extractors.sections import FoldedRegex, Layout, analyse, fold, preferred_cue

__all__ = ["DEGREE_LEVELS", "parse_degree"]


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
