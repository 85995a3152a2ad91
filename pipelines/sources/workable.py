"""Workable public account (widget) API (no key).

``GET {base}/api/accounts/{board}?details=true`` returns ``{"name": <company>, "description":
<company HTML>, "jobs": [...]}`` — every published job of the account in one response, with its
HTML ``description`` when ``details=true``. The job id is ``shortcode``; ``published_on`` and
``created_at`` are dates (``YYYY-MM-DD``); absent ``city``/``state`` are ``""`` rather than null;
``telecommuting`` is the remote flag. The company name lives on the envelope, so :meth:`fetch`
copies it onto each record as ``_account_name`` (the only key we add to a raw record).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import FetchResult, expect_list, id_and_title, parse_all

__all__ = ["Workable"]


class Workable:
    name: ClassVar[str] = "workable"
    takes_boards: ClassVar[bool] = True
    default_base_url: ClassVar[str] = "https://www.workable.com"
    attribution: ClassVar[str] = "Workable (apply.workable.com)"

    def fetch(self, http: HttpClient, *, board: str | None, base_url: str | None) -> FetchResult:
        url = f"{base_url or self.default_base_url}/api/accounts/{board}"
        payload = http.get_json(url, params={"details": "true"}, source=self.name, board=board)
        expect_list(payload, "jobs", url=url, source=self.name, board=board)
        account = str(payload.get("name") or "").strip() or None
        records = [{**job, "_account_name": account} if isinstance(job, dict) else job for job in payload["jobs"]]
        return FetchResult(records, complete=True)

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(records, lambda r: self._parse_one(r, board or ""), source=self.name, board=board)

    def _parse_one(self, job: dict[str, Any], board: str) -> NormalizedPosting:
        source_id, title = id_and_title(job, "shortcode", "title", source=self.name, board=board)
        location = _location(job)
        if isinstance(job.get("telecommuting"), bool):
            remote: bool | None = job["telecommuting"] or bool(remote_from_location(location))
        else:
            remote = remote_from_location(location)
        extra: dict[str, Any] = {}
        for key in ("code", "employment_type", "department", "education", "experience", "function", "industry",
                    "application_url", "locations"):
            if job.get(key) not in (None, "", []):
                extra[key] = job[key]
        return NormalizedPosting(
            source=self.name,
            board=board,
            source_id=source_id,
            title=title,
            description=clean_description(job.get("description")),
            company=job.get("_account_name") or board or None,
            location=location,
            remote=remote,
            url=job.get("url") or job.get("shortlink"),
            posted_at=parse_timestamp(job.get("published_on") or job.get("created_at")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )


def _location(job: dict[str, Any]) -> str | None:
    parts = [str(job.get(k) or "").strip() for k in ("city", "state", "country")]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or None
