"""Text -> facts: the :class:`Extractor` (spaCy ``blank("en")`` + taxonomy span ruler + rules).

>>> ex = Extractor()                                            # doctest: +SKIP
>>> r = ex.extract(title="ML Engineer", description="You know Python and PyTorch.")  # doctest: +SKIP
>>> [(m.skill, m.requirement) for m in r.skills]                # doctest: +SKIP
[('Python', 'required'), ('PyTorch', 'required')]

Offsets (``SkillMention.start``/``end``) index ``Extraction.description_text``: the description
itself when it is plain text, the text made from it when it is HTML.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from extractors import classify, facts
from extractors.facts import Salary
from extractors.gates import Gate, MentionContext, gate_for, refinement_for
from extractors.pipeline import GATED_LABEL, SPANS_KEY, TaxonomyLike, build_nlp, skill_forms
from extractors.sections import DROPPED_SECTIONS, Layout, analyse, negated_spans, preferred_cue

__all__ = [
    "EXTRACTOR_VERSION",
    "RULES_VERSION",
    "Extraction",
    "Extractor",
    "Salary",
    "SkillMention",
    "taxonomy_digest",
]

log = logging.getLogger(__name__)

# Bump whenever matching rules change (gates, sections, cues, tokenizer, parsers).
RULES_VERSION = "1.0"


def _bundled_taxonomy_bytes() -> bytes | None:
    candidates: list[Any] = []
    try:
        from importlib.resources import files

        candidates.append(files("skillgap_data").joinpath("taxonomy.yaml"))
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
    """sha256 of the taxonomy file content (the bundled one by default)."""
    if content is None:
        content = _bundled_taxonomy_bytes() or b""
    return hashlib.sha256(content).hexdigest()


def _skills_digest(taxonomy: TaxonomyLike) -> str:
    h = hashlib.sha256()
    for s in taxonomy.skills:
        h.update(repr((s.name, s.category, tuple(s.aliases or ()), getattr(s, "gate", None))).encode())
    return h.hexdigest()


#: Changes when the rules or the bundled taxonomy change: stored with each extraction so that
#: a new version re-extracts every posting.
EXTRACTOR_VERSION = f"{RULES_VERSION}+{taxonomy_digest()[:8]}"


@dataclass(frozen=True, slots=True)
class SkillMention:
    skill: str  # canonical name (taxonomy)
    category: str
    requirement: str  # "required" | "preferred"
    start: int  # offsets into Extraction.description_text
    end: int
    text: str  # the surface form, == description_text[start:end]
    evidence: str  # the sentence (or list line) containing the mention
    section: str  # requirements|preferred|responsibilities|other


@dataclass(frozen=True, slots=True)
class Extraction:
    description_text: str
    skills: tuple[SkillMention, ...]
    role_family: str  # "ml" | "data" | "other"
    seniority: str  # "intern" | "entry" | "mid" | "senior" | "unknown"
    entry_level: bool
    years_min: float | None
    experience_inflated: bool
    degree: str | None  # lowest accepted: "none" | "bachelor" | "master" | "phd"; None if unstated
    salary: Salary | None
    visa_sponsorship: bool | None
    remote_type: str | None  # "remote" | "hybrid" | "onsite" | None
    html: bool = False  # the description was HTML (description_text was made from it)

    def skill_names(self) -> list[str]:
        """Distinct canonical skills in order of first mention."""
        return list(dict.fromkeys(m.skill for m in self.skills))


try:  # the lead's HTML module; extraction of plain text does not need it
    from extractors.html import html_to_text as _html_to_text
    from extractors.html import looks_like_html as _looks_like_html
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
        raise RuntimeError("extractors.html is not available to convert HTML descriptions")
    return _html_to_text(html)


_LIST_GLUE = frozenset({",", "/", "&", "(", ")", "and", "or", "+", ";", "|", "-", "–", ":", "e.g.", "i.e.", "including", "like", "as", "such", "etc", "etc."})


def _field(rec: Any, name: str) -> Any:
    if isinstance(rec, Mapping):
        return rec.get(name)
    return getattr(rec, name, None)


class Extractor:
    """Skills, requirement level and evidence, role family, seniority, years, degree, salary,
    visa and remote type from one posting. Build once; reuse (building compiles patterns)."""

    def __init__(self, taxonomy: TaxonomyLike | None = None, *, batch_size: int = 64) -> None:
        if taxonomy is None:
            from extractors.taxonomy import load_taxonomy

            taxonomy = load_taxonomy()
            self.version = EXTRACTOR_VERSION
        else:
            self.version = f"{RULES_VERSION}+{_skills_digest(taxonomy)[:8]}"
        self.taxonomy = taxonomy
        self.batch_size = batch_size
        self.nlp = build_nlp(taxonomy)
        self._skills = {s.name: s for s in taxonomy.skills}
        self._gates: dict[str, Gate | None] = {
            s.name: gate_for(s.name, getattr(s, "gate", None)) for s in taxonomy.skills
        }
        self._refine: dict[str, Gate | None] = {s.name: refinement_for(s.name) for s in taxonomy.skills}
        self._forms = {s.name: skill_forms(s) for s in taxonomy.skills}

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
        return self._finish(self.nlp(text), text, title or "", company, location, was_html)

    def extract_many(self, records: Iterable[Any], batch_size: int | None = None) -> Iterator[Extraction]:
        """Extract from many records (mappings or objects with ``title``, ``description`` and
        optional ``company``, ``location``, ``html``), in order, through ``nlp.pipe``."""

        def prepared() -> Iterator[tuple[str, tuple[str, str, str | None, str | None, bool]]]:
            for rec in records:
                text, was_html = self._prepare(_field(rec, "description") or "", _field(rec, "html"))
                yield text, (text, _field(rec, "title") or "", _field(rec, "company"), _field(rec, "location"), was_html)

        for doc, (text, title, company, location, was_html) in self.nlp.pipe(
            prepared(), as_tuples=True, batch_size=batch_size or self.batch_size
        ):
            yield self._finish(doc, text, title, company, location, was_html)

    # ------------------------------------------------------------------ internals

    def _prepare(self, description: str, html: bool | None) -> tuple[str, bool]:
        if not isinstance(description, str):
            raise TypeError(f"description must be a string, not {type(description).__name__}")
        is_html = _is_html(description) if html is None else bool(html)
        return (_to_text(description) if is_html else description), is_html

    def _finish(self, doc: Doc, text: str, title: str, company: str | None, location: str | None, was_html: bool) -> Extraction:
        layout = analyse(text)
        skills = tuple(self._mentions(doc, text, layout, company, title))
        years = facts.years_min(text, layout)
        sen = classify.seniority(title, years, text)
        return Extraction(
            description_text=text,
            skills=skills,
            role_family=classify.role_family(title, text),
            seniority=sen,
            entry_level=classify.is_entry_level(sen),
            years_min=years,
            experience_inflated=classify.experience_inflated(title, years),
            degree=facts.parse_degree(text, layout),
            salary=facts.parse_salary(text),
            visa_sponsorship=facts.parse_visa(text),
            remote_type=facts.parse_remote(text, location, title),
            html=was_html,
        )

    def _mentions(self, doc: Doc, text: str, layout: Layout, company: str | None, title: str) -> Iterator[SkillMention]:
        spans = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
        if not spans:
            return
        spans.sort(key=lambda s: s.start)
        # token index -> span index, for list detection
        tok_owner: dict[int, int] = {}
        for i, sp in enumerate(spans):
            for t in range(sp.start, sp.end):
                tok_owner[t] = i
        # A match by a gated form must pass its gate; a single-token match by another form of a
        # well-known ambiguous skill passes the built-in check; longer matches are unambiguous.
        gates = [
            self._gates.get(sp.id_)
            if sp.label_ == GATED_LABEL
            else (self._refine.get(sp.id_) if sp.end - sp.start == 1 else None)
            for sp in spans
        ]
        # ungated mentions per sentence (by sentence start offset)
        sent_of: list[tuple[int, int]] = [layout.sentence_at(sp.start_char) for sp in spans]
        ungated_in_sent: dict[int, int] = {}
        for g, (ss, _se) in zip(gates, sent_of):
            if g is None:
                ungated_in_sent[ss] = ungated_in_sent.get(ss, 0) + 1
        blurb = _blurb_re(company)
        neg_cache: dict[int, list[tuple[int, int]]] = {}
        sent_info: dict[int, tuple[bool, bool]] = {}
        for i, sp in enumerate(spans):
            start, end = sp.start_char, sp.end_char
            ss, se = sent_of[i]
            section = layout.section_at(start)
            if section in DROPPED_SECTIONS:
                continue
            if layout.in_heading(start, end):
                continue
            gate = gates[i]
            if gate is not None:
                ctx = MentionContext(
                    text=text,
                    start=start,
                    end=end,
                    sent_start=ss,
                    sent_end=se,
                    tokens_before=tuple(t.text for t in doc[max(0, sp.start - 4) : sp.start]),
                    tokens_after=tuple(t.text for t in doc[sp.end : sp.end + 4]),
                    listed=_listed(doc, sp, i, tok_owner),
                    sentence_skills=ungated_in_sent.get(ss, 0),
                    company=company,
                    title=title,
                )
                if not gate.check(ctx):
                    continue
            sentence = text[ss:se]
            if blurb is not None and section == "other" and blurb.match(sentence):
                continue
            negs = neg_cache.get(ss)
            if negs is None:
                negs = neg_cache[ss] = negated_spans(sentence) if _maybe_negated(sentence) else []
            if negs and any(a <= start - ss < b for a, b in negs):
                continue
            skill = self._skills.get(sp.id_)
            category = getattr(skill, "category", "") if skill is not None else ""
            info = sent_info.get(ss)
            if info is None:
                info = sent_info[ss] = (
                    section == "other" and _company_talk(sentence, blurb),
                    preferred_cue(sentence),
                )
            if info[0]:
                continue  # what the company or team does, not what the candidate needs
            if category not in _TOOL_CATEGORIES and _in_field_of_study(sentence, start - ss, end - ss):
                continue  # "BS in Statistics, Mathematics or a related field"
            if _umbrella(text, sp, spans, i, category, se):
                continue  # "programming languages such as Python" -> Python only
            requirement = "preferred" if section == "preferred" or info[1] else "required"
            yield SkillMention(
                skill=sp.id_,
                category=category,
                requirement=requirement,
                start=start,
                end=end,
                text=text[start:end],
                evidence=sentence,
                section=section,
            )


_TOOL_CATEGORIES = frozenset(
    {"language", "framework", "library", "tool", "platform", "cloud", "database", "hardware", "spoken_language"}
)
_CANDIDATE_CUE = re.compile(
    r"\b(?:you|your|you'll|you’ll|candidates?|applicants?|ideal|looking for|seeking|required|requires?|"
    r"experience|knowledge|familiar\w*|proficien\w*|abilit\w*|skills?|must|should|will|expertise|"
    r"understanding|background|degree|qualifications?|hire|hiring|join|use|uses|using|stack|build with|work with)\b",
    re.I,
)
_COMPANY_CUE = re.compile(r"\b(?:we|we're|we’re|our|us|company|team|organization|firm|platform|mission|founded)\b", re.I)


def _company_talk(sentence: str, blurb: re.Pattern[str] | None) -> bool:
    """A sentence of the opening blurb about the company rather than the candidate."""
    if _CANDIDATE_CUE.search(sentence):
        return False
    return bool(_COMPANY_CUE.search(sentence) or (blurb is not None and blurb.match(sentence)))


_FIELD_OPEN = re.compile(
    r"\b(?:degrees?|bachelor['’]?s?|masters?['’]?s?|master['’]s|ph\.?\s?d\.?s?|b\.?sc?\.?|m\.?sc?\.?|b\.?a\.?|"
    r"bs/ms|ms/phd|bs/ms/phd|diploma|major(?:ing)?|majors|graduates?|studies|studying|student|pursuing)\b"
    r"[^.;:\n]{0,40}?\b(?:in|of)\s+",
    re.I,
)
_FIELD_CLOSE = re.compile(
    r"(?:related|similar|equivalent|quantitative|technical|comparable|relevant)\s+(?:\w+\s+)?(?:fields?|disciplines?|areas?|subjects?|majors?|degrees?)"
    r"|\bwith\b|\band\s+\d|\bexperience\b|[.;:\n(]",
    re.I,
)


def _in_field_of_study(sentence: str, start: int, end: int) -> bool:
    """The mention names a field of study in a degree requirement."""
    for m in _FIELD_OPEN.finditer(sentence):
        a = m.end()
        if start < a:
            break
        close = _FIELD_CLOSE.search(sentence, a)
        b = close.end() if close else min(len(sentence), a + 160)
        if a <= start and end <= b and start - a <= 160:
            return True
    return False


_UMBRELLA_END = (
    "languages", "language", "platforms", "platform", "tools", "tooling", "frameworks", "technologies",
    "libraries", "databases", "services", "stack", "systems", "skills", "providers",
)
_UMBRELLA_INTRO = re.compile(r"^\s*(?:\(|:|,?\s*(?:such as|e\.g\.|e\.g|eg\.|i\.e\.|like|including|incl\.|for example|especially))", re.I)


def _umbrella(text: str, sp: Any, spans: list[Any], i: int, category: str, sent_end: int) -> bool:
    """An umbrella term introducing examples ("cloud platforms (AWS, GCP)")."""
    surface = sp.text.lower()
    if not (surface.endswith(_UMBRELLA_END) or (category not in _TOOL_CATEGORIES and surface.endswith("s") and not surface.endswith("ss"))):
        return False
    after = text[sp.end_char : min(sent_end, sp.end_char + 20)]
    if not _UMBRELLA_INTRO.match(after):
        return False
    nxt = spans[i + 1] if i + 1 < len(spans) else None
    return nxt is not None and nxt.start_char - sp.end_char <= 40 and nxt.start_char < sent_end


_NEG_HINT = re.compile(r"\b(?:no|without|zero|don't|do not|won't|will not)\b", re.I)


def _maybe_negated(sentence: str) -> bool:
    return bool(_NEG_HINT.search(sentence))


def _listed(doc: Doc, sp: Any, i: int, tok_owner: dict[int, int]) -> bool:
    """The mention sits in a list with another skill: "Python, R", "C/C++", "R or SAS"."""
    # look left
    j = sp.start - 1
    steps = 0
    while j >= 0 and steps < 3:
        owner = tok_owner.get(j)
        if owner is not None and owner != i:
            return True
        if doc[j].lower_ not in _LIST_GLUE:
            break
        j -= 1
        steps += 1
    j = sp.end
    steps = 0
    n = len(doc)
    while j < n and steps < 3:
        owner = tok_owner.get(j)
        if owner is not None and owner != i:
            return True
        if doc[j].lower_ not in _LIST_GLUE:
            break
        j += 1
        steps += 1
    return False


def _blurb_re(company: str | None) -> re.Pattern[str] | None:
    """Sentences that describe the company rather than the job ("Acme is a leading...")."""
    parts = [r"(?:we are|we're|we’re)\s+(?:a|an|the)\b", r"founded in\b", r"our mission\b"]
    if company and company.strip():
        name = re.escape(company.strip())
        parts.append(name + r"(?:['’]s)?\s+(?:is|was|has been|builds|offers|provides|helps|operates|serves|powers)\b")
        parts.append(r"at\s+" + name + r",\s+we\b")
    return re.compile(r"^\W*(?:" + "|".join(parts) + ")", re.I)
