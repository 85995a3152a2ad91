"""Remotive remote jobs API (public, no key).

``GET {base}/api/remote-jobs`` returns ``{"0-legal-notice": ..., "job-count": N, "jobs": [...]}``
(older captures show only ``jobs``). Optional query filters: ``category`` (a category slug such as
``software-dev`` or ``data``), ``company_name``, ``search`` and ``limit``; a filtered or limited
feed is not the complete listing, so it is returned with ``complete=False`` and closing logic does
not close postings it did not see. ``publication_date`` is naive ISO (UTC). Every job is remote;
``candidate_required_location`` says where candidates may live.

Terms: at most 4 requests a day, and a link back to Remotive with credit — each posting keeps its
Remotive ``url`` and :attr:`Remotive.attribution`. Docs: https://github.com/remotive-com/remote-jobs-api
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp
from skillgap.pipelines.sources.base import FetchResult, expect_list, filter_params, id_and_title, parse_all

__all__ = ["Remotive"]


class Remotive:
    name: ClassVar[str] = "remotive"
    takes_boards: ClassVar[bool] = False
    default_base_url: ClassVar[str] = "https://remotive.com"
    attribution: ClassVar[str] = "Remotive (https://remotive.com) — jobs link back to their Remotive page"
    filter_keys: ClassVar[frozenset[str]] = frozenset({"category", "company_name", "search", "limit"})

    def fetch(
        self,
        http: HttpClient,
        *,
        board: str | None,
        base_url: str | None,
        filters: Mapping[str, Any] | None = None,
    ) -> FetchResult:
        params = filter_params(self, filters, board)
        url = f"{base_url or self.default_base_url}/api/remote-jobs"
        payload = http.get_json(url, params=params or None, source=self.name, board=board)
        expect_list(payload, "jobs", url=url, source=self.name, board=board)
        return FetchResult(payload["jobs"], complete=not params)

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(records, self._parse_one, source=self.name, board=board)

    def _parse_one(self, job: dict[str, Any]) -> NormalizedPosting:
        source_id, title = id_and_title(job, "id", "title", source=self.name)
        extra: dict[str, Any] = {}
        for key in ("category", "tags", "job_type", "salary"):
            if job.get(key) not in (None, "", []):
                extra[key] = job[key]
        return NormalizedPosting(
            source=self.name,
            board="",
            source_id=source_id,
            title=title,
            description=clean_description(job.get("description")),
            company=str(job.get("company_name") or "").strip() or None,
            location=str(job.get("candidate_required_location") or "").strip() or None,
            remote=True,  # Remotive lists remote jobs only
            url=job.get("url"),
            posted_at=parse_timestamp(job.get("publication_date")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )
