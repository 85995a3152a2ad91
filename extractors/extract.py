"""Text -> facts: the :class:`Extractor` (spaCy ``blank("en")`` + taxonomy span ruler + rules).

>>> ex = Extractor()                                            # doctest: +SKIP
>>> r = ex.extract(title="ML Engineer", description="You know Python and PyTorch.")  # doctest: +SKIP
>>> [(m.skill, m.requirement) for m in r.skills]                # doctest: +SKIP
[('Python', 'required'), ('PyTorch', 'required')]

Offsets (``SkillMention.start``/``end``) index ``Extraction.description_text``: the description
itself when it is plain text, the text made from it when it is HTML.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.attrs import LOWER
from spacy.tokens import Doc

from skillgap.extractors import classify, facts, roles
from skillgap.extractors.facts import Salary
from skillgap.extractors.gates import Gate, MentionContext, gate_for, refinement_for
from skillgap.extractors.pipeline import (
    GATED_LABEL,
    LOWERS_KEY,
    ROWS_KEY,
    SPANS_KEY,
    TaxonomyLike,
    build_nlp,
    compact_forms,
    match_text,
    skill_forms,
)
from skillgap.extractors.skill_model import SkillModel, load_skill_model
from skillgap.extractors.vectors import vector_features
from skillgap.extractors.sections import DROPPED_SECTIONS, FoldedRegex, Layout, analyse, fold, negated_spans, preferred_cue

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
# 2.0: candidates from the derived vocabulary (O*NET + gazetteer), judged by a learned model.
# 2.1: years (bounds, contract terms, list items are no alternatives), seniority text cues,
#      a pay field opens no benefits section, a bare analyst's field from the text.
# 2.2: model features: name category by section, by candidate/company cue and in list items;
#      words 3-5 tokens out (the model is retrained with them). Sections: a "Label: value" field
#      among fields covers its line only, "About this role" heads the job, a requirement line
#      ends a run of EEO boilerplate.
# 2.3: a match inside a longer word that names something ("Cloud" in "JumpCloud") is dropped;
#      plain-word hashtags in an ask section are kept, multi-word forms also match written as one
#      word there ("#Datavisualization"); the model is retrained (SkillSpan weight 0.5, λ 70).
# 2.4: context-vector features (extractors/vectors.py: the words around a candidate, weighed
#      through word vectors learned from 4,720 unlabelled postings); the derived vocabulary drops
#      a curated product + generic noun ("aws services") and plain English verbs ("Analyze");
#      "Glue" is a gated form of AWS Glue; the model is retrained on 3x the labelled postings.
RULES_VERSION = "2.4"


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
    taxonomy, of the derived vocabulary file too."""
    if content is None:
        from skillgap.extractors.taxonomy import vocabulary_bytes

        content = (_bundled_taxonomy_bytes() or b"") + vocabulary_bytes()
    return hashlib.sha256(content).hexdigest()


def _skills_digest(taxonomy: TaxonomyLike) -> str:
    h = hashlib.sha256()
    for s in taxonomy.skills:
        h.update(repr((s.name, s.category, tuple(s.aliases or ()), getattr(s, "gate", None))).encode())
    return h.hexdigest()


def _model_tag(model: SkillModel | None) -> str:
    return "m" + model.digest[:8] if model is not None else "rules"


#: Changes when the rules, the bundled taxonomy, the derived vocabulary or the skill model
#: change: stored with each extraction so that a new version re-extracts every posting.
EXTRACTOR_VERSION = f"{RULES_VERSION}+{taxonomy_digest()[:8]}.{_model_tag(load_skill_model())}.{roles.MODEL_VERSION}"


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


_LIST_GLUE = frozenset({",", "/", "&", "(", ")", "and", "or", "+", ";", "|", "-", "–", ":", "e.g.", "i.e.", "including", "like", "as", "such", "etc", "etc."})


_RECORD_FIELDS = ("title", "description", "company", "location", "html")


@dataclass(frozen=True, slots=True)
class _Skills:
    """A taxonomy as its skills alone (what a worker process needs to build the pipeline)."""

    skills: tuple[Any, ...]


_worker: Extractor | None = None


def _init_worker(skills: tuple[Any, ...], batch_size: int, model: SkillModel | None = None) -> None:
    global _worker
    _worker = Extractor(_Skills(skills), batch_size=batch_size, skill_model=model)


def _work(chunk: list[tuple[Any, ...]]) -> list[Extraction]:
    assert _worker is not None
    return list(_worker.extract_many([dict(zip(_RECORD_FIELDS, rec)) for rec in chunk]))


def _field(rec: Any, name: str) -> Any:
    if isinstance(rec, Mapping):
        return rec.get(name)
    return getattr(rec, name, None)


_ZIPF: dict[str, float] = {}
_BUILT: dict[int, tuple[Any, ...]] = {}


def _form_zipf() -> dict[str, float]:
    """Word frequency (wordfreq zipf, from data/vocab) of each lower-cased skill form."""
    if not _ZIPF:
        import gzip
        import json as _json
        from importlib.resources import files

        d = files("skillgap.data").joinpath("vocab")
        try:
            _ZIPF.update(_json.loads(d.joinpath("curated_zipf.json").read_text(encoding="utf-8")))
            for line in gzip.decompress(d.joinpath("skills.tsv.gz").read_bytes()).decode("utf-8").splitlines():
                if line and not line.startswith("#"):
                    parts = line.split("\t")
                    _ZIPF.setdefault(parts[0].lower(), float(parts[4]))
        except (OSError, FileNotFoundError, ValueError, IndexError):
            pass
        _ZIPF.setdefault("", 0.0)
    return _ZIPF


class _Tokens:
    """A text's words, lower-cased words and skill matches (token start, token end, char start,
    char end, skill, label; by start): what the extractor reads from a ``Doc``."""

    __slots__ = ("words", "lowers", "rows")

    def __init__(self, words: list[str], lowers: list[str], rows: list[tuple[Any, ...]]) -> None:
        self.words, self.lowers, self.rows = words, lowers, rows

    def __len__(self) -> int:
        return len(self.words)

    @classmethod
    def of(cls, doc: Doc) -> _Tokens:
        group = doc.spans.get(SPANS_KEY, ())
        rows = doc.user_data.get(ROWS_KEY)
        if not group:
            rows = []
        elif rows is None or len(rows) != len(group):  # spans set or edited by someone else
            rows = sorted(((sp.start, sp.end, sp.start_char, sp.end_char, sp.id_, sp.label_) for sp in group), key=_first)
        hashes = doc.user_data.get(LOWERS_KEY)
        if hashes is None:
            hashes = doc.to_array(LOWER).tolist()
        strings = doc.vocab.strings
        return cls([t.text for t in doc], [strings[h] for h in hashes], rows)


