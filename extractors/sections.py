"""Sentences, section headings and requirement cues of a job description.

Pure functions of text. Works on line-structured text (what ``html_to_text`` returns, headings
on their own lines) and on flattened text where headings run into the sentences around them
("...we want to talk to you.Basic QualificationsExperience designing...").

Sections: ``requirements``, ``preferred``, ``responsibilities``, ``benefits``, ``about``
(the company blurb), ``eeo`` (equal-opportunity and legal boilerplate), ``other`` (before any
heading, or an unrecognised one).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

try:  # linear-time engine for whole-text scans (a declared dependency; ``re`` if missing)
    import re2 as _re2
except ImportError:  # pragma: no cover
    _re2 = None

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


def fold(text: str) -> str | None:
    """``text.lower()`` when a case-sensitive match of a lower-case pattern on it finds exactly
    what a ``re.IGNORECASE`` match finds on ``text``, at the same offsets; else None (the rare
    letters İ, ı and ſ, which fold differently)."""
    low = text.lower()
    if len(low) != len(text) or "ı" in low or "ſ" in low:
        return None
    return low


_UPPER_OUTSIDE_ESCAPES = re.compile(r"(?<!\\)[A-Z]")


def linear_regex(source: str, *, ignore_case: bool = False) -> Any:
    """``source`` compiled for google-re2 (``import re2``: a linear-time automaton, and much
    faster than ``re`` on a long alternation scanned over a whole text) when the syntax allows
    (no look-around, no back-references), else by ``re``. Either object has ``search``,
    ``match`` and ``finditer`` with ``re``'s offsets (characters). Use it for patterns that scan
    whole texts once; ``re2`` re-encodes the text on every call, so not for many calls at
    positions of one long text."""
    fallback = re.compile(source, re.I if ignore_case else 0)
    if _re2 is not None:
        try:
            return _Linear(_re2.compile(("(?i)" if ignore_case else "") + source), fallback)
        except Exception:  # noqa: BLE001 - re2.error: syntax re2 does not support
            pass
    return fallback


class _Linear:
    """A google-re2 pattern with the same pattern in ``re`` for text re2 cannot encode (a lone
    surrogate, valid in JSON): both give character offsets."""

    __slots__ = ("fast", "slow")

    def __init__(self, fast: Any, slow: re.Pattern[str]) -> None:
        self.fast, self.slow = fast, slow

    def search(self, text: str, *args: int) -> Any:
        try:
            return self.fast.search(text, *args)
        except UnicodeEncodeError:
            return self.slow.search(text, *args)

    def match(self, text: str, *args: int) -> Any:
        try:
            return self.fast.match(text, *args)
        except UnicodeEncodeError:
            return self.slow.match(text, *args)

    def finditer(self, text: str, *args: int) -> Iterator[Any]:
        it = self.fast.finditer(text, *args)
        try:
            first = next(it, None)  # re2 encodes the text here
        except UnicodeEncodeError:
            yield from self.slow.finditer(text, *args)
            return
        if first is not None:
            yield first
            yield from it


class FoldedRegex:
    """A case-insensitive regex that runs case-sensitively on the lower-cased text (what
    :func:`fold` returns), several times faster in ``re``, with optional guards that let the
    engine reject most positions at once: ``word_start`` (every match starts a word: the
    pattern's alternatives all open with ``\\b`` and a word character) and ``first`` (the
    characters a match can start with, as a character-class body; ``second``, the characters
    that can follow the first one). Falls back to the plain
    ``re.IGNORECASE`` pattern on the original text when ``low`` is None. Matches index the
    original text; ``m.group()`` is lower-cased on the fast path, so slice the text for its case.
    """

    __slots__ = ("fast", "slow")

    def __init__(self, source: str, *, word_start: bool = False, first: str = "", second: str = "", flags: int = 0) -> None:
        bare = re.sub(r"\\[A-Za-z]|\(\?P<\w+>|\(\?P=\w+\)", "", source)
        if _UPPER_OUTSIDE_ESCAPES.search(bare):
            raise ValueError(f"FoldedRegex needs a lower-case pattern: {source[:60]!r}")
        self.slow = re.compile(source, flags | re.I)
        guard = (r"(?<!\w)" if word_start else "") + (f"(?=[{first}]" + (f"[{second}]" if second else "") + ")" if first else "")
        self.fast = re.compile(guard + "(?:" + source + ")", flags)

    def finditer(self, text: str, low: str | None) -> Iterator[re.Match[str]]:
        return self.fast.finditer(low) if low is not None else self.slow.finditer(text)

    def search(self, text: str, low: str | None) -> re.Match[str] | None:
        return self.fast.search(low) if low is not None else self.slow.search(text)


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored as a trie (fast first-character dispatch)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = []
        optional = "" in node
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if optional:
            body = "(?:" + body + ")?"
        return body

    return build(trie)


_HEADINGS: dict[str, tuple[str, ...]] = {
    "requirements": (
        "requirements", "minimum requirements", "basic requirements", "job requirements",
        "position requirements", "skill requirements", "education requirements",
        "technical requirements", "key requirements", "role requirements",
        "qualifications", "basic qualifications", "minimum qualifications", "required qualifications",
        "required skills", "key qualifications", "your qualifications", "qualifications and skills",
        "skills and qualifications", "skills & qualifications", "skills and experience",
        "skills & experience", "experience and skills", "required experience",
        "what we need to see", "what you'll bring", "what you will bring", "what you bring",
        "what you’ll bring", "what you bring to the table", "what you'll bring to the role",
        "who you are", "about you", "you have", "you are", "you should have", "you will have",
        "what we're looking for", "what we’re looking for", "what we are looking for",
        "who we're looking for", "who we’re looking for", "who we are looking for",
        "what you need", "what you'll need", "what you’ll need", "what you will need",
        "what you need to succeed", "must have", "must haves", "must-have", "must-haves",
        "your profile", "profile", "your background", "ideal candidate", "the ideal candidate",
        "the ideal candidate will have", "key skills", "technical skills", "skills", "education",
        "experience", "what it takes", "desired profile", "candidate requirements",
        "we'd love to hear from you if", "you might be a good fit if", "we are looking for",
        "your skills", "knowledge, skills and abilities", "ideally you have",
        "technologies", "tech stack", "technology stack", "our tech stack", "our stack",
        "tools and technologies", "technologies we use", "tools we use",
        "skills & requirements", "skills and requirements", "requirements & skills",
        "requirements and skills", "what we need", "what we need from you",
        "skills we're looking for", "the skills we're looking for", "skills we’re looking for",
        "the skills we’re looking for", "skills we are looking for", "the skills we are looking for",
        "who are we looking for", "what are we looking for", "what skills do you need",
        "what skills you need", "skills you need", "core tech stack", "our core tech stack",
    ),
    "preferred": (
        "preferred qualifications", "preferred skills", "preferred requirements",
        "preferred experience", "preferred", "preferred candidate", "preferred candidate profile",
        "nice to have", "nice-to-have", "nice to haves", "nice-to-haves", "nice to have skills",
        "bonus", "bonus points", "bonus skills", "bonus qualifications", "pluses", "extra credit",
        "desired", "desired skills", "desired qualifications", "desired experience",
        "experience desired", "desirable", "desirable skills", "additional qualifications",
        "it would be great if", "even better if", "good to have", "what sets you apart",
        "ways to stand out", "ways to stand out from the crowd", "it's a plus if",
        "preferred qualifications and skills", "preferred skills and experience",
        "what would make you stand out", "you'll stand out if", "stand out if",
    ),
    "responsibilities": (
        "responsibilities", "key responsibilities", "key job responsibilities",
        "core responsibilities", "your responsibilities", "roles and responsibilities",
        "job responsibilities", "main responsibilities", "duties", "duties and responsibilities",
        "what you'll do", "what you will do", "what you’ll do", "what you'll be doing",
        "what you will be doing", "what you’ll be doing", "what you’ll actually be doing",
        "what you'll actually be doing", "what you'll do in the role", "the role", "your role",
        "the job", "job description", "the position", "about the role", "about the position",
        "about the job", "role overview", "position summary", "job summary", "the opportunity",
        "about this role", "about this position", "about this job", "about this opportunity",
        "about the opportunity", "about the internship", "about this internship",
        "your impact", "the impact you will have", "what you will learn", "what you'll learn",
        "tasks", "your tasks", "your mission", "day to day", "day-to-day", "in this role you will",
        "in this role, you will", "what you'll work on", "what you will work on", "overview",
    ),
    "benefits": (
        "benefits", "perks", "perks and benefits", "perks & benefits", "benefits and perks",
        "benefits & perks", "our perks and benefits", "what we offer", "we offer",
        "what you'll get", "what you’ll get", "what you get", "compensation",
        "compensation and benefits", "compensation & benefits", "why join us", "why you'll love",
        "what's in it for you", "what’s in it for you", "our offer", "total rewards",
        "what you can expect", "salary", "pay", "pay range", "salary range", "base salary",
        "base salary range", "rewards", "why work with us", "life at",
    ),
    "about": (
        "about us", "about the company", "about the team", "who we are", "our company",
        "company description", "company overview", "our mission", "our story", "our team",
        "the team", "about", "our culture", "company", "about our team",
    ),
    "eeo": (
        "equal opportunity", "equal opportunity employer", "equal employment opportunity",
        "eeo", "eeo statement", "eeo employer", "diversity", "diversity and inclusion",
        "diversity & inclusion", "accommodations", "posting statement", "privacy notice",
        "how to apply", "application process", "disclaimer", "legal",
    ),
}

# Generic words that are a heading only when they are the whole line ("Company size:" is not).
_BARE_ONLY = frozenset({
    "company", "about", "experience", "education", "skills", "profile", "overview", "the team",
    "the role", "the job", "pay", "salary", "tasks", "rewards", "legal", "diversity", "our team",
    "you are", "you have", "preferred", "desired", "bonus", "the position", "technologies",
})
_HEAD_KIND = {p: k for k, ps in _HEADINGS.items() for p in ps}
# Headings start with a capital (or a line): the look-ahead rejects most positions at once.


def _capitalised_trie_regex(words: Iterable[str]) -> str:
    """Like ``(?=[A-Z])(?i:<trie of words>)``, with the capital as a literal first character of
    each branch (so ``re`` jumps straight to capitals)."""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    alts = []
    for c in sorted(by_first):
        if "a" <= c <= "z":
            rest = trie_regex(by_first[c])
            alts.append(c.upper() + ("(?i:" + rest + ")" if rest else ""))
    return "(?:" + "|".join(alts) + ")"


_HEAD_RE = re.compile(_capitalised_trie_regex(sorted(_HEAD_KIND, key=len, reverse=True)))
_HEAD_LINE_RE = re.compile(r"^[ \t#*\-•>·_|]*(?=[a-z])(?i:" + trie_regex(sorted(_HEAD_KIND, key=len, reverse=True)) + ")", re.M)
# Inline headings must start with a capital and be followed by a heading-like end.
_MARKUP = " \t#*-•>·_|:"

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


def _find_headings(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    n = len(text)
    # lower-case headings alone on a line ("requirements:"), then capitalised ones anywhere
    matches = [(m.end() - len(m.group(0).lstrip(" \t#*-•>·_|")), m.end()) for m in _HEAD_LINE_RE.finditer(text)]
    matches += [m.span() for m in _HEAD_RE.finditer(text)]
    matches.sort()
    for s, e in matches:
        phrase = text[s:e].lower()
        kind = _HEAD_KIND.get(phrase)
        if kind is None:
            continue
        before = text[s - 1] if s > 0 else "\n"
        after = text[e] if e < n else "\n"
        # The phrase must be whole words, or glued to the text around a flattened heading.
        glued_before = before.isalpha() and before.islower() and text[s].isupper()
        glued_after = after.isalpha() and after.isupper() and text[e - 1].islower()
        if before.isalnum() and not glued_before:
            continue
        if after.isalnum() and not glued_after:
            continue
        # Line-start heading: only markup before it on its line, and a short rest of line.
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", e)
        le = n if le < 0 else le
        prefix = text[ls:s]
        rest = text[e:le].strip(" \t*_:#|-–—?")
        line_start = not prefix.strip(_MARKUP)
        head = False
        if line_start and not rest:
            head = True
        elif line_start and len(rest) <= 40 and text[e:le].rstrip().endswith(":") and phrase not in _BARE_ONLY:
            head = True
        elif line_start and kind == "about" and len(text[s:le]) <= 50 and not text[s:le].rstrip().endswith("."):
            head = True  # "About Acme"
        elif text[s].isupper() or glued_before:
            nxt = text[e : e + 3]
            if nxt[:1] in (":", "\n") or glued_after or nxt.lstrip(" *_")[:1] in (":", "•", "●", "-", "*", "\n"):
                head = True
            elif (
                (glued_before or prefix.rstrip().endswith((".", "!", "?", ":", ")")) or s == ls
                or text[max(0, s - 2) : s] in (". ", "! ", "? ", ") "))
                and nxt[:1] == " "
                and nxt[1:2].isupper()
                and (text[s + 1 : e].islower() is False or " " not in phrase or phrase in ("qualifications", "requirements", "responsibilities", "benefits", "nice to have", "bonus points"))
            ):
                head = True
        if not head:
            continue
        if kind == "requirements" and phrase in ("experience", "education", "skills", "you are", "you have", "profile", "we are looking for") and not (
            line_start or text[e : e + 1] == ":" or glued_after
        ):
            continue
        if kind in ("about",) and phrase in ("about", "company", "the team", "our team") and not line_start:
            continue
        if phrase in ("pay", "salary", "company", "overview", "legal", "diversity", "the role", "the job", "the position", "rewards", "tasks") and not line_start:
            continue
        if kind == "benefits" and e < n // 4 and _FIELD_VALUE.match(text, e, min(n, e + 16)):
            # "Compensation: $120k - $150k Location: Remote" among the fields that head a posting:
            # a field with its value, not the start of a benefits section (at the end of a
            # posting a pay line is usually followed by the benefits: it stays a heading)
            continue
        out.append((s, e, kind))
    return out


# A money amount right after a heading's colon: a one-line field ("Salary: €50k - 70k").
_FIELD_VALUE = re.compile(r"[ \t]*[:\-–][ \t]*(?:[$€£¥₹]|(?:US|CA|AU)?\$|(?:USD|EUR|GBP|CAD|AUD|CHF|INR)\b|\d)")


# Heading vocabulary beyond the listed phrases: a heading-shaped line or an inline "...:" phrase
# that names nice-to-haves in any of their many forms ("We Are More Excited About You Because You
# Have:", "Bonus points if you:", "It would be great if you also have:", "Pluses", "Diferenciais"),
# or requirements ("Required:", "Minimum Qualifications for this role:").
_PREF_HEAD = re.compile(
    r"\b(?:preferred|preferably|preferable|nice[- ]to[- ]haves?|bonus|pluses|plus|desired|desirable|ideally|"
    r"would be (?:great|nice|awesome|amazing|ideal|helpful)|(?:great|nice|ideal|awesome) (?:if|to have)|even better|"
    r"stand(?:s)? out|extra (?:credit|points)|(?:get|be) excited|love (?:it )?if|love to see|even more|"
    r"(?:more|extra|especially|particularly|really)\s+(?:excited|thrilled|happy|keen|impressed|interested)|"
    r"(?:excited|thrilled|delighted|happy|impressed)\s+if|"
    r"advantageous|an advantage|not (?:required|mandatory|necessary)|optional|good to have|helpful|"
    r"additional (?:qualifications|skills)|diferenciais|desej[aá]ve(?:l|is)|wünschenswert|von vorteil|"
    r"pluspunkte?|deseables?|valorables?|se valorará|atouts?|un plus|gradito|graditi)\b",
    re.I,
)
_REQ_HEAD = re.compile(
    r"\b(?:requirements?|required|qualifications?|must[- ]haves?|must have|requisitos|anforderungen|"
    r"qualifikation\w*|exigences|profil requis)\b",
    re.I,
)
_BENEFIT_HEAD = re.compile(r"\b(?:benefits?|perks|compensation|salary|pay|we offer|rewards|wir bieten)\b", re.I)
_HEAD_MARKUP = " \t#*-–—•>·_|"
_HEAD_WORD = linear_regex(_PREF_HEAD.pattern + "|" + _REQ_HEAD.pattern, ignore_case=True)


_NOT_SKILL_HEAD = re.compile(r"\b(?:locations?|start dates?|shifts?|pronouns?|time ?zones?|working hours|hours)\b", re.I)


def _heading_kind(phrase: str) -> str | None:
    if _BENEFIT_HEAD.search(phrase):
        return None  # "Compensation & bonus": the listed phrases decide benefits headings
    if _NOT_SKILL_HEAD.search(phrase):
        return None  # "Preferred locations:", "Preferred start date:": no skills follow
    if _PREF_HEAD.search(phrase):
        return "preferred"
    if _REQ_HEAD.search(phrase):
        return "requirements"
    return None


def _title_shaped(body: str) -> bool:
    words = [w for w in body.split() if w[:1].isalpha()]
    if not words:
        return False
    if body.isupper():
        return True
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= max(1, 0.6 * len(words))


def _generic_headings(text: str) -> list[tuple[int, int, str]]:
    """Headings found by shape and vocabulary: a short line shaped like a heading (ending with
    ":", or in Title Case / capitals without a full stop), and an inline phrase ending with ":"
    in flattened text ("...with Spark.Nice to have: Go, Rust"), of at most 12 words, whose
    words name nice-to-haves (or requirements). Only the places where such a word occurs are
    looked at, each within 90 characters: linear time."""
    out: list[tuple[int, int, str]] = []
    n = len(text)
    seen: set[int] = set()
    for hit in _HEAD_WORD.finditer(text):
        h = hit.start()
        # the colon ending an inline phrase, on the same line, within 90 characters
        c = text.find(":", hit.end(), min(n, hit.end() + 90))
        if c != -1 and "\n" not in text[h:c] and c not in seen and not (c + 1 < n and text[c + 1].isdigit()):
            seen.add(c)
            g = _colon_heading(text, c)
            if g is not None:
                out.append(g)
                continue
        # or an ellipsis ending it ("Even Better If... Previous experience with CRM tools")
        d = text.find("...", hit.end(), min(n, hit.end() + 40))
        if d == -1:
            d = text.find("…", hit.end(), min(n, hit.end() + 40))
        if d != -1 and "\n" not in text[h:d] and d not in seen:
            seen.add(d)
            g = _colon_heading(text, d)
            if g is not None:
                end = d + (1 if text[d] == "…" else 3)
                out.append((g[0], end, g[2]))
                continue
        # a short heading-shaped line without a colon ("Nice To Haves", "BONUS POINTS")
        ls = text.rfind("\n", max(0, h - 90), h) + 1
        le = text.find("\n", h, min(n, h + 90))
        le = n if le == -1 and n - h <= 90 else le
        if le == -1 or (ls == 0 and h > 90) or -ls in seen:
            continue
        seen.add(-ls)
        line = text[ls:le]
        body = line.strip(_HEAD_MARKUP)
        if not body or len(body) > 80 or ":" in body or "," in body or body.endswith((".", ";")) or len(body.split()) > 8:
            continue
        bold = line.lstrip(" \t").startswith(("**", "#", "__"))
        if not bold and (_BULLET_START.match(line) or "(" in body):
            continue  # a list item ("- Python experience (preferably Pandas)"), not a heading
        if not (bold or _title_shaped(body)):
            continue
        kind = _heading_kind(body)
        if kind is not None:
            a = ls + line.find(body)
            out.append((a, a + len(body), kind))
    out.sort()
    return out


_BULLET_START = re.compile(r"[ \t]*(?:[-–—•*·▪◦●>]|\d{1,2}[.)])\s")


def _colon_heading(text: str, c: int) -> tuple[int, int, str] | None:
    """The heading that the ":" at ``c`` ends, if the phrase before it (back to the line start,
    a sentence end, a bullet or a glued capital, within 90 characters) is one."""
    lo = max(0, c - 90)
    window = text[lo:c]
    b = -1
    for sep in ("\n", ". ", "! ", "? ", "•", ": ", "; ", "\u00a0"):
        k = window.rfind(sep)
        if k != -1:
            b = max(b, k + len(sep))
    for k in range(len(window) - 1, 0, -1):  # glued: "...SparkNice to have:"
        if k <= b:
            break
        if window[k].isupper() and (k + 1 >= len(window) or window[k + 1].islower() or window[k + 1] == " "):
            if window[k - 1].islower() or (k >= 2 and window[k - 1].isupper() and window[k - 2].isupper()):
                b = k  # "SparkNice to have:", "SQLIt would be great if:"
                break
    if b == -1:
        if lo != 0:
            return None
        b = 0
    phrase = window[b:].strip(_HEAD_MARKUP)
    if not phrase or len(phrase.split()) > 12 or not phrase[0].isupper():
        return None
    kind = _heading_kind(phrase)
    if kind is None:
        return None
    start = lo + b + (len(window[b:]) - len(window[b:].lstrip(_HEAD_MARKUP)))
    return (start, c + 1, kind)


_SHORT_LINE = re.compile(r"^([^\n:]{3,80})$", re.M)


def _merge_headings(listed: list[tuple[int, int, str]], generic: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The listed headings plus every generic one that overlaps none of them."""
    if not generic:
        return listed
    out = list(listed)
    for g in generic:
        inside = [h for h in out if h[0] < g[1] + 1 and g[0] < h[1] + 1]
        if not inside:
            out.append(g)
        elif g[2] == "preferred" and all(h[2] != "preferred" and g[0] <= h[0] and h[1] <= g[1] for h in inside):
            # "We Are More Excited About You Because You Have:" holds the listed "You Have"
            out = [h for h in out if h not in inside] + [g]
    out.sort()
    return out


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
    heads = _merge_headings(_find_headings(text), _generic_headings(text))
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
    head_starts = []
    head_kinds = []
    head_ends = []
    for s, e, k in heads:
        head_starts.append(s)
        head_kinds.append(k)
        head_ends.append(e)
    # Boilerplate sentences open their own section (EEO, benefits) until the next heading.
    extra: list[tuple[int, int, str]] = []
    # A dropped-section label with its value on the same line, among other "Label: value" fields
    # ("Company: Acme Inc. Job Area: Engineering ...", "- Perks and Benefits: training budget\n-
    # Tools you'll use: Jira, SQL"), is one field: the section it interrupts goes on after it.
    fields: set[int] = set()
    for s, e, k in heads:
        if k in DROPPED_SECTIONS and _FIELD_COLON.match(text, e):
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
        m = _EEO_SENT.slow.search(sent) if k in eeo_sents else None
        if m:
            # In flattened text the boilerplate may share a "sentence" with the last list item:
            # start the section at "<Company> is an equal opportunity employer", not before.
            lead = _EEO_LEAD.search(sent, max(0, m.start() - 60), m.start() + 1)
            at = a + (lead.start() if lead else (m.start() if len(sent) > 300 else 0))
            extra.append((at, at, "eeo"))
            end = _legal_run_end(text, sent_starts, sent_ends, k)
            if end is not None:
                extra.append((end, end, "eeo:end"))
        elif len(sent) <= 300:
            extra.append((a, a, "benefits:sentence"))
    if extra:
        merged = sorted(list(zip(head_starts, head_ends, head_kinds)) + extra)
        hs, he, hk = [], [], []
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
        head_starts, head_ends, head_kinds = hs, he, hk
    return Layout(
        text=text,
        sent_starts=tuple(sent_starts),
        sent_ends=tuple(sent_ends),
        head_starts=tuple(head_starts),
        head_kinds=tuple(head_kinds),
        head_ends=tuple(head_ends),
    )


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


