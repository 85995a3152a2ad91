"""Greenhouse Job Board API (public, no key).

``GET {base}/v1/boards/{board}/jobs?content=true`` lists every open job of a board with its
description. ``content`` arrives HTML-entity-escaped (``&lt;p&gt;``); :func:`html_to_text`
unescapes and flattens it. Docs: https://developers.greenhouse.io/job-board.html
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import FetchResult, expect_list, id_and_title, parse_all

__all__ = ["Greenhouse"]


class Greenhouse:
    name: ClassVar[str] = "greenhouse"
    takes_boards: ClassVar[bool] = True
    default_base_url: ClassVar[str] = "https://boards-api.greenhouse.io"
    attribution: ClassVar[str] = "Greenhouse Job Board API (boards-api.greenhouse.io)"

    def fetch(self, http: HttpClient, *, board: str | None, base_url: str | None) -> FetchResult:
        url = f"{base_url or self.default_base_url}/v1/boards/{board}/jobs"
        payload = http.get_json(url, params={"content": "true"}, source=self.name, board=board)
        expect_list(payload, "jobs", url=url, source=self.name, board=board)
        return FetchResult(payload["jobs"], complete=True)

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(records, lambda r: self._parse_one(r, board or ""), source=self.name, board=board)

    def _parse_one(self, job: dict[str, Any], board: str) -> NormalizedPosting:
        source_id, title = id_and_title(job, "id", "title", source=self.name, board=board)
        location = (job.get("location") or {}).get("name") if isinstance(job.get("location"), dict) else None
        extra: dict[str, Any] = {
            "departments": [d.get("name") for d in job.get("departments") or [] if isinstance(d, dict)],
            "offices": [o.get("name") for o in job.get("offices") or [] if isinstance(o, dict)],
        }
        for key in ("requisition_id", "internal_job_id", "education", "pay_input_ranges", "language"):
            if job.get(key) not in (None, "", []):
                extra[key] = job[key]
        return NormalizedPosting(
            source=self.name,
            board=board,
            source_id=source_id,
            title=title,
            description=clean_description(job.get("content")),
            company=(job.get("company_name") or board or None),
            location=location,
            remote=remote_from_location(location),
            url=job.get("absolute_url"),
            posted_at=parse_timestamp(job.get("first_published") or job.get("updated_at")),
            updated_at=parse_timestamp(job.get("updated_at")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )
