"""The skill matcher: taxonomy forms found in a text's words, longest match first.

:class:`SkillMatcher` keeps the forms as string tables (first word -> further words -> skill):
lower-cased for ungated forms and the derived vocabulary, as written for gated (exact-case) forms.
:meth:`SkillMatcher.match_words` is the one matching path; as a pipeline component
(:meth:`SkillMatcher.__call__`) it runs the same look-ups over a ``Doc``'s words and writes the
result as a span group (the canonical skill on ``span.id_``) plus plain :class:`MatchRow` rows.
(String tables rather than spaCy's ``PhraseMatcher``: the extractor matches without building a
``Doc``, which cost more than the matching, and the token ``Matcher`` is several times slower on
1,000+ skills.)
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress, islice
from typing import Any, NamedTuple

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = ["SPANS_KEY", "ROWS_KEY", "LOWERS_KEY", "RULER_NAME", "LABEL", "GATED_LABEL", "MatchRow", "WordMatch", "SkillMatcher"]

SPANS_KEY = "skills"
#: ``doc.user_data`` key of the matcher's rows (a :class:`MatchRow` per span of
#: ``doc.spans[SPANS_KEY]``, in the same order).
ROWS_KEY = "skillgap.skill_rows"
#: ``doc.user_data`` key of the tokens' lower-case string hashes (``doc.to_array(LOWER)``).
LOWERS_KEY = "skillgap.lowers"
RULER_NAME = "skill_ruler"
LABEL = "SKILL"  # matched by an ungated form (case-insensitive)
GATED_LABEL = "SKILL_GATED"  # matched by a gated form (exact case); a gate must accept it

# first word -> {number of further words -> {further words: skill}}
_Table = dict[str, dict[int, dict[tuple[str, ...], str]]]


class MatchRow(NamedTuple):
    """One taxonomy match, as the extractor reads it."""

    tok_start: int
    tok_end: int
    start: int  # character offsets
    end: int
    skill: str  # canonical name (the span's id)
    label: str  # LABEL or GATED_LABEL


class WordMatch(NamedTuple):
    """One kept match of :meth:`SkillMatcher.match_words`, by token positions."""

    tok_start: int
    tok_end: int
    skill: str  # canonical name
    label: str  # LABEL or GATED_LABEL


class SkillMatcher:
    """Forms matched case-insensitively (``LABEL``) and gated forms matched as written
    (``GATED_LABEL``), writing one filtered span group: the longest match wins, ties go to the
    first (ungated before gated)."""

    def __init__(self, nlp: Language, name: str = RULER_NAME, *, spans_key: str = SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        self._nlp = nlp
        # the pattern forms added so far (lower-cased words; gated forms as written): the first
        # skill listed keeps a shared form, and the derived vocabulary never takes one
        self._by_lower: set[tuple[str, ...]] = set()
        self._by_orth: set[tuple[str, ...]] = set()
        self._lower_words: _Table = {}
        self._orth_words: _Table = {}
        self._index: list[Any] | None = None  # built from them when first needed (_word_index)

    def add_vocabulary(self, forms: Iterable[tuple[str, str]]) -> None:
        """Case-insensitive forms of the derived vocabulary (tens of thousands): (form, skill).
        Forms the patterns already have keep their skill; whitespace tokens inside a form are
        dropped."""
        tok = self._nlp.tokenizer
        self._index = None
        for form, sid in forms:
            ws = tok.words(form) if hasattr(tok, "words") else None
            if not ws:
                continue
            words = tuple(w.lower() for w in ws[0] if w.strip())
            if not words or words in self._by_lower:
                continue
            self._lower_words.setdefault(words[0], {}).setdefault(len(words) - 1, {}).setdefault(words[1:], sid)

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Taxonomy patterns (``{"label", "id", "pattern"}``), tokenised by the pipeline's
        tokenizer; the first skill listed keeps a shared form."""
        make = self._nlp.make_doc
        self._index = None
        for p in patterns:
            d = make(p["pattern"])
            if not len(d):
                continue
            if p["label"] == GATED_LABEL:
                ws, seen, table = tuple(t.text for t in d), self._by_orth, self._orth_words
            else:
                ws, seen, table = tuple(t.lower_ for t in d), self._by_lower, self._lower_words
            if ws not in seen:
                seen.add(ws)
                table.setdefault(ws[0], {}).setdefault(len(ws) - 1, {})[ws[1:]] = p["id"]

    def _word_index(self) -> list[tuple[dict[str, str], dict[tuple[str, str], list[tuple[int, dict[tuple[str, ...], str]]]]]]:
        """The string tables arranged for :meth:`match_words`: per table, (first word -> skill of
        the one-word form; (first word, second word) -> [(number of further words, {further
        words: skill})]) - the positions of one-word forms and of the first two words of longer
        ones are found in C (set look-ups over the words and their pairs), so Python runs only
        where a form may start. Rebuilt when a table grows."""
        cached = self._index
        if cached is not None:
            return cached
        out = []
        for table in (self._lower_words, self._orth_words):
            singles: dict[str, str] = {}
            pairs: dict[tuple[str, str], dict[int, dict[tuple[str, ...], str]]] = {}
            for first, by_len in table.items():
                single = by_len.get(0, {}).get(())
                if single is not None:
                    singles[first] = single
                for k, rests in by_len.items():
                    if k:
                        for rest, sid in rests.items():
                            pairs.setdefault((first, rest[0]), {}).setdefault(k, {})[rest] = sid
            out.append((singles, {pair: list(by_k.items()) for pair, by_k in pairs.items()}))
        self._index = out
        return out

    def match_words(self, words: list[str]) -> tuple[list[str], list[WordMatch]]:
        """The lower-cased words and the kept matches (token start, token end, skill, label), in
        order, for a text tokenised into ``words``: every form found (dictionary look-ups per
        word), then longest first, leftmost first, dropping any match overlapping a kept one."""
        lowers = list(map(str.lower, words))
        n = len(lowers)
        cands: list[tuple[int, int, str, str]] = []
        for (singles, pairs), ws, label in zip(self._word_index(), (lowers, words), (LABEL, GATED_LABEL)):
            if singles:
                for i in compress(range(n), map(singles.__contains__, ws)):
                    cands.append((i, i + 1, singles[ws[i]], label))
            if pairs:
                # where two words start a longer form (found in C: most pairs start none)
                for i in compress(range(n), map(pairs.__contains__, zip(ws, islice(ws, 1, None)))):
                    for k, rests in pairs[ws[i], ws[i + 1]]:
                        if i + k < n:
                            sid = rests.get(tuple(ws[i + 1 : i + 1 + k]))
                            if sid is not None:
                                cands.append((i, i + 1 + k, sid, label))
        # longest first, then leftmost (ungated before gated for the same tokens); drop anything
        # overlapping a kept match
        cands.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(n)
        kept: list[WordMatch] = []
        for s, e, sid, label in cands:
            if e - s == 1:
                if taken[s]:
                    continue
                taken[s] = 1
            else:
                if any(taken[s:e]):
                    continue
                taken[s:e] = b"\x01" * (e - s)
            kept.append(WordMatch(s, e, sid, label))
        kept.sort(key=_first)
        return lowers, kept

    def __call__(self, doc: Doc) -> Doc:
        _lowers, kept = self.match_words([t.text for t in doc])
        spans = [Span(doc, s, e, label=label, span_id=sid) for s, e, sid, label in kept]
        doc.spans[self.spans_key] = spans
        # The same matches as plain rows, for the extractor (reading them back from the span
        # group would build every Span again).
        doc.user_data[ROWS_KEY] = [MatchRow(s, e, sp.start_char, sp.end_char, sid, label) for (s, e, sid, label), sp in zip(kept, spans)]
        doc.user_data[LOWERS_KEY] = doc.to_array(LOWER).tolist()
        return doc


def _first(row: tuple[Any, ...]) -> Any:
    return row[0]


@Language.factory("skill_matcher", default_config={"spans_key": SPANS_KEY})
def _make_skill_matcher(nlp: Language, name: str, spans_key: str) -> SkillMatcher:
    return SkillMatcher(nlp, name, spans_key=spans_key)
