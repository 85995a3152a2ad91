"""The skill taxonomy: loading, validation and name resolution.

The taxonomy is reviewed data (``data/taxonomy.yaml``, installed as ``skillgap.data``). It is
validated when loaded: pydantic checks the shape of each entry at the file boundary, then the
cross-entry rules run, and *every* problem found is reported in one :class:`TaxonomyError` whose
message names the file and the skill. Inside the program a taxonomy is a :class:`Taxonomy` of
frozen :class:`Skill` dataclasses.

File shape::

    version: 1
    categories: [language, framework, ...]
    skills:
      - {name: PyTorch, category: framework, aliases: [pytorch, torch], parent: deep learning}
      - {name: R, category: language, aliases: [R programming, RStudio], gate: r_language, gate_forms: [R]}

Keys of a skill: ``name`` (canonical; what reports and the ``skills`` view show), ``category``
(one of ``categories``), ``aliases`` (other surface forms, spelling variants, plurals),
``parent`` (the canonical name of a broader skill, e.g. PyTorch -> deep learning), ``kind``
(``hard`` | ``soft``; default ``soft`` for category ``soft_skill``, else ``hard``), ``gate``
(a context rule for ambiguous forms, see below) and ``gate_forms`` (the forms the gate applies
to; default: all forms of the skill).

Surface forms and matching (contract with ``extractors/extract.py``)
--------------------------------------------------------------------
``Skill.forms`` is ``(name, *aliases)``. A form that is **not** gated may be matched
case-insensitively. A form in ``Skill.gate_forms`` is matched **only with exactly the case
written in the taxonomy** (so the file lists each case variant it wants, e.g. ``Transformers`` and
``transformers``) **and** only when its gate's rule below accepts the context. Forms of a gated
skill that are not in ``gate_forms`` (``Golang``, ``Apache Spark``, ``R programming``) match
like any other form.

Gates (:data:`GATES`):

``case_sensitive``
    No context rule: exact case only. For names that are ordinary English words in lower case
    (``Excel`` vs "excel at", ``Spark`` vs "spark", ``Hive``, ``Airflow`` vs HVAC "airflow") and
    short acronyms whose lower case is a word or a unit (``ML`` vs "ml", ``BI``, ``RL``).
``needs_tech_context``
    Exact case, and count it only when the context looks technical: within the same sentence
    (or about ±8 tokens) there is another, ungated hard-skill mention or a technical cue word
    (programming, language, code, software, framework, library, API, cloud, database, SQL, model,
    machine learning, ML, AI, data, engineer/developer, stack). For ``Julia``, ``Rust``,
    ``Swift``, ``Lambda``, ``Ray``, ``Dash``, ``transformers``, ``Snowflake`` (also a company),
    ``Flask`` (also lab glassware), ``Jenkins`` (also a surname) and the like.
``r_language``
    The single letter ``R`` (exact case, a token on its own): not ``R&D``, ``®``/``(R)``, ``R.``
    as an initial, "Section R", grades or sizes. Count it when it sits in a list with other
    languages or statistics tools (Python, SQL, SAS, Stata, MATLAB, Julia), or next to a cue
    (``R programming``, ``in R``, ``R packages``, ``R/Python``, ``R Shiny``, tidyverse, CRAN).
``go_language``
    ``Go`` (exact case): not the verb or idioms ("Go to", "go-to", "Go-getter", "on the go",
    "go-to-market", "Go live", "Go beyond"), not at a sentence start followed by a verb or
    preposition. Count it in a list with other languages (``Python, Go, Java``), or with a cue
    (``Go programming``, ``in Go``, ``Go services``, ``Go/Rust``, ``Go developer``).
``c_language``
    ``C`` (exact case, a token on its own, also inside ``C/C++``): not "C-level", "C-suite",
    "Series C", "Vitamin C", "C corp", grades ("C or better"), temperatures ("°C") or list
    labels ("(c)"). Count it in a list with other languages or with a cue (``C programming``,
    ``in C``, ``embedded C``).
``cv_computer_vision``
    ``CV`` as computer vision: reject it near résumé cues (send / submit / upload / attach /
    your CV, "CV and cover letter", résumé, resume, cover letter, application); count it only
    with vision or ML cues nearby (image, video, detection, segmentation, NLP, ML, deep learning,
    "CV/NLP", model).
``resolve_only``
    These forms exist so that names typed in profiles or labels resolve (``AI`` -> artificial
    intelligence: in postings "AI" is nearly always the employer's domain, "AI team",
    "AI-powered", not a skill asked of the candidate). The rules alone never keep them; since
    rules 2.9 they are matched (case-insensitively, after every other form) as candidates flagged
    ``resolve_only`` that the learned model judges ("experience in data science, analytics" asks
    for data science).

Resolution: :meth:`Taxonomy.resolve` compares *keys*: case-folded, with whitespace, hyphens,
underscores and dots removed (so "scikit learn", "Scikit-Learn" and "SCIKIT_LEARN" are the same
key; ``#``, ``+``, ``/`` and ``&`` are kept, so C, C# and C++ stay apart). No two skills may share
a key.

Imports nothing from ``pipelines`` or ``analysis``.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, StrictStr, ValidationError

__all__ = [
    "GATES",
    "STOPWORDS",
    "Skill",
    "Taxonomy",
    "TaxonomyError",
    "load_taxonomy",
    "normalize_key",
]

#: Names of the context rules an ambiguous form may carry (meanings in the module docstring).
GATES: frozenset[str] = frozenset(
    {
        "case_sensitive",
        "needs_tech_context",
        "r_language",
        "go_language",
        "c_language",
        "cv_computer_vision",
        "resolve_only",
    }
)

#: Common words that must never be an ungated surface form (they flood extraction with false
#: positives; SkillSpan's most frequent ones are "to", "or", "data", "design", "business").
STOPWORDS: frozenset[str] = frozenset(
    {
        "a", "an", "and", "any", "are", "as", "at", "be", "by", "can", "do", "for", "from", "go",
        "has", "have", "i", "in", "is", "it", "make", "may", "of", "on", "or", "our", "so", "that",
        "the", "this", "to", "up", "us", "we", "will", "with", "you", "your",
        "business", "data", "design", "development", "experience", "knowledge", "skills",
        "software", "solutions", "systems", "team", "technology", "tools", "work", "excel",
        "spark", "shell", "access", "word", "present", "research", "analysis",
    }
)

DEFAULT_SOURCE = "skillgap.data/taxonomy.yaml"

_KEY_DROP = re.compile(r"[\s\-\u2010-\u2015_.]+")


def normalize_key(text: str) -> str:
    """The comparison key used by :meth:`Taxonomy.resolve` (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    return _KEY_DROP.sub("", text)


class TaxonomyError(ValueError):
    """The taxonomy file is invalid. ``problems`` lists every problem found, not just the first."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in problems)
        n = len(problems)
        super().__init__(f"{source}: invalid taxonomy, {n} problem{'s' if n != 1 else ''}:\n{lines}")


@dataclass(frozen=True, slots=True)
class Skill:
    """One canonical skill. ``gate`` names a context rule (:data:`GATES`) for ``gate_forms``."""

    name: str
    category: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    kind: Literal["hard", "soft"] = "hard"
    gate: str | None = None
    gate_forms: tuple[str, ...] = ()
    #: where the entry comes from: "curated" (taxonomy.yaml) or the derived vocabulary
    #: ("onet", "gaz", "onet+gaz"; see data/vocab/CREDITS.md)
    origin: str = "curated"

    @property
    def forms(self) -> tuple[str, ...]:
        """Every surface form: the name first, then the aliases."""
        return (self.name, *self.aliases)

    def is_gated(self, form: str) -> bool:
        """Whether ``form`` (exactly as written in the taxonomy) is subject to ``gate``."""
        return self.gate is not None and form in self.gate_forms


@dataclass(frozen=True, eq=False)
class Taxonomy:
    """A validated taxonomy. Build it with :func:`load_taxonomy`."""

    skills: tuple[Skill, ...]
    categories: tuple[str, ...]
    version: int = 1
    source: str = "<memory>"
    #: forms of the labelled-names lexicon (``data/vocab/labelled.tsv.gz``): (form, canonical
    #: skill, number of companies whose postings labelled it); matched like vocabulary forms
    lexicon_forms: tuple[tuple[str, str, int], ...] = ()
    _by_name: Mapping[str, Skill] = field(init=False, repr=False)
    _by_key: Mapping[str, Skill] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_name = {s.name: s for s in self.skills}
        by_key: dict[str, Skill] = {}
        for s in self.skills:
            for form in s.forms:
                by_key.setdefault(normalize_key(form), s)
        object.__setattr__(self, "_by_name", MappingProxyType(by_name))
        object.__setattr__(self, "_by_key", MappingProxyType(by_key))

    def __len__(self) -> int:
        return len(self.skills)

    def __iter__(self) -> Iterator[Skill]:
        return iter(self.skills)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.resolve(name) is not None

    def __getitem__(self, name: str) -> Skill:
        skill = self._by_name.get(name)
        if skill is None:
            raise KeyError(name)
        return skill

    def get(self, name: str) -> Skill | None:
        """The skill whose canonical name is exactly ``name``, else None (see :meth:`resolve`)."""
        return self._by_name.get(name)

    def resolve(self, name: str) -> Skill | None:
        """The skill that ``name`` (canonical name or alias) denotes, tolerant of case,
        whitespace, hyphens and dots; None when unknown."""
        if not isinstance(name, str):
            return None
        skill = self._by_name.get(name)
        if skill is not None:
            return skill
        key = normalize_key(name)
        return self._by_key.get(key) if key else None

    def closest(self, name: str, n: int = 3) -> list[str]:
        """Up to ``n`` canonical names that look like ``name``, best first ("did you mean")."""
        if n <= 0:
            return []
        exact = self.resolve(name)
        out: list[str] = [exact.name] if exact else []
        key = normalize_key(name)
        if key:
            for match in difflib.get_close_matches(key, list(self._by_key), n=n * 4, cutoff=0.6):
                canonical = self._by_key[match].name
                if canonical not in out:
                    out.append(canonical)
        return out[:n]

    def in_category(self, category: str) -> tuple[Skill, ...]:
        """Skills of one category, in file order."""
        return tuple(s for s in self.skills if s.category == category)

    def children(self, name: str) -> tuple[Skill, ...]:
        """Skills whose ``parent`` is the canonical ``name``."""
        return tuple(s for s in self.skills if s.parent == name)


# -- file boundary (pydantic) -----------------------------------------------------------------


class _SkillModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: StrictStr
    category: StrictStr
    aliases: list[StrictStr] = []
    parent: StrictStr | None = None
    kind: Literal["hard", "soft"] | None = None
    gate: StrictStr | None = None
    gate_forms: list[StrictStr] | None = None


class _FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    categories: list[StrictStr]
    skills: list[Any]


def _pydantic_problems(err: ValidationError, where: str) -> list[str]:
    out = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(top level)"
        out.append(f"{where}field '{loc}': {e['msg']}")
    return out


def _skill_label(index: int, raw: Any) -> str:
    name = raw.get("name") if isinstance(raw, dict) else None
    return f"skill #{index + 1} {name!r}" if isinstance(name, str) else f"skill #{index + 1}"


def _build(data: Any, source: str) -> Taxonomy:
    if not isinstance(data, dict):
        raise TaxonomyError(source, ["the file must be a mapping with keys version, categories, skills"])
    try:
        top = _FileModel.model_validate(data)
    except ValidationError as err:
        raise TaxonomyError(source, _pydantic_problems(err, "")) from None

    from skillgap.extractors import taxonomy_rules as rules  # it imports this module

    problems: list[str] = []
    categories = tuple(top.categories)
    seen_cat = rules.category_problems(categories, problems)
    if not top.skills:
        problems.append("skills: the list is empty")

    # 1. shape of each entry
    entries: list[tuple[str, _SkillModel]] = []
    for i, raw in enumerate(top.skills):
        label = _skill_label(i, raw)
        if not isinstance(raw, dict):
            problems.append(f"{label}: must be a mapping with at least name and category")
            continue
        try:
            entries.append((label, _SkillModel.model_validate(raw)))
        except ValidationError as err:
            problems.extend(_pydantic_problems(err, f"{label}: "))

    # 2. rules within one entry
    names: dict[str, str] = {}
    for label, m in entries:
        rules.entry_problems(label, m, names, seen_cat, categories, problems)

    # 3. rules across entries: shared keys, parents
    rules.shared_key_problems(entries, problems)
    rules.parent_problems(entries, names, problems)

    if problems:
        raise TaxonomyError(source, problems)

    skills = []
    for _, m in entries:
        kind = m.kind or ("soft" if m.category == "soft_skill" else "hard")
        forms = (m.name, *m.aliases)
        gate_forms: tuple[str, ...] = ()
        if m.gate:
            gate_forms = tuple(m.gate_forms) if m.gate_forms is not None else forms
        skills.append(
            Skill(
                name=m.name,
                category=m.category,
                aliases=tuple(m.aliases),
                parent=m.parent,
                kind=kind,
                gate=m.gate,
                gate_forms=gate_forms,
            )
        )
    return Taxonomy(skills=tuple(skills), categories=categories, version=top.version, source=source)


def _parse(text: str, source: str) -> Taxonomy:
    try:
        # libyaml's parser when PyYAML has it: the same documents, ~10x faster (the taxonomy is
        # read at every start of `skillgap extract` and of each worker)
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        raise TaxonomyError(source, [f"not valid YAML: {err}"]) from None
    return _build(data, source)


#: Category of derived vocabulary entries that are neither tools, databases nor soft skills.
VOCAB_CATEGORY = "concept"
VOCAB_FILE = "vocab/skills.tsv.gz"


def vocabulary_bytes() -> bytes:
    """The bundled derived vocabulary file (gzip), b"" when absent."""
    try:
        return files("skillgap.data").joinpath(VOCAB_FILE).read_bytes()
    except (OSError, FileNotFoundError):
        return b""


def _vocabulary_skills(raw: bytes, taken: set[str], categories: set[str]) -> list[Skill]:
    """Derived entries (``name, category, kind, origin, zipf`` per line) whose key no curated
    form has; categories outside ``categories`` become :data:`VOCAB_CATEGORY`."""
    import gzip

    out: list[Skill] = []
    if not raw:
        return out
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, category, kind, origin = line.split("\t")[:4]
        key = normalize_key(name)
        if not key or key in taken:
            continue
        taken.add(key)
        out.append(
            Skill(
                name=name,
                category=category if category in categories or category == VOCAB_CATEGORY else VOCAB_CATEGORY,
                kind="soft" if kind == "soft" else "hard",
                origin=origin,
            )
        )
    return out


LEXICON_FILE = "vocab/labelled.tsv.gz"
#: origin of a lexicon name that no curated or vocabulary skill has (shown as 'vocabulary' in the view)
LEXICON_ORIGIN = "labelled"
_LIST_PUNCT = re.compile(r"[/,;()]")


def lexicon_bytes() -> bytes:
    """The bundled labelled-names lexicon (gzip), b"" when absent."""
    try:
        return files("skillgap.data").joinpath(LEXICON_FILE).read_bytes()
    except (OSError, FileNotFoundError):
        return b""


def _lexicon(raw: bytes, taxonomy: Taxonomy) -> tuple[list[Skill], list[tuple[str, str, int]]]:
    """The lexicon's rows (``form, name, kind, companies`` per line) against ``taxonomy``: a form
    some skill already has is left out (that skill's entry wins); a form whose name is a known
    skill becomes another form of it ("mentor" -> mentoring); the rest, grouped by name, become
    new skills of origin :data:`LEXICON_ORIGIN`. Returns (new skills, every kept (form, skill,
    companies))."""
    import gzip

    if not raw:
        return [], []
    taken = {normalize_key(f) for s in taxonomy.skills for f in s.forms}
    new: dict[str, tuple[str, list[str]]] = {}  # name -> (kind, forms)
    forms: list[tuple[str, str, int]] = []
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        form, name, kind, support = line.split("\t")[:4]
        key = normalize_key(form)
        if not key or key in taken or _LIST_PUNCT.search(form):
            continue  # a known form keeps its skill; "C/C++", "SQL (Postgres)" name several
        taken.add(key)
        known = taxonomy.resolve(name)
        if known is not None:
            forms.append((form, known.name, int(support)))
            continue
        kind_, fs = new.setdefault(name, ("soft" if kind == "soft" else "hard", []))
        fs.append(form)
        forms.append((form, name, int(support)))
    skills = [
        Skill(name=name, category="soft_skill" if kind == "soft" else VOCAB_CATEGORY,
              aliases=tuple(f for f in fs if f != name), kind="soft" if kind == "soft" else "hard", origin=LEXICON_ORIGIN)
        for name, (kind, fs) in new.items()
    ]
    return skills, forms


def extend(curated: Taxonomy, vocabulary: bytes | None = None, lexicon: bytes | None = None) -> Taxonomy:
    """``curated`` plus the derived vocabulary (the bundled one by default) and the labelled-names
    lexicon (the bundled one by default; b"" for none): every name that extraction may emit
    resolves, with a category and a kind. Curated forms win, then the vocabulary's."""
    raw = vocabulary_bytes() if vocabulary is None else vocabulary
    taken = {normalize_key(f) for s in curated.skills for f in s.forms}
    extra = _vocabulary_skills(raw, taken, set(curated.categories))
    source = curated.source + (" + " + VOCAB_FILE if extra else "")
    out = curated
    if extra:
        cats = list(curated.categories)
        for s in extra:
            if s.category not in cats:
                cats.append(s.category)
        out = Taxonomy(skills=curated.skills + tuple(extra), categories=tuple(cats), version=curated.version, source=source)
    lex_skills, lex_forms = _lexicon(lexicon_bytes() if lexicon is None else lexicon, out)
    if not lex_forms:
        return out
    cats = list(out.categories)
    for c in ("soft_skill", VOCAB_CATEGORY):
        if c not in cats and any(s.category == c for s in lex_skills):
            cats.append(c)
    return Taxonomy(skills=out.skills + tuple(lex_skills), categories=tuple(cats), version=out.version,
                    source=source + " + " + LEXICON_FILE, lexicon_forms=tuple(lex_forms))


@functools.lru_cache(maxsize=1)
def _load_curated() -> Taxonomy:
    text = files("skillgap.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
    return _parse(text, DEFAULT_SOURCE)


@functools.lru_cache(maxsize=1)
def _load_default() -> Taxonomy:
    return extend(_load_curated())


def load_taxonomy(path: str | os.PathLike[str] | None = None, *, extended: bool | None = None) -> Taxonomy:
    """Load and validate a taxonomy; the bundled ``data/taxonomy.yaml`` (cached) when ``path``
    is None. Raises :class:`TaxonomyError` listing every problem, or ``OSError`` when the file
    cannot be read.

    ``extended`` (default: True for the bundled taxonomy, False for a file) adds the derived
    vocabulary ``data/vocab/skills.tsv.gz`` (O*NET Technology Skills and the skill_extractor
    gazetteer, filtered; entries with ``origin`` other than "curated")."""
    if extended is None:
        extended = path is None
    if path is None:
        return _load_default() if extended else _load_curated()
    p = Path(path)
    tax = _parse(p.read_text(encoding="utf-8"), str(p))
    return extend(tax) if extended else tax
