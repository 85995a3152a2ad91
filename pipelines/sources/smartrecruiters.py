"""SmartRecruiters Posting API (public, no key).

The list ``GET {base}/v1/companies/{board}/postings?limit=100&offset=N`` returns
``{"offset", "limit", "totalFound", "content": [...]}`` without descriptions, so each posting is
then read from its detail endpoint ``GET {base}/v1/companies/{board}/postings/{id}``, whose
``jobAd.sections`` (``companyDescription``, ``jobDescription``, ``qualifications``,
``additionalInformation``: each ``{"title", "text"}`` with HTML text) make the description. Both
requests keep the configured base (the ``ref`` links in the list point at the real host and are
not followed). Reading stops after :data:`MAX_PAGES` list pages or :data:`MAX_DETAILS` detail
requests; postings past a cap are left out and the board is returned with ``complete=False``.
``releasedDate`` is ISO with ``Z``; ``location`` has ``remote``/``hybrid`` booleans and
``fullLocation``; ``experienceLevel.id`` (``entry_level``, ``associate``...) and
``typeOfEmployment`` go to ``extra``.
Docs: https://developers.smartrecruiters.com/docs/posting-api
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any, ClassVar

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import FetchResult, expect_list, id_and_title, parse_all

__all__ = ["SmartRecruiters", "MAX_PAGES", "MAX_DETAILS", "PAGE_SIZE"]

PAGE_SIZE = 100
MAX_PAGES = 10
MAX_DETAILS = 400
_SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


class SmartRecruiters:
    name: ClassVar[str] = "smartrecruiters"
    takes_boards: ClassVar[bool] = True
    default_base_url: ClassVar[str] = "https://api.smartrecruiters.com"
    attribution: ClassVar[str] = "SmartRecruiters Posting API (api.smartrecruiters.com)"

    def __init__(self, *, max_pages: int = MAX_PAGES, max_details: int = MAX_DETAILS) -> None:
        self.max_pages = max_pages
        self.max_details = max_details

    def fetch(self, http: HttpClient, *, board: str | None, base_url: str | None) -> FetchResult:
        url = f"{base_url or self.default_base_url}/v1/companies/{board}/postings"
        listed: list[dict[str, Any]] = []
        complete = False
        for page in range(self.max_pages):
            payload = http.get_json(url, params={"limit": PAGE_SIZE, "offset": page * PAGE_SIZE}, source=self.name, board=board)
            expect_list(payload, "content", url=url, source=self.name, board=board)
            content = [c for c in payload["content"] if isinstance(c, dict)]
            if len(content) != len(payload["content"]) or any("id" not in c for c in content):
                raise PermanentSourceError(f"GET {url}: a posting in 'content' is not an object with an 'id'", source=self.name, board=board)
            listed.extend(content)
            total = payload.get("totalFound")
            if not content or (isinstance(total, int) and len(listed) >= total) or len(content) < PAGE_SIZE:
                complete = True
                break
        if len(listed) > self.max_details:
            listed, complete = listed[: self.max_details], False
        records = []
        for item in listed:
            detail_url = f"{url}/{item['id']}"
            detail = http.get_json(detail_url, source=self.name, board=board)
            if not isinstance(detail, dict) or "id" not in detail:
                raise PermanentSourceError(f"GET {detail_url}: expected a posting object", source=self.name, board=board)
            records.append(detail)
        return FetchResult(records, complete=complete)

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(records, lambda r: self._parse_one(r, board or ""), source=self.name, board=board)

    def _parse_one(self, job: dict[str, Any], board: str) -> NormalizedPosting:
        source_id, title = id_and_title(job, "id", "name", source=self.name, board=board)
        loc = job["location"] if isinstance(job.get("location"), dict) else {}
        location = loc.get("fullLocation") or ", ".join(
            str(loc[k]) for k in ("city", "region", "country") if loc.get(k)
        ) or None
        if loc.get("remote") is True:
            remote: bool | None = True
        elif loc.get("remote") is False:
            remote = False
        else:
            remote = remote_from_location(location)
        company = job["company"] if isinstance(job.get("company"), dict) else {}
        extra: dict[str, Any] = {}
        for key in ("experienceLevel", "typeOfEmployment", "function", "industry", "department"):
            value = job.get(key)
            if isinstance(value, dict) and (value.get("id") or value.get("label")):
                extra[key] = value.get("id") or value.get("label")
        for key in ("refNumber", "applyUrl", "language"):
            if job.get(key) not in (None, "", {}):
                extra[key] = job[key]
        if loc.get("hybrid") is not None:
            extra["hybrid"] = loc["hybrid"]
        return NormalizedPosting(
            source=self.name,
            board=board,
            source_id=source_id,
            title=title,
            description=clean_description(_description_html(job)),
            company=str(company.get("name") or "").strip() or board or None,
            location=location,
            remote=remote,
            url=job.get("postingUrl") or f"https://jobs.smartrecruiters.com/{board}/{source_id}",
            posted_at=parse_timestamp(job.get("releasedDate")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )


def _description_html(job: dict[str, Any]) -> str:
    sections = ((job.get("jobAd") or {}).get("sections") or {}) if isinstance(job.get("jobAd"), dict) else {}
    parts = []
    for key in _SECTIONS:
        section = sections.get(key)
        if isinstance(section, dict) and section.get("text"):
            if section.get("title"):
                parts.append(f"<h3>{html.escape(str(section['title']))}</h3>")
            parts.append(str(section["text"]))
    return "".join(parts)
