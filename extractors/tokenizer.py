"""The one tokenizer of the extraction pipeline: :class:`RegexTokenizer`, in place of spaCy's
rule-based English tokenizer.

Speed is why it exists: the rule-based tokenizer alone manages ~300 postings/s of 3,000 characters
on one core here; this one splits the whole text with one ``re.split`` and does Python work per
token only for the rare words glued together by flattened HTML. Skill names split the same way in
running text and in the taxonomy, because the matcher tokenises every alias with this tokenizer too.

:meth:`RegexTokenizer.words` is the one tokenisation path: the ``Doc`` a pipeline makes
(:meth:`RegexTokenizer.__call__`) and the extractor's Doc-free path (``pipeline.match_text``) both
take their words from it.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

__all__ = ["RegexTokenizer", "CAMEL_RE"]

# URLs and e-mail addresses stay whole; an address is tried only where a run of its characters
# starts (the same tokens, and linear time on a long run such as "------").
_URL_EMAIL = r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+"
# A leading dot belongs to a word only at a word start (".NET") or before "Net" ("ASP.Net"): in
# flattened text a sentence's full stop is glued to the next sentence ("with Spark.Python is a
# plus") and must not hide its first word.
_WORD = (
    r"(?:\.(?:(?<![^\W_]\.)|(?=[Nn][Ee][Tt]\b)))?"  # the dot first: the look-arounds run only at a dot
    r"[^\W_]+(?:[.'’](?![A-Z][a-z])[^\W_]+)*(?:\+\+|#(?![\w#]))?"  # Node.js, .NET, C++, C#, 3.5, don't
    r"|\S"  # any other character is a token of its own: - / ( ) , + & ...
)
# One match per token: the token (or a run of whitespace, which is a token of its own) and the
# single space that follows it. The URL/e-mail branches are left out when the text cannot hold one.
_SPLIT_RE = re.compile(r"(" + _URL_EMAIL + "|" + _WORD + r"|\s+)( ?)")
_SPLIT_PLAIN_RE = re.compile(r"(" + _WORD + r"|\s+)( ?)")
#: The case changes at which words glued together by flattened HTML split ("Power BIExperience").
CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z]{2})")
# The capitals at which CAMEL_RE splits (fast to find: every match starts with a capital).
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
        words, spaces = self.words(text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def words(self, text: str) -> tuple[list[str], list[bool]]:
        """The token texts and trailing-space flags of ``text``."""
        rx = _SPLIT_RE if ("@" in text or "http" in text or "www." in text) else _SPLIT_PLAIN_RE
        flat = rx.split(text)  # ["", token, space, "", token, space, ..., ""]
        words = flat[1::3]
        spaces = list(map(bool, flat[2::3]))
        if _CAMEL_AT.search(text) is None:
            return words, spaces
        # words glued by flattened HTML ("Power BIExperience"): split at the case change
        camel = CAMEL_RE.split
        out_w: list[str] = []
        out_s: list[bool] = []
        prev = 0
        for i in _glued(words, text):
            w = words[i]
            if len(w) > 3 and not w.islower() and not w.isupper() and len(parts := camel(w)) > 1 and w.lower() not in self.keep:
                out_w += words[prev:i]
                out_s += spaces[prev:i]
                out_w += parts
                out_s += [False] * (len(parts) - 1)
                out_s.append(spaces[i])
                prev = i + 1
        return out_w + words[prev:], out_s + spaces[prev:]

    # spaCy serialisation hooks (the tokenizer has no state beyond the vocab)
    def to_bytes(self, **_kw: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kw: Any) -> RegexTokenizer:
        return self

    def to_disk(self, _path: Any, **_kw: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_kw: Any) -> RegexTokenizer:
        return self


def _glued(words: list[str], text: str) -> list[int]:
    """The indices, in order, of the words holding a case change where :data:`CAMEL_RE` splits.
    Searched in C over the words joined by NUL (a NUL matches no side of a case change, so no
    match crosses two words); word by word when the text itself holds a NUL (the same indices)."""
    if "\0" in text:
        search = _CAMEL_AT.search
        return [i for i, w in enumerate(words) if search(w) is not None]
    joined = "\0".join(words)
    # the word of each match: the separators before it (counted from the previous match)
    at: set[int] = set()
    count = pos = 0
    for m in _CAMEL_AT.finditer(joined):
        a = m.start()
        count += joined.count("\0", pos, a)
        pos = a
        at.add(count)
    return sorted(at)
