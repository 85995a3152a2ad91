"""The one spaCy pipeline builder: ``spacy.blank("en")`` + a taxonomy-driven skill matcher.

Patterns come from the taxonomy only. Every alias is tokenised with the pipeline's own tokenizer,
so forms such as ``C++``, ``C#``, ``.NET``, ``CI/CD``, ``A/B testing``, ``scikit-learn`` and
``Node.js`` match exactly as they are split in running text. Matching is case-insensitive
(``LOWER``) except for skills gated ``case_sensitive``, whose forms match only as written
(``ORTH``). The canonical skill travels on ``span.id_``; the longest match wins and overlapping
matches are filtered by the matcher itself. Forms gated ``resolve_only`` are never matched.

Speed: the rule-based English tokenizer alone manages ~300 postings/s of 3,000 characters on one
core here, below the 400/s target, so the builder installs :class:`RegexTokenizer` (same
boundaries for skill names, a few times faster: one ``re.split`` over the whole text, no Python
work per token except for the rare words glued by flattened HTML) and two ``PhraseMatcher``s
instead of a ``SpanRuler`` with token patterns. The matcher also leaves its matches as plain rows
in ``doc.user_data[ROWS_KEY]`` so the extractor need not rebuild every ``Span``.
``customise_tokenizer`` is kept for callers that want the stock tokenizer with the same tweaks.
The extractor itself skips the ``Doc``: :func:`match_text` gives the same words and rows from the
tokenizer's word list and the matcher's string tables (:meth:`SkillMatcher.match_words`); building
a ``Doc`` of ~800 words cost more than the matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import accumulate, compress
from operator import add
from typing import Any, NamedTuple, Protocol

import numpy
import spacy
from spacy.attrs import IS_SPACE, LOWER, NORM, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_suffix_regex

from skillgap.extractors.gates import gate_for, is_case_sensitive

__all__ = [
    "SPANS_KEY",
    "ROWS_KEY",
    "LOWERS_KEY",
    "LABEL",
    "GATED_LABEL",
    "RULER_NAME",
    "SkillLike",
    "TaxonomyLike",
    "build_nlp",
    "skill_forms",
    "compact_forms",
    "customise_tokenizer",
    "match_text",
    "MatchRow",
]

SPANS_KEY = "skills"
#: ``doc.user_data`` key of the matcher's rows (a :class:`MatchRow` per span of
#: ``doc.spans[SPANS_KEY]``, in the same order).
ROWS_KEY = "skillgap.skill_rows"


class MatchRow(NamedTuple):
    """One taxonomy match, as the extractor reads it."""

    tok_start: int
    tok_end: int
    start: int  # character offsets
    end: int
    skill: str  # canonical name (the span's id)
    label: str  # LABEL or GATED_LABEL

#: ``doc.user_data`` key of the tokens' lower-case string hashes (``doc.to_array(LOWER)``).
LOWERS_KEY = "skillgap.lowers"
RULER_NAME = "skill_ruler"
LABEL = "SKILL"  # matched by an ungated form (case-insensitive)
GATED_LABEL = "SKILL_GATED"  # matched by a gated form (exact case); a gate must accept it

# Tokens that must stay whole wherever they occur (also after an infix split, e.g. "C#/.NET").
_SPECIAL_TOKENS = ("C#", "c#", "F#", "f#")


class SkillLike(Protocol):
    name: str
    category: str
    aliases: tuple[str, ...]
    gate: str | None


class TaxonomyLike(Protocol):
    @property
    def skills(self) -> tuple[Any, ...]: ...


def customise_tokenizer(nlp: Language) -> None:
    """Make the blank English tokenizer split the way skill names need.

    - ``/`` always splits (``C#/.NET``, ``Python/R``, ``Memcached/Redis``); URLs stay whole.
    - ``C#``/``F#`` are one token everywhere.
    - single-letter abbreviations (``R.``, ``C.``) are not kept as one token, so "in R." matches R.
    - a full stop glued to a capitalised word splits ("SQL.Preferred", from flattened HTML).
    """
    tokenizer: Any = nlp.tokenizer  # spaCy types it as a plain callable; here it is the rule-based Tokenizer
    infixes = list(nlp.Defaults.infixes or ()) + [
        r"/",
        r"(?<=[a-zA-Z0-9)])\.(?=[A-Z][a-z])",
        # list items glued together by flattened HTML: "Power BIExperience", "SparkUnderstanding",
        # "S3)Strong" (zero-width splits; aliases such as "JavaScript" split the same way)
        r"(?<=[a-z0-9])(?=[A-Z][a-z])",
        r"(?<=[A-Z]{2})(?=[A-Z][a-z]{2})",
        r"[)\]](?=[A-Z])",
    ]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # "in R." / "C." at a sentence end: split the full stop off a single capital letter.
    suffixes = list(nlp.Defaults.suffixes or ()) + [r"(?<=^[A-Z])\."]
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    rules = {
        k: v
        for k, v in tokenizer.rules.items()
        if not (len(k) == 2 and k[1] == "." and k[0].isalpha())
    }
    tokenizer.rules = rules
    for tok in _SPECIAL_TOKENS:
        tokenizer.add_special_case(tok, [{"ORTH": tok}])


_PLURALISABLE = re.compile(r"[A-Za-z]{3,}$")


def _plural(form: str) -> str | None:
    """A plural variant of a form ("data pipeline" -> "data pipelines", "LLM" -> "LLMs")."""
    if not _PLURALISABLE.search(form) or form[-1] in "sSxX":
        return None
    if form.endswith("y") and form[-2:-1] not in ("a", "e", "i", "o", "u"):
        return form[:-1] + "ies"
    return form + "s"


def skill_forms(skill: Any) -> list[str]:
    """The surface forms of a skill as written in the taxonomy: its name, then its aliases."""
    seen: set[str] = set()
    out: list[str] = []
    for form in (skill.name, *tuple(skill.aliases or ())):
        form = (form or "").strip()
        if form and form not in seen:
            seen.add(form)
            out.append(form)
    return out


def _gated_forms(skill: Any, forms: list[str]) -> set[str]:
    """Forms matched by exact case and judged by a gate (``Skill.gate_forms``; all forms of a
    gated skill when the taxonomy does not say; short forms of R/C/Go by default)."""
    gate = getattr(skill, "gate", None)
    if gate is not None:
        declared = getattr(skill, "gate_forms", None)
        return set(declared) if declared else set(forms)
    if is_case_sensitive(skill.name, None):
        return {f for f in forms if len(f) <= 3}
    return set()


def _patterns(nlp: Language, skills: Iterable[Any]) -> list[dict[str, Any]]:
    skills = list(skills)
    taken: set[str] = set()
    for s in skills:
        taken.update(f.lower() for f in skill_forms(s))
    patterns: list[dict[str, Any]] = []
    for s in skills:
        forms = skill_forms(s)
        gated = _gated_forms(s, forms)
        lowered: list[str] = []
        resolve_only = getattr(s, "gate", None) == "resolve_only"
        for form in forms:
            if form in gated and resolve_only:
                continue  # never matched in text; only for resolving names
            if form in gated:
                patterns.append({"label": GATED_LABEL, "id": s.name, "pattern": form})
                continue
            if form != form.lower():
                # "JavaScript", "eXtreme Programming" also split at their case change (like glued
                # text): match both ways, even when the lower-case form is listed too
                patterns.append({"label": LABEL, "id": s.name, "pattern": form})
            if form.lower() not in lowered:
                lowered.append(form.lower())
        if not gated and gate_for(s.name, getattr(s, "gate", None)) is None:
            # Ungated names also match their plural ("data pipelines", "LLMs", "APIs").
            for form in list(lowered):
                p = _plural(form)
                if p and p not in taken and p not in lowered:
                    lowered.append(p)
                    taken.add(p)
        for form in lowered:
            patterns.append({"label": LABEL, "id": s.name, "pattern": form})
    # last, so that a real form sharing the tokens keeps its skill
    patterns.extend({"label": LABEL, "id": sid, "pattern": key} for key, sid in compact_forms(skills).items())
    return patterns


_COMPACTABLE = re.compile(r"[a-z]+(?:[ -][a-z]+)+")


def compact_forms(skills: Iterable[Any]) -> dict[str, str]:
    """Multi-word forms written as one word, the way hashtags write them ("#Datavisualization",
    "#timemanagement"): lower-cased key -> skill, for forms of letters only, keys of six
    letters or more that are no form themselves. The extractor keeps such a match only as a
    hashtag. (A camel-cased tag, "#DataVisualization", splits at its case change and matches the
    spaced form anyway.)"""
    skills = list(skills)
    taken = {f.lower() for s in skills for f in skill_forms(s)}
    out: dict[str, str] = {}
    for s in skills:
        forms = skill_forms(s)
        gated = _gated_forms(s, forms)
        for form in forms:
            low = form.lower()
            if form in gated or not _COMPACTABLE.fullmatch(low):
                continue
            key = low.replace(" ", "").replace("-", "")
            if len(key) >= 6 and key not in taken:
                out.setdefault(key, s.name)
    return out


class SkillMatcher:
    """Two ``PhraseMatcher``s - ``LOWER`` for ungated forms, ``ORTH`` for gated (exact-case)
    forms - writing one filtered span group: the longest match wins, ties go to the first.
    Spans carry the canonical skill on ``span.id_`` and ``LABEL``/``GATED_LABEL`` as label.
    (Phrase matching only: the token ``Matcher`` is several times slower on 1,000+ skills.)"""

    def __init__(self, nlp: Language, name: str = RULER_NAME, *, spans_key: str = SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._nlp = nlp
        self._by_lower: dict[tuple[str, ...], str] = {}
        self._by_orth: dict[tuple[str, ...], str] = {}
        # the derived vocabulary: first lower-cased token -> {number of further tokens ->
        # {further tokens: skill}}
        self._vocab: dict[int, dict[int, dict[tuple[int, ...], str]]] = {}
        self._firsts: Any = None
        # The same matches keyed by strings, for :meth:`match_words` (no ``Doc`` needed): lower-
        # cased first word -> {number of further words -> {further words: skill}}, for the phrase
        # matcher's ungated forms and the derived vocabulary; and the same for gated forms as
        # written.
        self._lower_words: dict[str, dict[int, dict[tuple[str, ...], str]]] = {}
        self._orth_words: dict[str, dict[int, dict[tuple[str, ...], str]]] = {}
        self._index: list[tuple[dict[str, Any], Any, Any]] | None = None  # built from them when first needed

    def add_vocabulary(self, forms: Iterable[tuple[str, str]]) -> None:
        """Case-insensitive forms of the derived vocabulary (tens of thousands): matched by a
        dictionary look-up per token instead of the phrase matcher (which needs a ``Doc`` per
        pattern to build). Forms the phrase matcher already has keep their skill."""
        tok = self._nlp.tokenizer
        vocab = self._vocab
        self._index = None
        h = self._nlp.vocab.strings.__getitem__  # str -> hash (the LOWER attribute's value)
        for form, sid in forms:
            ws = tok.words(form) if hasattr(tok, "words") else None
            if not ws:
                continue
            words = tuple(w.lower() for w in ws[0] if w.strip())
            key = tuple(h(w) for w in words)
            if not key or key in self._by_lower:
                continue
            vocab.setdefault(key[0], {}).setdefault(len(key) - 1, {}).setdefault(key[1:], sid)
            self._lower_words.setdefault(words[0], {}).setdefault(len(words) - 1, {}).setdefault(words[1:], sid)

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        # One matcher key per label; the matched tokens (lower-cased, or as written for gated
        # forms; as string hashes) name the skill. Adding tens of thousands of keys one by one
        # is what made building slow; the first skill listed keeps a shared form.
        lower: list[Doc] = []
        orth: list[Doc] = []
        by_lower = self._by_lower
        by_orth = self._by_orth
        make = self._nlp.make_doc
        self._index = None
        for p in patterns:
            d = make(p["pattern"])
            if not len(d):
                continue
            if p["label"] == GATED_LABEL:
                key = tuple(d.to_array(ORTH).tolist())
                if key not in by_orth:
                    by_orth[key] = p["id"]
                    orth.append(d)
                    ws = tuple(t.text for t in d)
                    self._orth_words.setdefault(ws[0], {}).setdefault(len(ws) - 1, {})[ws[1:]] = p["id"]
            else:
                key = tuple(d.to_array(LOWER).tolist())
                if key not in by_lower:
                    by_lower[key] = p["id"]
                    lower.append(d)
                    ws = tuple(t.lower_ for t in d)
                    self._lower_words.setdefault(ws[0], {}).setdefault(len(ws) - 1, {})[ws[1:]] = p["id"]
        if lower:
            self.lower.add(LABEL, lower)
        if orth:
            self.orth.add(GATED_LABEL, orth)

    def _word_index(self) -> list[tuple[dict[str, Any], Any, Any]]:
        """The string tables arranged for :meth:`match_words`: per table, first word ->
        (skill of the one-word form or None, second word -> [(number of further words, {further
        words: skill})]) - most words that start a longer form are not followed by its second
        word, so the second word is checked before building a tuple. Rebuilt when a table grows."""
        cached = self._index
        if cached is not None:
            return cached
        out = []
        for table in (self._lower_words, self._orth_words):
            index: dict[str, Any] = {}
            for first, by_len in table.items():
                single = by_len.get(0, {}).get(())
                seconds: dict[str, dict[int, dict[tuple[str, ...], str]]] = {}
                for k, rests in by_len.items():
                    if k:
                        for rest, sid in rests.items():
                            seconds.setdefault(rest[0], {}).setdefault(k, {})[rest] = sid
                index[first] = (single, {w: list(by_k.items()) for w, by_k in seconds.items()})
            out.append((index, frozenset(index), None))
        self._index = out
        return out

    def match_words(self, words: list[str]) -> tuple[list[str], list[tuple[int, int, str, str]]]:
        """The lower-cased words and the kept matches (token start, token end, skill, label), in
        order, for a text tokenised into ``words``: what :meth:`__call__` finds in a ``Doc`` of
        those words, without building one (dictionary look-ups per word; every match the phrase
        matchers would return, then the same longest-first filter)."""
        lowers = list(map(str.lower, words))
        n = len(lowers)
        cands: list[tuple[int, int, str, str]] = []
        (low_index, low_firsts, _), (orth_index, orth_firsts, _) = self._word_index()
        for index, firsts, ws, label in ((low_index, low_firsts, lowers, LABEL), (orth_index, orth_firsts, words, GATED_LABEL)):
            if not index or firsts.isdisjoint(ws):
                continue
            present = firsts.intersection(ws)
            last = n - 1
            # the positions of words that start a form (found in C: most words start none)
            for i in compress(range(n), map(present.__contains__, ws)):
                single, seconds = index[ws[i]]
                if single is not None:
                    cands.append((i, i + 1, single, label))
                if i < last:
                    by_k = seconds.get(ws[i + 1])
                    if by_k is not None:
                        for k, rests in by_k:
                            if i + k < n:
                                sid = rests.get(tuple(ws[i + 1 : i + 1 + k]))
                                if sid is not None:
                                    cands.append((i, i + 1 + k, sid, label))
        # longest first, then leftmost (ungated before gated for the same tokens); drop anything
        # overlapping a kept match
        cands.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(n)
        kept = []
        for s, e, sid, label in cands:
            if e - s == 1:
                if taken[s]:
                    continue
                taken[s] = 1
            else:
                if any(taken[s:e]):
                    continue
                taken[s:e] = b"\x01" * (e - s)
            kept.append((s, e, sid, label))
        kept.sort(key=_first)
        return lowers, kept

    def __call__(self, doc: Doc) -> Doc:
        # token attributes as arrays of string hashes: iterating Token objects in Python costs
        # more than the matching itself
        arr = doc.to_array(LOWER)
        lowers = arr.tolist()
        by_lower, by_orth = self._by_lower, self._by_orth
        cands = [(s, e, by_lower[tuple(lowers[s:e])], LABEL) for _mid, s, e in self.lower(doc)]
        vocab = self._vocab
        if vocab and len(arr):
            firsts = self._firsts
            if firsts is None or len(firsts) != len(vocab):
                firsts = self._firsts = numpy.sort(numpy.fromiter(vocab, dtype=arr.dtype, count=len(vocab)))
            n = len(lowers)
            # positions whose word starts a vocabulary form (vectorised binary search against
            # the sorted first words: most words start none)
            at = numpy.searchsorted(firsts, arr)
            at[at == len(firsts)] = 0
            for i in numpy.flatnonzero(firsts[at] == arr).tolist():
                by_len = vocab[lowers[i]]
                for k, rests in by_len.items():
                    if k == 0:
                        cands.append((i, i + 1, rests[()], LABEL))
                    elif i + k < n:
                        sid = rests.get(tuple(lowers[i + 1 : i + 1 + k]))
                        if sid is not None:
                            cands.append((i, i + 1 + k, sid, LABEL))
        if by_orth:
            om = self.orth(doc)
            if om:
                words = doc.to_array(ORTH).tolist()
                cands += [(s, e, by_orth[tuple(words[s:e])], GATED_LABEL) for _mid, s, e in om]
        # longest first, then leftmost; drop anything overlapping a kept match
        cands.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(len(doc))
        kept = []
        for s, e, sid, label in cands:
            if any(taken[s:e]):
                continue
            taken[s:e] = b"\x01" * (e - s)
            kept.append((s, e, sid, label))
        kept.sort(key=_first)
        spans = [Span(doc, s, e, label=label, span_id=sid) for s, e, sid, label in kept]
        doc.spans[self.spans_key] = spans
        # The same matches as plain rows, for the extractor (reading them back from the span
        # group would build every Span again).
        doc.user_data[ROWS_KEY] = [MatchRow(s, e, sp.start_char, sp.end_char, sid, label) for (s, e, sid, label), sp in zip(kept, spans)]
        doc.user_data[LOWERS_KEY] = lowers
        return doc


def _first(row: tuple[Any, ...]) -> Any:
    return row[0]


@Language.factory("skill_matcher", default_config={"spans_key": SPANS_KEY})
def _make_skill_matcher(nlp: Language, name: str, spans_key: str) -> SkillMatcher:
    return SkillMatcher(nlp, name, spans_key=spans_key)


# URLs and e-mail addresses stay whole; an address is tried only where a run of its characters
# starts (the same tokens, and linear time on a long run such as "------").
_URL_EMAIL = r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+"
_WORD = (
    r"\.?[^\W_]+(?:[.'’](?![A-Z][a-z])[^\W_]+)*(?:\+\+|#(?![\w#]))?"  # Node.js, .NET, C++, C#, 3.5, don't
    r"|\S"  # any other character is a token of its own: - / ( ) , + & ...
)
_TOKEN_RE = re.compile(_URL_EMAIL + "|" + _WORD)
# One match per token: the token (or a run of whitespace, which is a token of its own) and the
# single space that follows it. The URL/e-mail branches are left out when the text cannot hold one.
_SPLIT_RE = re.compile(r"(" + _URL_EMAIL + "|" + _WORD + r"|\s+)( ?)")
_SPLIT_PLAIN_RE = re.compile(r"(" + _WORD + r"|\s+)( ?)")
_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z]{2})")
# The capitals at which _CAMEL_RE splits (fast to find: every match starts with a capital).
_CAMEL_AT = re.compile(r"[A-Z](?:(?<=[a-z0-9][A-Z])(?=[a-z])|(?<=[A-Z]{3})(?=[a-z]{2}))")


class RegexTokenizer:
    """A fast tokenizer for job-posting text (several times faster than the rule-based English
    tokenizer, which alone manages ~300 postings/s here). Words keep internal dots and
    apostrophes ("Node.js", ".NET", "e.g", "3.5"); "C++"/"C#" stay whole; every other
    punctuation character is its own token (so "scikit-learn" is three tokens, "CI/CD" three);
    words glued together by flattened HTML ("Power BIExperience") split at the case change.
    ``doc.text`` is exactly the input: a single space after a token is its trailing space, any
    other whitespace run is a token of its own (the first space of a run after a token is that
    token's trailing space)."""

    def __init__(self, vocab: Any, keep: frozenset[str] = frozenset()) -> None:
        self.vocab = vocab
        # lower-cased one-word skill names never split at a case change ("TerraForm",
        # "dynaTrace" are Terraform and Dynatrace, not two glued words)
        self.keep = keep

    def __call__(self, text: str) -> Doc:
        ws = self.words(text)
        if ws is None:
            return self._slow(text)
        return Doc(self.vocab, words=ws[0], spaces=ws[1])

    def words(self, text: str) -> tuple[list[str], list[bool]] | None:
        """The token texts and trailing-space flags of ``text`` (None: use ``_slow``)."""
        rx = _SPLIT_RE if ("@" in text or "http" in text or "www." in text) else _SPLIT_PLAIN_RE
        flat = rx.split(text)  # ["", token, space, "", token, space, ..., ""]
        words = flat[1::3]
        spaces = list(map(bool, flat[2::3]))
        if _CAMEL_AT.search(text) is not None:
            # words glued by flattened HTML ("Power BIExperience"): split at the case change
            if "\0" in text:
                return None
            joined = "\0".join(words)
            # the word of each match: the separators before it (counted from the previous match)
            at_set: set[int] = set()
            count = pos = 0
            for m in _CAMEL_AT.finditer(joined):
                a = m.start()
                count += joined.count("\0", pos, a)
                pos = a
                at_set.add(count)
            at = sorted(at_set)
            if at:
                camel = _CAMEL_RE.split
                out_w: list[str] = []
                out_s: list[bool] = []
                prev = 0
                for i in at:
                    w = words[i]
                    if len(w) > 3 and not w.islower() and not w.isupper() and len(parts := camel(w)) > 1 and w.lower() not in self.keep:
                        out_w += words[prev:i]
                        out_s += spaces[prev:i]
                        out_w += parts
                        out_s += [False] * (len(parts) - 1)
                        out_s.append(spaces[i])
                        prev = i + 1
                words = out_w + words[prev:]
                spaces = out_s + spaces[prev:]
        return words, spaces

    def _slow(self, text: str) -> Doc:
        """Token by token (texts holding NUL characters)."""
        words, spaces = self.slow_words(text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def slow_words(self, text: str) -> tuple[list[str], list[bool]]:
        """The token texts and trailing-space flags of ``text``, token by token."""
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        camel = _CAMEL_RE.split
        for m in _TOKEN_RE.finditer(text):
            a = m.start()
            if a != pos:
                gap = text[pos:a]
                if gap == " " and words:
                    spaces[-1] = True
                else:
                    if gap[0] == " " and words:
                        spaces[-1] = True
                        gap = gap[1:]
                    words.append(gap)
                    spaces.append(False)
            w = m.group()
            if len(w) > 3 and not w.islower() and not w.isupper() and (parts := camel(w)) and len(parts) > 1 and w.lower() not in self.keep:
                words.extend(parts)
                spaces.extend([False] * len(parts))
            else:
                words.append(w)
                spaces.append(False)
            pos = m.end()
        if pos != len(text):
            gap = text[pos:]
            if gap == " " and words:
                spaces[-1] = True
            else:
                if gap[0] == " " and words:
                    spaces[-1] = True
                    gap = gap[1:]
                words.append(gap)
                spaces.append(False)
        return words, spaces

    # spaCy serialisation hooks (the tokenizer has no state beyond the vocab)
    def to_bytes(self, **_kw: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kw: Any) -> RegexTokenizer:
        return self

    def to_disk(self, _path: Any, **_kw: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_kw: Any) -> RegexTokenizer:
        return self


def _unsplit_names(skills: Iterable[Any]) -> frozenset[str]:
    """Lower-cased one-word names matched in any case whose written forms have no case change
    inside ("Terraform", not "JavaScript"): a text word that spells one of them with odd capitals
    stays whole. Names some form writes with a case change keep the split (both ways match)."""
    keep: set[str] = set()
    camel: set[str] = set()
    for s in skills:
        forms = skill_forms(s)
        gated = _gated_forms(s, forms)
        for f in forms:
            if len(_CAMEL_RE.split(f)) > 1:
                camel.add(f.lower())
            elif f not in gated and len(f) > 3 and f.isalnum():
                keep.add(f.lower())
    return frozenset(keep - camel)


def _vocabulary_forms(skills: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """(form, skill) for derived vocabulary entries: every form, then the plurals (an entry's
    own form wins over another entry's plural)."""
    skills = list(skills)
    for s in skills:
        for form in skill_forms(s):
            yield form, s.name
    for s in skills:
        for form in skill_forms(s):
            p = _plural(form)
            if p:
                yield p, s.name


def build_nlp(taxonomy: TaxonomyLike) -> Language:
    """Build the extraction pipeline for ``taxonomy``: ``spacy.blank("en")`` with the fast
    posting tokenizer and one ``skill_matcher`` whose patterns come from the taxonomy."""
    nlp = spacy.blank("en")
    # Only the lexeme attributes matching uses: computing all of them for the ~70k words of the
    # vocabulary's forms was most of the build time.
    keep_attrs = {LOWER, NORM, IS_SPACE}
    vocab: Any = nlp.vocab  # lex_attr_getters is missing from spaCy's Vocab stub
    vocab.lex_attr_getters = {k: v for k, v in vocab.lex_attr_getters.items() if k in keep_attrs}
    nlp.tokenizer = RegexTokenizer(nlp.vocab, _unsplit_names(taxonomy.skills))
    matcher = nlp.add_pipe("skill_matcher", name=RULER_NAME, config={"spans_key": SPANS_KEY})
    curated = [s for s in taxonomy.skills if getattr(s, "origin", "curated") == "curated"]
    matcher.add_patterns(_patterns(nlp, curated))  # type: ignore[attr-defined]
    derived = [s for s in taxonomy.skills if getattr(s, "origin", "curated") != "curated"]
    if derived:
        matcher.add_vocabulary(_vocabulary_forms(derived))  # type: ignore[attr-defined]
    return nlp


def match_text(nlp: Language, text: str, *, starts: list[int] | None = None) -> tuple[list[str], list[str], list[MatchRow]] | None:
    """The words, lower-cased words and matcher rows (as in ``doc.user_data[ROWS_KEY]``) of
    ``text`` through a pipeline made by :func:`build_nlp`, without building a ``Doc`` (building
    one costs more than the matching); None when ``nlp`` is some other pipeline. ``starts``, when
    given, receives each word's character offset."""
    tok = nlp.tokenizer
    if not isinstance(tok, RegexTokenizer) or nlp.pipe_names != [RULER_NAME]:
        return None
    matcher = nlp.get_pipe(RULER_NAME)
    if not isinstance(matcher, SkillMatcher):
        return None
    ws = tok.words(text)
    words, spaces = ws if ws is not None else tok.slow_words(text)
    lowers, kept = matcher.match_words(words)
    if not kept and starts is None:
        return words, lowers, []
    # character offset of each token: the lengths of the tokens and trailing spaces before it
    idx = [0, *accumulate(map(len, words))]
    sp = [0, *accumulate(spaces)]
    if starts is not None:
        starts[:] = map(add, idx[: len(words)], sp[: len(words)])
    return words, lowers, [MatchRow(s, e, idx[s] + sp[s], idx[e] + sp[e - 1], sid, label) for s, e, sid, label in kept]