class Extractor:
    """Skills, requirement level and evidence, role family, seniority, years, degree, salary,
    visa and remote type from one posting. Build once; reuse (building compiles patterns)."""

    def __init__(
        self, taxonomy: TaxonomyLike | None = None, *, batch_size: int = 64, skill_model: SkillModel | None | str = "bundled"
    ) -> None:
        """``skill_model``: the learned candidate decision ("bundled": the shipped model; None:
        the context rules alone; or a :class:`SkillModel`)."""
        model = load_skill_model() if skill_model == "bundled" else skill_model
        assert model is None or isinstance(model, SkillModel)
        self.skill_model: SkillModel | None = model
        if taxonomy is None:
            from skillgap.extractors.taxonomy import load_taxonomy

            taxonomy = load_taxonomy()
            self.version = EXTRACTOR_VERSION if skill_model == "bundled" else f"{RULES_VERSION}+{taxonomy_digest()[:8]}.{_model_tag(model)}"
        else:
            self.version = f"{RULES_VERSION}+{_skills_digest(taxonomy)[:8]}.{_model_tag(model)}"
        self.taxonomy = taxonomy
        self.batch_size = batch_size
        from skillgap.extractors.taxonomy import normalize_key

        self._key = normalize_key
        self._zipf = _form_zipf()
        # Building the pipeline and the look-up tables for the bundled taxonomy (36k skills)
        # takes seconds; extractors of one process share them (they are only read).
        cached = _BUILT.get(id(taxonomy))
        if cached is None or cached[0] is not taxonomy:
            skills = {s.name: s for s in taxonomy.skills}
            forms = {s.name: skill_forms(s) for s in taxonomy.skills}
            by_key: dict[str, str] = {}
            for s in taxonomy.skills:
                for f in forms[s.name]:
                    by_key.setdefault(normalize_key(f), s.name)
            cached = (
                taxonomy,
                build_nlp(taxonomy),
                skills,
                {s.name: o for s in taxonomy.skills if (o := getattr(s, "origin", "curated")) != "curated"},
                {s.name: gate_for(s.name, getattr(s, "gate", None)) for s in taxonomy.skills},
                {s.name: refinement_for(s.name) for s in taxonomy.skills},
                forms,
                by_key,
                frozenset(compact_forms(s for s in taxonomy.skills if getattr(s, "origin", "curated") == "curated")),
            )
            if getattr(taxonomy, "source", "").startswith("skillgap.data"):
                _BUILT[id(taxonomy)] = cached  # only the bundled one: it lives as long as the process
        _tax, self.nlp, self._skills, self._origin, self._gates, self._refine, self._forms, self._by_key, self._compact = cached

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

        ``n_process > 1`` fans the work out over that many worker processes (started with
        ``spawn``; each builds its own pipeline once, ~1 s), ``chunk_size`` records at a time,
        results still in input order. Worth it for thousands of records; the input is read
        ahead of the results."""
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
        import multiprocessing

        def chunks() -> Iterator[list[tuple[Any, ...]]]:
            chunk: list[tuple[Any, ...]] = []
            for rec in records:
                chunk.append(tuple(_field(rec, k) for k in _RECORD_FIELDS))
                if len(chunk) >= chunk_size:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        # The taxonomy travels as its skills (the workers match exactly what this extractor does,
        # even if the bundled file changes meanwhile).
        skills = tuple(self.taxonomy.skills)
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(n_process, initializer=_init_worker, initargs=(skills, batch_size or self.batch_size, self.skill_model)) as pool:
            for results in pool.imap(_work, chunks()):
                yield from results

    # ------------------------------------------------------------------ internals

    def _tokens(self, text: str) -> _Tokens | Doc:
        """The words and skill matches of ``text``: without a ``Doc`` when the pipeline is the one
        ``build_nlp`` makes (the same matches), else through ``self.nlp``."""
        m = match_text(self.nlp, text)
        return self.nlp(text) if m is None else _Tokens(*m)

    def _prepare(self, description: str, html: bool | None) -> tuple[str, bool]:
        if not isinstance(description, str):
            raise TypeError(f"description must be a string, not {type(description).__name__}")
        is_html = _is_html(description) if html is None else bool(html)
        return (_to_text(description) if is_html else description), is_html

    def _finish(self, doc: _Tokens | Doc, raw: str, title: str, company: str | None, location: str | None, was_html: bool) -> Extraction:
        # the rules read the text as spaCy does (a lone surrogate as U+FFFD, same offsets: the
        # linear-time regex engine cannot encode it); description_text stays as given
        text = _tokenizable(raw)
        layout = analyse(text)
        skills = tuple(self._mentions(doc, text, layout, company, title))
        if "\n" in text and _TAG_HEAD.search(text):
            skills = self._with_tags(text, layout, skills)
        if "/" in text:
            skills = self._with_slash_groups(text, layout, skills)
        years = facts.years_min(text, layout)
        sen = classify.seniority(title, years, text)
        return Extraction(
            description_text=raw,
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

    def _with_tags(self, text: str, layout: Layout, skills: tuple[SkillMention, ...]) -> tuple[SkillMention, ...]:
        """Add the skills of tag lines ("Technologies\njava spring-boot amazon-web-services"):
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
                sid = self._tag_skill(t.group())
                if sid is None:
                    continue
                skill = self._skills.get(sid)
                extra.append(
                    SkillMention(
                        skill=sid,
                        category=getattr(skill, "category", "") if skill is not None else "",
                        requirement="preferred" if section == "preferred" else "required",
                        start=a,
                        end=b,
                        text=text[a:b],
                        evidence=text[line_start:line_end],
                        section=section,
                    )
                )
        if not extra:
            return skills
        return tuple(sorted(skills + tuple(extra), key=lambda x: (x.start, x.end)))

    def _with_slash_groups(self, text: str, layout: Layout, skills: tuple[SkillMention, ...]) -> tuple[SkillMention, ...]:
        """Add lower-case names joined by slashes when every part names a tool, language or
        framework ("angular/react", "jest/enzyme"): gated names match only as written, but a slash
        group of tool names is a list of technologies whatever its case ("and/or",
        "input/output" do not resolve; "mathematics/statistics" are no tools)."""
        taken = [(m.start, m.end) for m in skills]
        extra: list[SkillMention] = []
        pos = text.find("/")
        n = len(text)
        while pos != -1:
            a = pos
            while a > 0 and (text[a - 1] in _SLASH_CHARS or text[a - 1] == "/"):
                a -= 1
            b = pos + 1
            while b < n and (text[b] in _SLASH_CHARS or text[b] == "/"):
                b += 1
            pos = text.find("/", b)
            group = text[a:b].strip(".-")
            a = text.find(group, a) if group else a
            parts = group.split("/")
            if len(parts) < 2 or not group.islower() or not all(parts):
                continue
            sids = [self._by_key.get(self._key(p)) for p in parts]
            if not all(sids) or any(getattr(self._skills.get(x), "category", "") not in _TOOL_CATEGORIES for x in sids):
                continue  # only tools: "mathematics/statistics" is a field of study
            section = layout.section_at(a)
            if section in DROPPED_SECTIONS or _in_job_title(text, a, a + len(group)):
                continue
            start = a
            for part, sid in zip(parts, sids):
                pa, pb = start, start + len(part)
                start = pb + 1
                if any(x < pb and pa < y for x, y in taken):
                    continue
                skill = self._skills.get(sid)
                ls, le = layout.sentence_at(pa)  # the sentence (bounded), not a whole flattened line
                extra.append(
                    SkillMention(
                        skill=sid,  # type: ignore[arg-type]
                        category=getattr(skill, "category", "") if skill is not None else "",
                        requirement="preferred" if section == "preferred" else "required",
                        start=pa,
                        end=pb,
                        text=text[pa:pb],
                        evidence=text[ls:le],
                        section=section,
                    )
                )
        if not extra:
            return skills
        return tuple(sorted(skills + tuple(extra), key=lambda x: (x.start, x.end)))

    def _tag_skill(self, tag: str) -> str | None:
        """The skill a tag names: the whole tag ("amazon-web-services", "reactjs"), else its
        longest leading part that names one ("react-redux" -> React, "linux-kernel" -> Linux)."""
        parts = tag.split("-")
        for n in range(len(parts), 0, -1):
            sid = self._by_key.get(self._key("-".join(parts[:n])))
            if sid is not None:
                return sid
        return None

    def _mentions(self, doc: _Tokens | Doc, text: str, layout: Layout, company: str | None, title: str) -> Iterator[SkillMention]:
        """Candidates (every taxonomy/vocabulary match outside dropped sections) judged one by
        one: by the learned model when one is loaded (the context rules are among its
        features), else by the rules alone (any rule firing drops the candidate)."""
        model = self.skill_model
        cands = self._candidates(doc, text, layout, company, title)
        if model is not None:
            threshold = model.logit_threshold  # what model.keep compares
            logits = model.logits([c[0] for c in cands]) if model.head is not None else [model.logit(c[0]) for c in cands]
        for n, c in enumerate(cands):
            keep = logits[n] >= threshold if model is not None else c[1]
            if not keep:
                continue
            _f, _k, sid, category, start, end, sentence, section, pref = c
            yield SkillMention(
                skill=sid,
                category=category,
                requirement="preferred" if section == "preferred" or pref else "required",
                start=start,
                end=end,
                text=text[start:end],
                evidence=sentence,
                section=section,
            )

    def candidate_features(
        self, title: str = "", description: str = "", *, company: str | None = None, html: bool | None = None
    ) -> tuple[str, list[dict[str, Any]]]:
        """The text and, per skill candidate, its features and the rules' verdict (for training
        and error analysis; ``extract`` is the public API)."""
        text, _was_html = self._prepare(description, html)
        doc = self._tokens(_tokenizable(text))
        layout = analyse(text)
        out = []
        for feats, rule_keep, sid, category, start, end, _sent, section, _pref in self._candidates(doc, text, layout, company, title or ""):
            out.append({"features": feats, "rule_keep": rule_keep, "skill": sid, "category": category,
                        "start": start, "end": end, "section": section})
        return text, out

    def _candidates(self, doc: _Tokens | Doc, text: str, layout: Layout, company: str | None, title: str) -> list[tuple[Any, ...]]:
        toks = _Tokens.of(doc) if isinstance(doc, Doc) else doc
        # (token start, token end, char start, char end, skill, label) per span, by start
        rows = toks.rows
        if not rows:
            return []
        words, lowers = toks.words, toks.lowers
        # A match by a gated form must pass its gate; a single-token match by another form of a
        # well-known ambiguous skill passes the built-in check; longer matches are unambiguous.
        gates_by_name, refine_by_name = self._gates, self._refine
        gates = [
            gates_by_name.get(sid) if label == GATED_LABEL else (refine_by_name.get(sid) if e - s == 1 else None)
            for s, e, _a, _b, sid, label in rows
        ]
        # ungated mentions per sentence (by sentence start offset)
        sent_starts, sent_ends = layout.sent_starts, layout.sent_ends
        sent_of: list[tuple[int, int]] = []
        for row in rows:
            k = bisect_right(sent_starts, row[2]) - 1
            sent_of.append((sent_starts[k], sent_ends[k]) if k >= 0 else layout.sentence_at(row[2]))
        ungated_in_sent: dict[int, int] = {}
        in_sent: dict[int, int] = {}
        for g, (ss, _se) in zip(gates, sent_of):
            in_sent[ss] = in_sent.get(ss, 0) + 1
            if g is None:
                ungated_in_sent[ss] = ungated_in_sent.get(ss, 0) + 1
        blurb = _cached_blurb_re(company)
        company_subject = _cached_company_subject_re(company)
        employer = {n.lower() for n in _company_names(company)}
        title_low = title.lower()
        glued_cache: dict[str, bool] = {}
        compact = self._compact
        tok_starts = [row[0] for row in rows]
        neg_cache: dict[int, list[tuple[int, int]]] = {}
        field_cache: dict[int, list[tuple[int, int]]] = {}
        sent_info: dict[int, tuple[bool, bool, bool, bool, bool]] = {}
        blurb_cache: dict[int, bool] = {}
        skills = self._skills
        origin_of = self._origin
        zipf = self._zipf
        section_at, in_heading = layout.section_at, layout.in_heading
        n_doc = len(lowers)
        out: list[tuple[Any, ...]] = []
        out_sent: list[int] = []
        for i, (tok_start, tok_end, start, end, sid, _label) in enumerate(rows):
            ss, se = sent_of[i]
            section = section_at(start)
            if section in DROPPED_SECTIONS:
                continue
            if start >= 2 and text[start - 1] == "-" and _EDGE_COMPOUND.search(text, max(0, start - 10), start + 4):
                continue  # "cutting-edge AI" is no "edge AI"
            if ((start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())) and _part_of_name(
                text, start, end, employer, glued_cache
            ):
                continue  # "Cloud" in "JumpCloud®", the employer, is no cloud computing
            skill = skills.get(sid)
            category = getattr(skill, "category", "") if skill is not None else ""
            origin = origin_of.get(sid, "curated")
            surface = text[start:end]
            low = surface.lower()
            if low in compact and (start == 0 or text[start - 1] != "#"):
                continue  # "datavisualization" is a skill only as a hashtag ("#Datavisualization")
            sentence = text[ss:se]
            flags: list[str] = []
            if in_heading(start, end):
                flags.append("heading")
            listed = _listed(lowers, tok_start, tok_end, i, rows, tok_starts) or _list_line_neighbour(text, ss, se, i, rows)
            gate = gates[i]
            if gate is not None:
                ctx = MentionContext(
                    text=text,
                    start=start,
                    end=end,
                    sent_start=ss,
                    sent_end=se,
                    tokens_before=tuple(words[max(0, tok_start - 4) : tok_start]),
                    tokens_after=tuple(words[tok_end : min(n_doc, tok_end + 4)]),
                    listed=listed,
                    sentence_skills=ungated_in_sent.get(ss, 0),
                    company=company,
                    title=title,
                )
                flags.append("gate_ok" if gate.check(ctx) else "gate_fail")
            if employer and low in employer and not listed:
                flags.append("employer")  # "About Salesforce": a skill only where listed with others
            if blurb is not None and section == "other":
                hit = blurb_cache.get(ss)
                if hit is None:
                    hit = blurb_cache[ss] = bool(blurb.match(sentence))
                if hit:
                    flags.append("blurb")
            negs = neg_cache.get(ss)
            if negs is None:
                negs = neg_cache[ss] = negated_spans(sentence) if _maybe_negated(sentence) else []
            if negs and any(a <= start - ss < b for a, b in negs):
                flags.append("negated")
            info = sent_info.get(ss)
            if info is None:
                cand_cue = _has_candidate_cue(sentence)
                comp_cue = _has_company_cue(sentence)
                info = sent_info[ss] = (
                    # _company_talk(sentence, blurb), its cue searches done once
                    section == "other" and not cand_cue and (comp_cue or (blurb is not None and bool(blurb.match(sentence)))),
                    preferred_cue(sentence),
                    section not in _ASK_SECTIONS and _about_company(sentence, company_subject),
                    cand_cue,
                    comp_cue,
                )
            tool = category in _TOOL_CATEGORIES
            if info[0]:
                flags.append("company_talk")  # what the company or team does
            if info[2] and not tool:
                flags.append("about_company")  # "We value creativity and collaboration"
            if category == "spoken_language" and _LANGUAGE_AS_MODIFIER.match(text, end):
                flags.append("lang_modifier")  # "strong English communication skills"
            if _in_job_title(text, start, end):
                flags.append("job_title")  # "a Senior Java Developer", "Role: QA/Test Developer"
            if _names_people(text, start, end, category):
                flags.append("people")  # "business intelligence engineers"
            if not tool and _INDUSTRY_AFTER.match(text, end):
                flags.append("industry")  # "the cybersecurity sector": a domain
            if category == "soft_skill" and _working_with(text, start, end):
                flags.append("working_with")  # "in close collaboration with the client"
            if not tool:
                fields = field_cache.get(ss)
                if fields is None:
                    fields = field_cache[ss] = _fields_of_study(sentence)
                if (fields and _in_ranges(fields, start - ss, end - ss)) or (
                    surface[:1].isupper() and _FIELDS_BEFORE_DEGREE.match(text, end, se)
                ):
                    flags.append("field_of_study")  # "BS in Statistics, Mathematics or a related field"
            if _umbrella(text, start, end, rows, i, category, se):
                flags.append("umbrella")  # "programming languages such as Python" -> Python only
            if start > 0 and text[start - 1] == "#" and not (section in _ASK_SECTIONS and _TAG_WORD.match(text, start, min(len(text), end + 40))):
                continue  # a tracking code ("#BI-Remote", "#LI-Hybrid") or a culture tag, not an ask
                # ("Skills: #Python, #SQL" is one: a plain word tag in what the posting asks for)
            if "people" not in flags and end < se and (text[end] in _TEAM_LIST_FIRST or text[end].isspace()) and _TEAM_LIST_AFTER.match(text[end : min(se, end + 80)]):
                flags.append("people")  # "Product Analytics, Data Engineering and Marketing teams"
            if "negated" in flags or "field_of_study" in flags or "lang_modifier" in flags:
                # never a skill asked of the candidate, whatever the context (the labelling
                # guide: fields of study and what is not needed are no skills; in "English
                # communication skills" the ask is communication)
                continue
            rule_keep = not flags or flags == ["gate_ok"]
            feats = _features(lowers, text, tok_start, tok_end, start, end, low, surface, origin, category, section,
                              flags, rule_keep, listed, info, in_sent.get(ss, 0), zipf.get(low), title_low, ss)
            out.append((feats, rule_keep, sid, category, start, end, sentence, section, info[1]))
            out_sent.append(ss)
        # what the whole posting says about the same skill (the scorer and the report count a
        # skill once per posting): asked for in some ask section, how often named, and whether
        # the posting has ask sections at all
        asked = {c[2] for c in out if c[7] in _ASK_OR_DUTY}
        times: dict[str, int] = {}
        for c in out:
            times[c[2]] = times.get(c[2], 0) + 1
        has_asks = "doc_asks" if asked or any(c[7] in _ASK_OR_DUTY for c in out) else "doc_no_asks"
        tools_in_sent: dict[int, int] = {}
        for c, sent in zip(out, out_sent):
            if c[3] in _TOOL_CATEGORIES and c[2] not in origin_of:
                tools_in_sent[sent] = tools_in_sent.get(sent, 0) + 1
        for c, sent in zip(out, out_sent):
            f = c[0]
            # known tools named in the same sentence ("MuleSoft, Boomi or Workato"): an unknown
            # name among them is likely a tool too
            k = tools_in_sent.get(sent, 0) - (1 if c[3] in _TOOL_CATEGORIES and c[2] not in origin_of else 0)
            f.append("sent_tools=" + str(min(k, 3)))
            f.append("o&sent_tools=" + ("cur" if c[2] not in origin_of else "new") + str(min(k, 3)))
            f.append(has_asks)
            f.append("sec&doc=" + c[7] + has_asks)
            if c[2] in asked:
                f.append("skill_asked")
            f.append("times=" + str(min(times[c[2]], 3)))
        return out


