"""Names beyond the vocabulary: candidate skill names that no taxonomy or vocabulary entry lists.

Off unless switched on (``Extractor(discover=True)``, ``$SKILLGAP_DISCOVER=1``, or a shipped model
trained with it; see ``extract.py``). Where a posting names what it asks for, the noun phrases are
proposed as candidates and judged by the same learned model as every other candidate
(``candidates.py`` gives them origin ``"discovered"`` and their own features):

- **frames**: "experience with X", "knowledge of X", "proficiency in X" (a word of ``frame_heads``
  then one of ``frame_links`` in ``data/discover_rules.yaml``), anywhere outside the dropped
  sections; the phrase runs from the link word to the end of its clause;
- **list items**: a line of a requirements or preferred section that starts with a bullet or
  holds at most :data:`ITEM_WORDS` words.

The phrase is cut into names at commas, semicolons, colons, parentheses, " / " and the ``splits``
words ("and", "or", "such as", ...); each name loses the ``edge_start`` / ``edge_end`` words at
its ends and is kept when it has 1 to :data:`MAX_WORDS` words, a letter, no ``not_in_name``
word, and is no form of a taxonomy or vocabulary skill. A name is stored under its normalised
form (:func:`normalised_name`: case-folded, white space collapsed); the store keeps the most
common surface as its display form (``pipelines/store.py``).

Imports nothing from ``pipelines`` or ``analysis``.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from skillgap.extractors.pipeline import MatchRow
from skillgap.extractors.rule_words import load_lists
from skillgap.extractors.sections import _GLUE, _GLUED_RE, DROPPED_SECTIONS, Layout

__all__ = ["DISCOVERED", "FRAME_LABEL", "ITEM_LABEL", "LABELS", "discover", "normalised_name"]

#: origin and category of a discovered name
DISCOVERED = "discovered"
FRAME_LABEL = "DISC_FRAME"  # MatchRow.label of a name found in a frame ("experience with X")
ITEM_LABEL = "DISC_ITEM"  # ... in a list item of a requirements or preferred section
LABELS = frozenset({FRAME_LABEL, ITEM_LABEL})
MAX_WORDS = 4
ITEM_WORDS = 12  # a requirements line without a bullet counts as an item up to this many words
ITEM_SECTIONS = frozenset({"requirements", "preferred", "responsibilities"})
_MAX_PHRASE = 160  # characters of a frame's phrase looked at

RULES_FILE = "discover_rules.yaml"
_KEYS = frozenset({"frame_heads", "frame_links", "splits", "edge_start", "edge_end", "not_in_name"})
_LITERAL = frozenset({"edge_start", "edge_end", "not_in_name"})


class _Words(NamedTuple):
    frame: re.Pattern[str]
    split: re.Pattern[str]
    edge_start: frozenset[str]
    edge_end: frozenset[str]
    not_in_name: frozenset[str]


@functools.cache
def _words() -> _Words:
    lists = load_lists(RULES_FILE, _KEYS, _LITERAL)
    heads, links = "|".join(lists["frame_heads"]), "|".join(lists["frame_links"])
    # a frame word starts a word, or is glued to the one before it ("platformsExperience with")
    frame = re.compile(rf"(?:(?<![\w-])|(?-i:(?<=[a-z])(?=[A-Z])))(?:{heads})\s+(?:{links})\s+", re.IGNORECASE)
    words = "|".join(lists["splits"])
    split = re.compile(rf"[,;:()|\[\]]|\s[/&]\s|(?<![\w.])(?:{words})(?![\w-])", re.IGNORECASE)
    return _Words(frame, split, frozenset(lists["edge_start"]), frozenset(lists["edge_end"]), frozenset(lists["not_in_name"]))


# the end of a clause: a full stop (not the one of "e.g."), a line break, or (``_clause_end``) a
# list item glued to the last word in flattened HTML ("...and PythonKnowledge of")
_CLAUSE_END = re.compile(r"(?<!\b[a-zA-Z])[.!?;](?=\s|$)|\n")
_WORD = re.compile(r"\S+")
_NAME_WORD = re.compile(r"[^\W_][\w.+#'’-]*", re.UNICODE)
_EDGE_PUNCT = ".,:;!?\"'“”‘’*"
_BULLET_LEAD = re.compile(r"[ \t]*(?:[-–•*·●▪◦]|\d{1,2}[.)])?[ \t]*")


def normalised_name(surface: str) -> str:
    """A discovered name's stored form: case-folded, white space collapsed."""
    return " ".join(surface.split()).casefold()


