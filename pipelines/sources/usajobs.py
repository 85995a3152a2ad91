"""USAJOBS Search API (US federal jobs; free key required).

``GET {base}/api/search`` with headers ``Authorization-Key: <key>`` and ``User-Agent: <the
e-mail the key was requested with>`` (plus ``Host: data.usajobs.gov``, which httpx sets from the
URL). The key and e-mail come from the environment: ``USAJOBS_API_KEY`` and ``USAJOBS_EMAIL``;
either missing is a :class:`PermanentSourceError` naming them. The key is never logged.

The answer is ``{"LanguageCode", "SearchParameters", "SearchResult": {"SearchResultCount",
"SearchResultCountAll", "SearchResultItems": [{"MatchedObjectId", "MatchedObjectDescriptor":
{...}, "RelevanceRank"}], "UserArea": {"NumberOfPages": "N", ...}}}``. Pages are requested with
``Page`` (from 1); reading stops after :data:`MAX_PAGES` pages with ``complete=False``. Optional
``filters`` (query parameters of the API): ``Keyword``, ``PositionTitle``, ``LocationName``,
``Organization``, ``JobCategoryCode``, ``RemoteIndicator``, ``DatePosted`` and
``ResultsPerPage``; a filtered search is never the complete listing.

Per job (``MatchedObjectDescriptor``): ``PositionTitle``, ``PositionURI``, ``OrganizationName``,
``PositionLocation[].LocationName``, ``PublicationStartDate`` (ISO, ``Z``),
``UserArea.Details.JobSummary`` and ``QualificationSummary`` (plain text),
``PositionRemuneration[]`` (``MinimumRange``, ``MaximumRange``, ``RateIntervalCode``).
Docs: https://developer.usajobs.gov/api-reference/get-api-search
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import (
    FetchResult,
    env_credentials,
    filter_params,
    id_and_title,
    parse_all,
)

__all__ = ["MAX_PAGES", "USAJobs"]

MAX_PAGES = 5
KEY_ENV = "USAJOBS_API_KEY"
EMAIL_ENV = "USAJOBS_EMAIL"


class USAJobs:
    name: ClassVar[str] = "usajobs"
    takes_boards: ClassVar[bool] = False
    default_base_url: ClassVar[str] = "https://data.usajobs.gov"
    attribution: ClassVar[str] = (
        "USAJOBS (https://www.usajobs.gov), US Office of Personnel Management"
    )
    filter_keys: ClassVar[frozenset[str]] = frozenset(
        {
            "Keyword",
            "PositionTitle",
            "LocationName",
            "Organization",
            "JobCategoryCode",
            "RemoteIndicator",
            "DatePosted",
            "ResultsPerPage",
        }
    )

    def __init__(
        self, *, max_pages: int = MAX_PAGES, env: Mapping[str, str] | None = None
    ) -> None:
        self.max_pages = max_pages
        self._env = env  # None: os.environ at fetch time

    def _headers(self, board: str | None) -> dict[str, str]:
        key, email = env_credentials(
            os.environ if self._env is None else self._env, (KEY_ENV, EMAIL_ENV), source=self.name, board=board,
            needs="an API key and the e-mail it was issued to (free key: https://developer.usajobs.gov/apirequest/)",
        )
        return {"Authorization-Key": key, "User-Agent": email}

    def fetch(
        self,
        http: HttpClient,
        *,
        board: str | None,
        base_url: str | None,
        filters: Mapping[str, Any] | None = None,
    ) -> FetchResult:
        params = filter_params(self, filters, board)
        headers = self._headers(board)
        url = f"{base_url or self.default_base_url}/api/search"
        records: list[dict[str, Any]] = []
        for page in range(1, self.max_pages + 1):
            payload = http.get_json(
                url,
                params={**params, "Page": str(page)},
                headers=headers,
                source=self.name,
                board=board,
            )
            result = (payload.get("SearchResult") or {}) if isinstance(payload, dict) else {}
            items = (
                result.get("SearchResultItems") if isinstance(result, dict) else None
            )
            if not isinstance(items, list):
                raise PermanentSourceError(
                    f"GET {url}: expected an object with 'SearchResult.SearchResultItems' list",
                    source=self.name,
                    board=board,
                )
            records.extend(items)
            pages = _int(
                (result.get("UserArea") or {}).get("NumberOfPages")
                if isinstance(result.get("UserArea"), dict)
                else None
            )
            if not items or pages is None or page >= pages:
                only_some = {k for k in params if k != "ResultsPerPage"}
                return FetchResult(records, complete=not only_some)
        return FetchResult(records, complete=False)

    def parse(
        self, records: Iterable[dict[str, Any]], *, board: str | None
    ) -> list[NormalizedPosting]:
        return parse_all(records, self._parse_one, source=self.name, board=board)

    def _parse_one(self, item: dict[str, Any]) -> NormalizedPosting:
        source_id, _ = id_and_title(
            item, "MatchedObjectId", "MatchedObjectId", source=self.name
        )
        job = item.get("MatchedObjectDescriptor")
        if not isinstance(job, dict):
            raise PermanentSourceError(
                f"usajobs item {source_id} has no 'MatchedObjectDescriptor' object",
                source=self.name,
            )
        _, title = id_and_title(job, "PositionTitle", "PositionTitle", source=self.name)
        details = (
            ((job.get("UserArea") or {}).get("Details") or {})
            if isinstance(job.get("UserArea"), dict)
            else {}
        )
        parts = [details.get("JobSummary"), job.get("QualificationSummary")]
        if isinstance(details.get("MajorDuties"), list):
            parts.extend(str(d) for d in details["MajorDuties"])
        description = "\n\n".join(clean_description(str(p)) for p in parts if p)
        locations = [
            str(loc.get("LocationName")).strip()
            for loc in job.get("PositionLocation") or []
            if isinstance(loc, dict) and loc.get("LocationName")
        ]
        location = "; ".join(locations) or (
            str(job.get("PositionLocationDisplay") or "").strip() or None
        )
        extra = _extra(job, details)
        remote = (
            True
            if details.get("RemoteIndicator") is True
            else remote_from_location(location)
        )
        return NormalizedPosting(
            source=self.name,
            board="",
            source_id=source_id,
            title=title,
            description=description,
            company=(
                str(
                    job.get("OrganizationName") or job.get("DepartmentName") or ""
                ).strip()
                or None
            ),
            location=location,
            remote=remote,
            url=job.get("PositionURI"),
            posted_at=parse_timestamp(job.get("PublicationStartDate")),
            attribution=self.attribution,
            raw=item,
            extra=extra,
        )


def _extra(job: dict[str, Any], details: dict[str, Any]) -> dict[str, Any]:
    """Pay ranges, ids, categories, schedule and grades of one USAJOBS item, where present."""
    extra: dict[str, Any] = {}
    pay = [p for p in job.get("PositionRemuneration") or [] if isinstance(p, dict)]
    if pay:
        extra["salary"] = [
            {
                "min": p.get("MinimumRange"),
                "max": p.get("MaximumRange"),
                "interval": p.get("RateIntervalCode"),
            }
            for p in pay
        ]
    for key, out in (
        ("PositionID", "position_id"),
        ("DepartmentName", "department"),
        ("ApplicationCloseDate", "closes"),
    ):
        if job.get(key):
            extra[out] = job[key]
    for key, out in (
        ("JobCategory", "categories"),
        ("PositionSchedule", "schedule"),
    ):
        names = [
            c.get("Name")
            for c in job.get(key) or []
            if isinstance(c, dict) and c.get("Name")
        ]
        if names:
            extra[out] = names
    grades = [
        g.get("Code")
        for g in job.get("JobGrade") or []
        if isinstance(g, dict) and g.get("Code")
    ]
    if grades:
        extra["grade"] = {
            "pay_plan": grades,
            "low": details.get("LowGrade"),
            "high": details.get("HighGrade"),
        }
    return extra


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