@functools.lru_cache(maxsize=2048)
def _cached_blurb_re(company: str | None) -> Any:
    # compiling the per-company patterns cost ~2 ms a posting (most postings of a run name a
    # company of their own): the fixed parts are compiled once, only the names per company
    return _CompanyPatterns.of(company, blurb=True)


@functools.lru_cache(maxsize=2048)
def _cached_company_subject_re(company: str | None) -> Any:
    return _CompanyPatterns.of(company, blurb=False)


def _case(surface: str) -> str:
    if surface.isupper():
        return "U"
    if surface.islower():
        return "L"
    if surface[:1].isupper() and surface[1:].islower():
        return "T"
    return "M"


def _tok(lowers: list[str], t: int) -> str:
    if t < 0 or t >= len(lowers):
        return "<edge>"
    w = lowers[t]
    if not w.strip():
        return "<nl>" if "\n" in w else "<sp>"
    return w


# The features of a candidate that depend only on its name (surface, origin, category, number of
# tokens, word frequency), built once per name: (the ones listed first, the ones listed later).
_NAME_FEATURES: dict[tuple[Any, ...], tuple[list[str], list[str]]] = {}


def _name_features(surface: str, low: str, og: str, category: str, ntok: int, zb: str) -> tuple[list[str], list[str]]:
    key = (surface, og, category, ntok, zb)
    got = _NAME_FEATURES.get(key)
    if got is not None:
        return got
    case = _case(surface)
    head = [
        "s=" + low,
        "o=" + og,
        "c=" + category,
        "o&c=" + og + category,
        "case=" + case,
        "o&case=" + og + case,
        "ntok=" + str(ntok),
        "o&ntok=" + og + str(ntok),
        "z=" + zb,
        "o&z=" + og + zb,
        "z&case=" + zb + case,
    ]
    words = low.split()
    # the shape of the name: what makes an unseen name look like a tool ("Workato", "gRPC",
    # "Node.js", "S3", "ArgoCD") or like an English phrase
    tail = ["sfx=" + low[-3:]]
    if any(ch.isdigit() for ch in surface):
        tail.append("has_digit")
    if "." in surface or "+" in surface or "#" in surface:
        tail.append("has_punct")
    if case == "M" and " " not in surface:
        tail.append("camel")
    if len(words) > 1:
        tail.append("head=" + words[-1])
        tail.append("first=" + words[0])
        tail.append("o&head=" + og + words[-1])
    else:
        tail.append("o&s=" + og + low)
    if len(_NAME_FEATURES) >= 200_000:  # bounded: names repeat across postings, a run holds few
        _NAME_FEATURES.clear()
    got = _NAME_FEATURES[key] = (head, tail)
    return got


