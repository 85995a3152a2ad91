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

__all__ = ["VECTOR_PREFIXES", "WINDOW", "vector_features"]

#: how many words each side of a candidate
WINDOW = 3
#: the feature prefixes this module emits (training treats them as dense vector blocks)
VECTOR_PREFIXES = ("vL=", "vR=", "vS=", "vB=", "vC=", "vP=", "vD=")
_LOOK = 8  # at most this many tokens are looked at each side to find WINDOW words
_WIDE = 8  # the vC bag: words WINDOW+1 .. _WIDE each side
_BACK = 40  # how far back the start of the sentence or line is looked for
_ENDS = frozenset(".!?;:•·●▪◦*")


def vector_features(lowers: list[str], tok_start: int, tok_end: int, prose: bool = False, rule_keep: bool = True) -> list[str]:
    """The context-vector features of the candidate spanning tokens ``[tok_start, tok_end)``."""
    f: list[str] = []
    k = 0
    for t in range(tok_start - 1, max(-1, tok_start - 1 - _LOOK - _WIDE), -1):
        w = lowers[t]
        if w.strip():
            k += 1
            f.append(("vL=" if k <= WINDOW else "vC=") + w)
            if k == _WIDE:
                break
    k = 0
    n = len(lowers)
    for t in range(tok_end, min(n, tok_end + _LOOK + _WIDE)):
        w = lowers[t]
        if w.strip():
            k += 1
            f.append(("vR=" if k <= WINDOW else "vC=") + w)
            if k == _WIDE:
                break
    for t in range(tok_start, min(tok_end, tok_start + 6)):
        w = lowers[t]
        if w.strip():
            f.append(("vS=" if rule_keep else "vD=") + w)
            if prose and rule_keep:
                f.append("vP=" + w)
    # the start of the sentence or line: back to a newline or sentence punctuation
    b = tok_start
    while b > 0 and tok_start - b < _BACK:
        w = lowers[b - 1]
        if "\n" in w or w in _ENDS:
            break
        b -= 1
    if b < tok_start:
        k = 0
        for t in range(b, tok_start):
            w = lowers[t]
            if w.strip():
                f.append("vB=" + w)
                k += 1
                if k == WINDOW:
                    break
    return f
