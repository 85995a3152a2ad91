"""A learned span proposer: skill names beyond the vocabulary, found by a token tagger (issue 17).

Off unless a tagger is given (``Extractor.tagger``; the shipped model names its tagger file in
its metadata). Where a posting asks for skills (the lines of its requirements and preferred
sections: :data:`TAG_SECTIONS`), a linear begin/inside/outside tagger reads each token through a
window of :data:`OFFSETS` and proposes the spans it tags; they become candidates of origin
``discovered`` (label ``DISC_TAG`` and a probability bucket), judged by the same skill model as every other candidate.

Per token, :data:`SLOTS` features: the lower-cased word, its shape ("Xxxx", "xx.x", "dd"), its
last and first three letters, whether a vocabulary match starts or continues there, and (at the
token itself) the section, whether the token starts its line and whether the line is a list item.
The model is a table ``W[offset, feature id, class]`` (``training/skills/tagger.py`` fits it; the
corpus word vectors are folded into the word rows, as ``vectors.py`` does for the skill model):
a token's scores are a sum of table rows picked by numpy fancy indexing, with no Python loop per
feature. A span is kept when its tokens' mean probability of not being "outside" reaches the
tagger's threshold, it has 1 to :data:`discover.MAX_WORDS` words, reads as a name (the filters of
``discover.py``), is no known form and overlaps no known match.

Imports nothing from ``pipelines`` or ``analysis``.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from skillgap.extractors.discover import TAG_LABEL
from skillgap.extractors.pipeline import MatchRow
from skillgap.extractors.sections import DROPPED_SECTIONS, Layout

__all__ = ["OFFSETS", "SLOTS", "TAG_SECTIONS", "Tagger", "line_info", "regions", "token_keys"]

TAG_SECTIONS = frozenset({"requirements", "preferred"})
OFFSETS = (-2, -1, 0, 1, 2)
SLOTS = ("w", "s", "x", "p", "m", "l")  # word, shape, suffix, prefix, vocabulary match, line
PAD = 0  # the feature id of a position outside the region (weights zero)
CLASSES = ("O", "B", "I")
_CTX = 2  # tokens of context read past each end of a region

_SHAPE_SUB = [(re.compile(r"[A-Z]"), "X"), (re.compile(r"[a-z]"), "x"), (re.compile(r"[0-9]"), "d")]
_BULLET_TOKENS = frozenset("-–—•*·●▪◦>")
_NUM_BULLET = re.compile(r"\d{1,2}[.)]?")


def shape(word: str) -> str:
    """The word's shape: letters as X / x, digits as d, runs longer than two cut to two."""
    s = word
    for rx, ch in _SHAPE_SUB:
        s = rx.sub(ch, s)
    return re.sub(r"(.)\1{2,}", r"\1\1", s)


def token_keys(word: str) -> tuple[str, str, str, str]:
    """The word-level feature names of a token (slots w, s, x, p)."""
    low = word.lower()
    return "w=" + low, "s=" + shape(word), "x=" + low[-3:], "p=" + low[:3]


def regions(starts: np.ndarray, layout: Layout, sections: frozenset[str] = TAG_SECTIONS) -> list[tuple[int, int, str]]:
    """Token ranges ``[a, b)`` and section of the parts of the text in ``sections`` (headings
    left out; the text before the first heading is "other")."""
    out = []
    heads = layout.head_starts
    n = len(starts)
    parts = [(0, heads[0] if heads else None, "other")]
    parts += [(layout.head_ends[k], heads[k + 1] if k + 1 < len(heads) else None, kind) for k, kind in enumerate(layout.head_kinds)]
    for s, e, kind in parts:
        if kind not in sections:
            continue
        a = int(np.searchsorted(starts, s, "left"))
        b = int(np.searchsorted(starts, e, "left")) if e is not None else n
        if a < b:
            out.append((a, b, kind))
    return out


def line_info(words: Sequence[str], a: int, b: int, section: str) -> list[str]:
    """Per token of ``words[a:b]``: the line slot's feature ("l=<section>|<line start>|<item>")."""
    out = []
    start = True  # the region starts after a heading: a line start
    item = False
    pre = "l=" + section + "|"
    for t in range(a, b):
        w = words[t]
        if not w.strip():
            out.append(pre + "sp")
            if "\n" in w:
                start, item = True, False
            continue
        if start and not item and (w in _BULLET_TOKENS or _NUM_BULLET.fullmatch(w)):
            item = True
            out.append(pre + "bullet")
            continue
        out.append(pre + ("1" if start else "0") + ("b" if item else ""))
        start = False
    return out


