"""Validation rules of the taxonomy file that look at more than one field: within one entry
(names, aliases, gates, common words) and across entries (shared keys, parents, cycles). Split
out of :mod:`skillgap.extractors.taxonomy` (which calls them from ``_build``, in this order, so
problems are reported in the same order as before); each appends to ``problems``.

Imports nothing from ``pipelines`` or ``analysis``.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from skillgap.extractors.taxonomy import GATES, STOPWORDS, normalize_key

if TYPE_CHECKING:
    from skillgap.extractors.taxonomy import _SkillModel


def category_problems(categories: tuple[str, ...], problems: list[str]) -> set[str]:
    """Empty or repeated category names; the set of categories."""
    seen_cat: set[str] = set()
    for c in categories:
        if not c.strip():
            problems.append("categories: empty category name")
        elif c in seen_cat:
            problems.append(f"categories: {c!r} is listed twice")
        seen_cat.add(c)
    return seen_cat


def entry_problems(label: str, m: _SkillModel, names: dict[str, str], seen_cat: set[str],
                   categories: tuple[str, ...], problems: list[str]) -> None:
    """Rules within one entry; records its name in ``names`` (name -> label)."""
    if not m.name.strip() or m.name != m.name.strip():
        problems.append(f"{label}: name must be non-empty without surrounding spaces")
    if m.name in names:
        problems.append(f"{label}: duplicate name (also {names[m.name]})")
    else:
        names[m.name] = label
    if m.category not in seen_cat:
        problems.append(
            f"{label}: unknown category {m.category!r} (allowed: {', '.join(categories)})"
        )
    seen_forms: set[str] = {m.name}
    for a in m.aliases:
        if not a.strip():
            problems.append(f"{label}: empty alias")
        elif a != a.strip():
            problems.append(f"{label}: alias {a!r} has surrounding spaces")
        elif a in seen_forms:
            problems.append(f"{label}: alias {a!r} repeats the name or another alias")
        seen_forms.add(a)
    if m.gate is not None and m.gate not in GATES:
        problems.append(f"{label}: unknown gate {m.gate!r} (allowed: {', '.join(sorted(GATES))})")
    if m.gate_forms is not None:
        if m.gate is None:
            problems.append(f"{label}: gate_forms given without a gate")
        for g in m.gate_forms:
            if g not in seen_forms:
                problems.append(f"{label}: gate_forms entry {g!r} is not the name or an alias")
        if m.gate is not None and not m.gate_forms:
            problems.append(f"{label}: gate_forms is empty")
    gated = set(m.gate_forms if m.gate_forms is not None else seen_forms) if m.gate else set()
    for form in (m.name, *m.aliases):
        if form not in gated and form.strip().casefold() in STOPWORDS:
            problems.append(
                f"{label}: form {form!r} is a common word; remove it or gate it"
            )


def shared_key_problems(entries: list[tuple[str, _SkillModel]], problems: list[str]) -> None:
    """No two skills may share a key (a form compared by :func:`normalize_key`)."""
    owner: dict[str, tuple[str, str]] = {}  # key -> (skill name, form)
    for label, m in entries:
        own_keys: set[str] = set()
        for form in (m.name, *m.aliases):
            key = normalize_key(form)
            if not key or key in own_keys:
                continue
            own_keys.add(key)
            if key in owner and owner[key][0] != m.name:
                other_name, other_form = owner[key]
                same = "" if other_form == form else f" (as {other_form!r})"
                problems.append(
                    f"{label}: alias {form!r} is also a form of skill {other_name!r}{same}"
                )
            else:
                owner.setdefault(key, (m.name, form))


def parent_problems(entries: list[tuple[str, _SkillModel]], names: dict[str, str], problems: list[str]) -> None:
    """Each parent is another skill, and parents form no cycle."""
    name_list = list(names)
    for label, m in entries:
        if m.parent is None:
            continue
        if m.parent == m.name:
            problems.append(f"{label}: parent is the skill itself")
        elif m.parent not in names:
            hint = difflib.get_close_matches(m.parent, name_list, n=1)
            problems.append(
                f"{label}: parent {m.parent!r} is not a skill"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
            )
    parents = {m.name: m.parent for _, m in entries if m.parent in names and m.parent != m.name}
    reported: set[str] = set()
    for start in parents:
        chain, cur = [start], parents.get(start)
        while cur is not None and cur not in chain:
            chain.append(cur)
            cur = parents.get(cur)
        if cur is not None and cur == start and not reported.intersection(chain):
            reported.update(chain)
            problems.append(f"skill {start!r}: parent cycle {' -> '.join([*chain, start])}")
