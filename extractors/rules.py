"""The precision rules: small named checks on one skill candidate in its context.

Each rule of :data:`FLAG_RULES` raises a flag ("job_title", "people", ...) on a candidate. With
the skill model loaded the flags are features (the model weighs them); without it any flag drops
the candidate. Rules marked ``drops`` remove the candidate whatever the model says (the labelling
guide: negated asks, fields of study and a language modifying "communication" are no skills).
The words they look for live in ``data/extract_rules.yaml``; the order of the registry is the
order of the flags in the features, so keep it.

Also here: the list checks (``listed``, ``list_line_neighbour``) and the checks that drop a match
before it becomes a candidate (``edge_compound``, ``part_of_name``, ``tracking_hashtag``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from skillgap.extractors.company import about_company, has_candidate_cue, has_company_cue
from skillgap.extractors.fields import FIELDS_BEFORE_DEGREE, fields_of_study, in_ranges
from skillgap.extractors.pipeline import MatchRow
from skillgap.extractors.rule_words import alternation, words
from skillgap.extractors.sections import FoldedRegex, fold, negated_spans, preferred_cue

__all__ = ["FLAG_RULES", "Rule", "Spot", "PostingView", "SentenceCues", "ASK_SECTIONS", "TOOL_CATEGORIES", "listed",
           "list_line_neighbour", "edge_compound", "part_of_name", "tracking_hashtag", "in_job_title", "sentence_cues"]

ASK_SECTIONS = frozenset({"requirements", "preferred"})
TOOL_CATEGORIES = frozenset(words("tool_categories"))
LIST_GLUE = frozenset(words("list_glue"))


class SentenceCues(NamedTuple):
    """What a sentence says about who it is about (computed once per sentence)."""

    company_talk: bool  # the company's blurb, outside any section
    preferred: bool  # "a plus", "nice to have"
    about_company: bool  # the company or its team is the subject, the candidate is not addressed
    candidate: bool  # a cue word addressing the candidate
    company: bool  # a cue word naming the company


@dataclass(slots=True)
class PostingView:
    """What the rules read of the posting as a whole, with per-sentence caches (by sentence start)."""

    text: str
    rows: list[MatchRow]  # the matches, by start
    blurb: Any  # company.cached_blurb(company): .match(sentence)
    company_subject: Any  # company.cached_company_subject(company): .search(sentence)
    employer: set[str]  # the company's names, lower-cased
    negations: dict[int, list[tuple[int, int]]]
    fields: dict[int, list[tuple[int, int]]]
    blurb_hits: dict[int, bool]
    cues: dict[int, SentenceCues]


@dataclass(slots=True)
class Spot:
    """One candidate as the rules see it: match ``i`` of the posting's rows."""

    i: int
    tok_start: int
    tok_end: int
    start: int
    end: int
    sent_start: int
    sent_end: int
    sentence: str
    section: str
    category: str
    origin: str
    surface: str
    low: str
    listed: bool
    cues: SentenceCues
    tool: bool  # the category names a tool (TOOL_CATEGORIES)


class Rule(NamedTuple):
    name: str  # what it catches (the registry's key)
    flag: str  # the flag it raises (a feature "f=<flag>"); two rules may raise the same flag
    check: Callable[[Spot, PostingView], bool]
    drops: bool = False  # the candidate is dropped whatever the model says


def sentence_cues(sentence: str, section: str, p: PostingView) -> SentenceCues:
    cand, comp = has_candidate_cue(sentence), has_company_cue(sentence)
    return SentenceCues(
        # company.company_talk(sentence, blurb), with the cue searches done once for the others
        section == "other" and not cand and (comp or (p.blurb is not None and bool(p.blurb.match(sentence)))),
        preferred_cue(sentence),
        section not in ASK_SECTIONS and about_company(sentence, p.company_subject),
        cand,
        comp,
    )


# ---------------------------------------------------------------------------------- the rules


def _employer(s: Spot, p: PostingView) -> bool:
    """"About Salesforce": the employer's name is a skill only where listed with others."""
    return bool(p.employer) and s.low in p.employer and not s.listed