def match_slots(rows: Sequence[MatchRow], a: int, b: int) -> list[str]:
    """Per token of ``[a, b)``: "m=B" / "m=I" inside a vocabulary match, "m=" elsewhere."""
    out = ["m="] * (b - a)
    for r in rows:
        if r.tok_end <= a or r.tok_start >= b:
            continue
        for t in range(max(a, r.tok_start), min(b, r.tok_end)):
            out[t - a] = "m=B" if t == r.tok_start else "m=I"
    return out


@dataclass
class Tagger:
    """A fitted tagger: feature name -> id, the weight table ``W[offset, id, class]`` (row 0: none)
    and the class biases; spans are kept at mean non-"O" probability >= ``threshold``."""

    index: dict[str, int]
    W: np.ndarray
    b: np.ndarray
    threshold: float = 0.5
    sections: frozenset[str] = TAG_SECTIONS
    meta: dict[str, Any] = field(default_factory=dict)
    _cache: dict[str, tuple[int, int, int, int, int, int]] = field(default_factory=dict, repr=False)
    _lines: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _wflat: list[np.ndarray] | None = field(default=None, repr=False)
    _rowof: dict[str, int] = field(default_factory=dict, repr=False)
    _wsum: np.ndarray | None = field(default=None, repr=False)
    _rkind: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32), repr=False)
    _ralnum: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool), repr=False)

    # -------------------------------------------------------------- features as ids
    def _word_ids(self, word: str) -> tuple[int, int, int, int, int, int]:
        """The ids of slots w, s, x, p of ``word``, its kind (0 a word, 1 space, 3 line break,
        4 bullet) and whether it holds a letter or digit."""
        got = self._cache.get(word)
        if got is None:
            idx = self.index
            w, s, x, p = token_keys(word)
            kind = (3 if "\n" in word else 1) if not word.strip() else 4 if word in _BULLET_TOKENS or _NUM_BULLET.fullmatch(word) else 0
            got = (idx.get(w, idx["w=?"]), idx.get(s, idx["s=?"]), idx.get(x, idx["x=?"]), idx.get(p, idx["p=?"]), kind,
                   int(any(ch.isalnum() for ch in word)))
            if len(self._cache) < 200_000:
                self._cache[word] = got
        return got

    def _words(self, words: Sequence[str]) -> np.ndarray:
        """``(len(words), 6)``: :meth:`_word_ids` of each word (one dictionary look-up a word)."""
        got: list[Any] = list(map(self._cache.get, words))
        if None in got:
            got = [g if g is not None else self._word_ids(w) for g, w in zip(got, words)]
        return np.array(got, dtype=np.int32).reshape(len(words), 6)

    def _line_ids(self, section: str) -> np.ndarray:
        """The line slot's ids for ``section``, by code (:data:`_LINE_CODES`)."""
        got = self._lines.get(section)
        if got is None:
            got = self._lines[section] = np.array([self.index.get("l=" + section + "|" + c, 0) for c in _LINE_CODES], dtype=np.int32)
        return got

    def ids(self, words: Sequence[str], a: int, b: int, section: str, rows: Sequence[MatchRow]) -> np.ndarray:
        """The ``(b - a, len(SLOTS))`` feature ids of tokens ``[a, b)`` (the line slot as
        :func:`line_info` names it, computed with array operations)."""
        got = self._words(words[a:b])
        return self._assemble(got, self._match_ids(rows, a, b), self._line_ids(section)[_line_codes(got[:, 4])])

    def _match_ids(self, rows: Sequence[MatchRow], a: int, b: int) -> np.ndarray:
        """Per token of ``[a, b)``, the id of "m=B" (a match starts there), "m=I" (inside one) or "m="."""
        n = b - a
        m: np.ndarray = np.full(n, self.index.get("m=", 0), dtype=np.int32)
        if not rows:
            return m
        se = np.array([(r.tok_start, r.tok_end) for r in rows], dtype=np.int64).reshape(-1, 2) - a
        se = se[(se[:, 1] > 0) & (se[:, 0] < n)]
        depth: np.ndarray = np.zeros(n + 1, dtype=np.int64)
        np.add.at(depth, np.clip(se[:, 0], 0, n), 1)
        np.add.at(depth, np.clip(se[:, 1], 0, n), -1)
        m[np.cumsum(depth[:n]) > 0] = self.index.get("m=I", 0)
        first = se[:, 0][se[:, 0] >= 0]
        m[first] = self.index.get("m=B", 0)
        return m

    @staticmethod
    def _assemble(got: np.ndarray, m: np.ndarray, line: np.ndarray) -> np.ndarray:
        out: np.ndarray = np.empty((len(got), len(SLOTS)), dtype=np.int32)
        out[:, :4] = got[:, :4]
        out[:, 4] = m
        out[:, 5] = line
        return out

    def probabilities(self, ids: np.ndarray) -> np.ndarray:
        """Class probabilities ``(n, 3)`` of the tokens whose ids are ``ids`` (one region)."""
        n, k = ids.shape
        lo = -min(OFFSETS)
        pad = np.zeros((len(OFFSETS) - 1 + n, k), dtype=np.int32)
        pad[lo : lo + n] = ids
        # one gather: (token, offset x slot) -> a row of the flattened table; a pad (id 0) lands
        # on row 0 of its offset's block, which is zero
        win = np.lib.stride_tricks.sliding_window_view(pad, (len(OFFSETS), k))[:, 0]  # (n, offsets, slots)
        flat = (win + self._block).reshape(n, -1)
        z = np.stack([t[flat].sum(axis=1) for t in self._flat], axis=1) + self.b  # one 1-D table per class: faster
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    @property
    def _flat(self) -> list[np.ndarray]:
        """Per class, the weight table flattened over (offset, feature id)."""
        if self._wflat is None:
            self.W[:, 0] = 0.0
            flat = self.W.reshape(-1, self.W.shape[2])
            self._wflat = [np.ascontiguousarray(flat[:, c], dtype=np.float32) for c in range(flat.shape[1])]
        return self._wflat

    @property
    def _block(self) -> np.ndarray:
        """Per offset, the first row of its block in the flattened table, shaped to add to a window."""
        return (np.arange(len(OFFSETS), dtype=np.int32) * self.W.shape[1])[:, None]

    # -------------------------------------------------------------- per-word sums
    def _word_rows(self, words: Sequence[str]) -> np.ndarray:
        """Each word's row in the per-word tables (``_wsum``: the word-level slots' weights summed
        per offset and class; ``_rkind``, ``_ralnum``), added on first sight."""
        if self._wsum is None or len(self._rowof) > 200_000:
            self.W[:, 0] = 0.0  # feature id 0: a pad, weighs nothing
            self._rowof = {}
            self._wsum = np.zeros((1024, len(OFFSETS), 3), dtype=np.float32)  # row 0: a pad
            self._rkind = np.full(1024, 3, dtype=np.int32)
            self._ralnum = np.zeros(1024, dtype=bool)
        got: list[Any] = list(map(self._rowof.get, words))
        if None in got:
            for k, w in enumerate(words):
                if got[k] is None:
                    got[k] = self._add_word(w)
        return np.array(got, dtype=np.int64)

    def _add_word(self, word: str) -> int:
        r = self._rowof.get(word)
        if r is not None:
            return r
        assert self._wsum is not None
        r = len(self._rowof) + 1
        if r >= len(self._wsum):
            grow = len(self._wsum)
            self._wsum = np.concatenate([self._wsum, np.zeros_like(self._wsum[:grow])])
            self._rkind = np.concatenate([self._rkind, np.zeros(grow, dtype=np.int32)])
            self._ralnum = np.concatenate([self._ralnum, np.zeros(grow, dtype=bool)])
        ids = self._word_ids(word)
        self._wsum[r] = self.W[:, list(ids[:4]), :].sum(axis=1)
        self._rkind[r] = ids[4]
        self._ralnum[r] = bool(ids[5])
        self._rowof[word] = r
        return r

    def _probabilities_rows(self, rows: np.ndarray, m: np.ndarray, line: np.ndarray) -> np.ndarray:
        """Class probabilities of tokens given by their word rows, match ids and line ids (pad
        rows 0), with the window of :data:`OFFSETS`."""
        assert self._wsum is not None
        n = len(rows)
        lo = -min(OFFSETS)
        K = len(OFFSETS)
        rp: np.ndarray = np.zeros(n + K - 1, dtype=np.int64)
        mp: np.ndarray = np.zeros(n + K - 1, dtype=np.int64)
        lp: np.ndarray = np.zeros(n + K - 1, dtype=np.int64)
        rp[lo : lo + n], mp[lo : lo + n], lp[lo : lo + n] = rows, m, line
        z = np.tile(self.b.astype(np.float32), (n, 1))
        W, ws = self.W, self._wsum
        for k, o in enumerate(OFFSETS):
            sl = slice(lo + o, lo + o + n)
            z += ws[rp[sl], k]
            z += W[k][mp[sl]]
            z += W[k][lp[sl]]
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    # -------------------------------------------------------------- spans
    def spans(self, text: str, words: Sequence[str], starts: Sequence[int], layout: Layout,
              rows: Sequence[MatchRow], by_key: Mapping[str, str]) -> list[MatchRow]:
        """The proposed names of ``text`` as matcher rows (label :data:`~discover.TAG_LABEL` and
        the span's probability bucket, the skill its normalised name), by token start; none
        overlaps a row of ``rows``. All regions are scored in one pass: their tokens (with
        :data:`_CTX` of context each side) laid end to end, two pad rows between regions."""
        from skillgap.extractors.discover import MAX_WORDS, normalised_name, tagged_name_ok
        from skillgap.extractors.taxonomy import normalize_key

        if len(starts) != len(words):
            from skillgap.extractors.discover import _token_starts

            starts = _token_starts(words, text)
            if len(starts) != len(words):
                return []
        st = np.asarray(starts)
        regs = regions(st, layout, self.sections)
        if not regs:
            return []
        n = len(words)
        gap = len(OFFSETS) // 2
        # the regions' tokens (with context) end to end, ``gap`` pad rows (-1) after each
        tix_parts, inner_parts, sec_parts = [], [], []
        secs: dict[str, int] = {}
        seen: list[str] = []
        for a, b, section in regs:
            ca, cb = max(0, a - _CTX), min(n, b + _CTX)
            tix = np.arange(ca, cb)
            tix_parts += [tix, np.full(gap, -1)]
            inner_parts += [np.where((tix >= a) & (tix < b), tix, -1), np.full(gap, -1)]
            sec_parts.append(np.full(cb - ca + gap, secs.setdefault(section, len(secs))))
            seen.extend(words[ca:cb])
        tix = np.concatenate(tix_parts)
        tok = np.concatenate(inner_parts)
        pad = tix < 0
        R = self._word_rows(seen)
        rows_all: np.ndarray = np.zeros(len(tix), dtype=np.int64)
        rows_all[~pad] = R
        kind = self._rkind[rows_all]
        kind[pad] = 3  # a pad row reads as a line break: the next region starts a line
        line_tab = np.stack([self._line_ids(sec) for sec in secs])
        L = line_tab[np.concatenate(sec_parts), _line_codes(kind)]
        M = self._match_ids(rows, 0, n)[np.where(pad, 0, tix)]
        L[pad] = 0
        M[pad] = 0
        P = self._probabilities_rows(rows_all, M, L)
        P[tok < 0] = (1.0, 0.0, 0.0)  # context and pad rows start no span
        alnum: np.ndarray = np.zeros(n + 1, dtype=bool)
        alnum[tix[~pad]] = self._ralnum[R]
        taken: np.ndarray = np.zeros(n + 1, dtype=np.int32)
        for r in rows:
            taken[r.tok_start : r.tok_end] = 1
        ctaken = np.concatenate([[0], np.cumsum(taken)])
        out: list[MatchRow] = []
        for ps, pe, score in _decode(P, self.threshold):
            ts, te = int(tok[ps]), int(tok[pe - 1]) + 1
            # trim spaces and punctuation at the ends; a span never crosses a line
            while ts < te and not alnum[ts]:
                ts += 1
            while te > ts and not alnum[te - 1]:
                te -= 1
            if ts >= te or ctaken[te] > ctaken[ts]:
                continue
            if any("\n" in w for w in words[ts:te]):
                continue
            kept = [w for w in words[ts:te] if w.strip()]
            if not 1 <= len(kept) <= MAX_WORDS:
                continue
            s, e = int(st[ts]), int(st[te - 1]) + len(words[te - 1])
            surface = text[s:e]
            if layout.section_at(s) in DROPPED_SECTIONS or not tagged_name_ok(surface):
                continue
            if normalize_key(surface) in by_key:
                continue
            out.append(MatchRow(ts, te, s, e, normalised_name(surface), TAG_LABEL + bucket(score)))
        return out

    # -------------------------------------------------------------- storage
    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        names = sorted(self.index, key=self.index.__getitem__)
        header = json.dumps({"names": names, "threshold": self.threshold, "b": self.b.tolist(), "sections": sorted(self.sections),
                             "meta": self.meta})
        np.savez_compressed(buf, W=self.W.astype(np.float16), header=np.frombuffer(header.encode("utf-8"), dtype=np.uint8))
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Tagger:
        with np.load(io.BytesIO(raw)) as z:
            header = json.loads(bytes(z["header"]).decode("utf-8"))
            W = z["W"].astype(np.float32)
        names = header["names"]
        return cls(index={n: i for i, n in enumerate(names)}, W=W, b=np.asarray(header["b"], dtype=np.float32),
                   threshold=float(header["threshold"]), sections=frozenset(header["sections"]), meta=header.get("meta") or {})


