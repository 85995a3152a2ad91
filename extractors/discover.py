"""Names beyond the vocabulary: candidate skill names that no taxonomy or vocabulary entry lists.

Off unless switched on (``Extractor(discover=True)``, ``$SKILLGAP_DISCOVER=1``, or a shipped model
trained with it; see ``extract.py``). Where a posting names what it asks for, the noun phrases are
proposed as candidates and judged by the same learned model as every other candidate
(``candidates.py`` gives them origin ``"discovered"`` and their own features):

- **frames**: "experience with X", "knowledge of X", "proficiency in X" (a word of ``frame_heads``
  then one of ``frame_links`` in ``data/discover_rules.yaml``), anywhere outside the dropped
  sections; the phrase runs from the link word to the end of its clause;
- **list items**: a line of a requirements or preferred section that starts with a bullet or
  holds fewer than :data:`ITEM_WORDS` spaces (duty lists are left out: mostly verb phrases, and
  measured, 40 % of the candidates for a third of the new names' hits).

The phrase is cut into names at commas, semicolons, colons, parentheses, " / " and the ``splits``
words ("and", "or", "such as", ...); each name loses the ``edge_start`` / ``edge_end`` words at
its ends and is kept when it has 1 to :data:`MAX_WORDS` words, a letter, no ``not_in_name``
word, does not end in a ``generic_heads`` plural (an umbrella: "frontend frameworks"), is not one
common word (the taxonomy's ``STOPWORDS``) or one -ing form ("designing") alone, nor one
lower-case word before "and"/"or" (a shared modifier: "written and verbal communication",
"relational and non-relational databases"), does not read as a duty, a trait or prose
(:func:`_not_a_name`, rules 2.7: one common English word, a verb / "-ly" adverb / -ing activity
first, a dangling modifier or a trait last), and is no form of a taxonomy or vocabulary skill. A name is stored under its normalised
form (:func:`normalised_name`: case-folded, white space collapsed); the store keeps the most
common surface as its display form (``pipelines/store.py``).

Imports nothing from ``pipelines`` or ``analysis``.
"""

from __future__ import annotations

import functools
import gzip
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from importlib.resources import files
from typing import Any, NamedTuple

from skillgap.extractors.patterns import linear_regex
from skillgap.extractors.pipeline import MatchRow
from skillgap.extractors.rule_words import load_lists
from skillgap.extractors.sections import _GLUE, _GLUED_RE, DROPPED_SECTIONS, Layout
from skillgap.extractors.taxonomy import STOPWORDS, normalize_key

__all__ = ["DISCOVERED", "FRAME_LABEL", "ITEM_LABEL", "LABELS", "MINED_LABEL", "TAG_LABEL", "TAG_LABELS", "discover", "normalised_name", "tagged_name_ok"]

#: origin and category of a discovered name
DISCOVERED = "discovered"
FRAME_LABEL = "DISC_FRAME"  # MatchRow.label of a name found in a frame ("experience with X")
ITEM_LABEL = "DISC_ITEM"  # ... in a list item of a requirements or preferred section
TAG_LABEL = "DISC_TAG"  # ... proposed by the token tagger (tagger.py), then its probability bucket 1-4
TAG_LABELS = frozenset(TAG_LABEL + b for b in "1234")
MINED_LABEL = "DISC_MINED"  # ... found as a corpus-mined name (mined.py)
LABELS = frozenset({FRAME_LABEL, ITEM_LABEL, MINED_LABEL}) | TAG_LABELS
MAX_WORDS = 4
ITEM_WORDS = 12  # a requirements line without a bullet counts as an item up to this many words
ITEM_SECTIONS = frozenset({"requirements", "preferred"})
_MAX_PHRASE = 160  # characters of a frame's phrase looked at

