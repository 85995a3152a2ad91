"""Text -> facts: the :class:`Extractor` (spaCy ``blank("en")`` + taxonomy span ruler + rules).

>>> ex = Extractor()                                            # doctest: +SKIP
>>> r = ex.extract(title="ML Engineer", description="You know Python and PyTorch.")  # doctest: +SKIP
>>> [(m.skill, m.requirement) for m in r.skills]                # doctest: +SKIP
[('Python', 'required'), ('PyTorch', 'required')]

Offsets (``SkillMention.start``/``end``) index ``Extraction.description_text``: the description
itself when it is plain text, the text made from it when it is HTML.

The parts: ``candidates.py`` (every match with its context, flags and features), ``rules.py``
(the named precision rules; their words in ``data/extract_rules.yaml``), ``features.py`` (the
model's input), ``skill_model.py`` (the decision), ``tags.py`` (tag lines and slash groups),
``facts.py`` / ``classify.py`` (years, degree, salary, ...; role family, seniority) and
``pool.py`` (worker processes).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from skillgap.extractors import alternatives, classify, facts, roles
from skillgap.extractors.candidates import Candidate, Tables, Tokens, candidates
from skillgap.extractors.discover import DISCOVERED
from skillgap.extractors.features import form_zipf
from skillgap.extractors.forms import lexicon_support, resolve_only_forms
from skillgap.extractors.gates import gate_for, refinement_for
from skillgap.extractors.mined import MinedNames, load_mined
from skillgap.extractors.pipeline import TaxonomyLike, build_nlp, compact_forms, match_text, skill_forms
from skillgap.extractors.records import Extraction, Salary, SkillMention
from skillgap.extractors.sections import Layout, analyse
from skillgap.extractors.skill_model import SkillModel, load_skill_model
from skillgap.extractors.tagger import Tagger, load_tagger
from skillgap.extractors.tags import has_tag_lines, with_slash_groups, with_tag_lines

__all__ = [
    "EXTRACTOR_VERSION",  # noqa: F822 - provided by the module __getattr__ (computed on first use)
    "RULES_VERSION",
    "Extraction",
    "Extractor",
    "Salary",
    "SkillMention",
    "extractor_version",
    "taxonomy_digest",
]

log = logging.getLogger(__name__)

# Bump whenever matching behaviour changes (gates, sections, cues, rule words, tokenizer,
# parsers); what each version changed is in docs/CHANGELOG.md.
RULES_VERSION = "2.17"


def _bundled_taxonomy_bytes() -> bytes | None:
    candidates: list[Any] = []
    try:
        from importlib.resources import files

        candidates.append(files("skillgap.data").joinpath("taxonomy.yaml"))
    except Exception:  # noqa: BLE001 - package absent in a bare checkout
        pass
    candidates.append(Path(__file__).resolve().parent.parent / "data" / "taxonomy.yaml")
    for c in candidates:
        try:
            return c.read_bytes()
        except (OSError, AttributeError):
            continue
    return None


def taxonomy_digest(content: bytes | None = None) -> str:
    """sha256 of the taxonomy file content (the bundled one by default) and, for the bundled
    taxonomy, of the derived vocabulary and the labelled-names lexicon too."""
    if content is None:
        from skillgap.extractors.taxonomy import lexicon_bytes, vocabulary_bytes

        content = (_bundled_taxonomy_bytes() or b"") + vocabulary_bytes() + lexicon_bytes()
    return hashlib.sha256(content).hexdigest()


def _skills_digest(taxonomy: TaxonomyLike) -> str:
    h = hashlib.sha256()
    for s in taxonomy.skills:
        h.update(repr((s.name, s.category, tuple(s.aliases or ()), getattr(s, "gate", None))).encode())
    for row in getattr(taxonomy, "lexicon_forms", ()):
        h.update(repr(row).encode())
    return h.hexdigest()


DISCOVER_ENV = "SKILLGAP_DISCOVER"


def discover_default(model: SkillModel | None) -> bool:
    """Whether extraction judges names beyond the vocabulary unless told: ``$SKILLGAP_DISCOVER``
    ("1" on, "0" off) when set, else whether the model was trained with them (its card says)."""
    env = os.environ.get(DISCOVER_ENV, "").strip()
    if env in ("0", "1"):
        return env == "1"
    return bool(model is not None and (model.meta or {}).get("discover"))


def _discover_tag(discover: bool, model: SkillModel | None) -> str:
    """The version's mark of discovery switched away from what the model was trained with, and
    of a span proposer the model was trained with but the package lacks (``.t0``: a broken
    install proposes fewer names, so its stored postings must not pass for the full extractor's)."""
    meta = (model.meta or {}) if model is not None else {}
    tag = "" if discover == bool(meta.get("discover")) else ".d1" if discover else ".d0"
    if discover and meta.get("tagger") and load_tagger(model) is None:
        tag += ".t0"
    return tag


def _model_tag(model: SkillModel | None) -> str:
    return "m" + model.digest[:8] if model is not None else "rules"


ALTERNATIVES_VERSION = "a1"  # extractors/alternatives.py: stored alt_group values change with it


@functools.cache
def extractor_version() -> str:
    """Changes when the rules, the bundled taxonomy, the derived vocabulary or the skill model
    change: stored with each extraction so that a new version re-extracts every posting.
    Computed on first use (it reads the taxonomy, the vocabulary and the model)."""
    model = load_skill_model()
    return (f"{RULES_VERSION}+{taxonomy_digest()[:8]}.{_model_tag(model)}.{roles.MODEL_VERSION}"
            f".{ALTERNATIVES_VERSION}{_discover_tag(discover_default(model), model)}")


def __getattr__(name: str) -> Any:
    # ``EXTRACTOR_VERSION`` stays importable as a constant without being computed at import
    if name == "EXTRACTOR_VERSION":
        return extractor_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


try:  # the lead's HTML module; extraction of plain text does not need it
    from skillgap.extractors.html import html_to_text as _html_to_text
    from skillgap.extractors.html import looks_like_html as _looks_like_html
except ImportError:  # pragma: no cover - only while the module is being written
    _html_to_text = None  # type: ignore[assignment]
    _looks_like_html = None  # type: ignore[assignment]

_FALLBACK_HTML = re.compile(r"</?(?:p|div|br|ul|ol|li|h[1-6]|span|strong|b|em)\b[^>]*>|&lt;(?:p|div|br|ul|li)\b", re.I)


def _is_html(text: str) -> bool:
    if _looks_like_html is not None:
        return bool(_looks_like_html(text))
    return bool(_FALLBACK_HTML.search(text))


def _to_text(html: str) -> str:
    if _html_to_text is None:  # pragma: no cover
        raise RuntimeError("skillgap.extractors.html is not available to convert HTML descriptions")
    return _html_to_text(html)


_RECORD_FIELDS = ("title", "description", "company", "location", "html")


@dataclass(frozen=True, slots=True)
class _Skills:
    """A taxonomy as its skills and lexicon forms (what a worker process needs to build the pipeline)."""

    skills: tuple[Any, ...]
    lexicon_forms: tuple[tuple[str, str, int], ...] = ()


def _extract_chunk(job: tuple[int | None, list[tuple[Any, ...]]]) -> list[Extraction]:
    """What a worker of :meth:`Extractor.extract_many` runs: one chunk of records (as tuples)."""
    from skillgap.extractors.pool import worker_extractor

    batch_size, chunk = job
    return list(worker_extractor().extract_many([dict(zip(_RECORD_FIELDS, rec)) for rec in chunk], batch_size))


def _field(rec: Any, name: str) -> Any:
    if isinstance(rec, Mapping):
        return rec.get(name)
    return getattr(rec, name, None)


@dataclass(frozen=True, slots=True)
class _Built:
    """A taxonomy's pipeline and look-up tables."""

    taxonomy: TaxonomyLike
    nlp: Any
    tables: Tables


_BUILT: dict[int, _Built] = {}


def _build(taxonomy: TaxonomyLike) -> _Built:
    from skillgap.extractors.taxonomy import normalize_key

    forms = {s.name: skill_forms(s) for s in taxonomy.skills}
    by_key: dict[str, str] = {}
    for s in taxonomy.skills:
        for f in forms[s.name]:
            by_key.setdefault(normalize_key(f), s.name)
    tables = Tables(
        skills={s.name: s for s in taxonomy.skills},
        origin={s.name: o for s in taxonomy.skills if (o := getattr(s, "origin", "curated")) != "curated"},
        gates={s.name: gate_for(s.name, getattr(s, "gate", None)) for s in taxonomy.skills},
        refine={s.name: refinement_for(s.name) for s in taxonomy.skills},
        forms=forms,
        by_key=by_key,
        compact=frozenset(compact_forms(s for s in taxonomy.skills if getattr(s, "origin", "curated") == "curated")),
        zipf=form_zipf(),
        lexicon=lexicon_support(getattr(taxonomy, "lexicon_forms", ())),
        resolve=resolve_only_forms(taxonomy.skills),
    )
    return _Built(taxonomy, build_nlp(taxonomy), tables)


class Extractor:
    """Skills, requirement level and evidence, role family, seniority, years, degree, salary,
    visa and remote type from one posting. Build once; reuse (building compiles patterns)."""

    def __init__(
        self, taxonomy: TaxonomyLike | None = None, *, batch_size: int = 64, skill_model: SkillModel | None | str = "bundled",
        discover: bool | None = None,
    ) -> None:
        """``skill_model``: the learned candidate decision ("bundled": the shipped model; None:
        the context rules alone; or a :class:`SkillModel`). ``discover``: also judge names
        beyond the vocabulary (``discover.py``); default: :func:`discover_default`."""
        model = load_skill_model() if skill_model == "bundled" else skill_model
        assert model is None or isinstance(model, SkillModel)
        self.skill_model: SkillModel | None = model
        self.discover = discover_default(model) if discover is None else bool(discover)
        # the span proposer (tagger.py) the bundled model was trained with; names it proposes are
        # discovered names, so only with discovery on
        self.tagger: Tagger | None = load_tagger(model) if self.discover and skill_model == "bundled" else None
        # the corpus-mined names (mined.py) the bundled model was trained with: discovered names too
        self.mined: MinedNames | None = load_mined(model) if self.discover and skill_model == "bundled" else None
        if taxonomy is None:
            from skillgap.extractors.taxonomy import load_taxonomy

            taxonomy = load_taxonomy()
            if skill_model == "bundled":  # the version stores keep, less its own discovery mark
                self.version = extractor_version().removesuffix(_discover_tag(discover_default(model), model))
            else:
                self.version = f"{RULES_VERSION}+{taxonomy_digest()[:8]}.{_model_tag(model)}"
        else:
            self.version = f"{RULES_VERSION}+{_skills_digest(taxonomy)[:8]}.{_model_tag(model)}"
        self.version += _discover_tag(self.discover, model)
        self.taxonomy = taxonomy
        self.batch_size = batch_size
        # Building the pipeline and the look-up tables for the bundled taxonomy (36k skills)
        # takes seconds; extractors of one process share them (they are only read).
        built = _BUILT.get(id(taxonomy))
        if built is None or built.taxonomy is not taxonomy:
            built = _build(taxonomy)
            if getattr(taxonomy, "source", "").startswith("skillgap.data"):
                _BUILT[id(taxonomy)] = built  # only the bundled one: it lives as long as the process
        self.nlp = built.nlp
        self.tables = built.tables

    # ------------------------------------------------------------------ public API

    def extract(
        self,
        title: str = "",
        description: str = "",
        *,
        company: str | None = None,
        location: str | None = None,
        html: bool | None = None,
    ) -> Extraction:
        text, was_html = self._prepare(description, html)
        return self._finish(self._tokens(_tokenizable(text)), text, title or "", company, location, was_html)

    def extract_many(
        self, records: Iterable[Any], batch_size: int | None = None, *, n_process: int = 1, chunk_size: int = 256
    ) -> Iterator[Extraction]:
        """Extract from many records (mappings or objects with ``title``, ``description`` and
        optional ``company``, ``location``, ``html``), in order, through ``nlp.pipe``.

        ``n_process > 1`` fans the work out over that many worker processes (``pool.WorkerPool``,
        started with ``spawn``; each builds its own pipeline once, ~1 s), ``chunk_size`` records
        at a time, results still in input order, a few chunks in flight. Worth it for thousands
        of records."""
        if n_process > 1:
            yield from self._extract_parallel(records, batch_size, n_process, chunk_size)
            return

        def prepared() -> Iterator[tuple[str, tuple[str, str, str | None, str | None, bool]]]:
            for rec in records:
                text, was_html = self._prepare(_field(rec, "description") or "", _field(rec, "html"))
                yield _tokenizable(text), (text, _field(rec, "title") or "", _field(rec, "company"), _field(rec, "location"), was_html)

        if match_text(self.nlp, "") is not None:
            # the pipeline build_nlp makes: its matches without a Doc per posting
            for tokenizable, (text, title, company, location, was_html) in prepared():
                yield self._finish(self._tokens(tokenizable), text, title, company, location, was_html)
            return
        for doc, (text, title, company, location, was_html) in self.nlp.pipe(
            prepared(), as_tuples=True, batch_size=batch_size or self.batch_size
        ):
            yield self._finish(doc, text, title, company, location, was_html)

    def _extract_parallel(self, records: Iterable[Any], batch_size: int | None, n_process: int, chunk_size: int) -> Iterator[Extraction]:
        from skillgap.extractors.pool import WorkerPool

        def chunks() -> Iterator[tuple[int | None, list[tuple[Any, ...]]]]:
            chunk: list[tuple[Any, ...]] = []
            for rec in records:
                chunk.append(tuple(_field(rec, k) for k in _RECORD_FIELDS))
                if len(chunk) >= chunk_size:
                    yield batch_size, chunk
                    chunk = []
            if chunk:
                yield batch_size, chunk

        with WorkerPool(n_process, extractor=self) as pool:
            for results in pool.imap(_extract_chunk, chunks()):
                yield from results

    def candidate_features(
        self, title: str = "", description: str = "", *, company: str | None = None, html: bool | None = None
    ) -> tuple[str, list[dict[str, Any]]]:
        """The text and, per skill candidate, its features and the rules' verdict (for training
        and error analysis; ``extract`` is the public API)."""
        text, _was_html = self._prepare(description, html)
        doc = self._tokens(_tokenizable(text))
        out = [
            {"features": c.features, "rule_keep": c.rule_keep, "skill": c.skill, "category": c.category,
             "start": c.start, "end": c.end, "section": c.section}
            for c in self.candidates(doc, text, analyse(text), company, title or "")
        ]
        return text, out

    def candidates(self, doc: Tokens | Doc, text: str, layout: Layout, company: str | None, title: str) -> list[Candidate]:
        """Every skill candidate of ``text`` (tokenised as ``doc``), before the decision."""
        return candidates(self.tables, doc, text, layout, company, title, discovered=self.discover, tagger=self.tagger,
                          mined=self.mined)

    # ------------------------------------------------------------------ internals

    def _tokens(self, text: str) -> Tokens | Doc:
        """The words and skill matches of ``text``: without a ``Doc`` when the pipeline is the one
        ``build_nlp`` makes (the same matches), else through ``self.nlp``."""
        starts: list[int] | None = [] if self.discover else None  # discovery maps offsets to words
        m = match_text(self.nlp, text, starts=starts)
        return self.nlp(text) if m is None else Tokens(*m, starts=starts)

    def _prepare(self, description: str, html: bool | None) -> tuple[str, bool]:
        if not isinstance(description, str):
            raise TypeError(f"description must be a string, not {type(description).__name__}")
        is_html = _is_html(description) if html is None else bool(html)
        return (_to_text(description) if is_html else description), is_html

    def _finish(self, doc: Tokens | Doc, raw: str, title: str, company: str | None, location: str | None, was_html: bool) -> Extraction:
        # the rules read the text as spaCy does (a lone surrogate as U+FFFD, same offsets: the
        # linear-time regex engine cannot encode it); description_text stays as given
        text = _tokenizable(raw)
        layout = analyse(text)
        skills = tuple(self._mentions(doc, text, layout, company, title))
        if has_tag_lines(text):
            skills = with_tag_lines(self.tables, text, layout, skills)
        if "/" in text:
            skills = with_slash_groups(self.tables, text, layout, skills)
        skills = alternatives.assign(text, skills)
        years = facts.years_min(text, layout)
        sen = classify.seniority(title, years, text, layout)
        years_grad = facts.years_min_graduate(text, layout, all_paths=years) if years is not None else None
        degree = facts.parse_degree(text, layout)
        salary = facts.parse_salary(text)
        hourly = salary.min if salary is not None and salary.period == "hour" else None
        return Extraction(
            description_text=raw,
            skills=skills,
            role_family=classify.role_family(title, text, hourly_pay=hourly),
            seniority=sen,
            entry_level=classify.entry_level(title, sen, years_grad, text, degree=degree),
            years_min=years,
            experience_inflated=classify.experience_inflated(title, years),
            degree=degree,
            salary=salary,
            visa_sponsorship=facts.parse_visa(text),
            remote_type=facts.parse_remote(text, location, title),
            html=was_html,
            years_min_graduate=years_grad,
        )

    def _mentions(self, doc: Tokens | Doc, text: str, layout: Layout, company: str | None, title: str) -> Iterator[SkillMention]:
        """Candidates (every taxonomy/vocabulary match outside dropped sections) judged one by
        one: by the learned model when one is loaded (the context rules are among its
        features), else by the rules alone (any rule firing drops the candidate)."""
        model = self.skill_model
        cands = self.candidates(doc, text, layout, company, title)
        if model is not None:
            threshold = model.logit_threshold  # what model.keep compares
            # one call per posting when the model has a dense head (it works in a batch)
            logits = model.logits([c.features for c in cands]) if model.head is not None else [model.logit(c.features) for c in cands]
            if model.stacker is not None and cands:  # the second stage re-judges them all (stacker.py)
                kept = model.stacker.keep(cands, text, logits, threshold)
                logits = [1.0 if k else -1.0 for k in kept]
                threshold = 0.0
        for n, c in enumerate(cands):
            if not (logits[n] >= threshold if model is not None else c.rule_keep and c.category != DISCOVERED):
                continue  # (without a model nothing judges a discovered name)
            yield SkillMention(
                skill=c.skill,
                category=c.category,
                requirement="preferred" if c.section == "preferred" or c.preferred_cue else "required",
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                evidence=c.sentence,
                section=c.section,
            )


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _tokenizable(text: str) -> str:
    """``text`` as spaCy can hash it: a lone surrogate (valid in JSON, "\\ud83d") becomes U+FFFD,
    one code point for one, so offsets into ``text`` stay the same."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text