_LINE_CODES = ("sp", "bullet", "1", "0", "1b", "0b")


def _line_codes(kind: np.ndarray) -> np.ndarray:
    """Per token, the index into :data:`_LINE_CODES` from its kind (``Tagger._word_ids``): the
    same codes :func:`line_info` gives, with array operations."""
    n = len(kind)
    space = (kind & 1) == 1
    nl = kind == 3
    word = ~space
    line = np.concatenate([[0], np.cumsum(nl)[:-1]])  # a token's line: line breaks before it
    cs = np.cumsum(word)
    before = np.concatenate([[0], cs[:-1]])  # words before each token
    # words before the start of each token's line
    starts_at = np.maximum.accumulate(np.where(np.concatenate([[True], nl[:-1]]), np.arange(n), 0))
    rank = before - before[starts_at]  # words before the token on its line
    bullet = word & (rank == 0) & (kind == 4)
    item_line: np.ndarray = np.zeros(int(line[-1]) + 2 if n else 1, dtype=bool)
    item_line[line[bullet]] = True
    item = item_line[line]
    first = word & ~bullet & ((rank == 0) | (item & (rank == 1)))
    code = np.where(first, 2, 3) + np.where(item, 2, 0)
    code = np.where(bullet, 1, code)
    return np.where(space, 0, code)