def _features(
    lowers: list[str], text: str, tok_start: int, tok_end: int, start: int, end: int, low: str, surface: str, origin: str,
    category: str, section: str, flags: list[str], rule_keep: bool, listed: bool, info: tuple[bool, ...],
    n_in_sent: int, zipf: float | None, title_low: str, sent_start: int,
) -> list[str]:
    """Sparse binary features of one candidate (names are the model's vocabulary)."""
    og = "cur" if origin == "curated" else origin
    zb = "n" if zipf is None else str(min(int(zipf), 6))
    ntok = min(tok_end - tok_start, 3)
    got = _NAME_FEATURES.get((surface, og, category, ntok, zb))
    head, tail = got if got is not None else _name_features(surface, low, og, category, ntok, zb)
    p2, p1, n1, n2 = _tok(lowers, tok_start - 2), _tok(lowers, tok_start - 1), _tok(lowers, tok_end), _tok(lowers, tok_end + 1)
    line_start = text.rfind("\n", 0, start) + 1
    before_line = text[line_start:start].strip(" \t-•*>·●▪◦0123456789.)(:")
    rule = "keep" if rule_keep else "drop"
    f = [
        *head,
        "sec=" + section,
        "o&sec=" + og + section,
        "p1=" + p1,
        "n1=" + n1,
        "p2=" + p2,
        "n2=" + n2,
        "rule=" + rule,
        "o&rule=" + og + rule,
        "nsk=" + str(min(n_in_sent, 6)),
    ]
    for fl in flags:
        f.append("f=" + fl)
        f.append("o&f=" + og + fl)
    if listed:
        f.append("listed")
        f.append("o&listed=" + og)
    if not before_line:
        f.append("line_start")
    if start > 0:
        c = text[start - 1]
        if c == "#":
            f.append("hashtag")
        if c == "(":
            f.append("in_paren")
    if info[1]:
        f.append("pref_cue")
    if info[3]:
        f.append("cand_cue")
    if info[4]:
        f.append("comp_cue")
    if info[3] and not info[4]:
        f.append("cand_only")
    if low in title_low:
        f.append("in_title")
    # (rules 2.2) the kind of name where it stands: a soft skill in a duty list, a tool in the
    # company's own text; and the words a little further out than p2/n2, once each (training
    # counts a feature once per candidate, so scoring must too): "...you will [analyze] data to
    # inform our product" vs "...our [analytics] team builds ..."
    f.append("c&sec=" + category + section)
    if info[3]:
        f.append("c&cand=" + category)
    if info[4]:
        f.append("c&comp=" + category)
    lead = text[line_start:start].lstrip(" \t")[:1]
    if lead and lead in _BULLETS:
        f.append("bullet")
        f.append("c&bullet=" + category)
    ctx = lowers[max(0, tok_start - 5) : max(0, tok_start - 2)] + lowers[tok_end + 2 : tok_end + 5]
    f += ["ctx=" + w for w in dict.fromkeys(ctx) if w.isalpha()]  # once each, in a fixed order
    f += tail
    if start - sent_start < 3:
        f.append("sent_start")
    # the job the posting is for (the title's role family, once per title): a business word
    # such as "reporting" is asked of an analyst, rarely of an ML engineer
    role = _TITLE_ROLE.get(title_low)
    if role is None:
        role = _title_role(title_low)
    if role:
        f += ("role&o=" + role + og, "role&o&c=" + role + og + category)
    # rules 2.4: the words around it, through corpus vectors
    f += vector_features(lowers, tok_start, tok_end, not listed and section not in _ASK_SECTIONS)
    return f