def _blurb(s: Spot, p: PostingView) -> bool:
    """A sentence of the company's blurb ("Acme is a leading...") outside any section."""
    if p.blurb is None or s.section != "other":
        return False
    hit = p.blurb_hits.get(s.sent_start)
    if hit is None:
        hit = p.blurb_hits[s.sent_start] = bool(p.blurb.match(s.sentence))
    return hit


_NEG_HINT = FoldedRegex(r"\b(?:no|without|zero|don't|do not|won't|will not)\b", word_start=True, first="dnwz")


def _negated(s: Spot, p: PostingView) -> bool:
    """"no Docker needed": what is not needed is no skill asked for."""
    negs = p.negations.get(s.sent_start)
    if negs is None:
        sentence = s.sentence
        negs = p.negations[s.sent_start] = negated_spans(sentence) if _NEG_HINT.search(sentence, fold(sentence)) else []
    return bool(negs) and any(a <= s.start - s.sent_start < b for a, b in negs)


_LANGUAGE_AS_MODIFIER = re.compile(r"\s+(?:(?:verbal|written|oral|spoken)\s+(?:and\s+|&\s+)?)*communication", re.I)


def _lang_modifier(s: Spot, p: PostingView) -> bool:
    """"strong English communication skills": the ask is communication."""
    return s.category == "spoken_language" and bool(_LANGUAGE_AS_MODIFIER.match(p.text, s.end))


# A job title built on a tool: "Senior Java Developer", "Node.js Developer", "Java Performance
# Engineer", "QA/Test Developer", "full stack JS / React developers".
_JOB_AFTER = re.compile(
    r"(?:\s*/\s*\S{1,40})?\s*(?:-\s*)?(?:(?i:" + alternation("job_title_modifiers") + r")\s+)?"
    r"(?i:" + alternation("job_title_heads") + r")\b(?![-/])"
)
# A line that names the job: the value of a "Role:" / "Title:" field.
_ROLE_FIELD = re.compile(r"(?:^|\n)[ \t*•-]*(?i:" + alternation("role_fields") + r")[ \t]*:[ \t]*\n?[ \t]*$")


def in_job_title(text: str, start: int, end: int) -> bool:
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


# A concept that names people, a team or a job, not a skill: "business intelligence engineers",
# "Business Intelligence teams", "a Data Visualisation Developer", "senior leadership".
_PEOPLE_AFTER = re.compile(r"\s*(?:" + alternation("people_words") + r")\b(?![-/])", re.I)
_PEOPLE_BEFORE = re.compile(
    r"(?:(?i:\b(?:" + alternation("leadership_owners") + r"))|(?i:\b(?:with|to|for)\s+)(?:(?i:the|our)|[A-Z]{2,}))\s*$"
)


def _people(s: Spot, p: PostingView) -> bool:
    if s.tool:
        return False
    text, start = p.text, s.start
    if _PEOPLE_AFTER.match(text, s.end):
        return True
    return (
        s.category == "soft_skill"
        and text[start : s.end].lower() == "leadership"
        and bool(_PEOPLE_BEFORE.search(text, max(0, start - 24), start))
    )


_INDUSTRY_AFTER = re.compile(r"\s+(?i:" + alternation("industry_words") + r")\b")


def _industry(s: Spot, p: PostingView) -> bool:
    """"the cybersecurity sector": a domain."""
    return not s.tool and bool(_INDUSTRY_AFTER.match(p.text, s.end))


# "in close collaboration with the client", "a new collaboration with the university": the way the
# work is organised (or a partnership), not a skill asked of the candidate.
_WORKING_WITH_BEFORE = re.compile(r"(?i:\b(?:" + alternation("working_with_before") + r"))\s+$")
_WORKING_WITH_AFTER = re.compile(r"s?\s+(?i:with)\b")


def _working_with(s: Spot, p: PostingView) -> bool:
    text, start, end = p.text, s.start, s.end
    return (
        s.category == "soft_skill"
        and text[start:end].lower() == "collaboration"
        and bool(_WORKING_WITH_AFTER.match(text, end))
        and bool(_WORKING_WITH_BEFORE.search(text, max(0, start - 16), start))
    )


