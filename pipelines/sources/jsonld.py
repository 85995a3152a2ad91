"""schema.org ``JobPosting`` JSON-LD embedded in career pages (any site; no key).

Takes a list of page ``urls`` (the config's ``urls``), not boards. Each page is fetched with
``GET <url>`` once; before that, the host's ``/robots.txt`` is read once per run of :meth:`fetch`
and a page it disallows is skipped with a warning (a robots.txt that cannot be fetched — 404,
timeout — allows everything). ``base_url`` replaces scheme, host and port of every page and robots
URL; the path and query are kept.

Every ``<script type="application/ld+json">`` block is parsed; ``JobPosting`` objects are taken
from the top level, from lists and from ``@graph``. Mapping: ``title``; ``description`` (HTML,
often entity-escaped) plus ``responsibilities``/``qualifications``/``skills`` when present, as
text; ``hiringOrganization.name``; ``jobLocation[].address`` (``addressLocality``,
``addressRegion``, ``addressCountry`` as text or ``{"name": ...}``; some sites repeat values, so
they are de-duplicated); ``jobLocationType: TELECOMMUTE`` means remote; ``datePosted``;
``identifier`` (text or ``PropertyValue.value``), else ``url``, else ``<page url>#<n>`` as the id;
``baseSalary``, ``employmentType``, ``validThrough`` go to ``extra``.

A page that fails is skipped with a warning and makes the result incomplete; if every page failed,
the last error is raised. Attribution is the page itself (each posting keeps its ``url``).
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from selectolax.lexbor import LexborHTMLParser

from skillgap.pipelines.errors import PermanentSourceError, SourceError
from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import FetchResult, SkipRecord, parse_all

__all__ = ["JsonLd", "extract_jobpostings", "rebase"]

log = logging.getLogger(__name__)

ROBOTS_AGENT = "skillgap"
_TEXT_PARTS = (
    "description",
    "responsibilities",
    "qualifications",
    "skills",
    "educationRequirements",
    "experienceRequirements",
)


def rebase(url: str, base_url: str | None) -> str:
    """``url`` with scheme, host and port taken from ``base_url`` (path and query kept)."""
    if not base_url:
        return url
    base, parts = urlsplit(base_url), urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


def _is_jobposting(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(
        isinstance(k, str) and k.rsplit("/", 1)[-1] == "JobPosting" for k in kinds
    )


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        if _is_jobposting(node):
            yield node
        elif "@graph" in node:
            yield from _walk(node["@graph"])


def extract_jobpostings(html: str, *, page_url: str = "") -> list[dict[str, Any]]:
    """Pure: every JobPosting object in the page's JSON-LD blocks (bad blocks are skipped)."""
    tree = LexborHTMLParser(html)
    found: list[dict[str, Any]] = []
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").split(";")[0].strip().lower()
        if kind != "application/ld+json":
            continue
        text = script.text(deep=True, separator="", strip=False).strip()
        if not text:
            continue
        try:
            data = json.loads(
                text, strict=False
            )  # raw newlines inside strings are common
        except ValueError as exc:
            log.warning(
                "jsonld: skipping an unparsable JSON-LD block on %s (%s)",
                page_url or "page",
                exc,
            )
            continue
        found.extend(_walk(data))
    return found


