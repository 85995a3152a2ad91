"""Himalayas remote jobs API (public, no key).

``GET {base}/jobs/api?limit=20`` returns ``{"comments", "updatedAt", "offset", "limit",
"totalCount", "nextCursor", "jobs": [...]}``; later pages pass ``cursor={nextCursor}`` (cursor
paging since 2026-08; ``offset`` is deprecated). The API serves at most 20 jobs a page and the feed
holds ~100k jobs, so reading stops after :data:`MAX_PAGES` pages, newest first, with
``complete=False`` (closing logic must not close what was not read). A feed that ends
(no ``nextCursor``) within the cap is complete.

Jobs have no id field: ``guid`` (the job's Himalayas URL) is the stable id, shortened to
``{company}/{job slug}`` when it has the usual ``/companies/{company}/jobs/{slug}`` form.
``pubDate``/``expiryDate`` are epoch seconds in captures although the data dictionary says
milliseconds; :func:`parse_timestamp` reads both. ``locationRestrictions`` is a list of country
names in captures and of objects in the data dictionary; both are read. Every job is remote.
Docs: https://himalayas.app/docs/remote-jobs-api
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp
from skillgap.pipelines.sources.base import FetchResult, expect_list, id_and_title, parse_all

__all__ = ["Himalayas", "MAX_PAGES", "PAGE_SIZE"]

MAX_PAGES = 25
PAGE_SIZE = 20
_GUID = re.compile(r"/companies/([^/]+)/jobs/([^/?#]+)")


class Himalayas:
    name: ClassVar[str] = "himalayas"
    takes_boards: ClassVar[bool] = False
    default_base_url: ClassVar[str] = "https://himalayas.app"
    attribution: ClassVar[str] = "Himalayas (https://himalayas.app)"

    def __init__(self, *, max_pages: int = MAX_PAGES) -> None:
        self.max_pages = max_pages

    def fetch(self, http: HttpClient, *, board: str | None, base_url: str | None) -> FetchResult:
        url = f"{base_url or self.default_base_url}/jobs/api"
        params: dict[str, Any] = {"limit": PAGE_SIZE}
        records: list[dict[str, Any]] = []
        seen_cursors: set[str] = set()
        for _ in range(self.max_pages):
            payload = http.get_json(url, params=params, source=self.name, board=board)
            expect_list(payload, "jobs", url=url, source=self.name, board=board)
            records.extend(payload["jobs"])
            cursor = payload.get("nextCursor")
            if not cursor or not payload["jobs"] or cursor in seen_cursors:
                return FetchResult(records, complete=True)
            seen_cursors.add(cursor)
            params = {"limit": PAGE_SIZE, "cursor": cursor}
        return FetchResult(records, complete=False)

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(records, self._parse_one, source=self.name, board=board)

    def _parse_one(self, job: dict[str, Any]) -> NormalizedPosting:
        guid, title = id_and_title(job, "guid", "title", source=self.name)
        match = _GUID.search(guid)
        source_id = f"{match.group(1)}/{match.group(2)}" if match else guid
        places = [_place(x) for x in job.get("locationRestrictions") or []]
        countries = [c for c in places if c]
        extra: dict[str, Any] = {"guid": guid}
        for key in ("employmentType", "seniority", "categories", "parentCategories", "timezoneRestrictions",
                    "minSalary", "maxSalary", "currency", "salaryPeriod", "companySlug", "applicationLink"):
            if job.get(key) not in (None, "", []):
                extra[key] = job[key]
        if job.get("expiryDate"):
            expires = parse_timestamp(job["expiryDate"])
            extra["expires_at"] = expires.isoformat() if expires else None
        return NormalizedPosting(
            source=self.name,
            board="",
            source_id=source_id,
            title=title,
            description=clean_description(job.get("description") or job.get("excerpt")),
            company=str(job.get("companyName") or "").strip() or None,
            location=", ".join(countries) or None,
            remote=True,  # Himalayas lists remote jobs only; the countries restrict where from
            url=job.get("applicationLink") or guid,
            posted_at=parse_timestamp(job.get("pubDate")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )


def _place(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return str(value.get("name") or value.get("alpha2") or "").strip() or None
    return None