RULES_FILE = "discover_rules.yaml"
COMMON_WORDS = "common_words.txt.gz"  # in data/vocab: English words of wordfreq zipf >= 3 (build_common_words.py)
_KEYS = frozenset({"frame_heads", "frame_links", "splits", "edge_start", "edge_end", "generic_heads", "not_in_name",
                   "start_verbs", "ing_nouns", "end_modifiers", "soft_heads"})
_LITERAL = _KEYS - {"frame_heads", "frame_links", "splits"}


class _Words(NamedTuple):
    frame: Any  # patterns.linear_regex: a word of frame_heads, then one of frame_links
    split: re.Pattern[str]
    edge_start: frozenset[str]
    edge_end: frozenset[str]
    generic_heads: frozenset[str]
    not_in_name: frozenset[str]
    start_verbs: frozenset[str]
    ing_nouns: frozenset[str]
    end_modifiers: frozenset[str]
    soft_heads: frozenset[str]


@functools.cache
def _words() -> _Words:
    lists = load_lists(RULES_FILE, _KEYS, _LITERAL)
    heads, links = "|".join(lists["frame_heads"]), "|".join(lists["frame_links"])
    # one scan of the whole text (re2); where a match may start is checked after (_frame_start)
    frame = linear_regex(rf"(?:{heads})\s+(?:{links})\s+", ignore_case=True)
    words = "|".join(lists["splits"])
    split = re.compile(rf"[,;:()|\[\]]|\s[/&]\s|(?<![\w.])(?:{words})(?![\w-])", re.IGNORECASE)
    return _Words(frame, split, *(frozenset(lists[k]) for k in (
        "edge_start", "edge_end", "generic_heads", "not_in_name", "start_verbs", "ing_nouns", "end_modifiers", "soft_heads")))


OTHER_COMMON_WORDS = "other_common_words.txt.gz"  # in data/vocab: common words of the postings' other languages (rules 2.13)


@functools.cache
def other_common_words() -> frozenset[str]:
    """The common words of the other languages our sources post in (Hebrew, Dutch, French, ...;
    ``data/vocab/other_common_words.txt.gz``, no common English word among them); empty when absent."""
    return _word_list(OTHER_COMMON_WORDS)


@functools.cache
def common_words() -> frozenset[str]:
    """The common English words (lower case) of ``data/vocab/common_words.txt.gz``; empty when absent."""
    return _word_list(COMMON_WORDS)


def _word_list(name: str) -> frozenset[str]:
    try:
        raw = files("skillgap.data").joinpath("vocab", name).read_bytes()
    except OSError:
        return frozenset()
    return frozenset(w for w in gzip.decompress(raw).decode("utf-8").splitlines() if w and not w.startswith("#"))


def _adverb(word: str, common: frozenset[str]) -> bool:
    """An "-ly" adverb: its stem is a common word ("quickly", "clearly", "easily", "automatically";
    not "anomaly", "supply", "assembly")."""
    w = word.lower()
    if len(w) < 5 or not w.endswith("ly") or not w.isalpha():
        return False
    stem = w[:-2]
    return stem in common or (stem.endswith("i") and stem[:-1] + "y" in common) or (
        w.endswith("ically") and w[:-4] in common) or stem + "e" in common


def _not_a_name(kept: Sequence[str], w: _Words, common: frozenset[str]) -> bool:
    """A cut phrase that reads as a duty, a trait or a word of prose rather than a skill's name
    (rules 2.7): one common English word written in lower or title case ("deployment", "Realm"; an
    acronym such as "CAT" stays) or, since 2.13, one common word of another posting language
    written in lower case or in a script without case ("outils", "zoals", "עבודה"; "Flink" stays),
    a phrase led by a verb (``start_verbs``), by an "-ing" activity that is not a field's noun
    (``ing_nouns``) or by an "-ly" adverb, one ending in a modifier cut from its noun
    (``end_modifiers``) or in a trait (``soft_heads``), or a word glued to the next sentence's
    common word ("systems.demonstrated")."""
    lows = [x.lower() for x in kept]
    first, last = lows[0], lows[-1]
    if len(kept) == 1 and not kept[0].isupper() and first in common:
        return True
    if len(kept) == 1 and kept[0] == first and first in other_common_words():  # lower case, or a script without case
        return True
    if first in w.start_verbs or _adverb(first, common) or (_gerund(first) and first not in w.ing_nouns):
        return True
    if len(kept) > 1 and (last in w.end_modifiers or last in w.soft_heads):
        return True
    return any(_GLUED_SENTENCE.fullmatch(x) and x.rsplit(".", 1)[1] in common for x in lows)


