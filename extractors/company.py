"""Sentences about the employer rather than the job: the company's names, its blurb, sentences
whose subject is the company or its team, and the candidate/company cue words.

Skills in such sentences describe the employer ("Acme builds data platforms"), not what the job
asks, so the candidate rules flag them (``rules.py``). The words come from
``data/extract_rules.yaml``.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from skillgap.extractors.rule_words import alternation, words

__all__ = [
    "CaselessSearch", "CompanyPatterns", "about_company", "addresses_candidate", "blurb_re", "company_names",
    "company_subject_re", "company_talk", "cached_blurb", "cached_company_subject", "has_candidate_cue",
    "has_company_cue", "CANDIDATE_CUE", "COMPANY_CUE", "ADDRESSES_CANDIDATE",
]

_COMPANY_SUFFIX = re.compile(r"[\s,]+(?:" + alternation("company_suffixes") + r")$", re.I)
_NO_COMPANY = frozenset(words("no_company"))


def company_names(company: str | None) -> list[str]:
    """Ways a posting may name its employer: "Think Big Analytics, A Teradata Company" ->
    the full name and "Think Big Analytics"; "Acme Inc." -> also "Acme"."""
    name = (company or "")[:200].strip()  # a company name, not a text: bounded
    if not name or name.lower() in _NO_COMPANY:
        return []
    out = [name]
    head = re.split(r",|\s[-–|(]\s?|\(", name)[0].strip()
    for cand in (head, _COMPANY_SUFFIX.sub("", name).strip(), _COMPANY_SUFFIX.sub("", head).strip()):
        if len(cand) >= 2 and cand not in out:
            out.append(cand)
    return out


_WE_VALUE = r"|\bwe (?:" + alternation("we_value_verbs") + r")\s*:"  # "We value: code review, CI/CD"
_BLURB_OPEN = r"(?:we are|we're|we’re)\s+(?:a|an|the)\b|founded in\b|our mission\b"
_BLURB_VERBS = r"(?:" + alternation("blurb_verbs") + r")\b"
_SUBJECTS = r"(?:" + alternation("company_subjects") + r")"
_COMPANY_VERBS = r"(?:" + alternation("company_verbs") + r")\b"


def blurb_re(company: str | None) -> re.Pattern[str] | None:
    """Sentences that describe the company rather than the job ("Acme is a leading...")."""
    parts = [r"(?:we are|we're|we’re)\s+(?:a|an|the)\b", r"founded in\b", r"our mission\b"]
    names = company_names(company)
    if names:
        name = "(?:" + "|".join(re.escape(n) for n in names) + ")"
        parts.append(name + r"(?:['’]s)?\s+" + _BLURB_VERBS)
        parts.append(r"at\s+" + name + r",\s+we\b")
    return re.compile(r"^\W*(?:" + "|".join(parts) + ")", re.I)


def company_subject_re(company: str | None) -> re.Pattern[str]:
    """Sentences whose subject is the company or its team ("We value creativity...", "Their
    culture thrives on...", "..., Acme maintains a reputation for teamwork")."""
    names = company_names(company)
    parts = [r"^\W*(?:at\s+[^,]{1,40},\s+)?" + _SUBJECTS + r"\b"]
    if names:
        name = "(?:" + "|".join(re.escape(n) for n in names) + ")"
        parts.append(r"\b" + name + r"(?:['’]s)?\s+(?:(?:also|now|continues to|is\s+\w+ing)\s+)?" + _COMPANY_VERBS)
        parts.append(r"^\W*" + name + r"['’]s\b")
    return re.compile("|".join(parts), re.I)


# The fixed parts of ``blurb_re`` / ``company_subject_re`` (compiled once): a company's
# patterns only add its names, each a small case-insensitive literal pattern.
_BLURB_FIXED = re.compile(r"^\W*(?:" + _BLURB_OPEN + ")", re.I)
_BLURB_NAME_TAIL = re.compile(r"(?:['’]s)?\s+" + _BLURB_VERBS, re.I)
_BLURB_AT = re.compile(r"at\s+", re.I)
_BLURB_AT_TAIL = re.compile(r",\s+we\b", re.I)
_LEADING_NON_WORD = re.compile(r"\W*")
_SUBJECT_FIXED = re.compile(r"^\W*(?:at\s+[^,]{1,40},\s+)?" + _SUBJECTS + r"\b", re.I)
_SUBJECT_NAME_TAIL = re.compile(r"(?:['’]s)?\s+(?:(?:also|now|continues to|is\s+\w+ing)\s+)?" + _COMPANY_VERBS, re.I)
_SUBJECT_POSSESSIVE_TAIL = re.compile(r"['’]s\b", re.I)
_WORD_START = re.compile(r"\w")


class CompanyPatterns:
    """``blurb_re(company).match`` (``blurb=True``) or ``company_subject_re(company).search``
    as a yes/no, without compiling the fixed alternations per company. Each name is tried on its
    own (the alternation of names backtracks from one to the next the same way). A company with
    a name that starts with a non-word character keeps the compiled pattern."""

    __slots__ = ("blurb", "raw", "names", "lows", "starts")

    def __init__(self, names: list[str], blurb: bool) -> None:
        self.blurb = blurb
        self.raw = names
        self.lows = [n.lower() if n.isascii() else None for n in names]
        # compiled when first needed (most sentences do not name the company)
        self.names: list[re.Pattern[str] | None] = [None] * len(names)
        # every place a name starts (overlapping ones too) after a word boundary
        self.starts: list[re.Pattern[str] | None] = [None] * len(names)

    def _name(self, k: int) -> re.Pattern[str]:
        rx = self.names[k]
        if rx is None:
            rx = self.names[k] = re.compile(re.escape(self.raw[k]), re.I)
        return rx

    def _starts(self, k: int) -> re.Pattern[str]:
        rx = self.starts[k]
        if rx is None:
            rx = self.starts[k] = re.compile(r"\b(?=" + re.escape(self.raw[k]) + ")", re.I)
        return rx

    @classmethod
    def of(cls, company: str | None, *, blurb: bool) -> Any:
        names = company_names(company)
        if any(not _WORD_START.match(n) for n in names):
            return blurb_re(company) if blurb else company_subject_re(company)
        return cls(names, blurb)

    def _absent(self, k: int, sentence: str) -> bool:
        """Name ``k`` certainly does not occur (an ASCII name in an ASCII sentence matches
        case-insensitively only where the lower-cased texts do)."""
        low = self.lows[k]
        return low is not None and sentence.isascii() and low not in sentence.lower()

    def match(self, sentence: str) -> bool:
        """``blurb_re(company).match(sentence)`` as a yes/no."""
        if _BLURB_FIXED.match(sentence):
            return True
        if not self.raw:
            return False
        p = _LEADING_NON_WORD.match(sentence).end()  # type: ignore[union-attr]
        at = _BLURB_AT.match(sentence, p)
        for k in range(len(self.raw)):
            if self._absent(k, sentence):
                continue
            rx = self._name(k)
            m = rx.match(sentence, p)
            if m is not None and _BLURB_NAME_TAIL.match(sentence, m.end()):
                return True
            if at is not None:
                m = rx.match(sentence, at.end())
                if m is not None and _BLURB_AT_TAIL.match(sentence, m.end()):
                    return True
        return False

    def search(self, sentence: str) -> bool:
        """``company_subject_re(company).search(sentence)`` as a yes/no."""
        if _SUBJECT_FIXED.match(sentence):
            return True
        if not self.raw:
            return False
        p = _LEADING_NON_WORD.match(sentence).end()  # type: ignore[union-attr]
        for k in range(len(self.raw)):
            if self._absent(k, sentence):
                continue
            rx = self._name(k)
            for st in self._starts(k).finditer(sentence):
                m = rx.match(sentence, st.start())
                if m is not None and _SUBJECT_NAME_TAIL.match(sentence, m.end()):
                    return True
            m = rx.match(sentence, p)
            if m is not None and _SUBJECT_POSSESSIVE_TAIL.match(sentence, m.end()):
                return True
        return False


@functools.lru_cache(maxsize=2048)
def cached_blurb(company: str | None) -> Any:
    # compiling the per-company patterns cost ~2 ms a posting (most postings of a run name a
    # company of their own): the fixed parts are compiled once, only the names per company
    return CompanyPatterns.of(company, blurb=True)


@functools.lru_cache(maxsize=2048)
def cached_company_subject(company: str | None) -> Any:
    return CompanyPatterns.of(company, blurb=False)


class CaselessSearch:
    """``rx.search(text) is not None`` for a case-insensitive ``rx`` whose letters are all lower
    case: an ASCII text is searched lower-cased by a case-sensitive copy of ``rx`` (a few times
    faster; the same matches, as ASCII letters match case-insensitively only their own two
    cases), any other text by ``rx`` itself."""

    __slots__ = ("rx", "plain")

    def __init__(self, rx: re.Pattern[str]) -> None:
        assert rx.flags & re.I and not re.search(r"[A-Z]", re.sub(r"\\.", "", rx.pattern)), rx.pattern
        self.rx = rx
        self.plain = re.compile(rx.pattern, rx.flags & ~re.I)

    def __call__(self, text: str) -> bool:
        if text.isascii():
            return self.plain.search(text.lower()) is not None
        return self.rx.search(text) is not None


ADDRESSES_CANDIDATE = re.compile(r"\b(?:" + alternation("addresses_candidate_cues") + r")\b" + _WE_VALUE, re.I)
CANDIDATE_CUE = re.compile(r"\b(?:" + alternation("candidate_cues") + r")\b" + _WE_VALUE, re.I)
# "our" is the company's, except before the person hired ("our ideal candidate shows ...")
_OUR = (
    r"our(?!\s+(?:" + "".join(a + r"\s+|" for a in words("hire_adjectives"))[:-1] + r")?(?:"
    + alternation("hired_people") + r")\b)"
)
COMPANY_CUE = re.compile(
    r"\b(?:" + "|".join(_OUR if w == "our" else w for w in words("company_cues")) + r")\b", re.I
)

addresses_candidate = CaselessSearch(ADDRESSES_CANDIDATE)
has_candidate_cue = CaselessSearch(CANDIDATE_CUE)
has_company_cue = CaselessSearch(COMPANY_CUE)


def about_company(sentence: str, subject: Any) -> bool:
    """The sentence tells what the company or team is, does or values, without addressing the
    candidate: its skills describe the employer, not the job (tools excepted: "We use Spark")."""
    return bool(subject.search(sentence)) and not addresses_candidate(sentence)


def company_talk(sentence: str, blurb: Any) -> bool:
    """A sentence of the opening blurb about the company rather than the candidate."""
    if CANDIDATE_CUE.search(sentence):
        return False
    return bool(COMPANY_CUE.search(sentence) or (blurb is not None and blurb.match(sentence)))