_TITLE_ROLE: dict[str, str] = {}


def _title_role(title_low: str) -> str:
    """The role family of a (lower-cased) title, "" for none; cached per title (bounded)."""
    role = roles.predict(title_low) if title_low.strip() else ""
    if len(_TITLE_ROLE) >= 4096:
        _TITLE_ROLE.clear()
    _TITLE_ROLE[title_low] = role
    return role


# A line of lower-case tags under a "Technologies" / "Tags" / "Tech stack" heading line.
_TAG_HEAD = re.compile(
    r"^[ \t]*(?i:technologies|technology|tags|tech stack|stack|keywords|tech)[ \t]*:?[ \t]*\n"
    r"[ \t]*((?:\.\s)?[a-z0-9](?:[a-z0-9.#+-]*[a-z0-9#+])?(?:[ \t]+(?:\.\s)?[a-z0-9](?:[a-z0-9.#+-]*[a-z0-9#+])?){0,11})[ \t]*$",
    re.M,
)
_PROSE_WORDS = frozenset("a an and the to of for with we you our your is are in on at by from".split())
_TAG = re.compile(r"(?:\.\s)?[a-z0-9][a-z0-9.#+-]*[a-z0-9#+]|(?<![\w.#+-])[a-z0-9](?![\w.#+-])")


# Characters of a name inside a slash group ("angular/react", "node.js/express").
_SLASH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.#+-")

_EDGE_COMPOUND = re.compile(r"(?i:cutting|bleeding|leading)-edge\b")


_WORD_CHARS = re.compile(r"[A-Za-z0-9]*")
_TAG_WORD = re.compile(r"[A-Za-z]+(?![\w-])")  # "#Python", not "#LI-Remote" or "#LI-AB1"