class JsonLd:
    name: ClassVar[str] = "jsonld"
    takes_boards: ClassVar[bool] = False
    takes_urls: ClassVar[bool] = True  # the config's `urls`; load_config requires them
    default_base_url: ClassVar[str] = (
        "https://example.invalid"  # never used: every URL is absolute
    )
    attribution: ClassVar[str] = (
        "Employer career pages (schema.org JobPosting) — each posting links to its page"
    )

    def fetch(
        self,
        http: HttpClient,
        *,
        board: str | None = None,
        base_url: str | None = None,
        urls: Sequence[str] = (),
    ) -> FetchResult:
        robots: dict[str, RobotFileParser | None] = {}
        records: list[dict[str, Any]] = []
        complete = True
        failures: list[SourceError] = []
        for page_url in urls:
            url = rebase(page_url, base_url)
            if not self._allowed(http, url, robots):
                log.warning("jsonld: robots.txt disallows %s; skipped", url)
                complete = False
                continue
            try:
                response = http.get(url, source=self.name, board=board)
            except SourceError as exc:
                log.warning("jsonld: %s", exc)
                failures.append(exc)
                complete = False
                continue
            postings = extract_jobpostings(response.text, page_url=page_url)
            if not postings:
                log.warning("jsonld: no JobPosting JSON-LD on %s", url)
            records.extend(
                {"page_url": page_url, "index": i, "jobposting": p}
                for i, p in enumerate(postings)
            )
        if failures and len(failures) == len(urls):
            raise failures[-1]
        return FetchResult(records, complete=complete)

    def _allowed(
        self, http: HttpClient, url: str, cache: dict[str, RobotFileParser | None]
    ) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in cache:
            try:
                text = http.get(f"{origin}/robots.txt", source=self.name).text
            except SourceError as exc:  # unreachable or missing robots.txt: allowed
                log.info("jsonld: no robots.txt for %s (%s); allowed", origin, exc)
                cache[origin] = None
            else:
                parser = RobotFileParser()
                parser.parse(text.splitlines())
                cache[origin] = parser
        robots = cache[origin]
        return robots is None or robots.can_fetch(ROBOTS_AGENT, url)

    def parse(
        self, records: Iterable[dict[str, Any]], *, board: str | None
    ) -> list[NormalizedPosting]:
        return parse_all(records, self._parse_one, source=self.name, board=board)

    def _parse_one(self, record: dict[str, Any]) -> NormalizedPosting:
        job = record.get("jobposting") if isinstance(record, dict) else None
        if not isinstance(job, dict):
            raise PermanentSourceError(
                "a jsonld record has no 'jobposting' object", source=self.name
            )
        page_url = str(record.get("page_url") or "")
        title = _text(job.get("title"))
        if not title:
            raise SkipRecord(
                "JobPosting has no 'title'",
                source=self.name,
                message=f"a JobPosting on {page_url or 'a page'} has no 'title'",
            )
        url = _text(job.get("url")) or page_url or None
        source_id = (
            _identifier(job.get("identifier"))
            or _text(job.get("url"))
            or f"{page_url}#{record.get('index', 0)}"
        )
        parts = []
        for key in _TEXT_PARTS:
            for value in _strings(job.get(key)):
                text = clean_description(value)
                if text:
                    parts.append(text)
        location = _location(job.get("jobLocation"))
        remote = (
            True
            if "TELECOMMUTE" in str(job.get("jobLocationType") or "").upper()
            else remote_from_location(location)
        )
        org = job.get("hiringOrganization")
        company = _text(org.get("name")) if isinstance(org, dict) else _text(org)
        extra: dict[str, Any] = {}
        for key, out in (
            ("baseSalary", "salary"),
            ("employmentType", "employment_type"),
            ("validThrough", "valid_through"),
        ):
            if job.get(key) not in (None, "", [], {}):
                extra[out] = job[key]
        return NormalizedPosting(
            source=self.name,
            board="",
            source_id=source_id,
            title=title,
            description="\n\n".join(parts),
            company=company or None,
            location=location,
            remote=remote,
            url=url,
            posted_at=parse_timestamp(_text(job.get("datePosted")) or None),
            attribution=self.attribution,
            raw=record,
            extra=extra,
        )


def _text(value: Any) -> str:
    if isinstance(value, str):
        value = html.unescape(value)
        return clean_description(value).strip() if "<" in value else value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _identifier(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("value") or value.get("@id")
    return _text(value)


def _names(value: Any) -> list[str]:
    """Text of an address part: a string, a ``{"name": ...}`` object, or lists of either."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    text = _text(value)
    return [text] if text else []


def _location(value: Any) -> str | None:
    places = value if isinstance(value, list) else [value]
    out: list[str] = []
    for place in places:
        if not isinstance(place, dict):
            continue
        address = place.get("address")
        if isinstance(address, dict):
            pieces: list[str] = []
            for key in ("addressLocality", "addressRegion", "addressCountry"):
                for name in _names(address.get(key)):
                    if name not in pieces:
                        pieces.append(name)
            text = ", ".join(pieces)
        else:
            text = _text(address) or _text(place.get("name"))
        if text and text not in out:
            out.append(text)
    return "; ".join(out) or None
