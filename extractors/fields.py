"""Fields of study in a degree requirement ("BS in Statistics, Mathematics or a related field"):
where a sentence names them, so that a "Statistics" there is not read as a skill asked for.

The labelling guide counts fields of study as no skills; the candidate rule ``field_of_study``
(``rules.py``) drops them. The cue words come from ``data/extract_rules.yaml``.
"""

from __future__ import annotations

import re

from skillgap.extractors.rule_words import alternation, words
from skillgap.extractors.sections import FoldedRegex, fold

__all__ = ["fields_of_study", "field_list_end", "in_ranges", "in_field_of_study", "FIELDS_BEFORE_DEGREE"]

_FIELD_OPEN = FoldedRegex(
    r"\b(?:degrees?|bachelor['’]?s?|masters?['’]?s?|master['’]s|ph\.?\s?d\.?s?|b\.?sc?\.?|m\.?sc?\.?|b\.?a\.?|"
    r"bs/ms|ms/phd|bs/ms/phd|diploma|major(?:ing)?|majors|graduates?|studies|studying|student|pursuing)\b\.?"
    r"[^.;:\n]{0,40}?\b(?:in|of)\s+",
    word_start=True,
    first="bdgmps",
)
_FIELD_CLOSE = re.compile(
    r"(?:" + alternation("related_field_adjectives") + r")\s+(?:\w+\s+)?(?:" + alternation("related_field_nouns") + r")"
    r"|\bwith\b|\band\s+\d|\bexperience\b|[.;:\n(]",
    re.I,
)
_DEGREE_OF_MEASURE = re.compile(r"\b(?:" + alternation("degree_measures") + r")\s+degrees?\b", re.I)
_NOT_A_FIELD_OPEN = re.compile(r"\b(?:" + alternation("not_a_field") + r")\b", re.I)
# After "a related field": examples of fields ("(e.g. Statistics, Physics)", ", such as Physics").
_FIELD_EXAMPLES = re.compile(r"\s*+(?:\(|,?\s*+(?:" + alternation("field_example_cues") + r")\b)", re.I)
_CLAUSE_END = re.compile(r"[.;:\n]")
_FOCUS_WORDS = alternation("focus_words")
_FOCUS_OPEN = FoldedRegex(
    r"\b(?:degrees?|bachelor['’]?s?|masters?['’]?s?|master['’]s|mba|ph\.?\s?d|b\.?sc?|m\.?sc?|b\.?a)\b\.?[^.;:\n(]{0,30}?"
    r"\bwith\s+an?\s+(?:\w+\s+){0,2}(?:" + _FOCUS_WORDS + r")\s*\(",
    word_start=True,
    first="bdmp",
)
_FOCUS = re.compile(r"\s+an?\s+(?:\w+\s+){0,2}(?:" + _FOCUS_WORDS + r")\s*\(", re.I)
_FIELD_WORDS = frozenset(words("related_field_adjectives"))
# "Computer Science or Software Engineering degrees": fields named before the degree.
# Possessive quantifiers: one pass over the capitalised words, no backtracking (a run of capitals
# such as "SQL AWS Python ..." made a nested pattern exponential).
FIELDS_BEFORE_DEGREE = re.compile(
    r"(?:\s*+(?:,|/|&|\bor\b|\band\b)?\s*+(?:\(\w++\)\s*+)?[A-Z][\w&]*+)*+\s+(?:degrees?|majors?)\b(?![-/])"
)


def fields_of_study(sentence: str) -> list[tuple[int, int]]:
    """Where a sentence names fields of study in a degree requirement ("BS in <here>"), as
    (start, end) offsets into the sentence, in order."""
    out: list[tuple[int, int]] = []
    low = fold(sentence)
    for m in _FOCUS_OPEN.finditer(sentence, low):  # "MS degree with a quantitative focus (economics, statistics)"
        rp = sentence.find(")", m.end())
        if 0 <= rp - m.end() <= 200:
            out.append((m.end(), rp + 1))
    for m in _FIELD_OPEN.finditer(sentence, low):
        if _NOT_A_FIELD_OPEN.search(sentence, m.start(), m.end()):
            continue  # "PhD research experience in VLSI, computer architecture": areas of work
        if _DEGREE_OF_MEASURE.search(sentence, max(0, m.start() - 30), m.start() + 7):
            continue  # "a high degree of creativity": a measure, not an education degree
        a = m.end()
        out.append((a, field_list_end(sentence, a)))
    if len(out) > 1:
        out.sort()
    return out


def _paren_end(sentence: str, at: int) -> int | None:
    """The end of the parenthesis that opens just before ``at`` when it closes within 200
    characters, else None."""
    rp = sentence.find(")", at)
    return rp + 1 if 0 <= rp - at <= 200 else None


def field_list_end(sentence: str, a: int) -> int:
    """Where the list of fields that starts at ``a`` ends. A parenthesis inside the list is part
    of it ("Operations Research (Industrial Engineering), Statistics", "(applied) mathematics"),
    and so are the examples after "a related field" ("(Computer Science, Statistics...)")."""
    pos = a
    while True:
        close = _FIELD_CLOSE.search(sentence, pos)
        if close is None:
            return min(len(sentence), a + 160)
        if close.group() == "(":
            rp = sentence.find(")", close.end())
            if rp < 0 or rp - a > 200:
                return close.end()
            pos = rp + 1
            continue
        if close.group().lower() == "with":
            focus = _FOCUS.match(sentence, close.end())
            if focus:  # "degree with a quantitative focus (economics, statistics, ...)"
                end = _paren_end(sentence, focus.end())
                if end is not None:
                    return end
        if close.group()[:1].isalpha() and close.group().lower().split()[0] in _FIELD_WORDS:
            ex = _FIELD_EXAMPLES.match(sentence, close.end())
            if ex:
                if ex.group().endswith("("):
                    end = _paren_end(sentence, ex.end())
                    if end is not None:
                        return end
                else:
                    nxt = _CLAUSE_END.search(sentence, ex.end())
                    return nxt.end() if nxt else len(sentence)
        return close.end()


def in_ranges(fields: list[tuple[int, int]], start: int, end: int) -> bool:
    for a, b in fields:
        if start < a:
            break
        if a <= start and end <= b and start - a <= 160:
            return True
    return False


def in_field_of_study(sentence: str, start: int, end: int) -> bool:
    """The mention names a field of study in a degree requirement."""
    return in_ranges(fields_of_study(sentence), start, end)
