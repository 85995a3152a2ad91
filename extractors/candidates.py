"""Skill candidates: every taxonomy or vocabulary match of a posting outside the dropped sections,
with its context, the precision rules' flags (``rules.py``) and the model's features
(``features.py``). :func:`candidates` is what :class:`~skillgap.extractors.extract.Extractor`
judges, one :class:`Candidate` at a time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import LOWER
from spacy.tokens import Doc

from skillgap.extractors.company import cached_blurb, cached_company_subject, company_names
from skillgap.extractors.discover import DISCOVERED, LABELS, _token_starts, discover
from skillgap.extractors.features import add_posting_features, features, lexicon_features
from skillgap.extractors.gates import Gate, MentionContext
from skillgap.extractors.mined import mined_features
from skillgap.extractors.pipeline import GATED_LABEL, LOWERS_KEY, ROWS_KEY, SPANS_KEY, MatchRow
from skillgap.extractors.rules import (
    FLAG_RULES,
    TOOL_CATEGORIES,
    PostingView,
    Spot,
    edge_compound,
    list_line_neighbour,
    listed,
    part_of_name,
    sentence_cues,
    tracking_hashtag,
)
from skillgap.extractors.sections import DROPPED_SECTIONS, Layout
from skillgap.extractors.taxonomy import LEXICON_ORIGIN

__all__ = ["Candidate", "Tables", "Tokens", "candidates"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One skill candidate: the model's features, the rules' verdict and where it stands."""

    features: list[str]  # the model's input (the posting-level ones appended last)
    rule_keep: bool  # the rules alone would keep it (no flag, or only a passed gate)
    skill: str  # canonical name
    category: str
    start: int  # offsets into the text
    end: int
    sentence: str  # the evidence
    section: str
    preferred_cue: bool  # its sentence says "a plus", "nice to have"


@dataclass(frozen=True, slots=True)
class Tables:
    """What the extractor looks up per match, built once per taxonomy (``Extractor`` caches the
    bundled one's for the process)."""

    skills: Mapping[str, Any]  # name -> skill
    origin: Mapping[str, str]  # name -> origin, for the skills not from the curated taxonomy
    gates: Mapping[str, Gate | None]  # name -> the gate a gated form must pass
    refine: Mapping[str, Gate | None]  # name -> the check a one-token match of an ambiguous skill must pass
    forms: Mapping[str, Sequence[str]]  # name -> its forms
    by_key: Mapping[str, str]  # normalised form -> name
    compact: frozenset[str]  # multi-word forms written as one word: skills only as a hashtag
    zipf: Mapping[str, float]  # lower-cased form -> word frequency
    lexicon: Mapping[str, int] = field(default_factory=dict)  # lower-cased lexicon form -> companies that labelled it
    resolve: Mapping[str, frozenset[str]] = field(default_factory=dict)  # name -> its resolve-only forms (lower-cased)


class Tokens:
    """A text's words, lower-cased words and skill matches (by start): what the extractor reads
    from a ``Doc``."""

    __slots__ = ("words", "lowers", "rows", "starts")

    def __init__(self, words: list[str], lowers: list[str], rows: list[MatchRow], starts: list[int] | None = None) -> None:
        self.words, self.lowers, self.rows = words, lowers, rows
        self.starts = starts  # each word's character offset, when the matcher gave them

    def __len__(self) -> int:
        return len(self.words)

    @classmethod
    def of(cls, doc: Doc) -> Tokens:
        group = doc.spans.get(SPANS_KEY, ())
        rows = doc.user_data.get(ROWS_KEY)
        if not group:
            rows = []
        elif rows is None or len(rows) != len(group):  # spans set or edited by someone else
            rows = sorted((MatchRow(sp.start, sp.end, sp.start_char, sp.end_char, sp.id_, sp.label_) for sp in group), key=_first)
        hashes = doc.user_data.get(LOWERS_KEY)
        if hashes is None:
            hashes = doc.to_array(LOWER).tolist()
        strings = doc.vocab.strings
        return cls([t.text for t in doc], [strings[h] for h in hashes], rows)


