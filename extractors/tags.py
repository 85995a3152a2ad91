"""Skills written as tags, which the matcher alone misses: lines of lower-case tags under a
"Technologies" / "Tags" heading ("java spring-boot amazon-web-services") and lower-case names
joined by slashes ("angular/react"). Gated names match only as written; in these two shapes every
name is a technology, so they are taken whatever their case.
"""

from __future__ import annotations

import re

from skillgap.extractors.candidates import Tables
from skillgap.extractors.records import SkillMention
from skillgap.extractors.rule_words import alternation, words
from skillgap.extractors.rules import TOOL_CATEGORIES, in_job_title
from skillgap.extractors.sections import DROPPED_SECTIONS, Layout
from skillgap.extractors.taxonomy import normalize_key

__all__ = ["has_tag_lines", "with_tag_lines", "with_slash_groups", "tag_skill"]

# A line of lower-case tags under a "Technologies" / "Tags" / "Tech stack" heading line.
_TAG_HEAD = re.compile(
    r"^[ \t]*(?i:" + alternation("tag_headings") + r")[ \t]*:?[ \t]*\n"
    r"[ \t]*((?:\.\s)?[a-z0-9](?:[a-z0-9.#+-]*[a-z0-9#+])?(?:[ \t]+(?:\.\s)?[a-z0-9](?:[a-z0-9.#+-]*[a-z0-9#+])?){0,11})[ \t]*$",
    re.M,
)
_PROSE_WORDS = frozenset(words("prose_words"))
_TAG = re.compile(r"(?:\.\s)?[a-z0-9][a-z0-9.#+-]*[a-z0-9#+]|(?<![\w.#+-])[a-z0-9](?![\w.#+-])")
# Characters of a name inside a slash group ("angular/react", "node.js/express").
_SLASH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.#+-")


def has_tag_lines(text: str) -> bool:
    return "\n" in text and _TAG_HEAD.search(text) is not None


def _mention(tables: Tables, sid: str, a: int, b: int, text: str, evidence: str, section: str) -> SkillMention:
    skill = tables.skills.get(sid)
    return SkillMention(
        skill=sid,
        category=getattr(skill, "category", "") if skill is not None else "",
        requirement="preferred" if section == "preferred" else "required",
        start=a,
        end=b,
        text=text[a:b],
        evidence=evidence,
        section=section,
    )


def _merged(skills: tuple[SkillMention, ...], extra: list[SkillMention]) -> tuple[SkillMention, ...]:
    if not extra:
        return skills
    return tuple(sorted(skills + tuple(extra), key=lambda x: (x.start, x.end)))


def with_tag_lines(tables: Tables, text: str, layout: Layout, skills: tuple[SkillMention, ...]) -> tuple[SkillMention, ...]:
    """Add the skills of tag lines ("Technologies\\njava spring-boot amazon-web-services"):
    under such a heading every lower-case tag names a technology, so each tag that resolves
    to a taxonomy skill is a mention, gated names included ("react", "go", "airflow")."""
    taken = [(m.start, m.end) for m in skills]
    extra: list[SkillMention] = []
    for m in _TAG_HEAD.finditer(text):
        line_start, line_end = m.span(1)
        if _PROSE_WORDS.intersection(text[line_start:line_end].split()):
            continue  # a sentence, not tags: "we react to customer needs"
        section = layout.section_at(line_start)
        if section in DROPPED_SECTIONS:
            continue
        for t in _TAG.finditer(text, line_start, line_end):
            a, b = t.span()
            if any(x < b and a < y for x, y in taken):
                continue
            sid = tag_skill(tables, t.group())
            if sid is not None:
                extra.append(_mention(tables, sid, a, b, text, text[line_start:line_end], section))
    return _merged(skills, extra)


def _slash_group(text: str, pos: int) -> tuple[int, int]:
    """The run of name characters and slashes around the slash at ``pos``."""
    a, b, n = pos, pos + 1, len(text)
    while a > 0 and (text[a - 1] in _SLASH_CHARS or text[a - 1] == "/"):
        a -= 1
    while b < n and (text[b] in _SLASH_CHARS or text[b] == "/"):
        b += 1
    return a, b


def with_slash_groups(tables: Tables, text: str, layout: Layout, skills: tuple[SkillMention, ...]) -> tuple[SkillMention, ...]:
    """Add lower-case names joined by slashes when every part names a tool, language or
    framework ("angular/react", "jest/enzyme"): gated names match only as written, but a slash
    group of tool names is a list of technologies whatever its case ("and/or",
    "input/output" do not resolve; "mathematics/statistics" are no tools)."""
    taken = [(m.start, m.end) for m in skills]
    extra: list[SkillMention] = []
    pos = text.find("/")
    while pos != -1:
        a, b = _slash_group(text, pos)
        pos = text.find("/", b)
        group = text[a:b].strip(".-")
        a = text.find(group, a) if group else a
        parts = group.split("/")
        if len(parts) < 2 or not group.islower() or not all(parts):
            continue
        sids = [tables.by_key.get(normalize_key(p)) for p in parts]
        if not all(sids) or any(getattr(tables.skills.get(x), "category", "") not in TOOL_CATEGORIES for x in sids):  # type: ignore[arg-type]
            continue  # only tools: "mathematics/statistics" is a field of study
        section = layout.section_at(a)
        if section in DROPPED_SECTIONS or in_job_title(text, a, a + len(group)):
            continue
        start = a
        for part, sid in zip(parts, sids):
            pa, pb = start, start + len(part)
            start = pb + 1
            if any(x < pb and pa < y for x, y in taken):
                continue
            ls, le = layout.sentence_at(pa)  # the sentence (bounded), not a whole flattened line
            extra.append(_mention(tables, sid, pa, pb, text, text[ls:le], section))  # type: ignore[arg-type]
    return _merged(skills, extra)


def tag_skill(tables: Tables, tag: str) -> str | None:
    """The skill a tag names: the whole tag ("amazon-web-services", "reactjs"), else its
    longest leading part that names one ("react-redux" -> React, "linux-kernel" -> Linux)."""
    parts = tag.split("-")
    for n in range(len(parts), 0, -1):
        sid = tables.by_key.get(normalize_key("-".join(parts[:n])))
        if sid is not None:
            return sid
    return None
