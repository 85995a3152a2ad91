"""Work mode: ``remote`` | ``hybrid`` | ``onsite`` | None."""

from __future__ import annotations

import re

from skillgap.extractors.sections import fold, linear_regex

__all__ = ["parse_remote"]

_HYBRID = linear_regex(
    r"\bhybrid\s*(?:\(|-|,|/)?\s*(?:role|position|work|working|schedule|model|setup|arrangement|"
    r"environment|policy|opportunity|remote|\)|$|in\b|from\b|\d|based|–|—)|\b(?:\d|one|two|three|four)\s+days?\s+"
    r"(?:a|per|each)\s+week\s+(?:in|at)\s+(?:the|our)\s+office|\bhybrid\b[\s.,;)]*(?:\n|$)|location[^\n.]{0,20}hybrid",
    ignore_case=True,
)
_REMOTE = linear_regex(
    r"\b(?:fully\s+remote|100%\s+remote|remote[- ]first|remote[- ]only|work\s+from\s+anywhere|"
    r"(?:this|the)\s+(?:role|position|job)\s+is\s+(?:fully\s+)?remote|remote\s+(?:role|position|job|work|"
    r"opportunity|friendly|ok|okay|\(|–|-)|work\s+(?:fully\s+)?remotely|open\s+to\s+remote|"
    r"remote\s+within|remote\s+in\s+the|distributed\s+team)",
    ignore_case=True,
)
_ONSITE = linear_regex(
    r"\b(?:on[- ]?site|in[- ]office|in[- ]person|office[- ]based|on\s+location|"
    r"(?:five|5)\s+days?\s+(?:a|per)\s+week\s+in\s+(?:the|our)\s+office|not\s+(?:a\s+)?remote|no\s+remote)\b",
    ignore_case=True,
)


def parse_remote(text: str, location: str | None = None, title: str | None = None) -> str | None:
    """"remote" | "hybrid" | "onsite" | None, from the location, title and text."""
    head = " ".join(x for x in (location, title) if x)
    if head:
        if re.search(r"\bhybrid\b", head, re.I):
            return "hybrid"
        if re.search(r"\bremote\b", head, re.I):
            return "remote"
        if re.search(r"\bon[- ]?site\b|\bin[- ]office\b", head, re.I):
            return "onsite"
    low = fold(text)
    lower = low if low is not None else text.lower()
    # Each pattern needs one of these words: skip the scan when none occurs (most postings).
    if ("hybrid" in lower or "office" in lower) and _HYBRID.search(text):
        return "hybrid"
    if ("remote" in lower or "anywhere" in lower or "distributed" in lower) and _REMOTE.search(text):
        return "remote"
    if any(w in lower for w in ("site", "office", "person", "location", "remote")) and _ONSITE.search(text):
        return "onsite"
    return None
