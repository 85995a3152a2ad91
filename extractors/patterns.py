"""Regex tooling for rules that scan job texts: case folding (:func:`fold`, :class:`FoldedRegex`),
whole-text scans in linear time (:func:`linear_regex`, google-re2 with ``re`` as fallback) and
word-list alternations factored as a trie (:func:`trie_regex`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

try:  # linear-time engine for whole-text scans (a declared dependency; ``re`` if missing)
    import re2 as _re2
except ImportError:  # pragma: no cover
    _re2 = None

__all__ = ["fold", "FoldedRegex", "linear_regex", "trie_regex"]


def fold(text: str) -> str | None:
    """``text.lower()`` when a case-sensitive match of a lower-case pattern on it finds exactly
    what a ``re.IGNORECASE`` match finds on ``text``, at the same offsets; else None (the rare
    letters İ, ı and ſ, which fold differently)."""
    low = text.lower()
    if len(low) != len(text) or "ı" in low or "ſ" in low:
        return None
    return low


_UPPER_OUTSIDE_ESCAPES = re.compile(r"(?<!\\)[A-Z]")


def linear_regex(source: str, *, ignore_case: bool = False) -> Any:
    """``source`` compiled for google-re2 (``import re2``: a linear-time automaton, and much
    faster than ``re`` on a long alternation scanned over a whole text) when the syntax allows
    (no look-around, no back-references), else by ``re``. Either object has ``search``,
    ``match`` and ``finditer`` with ``re``'s offsets (characters). Use it for patterns that scan
    whole texts once; ``re2`` re-encodes the text on every call, so not for many calls at
    positions of one long text."""
    fallback = re.compile(source, re.I if ignore_case else 0)
    if _re2 is not None:
        try:
            return _Linear(_re2.compile(("(?i)" if ignore_case else "") + source), fallback)
        except Exception:  # noqa: BLE001 - re2.error: syntax re2 does not support
            pass
    return fallback


class _Linear:
    """A google-re2 pattern with the same pattern in ``re`` for text re2 cannot encode (a lone
    surrogate, valid in JSON): both give character offsets."""

    __slots__ = ("fast", "slow")

    def __init__(self, fast: Any, slow: re.Pattern[str]) -> None:
        self.fast, self.slow = fast, slow

    def search(self, text: str, *args: int) -> Any:
        try:
            return self.fast.search(text, *args)
        except UnicodeEncodeError:
            return self.slow.search(text, *args)

    def match(self, text: str, *args: int) -> Any:
        try:
            return self.fast.match(text, *args)
        except UnicodeEncodeError:
            return self.slow.match(text, *args)

    def finditer(self, text: str, *args: int) -> Iterator[Any]:
        it = self.fast.finditer(text, *args)
        try:
            first = next(it, None)  # re2 encodes the text here
        except UnicodeEncodeError:
            yield from self.slow.finditer(text, *args)
            return
        if first is not None:
            yield first
            yield from it


class FoldedRegex:
    """A case-insensitive regex that runs case-sensitively on the lower-cased text (what
    :func:`fold` returns), several times faster in ``re``, with optional guards that let the
    engine reject most positions at once: ``word_start`` (every match starts a word: the
    pattern's alternatives all open with ``\\b`` and a word character) and ``first`` (the
    characters a match can start with, as a character-class body; ``second``, the characters
    that can follow the first one). Falls back to the plain
    ``re.IGNORECASE`` pattern on the original text when ``low`` is None. Matches index the
    original text; ``m.group()`` is lower-cased on the fast path, so slice the text for its case.
    """

    __slots__ = ("fast", "slow")

    def __init__(self, source: str, *, word_start: bool = False, first: str = "", second: str = "", flags: int = 0) -> None:
        bare = re.sub(r"\\[A-Za-z]|\(\?P<\w+>|\(\?P=\w+\)", "", source)
        if _UPPER_OUTSIDE_ESCAPES.search(bare):
            raise ValueError(f"FoldedRegex needs a lower-case pattern: {source[:60]!r}")
        self.slow = re.compile(source, flags | re.I)
        guard = (r"(?<!\w)" if word_start else "") + (f"(?=[{first}]" + (f"[{second}]" if second else "") + ")" if first else "")
        self.fast = re.compile(guard + "(?:" + source + ")", flags)

    def finditer(self, text: str, low: str | None) -> Iterator[re.Match[str]]:
        return self.fast.finditer(low) if low is not None else self.slow.finditer(text)

    def search(self, text: str, low: str | None) -> re.Match[str] | None:
        return self.fast.search(low) if low is not None else self.slow.search(text)


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored as a trie (fast first-character dispatch)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = []
        optional = "" in node
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if optional:
            body = "(?:" + body + ")?"
        return body

    return build(trie)
