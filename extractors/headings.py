"""Section headings of a job description: the listed phrases (reviewed data in
``data/section_headings.yaml``), on a line of their own or inline in flattened text, plus
headings found by shape and vocabulary ("Bonus points if you:", "NICE TO HAVES").
:func:`find_headings` returns them in text order for ``sections.analyse``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from skillgap.extractors.patterns import linear_regex, trie_regex
from skillgap.extractors.rule_words import RuleWordsError, load_lists

__all__ = ["Heading", "find_headings", "check_headings", "HEADING_KEYS", "HEADINGS_FILE"]


class Heading(NamedTuple):
    start: int
    end: int
    kind: str  # a section name (sections.SECTIONS)


HEADINGS_FILE = "section_headings.yaml"
_HEADING_KINDS = ("requirements", "preferred", "responsibilities", "benefits", "about", "eeo")


#: The heading vocabulary beyond the listed phrases (regular-expression fragments).
_WORD_KEYS = frozenset({"preferred_words", "requirement_words", "benefit_words", "not_skill_words"})
HEADING_KEYS = frozenset((*_HEADING_KINDS, "bare_only", *_WORD_KEYS))


def check_headings(lists: dict[str, tuple[str, ...]], source: str = HEADINGS_FILE) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """The heading phrases of each section and the bare-only ones, or every problem at once
    (phrases are lower-case, each in one section; bare-only ones are among them)."""
    headings = {k: lists[k] for k in _HEADING_KINDS}
    seen: dict[str, str] = {}
    problems = []
    for kind, phrases in headings.items():
        for p in phrases:
            if p != p.lower().strip():
                problems.append(f"{kind}: {p!r} must be lower case without surrounding spaces")
            if p in seen:
                problems.append(f"{kind}: {p!r} is also a {seen[p]} heading")
            seen[p] = kind
    problems += [f"bare_only: {p!r} is no heading" for p in lists["bare_only"] if p not in seen]
    if problems:
        raise RuleWordsError(source, problems)
    return headings, frozenset(lists["bare_only"])


# The heading phrases are reviewed data in data/section_headings.yaml. Generic words (_BARE_ONLY)
# are a heading only when they are the whole line ("Company size:" is not).
_LISTS = load_lists(HEADINGS_FILE, HEADING_KEYS, literal=HEADING_KEYS - _WORD_KEYS)
_HEADINGS, _BARE_ONLY = check_headings(_LISTS, f"skillgap.data/{HEADINGS_FILE}")


def _words_re(key: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(_LISTS[key]) + r")\b", re.I)

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
        if c.isalpha() and c.upper() != c:  # a cased letter ("a", "é", "ü"): Hebrew has no capitals
            rest = trie_regex(by_first[c])
            alts.append(re.escape(c.upper()) + ("(?i:" + rest + ")" if rest else ""))
    return "(?:" + "|".join(alts) + ")"


_HEAD_RE = re.compile(_capitalised_trie_regex(sorted(_HEAD_KIND, key=len, reverse=True)))
# Lower-case headings, and those of a script without capitals (Hebrew "דרישות"), only where a line
# starts: the capitalised ones are found anywhere by _HEAD_RE.
_HEAD_LINE_RE = re.compile(
    r"^[ \t#*\-•>·_|]*(?=[a-z\u00df-\u00ff\u05d0-\u05ea])(?i:" + trie_regex(sorted(_HEAD_KIND, key=len, reverse=True)) + ")", re.M
)
# Inline headings must start with a capital and be followed by a heading-like end.
_MARKUP = " \t#*-•>·_|:"


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


# Heading vocabulary beyond the listed phrases (data/section_headings.yaml): a heading-shaped line
# or an inline "...:" phrase that names nice-to-haves in any of their many forms ("We Are More
# Excited About You Because You Have:", "Bonus points if you:", "Pluses", "Diferenciais"), or
# requirements ("Required:", "Minimum Qualifications for this role:").
_PREF_HEAD = _words_re("preferred_words")
_REQ_HEAD = _words_re("requirement_words")
_BENEFIT_HEAD = _words_re("benefit_words")
_HEAD_MARKUP = " \t#*-–—•>·_|"
_HEAD_WORD = linear_regex(_PREF_HEAD.pattern + "|" + _REQ_HEAD.pattern, ignore_case=True)


_NOT_SKILL_HEAD = _words_re("not_skill_words")


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


def find_headings(text: str) -> list[Heading]:
    """Every heading of ``text``, in order: the listed phrases, plus each heading found by shape
    and vocabulary that overlaps none of them."""
    return [Heading(*h) for h in _merge_headings(_find_headings(text), _generic_headings(text))]