# the end of a clause: a full stop (not the one of "e.g."), a line break, or (``_clause_end``) a
# list item glued to the last word in flattened HTML ("...and PythonKnowledge of")
_CLAUSE_END = re.compile(r"(?<!\b[a-zA-Z])[.!?;](?=\s|$)|\n")
_NAME_WORD = re.compile(r"[^\W_][\w.+#'’-]*", re.UNICODE)
_EDGE_PUNCT = ".,:;!?\"'“”‘’*"
_GLUED_SENTENCE = re.compile(r"[a-z]{3,}\.[a-z]{3,}")  # "data.experience": a full stop without its space
_BULLET_LEAD = re.compile(r"[ \t]*(?:[-–•*·●▪◦]|\d{1,2}[.)])?[ \t]*")


def _gerund(word: str) -> bool:
    """A verb's -ing form ("designing", "analyzing"), as far as its spelling tells."""
    return len(word) >= 6 and word[-3:].lower() == "ing" and word.isalpha()


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
    pos = a
    edge_start, edge_end, banned = w.edge_start, w.edge_end, w.not_in_name
    common = common_words()
    for m in [*w.split.finditer(text, a, b), None]:
        cut, nxt = (m.start(), m.end()) if m is not None else (b, b)
        piece, base, pos = text[pos:cut], pos, nxt
        parts = piece.split()
        if not parts or len(parts) > MAX_WORDS + 8:
            continue
        words_ = [x.strip(_EDGE_PUNCT) for x in parts]
        i, j = 0, len(words_)
        while i < j and (not words_[i] or words_[i].lower() in edge_start):
            i += 1
        while j > i and (not words_[j - 1] or words_[j - 1].lower() in edge_end):
            j -= 1
        if not 1 <= j - i <= MAX_WORDS:
            continue
        kept = words_[i:j]
        if kept[-1].lower() in w.generic_heads or any(x.lower() in banned or not _NAME_WORD.fullmatch(x) for x in kept):
            continue
        if len(kept) == 1 and (kept[0].lower() in STOPWORDS or _gerund(kept[0])):
            continue  # one common word ("analysis") or an activity ("designing") is no name
        if _not_a_name(kept, w, common):
            continue
        if len(kept) == 1 and kept[0].islower() and m is not None and m.group().strip().lower() in ("and", "or"):
            continue  # a modifier shared with the next name: "written and verbal communication"
        joined = "".join(kept)
        if len(joined) < 2 or not any(ch.isalpha() for ch in joined):
            continue
        # offsets: the first kept word's first character, the last one's end (punctuation stripped)
        k = 0
        for x in parts[:i]:
            k = piece.find(x, k) + len(x)
        k = piece.find(parts[i], k)
        start = k + parts[i].find(kept[0])
        for x in parts[i:j]:
            k = piece.find(x, k) + len(x)
        last, stripped = parts[j - 1], kept[-1]
        end = k - len(last) + last.find(stripped) + len(stripped)
        out.append((base + start, base + end))
    return out


def _frame_start(text: str, i: int) -> bool:
    """A frame word at ``i`` starts a word, or is glued to the one before ("platformsExperience")."""
    if i == 0:
        return True
    c = text[i - 1]
    return not (c.isalnum() or c in "_-") or (c.islower() and text[i].isupper())