def _part_of_name(text: str, start: int, end: int, employer: set[str], cache: dict[str, bool]) -> bool:
    """Whether a match inside a longer word ("Cloud" in "JumpCloud", "Apps" in "SocialApps") is
    part of a name rather than a list item glued to its neighbour by flattened HTML ("Hadoop and
    SparkUnderstanding"): the whole word is the employer's name, or the posting writes it the same
    way more than once (a flattening accident is not repeated letter for letter, a name is)."""
    a = start
    while a > 0 and start - a < 40 and text[a - 1].isalnum():
        a -= 1
    word = text[a : _WORD_CHARS.match(text, end, min(len(text), end + 40)).end()]  # type: ignore[union-attr]
    hit = cache.get(word)
    if hit is None:
        if word.lower() in employer:
            hit = True
        else:
            hit = len(re.findall(r"(?<![A-Za-z0-9])" + re.escape(word) + r"(?![A-Za-z0-9])", text[:200_000])) >= 2
        cache[word] = hit
    return hit


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _tokenizable(text: str) -> str:
    """``text`` as spaCy can hash it: a lone surrogate (valid in JSON, "\\ud83d") becomes U+FFFD,
    one code point for one, so offsets into ``text`` stay the same."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def _first(row: tuple[Any, ...]) -> Any:
    return row[0]


_BULLETS = frozenset("-–•*·●▪◦")  # a list item's first character
_ASK_SECTIONS = frozenset({"requirements", "preferred"})
_ASK_OR_DUTY = frozenset({"requirements", "preferred", "responsibilities"})
_TOOL_CATEGORIES = frozenset(
    {"language", "framework", "library", "tool", "platform", "cloud", "database", "hardware", "spoken_language"}
)
_CANDIDATE_CUE = re.compile(
    r"\b(?:you|your|you'll|you’ll|candidates?|applicants?|ideal|looking for|seeking|required|requires?|"
    r"experience|knowledge|familiar\w*|proficien\w*|abilit\w*|skills?|must|should|will|expertise|"
    r"understanding|background|degree|qualifications?|hire|hiring|join|use|uses|using|stack|build with|work with|"
    # "We need SQL.", "Our team works with Python, SQL and Airflow." (rules 1.4)
    r"need|needs|needed|works with|working with)\b"
    # "We value: documentation, code review, CI/CD" - a list of practices asked of the team
    r"|\bwe (?:value|expect|appreciate|care about|look for)\s*:",
    re.I,
)
# "our" is the company's, except before the person hired ("our ideal candidate shows ...")
_COMPANY_CUE = re.compile(
    r"\b(?:we|we're|we’re|our(?!\s+(?:ideal\s+|perfect\s+|successful\s+|future\s+|new\s+)?(?:candidates?|applicants?|hires?)\b)|"
    r"us|company|team|organization|firm|platform|mission|founded)\b",
    re.I,
)


class _CaselessSearch:
    """``rx.search(text) is not None`` for a case-insensitive ``rx`` whose letters are all lower
    case: an ASCII text is searched lower-cased by a case-sensitive copy of ``rx`` (a few times
    faster; the same matches, as ASCII letters match case-insensitively only their own two
    cases), any other text by ``rx`` itself."""

    __slots__ = ("rx", "plain")

    def __init__(self, rx: re.Pattern[str]) -> None:
        assert rx.flags & re.I and not re.search(r"[A-Z]", re.sub(r"\\.", "", rx.pattern)), rx.pattern
        self.rx = rx
        self.plain = re.compile(rx.pattern, rx.flags & ~re.I)

    def __call__(self, text: str) -> bool:
        if text.isascii():
            return self.plain.search(text.lower()) is not None
        return self.rx.search(text) is not None


_has_candidate_cue = _CaselessSearch(_CANDIDATE_CUE)
_has_company_cue = _CaselessSearch(_COMPANY_CUE)


def _company_talk(sentence: str, blurb: Any) -> bool:
    """A sentence of the opening blurb about the company rather than the candidate."""
    if _CANDIDATE_CUE.search(sentence):
        return False
    return bool(_COMPANY_CUE.search(sentence) or (blurb is not None and blurb.match(sentence)))


_FIELD_OPEN = FoldedRegex(
    r"\b(?:degrees?|bachelor['’]?s?|masters?['’]?s?|master['’]s|ph\.?\s?d\.?s?|b\.?sc?\.?|m\.?sc?\.?|b\.?a\.?|"
    r"bs/ms|ms/phd|bs/ms/phd|diploma|major(?:ing)?|majors|graduates?|studies|studying|student|pursuing)\b\.?"
    r"[^.;:\n]{0,40}?\b(?:in|of)\s+",
    word_start=True,
    first="bdgmps",
)
_FIELD_CLOSE = re.compile(
    r"(?:related|similar|equivalent|quantitative|technical|comparable|relevant)\s+(?:\w+\s+)?(?:fields?|disciplines?|areas?|subjects?|majors?|degrees?)"
    r"|\bwith\b|\band\s+\d|\bexperience\b|[.;:\n(]",
    re.I,
)


def _fields_of_study(sentence: str) -> list[tuple[int, int]]:
    """Where a sentence names fields of study in a degree requirement ("BS in <here>"), as
    (start, end) offsets into the sentence, in order."""
    out: list[tuple[int, int]] = []
    low = fold(sentence)
    for m in _FOCUS_OPEN.finditer(sentence, low):  # "MS degree with a quantitative focus (economics, statistics)"
        rp = sentence.find(")", m.end())
        if 0 <= rp - m.end() <= 200:
            out.append((m.end(), rp + 1))
    for m in _FIELD_OPEN.finditer(sentence, low):
        if _NOT_A_FIELD_OPEN.search(sentence, m.start(), m.end()):
            continue  # "PhD research experience in VLSI, computer architecture": areas of work
        if _DEGREE_OF_MEASURE.search(sentence, max(0, m.start() - 30), m.start() + 7):
            continue  # "a high degree of creativity": a measure, not an education degree
        a = m.end()
        out.append((a, _field_list_end(sentence, a)))
    if len(out) > 1:
        out.sort()
    return out


_DEGREE_OF_MEASURE = re.compile(
    r"\b(?:high|higher|highest|great|greater|certain|some|large|considerable|significant|strong|"
    r"reasonable|fair|remarkable|exceptional|utmost|varying|low|any)\s+degrees?\b",
    re.I,
)
_NOT_A_FIELD_OPEN = re.compile(r"\b(?:experience|expertise|exposure|work|working)\b", re.I)
# After "a related field": examples of fields ("(e.g. Statistics, Physics)", ", such as Physics").
_FIELD_EXAMPLES = re.compile(r"\s*+(?:\(|,?\s*+(?:such as|e\.g\.?|including|like)\b)", re.I)
_CLAUSE_END = re.compile(r"[.;:\n]")


def _field_list_end(sentence: str, a: int) -> int:
    """Where the list of fields that starts at ``a`` ends. A parenthesis inside the list is part
    of it ("Operations Research (Industrial Engineering), Statistics", "(applied) mathematics"),
    and so are the examples after "a related field" ("(Computer Science, Statistics...)")."""
    pos = a
    while True:
        close = _FIELD_CLOSE.search(sentence, pos)
        if close is None:
            return min(len(sentence), a + 160)
        if close.group() == "(":
            rp = sentence.find(")", close.end())
            if rp < 0 or rp - a > 200:
                return close.end()
            pos = rp + 1
            continue
        if close.group().lower() == "with":
            focus = _FOCUS.match(sentence, close.end())
            if focus:  # "degree with a quantitative focus (economics, statistics, ...)"
                rp = sentence.find(")", focus.end())
                if 0 <= rp - focus.end() <= 200:
                    return rp + 1
        if close.group()[:1].isalpha() and close.group().lower().split()[0] in _FIELD_WORDS:
            ex = _FIELD_EXAMPLES.match(sentence, close.end())
            if ex:
                if ex.group().endswith("("):
                    rp = sentence.find(")", ex.end())
                    if 0 <= rp - ex.end() <= 200:
                        return rp + 1
                else:
                    nxt = _CLAUSE_END.search(sentence, ex.end())
                    return nxt.end() if nxt else len(sentence)
        return close.end()


_FOCUS_OPEN = FoldedRegex(
    r"\b(?:degrees?|bachelor['’]?s?|masters?['’]?s?|master['’]s|mba|ph\.?\s?d|b\.?sc?|m\.?sc?|b\.?a)\b\.?[^.;:\n(]{0,30}?"
    r"\bwith\s+an?\s+(?:\w+\s+){0,2}(?:focus|emphasis|concentration|background)\s*\(",
    word_start=True,
    first="bdmp",
)
_FOCUS = re.compile(r"\s+an?\s+(?:\w+\s+){0,2}(?:focus|emphasis|concentration|background)\s*\(", re.I)
_FIELD_WORDS = frozenset({"related", "similar", "equivalent", "quantitative", "technical", "comparable", "relevant"})
# "Computer Science or Software Engineering degrees": fields named before the degree.
# Possessive quantifiers: one pass over the capitalised words, no backtracking (a run of capitals
# such as "SQL AWS Python ..." made the old nested pattern exponential).
_FIELDS_BEFORE_DEGREE = re.compile(
    r"(?:\s*+(?:,|/|&|\bor\b|\band\b)?\s*+(?:\(\w++\)\s*+)?[A-Z][\w&]*+)*+\s+(?:degrees?|majors?)\b(?![-/])"
)


def _in_ranges(fields: list[tuple[int, int]], start: int, end: int) -> bool:
    for a, b in fields:
        if start < a:
            break
        if a <= start and end <= b and start - a <= 160:
            return True
    return False


def _in_field_of_study(sentence: str, start: int, end: int) -> bool:
    """The mention names a field of study in a degree requirement."""
    return _in_ranges(_fields_of_study(sentence), start, end)


# Generic heads that give way to their examples ("programming languages such as Python" -> Python).
# Named umbrellas count with their examples ("cloud platforms (AWS, GCP)", "cloud-based
# technologies (AWS GCP Azure)", "messaging frameworks (Kafka, JMS)"): both label sets list them.
_UMBRELLA_END = ("languages", "language", "tools", "tooling", "systems", "skills")
_UMBRELLA_INTRO = re.compile(r"^\s*(?:\(|:|,?\s*(?:such as|e\.g\.|e\.g|eg\.|i\.e\.|like|including|incl\.|for example|especially))", re.I)


def _umbrella(text: str, start: int, end: int, rows: list[Any], i: int, category: str, sent_end: int) -> bool:
    """A generic umbrella term introducing examples ("programming languages (Python, Go)");
    ``rows`` hold each match's char start at index 2."""
    surface = text[start:end].lower()
    if not surface.endswith(_UMBRELLA_END):
        return False
    after = text[end : min(sent_end, end + 20)]
    if not _UMBRELLA_INTRO.match(after):
        return False
    if i + 1 >= len(rows):
        return False
    nxt_start = rows[i + 1][2]
    return nxt_start - end <= 40 and nxt_start < sent_end


_NEG_HINT = FoldedRegex(r"\b(?:no|without|zero|don't|do not|won't|will not)\b", word_start=True, first="dnwz")


def _maybe_negated(sentence: str) -> bool:
    return bool(_NEG_HINT.search(sentence, fold(sentence)))


