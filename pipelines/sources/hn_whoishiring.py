"""Hacker News "Ask HN: Who is hiring?" threads, through the HN Algolia API (public, no key).

Two requests per run:

1. Unless ``filters: {story_id: N}`` names a thread, find the latest one:
   ``GET {base}/api/v1/search_by_date?tags=story,author_whoishiring&hitsPerPage=20`` returns
   ``{"hits": [{"objectID": "...", "title": "Ask HN: Who is hiring? (September 2026)", ...}]}``,
   newest first; the first hit whose title starts with ``Ask HN: Who is hiring?`` is taken
   (the same account also posts "Who wants to be hired?" and "Freelancer?" threads).
2. ``GET {base}/api/v1/items/{story_id}`` returns the story with its comment tree:
   ``{"id", "title", "children": [{"id", "text" (HTML), "created_at" (ISO), "author", ...,
   "children": [...]}]}``. Each top-level comment with text is one posting (replies are not);
   deleted comments (no text) are skipped.

Mapping: the comment's first line (up to the first ``<p>``) is its header, by convention
``Company | Role | Location | Remote/Onsite | Full-time | Salary | URL`` in any order after the
company. :func:`parse_header` reads it: the first field is the company, the first field that is
not a location, work mode, employment type, salary or link is the title, the first
location-looking field the location; ``remote`` comes from the header's words (REMOTE, ONSITE,
HYBRID); a salary-looking field is kept as ``extra.salary_text`` (and appended to the
description as a ``Salary:`` line, so extraction sees it); the first link is ``extra.apply_url``.
A header without ``|`` fields is a free sentence: it is the title (cut at 200 characters) and no
field is guessed. The rest of the comment is the description (the header alone when nothing
follows). The URL is the comment's HN page. Deleted comments (no text) are skipped with a
reason. The thread is read whole, so the result is complete for that thread. Attribution: Hacker
News (each posting links to its comment). Docs: https://hn.algolia.com/api
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp
from skillgap.pipelines.sources.base import FetchResult, SkipRecord, expect_list, filter_params, parse_all

__all__ = ["THREAD_PREFIX", "HNWhoIsHiring", "HNHeader", "parse_header"]

THREAD_PREFIX = "Ask HN: Who is hiring?"
MAX_TITLE = 200


class HNWhoIsHiring:
    name: ClassVar[str] = "hn_whoishiring"
    takes_boards: ClassVar[bool] = False
    default_base_url: ClassVar[str] = "https://hn.algolia.com"
    attribution: ClassVar[str] = (
        "Hacker News 'Who is hiring?' (https://news.ycombinator.com) via HN Algolia"
    )
    filter_keys: ClassVar[frozenset[str]] = frozenset({"story_id"})

    def fetch(
        self,
        http: HttpClient,
        *,
        board: str | None,
        base_url: str | None,
        filters: Mapping[str, Any] | None = None,
    ) -> FetchResult:
        params = filter_params(self, filters, board)
        base = base_url or self.default_base_url
        story_id = params.get("story_id") or self._latest_story(http, base, board)
        if not str(story_id).isdigit():
            raise PermanentSourceError(
                f"hn_whoishiring story_id must be a number, got {story_id!r}",
                source=self.name,
                board=board,
            )
        path = f"/api/v1/items/{story_id}"
        story = http.get_json(f"{base}{path}", source=self.name, board=board)
        children = expect_list(
            story, "children", url=f"{base}{path}", source=self.name, board=board
        )
        records = [
            {
                **child,
                "story_id": child.get("story_id", story.get("id")),
                "story_title": story.get("title"),
            }
            for child in children
            if isinstance(child, dict)  # deleted comments (no text) are skipped, and counted, in parse
        ]
        return FetchResult(records, complete=True)

    def _latest_story(self, http: HttpClient, base: str, board: str | None) -> str:
        url = f"{base}/api/v1/search_by_date"
        payload = http.get_json(
            url,
            params={"tags": "story,author_whoishiring", "hitsPerPage": "20"},
            source=self.name,
            board=board,
        )
        for hit in expect_list(payload, "hits", url=url, source=self.name, board=board):
            if (
                isinstance(hit, dict)
                and str(hit.get("title") or "").startswith(THREAD_PREFIX)
                and hit.get("objectID")
            ):
                return str(hit["objectID"])
        raise PermanentSourceError(
            f"GET {url}: no '{THREAD_PREFIX}' story among the hits",
            source=self.name,
            board=board,
        )

    def parse(
        self, records: Iterable[dict[str, Any]], *, board: str | None
    ) -> list[NormalizedPosting]:
        return parse_all(records, self._parse_one, source=self.name, board=board)

    def _parse_one(self, comment: dict[str, Any]) -> NormalizedPosting:
        if not isinstance(comment, dict) or comment.get("id") is None:
            raise SkipRecord("no 'id'", source=self.name)
        if not comment.get("text"):
            raise SkipRecord("deleted comment", source=self.name)
        source_id = str(comment["id"])
        markup = str(comment["text"])
        head_html, _, rest_html = markup.partition("<p>")
        head = clean_description(head_html)
        first_line = next((line.strip() for line in head.splitlines() if line.strip()), "")
        header = parse_header(first_line)
        description = clean_description(rest_html) or first_line
        extra: dict[str, Any] = {"header": first_line} if first_line else {}
        if header.fields:
            extra["fields"] = list(header.fields)
        for key in ("salary_text", "apply_url", "employment_type"):
            if getattr(header, key):
                extra[key] = getattr(header, key)
        if header.salary_text:
            description = f"{description}\n\nSalary: {header.salary_text}"
        for key in ("story_id", "story_title", "author"):
            if comment.get(key):
                extra[key] = comment[key]
        return NormalizedPosting(
            source=self.name,
            board="",
            source_id=source_id,
            title=header.title or f"HN comment {source_id}",
            description=description,
            company=header.company,
            location=header.location,
            remote=header.remote,
            url=f"https://news.ycombinator.com/item?id={source_id}",
            posted_at=parse_timestamp(comment.get("created_at") or comment.get("created_at_i")),
            attribution=self.attribution,
            raw=comment,
            extra=extra,
        )


@dataclass(frozen=True)
class HNHeader:
    company: str | None = None
    title: str = ""
    location: str | None = None
    remote: bool | None = None
    salary_text: str | None = None
    apply_url: str | None = None
    employment_type: str | None = None
    fields: tuple[str, ...] = ()


_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_BARE_DOMAIN = re.compile(r"^[\w.-]+\.(?:com|io|ai|co|org|net|dev|app|so|tech|jobs|xyz|me|us|eu|de|uk|fr|nl)(?:/\S*)?$", re.I)
_SALARY = re.compile(
    r"[$€£¥₹]|\b\d+(?:[.,]\d+)?\s?[kK]\b|\b(?:USD|EUR|GBP|CAD|AUD|CHF|SEK|INR)\b|\b(?:salary|equity|compensation|per (?:year|hour|annum))\b",
    re.I,
)
_EMPLOYMENT = re.compile(
    r"^(?:(?:full|part)[- ]?time|contract(?:or)?|freelance|permanent|intern(?:ship)?s?|temporary|ft|pt|fte)"
    r"(?:\s*(?:[,/&+]|and|or)\s*(?:(?:full|part)[- ]?time|contract(?:or)?|freelance|permanent|intern(?:ship)?s?|ft|pt))*$",
    re.I,
)
_REMOTE_WORD = re.compile(r"\b(?:remote|remotely|wfh|work from home|anywhere|distributed)\b", re.I)
_NO_REMOTE = re.compile(r"\b(?:no remote|not remote|non-remote)\b", re.I)
_ONSITE_WORD = re.compile(r"\b(?:on-?site|in[- ]office|in[- ]person|hybrid)\b", re.I)
_MODE_ONLY = re.compile(
    r"^(?:(?:fully\s+|100%\s+)?(?:remote|onsite|on-site|on site|hybrid|in[- ]office|in[- ]person|wfh))"
    r"(?:\s*(?:[,/&+]|and|or)\s*(?:remote|onsite|on-site|on site|hybrid|in[- ]office|in[- ]person))*(?:\s+(?:ok|only|friendly|first|possible))?$",
    re.I,
)
_VISA = re.compile(r"\bvisa\b|\bsponsor", re.I)
_PLACE = re.compile(
    r",|\((?:[^)]*)\)|\b(?:remote|on-?site|hybrid|in[- ]office)\b|"
    r"\b(?:US|USA|U\.S\.|UK|EU|EMEA|APAC|LATAM|NYC|SF|SFBA|Bay Area|Europe|Americas|Canada|Germany|France|"
    r"Netherlands|India|Australia|Singapore|Japan|Brazil|Spain|Ireland|Israel|Switzerland|Sweden|Poland|"
    r"Worldwide|Global|Anywhere|United States|United Kingdom|London|Berlin|Paris|Amsterdam|Toronto|Vancouver|"
    r"New York|San Francisco|Boston|Seattle|Austin|Chicago|Los Angeles|Denver|Remote-first|Timezones?|[A-Z]{2,4}T|UTC[+-]?\d*)\b"
)


def parse_header(line: str) -> HNHeader:
    """Read a "Who is hiring" header line into its parts (pure).

    >>> h = parse_header("Acme | ML Engineer | Berlin, Germany | ONSITE | Full-time | €70k | https://acme.example/jobs")
    >>> (h.company, h.title, h.location, h.remote, h.salary_text, h.apply_url)
    ('Acme', 'ML Engineer', 'Berlin, Germany', False, '€70k', 'https://acme.example/jobs')
    """
    line = line.strip()
    if "|" not in line:
        short = line if len(line) <= MAX_TITLE else line[: MAX_TITLE - 1].rstrip() + "…"
        return HNHeader(title=short, remote=_remote(line))
    fields = tuple(f.strip() for f in line.split("|") if f.strip())
    if not fields:
        return HNHeader()
    company = _URL.sub("", fields[0]).strip(" -–—:") or None
    title = location = salary = url = employment = None
    for field in fields[1:]:
        link = _URL.search(field)
        if link and (url is None):
            url = link.group(0).rstrip(").,;")
        if link and len(_URL.sub("", field).strip(" -–—:()")) < 3:
            continue  # the field is only a link
        if _BARE_DOMAIN.match(field):
            url = url or f"https://{field}"
            continue
        if _EMPLOYMENT.match(field):
            employment = employment or field
            continue
        if _MODE_ONLY.match(field) or _VISA.search(field):
            continue
        if _SALARY.search(field) and not _PLACE.search(field.replace(",", "")):
            salary = salary or field
            continue
        if location is None and title is not None and _PLACE.search(field):
            location = field
            continue
        if title is None:
            if _PLACE.search(field) and not _looks_like_role(field) and location is None:
                location = field
                continue
            title = field
        elif location is None and _PLACE.search(field):
            location = field
    if title is None:
        title = fields[1] if len(fields) > 1 else fields[0]
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rstrip() + "…"
    return HNHeader(
        company=company,
        title=title,
        location=location,
        remote=_remote(line),
        salary_text=salary,
        apply_url=url,
        employment_type=employment,
        fields=fields,
    )


_ROLE = re.compile(
    r"\b(?:engineer|developer|scientist|analyst|manager|designer|lead|architect|researcher|intern|head|director|"
    r"swe|sre|devops|specialist|consultant|administrator|recruiter|writer|founding|cto|vp|product|data|ml|ai)\b",
    re.I,
)


def _looks_like_role(field: str) -> bool:
    return bool(_ROLE.search(field))


def _remote(text: str) -> bool | None:
    """True when the header offers remote work; False when it names only on-site/hybrid work."""
    if _NO_REMOTE.search(text):
        return False
    if _REMOTE_WORD.search(text):
        return True
    if _ONSITE_WORD.search(text):
        return False
    return None