def _phrases(text: str, layout: Layout, w: _Words) -> list[tuple[int, int, str]]:
    """(start, end, label) of every phrase to cut into names."""
    out = []
    n = len(text)
    for m in w.frame.finditer(text):
        a = m.end()
        if _frame_start(text, m.start()) and layout.section_at(a) not in DROPPED_SECTIONS:
            out.append((a, _clause_end(text, a, min(n, a + _MAX_PHRASE)), FRAME_LABEL))
    # list items: the lines of the item sections only
    heads = layout.head_starts
    for k, kind in enumerate(layout.head_kinds):
        if kind not in ITEM_SECTIONS:
            continue
        a = layout.head_ends[k]
        stop = heads[k + 1] if k + 1 < len(heads) else n
        while a < stop:
            b = text.find("\n", a, stop)
            b = stop if b < 0 else b
            line = text[a:b]
            if line.strip():
                lead = _BULLET_LEAD.match(line)
                body = a + (lead.end() if lead else 0)
                bulleted = lead is not None and lead.group().strip() != ""
                if bulleted or line.count(" ") < ITEM_WORDS:
                    out.append((body, _clause_end(text, body, b), ITEM_LABEL))
            a = b + 1
    return out


def discover(text: str, words: Sequence[str], layout: Layout, rows: Sequence[MatchRow],
             by_key: Mapping[str, str], starts: Sequence[int] | None = None) -> list[MatchRow]:
    """Discovered names of ``text`` (tokenised as ``words``) as matcher rows, by token start: the
    skill is the normalised name, the label :data:`FRAME_LABEL` or :data:`ITEM_LABEL`. A name that
    is a form of a known skill (``by_key``: normalised form -> name) or overlaps a match in
    ``rows`` is left out (the known skill is the candidate there). ``starts``: each word's
    character offset when known (else found here)."""
    w = _words()
    phrases = _phrases(text, layout, w)
    if not phrases:
        return []
    if starts is None or len(starts) != len(words):
        starts = _token_starts(words, text)
    if len(starts) != len(words):
        return []
    taken = [(r.start, r.end) for r in rows]  # rows come by start
    found: dict[tuple[int, int], MatchRow] = {}
    for a, b, label in phrases:
        for s, e in _names(text, a, b, w):
            if layout.section_at(s) in DROPPED_SECTIONS:  # a field such as "Benefits: ..." mid-line
                continue
            ts = bisect_left(starts, s)
            te = bisect_left(starts, e)  # the name must start and end at token edges
            if ts >= te or starts[ts] != s or starts[te - 1] + len(words[te - 1]) != e or (ts, te) in found:
                continue
            k = bisect_left(taken, (e, e))
            if k > 0 and taken[k - 1][1] > s:  # overlaps a known skill's match
                continue
            surface = text[s:e]
            if normalize_key(surface) in by_key:
                continue
            found[(ts, te)] = MatchRow(ts, te, s, e, normalised_name(surface), label)
    return sorted(found.values())


def tagged_name_ok(surface: str) -> bool:
    """A span the tagger proposed (``tagger.py``) reads as a name by the same filters as a cut
    phrase here: no edge word at either end, no ``not_in_name`` word, no umbrella plural last, not
    one common word or one -ing form alone, not a duty, trait or prose (:func:`_not_a_name`)."""
    w = _words()
    kept = [x.strip(_EDGE_PUNCT) for x in surface.split()]
    if not kept or not all(kept) or len(kept) > MAX_WORDS:
        return False
    lows = [x.lower() for x in kept]
    if lows[0] in w.edge_start or lows[-1] in w.edge_end or lows[-1] in w.generic_heads:
        return False
    if any(x in w.not_in_name for x in lows) or not all(_NAME_WORD.fullmatch(x) for x in kept):
        return False
    if len(kept) == 1 and (lows[0] in STOPWORDS or _gerund(kept[0])):
        return False
    joined = "".join(kept)
    if len(joined) < 2 or not any(ch.isalpha() for ch in joined):
        return False
    return not _not_a_name(kept, w, common_words())