def _listed(lowers: list[str], tok_start: int, tok_end: int, i: int, rows: list[Any], tok_starts: list[int]) -> bool:
    """The mention (tokens ``tok_start:tok_end`` of the lower-cased words ``lowers``, match ``i``
    of ``rows``, whose token starts are
    ``tok_starts``) sits in a list with another skill: "Python, R", "C/C++", "R or SAS" (a
    repeat of the same skill is no list: "About Salesforce Salesforce is...")."""

    skill = rows[i][4]
    # Another skill's match covers token t when the last match starting at or before t (by
    # start, as ``bisect_right(tok_starts, t) - 1`` finds it; walked to, as t moves one token at
    # a time) is not this one, ends after t and names another skill.
    # look left: the matches before this one
    j = tok_start - 1
    k = i - 1
    steps = 0
    while j >= 0 and steps < 3:
        while k >= 0 and tok_starts[k] > j:
            k -= 1
        if k >= 0 and j < rows[k][1] and rows[k][4] != skill:
            return True
        if lowers[j] not in _LIST_GLUE:
            break
        j -= 1
        steps += 1
    # look right
    j = tok_end
    k = i
    last = len(rows) - 1
    steps = 0
    n = len(lowers)
    while j < n and steps < 3:
        while k < last and tok_starts[k + 1] <= j:
            k += 1
        if k != i and j < rows[k][1] and rows[k][4] != skill:
            return True
        if lowers[j] not in _LIST_GLUE:
            break
        j += 1
        steps += 1
    return False


def _list_line_neighbour(text: str, ss: int, se: int, i: int, rows: list[Any]) -> bool:
    """The mention's sentence is a short line of a list whose line just above or below names
    another skill ("Java\nSpring\nSpring Boot", "* Java\n* Hibernate")."""
    if se - ss > 60:
        return False
    ls = text.rfind("\n", 0, ss) + 1
    le = text.find("\n", se)
    le = len(text) if le < 0 else le
    if text[ls:ss].strip(" \t-•*>·●▪◦0123456789.)(") or text[se:le].strip():
        return False  # not a line of its own
    skill = rows[i][4]
    # the line above
    if ls > 0:
        pls = text.rfind("\n", 0, ls - 1) + 1
        if ls - 1 - pls <= 80:
            k = i - 1
            while k >= 0 and rows[k][2] >= pls:
                if rows[k][3] <= ls - 1 and rows[k][4] != skill:
                    return True
                k -= 1
    # the line below
    if le < len(text):
        nle = text.find("\n", le + 1)
        nle = len(text) if nle < 0 else nle
        if nle - le - 1 <= 80:
            k = i + 1
            while k < len(rows) and rows[k][2] < nle:
                if rows[k][2] > le and rows[k][4] != skill:
                    return True
                k += 1
    return False


_COMPANY_SUFFIX = re.compile(r"[\s,]+(?:inc\.?|llc|ltd\.?|gmbh|corp\.?|corporation|co\.|plc|s\.a\.|ag|b\.v\.)$", re.I)


def _company_names(company: str | None) -> list[str]:
    """Ways a posting may name its employer: "Think Big Analytics, A Teradata Company" ->
    the full name and "Think Big Analytics"; "Acme Inc." -> also "Acme"."""
    name = (company or "")[:200].strip()  # a company name, not a text: bounded
    if not name or name.lower() in ("none", "null", "n/a", "unknown", "confidential"):
        return []
    out = [name]
    head = re.split(r",|\s[-–|(]\s?|\(", name)[0].strip()
    for cand in (head, _COMPANY_SUFFIX.sub("", name).strip(), _COMPANY_SUFFIX.sub("", head).strip()):
        if len(cand) >= 2 and cand not in out:
            out.append(cand)
    return out


def _blurb_re(company: str | None) -> re.Pattern[str] | None:
    """Sentences that describe the company rather than the job ("Acme is a leading...")."""
    parts = [r"(?:we are|we're|we’re)\s+(?:a|an|the)\b", r"founded in\b", r"our mission\b"]
    names = _company_names(company)
    if names:
        name = "(?:" + "|".join(re.escape(n) for n in names) + ")"
        parts.append(name + r"(?:['’]s)?\s+(?:is|was|has been|builds|offers|provides|helps|operates|serves|powers)\b")
        parts.append(r"at\s+" + name + r",\s+we\b")
    return re.compile(r"^\W*(?:" + "|".join(parts) + ")", re.I)


_ADDRESSES_CANDIDATE = re.compile(
    r"\b(?:you|your|you'll|you’ll|you're|you’re|you've|you’ve|candidates?|applicants?|ideal|looking for|seeking|"
    r"hire|hiring|join|requires?|required|must|qualifications?|experience|knowledge|familiar\w*|proficien\w*|"
    r"abilit\w*|skills?|understanding|background|degree|use|uses|using|stack|work with|build with)\b"
    r"|\bwe (?:value|expect|appreciate|care about|look for)\s*:",  # "We value: code review, CI/CD"
    re.I,
)
_COMPANY_VERBS = (
    r"(?:is|are|was|has|have|thrives|maintains|provides|builds|offers|helps|operates|serves|powers|values|"
    r"believes|empowers|enables|delivers|creates|develops|makes|fosters|focuses|specializes|specialises|leads|"
    r"combines|partners|supports|brings|invests|strives|prides)\b"
)


def _company_subject_re(company: str | None) -> re.Pattern[str]:
    """Sentences whose subject is the company or its team ("We value creativity...", "Their
    culture thrives on...", "..., Acme maintains a reputation for teamwork")."""
    names = _company_names(company)
    subj = r"(?:we|we're|we’re|our|their|they|the company|the team|this team|the group|this group)"
    parts = [r"^\W*(?:at\s+[^,]{1,40},\s+)?" + subj + r"\b"]
    if names:
        name = "(?:" + "|".join(re.escape(n) for n in names) + ")"
        parts.append(r"\b" + name + r"(?:['’]s)?\s+(?:(?:also|now|continues to|is\s+\w+ing)\s+)?" + _COMPANY_VERBS)
        parts.append(r"^\W*" + name + r"['’]s\b")
    return re.compile("|".join(parts), re.I)


# The fixed parts of ``_blurb_re`` / ``_company_subject_re`` (compiled once): a company's
# patterns only add its names, each a small case-insensitive literal pattern.
_BLURB_FIXED = re.compile(r"^\W*(?:(?:we are|we're|we’re)\s+(?:a|an|the)\b|founded in\b|our mission\b)", re.I)
_BLURB_NAME_TAIL = re.compile(r"(?:['’]s)?\s+(?:is|was|has been|builds|offers|provides|helps|operates|serves|powers)\b", re.I)
_BLURB_AT = re.compile(r"at\s+", re.I)
_BLURB_AT_TAIL = re.compile(r",\s+we\b", re.I)
_LEADING_NON_WORD = re.compile(r"\W*")
_SUBJECT_FIXED = re.compile(
    r"^\W*(?:at\s+[^,]{1,40},\s+)?(?:we|we're|we’re|our|their|they|the company|the team|this team|the group|this group)\b", re.I
)
_SUBJECT_NAME_TAIL = re.compile(r"(?:['’]s)?\s+(?:(?:also|now|continues to|is\s+\w+ing)\s+)?" + _COMPANY_VERBS, re.I)
_SUBJECT_POSSESSIVE_TAIL = re.compile(r"['’]s\b", re.I)
_WORD_START = re.compile(r"\w")