_PREFERRED_CUE = FoldedRegex(
    r"\b(?:(?:is |are |would be |will be )?an? (?:big |huge |strong |definite |major )?plus|"
    r"\(plus\)|plus\b(?=[.!)]|$)|preferred|preferably|preferable|nice[- ]to[- ]have|bonus|ideally|ideal(?= candidate)|"
    r"(?:is |would be |will be |be )(?:very |extremely )?helpful|helpful|an asset|advantage(?:ous)?|desired|desirable|"
    r"not (?:required|mandatory|necessary|a requirement)|good to have|beneficial|even better|"
    r"a bonus|optional|welcome|appreciated|a strong plus|would be great|"
    # not asked now, only hoped for: "Knowledge of D3 could help.", "willing to learn Go",
    # "it's likely you'll also have used Kafka" ("eager to learn" is a trait asked for: no cue)
    r"(?:could|would|might) help(?=\s*[.!;)]|\s*$)|(?:willing|inclined|open) to learn|"
    r"likely (?:that )?you(?:'ll|’ll| will)? also)\b",
    first="(abcdeghilmnopw",
)


def preferred_cue(clause: str) -> bool:
    """True when a sentence marks what it names as nice-to-have."""
    return bool(_PREFERRED_CUE.search(clause, fold(clause)))


_NEGATION = re.compile(
    r"\b(?:no|without(?: any)?|zero)\s+(?:prior\s+|previous\s+|formal\s+|professional\s+|real\s+)?"
    r"(?:[\w+#./-]+[\s,]+){0,4}?(?:experience|knowledge|background|skills?)\b"
    r"(?:\s+(?:with|in|of)\s+[\w+#./-]+){0,2}"
    r"[\s,]*(?:is\s+|are\s+)?(?:needed|required|necessary|expected|a must)\b"
    r"|\b(?:you\s+)?(?:don't|do not|don’t|won't|will not)\s+need\s+(?:to\s+(?:know|have|be\s+an?\s+expert\s+in)\s+)?(?:any\s+)?(?:prior\s+)?(?:[\s,]*[\w+#./-]+){1,5}",
    re.I,
)


def negated_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans (relative to ``sentence``) in which a named skill is explicitly not required."""
    return [m.span() for m in _NEGATION.finditer(sentence)]
