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
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from skillgap.extractors.discover import MAX_WORDS, TAG_LABEL, _token_starts, normalised_name, tagged_name_ok
from skillgap.extractors.pipeline import MatchRow
from skillgap.extractors.sections import DROPPED_SECTIONS, Layout
from skillgap.extractors.taxonomy import normalize_key

__all__ = ["OFFSETS", "SLOTS", "TAG_SECTIONS", "Tagger", "line_info", "regions", "token_keys"]

TAG_SECTIONS = frozenset({"requirements", "preferred"})
OFFSETS = (-2, -1, 0, 1, 2)
SLOTS = ("w", "s", "x", "p", "m", "l")  # word, shape, suffix, prefix, vocabulary match, line
PAD = 0  # the feature id of a position outside the region (weights zero)
CLASSES = ("O", "B", "I")
_CTX = 2  # tokens of context read past each end of a region
_PAD = object()  # the word of a pad position (row 0 of the per-word tables)
_ONES, _ZEROS, _MINUS = [1] * 64, [0] * 64, [-1] * 64
_OFF = -1.0e4  # added to the B and I scores of a token that starts no span: its P(not O) is 0

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


def regions(starts: Sequence[int], layout: Layout, sections: frozenset[str] = TAG_SECTIONS) -> list[tuple[int, int, str]]:
    """Token ranges ``[a, b)`` and section of the parts of the text in ``sections`` (headings
    left out; the text before the first heading is "other"); ``starts``: each token's offset."""
    out = []
    heads = layout.head_starts
    n = len(starts)
    parts = [(0, heads[0] if heads else None, "other")]
    parts += [(layout.head_ends[k], heads[k + 1] if k + 1 < len(heads) else None, kind) for k, kind in enumerate(layout.head_kinds)]
    for s, e, kind in parts:
        if kind not in sections:
            continue
        a = bisect_left(starts, s)
        b = bisect_left(starts, e) if e is not None else n
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
    _rowof: dict[object, int] = field(default_factory=dict, repr=False)
    _wsum: np.ndarray | None = field(default=None, repr=False)
    _rkind: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32), repr=False)
    _ralnum: list[bool] = field(default_factory=list, repr=False)
    _ralnum_a: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool), repr=False)
    _ctx: np.ndarray | None = field(default=None, repr=False)
    _secbase: dict[str, int] = field(default_factory=dict, repr=False)
    _padbase: int = field(default=0, repr=False)
    _blk: int = field(default=0, repr=False)
    _names: dict[str, tuple[bool, str, str]] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the caches (rebuilt on first use: the pad word is this process's)."""
        state = dict(self.__dict__)
        state.update(_cache={}, _lines={}, _wflat=None, _rowof={}, _wsum=None, _ctx=None, _names={})
        return state

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
    def _word_rows(self, words: Sequence[object]) -> list[int]:
        """Each word's row in the per-word tables (``_wsum``: the word-level slots' weights summed
        per offset and class; ``_rkind``: the word's kind; ``_ralnum``: whether it holds a letter or
        digit), the words not seen before added in one step. Row 0 is :data:`_PAD` (weighs
        nothing, reads as a line break)."""
        if self._wsum is None or len(self._rowof) > 200_000:
            self.W[:, 0] = 0.0  # feature id 0: a pad, weighs nothing
            self._rowof = {_PAD: 0}
            self._wsum = np.zeros((1024, len(OFFSETS), 3), dtype=np.float32)
            self._rkind = np.full(1024, 3, dtype=np.int32)
            self._ralnum = [False]
            self._ralnum_a = np.zeros(1024, dtype=bool)
        try:
            return list(map(self._rowof.__getitem__, words))
        except KeyError:
            self._add_words([w for w in words if w not in self._rowof])
            return list(map(self._rowof.__getitem__, words))

    def _add_words(self, new: list[Any]) -> None:
        assert self._wsum is not None
        new = [w for w in dict.fromkeys(new) if isinstance(w, str)]
        r0 = len(self._rowof)
        end = r0 + len(new)
        if end > len(self._wsum):
            size = max(2 * len(self._wsum), end)
            grow = size - len(self._wsum)
            self._wsum = np.concatenate([self._wsum, np.zeros((grow, *self._wsum.shape[1:]), dtype=np.float32)])
            self._rkind = np.concatenate([self._rkind, np.zeros(grow, dtype=np.int32)])
            self._ralnum_a = np.concatenate([self._ralnum_a, np.zeros(grow, dtype=bool)])
        ids = np.array([self._word_ids(w) for w in new], dtype=np.int64).reshape(len(new), 6)
        # (offset, word, slot, class) summed over the slots
        self._wsum[r0:end] = self.W[:, ids[:, :4], :].sum(axis=2).transpose(1, 0, 2)
        self._rkind[r0:end] = ids[:, 4]
        self._ralnum.extend(ids[:, 5].astype(bool).tolist())
        self._ralnum_a[r0:end] = ids[:, 5].astype(bool)
        self._rowof.update(zip(new, range(r0, end)))

    def _context_table(self) -> np.ndarray:
        """The context slots' weights (vocabulary match, line) summed per offset and class, one row
        per (section, line code, match code) at ``_secbase[section] + 3 * line code + match code``
        (match code 0 none, 1 inside a match, 2 its start). Each section's block is followed by
        the same block for tokens read as context only (``+ block``), whose own B and I scores get
        :data:`_OFF` (they start no span); the last block: pads (no weight, :data:`_OFF` too)."""
        if self._ctx is None:
            self.W[:, 0] = 0.0
            secs = sorted(self.sections)
            mids = [self.index.get("m=", 0), self.index.get("m=I", 0), self.index.get("m=B", 0)]
            block = 3 * len(_LINE_CODES)
            tab = np.zeros(((2 * len(secs) + 1) * block, len(OFFSETS), 3), dtype=np.float32)
            for si, sec in enumerate(secs):
                lids = self._line_ids(sec)
                for c in range(len(_LINE_CODES)):
                    for m in range(3):
                        tab[2 * si * block + c * 3 + m] = self.W[:, mids[m]] + self.W[:, lids[c]]
                tab[(2 * si + 1) * block : (2 * si + 2) * block] = tab[2 * si * block : (2 * si + 1) * block]
                tab[(2 * si + 1) * block : (2 * si + 2) * block, OFFSETS.index(0), 1:] += _OFF
            tab[2 * len(secs) * block :, OFFSETS.index(0), 1:] = _OFF
            self._secbase = {sec: 2 * si * block for si, sec in enumerate(secs)}
            self._blk = block
            self._padbase = 2 * len(secs) * block
            self._ctx = tab
        return self._ctx

    def _probabilities_rows(self, rows: Sequence[int] | np.ndarray, m: np.ndarray, line: np.ndarray) -> np.ndarray:
        """Class probabilities of tokens given by their word rows, match ids and line ids (pad
        rows 0), with the window of :data:`OFFSETS` (slot by slot: the reference for :meth:`spans`)."""
        rows = np.asarray(rows, dtype=np.int64)
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
        overlaps a row of ``rows``.

        All regions are scored in one pass, with a few numpy operations a posting: their tokens
        (with :data:`_CTX` of context each side) laid end to end, two pad rows before each region
        and after the last; a position's scores are its word's row of ``_wsum`` plus its context
        row (:meth:`_context_table`), summed over the window by shifted adds."""
        if len(starts) != len(words):
            starts = _token_starts(words, text)
            if len(starts) != len(words):
                return []
        regs = regions(starts, layout, self.sections)
        if not regs:
            return []
        n = len(words)
        ctab = self._context_table()
        # the vocabulary match code of each token: 2 a match starts there, 1 inside one, 0 none
        mc = [0] * n
        for r in rows:
            if r[1] - r[0] > 1:
                mc[r[0] + 1 : r[1]] = _ONES[: r[1] - r[0] - 1] if r[1] - r[0] <= len(_ONES) else [1] * (r[1] - r[0] - 1)
        for r in rows:
            if r[0] < n:
                mc[r[0]] = 2
        gap = len(OFFSETS) // 2
        pads = [_PAD] * gap
        padbase = self._padbase
        seq: list[object] = list(pads)  # the words, pads between
        tix: list[int] = [-1] * gap  # a position's token (-1: a pad)
        mseq: list[int] = [0] * gap
        bvals, blens = [padbase], [gap]  # the context table's block of each run of positions
        block = self._blk
        for a, b, section in regs:
            ca, cb = max(0, a - _CTX), min(n, b + _CTX)
            seq += words[ca:cb]
            seq += pads
            tix += range(ca, cb)
            tix += _MINUS[:gap]
            mseq += mc[ca:cb]
            mseq += _ZEROS[:gap]
            base = self._secbase[section]
            bvals += (base + block, base, base + block, padbase)  # context, inner tokens, context, pads
            blens += (a - ca, b - a, cb - b, gap)
        seq += pads
        mseq += _ZEROS[:gap]
        bvals.append(padbase)
        blens.append(gap)
        R = self._word_rows(seq)
        assert self._wsum is not None
        Ra = np.array(R, dtype=np.intp)
        M = np.array(mseq, dtype=np.intp)
        ctx = _line_codes(self._rkind[Ra], _CODE_OF3)
        ctx += M
        ctx += np.repeat(bvals, blens)
        K = len(OFFSETS)
        S = np.take(self._wsum.reshape(len(self._wsum), 3 * K), Ra, axis=0)  # (position, offset x class)
        S += np.take(ctab.reshape(len(ctab), 3 * K), ctx, axis=0)
        ST = S.T.copy()  # (offset x class, position): the shifted adds below read rows
        N = len(R) - 2 * gap
        z = ST[0:3, 0:N] + self.b[:, None]  # z[:, q]: position q + gap
        for k in range(1, K):
            z += ST[3 * k : 3 * k + 3, k : k + N]
        # the probability of not "O": 1 - 1 / (1 + exp(z_B - z_O) + exp(z_I - z_O))
        d = z[1:] - z[0]
        np.minimum(d, 60.0, out=d)
        np.exp(d, out=d)
        ex = d[0] + d[1]
        inside = ex / (ex + 1.0)
        # a span over a letter or digit of a vocabulary match keeps it after trimming: left out
        blocked = np.cumsum((M > 0) & self._ralnum_a[Ra])[gap - 1 :]
        found = _decode(inside, z[1] > z[2], self.threshold, blocked)
        if found is None:
            return []
        alnum = self._ralnum
        out: list[MatchRow] = []
        memo = self._names
        for qs, qe, score in found:
            ps, pe = qs + gap, qe + gap
            # trim spaces and punctuation at the ends; a span never crosses a line
            while ps < pe and not alnum[R[ps]]:
                ps += 1
            while pe > ps and not alnum[R[pe - 1]]:
                pe -= 1
            if ps >= pe:
                continue
            ts, te = tix[ps], tix[pe - 1] + 1
            if any(mc[ts:te]):
                continue
            # at most MAX_WORDS words (the ends are words: at least one); never across a line
            if te - ts > MAX_WORDS and sum(1 for w in words[ts:te] if w.strip()) > MAX_WORDS:
                continue
            s, e_ = starts[ts], starts[te - 1] + len(words[te - 1])
            surface = text[s:e_]
            if "\n" in surface:  # the tokens cover the text but single spaces
                continue
            got = memo.get(surface)
            if got is None:
                got = (tagged_name_ok(surface), normalize_key(surface), normalised_name(surface))
                if len(memo) < 100_000:
                    memo[surface] = got
            if not got[0] or got[1] in by_key or layout.section_at(s) in DROPPED_SECTIONS:
                continue
            out.append(MatchRow(ts, te, s, e_, got[2], TAG_LABEL + bucket(score)))
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


def _line_codes(kind: np.ndarray, table: np.ndarray | None = None) -> np.ndarray:
    """Per token, the index into :data:`_LINE_CODES` from its kind (``Tagger._word_ids``): the
    same codes :func:`line_info` gives, with array operations (``table``: values per code)."""
    n = len(kind)
    space = (kind & 1).astype(bool)
    nl = kind == 3
    word = ~space
    cs = np.cumsum(word, dtype=np.int32)
    rank = cs - np.maximum.accumulate(np.where(nl, cs, 0))  # a word's rank on its line, from 1
    r1 = rank == 1
    bul = kind == 4
    # on a list item's line: the first word of the token's line is a bullet
    item = bul[np.maximum.accumulate(np.where(r1 & word, np.arange(n, dtype=np.int32), 0))]
    first = r1 | (item & (rank == 2))
    return (_CODE_OF if table is None else table)[first.view(np.int8) + 2 * item.view(np.int8) + 4 * (bul & r1).view(np.int8) + 8 * space.view(np.int8)]


# by first word of its line (or the word after a bullet) + 2 * on an item line + 4 * bullet + 8 * space
_CODE_OF = np.array([3, 2, 5, 4, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0], dtype=np.intp)
_CODE_OF3 = 3 * _CODE_OF


def bucket(score: float) -> str:
    """The probability bucket a tagged span's label carries (the model weighs them apart)."""
    return "1" if score < 0.5 else "2" if score < 0.7 else "3" if score < 0.85 else "4"


def _decode(inside: np.ndarray, b_first: np.ndarray, threshold: float, blocked: np.ndarray | None = None) -> list[tuple[int, int, float]] | None:
    """Spans ``[first, end)`` of consecutive tokens whose probability of not being "O"
    (``inside``) reaches ``threshold``, cut before every token more likely B than I
    (``b_first``); with the mean of that probability over the span (None: no span).
    ``blocked``: a running count per token (one longer, from 0), a span where it rises is left out."""
    n = len(inside)
    off = inside < threshold
    brk: np.ndarray = np.empty(n + 1, dtype=bool)  # a span starts, or the one before ends, at each break
    np.logical_or(b_first, off, out=brk[:n])
    brk[1:n] |= off[:-1]
    brk[0] = brk[n] = True
    at = np.flatnonzero(brk)
    stops, ends = at[:-1], at[1:]
    keep = ~off[stops]
    if blocked is not None:
        keep &= blocked[ends] == blocked[stops]
    first, ends = stops[keep], ends[keep]
    if not len(first):
        return None
    cum = np.concatenate([[0.0], np.cumsum(inside)])
    score = (cum[ends] - cum[first]) / (ends - first)
    return list(zip(first.tolist(), ends.tolist(), score.tolist()))


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