def _first(row: MatchRow) -> int:
    return row.tok_start


_RULES = tuple((r.flag, r.check, r.drops) for r in FLAG_RULES)  # unpacked once: the loop runs per match

#: The gate of a match by a form gated ``resolve_only`` ("data science", "AI", "Oracle"): it never
#: passes (the rules alone drop the match); the model sees the flag ``resolve_only`` and decides.
RESOLVE_GATE = Gate("resolve_only", lambda _ctx: False)


def lexicon_count(lexicon: Mapping[str, int], low: str) -> int | None:
    """The number of companies that labelled the lexicon form ``low`` (lower-cased surface), None
    when it is none."""
    n = lexicon.get(low)
    if n is None and "  " in low:
        n = lexicon.get(" ".join(low.split()))
    return n


class _Posting:
    """Per posting: the matches' gates and sentences, the rules' view and the running state."""

    mined: Any = None  # the corpus-mined names (mined.MinedNames) the discovered candidates are looked up in

    def __init__(self, tables: Tables, toks: Tokens, text: str, layout: Layout, company: str | None, title: str) -> None:
        rows = self.rows = toks.rows
        self.tables, self.toks, self.text, self.layout, self.company, self.title = tables, toks, text, layout, company, title
        # A match by a gated form must pass its gate; a single-token match by another form of a
        # well-known ambiguous skill passes the built-in check; longer matches are unambiguous.
        self.gates = [
            tables.gates.get(sid) if label == GATED_LABEL else (tables.refine.get(sid) if e - s == 1 else None)
            for s, e, _a, _b, sid, label in rows
        ]
        resolve = tables.resolve
        if resolve:
            for k, (_s, _e, a, b, sid, _label) in enumerate(rows):
                forms = resolve.get(sid)
                if forms is not None and " ".join(text[a:b].lower().split()) in forms:
                    self.gates[k] = RESOLVE_GATE
        sent_starts, sent_ends = layout.sent_starts, layout.sent_ends
        self.sent_of: list[tuple[int, int]] = []
        for row in rows:
            k = bisect_right(sent_starts, row.start) - 1
            self.sent_of.append((sent_starts[k], sent_ends[k]) if k >= 0 else layout.sentence_at(row.start))
        # matches per sentence, and ungated ones (by sentence start offset)
        self.in_sent: dict[int, int] = {}
        self.ungated_in_sent: dict[int, int] = {}
        for g, (ss, _se) in zip(self.gates, self.sent_of):
            self.in_sent[ss] = self.in_sent.get(ss, 0) + 1
            if g is None:
                self.ungated_in_sent[ss] = self.ungated_in_sent.get(ss, 0) + 1
        employer = {n.lower() for n in company_names(company)}
        self.view = PostingView(text, rows, cached_blurb(company), cached_company_subject(company), employer, {}, {}, {}, {})
        self.title_low = title.lower()
        self.glued: dict[str, bool] = {}
        self.tok_starts = [row.tok_start for row in rows]

    def spot(self, i: int) -> Spot | None:
        """Match ``i`` as a candidate, or None when it is dropped before the rules run."""
        tok_start, tok_end, start, end, sid, label = self.rows[i]
        text, tables = self.text, self.tables
        ss, se = self.sent_of[i]
        section = self.layout.section_at(start)
        if section in DROPPED_SECTIONS or edge_compound(text, start):
            return None
        if ((start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())) and part_of_name(
            text, start, end, self.view.employer, self.glued
        ):
            return None  # "Cloud" in "JumpCloud®", the employer, is no cloud computing
        surface = text[start:end]
        low = surface.lower()
        if low in tables.compact and (start == 0 or text[start - 1] != "#"):
            return None  # "datavisualization" is a skill only as a hashtag ("#Datavisualization")
        skill = tables.skills.get(sid)
        sentence = text[ss:se]
        is_listed = listed(self.toks.lowers, tok_start, tok_end, i, self.rows, self.tok_starts) or list_line_neighbour(
            text, ss, se, i, self.rows
        )
        cues = self.view.cues.get(ss)
        if cues is None:
            # cached per sentence with the section of its first candidate (a sentence that
            # crosses a heading keeps it; kept so, the golden test pins it)
            cues = self.view.cues[ss] = sentence_cues(sentence, section, self.view)
        if label in LABELS:  # a name beyond the vocabulary (discover.py)
            return Spot(i, tok_start, tok_end, start, end, ss, se, sentence, section, DISCOVERED, DISCOVERED,
                        surface, low, is_listed, cues, False)
        category = getattr(skill, "category", "") if skill is not None else ""
        origin = tables.origin.get(sid, "curated")
        if tables.lexicon and lexicon_count(tables.lexicon, low) is not None:
            # matched by a lexicon form: its name features are learned apart from the curated and
            # vocabulary forms' ("mentor" as mentoring is no "mentoring")
            origin = LEXICON_ORIGIN
        return Spot(i, tok_start, tok_end, start, end, ss, se, sentence, section, category,
                    origin, surface, low, is_listed, cues, category in TOOL_CATEGORIES)

    def gate_flag(self, s: Spot, gate: Gate) -> str:
        if gate is RESOLVE_GATE:
            return "resolve_only"
        words, n = self.toks.words, len(self.toks.lowers)
        ctx = MentionContext(
            text=self.text, start=s.start, end=s.end, sent_start=s.sent_start, sent_end=s.sent_end,
            tokens_before=tuple(words[max(0, s.tok_start - 4) : s.tok_start]),
            tokens_after=tuple(words[s.tok_end : min(n, s.tok_end + 4)]),
            listed=s.listed, sentence_skills=self.ungated_in_sent.get(s.sent_start, 0),
            company=self.company, title=self.title,
        )
        return "gate_ok" if gate.check(ctx) else "gate_fail"

    def candidate(self, i: int) -> Candidate | None:
        s = self.spot(i)
        if s is None:
            return None
        flags: list[str] = []
        if self.layout.in_heading(s.start, s.end):
            flags.append("heading")
        gate = self.gates[i]
        if gate is not None:
            flags.append(self.gate_flag(s, gate))
        drop = False
        view = self.view
        for flag, check, drops in _RULES:
            if flag not in flags and check(s, view):
                flags.append(flag)
                drop = drop or drops
        if tracking_hashtag(self.text, s.start, s.end, s.section) or drop:
            return None
        rule_keep = not flags or flags == ["gate_ok"]
        feats = features(s, self.toks.lowers, self.text, flags, rule_keep, self.in_sent.get(s.sent_start, 0),
                         self.tables.zipf.get(s.low), self.title_low)
        if s.origin == LEXICON_ORIGIN:  # a form of the labelled-names lexicon: how many companies labelled it
            n = lexicon_count(self.tables.lexicon, s.low)
            if n is not None:
                sid = self.rows[s.i].skill
                feats += lexicon_features(n, self.tables.origin.get(sid, "curated"))
        label = self.rows[s.i].label
        if label in LABELS:  # how it was found, and where
            feats += ("disc=" + label, "disc&sec=" + label + s.section, "disc&listed=" + str(s.listed))
            first = s.low.split(None, 1)[0]
            if first.endswith("ing"):  # an activity ("building internal bots") more often than a name
                feats.append("disc_ing")
            if self.mined is not None:  # a name the corpus shows standing as a skill in several companies
                n = self.mined.counts.get(self.rows[s.i].skill)
                if n is not None:
                    feats += mined_features(n)
        return Candidate(feats, rule_keep, self.rows[s.i].skill, s.category, s.start, s.end, s.sentence, s.section,
                         s.cues.preferred)


