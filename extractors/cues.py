"""Sentence cues: "a plus" / "nice to have" (:func:`preferred_cue`) and what is explicitly not
needed (:func:`negated_spans`)."""

from __future__ import annotations

import re

from skillgap.extractors.patterns import FoldedRegex, fold

__all__ = ["preferred_cue", "negated_spans"]


_PREFERRED_CUE = FoldedRegex(
    r"\b(?:(?:is |are |would be |will be )?an? (?:big |huge |strong |definite |major )?plus|"
    r"\(plus\)|plus\b(?=[.!)]|$)|preferred|preferably|preferable|nice[- ]to[- ]have|bonus|ideally|ideal(?= candidate)|"
    r"(?:is |would be |will be |be )(?:very |extremely )?helpful|helpful|an asset|advantage(?:ous)?|desired|desirable|"
    r"not (?:required|mandatory|necessary|a requirement)|good to have|beneficial|even better|"
    r"a bonus|optional|welcome|appreciated|a strong plus|would be great|"
    # not asked now, only hoped for: "Knowledge of D3 could help.", "willing to learn Go",
    # "it's likely you'll also have used Kafka" ("eager to learn" is a trait asked for: no cue)
    r"(?:could|would|might) help(?=\s*[.!;)]|\s*$)|(?:willing|inclined|open) to learn|"
    r"likely (?:that )?you(?:'ll|’ll| will)? also)\b",
    first="(abcdeghilmnopw",
)


def preferred_cue(clause: str) -> bool:
    """True when a sentence marks what it names as nice-to-have."""
    return bool(_PREFERRED_CUE.search(clause, fold(clause)))


_NEGATION = re.compile(
    r"\b(?:no|without(?: any)?|zero)\s+(?:prior\s+|previous\s+|formal\s+|professional\s+|real\s+)?"
    r"(?:[\w+#./-]+[\s,]+){0,4}?(?:experience|knowledge|background|skills?)\b"
    r"(?:\s+(?:with|in|of)\s+[\w+#./-]+){0,2}"
    r"[\s,]*(?:is\s+|are\s+)?(?:needed|required|necessary|expected|a must)\b"
    r"|\b(?:you\s+)?(?:don't|do not|don’t|won't|will not)\s+need\s+(?:to\s+(?:know|have|be\s+an?\s+expert\s+in)\s+)?(?:any\s+)?(?:prior\s+)?(?:[\s,]*[\w+#./-]+){1,5}",
    re.I,
)


def negated_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans (relative to ``sentence``) in which a named skill is explicitly not required."""
    return [m.span() for m in _NEGATION.finditer(sentence)]