def _field_of_study(s: Spot, p: PostingView) -> bool:
    """"BS in Statistics, Mathematics or a related field", "Computer Science degree"."""
    if s.tool:
        return False
    ss = s.sent_start
    fields = p.fields.get(ss)
    if fields is None:
        fields = p.fields[ss] = fields_of_study(s.sentence)
    return bool(fields and in_ranges(fields, s.start - ss, s.end - ss)) or bool(
        s.surface[:1].isupper() and FIELDS_BEFORE_DEGREE.match(p.text, s.end, s.sent_end)
    )


# Generic heads that give way to their examples ("programming languages such as Python" -> Python).
# Named umbrellas count with their examples ("cloud platforms (AWS, GCP)", "cloud-based
# technologies (AWS GCP Azure)", "messaging frameworks (Kafka, JMS)"): both label sets list them.
_UMBRELLA_END = words("umbrella_heads")
_UMBRELLA_INTRO = re.compile(r"^\s*(?:\(|:|,?\s*(?:" + alternation("umbrella_intros") + r"))", re.I)


def _umbrella(s: Spot, p: PostingView) -> bool:
    """A generic umbrella term introducing examples ("programming languages (Python, Go)")."""
    text, end, sent_end = p.text, s.end, s.sent_end
    if not text[s.start : end].lower().endswith(_UMBRELLA_END):
        return False
    if not _UMBRELLA_INTRO.match(text[end : min(sent_end, end + 20)]):
        return False
    if s.i + 1 >= len(p.rows):
        return False
    nxt_start = p.rows[s.i + 1].start
    return nxt_start - end <= 40 and nxt_start < sent_end


# The rest of a list of capitalised names that ends in a word for people or teams: each name in
# it names a team ("partner with Product Analytics, Data Engineering and Marketing teams"). Run
# on at most 80 characters after a mention.
_TEAM_LIST_AFTER = re.compile(
    r"(?:\s*(?:,|&|\band\b|\bor\b)\s*(?:[A-Z][\w+&.-]*)(?:\s+[A-Z][\w+&.-]*){0,3}){1,6}\s+"
    r"(?i:" + alternation("team_words") + r")\b"
)
# What can follow a mention where _TEAM_LIST_AFTER matches without leading spaces.
_TEAM_LIST_FIRST = frozenset(",&ao")


def _team_list(s: Spot, p: PostingView) -> bool:
    text, end, se = p.text, s.end, s.sent_end
    return end < se and (text[end] in _TEAM_LIST_FIRST or text[end].isspace()) and bool(
        _TEAM_LIST_AFTER.match(text[end : min(se, end + 80)])
    )


#: The flag rules in the order their flags enter the features. A rule whose flag is already
#: raised is not run (two rules raise "people").
FLAG_RULES: tuple[Rule, ...] = (
    Rule("employer", "employer", _employer),
    Rule("blurb", "blurb", _blurb),
    Rule("negated", "negated", _negated, drops=True),
    Rule("company_talk", "company_talk", lambda s, p: s.cues.company_talk),  # what the company or team does
    Rule("about_company", "about_company", lambda s, p: s.cues.about_company and not s.tool),  # "We value creativity"
    Rule("lang_modifier", "lang_modifier", _lang_modifier, drops=True),
    Rule("job_title", "job_title", lambda s, p: in_job_title(p.text, s.start, s.end)),  # "Role: QA/Test Developer"
    Rule("people", "people", _people),  # "business intelligence engineers"
    Rule("industry", "industry", _industry),
    Rule("working_with", "working_with", _working_with),
    Rule("field_of_study", "field_of_study", _field_of_study, drops=True),
    Rule("umbrella", "umbrella", _umbrella),  # "programming languages such as Python" -> Python only
    Rule("team_list", "people", _team_list),  # "Product Analytics, Data Engineering and Marketing teams"
)

