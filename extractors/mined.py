"""Corpus-mined names (issue 17, mine17): names that the name discovery of ``discover.py`` found
standing as a skill in the postings of several companies of the unlabelled corpus
(``data/vocab/mined.tsv.gz``, built label-free by ``training/skills/build_mined.py``: names and
their number of companies only).

Used only with discovery on and a skill model trained with them (``SkillModel.meta["mined"]``):
an occurrence of a listed name anywhere outside the dropped sections, at word edges, that is no
known skill's match and no name discovery already proposes becomes a discovered candidate
(label :data:`MINED_LABEL`, origin ``"discovered"``), judged by the same model; every discovered
candidate whose name is listed carries its count bucket (:func:`mined_features`).

Imports nothing from ``pipelines`` or ``analysis``.
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from importlib.resources import files
from typing import Any

from skillgap.extractors.discover import MINED_LABEL
from skillgap.extractors.pipeline import MatchRow
from skillgap.extractors.sections import DROPPED_SECTIONS, Layout

__all__ = ["MINED_FILE", "MINED_LABEL", "MinedNames", "load_mined", "mined_bucket", "mined_features"]

MINED_FILE = "vocab/mined.tsv.gz"
_MAX_TOKENS = 10  # tokens looked at from a name's first one ("scikit - learn" is three)
_HEAD = re.compile(r"[^\W_]+|\S")


def mined_bucket(n: int) -> str:
    """The bucket of a name mined in ``n`` companies."""
    return "20" if n >= 20 else "10" if n >= 10 else "5" if n >= 5 else "3" if n >= 3 else "1"


def mined_features(n: int) -> list[str]:
    """Features of a discovered candidate whose name was mined in ``n`` corpus companies."""
    return ["mined", "mined=" + mined_bucket(n)]


class MinedNames:
    """The mined names (normalised: case-folded, white space collapsed) and their companies."""

    __slots__ = ("counts", "heads", "prefixes")

    def __init__(self, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)
        # a name can only start at a word whose lower-cased text is its first word's first run,
        # and a span is only extended while its text is the beginning of some name
        self.heads = frozenset(m.group() for n in self.counts if (m := _HEAD.match(n)))
        self.prefixes = frozenset(n[:k] for n in self.counts for k in range(1, len(n) + 1))

    def __len__(self) -> int:
        return len(self.counts)

    @classmethod
    def from_bytes(cls, raw: bytes, min_companies: int = 1) -> MinedNames:
        counts = {}
        for line in gzip.decompress(raw).decode("utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            name, n = line.rsplit("\t", 1)
            if int(n) >= min_companies:
                counts[" ".join(name.split()).casefold()] = int(n)
        return cls(counts)

    def rows(self, text: str, words: Sequence[str], lowers: Sequence[str], starts: Sequence[int], layout: Layout,
             taken: Sequence[MatchRow]) -> list[MatchRow]:
        """The occurrences of mined names in ``text`` (tokenised as ``words``, each starting at
        ``starts``) as matcher rows (label :data:`MINED_LABEL`, skill: the name), by token start:
        the longest name at a word start, outside the dropped sections, not overlapping a row of
        ``taken`` (known matches and discovered names, by start) nor an earlier occurrence."""
        if not self.counts or len(starts) != len(words):
            return []
        heads, counts, prefixes, n = self.heads, self.counts, self.prefixes, len(words)
        spans = sorted((r.start, r.end) for r in taken)
        out: list[MatchRow] = []
        last_end = -1
        for i, low in enumerate(lowers):
            if low not in heads:
                continue
            s = starts[i]
            if s < last_end or (s > 0 and text[s - 1].isalnum()):
                continue
            best = None
            for j in range(i + 1, min(n, i + _MAX_TOKENS) + 1):
                e = starts[j - 1] + len(words[j - 1])
                seg = text[s:e]
                if "  " in seg or "\n" in seg or "\t" in seg:
                    seg = " ".join(seg.split())
                seg = seg.casefold()
                if seg not in prefixes:
                    break
                if seg in counts and (e >= len(text) or not text[e].isalnum()):
                    best = (j, e)
            if best is None:
                continue
            j, e = best
            k = bisect_left(spans, (e, e))
            if k > 0 and spans[k - 1][1] > s:  # overlaps a known match or a discovered name
                continue
            if layout.section_at(s) in DROPPED_SECTIONS:
                continue
            out.append(MatchRow(i, j, s, e, " ".join(text[s:e].split()).casefold(), MINED_LABEL))
            last_end = e
        return out


_BUNDLED: dict[str, MinedNames | None] = {}


def load_mined(model: Any) -> MinedNames | None:
    """The mined names the bundled skill model was trained with (its metadata says so, with the
    minimum number of companies; cached), None when it names none or the file is absent."""
    meta = getattr(model, "meta", None) or {}
    if not meta.get("mined"):
        return None
    k = int((meta.get("config") or {}).get("mined", {}).get("min_companies", 1))
    key = f"bundled{k}"
    if key not in _BUNDLED:
        try:
            raw = files("skillgap.data").joinpath(MINED_FILE).read_bytes()
        except (OSError, ModuleNotFoundError):
            raw = b""
        _BUNDLED[key] = MinedNames.from_bytes(raw, k) if raw else None
    return _BUNDLED[key]
