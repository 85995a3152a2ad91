"""The taxonomy's surface forms as the matcher needs them: each skill's forms, which of them are
gated (exact case), the patterns with their plurals, one-word spellings of multi-word forms
(hashtags), the derived vocabulary's forms, and the one-word names the tokenizer must not split.
Pure functions of the taxonomy's skills."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from skillgap.extractors.gates import gate_for, is_case_sensitive
from skillgap.extractors.matcher import GATED_LABEL, LABEL
from skillgap.extractors.tokenizer import CAMEL_RE

__all__ = ["skill_forms", "gated_forms", "patterns", "compact_forms", "unsplit_names", "vocabulary_forms", "lexicon_pairs",
           "lexicon_support", "resolve_only_forms", "RESOLVE_CANDIDATES"]

#: Whether forms gated ``resolve_only`` ("data science", "AI", "Oracle") are matched in text as
#: candidates the learned model judges (flag ``resolve_only``; the rules alone still drop them):
#: rules 2.9. False: never matched (rules <= 2.8; ``training/skills`` compares both).
RESOLVE_CANDIDATES = True

_PLURALISABLE = re.compile(r"[A-Za-z]{3,}$")
_COMPACTABLE = re.compile(r"[a-z]+(?:[ -][a-z]+)+")


def _plural(form: str) -> str | None:
    """A plural variant of a form ("data pipeline" -> "data pipelines", "LLM" -> "LLMs")."""
    if not _PLURALISABLE.search(form) or form[-1] in "sSxX":
        return None
    if form.endswith("y") and form[-2:-1] not in ("a", "e", "i", "o", "u"):
        return form[:-1] + "ies"
    return form + "s"


def skill_forms(skill: Any) -> list[str]:
    """The surface forms of a skill as written in the taxonomy: its name, then its aliases."""
    seen: set[str] = set()
    out: list[str] = []
    for form in (skill.name, *tuple(skill.aliases or ())):
        form = (form or "").strip()
        if form and form not in seen:
            seen.add(form)
            out.append(form)
    return out


def gated_forms(skill: Any, forms: list[str]) -> set[str]:
    """Forms matched by exact case and judged by a gate (``Skill.gate_forms``; all forms of a
    gated skill when the taxonomy does not say; short forms of R/C/Go by default)."""
    gate = getattr(skill, "gate", None)
    if gate is not None:
        declared = getattr(skill, "gate_forms", None)
        return set(declared) if declared else set(forms)
    if is_case_sensitive(skill.name, None):
        return {f for f in forms if len(f) <= 3}
    return set()


def patterns(skills: Iterable[Any]) -> list[dict[str, Any]]:
    """The matcher's patterns (``{"label", "id", "pattern"}``) of curated skills, in priority
    order: gated forms as written, ungated forms lower-cased (and as written when they hold
    capitals), plurals of ungated names, then the one-word spellings of :func:`compact_forms`."""
    skills = list(skills)
    taken: set[str] = set()
    for s in skills:
        taken.update(f.lower() for f in skill_forms(s))
    out: list[dict[str, Any]] = []
    for s in skills:
        forms = skill_forms(s)
        gated = gated_forms(s, forms)
        lowered: list[str] = []
        resolve_only = getattr(s, "gate", None) == "resolve_only"
        for form in forms:
            if form in gated and resolve_only:
                continue  # not as a gated form: matched last, below (RESOLVE_CANDIDATES), or never
            if form in gated:
                out.append({"label": GATED_LABEL, "id": s.name, "pattern": form})
                continue
            if form != form.lower():
                # "JavaScript", "eXtreme Programming" also split at their case change (like glued
                # text): match both ways, even when the lower-case form is listed too
                out.append({"label": LABEL, "id": s.name, "pattern": form})
            if form.lower() not in lowered:
                lowered.append(form.lower())
        if not gated and gate_for(s.name, getattr(s, "gate", None)) is None:
            # Ungated names also match their plural ("data pipelines", "LLMs", "APIs").
            for form in list(lowered):
                p = _plural(form)
                if p and p not in taken and p not in lowered:
                    lowered.append(p)
                    taken.add(p)
        out.extend({"label": LABEL, "id": s.name, "pattern": form} for form in lowered)
    # last, so that a real form sharing the tokens keeps its skill
    out.extend({"label": LABEL, "id": sid, "pattern": key} for key, sid in compact_forms(skills).items())
    if RESOLVE_CANDIDATES:  # after every other form: a form another skill has keeps that skill
        out.extend({"label": LABEL, "id": sid, "pattern": form} for sid, forms in resolve_only_forms(skills).items() for form in forms)
    return out


def resolve_only_forms(skills: Iterable[Any]) -> dict[str, frozenset[str]]:
    """Skill name -> its forms gated ``resolve_only``, lower-cased (empty when
    :data:`RESOLVE_CANDIDATES` is off: none is matched then)."""
    if not RESOLVE_CANDIDATES:
        return {}
    out: dict[str, frozenset[str]] = {}
    for s in skills:
        if getattr(s, "gate", None) == "resolve_only" and getattr(s, "origin", "curated") == "curated":
            got = frozenset(f.lower() for f in gated_forms(s, skill_forms(s)))
            if got:
                out[s.name] = got
    return out


def compact_forms(skills: Iterable[Any]) -> dict[str, str]:
    """Multi-word forms written as one word, the way hashtags write them ("#Datavisualization",
    "#timemanagement"): lower-cased key -> skill, for forms of letters only, keys of six
    letters or more that are no form themselves. The extractor keeps such a match only as a
    hashtag. (A camel-cased tag, "#DataVisualization", splits at its case change and matches the
    spaced form anyway.)"""
    skills = list(skills)
    taken = {f.lower() for s in skills for f in skill_forms(s)}
    out: dict[str, str] = {}
    for s in skills:
        forms = skill_forms(s)
        gated = gated_forms(s, forms)
        for form in forms:
            low = form.lower()
            if form in gated or not _COMPACTABLE.fullmatch(low):
                continue
            key = low.replace(" ", "").replace("-", "")
            if len(key) >= 6 and key not in taken:
                out.setdefault(key, s.name)
    return out


def unsplit_names(skills: Iterable[Any]) -> frozenset[str]:
    """Lower-cased one-word names matched in any case whose written forms have no case change
    inside ("Terraform", not "JavaScript"): a text word that spells one of them with odd capitals
    stays whole. Names some form writes with a case change keep the split (both ways match)."""
    keep: set[str] = set()
    camel: set[str] = set()
    for s in skills:
        forms = skill_forms(s)
        gated = gated_forms(s, forms)
        for f in forms:
            if len(CAMEL_RE.split(f)) > 1:
                camel.add(f.lower())
            elif f not in gated and len(f) > 3 and f.isalnum():
                keep.add(f.lower())
    return frozenset(keep - camel)


def vocabulary_forms(skills: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """(form, skill) for derived vocabulary entries: every form, then the plurals (an entry's
    own form wins over another entry's plural)."""
    skills = list(skills)
    for s in skills:
        for form in skill_forms(s):
            yield form, s.name
    for s in skills:
        for form in skill_forms(s):
            p = _plural(form)
            if p:
                yield p, s.name


def lexicon_pairs(lexicon: Iterable[tuple[str, str, int]]) -> Iterator[tuple[str, str]]:
    """(form, skill) for the labelled-names lexicon's (form, skill, companies): every form, then
    the plurals."""
    lexicon = list(lexicon)
    for form, sid, _n in lexicon:
        yield form, sid
    for form, sid, _n in lexicon:
        p = _plural(form)
        if p:
            yield p, sid


def lexicon_support(lexicon: Iterable[tuple[str, str, int]]) -> dict[str, int]:
    """Lower-cased form (and its plural) -> number of companies that labelled it."""
    out: dict[str, int] = {}
    for form, _sid, n in lexicon:
        for f in (form, _plural(form)):
            if f:
                out.setdefault(" ".join(f.lower().split()), n)
    return out
