"""Whether visa sponsorship is offered (True), ruled out (False) or not stated (None)."""

from __future__ import annotations

from skillgap.extractors.sections import linear_regex

__all__ = ["parse_visa"]

_VISA_NO = linear_regex(
    r"(?:\b(?:not|unable\s+to|cannot|can't|can\s*not|won't|will\s+not|do\s+not|does\s+not|don't|"
    r"doesn't|are\s+not\s+able\s+to|is\s+not\s+able\s+to|no|without)\s+(?:\w+\s+){0,4}?"
    r"(?:visa\s+)?(?:sponsor\w*|h-?1b)"
    r"|sponsorship\s+(?:is\s+|will\s+)?(?:not|un)\s*(?:be\s+)?(?:available|provided|offered|possible)"
    r"|(?:now\s+or\s+in\s+the\s+future|currently\s+or\s+in\s+the\s+future)\s+require\s+(?:visa\s+|employment\s+|immigration\s+)?sponsorship"
    r"|must\s+(?:be\s+)?(?:legally\s+)?(?:authori[sz]ed|eligible)\s+to\s+work[^.]{0,80}without\s+(?:\w+\s+){0,3}sponsor\w*"
    r"|(?:us|u\.s\.)\s+citizens?\s+only|must\s+be\s+a\s+(?:us|u\.s\.)\s+citizen)",
    ignore_case=True,
)
_VISA_YES = linear_regex(
    r"(?:visa\s+sponsorship\s+(?:is\s+)?(?:available|provided|offered|possible)"
    r"|(?:we|will|can|able\s+to|happy\s+to|do|does)\s+(?:\w+\s+){0,2}?sponsor\s+(?:\w+\s+){0,2}?(?:visas?|h-?1b|work\s+permits?|candidates|employees|relocation)"
    r"|(?:offer|offers|provide|provides|including)\s+(?:\w+\s+){0,2}?(?:visa\s+)?sponsorship"
    r"|sponsorship\s+(?:is\s+)?available|h-?1b\s+(?:sponsorship|transfer)s?\s+(?:available|welcome|supported)"
    r"|(?:visa|immigration)\s+support)",
    ignore_case=True,
)


def parse_visa(text: str) -> bool | None:
    """True when visa sponsorship is offered, False when ruled out, None when not stated."""
    low = text.lower()
    if "sponsor" not in low and "h-1b" not in low and "h1b" not in low and "citizen" not in low and "visa" not in low:
        return None
    if _VISA_NO.search(text):
        return False
    if _VISA_YES.search(text):
        return True
    return None
