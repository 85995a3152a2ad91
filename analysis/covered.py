"""What a listed skill obviously covers: derived-vocabulary skills named after it plus a facet.

The derived vocabulary (``data/vocab``) holds names such as "git workflows", "python
programming" or "java 17" beside "Git", "Python" and "Java". A posting that asks for "git
workflows" asks nothing a Git user lacks, so the report counts such a skill as listed: its
name is a form of a listed skill (canonical name or alias, at least 3 characters) followed only
by facet words (``data/covered_facets.yaml``) and version numbers. Curated taxonomy skills are
never covered this way (their relations are the skill graph's), and nothing is covered across
two different skills' names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from importlib.resources import files

import yaml

__all__ = ["covered_by", "facet_words", "vocabulary_names", "with_covered"]

_VERSION = re.compile(r"^v?\d[\d.x+/]*\+?$")
_WORD = re.compile(r"[a-z0-9+#.]+")


@functools.lru_cache(maxsize=1)
def facet_words() -> frozenset[str]:
    data = yaml.safe_load(files("skillgap.data").joinpath("covered_facets.yaml").read_text(encoding="utf-8"))
    return frozenset(str(w).strip().lower() for w in (data or {}).get("facets") or [])


def _is_facet_tail(tail: str, facets: frozenset[str]) -> bool:
    words = _WORD.findall(tail.lower())
    # nothing but words and separators: "& github" (another skill's name) is never a facet
    if not words or re.sub(r"[\s/,()-]+", "", tail.lower()) != "".join(words):
        return False
    return all(w in facets or _VERSION.match(w) for w in words)


def covered_by(listed: Mapping[str, Iterable[str]], candidates: Iterable[str],
               *, curated: Iterable[str] = ()) -> dict[str, str]:
    """``{covered skill: listed skill}`` for the ``candidates`` (canonical names) that a listed
    skill obviously covers. ``listed`` maps each listed canonical name to its forms (name and
    aliases); ``curated`` names are never covered."""
    facets = facet_words()
    never = {c.casefold() for c in curated} | {n.casefold() for n in listed}
    prefixes: list[tuple[str, str]] = []
    for name, forms in listed.items():
        for form in {name, *forms}:
            f = " ".join(form.lower().split())
            if len(f) >= 3:
                prefixes.append((f + " ", name))
    prefixes.sort(key=lambda p: -len(p[0]))  # the longest form first ("scikit learn" before "scikit")
    out: dict[str, str] = {}
    for cand in candidates:
        if cand.casefold() in never:
            continue
        low = " ".join(cand.lower().split())
        for prefix, name in prefixes:
            if low.startswith(prefix) and _is_facet_tail(low[len(prefix):], facets):
                out[cand] = name
                break
    return out


@functools.lru_cache(maxsize=1)
def _vocabulary_text() -> str:
    import gzip

    try:
        raw = files("skillgap.data").joinpath("vocab/skills.tsv.gz").read_bytes()
    except (OSError, FileNotFoundError):
        return ""
    return gzip.decompress(raw).decode("utf-8")


def vocabulary_names(prefixes: Iterable[str]) -> list[str]:
    """Names of the derived vocabulary (``data/vocab/skills.tsv.gz``) that start with one of
    ``prefixes`` (case-insensitive): the only skills :func:`covered_by` may cover (the curated
    taxonomy's forms are left out of that file)."""
    alts = sorted({re.escape(p.lower()) for p in prefixes if p}, key=len, reverse=True)
    if not alts:
        return []
    return re.findall(rf"^(?:{'|'.join(alts)})[^\t\n]*", _vocabulary_text(), re.MULTILINE | re.IGNORECASE)


def with_covered(profile, aliases: Mapping[str, Iterable[str]], present: Callable[[list[str]], Iterable[str]] | None = None):
    """``profile`` plus the skills its listed skills obviously cover (at the covering skill's
    level), recorded in ``Profile.covered``. ``aliases``: each listed canonical name's aliases;
    ``present``: of some names, those the postings mention (the others are left out)."""
    import dataclasses

    listed = {name: tuple(aliases.get(name, ())) for name in profile.skills if name not in profile.unknown_skills}
    forms = {" ".join(f.lower().split()) + " " for name, fs in listed.items() for f in (name, *fs)}
    found = covered_by(listed, vocabulary_names(f for f in forms if len(f) >= 4))
    if found and present is not None:
        keep = set(present(sorted(found)))
        found = {k: v for k, v in found.items() if k in keep}
    if not found:
        return profile
    skills = dict(profile.skills)
    for skill, via in sorted(found.items()):
        skills.setdefault(skill, profile.skills[via])
    return dataclasses.replace(profile, skills=skills, covered={**profile.covered, **found})