def candidates(tables: Tables, doc: Tokens | Doc, text: str, layout: Layout, company: str | None, title: str,
               *, discovered: bool = False, tagger: Any = None, mined: Any = None) -> list[Candidate]:
    """The posting's skill candidates, in text order (``text``: the text ``doc`` was made from;
    ``layout``: its sections and sentences). ``discovered``: also names beyond the vocabulary
    (``discover.py``), with a ``tagger`` (``tagger.Tagger``) the spans it proposes and with
    ``mined`` (``mined.MinedNames``) the occurrences of corpus-mined names; the known skills'
    candidates and features are the same either way."""
    toks = Tokens.of(doc) if isinstance(doc, Doc) else doc
    out: list[Candidate] = []
    sentences: list[int] = []
    posting = None
    if toks.rows:
        posting = _Posting(tables, toks, text, layout, company, title)
        for i in range(len(toks.rows)):
            c = posting.candidate(i)
            if c is not None:
                out.append(c)
                sentences.append(posting.sent_of[i][0])
        add_posting_features(out, sentences, tables.origin)
    if discovered:
        out = _with_discovered(out, sentences, tables, toks, text, layout, company, title, posting, tagger, mined)
    return out


def _with_discovered(known: list[Candidate], sentences: list[int], tables: Tables, toks: Tokens, text: str,
                     layout: Layout, company: str | None, title: str, first: _Posting | None, tagger: Any = None,
                     mined: Any = None) -> list[Candidate]:
    """``known`` and the discovered names' candidates, in text order. The discovered ones are
    judged beside the known matches (list neighbours, skills in the sentence) and get the
    posting features over both; the known ones keep the features they have without discovery.
    A tagged span (``tagger``) that overlaps a discovered name is left out; so is a mined name's
    occurrence (``mined``) that overlaps either."""
    extra = discover(text, toks.words, layout, toks.rows, tables.by_key, toks.starts)
    if tagger is not None:
        extra = _with_tagged(extra, tagger.spans(text, toks.words, toks.starts or [], layout, toks.rows, tables.by_key))
    if mined is not None and mined.counts:
        starts = toks.starts if toks.starts and len(toks.starts) == len(toks.words) else _token_starts(toks.words, text)
        found = mined.rows(text, toks.words, toks.lowers, starts, layout, [*toks.rows, *extra])
        if found:
            extra = sorted([*extra, *found])
    if not extra:
        return known
    rows = sorted([*toks.rows, *extra], key=_first)
    posting = _Posting(tables, Tokens(toks.words, toks.lowers, rows), text, layout, company, title)
    posting.mined = mined
    if first is not None:  # the per-sentence caches depend on the text alone: reuse them
        v, f = posting.view, first.view
        v.cues, v.negations, v.fields, v.blurb_hits = f.cues, f.negations, f.fields, f.blurb_hits
    new: list[Candidate] = []
    new_sent: list[int] = []
    for i, row in enumerate(rows):
        if row.label in LABELS:
            c = posting.candidate(i)
            if c is not None:
                new.append(c)
                new_sent.append(posting.sent_of[i][0])
    if not new:
        return known
    add_posting_features([*known, *new], [*sentences, *new_sent], _Either({c.skill for c in new}, tables.origin), first=len(known))
    return sorted([*known, *new], key=_start)


def _with_tagged(found: list[MatchRow], tagged: list[MatchRow]) -> list[MatchRow]:
    """``found`` (by token start) and the ``tagged`` rows that overlap none of them, by start."""
    if not tagged:
        return found
    keep = [t for t in tagged if not any(f.tok_start < t.tok_end and t.tok_start < f.tok_end for f in found)]
    return sorted([*found, *keep]) if keep else found


class _Either:
    """In either container (the names not from the curated taxonomy: derived or discovered)."""

    __slots__ = ("a", "b")

    def __init__(self, a: Container[str], b: Container[str]) -> None:
        self.a, self.b = a, b

    def __contains__(self, x: object) -> bool:
        return x in self.a or x in self.b


def _start(c: Candidate) -> int:
    return c.start
