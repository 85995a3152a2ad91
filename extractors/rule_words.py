"""The word lists and cue phrases of the extraction rules, as reviewed data in ``data/``: the
precision rules' ``extract_rules.yaml`` (:func:`words`, :func:`alternation`) and the section
headings' ``section_headings.yaml`` (read by ``sections.py`` through :func:`load_lists`).

Validated on load like the taxonomy: every expected key present, no unknown key, each list
non-empty with unique string entries (regex lists: entries that compile); all problems are
listed at once in one :class:`RuleWordsError`.

>>> alternation("industry_words")
'industry|industries|sector|sectors|market|markets'
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files

import yaml

__all__ = ["KEYS", "RuleWordsError", "words", "alternation", "validate", "load_lists"]

RULES_FILE = "extract_rules.yaml"

#: Lists whose entries are matched literally (characters or lower-case words), not as regex.
LITERAL = frozenset({"list_glue", "tool_categories", "bullets", "no_company", "prose_words"})

KEYS = frozenset({
    "list_glue", "tool_categories", "bullets",
    "candidate_cues", "we_value_verbs", "addresses_candidate_cues", "company_cues", "hire_adjectives",
    "hired_people", "company_subjects", "company_verbs", "blurb_verbs", "company_suffixes", "no_company",
    "people_words", "leadership_owners", "job_title_modifiers", "job_title_heads", "role_fields",
    "working_with_before", "team_words", "industry_words", "edge_compounds", "umbrella_heads",
    "umbrella_intros", "tag_headings", "prose_words", "degree_measures", "not_a_field",
    "related_field_adjectives", "related_field_nouns", "field_example_cues", "focus_words",
})


class RuleWordsError(ValueError):
    def __init__(self, source: str, problems: list[str]) -> None:
        self.source, self.problems = source, problems
        super().__init__(f"{source}: " + "; ".join(problems))


def validate(
    data: object, source: str = RULES_FILE, *, keys: frozenset[str] = KEYS, literal: frozenset[str] = LITERAL
) -> dict[str, tuple[str, ...]]:
    """The lists of ``data`` (a parsed YAML document with the lists ``keys``; those in
    ``literal`` are not regular expressions), or every problem with it at once."""
    if not isinstance(data, dict):
        raise RuleWordsError(source, [f"expected a mapping of lists, got {type(data).__name__}"])
    problems = [f"unknown key {k!r} (allowed: {', '.join(sorted(keys))})" for k in data if k not in keys]
    problems += [f"missing key {k!r}" for k in sorted(keys - data.keys())]
    out: dict[str, tuple[str, ...]] = {}
    for key in sorted(keys & data.keys()):
        entries = data[key]
        if not isinstance(entries, list) or not entries:
            problems.append(f"{key}: expected a non-empty list")
            continue
        for i, e in enumerate(entries):
            if not isinstance(e, str) or not e.strip():
                problems.append(f"{key}[{i}]: expected a non-empty string, got {e!r} (quote YAML words such as on, no, null)")
            elif key not in literal:
                try:
                    re.compile(e)
                except re.error as err:
                    problems.append(f"{key}[{i}]: {e!r} is not a valid regular expression ({err})")
        dupes = sorted({e for e in entries if isinstance(e, str) and entries.count(e) > 1})
        if dupes:
            problems.append(f"{key}: duplicate entries {dupes}")
        out[key] = tuple(entries)
    if problems:
        raise RuleWordsError(source, problems)
    return out


def load_lists(filename: str, keys: frozenset[str], literal: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The validated lists of ``data/<filename>``."""
    text = files("skillgap.data").joinpath(filename).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    return validate(data, f"skillgap.data/{filename}", keys=keys, literal=literal)


@functools.cache
def _lists() -> dict[str, tuple[str, ...]]:
    return load_lists(RULES_FILE, KEYS, LITERAL)


def words(key: str) -> tuple[str, ...]:
    """The entries of one list, in file order."""
    return _lists()[key]


def alternation(key: str) -> str:
    """The entries of one (regex) list joined by ``|``, in file order (no group around them)."""
    return "|".join(words(key))
