"""Ashby public Job Posting API (no key).

``GET {base}/posting-api/job-board/{board}?includeCompensation=true`` returns the whole board in
one response (no paging) as ``{"apiVersion": "1", "jobs": [...]}``. Each job carries
``descriptionHtml`` and ``descriptionPlain``, ``publishedAt`` (ISO 8601 with offset),
``workplaceType`` (OnSite | Hybrid | Remote) and ``isRemote``; with ``includeCompensation`` also a
``compensation`` object (tier summaries and ``summaryComponents`` with min/max values), kept in
``extra``. Note ``isRemote`` is true for some Hybrid jobs, so ``workplaceType`` decides first.
Docs: https://developers.ashbyhq.com/docs/public-job-posting-api
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import FetchResult, SkipRecord, board_display_name, expect_list, id_and_title, parse_all

__all__ = ["Ashby"]


class Ashby:
    name: ClassVar[str] = "ashby"
    takes_boards: ClassVar[bool] = True
    default_base_url: ClassVar[str] = "https://api.ashbyhq.com"
    attribution: ClassVar[str] = "Ashby Job Posting API (api.ashbyhq.com)"

    def fetch(self, http: HttpClient, *, board: str | None, base_url: str | None) -> FetchResult:
        url = f"{base_url or self.default_base_url}/posting-api/job-board/{board}"
        payload = http.get_json(url, params={"includeCompensation": "true"}, source=self.name, board=board)
        expect_list(payload, "jobs", url=url, source=self.name, board=board)
        return FetchResult(payload["jobs"], complete=True)

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(records, lambda r: self._parse_one(r, board or ""), source=self.name, board=board)

    def _parse_one(self, job: dict[str, Any], board: str) -> NormalizedPosting:
        if isinstance(job, dict) and job.get("isListed") is False:  # hidden from the public board
            raise SkipRecord("not listed publicly", source=self.name, board=board)
        source_id, title = id_and_title(job, "id", "title", source=self.name, board=board)
        location = str(job.get("location") or "").strip() or None
        secondary = [
            str(s.get("location")).strip()
            for s in job.get("secondaryLocations") or []
            if isinstance(s, dict) and s.get("location")
        ]
        extra: dict[str, Any] = {}
        for key in ("department", "team", "employmentType", "workplaceType", "isRemote", "applyUrl", "address"):
            if job.get(key) not in (None, "", []):
                extra[key] = job[key]
        if secondary:
            extra["secondaryLocations"] = secondary
        compensation = job.get("compensation")
        if isinstance(compensation, dict) and compensation:
            extra["compensation"] = compensation
            salary = _salary(compensation)
            if salary:
                extra["salary"] = salary
        description = job.get("descriptionHtml") or job.get("descriptionPlain")
        return NormalizedPosting(
            source=self.name,
            board=board,
            source_id=source_id,
            title=title,
            description=clean_description(description),
            company=board_display_name(board),  # no company name in the payload: the config's `company` replaces it
            location=location,
            remote=_remote(job, [location, *secondary]),
            url=job.get("jobUrl"),
            posted_at=parse_timestamp(job.get("publishedAt")),
            updated_at=parse_timestamp(job.get("updatedAt")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )


def _remote(job: dict[str, Any], locations: list[str | None]) -> bool | None:
    """Remote when the job is Remote, or any of its locations is a remote one (Hybrid HQ +
    "Remote (US)"); Hybrid/OnSite otherwise are not remote; ``isRemote`` only as a fallback."""
    workplace = str(job.get("workplaceType") or "").lower().replace("-", "").replace(" ", "")
    if workplace == "remote":
        return True
    if any(remote_from_location(loc) for loc in locations):
        return True
    if workplace in ("onsite", "hybrid"):
        return False
    if isinstance(job.get("isRemote"), bool):
        return job["isRemote"]
    return None


def _salary(compensation: dict[str, Any]) -> dict[str, Any] | None:
    """The salary component of ``summaryComponents`` as ``{min, max, currency, interval}``."""
    for component in compensation.get("summaryComponents") or []:
        if isinstance(component, dict) and str(component.get("compensationType", "")).lower() == "salary":
            return {
                "min": component.get("minValue"),
                "max": component.get("maxValue"),
                "currency": component.get("currencyCode"),
                "interval": component.get("interval"),
            }
    return None
