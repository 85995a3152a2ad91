"""The skill graph (``data/skill_graph.yaml`` plus the taxonomy's parents, plus the user's additions
in ``$XDG_CONFIG_HOME/skillgap/skill_graph.yaml``, see :func:`merge_graph_data`): overlap groups
and implied-knowledge credit.

    parents   child -> broader skill. Listing the child credits the parent with PARENT_CREDIT
              (0.5), the grandparent with 0.25 (at most ``MAX_HOPS`` steps up); never downwards.
    overlaps  groups of near-equivalent skills. Listing one member credits every other member with
              OVERLAP_CREDIT (0.5); a gap row shows the group once (lead + ``includes``).
    credits   tool -> concepts it fully implies (Tableau -> data visualization): credit 1.0, so
              the concept counts as met (coverage and fit count only full credit, see
              :mod:`skillgap.analysis.coverage`); partial credits are shown, not counted.
    umbrellas broad terms (algorithms, big data ...) that rank below the concrete skills implying
              them (:meth:`SkillGraph.concrete_of`).

A skill's credit is the largest that any listed skill gives it (1.0 for a listed skill). Coverage
is linear in these credits, and the max over listed skills makes it a facility-location function:
monotone and submodular in the set of listed skills, so a greedy plan is near-optimal.

Validation on load lists every problem at once (:class:`GraphError`, exit 2): malformed entries, a
skill in two groups, a group of fewer than two, parent cycles (with the taxonomy's parents), and,
when ``known`` names are given, names that are not canonical skills. The report passes the
database's ``skills`` names with ``strict_names=False`` (a database synced from an older taxonomy
may lack a name; such a relation is then inert); the test suite checks names strictly against the
bundled taxonomy.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from skillgap.analysis.errors import AnalysisError
from skillgap.userfiles import brief, clip, listing, load_user_yaml, user_file

PARENT_CREDIT = 0.5
OVERLAP_CREDIT = 0.5
FULL_CREDIT = 1.0
MAX_HOPS = 2


class GraphError(AnalysisError):
    """``skill_graph.yaml`` is invalid; ``problems`` lists every problem found."""

    exit_code = 2

    def __init__(self, source: str, problems: list[str], *, message: str | None = None) -> None:
        self.source = source
        self.problems = problems
        super().__init__(message or f"invalid skill graph {source}:\n  - " + "\n  - ".join(listing(problems)))


@dataclass(frozen=True)
class Credit:
    """Credit a profile gets for ``skill`` without listing it, and the listed skill it comes from."""

    skill: str
    credit: float
    via: str
    relation: str  # "parent" (via is a narrower skill) | "overlap" | "implies" (graph credits, full)

    def to_json(self) -> dict[str, Any]:
        return {"skill": self.skill, "credit": round(self.credit, 4), "via": self.via, "relation": self.relation}


@dataclass(frozen=True)
class SkillGraph:
    parents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    groups: tuple[tuple[str, ...], ...] = ()
    full: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # tool -> concepts at full credit
    umbrellas: frozenset[str] = frozenset()

    @functools.cached_property
    def _concrete(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for tool, concepts in self.full.items():
            for c in concepts:
                out.setdefault(c, set()).add(tool)
        for child in self.parents:
            for anc, _hops in self.ancestors(child):
                out.setdefault(anc, set()).add(child)
        return out

    def concrete_of(self, umbrella: str) -> frozenset[str]:
        """Skills that satisfy ``umbrella`` (empty unless it is listed in ``umbrellas``): tools
        crediting it and its descendants in the parent graph (two steps)."""
        if umbrella not in self.umbrellas:
            return frozenset()
        return frozenset(self._concrete.get(umbrella, ()))

    @functools.cached_property
    def _group_of(self) -> dict[str, tuple[str, ...]]:
        return {s: g for g in self.groups for s in g}

    def group_of(self, skill: str) -> tuple[str, ...]:
        """The overlap group of ``skill`` (just ``(skill,)`` when it has none)."""
        return self._group_of.get(skill, (skill,))

    def ancestors(self, skill: str) -> list[tuple[str, int]]:
        """(ancestor, hops) up to ``MAX_HOPS`` steps, nearest first, each ancestor once."""
        out: list[tuple[str, int]] = []
        seen = {skill}
        frontier = [skill]
        for hops in range(1, MAX_HOPS + 1):
            nxt: list[str] = []
            for s in frontier:
                for p in self.parents.get(s, ()):
                    if p not in seen:
                        seen.add(p)
                        out.append((p, hops))
                        nxt.append(p)
            frontier = nxt
        return out

    @functools.cached_property
    def _implied_cache(self) -> dict[str, list[tuple[str, float, str]]]:
        return {}

    def implied(self, skill: str) -> list[tuple[str, float, str]]:
        """(other skill, credit, relation) that knowing ``skill`` implies (not ``skill`` itself)."""
        cache = self._implied_cache
        hit = cache.get(skill)
        if hit is None:
            hit = cache[skill] = self._implied(skill)
        return hit

    def _implied(self, skill: str) -> list[tuple[str, float, str]]:
        out: dict[str, tuple[float, str]] = {}
        for other in self.group_of(skill):
            if other != skill:
                out[other] = (OVERLAP_CREDIT, "overlap")
        for anc, hops in self.ancestors(skill):
            c = PARENT_CREDIT ** hops
            if c > out.get(anc, (0.0, ""))[0]:
                out[anc] = (c, "parent")
        for concept in self.full.get(skill, ()):
            if concept != skill:
                out[concept] = (FULL_CREDIT, "implies")
        return [(s, c, r) for s, (c, r) in sorted(out.items())]

    def credit_values(self, have: Iterable[str]) -> dict[str, float]:
        """Like :meth:`credits`, credits only (the hot path of gap gains)."""
        out: dict[str, float] = {}
        hs = set(have)
        for h in hs:
            out[h] = 1.0
        for h in hs:
            for other, c, _rel in self.implied(h):
                if c > out.get(other, 0.0):
                    out[other] = c
        return out

    def credits(self, have: Iterable[str]) -> dict[str, Credit]:
        """Credit of every skill the listed skills reach (1.0 for the listed ones themselves).

        Deterministic: among equal credits, the alphabetically first source is named.
        """
        out: dict[str, Credit] = {}
        for h in sorted(set(have), key=lambda s: (s.casefold(), s)):
            out[h] = Credit(h, 1.0, h, "listed")
        for h in sorted(set(have), key=lambda s: (s.casefold(), s)):
            for other, c, rel in self.implied(h):
                cur = out.get(other)
                if cur is None or c > cur.credit + 1e-12:
                    out[other] = Credit(other, c, h, rel)
        return out

    def restricted(self, known: Iterable[str]) -> SkillGraph:
        """The graph without names outside ``known`` (relations touching them become inert)."""
        k = set(known)
        parents = {c: tuple(p for p in ps if p in k) for c, ps in self.parents.items() if c in k}
        groups = tuple(g2 for g in self.groups if len(g2 := tuple(s for s in g if s in k)) >= 2)
        full = {t: tuple(c for c in cs if c in k) for t, cs in self.full.items() if t in k}
        return SkillGraph({c: ps for c, ps in parents.items() if ps}, groups,
                          {t: cs for t, cs in full.items() if cs}, frozenset(u for u in self.umbrellas if u in k))


_KEYS = ("version", "parents", "overlaps", "credits", "umbrellas")


def _cycles(parents: Mapping[str, Iterable[str]]) -> list[str]:
    """Every parent cycle, each once. Iterative, so a long chain in a user's file cannot overflow."""
    problems: list[str] = []
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()
    for root in sorted(parents):
        if state.get(root) is not None:
            continue
        path = [root]
        state[root] = 1
        stack = [iter(sorted(parents.get(root, ())))]
        while stack:
            p = next(stack[-1], None)
            if p is None:
                stack.pop()
                state[path.pop()] = 2
            elif state.get(p) == 1:
                cyc = path[path.index(p):] + [p]
                key = frozenset(cyc)
                if key not in reported:
                    reported.add(key)
                    shown = cyc if len(cyc) <= 12 else cyc[:5] + [f"... {len(cyc) - 10} more ..."] + cyc[-5:]
                    problems.append("parent cycle " + " -> ".join(clip(x) for x in shown))
            elif state.get(p) is None:
                state[p] = 1
                path.append(p)
                stack.append(iter(sorted(parents.get(p, ()))))
    return problems


