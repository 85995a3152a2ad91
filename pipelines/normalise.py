"""Pure helpers that turn source fields into normalised values: timestamps, remote flags, text."""

from __future__ import annotations

import functools
import html
import re
from datetime import UTC, date, datetime

import ftfy
from ftfy.badness import BADNESS_RE

from skillgap.extractors.html import html_to_text, looks_like_html

__all__ = ["parse_timestamp", "remote_from_location", "clean_description", "clean_line", "clean_text", "fix_text"]

# Entities with their semicolon only: "&amp;", "&#x2F;", "&#8211;". HTML5 also decodes some
# names without one ("&not", "&copy"), which would turn "R&D&notes" into "R&D¬es".
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_C1 = re.compile("[\x80-\x9f]")
# Mojibake whose continuation bytes were lost on the way (C1 controls stripped): "thatâs",
# "weâre" are U+2019 (E2 80 99) read as Latin-1 minus its two invisible bytes.
_LOST_APOSTROPHE = re.compile(r"(?<=[A-Za-z])\u00e2(?=(?:s|t|re|ll|ve|d|m)\b)")
# A fullwidth form (EF BC xx) whose last byte was lost: "ï¼" dangling at a word end.
_LOST_FULLWIDTH = re.compile("\u00ef\u00bc(?![\x80-\xbf])")
_FTFY = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, fix_character_width=False, explain=False)
_H_SPACE = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_MANY_NEWLINES = re.compile(r"\n{3,}")

_REMOTE = re.compile(r"\b(remote|anywhere|work from home|wfh|distributed)\b", re.I)
_ONSITE_ONLY = re.compile(r"\b(on-?site|in[- ]office)\b", re.I)


