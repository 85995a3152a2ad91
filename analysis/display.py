"""How a skill's name is shown: the postings' own spelling for lower-cased vocabulary names.

The derived vocabulary (``data/vocab``) keeps the skill_extractor gazetteer's names lower-cased
("isaac sim", "mujoco", "snomed ct"). The postings write them properly, and every mention keeps
the text it matched (``posting_skills.text``), so the display name of such a skill is the
spelling most of its mentions use, when that spelling differs from the name only by letter case
and is more than a capitalised first letter (a sentence start says nothing): "MuJoCo",
"SNOMED CT", "Isaac Sim". Curated taxonomy names are never changed: their case is deliberate.
Names discovered in postings beyond the vocabulary (``origin = 'discovered'``, stored case-folded)
show their most common surface, as ``discovered_skills.display`` keeps it. Text, Markdown and
HTML show display names; JSON keeps canonical names in its fields and adds the ``display_names``
mapping.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import duckdb

__all__ = ["SKILL_KEYS", "apply_display", "display_names"]

#: Keys whose values (a string or a list of strings) are canonical skill names in report dicts.
SKILL_KEYS = frozenset({"skill", "includes", "alternatives", "missing_skills", "matched_skills", "via", "lead"})


def _spelled(form: str, name: str) -> bool:
    """``form`` is ``name`` in other letter case, beyond a capitalised first letter."""
    f = " ".join(form.split())
    return (f != name and f.casefold() == name.casefold() and f != name[:1].upper() + name[1:]
            and f != f.lower())


def _vocabulary(names: Iterable[str]) -> set[str]:
    from skillgap.analysis.covered import _vocabulary_text

    text = _vocabulary_text()
    # a name is a line's first field: at the start of the text or after a newline, then a tab
    # (str.find, ~10x cheaper than one multiline regex a name over the 1.4 MB text)
    return {n for n in names if text.startswith(n + "\t") or ("\n" + n + "\t") in text}


def display_names(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> dict[str, str]:
    """``{canonical: display}`` for the lower-cased vocabulary names among ``names`` that the
    postings mostly spell otherwise (see the module docstring)."""
    lower = sorted({n for n in names if isinstance(n, str) and n == n.lower() and re.search(r"[a-z]", n)})
    found = _discovered(con, lower) if lower else {}
    lower = sorted(_vocabulary(lower)) if lower else []
    if not lower:
        return found
    rows = con.execute(
        "SELECT skill, text, count(*) FROM posting_skills WHERE skill IN (SELECT unnest(?::VARCHAR[])) "
        "AND text IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2", [lower]).fetchall()
    total: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for skill, text, n in rows:
        total[skill] += n
        if _spelled(text, skill):
            forms[skill][" ".join(text.split())] += n
    out: dict[str, str] = dict(found)
    for skill, counts in forms.items():
        form, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if 2 * n >= total[skill]:
            out[skill] = form
    return out


def _discovered(con: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, str]:
    """``{name: display}`` for the discovered names among ``names`` (stored lower-cased; their
    display form is the most common surface of their mentions, ``discovered_skills.display``)."""
    try:
        rows = con.execute("SELECT skill, display FROM discovered_skills WHERE skill IN (SELECT unnest(?::VARCHAR[])) "
                           "AND display <> skill", [names]).fetchall()
    except duckdb.CatalogException:  # a database from before migration 0011
        return {}
    return {skill: " ".join(display.split()) for skill, display in rows}


def skill_names(doc: Any) -> set[str]:
    """Every canonical name under :data:`SKILL_KEYS` in a report or explain dict."""
    found: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k in SKILL_KEYS:
                    if isinstance(v, str):
                        found.add(v)
                    elif isinstance(v, list):
                        found.update(s for s in v if isinstance(s, str))
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc)
    return found


def apply_display(doc: Any, names: Mapping[str, str]) -> Any:
    """A copy of ``doc`` with the names under :data:`SKILL_KEYS` shown as ``names`` says."""
    if not names:
        return doc

    def show(v: Any) -> Any:
        if isinstance(v, str):
            return names.get(v, v)
        if isinstance(v, list):
            return [names.get(s, s) if isinstance(s, str) else conv(s) for s in v]
        return conv(v)

    def conv(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: (show(v) if k in SKILL_KEYS else conv(v)) for k, v in x.items()}
        if isinstance(x, list):
            return [conv(v) for v in x]
        return x

    return conv(doc)