def parse_graph(
    data: Any,
    *,
    source: str,
    taxonomy_parents: Mapping[str, str | None] | None = None,
    known: Iterable[str] | None = None,
    strict_names: bool = True,
) -> SkillGraph:
    """Validate and build. ``taxonomy_parents`` (skill -> parent) joins the graph's own parents."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise GraphError(source, [f"expected a mapping with 'version', 'parents', 'overlaps', 'credits' and "
                                  f"'umbrellas', got {type(data).__name__}"])
    extra = sorted(set(data) - set(_KEYS), key=str)
    if extra:
        problems.append(f"unknown key(s) {', '.join(clip(str(x)) for x in extra[:10])}; allowed: {', '.join(_KEYS)}")
    # (where, name) of every skill name the file itself writes, checked against ``known``
    own_names: list[tuple[str, str]] = []
    raw_parents, parents = _parse_parents(data.get("parents") or {}, taxonomy_parents, problems, own_names)
    groups = _parse_overlaps(data.get("overlaps") or [], problems, own_names)
    full = _parse_credits(data.get("credits") or {}, problems, own_names)
    umbrellas = _parse_umbrellas(data.get("umbrellas") or [], problems, own_names)
    if known is not None and strict_names:
        problems += _unknown_names(own_names, set(known))
    problems += _cycles(parents)
    if problems:
        raise GraphError(source, problems)
    if known is not None and not strict_names:
        # relations of the file naming skills the database does not know become inert; the
        # taxonomy's own parents (from the same database) are kept as they are
        k = set(known)
        _drop_unknown_parents(parents, raw_parents, taxonomy_parents, k)
        groups = [g2 for g in groups if len(g2 := tuple(x for x in g if x in k)) >= 2]
        full = {t: cs2 for t, cs in full.items() if t in k and (cs2 := tuple(c for c in cs if c in k))}
        umbrellas = [u for u in umbrellas if u in k]
    return SkillGraph({c: tuple(ps) for c, ps in sorted(parents.items())}, tuple(groups),
                      dict(sorted(full.items())), frozenset(umbrellas))


def _parse_parents(
    raw_parents: Any, taxonomy_parents: Mapping[str, str | None] | None, problems: list[str], own_names: list[tuple[str, str]]
) -> tuple[dict[Any, Any], dict[str, list[str]]]:
    """The file's ``parents`` (as given, once checked to be a mapping) and every skill's parents:
    the taxonomy's first, then the file's."""
    parents: dict[str, list[str]] = {}
    for child, parent in sorted((taxonomy_parents or {}).items()):
        if parent and parent != child:
            parents.setdefault(child, []).append(parent)
    if not isinstance(raw_parents, dict):
        problems.append("parents: expected a mapping child -> parent")
        raw_parents = {}
    for child, parent in raw_parents.items():
        if not isinstance(child, str) or not isinstance(parent, str) or not child.strip() or not parent.strip():
            problems.append(f"parents: {brief(child)}: {brief(parent)} is not a pair of skill names")
            continue
        if child == parent:
            problems.append(f"parents: {brief(child)} is its own parent")
            continue
        own_names += [(f"parents: {brief(child)}", child), (f"parents: {brief(child)} -> {brief(parent)}", parent)]
        if parent not in parents.setdefault(child, []):
            parents[child].append(parent)
    return raw_parents, parents


def _parse_overlaps(raw_groups: Any, problems: list[str], own_names: list[tuple[str, str]]) -> list[tuple[str, ...]]:
    """The ``overlaps`` groups: two or more different skills each, a skill in one group only."""
    if not isinstance(raw_groups, list):
        problems.append("overlaps: expected a list of lists of skill names")
        raw_groups = []
    groups: list[tuple[str, ...]] = []
    member_of: dict[str, int] = {}
    for i, g in enumerate(raw_groups):
        label = f"overlaps[{i}]"
        if not isinstance(g, list) or not all(isinstance(s, str) and s.strip() for s in g):
            problems.append(f"{label}: expected a list of skill names, got {brief(g)}")
            continue
        members = tuple(dict.fromkeys(g))
        if len(members) < 2:
            problems.append(f"{label}: a group needs at least two different skills, got {brief(list(g))}")
            continue
        for s in members:
            own_names.append((label, s))
            if s in member_of:
                problems.append(f"{label}: {brief(s)} is already in overlaps[{member_of[s]}]")
            else:
                member_of[s] = i
        groups.append(members)
    return groups


def _parse_credits(raw_credits: Any, problems: list[str], own_names: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """The ``credits`` mapping: tool -> the skills it fully credits (never itself)."""
    full: dict[str, tuple[str, ...]] = {}
    if not isinstance(raw_credits, dict):
        problems.append("credits: expected a mapping tool -> list of skill names")
        raw_credits = {}
    for tool, concepts in raw_credits.items():
        label = f"credits: {tool!r}"
        if not isinstance(tool, str) or not tool.strip() or not isinstance(concepts, list) or not concepts \
                or not all(isinstance(c, str) and c.strip() for c in concepts):
            problems.append(f"{label}: expected a skill name -> a non-empty list of skill names, got {concepts!r}")
            continue
        if tool in concepts:
            problems.append(f"{label}: a skill does not credit itself")
            continue
        own_names.append((label, tool))
        own_names += [(f"{label} -> {c!r}", c) for c in concepts]
        full[tool] = tuple(dict.fromkeys(concepts))
    return full


def _parse_umbrellas(raw_umbrellas: Any, problems: list[str], own_names: list[tuple[str, str]]) -> list[str]:
    """The ``umbrellas`` list, each skill once."""
    umbrellas: list[str] = []
    if not isinstance(raw_umbrellas, list) or not all(isinstance(u, str) and u.strip() for u in raw_umbrellas):
        problems.append(f"umbrellas: expected a list of skill names, got {raw_umbrellas!r}")
        return umbrellas
    for i, u in enumerate(raw_umbrellas):
        if u in umbrellas:
            problems.append(f"umbrellas[{i}]: {u!r} is listed twice")
        else:
            umbrellas.append(u)
            own_names.append((f"umbrellas[{i}]", u))
    return umbrellas


def _unknown_names(own_names: list[tuple[str, str]], known: set[str]) -> list[str]:
    """A problem per name the file writes that is no skill of the taxonomy, with a suggestion."""
    import difflib

    problems = []
    for where, name in own_names:
        if name not in known:
            hint = difflib.get_close_matches(name, sorted(known), n=1)
            problems.append(f"{where}: {brief(name)} is not a skill in the taxonomy"
                            + (f" (did you mean {hint[0]!r}?)" if hint else ""))
    return problems


def _drop_unknown_parents(
    parents: dict[str, list[str]], raw_parents: dict[Any, Any], taxonomy_parents: Mapping[str, str | None] | None, known: set[str]
) -> None:
    """Drop, in place, the file's parent links naming a skill outside ``known`` (the taxonomy's
    own links stay)."""
    own = {(c, p) for c, p in raw_parents.items() if isinstance(c, str) and isinstance(p, str)}
    for c, p in own:
        if c not in known or p not in known:
            rest = [x for x in parents.get(c, []) if x != p or (taxonomy_parents or {}).get(c) == p]
            if rest:
                parents[c] = rest
            else:
                parents.pop(c, None)


def _bundled_data() -> tuple[Any, str]:
    text = files("skillgap.data").joinpath("skill_graph.yaml").read_text(encoding="utf-8")
    source = "skillgap.data/skill_graph.yaml"
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), source  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise GraphError(source, [f"not valid YAML: {exc}"]) from None


def _read_user(path: str | Path) -> Any:
    """A user's graph file through the bounded loader; its own shape is checked here, so a problem
    names that file."""
    source = str(path)
    data = load_user_yaml(path, label=f"skill graph {source}",
                          error=lambda message: GraphError(source, [message], message=message))
    data = {} if data is None else data
    parse_graph(data, source=source)  # shape, groups, its own cycles; names are checked later
    return data


def merge_graph_data(base: Any, user: Mapping[str, Any]) -> dict[str, Any]:
    """A user's additions over the bundled graph: ``parents`` merge by child (the user's parent
    replaces the bundled one); a user's ``overlaps`` group replaces every bundled group that shares a
    member with it, and is added otherwise."""
    base = base if isinstance(base, dict) else {}
    parents = {**(base.get("parents") or {}), **(user.get("parents") or {})}
    mine = [list(g) for g in user.get("overlaps") or []]
    taken = {s for g in mine for s in g}
    kept = [g for g in base.get("overlaps") or [] if not (isinstance(g, list) and taken.intersection(g))]
    return {"version": base.get("version", 1), "parents": parents, "overlaps": kept + mine}


def load_graph_data(path: str | Path | None = None) -> tuple[Any, str]:
    """The bundled graph's data merged with the user's ``path`` (else
    ``$XDG_CONFIG_HOME/skillgap/skill_graph.yaml`` when it exists); see :func:`merge_graph_data`."""
    data, source = _bundled_data()
    user = Path(path) if path is not None else user_file("skill_graph.yaml")
    if user is None:
        return data, source
    return merge_graph_data(data, _read_user(user)), f"{source} + {user}"


def load_graph(
    *,
    taxonomy_parents: Mapping[str, str | None] | None = None,
    known: Iterable[str] | None = None,
    strict_names: bool = True,
    path: str | Path | None = None,
) -> SkillGraph:
    """The bundled graph (merged with the user's ``path`` or config-folder file) joined with
    ``taxonomy_parents``; see :func:`load_graph_data` and :func:`parse_graph`."""
    data, source = load_graph_data(path)
    return parse_graph(data, source=source, taxonomy_parents=taxonomy_parents, known=known, strict_names=strict_names)