def parse_timestamp(value: object) -> datetime | None:
    """Epoch seconds or milliseconds, ISO 8601 (with or without offset) or a date -> naive UTC.

    >>> parse_timestamp("2026-08-25T17:40:40-04:00")
    datetime.datetime(2026, 8, 25, 21, 40, 40)
    >>> parse_timestamp(1767225600000)
    datetime.datetime(2026, 1, 1, 0, 0)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        number = float(value)
        if number > 1e11:  # milliseconds
            number /= 1000.0
        dt = datetime.fromtimestamp(number, tz=UTC)
    elif isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def remote_from_location(location: str | None) -> bool | None:
    """True when the location says remote; None when it does not say (never a guess of False)."""
    if not location:
        return None
    if _REMOTE.search(location):
        return True
    if _ONSITE_ONLY.search(location):
        return False
    return None


def clean_description(text: str | None) -> str:
    """Clean plain text from an HTML or plain description (CONTRACTS §3).

    Mojibake is repaired on the raw markup first (its invisible C1 bytes are still there), then
    HTML becomes text, then :func:`clean_text` decodes leftover entities and tidies whitespace.
    """
    if not text:
        return ""
    text = fix_text(text)
    return clean_text(html_to_text(text) if looks_like_html(text) else text)


def _unescape(text: str) -> str:
    """Decode HTML entities (with their semicolon), twice at most: ``&amp;amp;`` happens."""
    for _ in range(3):
        if "&" not in text or not _ENTITY.search(text):
            break
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def fix_text(text: str) -> str:
    """Repair mojibake (UTF-8 read as Latin-1/CP1252: ``thatâ\x80\x99s`` -> ``that’s``) with ftfy.

    ASCII text is returned at once, and ftfy runs only on text it judges bad, so clean text
    (and correct accents: ``Zürich``) is untouched and cheap. Fragments whose invisible bytes
    were already lost (``thatâs``) get the apostrophe back; a dangling ``ï¼`` is dropped.
    """
    if not text or text.isascii():
        return text
    if _C1.search(text) or looks_bad(text):
        text = _ftfy_lines(text)
    if "\u00e2" in text:
        text = _LOST_APOSTROPHE.sub("\u2019", text)
    if "\u00ef\u00bc" in text:
        text = _LOST_FULLWIDTH.sub("", text)
    return _C1.sub("", text)


# Every pattern of ftfy's badness regex holds a non-ASCII character and spans at most 7
# characters (at most 2 ASCII ones on either side of its non-ASCII ones), so a match lies within
# a few characters of a run of non-ASCII text.
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_BAD_MARGIN = 8
# A line ftfy leaves as it is: printable ASCII and tabs (no control characters, no escapes).
_NOT_PLAIN = re.compile(r"[^\t\n\x20-\x7e]")


def looks_bad(text: str) -> bool:
    """``ftfy.badness.is_bad(text)``, searched only around the text's non-ASCII runs (windows of
    :data:`_BAD_MARGIN` characters either side, merged where they touch): the same answer, but a
    long, mostly ASCII posting costs a few short searches instead of one over every character."""
    search = BADNESS_RE.search
    start = end = -1
    for m in _NON_ASCII_RUN.finditer(text):
        lo, hi = m.start() - _BAD_MARGIN, m.end() + _BAD_MARGIN
        if lo <= end:  # touches the current window: extend it
            end = hi
            continue
        if end >= 0 and search(text, max(start, 0), end):
            return True
        start, end = lo, hi
    # pos/endpos, not slices: ``^`` still matches only at the real start of the text
    return end >= 0 and search(text, max(start, 0), end) is not None


def _ftfy_lines(text: str) -> str:
    """``ftfy.fix_text(text, _FTFY)``, with the lines it would leave unchanged (printable ASCII)
    passed through: ftfy fixes each line on its own (one segment per line), so the result is
    the same, and a long posting with one bad line costs one line of ftfy."""
    out: list[str] = []
    pos, n = 0, len(text)
    while pos < n:
        m = _NOT_PLAIN.search(text, pos)
        if m is None:
            out.append(text[pos:])
            break
        first = max(pos, text.rfind("\n", pos, m.start()) + 1)  # the start of its line
        out.append(text[pos:first])
        # the run of lines up to the next plain one goes to ftfy in one call (still line by line)
        end = first
        while True:
            nl = text.find("\n", end)
            end = n if nl < 0 else nl + 1
            if end >= n:
                break
            nxt = text.find("\n", end)
            line_end = n if nxt < 0 else nxt + 1
            if not _NOT_PLAIN.search(text, end, line_end):
                break
        segment = text[first:end]
        out.append(_ftfy_cached(segment) if len(segment) <= _FTFY_CACHE_CHARS else ftfy.fix_text(segment, _FTFY))
        pos = end
    return "".join(out)


_FTFY_CACHE_CHARS = 4096  # longer segments are not kept (the cache stays a few MB at most)


@functools.lru_cache(maxsize=1024)
def _ftfy_cached(segment: str) -> str:
    """``ftfy.fix_text(segment, _FTFY)``, remembered: cleaning a posting passes its bad lines
    to ftfy more than once (on the markup, then on the text, then to check it is stable), and a
    board repeats its boilerplate in every posting."""
    return ftfy.fix_text(segment, _FTFY)


def clean_line(value: object) -> str | None:
    """One line of clean text for a title, company or location; None when nothing is left.

    Entities decoded, mojibake repaired, every run of whitespace (newlines, tabs, no-break and
    zero-width spaces) one space.

    >>> clean_line("  1840 &amp; Company\n")
    '1840 & Company'
    >>> clean_line("Senior&#x2F;Lead  Engineer")
    'Senior/Lead Engineer'
    """
    if value is None:
        return None
    text = _line_once(str(value))
    for _ in range(2):  # until stable, as clean_text
        again = _line_once(text)
        if again == text:
            break
        text = again
    return text or None


def _line_once(value: str) -> str:
    return " ".join(_ZERO_WIDTH.sub("", fix_text(_unescape(value))).split())


def clean_text(value: str | None) -> str:
    """Clean multi-line plain text: entities decoded, mojibake repaired, spaces collapsed within
    lines, line ends trimmed, at most one blank line in a row. Idempotent.
    """
    if not value:
        return ""
    if value in _CLEAN:  # cleaned just now (a parser's text, cleaned again by NormalizedPosting)
        return value
    text = _clean_once(value)
    for _ in range(2):  # until stable: a repair or a trimmed space can leave text that looks bad again
        again = _clean_once(text)
        if again == text:
            if len(_CLEAN) >= 4096:
                _CLEAN.clear()
            _CLEAN[text] = None
            break
        text = again
    return text


_CLEAN: dict[str, None] = {}  # recent results of clean_text (each is its own clean text)


def _clean_once(value: str) -> str:
    text = fix_text(_unescape(value)).replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text and looks_like_html(text):
        # decoding entities uncovered markup ("&lt;p&gt;" in a plain-text field): text again
        text = html_to_text(text)
    text = _ZERO_WIDTH.sub("", text)
    # _H_SPACE matches no newline, so one pass over the text equals one per line
    text = "\n".join(line.strip() for line in _H_SPACE.sub(" ", text).split("\n"))
    return _MANY_NEWLINES.sub("\n\n", text).strip()