# ------------------------------------------------------------------- checks before the rules

_EDGE_COMPOUND = re.compile(r"(?i:" + alternation("edge_compounds") + r")-edge\b")


def edge_compound(text: str, start: int) -> bool:
    """"cutting-edge AI" is no "edge AI"."""
    return start >= 2 and text[start - 1] == "-" and bool(_EDGE_COMPOUND.search(text, max(0, start - 10), start + 4))


_WORD_CHARS = re.compile(r"[A-Za-z0-9]*")


def part_of_name(text: str, start: int, end: int, employer: set[str], cache: dict[str, bool]) -> bool:
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


_TAG_WORD = re.compile(r"[A-Za-z]+(?![\w-])")  # "#Python", not "#LI-Remote" or "#LI-AB1"


def tracking_hashtag(text: str, start: int, end: int, section: str) -> bool:
    """A tracking code ("#BI-Remote", "#LI-Hybrid") or a culture tag, not an ask ("Skills:
    #Python, #SQL" is one: a plain word tag in what the posting asks for)."""
    return start > 0 and text[start - 1] == "#" and not (
        section in ASK_SECTIONS and _TAG_WORD.match(text, start, min(len(text), end + 40))
    )


# ----------------------------------------------------------------------------- list membership


def listed(lowers: list[str], tok_start: int, tok_end: int, i: int, rows: list[MatchRow], tok_starts: list[int]) -> bool:
    """The mention (tokens ``tok_start:tok_end`` of the lower-cased words ``lowers``, match ``i``
    of ``rows``, whose token starts are ``tok_starts``) sits in a list with another skill:
    "Python, R", "C/C++", "R or SAS" (a repeat of the same skill is no list: "About Salesforce
    Salesforce is...")."""
    skill = rows[i].skill
    # Another skill's match covers token t when the last match starting at or before t (by
    # start, as ``bisect_right(tok_starts, t) - 1`` finds it; walked to, as t moves one token at
    # a time) is not this one, ends after t and names another skill.
    # look left: the matches before this one
    j, k, steps = tok_start - 1, i - 1, 0
    while j >= 0 and steps < 3:
        while k >= 0 and tok_starts[k] > j:
            k -= 1
        if k >= 0 and j < rows[k].tok_end and rows[k].skill != skill:
            return True
        if lowers[j] not in LIST_GLUE:
            break
        j -= 1
        steps += 1
    # look right
    j, k, steps = tok_end, i, 0
    last, n = len(rows) - 1, len(lowers)
    while j < n and steps < 3:
        while k < last and tok_starts[k + 1] <= j:
            k += 1
        if k != i and j < rows[k].tok_end and rows[k].skill != skill:
            return True
        if lowers[j] not in LIST_GLUE:
            break
        j += 1
        steps += 1
    return False


def list_line_neighbour(text: str, ss: int, se: int, i: int, rows: list[MatchRow]) -> bool:
    """The mention's sentence is a short line of a list whose line just above or below names
    another skill ("Java\\nSpring\\nSpring Boot", "* Java\\n* Hibernate")."""
    if se - ss > 60:
        return False
    ls = text.rfind("\n", 0, ss) + 1
    le = text.find("\n", se)
    le = len(text) if le < 0 else le
    if text[ls:ss].strip(" \t-•*>·●▪◦0123456789.)(") or text[se:le].strip():
        return False  # not a line of its own
    skill = rows[i].skill
    if ls > 0:  # the line above
        pls = text.rfind("\n", 0, ls - 1) + 1
        if ls - 1 - pls <= 80:
            k = i - 1
            while k >= 0 and rows[k].start >= pls:
                if rows[k].end <= ls - 1 and rows[k].skill != skill:
                    return True
                k -= 1
    if le < len(text):  # the line below
        nle = text.find("\n", le + 1)
        nle = len(text) if nle < 0 else nle
        if nle - le - 1 <= 80:
            k = i + 1
            while k < len(rows) and rows[k].start < nle:
                if rows[k].start > le and rows[k].skill != skill:
                    return True
                k += 1
    return False
