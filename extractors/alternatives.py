"""Alternatives a posting offers: "AWS, GCP or Azure", "Python or R", "PyTorch/TensorFlow",
"experience with one of Spark, Flink, Beam" — one requirement met by any member (pure).

:func:`assign` gives each mention of such a run the same ``alt_group`` (1, 2, ... per posting).
A run is consecutive mentions of one sentence whose gaps are only list punctuation or "or"
(``,`` ``/`` ``|`` ``or`` ``, or`` ``and/or``), with at least one "or"/"/"/"|" gap, or a list led
by "one of" / "any of" / "either" within a few words before it. A parenthesis ends a run: in
"AWS (S3, ECS or SageMaker)" the services are the alternatives, not AWS. An "and" gap ends a run (
"Python, SQL and Spark" asks for all three). Members must differ and share a taxonomy category
(AWS, GCP, Azure are cloud; Python, R are languages), so "SQL or Python" joins but "Python or
Docker" does not: a mixed list is usually two requirements written together.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

# the text between two mentions of one run
_GAP = re.compile(r"\s*(?:,|/|\||\bor\b|,\s*or\b|\band\s*/\s*or\b)\s*", re.IGNORECASE)
_OR_GAP = re.compile(r"/|\||\bor\b", re.IGNORECASE)
_LEAD = re.compile(r"\b(?:one\s+of|any\s+of|either|one\s+or\s+more\s+of)\b[^.;:\n]{0,40}$", re.IGNORECASE)
MAX_GAP = 12
LEAD_WINDOW = 60


def _same_sentence(a: Any, b: Any) -> bool:
    return a.evidence == b.evidence


def groups(text: str, mentions: Sequence[Any]) -> list[list[int]]:
    """Indices (into ``mentions``, sorted by start) of each alternatives run of two or more."""
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].start, mentions[i].end))
    runs: list[list[int]] = []
    cur: list[int] = []
    has_or = False
    for i in order:
        m = mentions[i]
        if cur:
            p = mentions[cur[-1]]
            gap = text[p.end:m.start] if m.start >= p.end else None
            if (gap is not None and len(gap) <= MAX_GAP and _GAP.fullmatch(gap) and _same_sentence(p, m)
                    and m.category == mentions[cur[0]].category and m.skill not in {mentions[j].skill for j in cur}):
                cur.append(i)
                has_or = has_or or bool(_OR_GAP.search(gap))
                continue
            if m.start < p.end:  # overlapping mention (a nested form): not a run boundary
                continue
            _close(text, mentions, cur, has_or, runs)
        cur, has_or = [i], False
    if cur:
        _close(text, mentions, cur, has_or, runs)
    return runs


def _close(text: str, mentions: Sequence[Any], cur: list[int], has_or: bool, runs: list[list[int]]) -> None:
    if len(cur) < 2:
        return
    first = mentions[cur[0]]
    led = bool(_LEAD.search(text[max(0, first.start - LEAD_WINDOW):first.start]))
    if has_or or led:
        runs.append(list(cur))


def assign(text: str, mentions: tuple[Any, ...]) -> tuple[Any, ...]:
    """``mentions`` with ``alt_group`` set on the members of each alternatives run (others keep
    None). The mention type is a dataclass with an ``alt_group`` field."""
    runs = groups(text, mentions)
    if not runs:
        return mentions
    gid = {i: k for k, run in enumerate(runs, 1) for i in run}
    return tuple(dataclasses.replace(m, alt_group=gid[i]) if i in gid else m for i, m in enumerate(mentions))
