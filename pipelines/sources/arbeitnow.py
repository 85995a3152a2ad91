"""Arbeitnow job board API (public, no key; jobs in Germany/Europe, many remote).

``GET {base}/api/job-board-api`` returns ``{"data": [...], "links": {"first", "last", "prev",
"next"}, "meta": {"current_page", "per_page", ...}}``. Pages are followed through ``links.next``,
whose path and query are kept while scheme, host and port come from the configured base (so a
``base_url`` override also serves the follow-up pages), up to :data:`MAX_PAGES`; a feed cut at the
cap is returned with ``complete=False``. ``description`` arrives HTML-entity-escaped
(``&lt;p&gt;``); ``created_at`` is epoch seconds; ``remote`` is a boolean. Optional filters
(``visa_sponsorship``, ``remote``) are sent as query parameters on every page and make the result
incomplete as well. The job ``slug`` is the stable id.
Docs: https://documenter.getpostman.com/view/18545278/UVJbJdKh
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import FetchResult, expect_list, filter_params, id_and_title, parse_all

__all__ = ["Arbeitnow", "MAX_PAGES"]

MAX_PAGES = 30
_PATH = "/api/job-board-api"


class Arbeitnow:
    name: ClassVar[str] = "arbeitnow"
    takes_boards: ClassVar[bool] = False
    default_base_url: ClassVar[str] = "https://www.arbeitnow.com"
    attribution: ClassVar[str] = "Arbeitnow (https://www.arbeitnow.com)"
    filter_keys: ClassVar[frozenset[str]] = frozenset({"visa_sponsorship", "remote"})

    def __init__(self, *, max_pages: int = MAX_PAGES) -> None:
        self.max_pages = max_pages

    def fetch(
        self,
        http: HttpClient,
        *,
        board: str | None,
        base_url: str | None,
        filters: Mapping[str, Any] | None = None,
    ) -> FetchResult:
        filter_query = filter_params(self, filters, board)
        base = base_url or self.default_base_url
        url, params = f"{base}{_PATH}", dict(filter_query)
        records: list[dict[str, Any]] = []
        seen: set[str] = set()
        for _ in range(self.max_pages):
            payload = http.get_json(url, params=params or None, source=self.name, board=board)
            expect_list(payload, "data", url=url, source=self.name, board=board)
            records.extend(payload["data"])
            seen.add(_key(url, params))
            next_link = (payload.get("links") or {}).get("next") if isinstance(payload.get("links"), dict) else None
            if not next_link or not payload["data"]:
                return FetchResult(records, complete=not filter_query)
            parts = urlsplit(str(next_link))
            url = f"{base}{parts.path or _PATH}"
            params = {**dict(parse_qsl(parts.query)), **filter_query}
            if _key(url, params) in seen:  # a next link pointing back: stop rather than loop
                return FetchResult(records, complete=not filter_query)
        return FetchResult(records, complete=False)  # cut at max_pages

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(records, self._parse_one, source=self.name, board=board)

    def _parse_one(self, job: dict[str, Any]) -> NormalizedPosting:
        source_id, title = id_and_title(job, "slug", "title", source=self.name)
        location = str(job.get("location") or "").strip() or None
        remote = job["remote"] if isinstance(job.get("remote"), bool) else remote_from_location(location)
        extra: dict[str, Any] = {}
        for key in ("tags", "job_types", "visa_sponsorship"):
            if job.get(key) not in (None, "", []):
                extra[key] = job[key]
        return NormalizedPosting(
            source=self.name,
            board="",
            source_id=source_id,
            title=title,
            description=clean_description(job.get("description")),
            company=str(job.get("company_name") or "").strip() or None,
            location=location,
            remote=remote,
            url=job.get("url"),
            posted_at=parse_timestamp(job.get("created_at")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )


def _key(url: str, params: Mapping[str, str]) -> str:
    return url + "?" + "&".join(f"{k}={v}" for k, v in sorted(params.items()))
