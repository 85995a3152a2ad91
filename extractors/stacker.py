"""A second decision stage over the skill candidates (issue 17, gbm17): the stacker.

The linear model (``skill_model.py``) scores each candidate alone. The stacker re-judges every
candidate of a posting from a few dense facts: the linear logit itself, the rules' verdict and
flags, where it stands (section, list, line start), the name's shape, how often the posting names
the skill, the name's label rate over the labelled postings (smoothed), and **collective** facts:
how the *other* candidates of the same line, paragraph and section scored (a name among accepted
skills in a skills list is a skill too; a generic word among company prose is not).

Two learners over the same facts (``training/skills/stack.py`` fits and compares them):
``"gbm"`` (LightGBM gradient-boosted trees; ``lightgbm`` is imported on first use only) and
``"lr"`` (a logistic regression over the standardised facts: the cheap variant, pure Python).

Shipped inside the skill model file (key ``"stacker"``), so the model's digest (and the
extractor version) covers it and worker processes get it with the model.
"""

from __future__ import annotations

import base64
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

__all__ = ["FEATURE_NAMES", "Stacker", "dense_rows", "feature_names", "rejudged"]

_SECTIONS = ("requirements", "preferred", "responsibilities", "benefits", "about", "eeo", "other")
_ORIGINS = ("cur", "gaz", "labelled", "discovered", "onet", "onet+gaz")
_CASES = "ULTM"
_LEX = {"1": 1.0, "2": 2.0, "3-4": 3.5, "5-9": 7.0, "10+": 10.0}
_DROP = frozenset({"gate_fail", "resolve_only", "employer", "blurb", "company_talk", "about_company", "job_title", "people",
                   "industry", "working_with", "umbrella", "heading"})
_FLAGS = ("listed", "line_start", "bullet", "cand_cue", "comp_cue", "pref_cue", "in_title", "hashtag", "in_paren", "sent_start",
          "has_digit", "has_punct", "camel", "skill_asked", "doc_asks")
_GROUPS = ("line", "para", "sec")

FEATURE_NAMES: tuple[str, ...] = (
    "z", "rule_keep", "origin", "section", "case", "ntok", "nchar", "zipf", "lex", "times", "n_cands", "rate", "rate_n",
    "n_drop_flags", "gate_ok", "sent_tools", "same_skill_max_z",
    *_FLAGS,
    *(f"{g}_{k}" for g in _GROUPS for k in ("n", "max_z", "mean_z", "frac_kept")),
)
#: Categorical columns (for the trees).
CATEGORICAL = ("origin", "section", "case")

_NL = re.compile("\n")
_PARA = re.compile(r"\n[ \t]*\n")


def _value(feats: Sequence[str], prefix: str, at: int | None = None) -> str | None:
    """The value of the feature ``prefix...`` (at index ``at`` where ``features.features`` puts it)."""
    if at is not None and len(feats) > at and feats[at].startswith(prefix):
        return feats[at][len(prefix):]
    for f in feats:
        if f.startswith(prefix):
            return f[len(prefix):]
    return None


_DROP_F = tuple("f=" + x for x in sorted(_DROP))


#: Per feature name, where it counts in a row: a flag's column, or -1 for a drop flag (counted).
_AT = {f: len(FEATURE_NAMES) - 12 - len(_FLAGS) + k for k, f in enumerate(_FLAGS)} | dict.fromkeys(_DROP_F, -1)
_N_HEAD = FEATURE_NAMES.index(_FLAGS[0])
_AT |= {"f=gate_ok": 0, "lex": 0}
_KNOWN = frozenset(_AT)
_NONE = (0.0, math.nan, math.nan, math.nan)


def _group_stats(keys: list[Any], logits: Sequence[float], threshold: float, idx: Sequence[int]) -> dict[int, tuple[float, float, float, float]]:
    """Per candidate of ``idx``, (count, max, mean, share kept) over the *other* candidates of its group."""
    agg: dict[Any, list[float]] = {}
    for k, z in zip(keys, logits):
        a = agg.get(k)
        if a is None:
            agg[k] = [1, z, z >= threshold, z, -math.inf]
        else:
            a[0] += 1
            a[1] += z
            a[2] += z >= threshold
            if z > a[3]:
                a[3], a[4] = z, a[3]
            elif z > a[4]:
                a[4] = z
    out = {}
    for i in idx:
        z = logits[i]
        n, tot, kept, top1, top2 = agg[keys[i]]
        out[i] = _NONE if n < 2 else (n - 1.0, top2 if z == top1 else top1, (tot - z) / (n - 1), (kept - (z >= threshold)) / (n - 1))
    return out


def dense_rows(cands: Sequence[Any], text: str, logits: Sequence[float], threshold: float,
               rates: dict[str, tuple[float, int]] | None, only: Sequence[int] | None = None, corpus: Any = None) -> list[list[float]]:
    """Per candidate (objects with ``features``, ``rule_keep``, ``skill``, ``start``, ``section``),
    its row of :data:`FEATURE_NAMES`; ``logits``: the linear model's, ``threshold``: its logit
    threshold, ``rates``: "s=<form>" -> (smoothed label rate, candidates seen); ``only``: the rows
    of these candidates only (all candidates still count as neighbours); ``corpus``: a
    ``corpus_stats.CorpusStats`` whose facts of the candidate's form end the row (corp17)."""
    nan = math.nan
    n = len(cands)
    idx = range(n) if only is None else only
    if not idx:
        return []
    lines = [m.start() for m in _NL.finditer(text)] if n > 1 else []
    paras = [m.start() for m in _PARA.finditer(text)] if n > 1 else []
    starts = [c.start for c in cands]
    skills = [c.skill for c in cands]
    times: dict[str, int] = {}
    for k in skills:
        times[k] = times.get(k, 0) + 1
    line = _group_stats([bisect_right(lines, s) for s in starts], logits, threshold, idx)
    para = _group_stats([bisect_right(paras, s) for s in starts], logits, threshold, idx)
    sec = _group_stats([c.section for c in cands], logits, threshold, idx)
    same = _group_stats(skills, logits, threshold, idx)
    n_flags = len(_FLAGS)
    at = _AT
    rows = []
    for i in idx:
        c = cands[i]
        feats = c.features
        surface = feats[0]
        try:  # where features.features puts them (checked)
            og, case, ntok, zb = feats[1], feats[4], feats[6], feats[8]
            if og[:2] != "o=" or case[:5] != "case=" or ntok[:5] != "ntok=" or zb[:2] != "z=":
                raise IndexError
            og, case, ntok, zb = og[2:], case[5:], ntok[5:], zb[2:]
        except IndexError:
            og, case, ntok, zb = _value(feats, "o="), _value(feats, "case="), _value(feats, "ntok="), _value(feats, "z=")
        flags = [0.0] * n_flags
        drops = 0.0
        hits = _KNOWN.intersection(feats)  # the few flags among many features, in C
        for f in hits:
            j = at[f]
            if j < 0:
                drops += 1.0
            elif j < _N_HEAD:
                pass
            else:
                flags[j - _N_HEAD] = 1.0
        gate_ok = float("f=gate_ok" in hits)
        lex = _value(feats, "lex=") if "lex" in hits else None
        st = None
        for f in reversed(feats):  # a posting-level feature: among the last ones
            if f[:11] == "sent_tools=":
                st = f[11:]
                break
        rate = rates.get(surface) if rates else None
        row = [
            logits[i], float(c.rule_keep), float(_ORIGINS.index(og)) if og in _ORIGINS else nan,
            float(_SECTIONS.index(c.section)) if c.section in _SECTIONS else nan,
            float(_CASES.index(case)) if case and case in _CASES else nan,
            float(ntok or 1), float(len(surface) - 2),
            nan if zb in (None, "n") else float(zb), _LEX.get(lex or "", 0.0), float(times[c.skill]), float(n),
            rate[0] if rate else nan, float(rate[1]) if rate else 0.0,
            drops, gate_ok, float(st) if st is not None else nan, same[i][1],
            *flags, *line[i], *para[i], *sec[i],
        ]
        if corpus is not None:
            row += corpus.facts(surface)
        rows.append(row)
    return rows


def rejudged(cands: Sequence[Any], logits: Sequence[float], threshold: float, band: float | None, guard: bool) -> list[int]:
    """The candidates the second stage re-judges: those whose linear logit lies within ``band`` of
    ``threshold`` (all without a band), less, with ``guard``, those a context rule dropped
    (``rule_keep`` false) that the linear model drops too: a rule's drop never counts *for* a
    candidate (as the linear model's sign constraints say), and sentences we wrote to pin a rule
    ("Vitamin C for everyone", "Join Snowflake") stay pinned."""
    return [i for i, z in enumerate(logits)
            if (band is None or abs(z - threshold) < band) and not (guard and z < threshold and not cands[i].rule_keep)]


