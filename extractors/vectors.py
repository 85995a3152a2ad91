"""Context-vector features of a skill candidate (rules 2.5).

The learned candidate decision (``skill_model.py``) reads, besides its sparse features, the words
around each candidate through word vectors learned from 4,720 unlabelled postings
(``training/skills/vectors.py``: floret skip-gram over the extractor's own tokens). The model is
linear in the *sum* of the vectors of three blocks of words:

- ``vL``: the three nearest words to the left (spaces and newlines skipped),
- ``vR``: the three nearest words to the right,
- ``vS``: the words of the candidate span itself when no context rule dropped it, ``vD`` the same
  words when one did (a strong tool name must not outweigh "the company does this": the name
  counts separately where a rule speaks against it),
- ``vB``: the first three words of its sentence or line ("Developing algorithms ..."), when the
  candidate is not among them,
- ``vC``: the words further out, the 4th to 8th each side (a bag),
- ``vP``: the words of the span again when the candidate stands in prose (not in a list, not in a
  requirements/preferred section) and no rule dropped it: a generic word ("algorithms", "security") weighs differently
  there than in a list of skills.

A linear function of a sum of vectors is a sum over the words of one number per word and block
(``w_block · v(word)``), so training folds each block's weight vector into one weight per corpus
word (features ``vL=word``, ``vR=word``, ``vS=word`` in the model's weight table): scoring stays a
dictionary sum, and the vectors themselves need not ship. A word the corpus never showed weighs
nothing. This module only names the words; the weights live in the model.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate, compress

__all__ = ["VECTOR_PREFIXES", "WINDOW", "Words", "vector_features"]

#: how many words each side of a candidate
WINDOW = 3
#: the feature prefixes this module emits (training treats them as dense vector blocks)
VECTOR_PREFIXES = ("vL=", "vR=", "vS=", "vB=", "vC=", "vP=", "vD=")
_LOOK = 8  # at most this many tokens are looked at each side to find WINDOW words
_WIDE = 8  # the vC bag: words WINDOW+1 .. _WIDE each side
_BACK = 40  # how far back the start of the sentence or line is looked for
_ENDS = frozenset(".!?;:•·●▪◦*")


class Words:
    """A text's lower-cased tokens as the blocks read them, built once per text: its words (the
    tokens not all spaces), how many words come before each token, and the tokens that end a
    sentence or line (a newline or sentence punctuation)."""

    __slots__ = ("before", "stops", "words")

    def __init__(self, lowers: list[str]) -> None:
        is_word = list(map(bool, map(str.strip, lowers)))
        self.words = list(compress(lowers, is_word))
        self.before = list(accumulate(is_word, initial=0))  # before[t]: the words among tokens [0, t)
        self.stops = [t for t, w in enumerate(lowers) if "\n" in w or w in _ENDS]


def vector_features(lowers: list[str], tok_start: int, tok_end: int, prose: bool = False, rule_keep: bool = True,
                    words: Words | None = None) -> list[str]:
    """The context-vector features of the candidate spanning tokens ``[tok_start, tok_end)``
    (``words``: ``Words(lowers)`` when the caller keeps it per text; made here otherwise)."""
    w = words if words is not None else Words(lowers)
    ws, before = w.words, w.before
    # the nearest WINDOW words each side, then the next ones (up to _WIDE) into the vC bag; at
    # most _LOOK + _WIDE tokens are looked at each side
    a = before[tok_start]
    lo = max(before[max(0, tok_start - _LOOK - _WIDE)], a - _WIDE)
    near = max(lo, a - WINDOW)
    f = ["vL=" + x for x in ws[near:a][::-1]]
    f += ["vC=" + x for x in ws[lo:near][::-1]]
    b = before[tok_end]
    hi = min(before[min(len(lowers), tok_end + _LOOK + _WIDE)], b + _WIDE)
    near = min(hi, b + WINDOW)
    f += ["vR=" + x for x in ws[b:near]]
    f += ["vC=" + x for x in ws[near:hi]]
    span = ws[a : before[min(tok_end, tok_start + 6)]]
    if not rule_keep:
        f += ["vD=" + x for x in span]
    elif prose:
        for x in span:
            f += ("vS=" + x, "vP=" + x)
    else:
        f += ["vS=" + x for x in span]
    # the start of the sentence or line: back to a newline or sentence punctuation, _BACK tokens at most
    k = bisect_left(w.stops, tok_start)
    first = max(w.stops[k - 1] + 1 if k else 0, tok_start - _BACK)
    if first < tok_start:
        c = before[first]
        f += ["vB=" + x for x in ws[c : min(a, c + WINDOW)]]
    return f
