"""Skills of the database's ``skills`` view: their class (hard/soft/language), their facts, and
name/alias resolution (:class:`DbTaxonomy` in Python, :class:`SqlTaxonomy` in SQL)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from skillgap.analysis.model import SkillInfo
from skillgap.analysis.schema import _select

SOFT_CATEGORIES = frozenset({"soft", "soft skill", "soft_skill", "soft skills"})
LANGUAGE_CATEGORIES = frozenset({"spoken_language", "spoken language"})


def skill_class(info: SkillInfo | None) -> str:
    """'hard' (learnable: languages, libraries, tools, methods, knowledge), 'soft', or 'language'
    (spoken languages: asked for, but not what a course in ML teaches)."""
    if info is None:
        return "hard"
    cat = (info.category or "").casefold()
    if cat in LANGUAGE_CATEGORIES:
        return "language"
    if (info.kind or "").casefold() == "soft" or cat in SOFT_CATEGORIES:
        return "soft"
    return "hard"


def load_skill_info(
    con: duckdb.DuckDBPyConnection, skill_cols: set[str], names: Sequence[str] | None = None
) -> dict[str, SkillInfo]:
    """The ``skills`` view (all of it, or only ``names``)."""
    sel = _select(skill_cols, ("skill", "category", "kind", "parent", "aliases"), alias="s")
    if names is None:
        rows = con.execute(f"SELECT {sel} FROM skills s ORDER BY 1").fetchall()
    else:
        rows = con.execute(
            f"SELECT {sel} FROM skills s WHERE s.skill IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1", [list(names)]
        ).fetchall()
    info: dict[str, SkillInfo] = {}
    for skill, category, kind, parent, aliases in rows:
        if skill is None:
            continue
        info[skill] = SkillInfo(
            skill=skill, category=category, kind=kind, parent=parent,
            aliases=tuple(a for a in (aliases or ()) if a),
        )
    return info


_KEY_DROP = re.compile(r"[\s\-\u2010-\u2015_.]+")


def name_key(text: str) -> str:
    """Case, spaces, hyphens, underscores and dots do not matter (as in the taxonomy's resolve)."""
    return _KEY_DROP.sub("", unicodedata.normalize("NFKC", text).casefold().strip())


class DbTaxonomy:
    """Name/alias resolution from the database's ``skills`` view."""

    def __init__(self, info: Mapping[str, SkillInfo]):
        self._info = info
        self._index: dict[str, SkillInfo] = {}
        for s in info.values():
            for name in (s.skill, *s.aliases):
                self._index.setdefault(name_key(name), s)

    @property
    def name(self) -> str:  # pragma: no cover - debugging aid
        return "database skills view"

    def resolve(self, name: str) -> Any:
        hit = self._index.get(name_key(name))
        return _Named(hit.skill) if hit is not None else None

    def closest(self, name: str, n: int = 3) -> list[str]:
        keys = sorted(self._index)
        hits = difflib.get_close_matches(name_key(name), keys, n=n * 3, cutoff=0.6)
        out: list[str] = []
        for h in hits:
            canon = self._index[h].skill
            if canon not in out:
                out.append(canon)
        return out[:n]


@dataclass(frozen=True)
class _Named:
    name: str


_SQL_KEY = r"regexp_replace(lower({x}), '[\s\-\x{{2010}}-\x{{2015}}_.]+', '', 'g')"


class SqlTaxonomy:
    """Name/alias resolution against the ``skills`` view in SQL, without reading the whole view
    into Python (it may hold tens of thousands of skills). Same key as :func:`name_key`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, skill_cols: set[str]):
        self._con = con
        self._cols = skill_cols
        self._cache: dict[str, str | None] = {}
        self._all: DbTaxonomy | None = None

    def prefetch(self, names: Sequence[str]) -> None:
        keys = sorted({name_key(n) for n in names} - set(self._cache))
        if not keys or "skill" not in self._cols:
            return
        alias_forms = ("UNION ALL SELECT skill, unnest(aliases) AS form, 1 AS pri FROM skills "
                       if "aliases" in self._cols else "")
        rows = self._con.execute(
            "WITH k AS (SELECT unnest(?::VARCHAR[]) AS key), "
            f"f AS (SELECT skill, skill AS form, 0 AS pri FROM skills {alias_forms}), "
            f"m AS (SELECT skill, {_SQL_KEY.format(x='form')} AS fk, pri FROM f WHERE form IS NOT NULL) "
            "SELECT k.key, min(m.skill) FILTER (WHERE m.pri = 0), min(m.skill) FILTER (WHERE m.pri = 1) "
            "FROM k LEFT JOIN m ON m.fk = k.key GROUP BY k.key ORDER BY k.key",
            [keys],
        ).fetchall()
        for key, by_name, by_alias in rows:
            self._cache[key] = by_name or by_alias
        for key in keys:
            self._cache.setdefault(key, None)

    def resolve(self, name: str) -> Any:
        key = name_key(name)
        if key not in self._cache:
            self.prefetch([name])
        hit = self._cache.get(key)
        return _Named(hit) if hit is not None else None

    def closest(self, name: str, n: int = 3) -> list[str]:
        if self._all is None:  # only for suggestions after a miss: read the view once
            self._all = DbTaxonomy(load_skill_info(self._con, self._cols))
        return self._all.closest(name, n=n)

    def parents(self) -> dict[str, str]:
        if "parent" not in self._cols:
            return {}
        return dict(self._con.execute("SELECT skill, parent FROM skills WHERE parent IS NOT NULL ORDER BY 1").fetchall())

    def known(self, names: Sequence[str]) -> set[str]:
        rows = self._con.execute("SELECT skill FROM skills WHERE skill IN (SELECT unnest(?::VARCHAR[]))",
                                 [list(names)]).fetchall()
        return {r[0] for r in rows}

    def empty(self) -> bool:
        return self._con.execute("SELECT count(*) = 0 FROM (SELECT 1 FROM skills LIMIT 1)").fetchall()[0][0]
