"""The Muse public jobs API (no key needed; 500 requests an hour without one).

``GET {base}/api/public/jobs?page=N`` returns ``{"page", "page_count", "items_per_page", "took",
"timed_out", "total", "results": [...]}`` with 20 jobs a page, pages counted from 0. The whole
feed is ~400k jobs, so reading stops after :data:`MAX_PAGES` pages with ``complete=False``; use
filters — ``category`` (e.g. ``Data and Analytics``, ``Data Science``, ``Software Engineering``),
``level`` (``Entry Level``, ``Internship``, ``Mid Level``...), ``location``, ``company``, each a
value or a list of values — to read the part that matters. A filtered feed is never complete.
Jobs: numeric ``id``, ``name`` (title), HTML ``contents``, ISO ``publication_date``,
``locations[].name`` (``"Flexible / Remote"`` means remote), ``levels``, ``categories``,
``company.name``, ``refs.landing_page``. Docs: https://www.themuse.com/developers/api/v2
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import FetchResult, expect_list, filter_params, id_and_title, parse_all

__all__ = ["TheMuse", "MAX_PAGES"]

MAX_PAGES = 20


class TheMuse:
    name: ClassVar[str] = "themuse"
    takes_boards: ClassVar[bool] = False
    default_base_url: ClassVar[str] = "https://www.themuse.com"
    attribution: ClassVar[str] = "The Muse (https://www.themuse.com)"
    filter_keys: ClassVar[frozenset[str]] = frozenset({"category", "level", "location", "company", "descending"})

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
        url = f"{base_url or self.default_base_url}/api/public/jobs"
        records: list[dict[str, Any]] = []
        for page in range(self.max_pages):
            payload = http.get_json(url, params={**filter_query, "page": page}, source=self.name, board=board)
            expect_list(payload, "results", url=url, source=self.name, board=board)
            records.extend(payload["results"])
            page_count = payload.get("page_count")
            if not payload["results"] or not isinstance(page_count, int) or page + 1 >= page_count:
                return FetchResult(records, complete=not filter_query)
        return FetchResult(records, complete=False)

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(records, self._parse_one, source=self.name, board=board)

    def _parse_one(self, job: dict[str, Any]) -> NormalizedPosting:
        source_id, title = id_and_title(job, "id", "name", source=self.name)
        locations = [str(x.get("name")).strip() for x in job.get("locations") or [] if isinstance(x, dict) and x.get("name")]
        company = job["company"] if isinstance(job.get("company"), dict) else {}
        refs = job["refs"] if isinstance(job.get("refs"), dict) else {}
        extra: dict[str, Any] = {
            "levels": [x.get("name") for x in job.get("levels") or [] if isinstance(x, dict)],
            "categories": [x.get("name") for x in job.get("categories") or [] if isinstance(x, dict)],
        }
        if job.get("tags"):
            extra["tags"] = job["tags"]
        if job.get("type"):
            extra["type"] = job["type"]
        if company.get("short_name"):
            extra["company_short_name"] = company["short_name"]
        return NormalizedPosting(
            source=self.name,
            board="",
            source_id=source_id,
            title=title,
            description=clean_description(job.get("contents")),
            company=str(company.get("name") or "").strip() or None,
            location="; ".join(locations) or None,
            remote=True if any(remote_from_location(loc) for loc in locations) else None,
            url=refs.get("landing_page"),
            posted_at=parse_timestamp(job.get("publication_date")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )
