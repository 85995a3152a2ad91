"""What the unlabelled corpus says about a candidate's name (issue 17, corp17: distant supervision).

``training/skills/corpus_stats.py`` runs the extractor's own candidate generation (vocabulary and
discovered names, no labelled-names lexicon, no span proposer, no model) over the 4,720 unlabelled
corpus postings and keeps, per normalised form ("s=<lower-cased surface>", the candidate's first
feature), a few label-free shares of how the form is written and where it stands. The second
stage (``stacker.py``) can read them as extra facts of a candidate and the linear model
(``skill_model.py``) as binned sparse features, one cached dict look-up a candidate; the table
ships inside the model file (names and numbers only, no posting text). Measured, not shipped
(benchmarks/RESULTS.md, "What the unlabelled corpus says about each name"): no model carries it.

A form the table does not hold (seen in fewer than two corpus postings) has ``cs_post`` 0 and the
other facts missing (the stacker weighs a missing fact as its training mean).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import Any

__all__ = ["CORPUS_NAMES", "CorpusStats"]

#: The facts, in row order: log(1 + postings holding the form), log(1 + companies), and the shares
#: of its occurrences: in a list item, in a requirements/preferred section, outside any headed
#: section ("other": often the company's introduction; about / benefits / EEO sections yield no
#: candidates), in a sentence about the company (a company cue), written with a capital, followed
#: by "experience"/"skills"/..., kept by the context rules, and the share of its list/line
#: neighbours that are vocabulary skills the rules keep ("a name that sits among skills in many
#: postings is a skill"); last, a pseudo-label
#: rate: the share of its occurrences a linear model fit on SkillSpan train alone accepts (no
#: labelled posting reaches it, so no cross-fitting is needed for honest figures).
CORPUS_NAMES: tuple[str, ...] = ("cs_post", "cs_comp", "cs_listed", "cs_ask", "cs_other", "cs_comp_cue", "cs_cap", "cs_exp", "cs_keep",
                                  "cs_nbr", "cs_pseudo")

_NAN = math.nan
_ABSENT = (0.0, 0.0) + (_NAN,) * (len(CORPUS_NAMES) - 2)


class CorpusStats:
    """Form ("s=<form>") -> its facts (:data:`CORPUS_NAMES`); ``meta``: the recipe."""

    def __init__(self, table: dict[str, tuple[float, ...]], meta: dict[str, Any] | None = None, cross: bool = False) -> None:
        self.table, self.meta = table, meta or {}
        self.cross = cross  # the linear model's bins also crossed with the candidate's origin ("o=...")
        self._bins: dict[tuple[str, str], tuple[str, ...]] = {}
        # the linear model's bins of each share: its quintiles over the table's forms
        self.edges: list[list[float]] = []
        for k in _AT:
            xs = sorted(v[k] for v in table.values() if not math.isnan(v[k]))
            self.edges.append([xs[len(xs) * q // 5] for q in range(1, 5)] if xs else [])

    def facts(self, form: str) -> tuple[float, ...]:
        return self.table.get(form, _ABSENT)

    def features(self, form: str, origin: str = "") -> tuple[str, ...]:
        """:func:`bin_features` of ``form``'s facts (the linear model's), and with ``cross`` each
        also crossed with ``origin`` (the candidate's "o=..." feature); cached."""
        key = (form, origin if self.cross else "")
        got = self._bins.get(key)
        if got is None:
            if len(self._bins) >= 100_000:  # bounded: a run meets few forms outside the table
                self._bins.clear()
            got = bin_features(self.facts(form), self.edges)
            if self.cross:
                got += tuple(origin + "&" + b for b in got)
            self._bins[key] = got
        return got

    def to_json(self) -> dict[str, Any]:
        return {"names": list(CORPUS_NAMES), "meta": self.meta, "cross": self.cross,
                "table": {k: [None if math.isnan(x) else round(x, 3) for x in v] for k, v in sorted(self.table.items())}}

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> CorpusStats:
        if list(body.get("names", ())) != list(CORPUS_NAMES):
            raise ValueError("the corpus statistics hold other facts than this package reads")
        return cls({k: tuple(_NAN if x is None else float(x) for x in v) for k, v in body["table"].items()}, body.get("meta"),
                   bool(body.get("cross")))


#: The binned facts the linear model reads as sparse features (``bin_features``): the postings in
#: steps of log(1 + n), the shares by their quintiles over the table's forms.
_BINNED = ("cs_listed", "cs_ask", "cs_other", "cs_comp_cue", "cs_cap", "cs_exp", "cs_keep", "cs_nbr", "cs_pseudo")
_AT = tuple(CORPUS_NAMES.index(n) for n in _BINNED)


def bin_features(facts: tuple[float, ...], edges: list[list[float]]) -> tuple[str, ...]:
    """The sparse features of a form's facts: "cs_post=<0-7>" and "<fact>=<0-4>" per known share
    (its quintile: ``edges``, per binned fact, the four inner quintile edges)."""
    out = ["cs_post=" + str(min(int(facts[0]), 7))]
    for name, k, e in zip(_BINNED, _AT, edges):
        x = facts[k]
        if not math.isnan(x):
            out.append(name + "=" + str(bisect_left(e, x)))
    return tuple(out)