class _CompanyPatterns:
    """``_blurb_re(company).match`` (``blurb=True``) or ``_company_subject_re(company).search``
    as a yes/no, without compiling the fixed alternations per company. Each name is tried on its
    own (the alternation of names backtracks from one to the next the same way). A company with
    a name that starts with a non-word character keeps the compiled pattern."""

    __slots__ = ("blurb", "raw", "names", "lows", "starts")

    def __init__(self, names: list[str], blurb: bool) -> None:
        self.blurb = blurb
        self.raw = names
        self.lows = [n.lower() if n.isascii() else None for n in names]
        # compiled when first needed (most sentences do not name the company)
        self.names: list[re.Pattern[str] | None] = [None] * len(names)
        # every place a name starts (overlapping ones too) after a word boundary
        self.starts: list[re.Pattern[str] | None] = [None] * len(names)

    def _name(self, k: int) -> re.Pattern[str]:
        rx = self.names[k]
        if rx is None:
            rx = self.names[k] = re.compile(re.escape(self.raw[k]), re.I)
        return rx

    def _starts(self, k: int) -> re.Pattern[str]:
        rx = self.starts[k]
        if rx is None:
            rx = self.starts[k] = re.compile(r"\b(?=" + re.escape(self.raw[k]) + ")", re.I)
        return rx

    @classmethod
    def of(cls, company: str | None, *, blurb: bool) -> Any:
        names = _company_names(company)
        if any(not _WORD_START.match(n) for n in names):
            return _blurb_re(company) if blurb else _company_subject_re(company)
        return cls(names, blurb)

    def _absent(self, k: int, sentence: str) -> bool:
        """Name ``k`` certainly does not occur (an ASCII name in an ASCII sentence matches
        case-insensitively only where the lower-cased texts do)."""
        low = self.lows[k]
        return low is not None and sentence.isascii() and low not in sentence.lower()

    def match(self, sentence: str) -> bool:
        """``_blurb_re(company).match(sentence)`` as a yes/no."""
        if _BLURB_FIXED.match(sentence):
            return True
        if not self.raw:
            return False
        p = _LEADING_NON_WORD.match(sentence).end()  # type: ignore[union-attr]
        at = _BLURB_AT.match(sentence, p)
        for k in range(len(self.raw)):
            if self._absent(k, sentence):
                continue
            rx = self._name(k)
            m = rx.match(sentence, p)
            if m is not None and _BLURB_NAME_TAIL.match(sentence, m.end()):
                return True
            if at is not None:
                m = rx.match(sentence, at.end())
                if m is not None and _BLURB_AT_TAIL.match(sentence, m.end()):
                    return True
        return False

    def search(self, sentence: str) -> bool:
        """``_company_subject_re(company).search(sentence)`` as a yes/no."""
        if _SUBJECT_FIXED.match(sentence):
            return True
        if not self.raw:
            return False
        p = _LEADING_NON_WORD.match(sentence).end()  # type: ignore[union-attr]
        for k in range(len(self.raw)):
            if self._absent(k, sentence):
                continue
            rx = self._name(k)
            for st in self._starts(k).finditer(sentence):
                m = rx.match(sentence, st.start())
                if m is not None and _SUBJECT_NAME_TAIL.match(sentence, m.end()):
                    return True
            m = rx.match(sentence, p)
            if m is not None and _SUBJECT_POSSESSIVE_TAIL.match(sentence, m.end()):
                return True
        return False


_addresses_candidate = _CaselessSearch(_ADDRESSES_CANDIDATE)


def _about_company(sentence: str, subject: Any) -> bool:
    """The sentence tells what the company or team is, does or values, without addressing the
    candidate: its skills describe the employer, not the job (tools excepted: "We use Spark")."""
    return bool(subject.search(sentence)) and not _addresses_candidate(sentence)


# A concept that names people, a team or a job, not a skill: "business intelligence engineers",
# "Business Intelligence teams", "a Data Visualisation Developer", "senior leadership".
_PEOPLE_AFTER = re.compile(
    r"\s*(?:engineers?|teams?|scientists?|analysts?|developers?|leaders|leadership|managers?|directors?|"
    r"specialists?|researchers?|group|groups|department|organi[sz]ations?|org|practitioners?|experts?|"
    r"professionals|consultants?|architects?|position|role|intern|interns|internship)\b(?![-/])",
    re.I,
)
_LANGUAGE_AS_MODIFIER = re.compile(r"\s+(?:(?:verbal|written|oral|spoken)\s+(?:and\s+|&\s+)?)*communication", re.I)
_PEOPLE_BEFORE = re.compile(
    r"(?:(?i:\b(?:senior|executive|upper|top|company|business))|(?i:\b(?:with|to|for)\s+)(?:(?i:the|our)|[A-Z]{2,}))\s*$"
)


# A job title built on a tool: "Senior Java Developer", "Node.js Developer", "Java Performance
# Engineer", "QA/Test Developer", "full stack JS / React developers".
_JOB_AFTER = re.compile(
    r"(?:\s*/\s*\S{1,40})?\s*(?:-\s*)?(?:(?i:software|backend|back-end|frontend|front-end|full[- ]?stack|web|"
    r"performance|test|qa|systems?|platform|application|mobile|cloud|data|database|solutions?|"
    r"integration|infrastructure|automation|reliability)\s+)?"
    r"(?i:engineers?|developers?|devs|architects?|administrators?|admins?|programmers?|consultants?|"
    r"specialists?|ninjas?|gurus?)\b(?![-/])"
)
# A line that names the job: the value of a "Role:" / "Title:" field.
_ROLE_FIELD = re.compile(r"(?:^|\n)[ \t*•-]*(?i:role|job title|title|position|job role)[ \t]*:[ \t]*\n?[ \t]*$")


def _in_job_title(text: str, start: int, end: int) -> bool:
    """The mention is part of a job title ("Senior Java Developer") or the value of a "Role:"
    field: it names the job, not a skill asked for."""
    if _JOB_AFTER.match(text, end):
        return True
    nl = text.rfind("\n", max(0, start - 200), start)
    if nl < 0 and start > 200:
        return False  # 200 characters into a line: no field value (and no scan back over a long line)
    ls = nl + 1
    if ls > 0 and _ROLE_FIELD.search(text, max(0, ls - 40), ls):
        return True
    # (a "Role:" field name sits within a few characters of the line start: bounded look-back)
    return ":" in text[ls:start] and bool(_ROLE_FIELD.search(text, max(0, ls - 20, start - 80), start))


# "in close collaboration with the client", "a new collaboration with the university": the way the
# work is organised (or a partnership), not a skill asked of the candidate.
_WORKING_WITH_BEFORE = re.compile(r"(?i:\b(?:in|close|closer|tight|direct|new|scientific|on-site|ongoing))\s+$")
_WORKING_WITH_AFTER = re.compile(r"s?\s+(?i:with)\b")


# The rest of a list of capitalised names that ends in a word for people or teams: each name in
# it names a team ("partner with Product Analytics, Data Engineering and Marketing teams"). Run
# on at most 80 characters after a mention.
_TEAM_LIST_AFTER = re.compile(
    r"(?:\s*(?:,|&|\band\b|\bor\b)\s*(?:[A-Z][\w+&.-]*)(?:\s+[A-Z][\w+&.-]*){0,3}){1,6}\s+"
    r"(?i:teams?|groups?|departments?|orgs?|organi[sz]ations?|functions|stakeholders|leaders)\b"
)


# What can follow a mention where _TEAM_LIST_AFTER matches without leading spaces.
_TEAM_LIST_FIRST = frozenset(",&ao")


_INDUSTRY_AFTER = re.compile(r"\s+(?i:industry|industries|sector|sectors|market|markets)\b")


def _working_with(text: str, start: int, end: int) -> bool:
    return (
        text[start:end].lower() == "collaboration"
        and bool(_WORKING_WITH_AFTER.match(text, end))
        and bool(_WORKING_WITH_BEFORE.search(text, max(0, start - 16), start))
    )


def _names_people(text: str, start: int, end: int, category: str) -> bool:
    if category in _TOOL_CATEGORIES:
        return False
    if _PEOPLE_AFTER.match(text, end):
        return True
    return category == "soft_skill" and text[start:end].lower() == "leadership" and bool(_PEOPLE_BEFORE.search(text, max(0, start - 24), start))
