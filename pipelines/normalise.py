"""Pure helpers that turn source fields into normalised values: timestamps, remote flags, text."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from skillgap.extractors.html import html_to_text, looks_like_html

__all__ = ["parse_timestamp", "remote_from_location", "clean_description"]

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
    """Plain text from an HTML or plain description."""
    if not text:
        return ""
    return html_to_text(text) if looks_like_html(text) else text.strip()