class Stacker:
    """The second stage: ``kind`` "gbm" (``model``: a LightGBM model string) or "lr" (``model``:
    {"mean", "scale", "coef", "bias"}, NaN as the training mean); keeps a candidate when its
    probability is at least ``threshold``. ``rates``: the label-rate table of :func:`dense_rows`;
    ``corpus``: the corpus facts of each form (``corpus_stats.CorpusStats``, columns after
    :data:`FEATURE_NAMES`), or None."""

    def __init__(self, kind: str, model: Any, threshold: float, rates: dict[str, tuple[float, int]], meta: dict[str, Any] | None = None,
                 band: float | None = None, guard: bool = False, corpus: Any = None) -> None:
        assert kind in ("gbm", "lr"), kind
        self.kind, self.model, self.threshold, self.rates, self.meta = kind, model, float(threshold), rates, meta or {}
        self.band = band  # only candidates whose linear logit lies this close to its threshold are re-judged
        self.guard = guard  # a candidate a rule dropped and the linear model dropped stays dropped
        self.corpus = corpus
        self._booster: Any = None
        self._lr: Any = None

    def __getstate__(self) -> dict[str, Any]:  # worker processes rebuild the booster from the string
        return {**self.__dict__, "_booster": None, "_lr": None}

    def proba(self, rows: list[list[float]]) -> list[float]:
        if not rows:
            return []
        import numpy as np

        X = np.asarray(rows, dtype=np.float64)
        if self.kind == "lr":
            if self._lr is None:
                m = self.model
                mu, sd, w = (np.asarray(m[k], dtype=np.float64) for k in ("mean", "scale", "coef"))
                self._lr = (mu, w / sd, float(m["bias"]) - float((w / sd) @ mu))
            mu, w, b = self._lr
            z = np.where(np.isnan(X), mu, X) @ w + b  # a missing fact weighs as its mean
            return (1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))).tolist()
        if self._booster is None:
            import lightgbm

            self._booster = lightgbm.Booster(model_str=self.model)
        return self._booster.predict(X, num_threads=1).tolist()

    def keep(self, cands: Sequence[Any], text: str, logits: Sequence[float], threshold: float) -> list[bool]:
        """Whether each candidate is kept (``logits``/``threshold``: the linear model's; outside
        the band the linear decision stands)."""
        kept = [z >= threshold for z in logits]
        only = rejudged(cands, logits, threshold, self.band, self.guard)
        if only:
            t = self.threshold
            for i, p in zip(only, self.proba(dense_rows(cands, text, logits, threshold, self.rates, only, self.corpus))):
                kept[i] = p >= t
        return kept

    def to_json(self) -> dict[str, Any]:
        model = self.model
        if self.kind == "gbm":
            import gzip

            model = base64.b64encode(gzip.compress(self.model.encode("utf-8"), mtime=0)).decode("ascii")
        body = {"kind": self.kind, "threshold": self.threshold, "band": self.band, "guard": self.guard, "features": feature_names(self.corpus),
                "meta": self.meta,
                "rates": {k: [round(v[0], 4), v[1]] for k, v in sorted(self.rates.items())}, "model": model}
        if self.corpus is not None:
            body["corpus"] = self.corpus.to_json()
        return body

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Stacker:
        corpus = None
        if body.get("corpus"):
            from skillgap.extractors.corpus_stats import CorpusStats

            corpus = CorpusStats.from_json(body["corpus"])
        if list(body.get("features", ())) != feature_names(corpus):
            raise ValueError("the stacker was fit on other features than this package computes")
        model = body["model"]
        if body["kind"] == "gbm":
            import gzip

            model = gzip.decompress(base64.b64decode(model)).decode("utf-8")
        return cls(body["kind"], model, float(body["threshold"]), {k: (float(v[0]), int(v[1])) for k, v in body["rates"].items()},
                   body.get("meta"), body.get("band"), bool(body.get("guard")), corpus)


def feature_names(corpus: Any = None) -> list[str]:
    """The columns of a row: :data:`FEATURE_NAMES`, then the corpus facts when ``corpus`` is given."""
    if corpus is None:
        return list(FEATURE_NAMES)
    from skillgap.extractors.corpus_stats import CORPUS_NAMES

    return [*FEATURE_NAMES, *CORPUS_NAMES]