def bucket(score: float) -> str:
    """The probability bucket a tagged span's label carries (the model weighs them apart)."""
    return "1" if score < 0.5 else "2" if score < 0.7 else "3" if score < 0.85 else "4"


def _decode(P: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Spans of consecutive tokens whose probability of not being "O" reaches ``threshold``, cut
    before every token more likely B than I; with the mean of that probability over the span."""
    inside = 1.0 - P[:, 0]
    on = inside >= threshold
    if not on.any():
        return []
    starts = on & (np.concatenate([[True], ~on[:-1]]) | (P[:, 1] > P[:, 2]))
    cum = np.concatenate([[0.0], np.cumsum(inside)])
    out = []
    first = np.flatnonzero(starts)
    for k, s in enumerate(first):
        stop = int(first[k + 1]) if k + 1 < len(first) else len(on)
        t = int(s) + 1
        while t < stop and on[t]:
            t += 1
        out.append((int(s), t, float((cum[t] - cum[s]) / (t - s))))
    return out


TAGGER_FILE = "models/skills/tagger.npz"
_BUNDLED: dict[str, Tagger | None] = {}


def load_tagger(model: Any) -> Tagger | None:
    """The tagger the bundled skill model was trained with (its metadata names it; cached), None
    when it names none or the file is absent."""
    if not (getattr(model, "meta", None) or {}).get("tagger"):
        return None
    if "bundled" not in _BUNDLED:
        try:
            from importlib.resources import files

            raw = files("skillgap.data").joinpath(TAGGER_FILE).read_bytes()
        except (OSError, FileNotFoundError, ModuleNotFoundError):
            raw = b""
        _BUNDLED["bundled"] = Tagger.from_bytes(raw) if raw else None
    return _BUNDLED["bundled"]