def _token_starts(words: Sequence[str], text: str) -> list[int]:
    """The character offset of each token (the tokenizer keeps every character but single spaces)."""
    out, pos = [], 0
    for w in words:
        pos = text.find(w, pos) if w else pos
        if pos < 0:  # should not happen: a text the tokenizer did not make
            return []
        out.append(pos)
        pos += len(w)
    return out


def _clause_end(text: str, a: int, b: int) -> int:
    """Where the clause starting at ``a`` ends, at ``b`` at the latest."""
    m = _CLAUSE_END.search(text, a, b)
    end = m.start() if m else b
    for g in _GLUE.finditer(text, a, end):
        if _GLUED_RE.match(text, g.start()):
            return g.start()
    return end


def _names(text: str, a: int, b: int, w: _Words) -> list[tuple[int, int]]:
    """The names (character spans) of the phrase ``text[a:b]``."""
    out = []
    cuts = [a, *(x for m in w.split.finditer(text, a, b) for x in (m.start(), m.end())), b]
    for s, e in zip(cuts[::2], cuts[1::2]):
        toks = [(m.start(), m.end()) for m in _WORD.finditer(text, s, e)]
        # strip punctuation at the ends, then the edge words
        while toks:
            ts, te = toks[0]
            while ts < te and text[ts] in _EDGE_PUNCT:
                ts += 1
            while te > ts and text[te - 1] in _EDGE_PUNCT:
                te -= 1
            if ts == te:
                toks.pop(0)
                continue
            toks[0] = (ts, te)
            if text[ts:te].lower() in w.edge_start:
                toks.pop(0)
                continue
            break
        while toks:
            ts, te = toks[-1]
            while te > ts and text[te - 1] in _EDGE_PUNCT:
                te -= 1
            if ts == te:
                toks.pop()
                continue
            toks[-1] = (ts, te)
            if text[ts:te].lower() in w.edge_end:
                toks.pop()
                continue
            break
        if not 1 <= len(toks) <= MAX_WORDS:
            continue
        parts = [text[x:y] for x, y in toks]
        if any(p.lower() in w.not_in_name or not _NAME_WORD.fullmatch(p) for p in parts):
            continue
        if not any(ch.isalpha() for ch in "".join(parts)) or len("".join(parts)) < 2:
            continue
        out.append((toks[0][0], toks[-1][1]))
    return out


def _phrases(text: str, layout: Layout, w: _Words) -> list[tuple[int, int, str]]:
    """(start, end, label) of every phrase to cut into names."""
    out = []
    for m in w.frame.finditer(text):
        a = m.end()
        if layout.section_at(a) in DROPPED_SECTIONS:
            continue
        out.append((a, _clause_end(text, a, min(len(text), a + _MAX_PHRASE)), FRAME_LABEL))
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        if not line.strip() or layout.section_at(a) not in ITEM_SECTIONS or layout.in_heading(a, b):
            continue
        lead = _BULLET_LEAD.match(line)
        body = a + (lead.end() if lead else 0)
        bulleted = lead is not None and lead.group().strip() != ""
        if bulleted or len(line.split()) <= ITEM_WORDS:
            out.append((body, _clause_end(text, body, b), ITEM_LABEL))
    return out


def discover(text: str, words: Sequence[str], layout: Layout, rows: Sequence[MatchRow],
             by_key: Mapping[str, str]) -> list[MatchRow]:
    """Discovered names of ``text`` (tokenised as ``words``) as matcher rows, by token start: the
    skill is the normalised name, the label :data:`FRAME_LABEL` or :data:`ITEM_LABEL`. A name that
    is a form of a known skill (``by_key``: normalised form -> name) or overlaps a match in
    ``rows`` is left out (the known skill is the candidate there)."""
    from skillgap.extractors.taxonomy import normalize_key

    w = _words()
    phrases = _phrases(text, layout, w)
    if not phrases:
        return []
    starts = _token_starts(words, text)
    if len(starts) != len(words):
        return []
    ends = {s + len(t): i + 1 for i, (s, t) in enumerate(zip(starts, words))}
    taken = sorted((r.start, r.end) for r in rows)
    found: dict[tuple[int, int], MatchRow] = {}
    for a, b, label in phrases:
        for s, e in _names(text, a, b, w):
            ts = bisect_left(starts, s)
            te = ends.get(e)
            if ts >= len(starts) or starts[ts] != s or te is None or te <= ts or (ts, te) in found:
                continue
            k = bisect_left(taken, (e, e))
            if k > 0 and taken[k - 1][1] > s:  # overlaps a known skill's match
                continue
            surface = text[s:e]
            if normalize_key(surface) in by_key:
                continue
            found[(ts, te)] = MatchRow(ts, te, s, e, normalised_name(surface), label)
    return sorted(found.values())
