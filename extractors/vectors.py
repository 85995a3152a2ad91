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

from collections.abc import Callable
from itertools import islice
from typing import Any

__all__ = ["AS_NAMES", "VECTOR_PREFIXES", "WINDOW", "vector_features"]

#: how many words each side of a candidate
WINDOW = 3
#: the feature prefixes this module emits (training treats them as dense vector blocks)
VECTOR_PREFIXES = ("vL=", "vR=", "vS=", "vB=", "vC=", "vP=", "vD=")
_LOOK = 8  # at most this many tokens are looked at each side to find WINDOW words
_WIDE = 8  # the vC bag: words WINDOW+1 .. _WIDE each side
_BACK = 40  # how far back the start of the sentence or line is looked for
_ENDS = frozenset(".!?;:•·●▪◦*")


#: What :func:`vector_features` emits per block (in ``VECTOR_PREFIXES`` order): a word's feature name.
AS_NAMES: tuple[Callable[[str], Any], ...] = tuple(p.__add__ for p in VECTOR_PREFIXES)
_strip = str.strip  # a word: a token that is not all spaces


def vector_features(lowers: list[str], tok_start: int, tok_end: int, prose: bool = False, rule_keep: bool = True,
                    emit: tuple[Callable[[str], Any], ...] = AS_NAMES) -> list[Any]:
    """The context-vector features of the candidate spanning tokens ``[tok_start, tok_end)``, in
    the order the model sums them. ``emit``: per block (``VECTOR_PREFIXES`` order) what a word
    becomes: its feature name (the default: what training reads), or its weight in the block
    (``skill_model.SkillModel.vector_emit``: the extractor's logit without the names)."""
    vl, vr, vs, vb, vc, vp, vd = emit
    # the nearest WINDOW words each side, then the next ones (up to _WIDE) into the vC bag; at
    # most _LOOK + _WIDE tokens are looked at each side
    words = filter(_strip, lowers[max(0, tok_start - _LOOK - _WIDE) : tok_start][::-1])
    f = list(map(vl, islice(words, WINDOW)))
    f += map(vc, islice(words, _WIDE - WINDOW))
    words = filter(_strip, lowers[tok_end : tok_end + _LOOK + _WIDE])
    f += map(vr, islice(words, WINDOW))
    f += map(vc, islice(words, _WIDE - WINDOW))
    span = filter(_strip, lowers[tok_start : min(tok_end, tok_start + 6)])
    if not rule_keep:
        f += map(vd, span)
    elif prose:
        for w in span:
            f += (vs(w), vp(w))
    else:
        f += map(vs, span)
    # the start of the sentence or line: back to a newline or sentence punctuation
    b = tok_start
    while b > 0 and tok_start - b < _BACK:
        w = lowers[b - 1]
        if "\n" in w or w in _ENDS:
            break
        b -= 1
    if b < tok_start:
        f += map(vb, islice(filter(_strip, lowers[b:tok_start]), WINDOW))
    return f
