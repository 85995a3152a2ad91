"""Sentences and sections of a job description.

Pure functions of text. Works on line-structured text (what ``html_to_text`` returns, headings
on their own lines) and on flattened text where headings run into the sentences around them
("...we want to talk to you.Basic QualificationsExperience designing...").

Sections: ``requirements``, ``preferred``, ``responsibilities``, ``benefits``, ``about``
(the company blurb), ``eeo`` (equal-opportunity and legal boilerplate), ``other`` (before any
heading, or an unrecognised one). Headings are found by ``headings.py``; the regex tooling
(``fold``, ``FoldedRegex``, ``linear_regex``, ``trie_regex``) lives in ``patterns.py`` and the
sentence cues (``preferred_cue``, ``negated_spans``) in ``cues.py``; both are re-exported here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from skillgap.extractors.cues import negated_spans, preferred_cue
from skillgap.extractors.headings import Heading, find_headings
from skillgap.extractors.patterns import FoldedRegex, fold, linear_regex, trie_regex

__all__ = [
    "SECTIONS",
    "DROPPED_SECTIONS",
    "Layout",
    "analyse",
    "trie_regex",
    "preferred_cue",
    "negated_spans",
    "fold",
    "FoldedRegex",
    "linear_regex",
    "MAX_SENTENCE",
]

SECTIONS = ("requirements", "preferred", "responsibilities", "benefits", "about", "eeo", "other")
DROPPED_SECTIONS = frozenset({"benefits", "about", "eeo"})


# Sentences that are legal boilerplate or company blurb whatever the heading.
_EEO_SENT = FoldedRegex(
    r"equal (?:employment )?opportunit|affirmative action|without regard to|"
    r"regardless of (?:race|age|gender)|protected (?:veteran|characteristic|status)|"
    r"reasonable accommodation|e-?verify|\beeo\b",
    first="aeprw",
    second="efiqrv\\-",
)
_EEO_LEAD = re.compile(
    r"(?:\b[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3}|\bWe)\s+(?:is|are)\s+(?:an?\s+|proud\s+to\s+be\s+an?\s+|committed\s+to\s+)"
)
_BENEFIT_SENT = FoldedRegex(
    r"\b(?:benefits? (?:include|package)|we offer|health insurance|dental|401\(?k\)?|paid time off|"
    r"parental leave|pto\b|stock options|equity|bonus(?:es)? and|wellness|gym|catered|commuter)",
    word_start=True,
    first="4bcdeghpsw",
    second="0aeoqty",
)

# Words that start a list item; glued to the previous item in flattened HTML ("...SparkUnderstanding").
_GLUED_STARTERS = (
    r"(?:Experience|Knowledge|Strong|Understanding|Ability|Proficien|Familiar|Excellent|Good|Solid|"
    r"Bachelor|Master|Degree|Expertise|Demonstrated|Proven|Working|Hands|Deep|Fluent|Must|Minimum|"
    r"Advanced|Comfortable|Passion|Exposure|Background|Effective|Previous|Prior|Outstanding|"
    r"Design|Develop|Build|Collaborat|Partner|Lead|Drive|Create|Manage|Analy[sz]|Support|Maintain|"
    r"Implement|Conduct|Communicat|Identify|Perform|Provide|Ensure|Assist|Work|Own|Write|Use)[a-z]*\b"
)
# Only match ends are used. Every match starts with whitespace or [.!?;] (the guard lets ``re``
# skip other positions fast). "e.g." and "i.e." never end a sentence.
# Runs of white space are entered only at their first character ((?<!\s)) and never given back
# (possessive): linear time on any text, a 100 kB run of spaces included.
_SENT_SPLIT = re.compile(
    r"(?=[\s.!?;])(?:\n+|(?<![eE]\.[gG])(?<![iI]\.[eE])[.!?][\"”’)]*+\s++(?=[\"“(]?[A-Z0-9•*\-])|(?<!\s)\s++(?:[-•●▪◦>·*]|o)\s++(?=[A-Z(0-9])"
    r"|(?<=[a-z0-9)\]])[.;!?](?=[A-Z][a-z])|;\s++|(?<!\s)\s++(?=[•●]))"
)
# A capital glued to the word before it, starting a lower-case word (match start = the glue point).
_GLUE = re.compile(r"[A-Z](?<=[a-zA-Z0-9)\]][A-Z])(?=[a-z])")
_GLUED_RE = re.compile(_GLUED_STARTERS)


@dataclass(frozen=True, slots=True)
class Layout:
    """Sentence spans and section starts of one text."""

    text: str
    sent_starts: tuple[int, ...]
    sent_ends: tuple[int, ...]
    head_starts: tuple[int, ...]
    head_kinds: tuple[str, ...]
    head_ends: tuple[int, ...]

    def sentence_at(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.sent_starts, offset) - 1
        if i < 0:
            return 0, self.sent_ends[0] if self.sent_ends else len(self.text)
        return self.sent_starts[i], self.sent_ends[i]

    def section_at(self, offset: int) -> str:
        i = bisect_right(self.head_starts, offset) - 1
        return self.head_kinds[i] if i >= 0 else "other"

    def in_heading(self, start: int, end: int) -> bool:
        i = bisect_right(self.head_starts, start) - 1
        return i >= 0 and start < self.head_ends[i]


#: No "sentence" is longer than this many characters: text whose line breaks and full stops were
#: flattened away would otherwise be one sentence, and every per-sentence rule (cues, gates,
#: negation, fields of study) would read all of it for every mention (cost and false context).
MAX_SENTENCE = 400
# Where an over-long sentence is best cut: after a list separator, else at any white space.
_WINDOW_CUT = re.compile(r"[,;:]\s+|\s[-–—•|]\s+|&nbsp;|\s{2,}")


def _bounded(text: str, starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
    """``starts``/``ends`` with every sentence longer than :data:`MAX_SENTENCE` cut into windows
    of at most that length, each cut after the last separator (else space) in its second half."""
    out_s: list[int] = []
    out_e: list[int] = []
    half = MAX_SENTENCE // 2
    for a, b in zip(starts, ends):
        while b - a > MAX_SENTENCE:
            lo, hi = a + half, a + MAX_SENTENCE
            cut = -1
            for m in _WINDOW_CUT.finditer(text, lo, hi):
                cut = m.end()
            if cut <= a:
                sp = text.rfind(" ", lo, hi)
                cut = sp + 1 if sp > a else hi
            seg_end = cut
            while seg_end > a and text[seg_end - 1] in " \t\r\n":
                seg_end -= 1
            out_s.append(a)
            out_e.append(seg_end)
            a = cut
            while a < b and text[a] in " \t\r\n":
                a += 1
        if a < b:
            out_s.append(a)
            out_e.append(b)
    return out_s, out_e


def analyse(text: str) -> Layout:
    """Split ``text`` into sentences (at most :data:`MAX_SENTENCE` characters each) and
    sections."""
    heads = find_headings(text)
    sent_starts, sent_ends = _sentences(text, heads)
    marks, fields = _boilerplate_marks(text, heads, sent_starts, sent_ends)
    if marks:
        head_starts, head_ends, head_kinds = _apply_marks(heads, marks, fields, sent_starts, sent_ends, len(text))
    else:
        head_starts, head_ends, head_kinds = [h.start for h in heads], [h.end for h in heads], [h.kind for h in heads]
    if "about" in head_kinds:
        _end_blurbs(text, head_starts, head_ends, head_kinds, sent_starts)
    return Layout(
        text=text,
        sent_starts=tuple(sent_starts),
        sent_ends=tuple(sent_ends),
        head_starts=tuple(head_starts),
        head_kinds=tuple(head_kinds),
        head_ends=tuple(head_ends),
    )


# A sentence that speaks to the candidate or about the job: a company blurb ("About us", "The
# team") has ended there, even where no heading says so (flattened text whose next heading was
# not found, or a posting whose only heading is "About The Team"). Narrower than
# ``company.ADDRESSES_CANDIDATE`` on purpose: that guard keeps one sentence from being company
# talk at any ask ("use", "experience", "join", a bare "you"), words blurbs say too ("join us",
# "whoever you are"); here everything after the match leaves the blurb, so only phrases that open
# the job count.
_ADDRESSES_CANDIDATE = re.compile(
    r"\byou(?:['’]ll|['’]re|['’]d|\s+(?:will|would|should|must|have|are|bring|can|get|need|join)\b)"
    r"|\byour\s+(?:responsibilit|(?:role|day|work|mission|experience|skill|background|impact|team)s?\b)"
    r"|\b(?:we|we['’]re|we\s+are|is|are)\s+(?:currently\s+)?(?:looking|seeking|searching|hiring)\b"
    r"|\b(?:ideal|successful|right)\s+candidate|\bcandidates?\s+(?:will|should|must|with)\b"
    r"|\b(?:this|the)\s+(?:role|position|internship)\b|\bresponsibilit|\bqualifications?\b",
    re.I,
)
# An "About ..." heading whose next words name the job ("About The Senior Data Analyst Role At
# Acme"): the job's section, not the company's.
_ABOUT_THE_JOB = re.compile(r"[^.!?\n]{0,45}?\b(?:role|position|internship|opportunity)\b", re.I)


def _end_blurbs(text: str, head_starts: list[int], head_ends: list[int], head_kinds: list[str],
                sent_starts: list[int]) -> None:
    """End each ``about`` section at the first sentence that addresses the candidate or the job
    (the rest is ``other``), in place. One search per such section: linear time."""
    n = len(text)
    i = 0
    while i < len(head_kinds):
        if head_kinds[i] != "about":
            i += 1
            continue
        a, end = head_ends[i], head_starts[i + 1] if i + 1 < len(head_starts) else n
        if text[head_starts[i]:a].strip(" \t*#_").lower() == "about" and _ABOUT_THE_JOB.match(text, a, min(end, a + 60)):
            head_kinds[i] = "other"
            i += 1
            continue
        m = _ADDRESSES_CANDIDATE.search(text, a, end)
        if m is None:
            i += 1
            continue
        k = bisect_right(sent_starts, m.start()) - 1
        cut = max(sent_starts[k] if k >= 0 else a, a)
        if cut <= a:
            head_kinds[i] = "other"
        else:
            head_starts.insert(i + 1, cut)
            head_ends.insert(i + 1, cut)
            head_kinds.insert(i + 1, "other")
        i += 1


def _sentences(text: str, heads: list[Heading]) -> tuple[list[int], list[int]]:
    """Sentence starts and ends: split at sentence ends, glued list items and headings, without
    leading markup, each at most :data:`MAX_SENTENCE` characters."""
    starts: list[int] = [0]
    for m in _SENT_SPLIT.finditer(text):
        starts.append(m.end())
    for m in _GLUE.finditer(text):  # "...SparkUnderstanding": a glued list item
        if _GLUED_RE.match(text, m.start()):
            starts.append(m.start())
    for s, e, _k in heads:
        starts.append(s)
        starts.append(e)
    starts = sorted(set(p for p in starts if p < len(text)))
    # Skip leading whitespace/markup of each sentence; build ends.
    sent_starts: list[int] = []
    sent_ends: list[int] = []
    n = len(text)
    for p, q in zip(starts, starts[1:] + [n]):
        seg = text[p:q].lstrip(" \t\n\r-–•*>·●▪◦")
        body = seg.rstrip(" \t\n\r")
        if body:
            a = q - len(seg)
            sent_starts.append(a)
            sent_ends.append(a + len(body))
    if not sent_starts:
        sent_starts, sent_ends = [0], [n]
    if any(b - a > MAX_SENTENCE for a, b in zip(sent_starts, sent_ends)):
        sent_starts, sent_ends = _bounded(text, sent_starts, sent_ends)
    return sent_starts, sent_ends


def _boilerplate_marks(
    text: str, heads: list[Heading], sent_starts: list[int], sent_ends: list[int]
) -> tuple[list[tuple[int, int, str]], set[int]]:
    """Marks (start, end, kind) where boilerplate sentences open their own section (EEO,
    benefits) or a run of it ends, and the starts of headings that are one "Label: value" field."""
    extra: list[tuple[int, int, str]] = []
    # A dropped-section label with its value on the same line, among other "Label: value" fields
    # ("Company: Acme Inc. Job Area: Engineering ...", "- Perks and Benefits: training budget\n-
    # Tools you'll use: Jira, SQL"), is one field: the section it interrupts goes on after it.
    fields: set[int] = set()
    for s, e, kind in heads:
        if kind in DROPPED_SECTIONS and _FIELD_COLON.match(text, e):
            i = bisect_right(sent_starts, e) - 1  # the value's sentence
            # ("Benefits: we offer the following:" introduces a list: a section after all)
            if i >= 0 and text[sent_ends[i] - 1] != ":" and _in_field_run(text, sent_starts, sent_ends, i, s):
                fields.add(s)
                extra.append((sent_ends[i], sent_ends[i], "field:end"))
    eeo_sents: dict[int, int] = {}
    low = fold(text)
    for m in _EEO_SENT.finditer(text, low):
        k = bisect_right(sent_starts, m.start()) - 1
        if k >= 0 and k not in eeo_sents:
            eeo_sents[k] = m.start()
    ben_count: dict[int, int] = {}
    for m in _BENEFIT_SENT.finditer(text, low):
        k = bisect_right(sent_starts, m.start()) - 1
        ben_count[k] = ben_count.get(k, 0) + 1
    for k in sorted(set(eeo_sents) | {k for k, c in ben_count.items() if c >= 2}):
        a, b = sent_starts[k], sent_ends[k]
        sent = text[a:b]
        hit = _EEO_SENT.slow.search(sent) if k in eeo_sents else None
        if hit:
            # In flattened text the boilerplate may share a "sentence" with the last list item:
            # start the section at "<Company> is an equal opportunity employer", not before.
            lead = _EEO_LEAD.search(sent, max(0, hit.start() - 60), hit.start() + 1)
            at = a + (lead.start() if lead else (hit.start() if len(sent) > 300 else 0))
            extra.append((at, at, "eeo"))
            end = _legal_run_end(text, sent_starts, sent_ends, k)
            if end is not None:
                extra.append((end, end, "eeo:end"))
        elif len(sent) <= 300:
            extra.append((a, a, "benefits:sentence"))
    return extra, fields


def _apply_marks(
    heads: list[Heading], extra: list[tuple[int, int, str]], fields: set[int], sent_starts: list[int],
    sent_ends: list[int], n: int,
) -> tuple[list[int], list[int], list[str]]:
    """Section starts, ends and kinds: the headings with the boilerplate marks applied (an EEO
    run or a field returns to the section it interrupted; a benefits sentence is one sentence)."""
    merged = sorted([(h.start, h.end, h.kind) for h in heads] + extra)
    hs: list[int] = []
    he: list[int] = []
    hk: list[str] = []
    before_eeo = before_field = "other"
    for i, (s, e, k) in enumerate(merged):
        if k == "field:end":
            if hk and hs[-1] in fields and hk[-1] != before_field:
                hs.append(s)
                he.append(e)
                hk.append(before_field)
            continue
        if s in fields:
            before_field = hk[-1] if hk else "other"
        if k == "eeo:end":
            # the boilerplate paragraph is over: back to the section it interrupted
            if hk and hk[-1] == "eeo" and e == s:
                hs.append(s)
                he.append(e)
                hk.append(before_eeo)
            continue
        if k == "eeo" and not (hk and hk[-1] == "eeo"):
            before_eeo = hk[-1] if hk else "other"
        if k == "benefits:sentence":
            # only this sentence: restore the previous section after it
            prev_kind = hk[-1] if hk else "other"
            hs.append(s)
            he.append(e)
            hk.append("benefits")
            end = _sentence_end(sent_starts, sent_ends, s)
            nxt = merged[i + 1][0] if i + 1 < len(merged) else n + 1
            if end < nxt:
                hs.append(end)
                he.append(end)
                hk.append(prev_kind)
            continue
        hs.append(s)
        he.append(e)
        hk.append(k)
    return hs, he, hk


# Words of equal-opportunity, legal and application boilerplate.
_LEGAL_WORDS = FoldedRegex(
    r"\b(?:discriminat\w*|applicants?|employment|employers?|race|religio\w*|gender|disabilit\w*|"
    r"veterans?|national origin|sexual orientation|laws?|legal\w*|accommodat\w*|protected|divers\w*|"
    r"inclusi\w*|equal\w*|background check\w*|privacy|personal data|e-?verify|pay transparency|"
    r"consideration|regard|ordinance|harassment|age|color|colour|ancestry|marital|pregnan\w*|citizenship|"
    r"genetic|recruit\w*|agenc\w*|fraud\w*|apply|application)\b",
    word_start=True,
    first="acdeghilmnprsv",
)


# ": value" right after a heading, on its line.
_FIELD_COLON = re.compile(r"[ \t*_]*:[ \t*_]*[^\s:*_]")
# A sentence that starts with a short "Label:" and its value ("Job Area: Engineering").
_FIELD_LABEL = re.compile(r"[A-Z][^\n:.!?]{0,40}:[ \t]*[^\s:]")


def _in_field_run(text: str, starts: list[int], ends: list[int], i: int, head: int) -> bool:
    """Whether the field whose value is sentence ``i`` (its label starts at ``head``) stands
    among other "Label: value" fields: the sentence before the label or after the value is one."""
    j = bisect_right(starts, head) - 1
    for k in (j - 1, i + 1):
        if 0 <= k < len(starts) and _FIELD_LABEL.match(text, starts[k], ends[k]):
            return True
    return False


# A sentence that states what is asked of the candidate: it ends a run of legal boilerplate even
# when it names "applicants" ("Applicants must have one year of specialized experience in ...").
_ASKS_OF_CANDIDATE = re.compile(
    r"\b(?:specialized experience|experience (?:in|with)|knowledge of|skills in|proficien\w*|"
    r"familiar\w* with|degree in|\d+\+? years? of)\b",
    re.I,
)


def _legal_run_end(text: str, starts: list[int], ends: list[int], k: int) -> int | None:
    """Where the boilerplate run that sentence ``k`` opens ends: at the first later sentence that
    starts a line and holds no boilerplate words ("All qualified applicants will receive..."
    followed by "3+ years experience with JavaScript") or asks something of the candidate
    ("Applicants must have specialized experience in ..."); None when it runs to the end, or when the
    text has no line breaks there (flattened text keeps the section until the next heading)."""
    for j in range(k + 1, len(starts)):
        a = starts[j]
        if text.rfind("\n", ends[j - 1], a) < 0:
            continue  # same line (paragraph) as the boilerplate before it
        sent = text[a : ends[j]]
        folded = fold(sent)
        if _EEO_SENT.search(sent, folded):
            continue
        if _ASKS_OF_CANDIDATE.search(sent) or not _LEGAL_WORDS.search(sent, folded):
            return a
    return None


def _sentence_end(starts: list[int], ends: list[int], offset: int) -> int:
    i = bisect_right(starts, offset) - 1
    return ends[i] if i >= 0 else offset
