"""Lever Postings API v0 (public, no key).

``GET {base}/v0/postings/{board}?mode=json`` returns every published posting of a site as a bare
JSON array in one response (``skip``/``limit`` exist but are optional; without them the whole
board comes back, as the live ``leverdemo`` board with 384 postings does). The title is ``text``,
``createdAt`` is epoch milliseconds, the description is split over ``description`` (intro),
``lists`` (titled ``<li>`` blocks such as "Requirements") and ``additional`` (closing text).
Docs: https://github.com/lever/postings-api
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any, ClassVar

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import FetchResult, board_display_name, id_and_title, parse_all

__all__ = ["Lever"]

# Lever's workplaceType: on-site | remote | hybrid | unspecified.
_WORKPLACE_REMOTE = {"remote": True, "on-site": False, "onsite": False, "hybrid": False}


class Lever:
    name: ClassVar[str] = "lever"
    takes_boards: ClassVar[bool] = True
    default_base_url: ClassVar[str] = "https://api.lever.co"
    attribution: ClassVar[str] = "Lever Postings API (api.lever.co)"

    def fetch(self, http: HttpClient, *, board: str | None, base_url: str | None) -> FetchResult:
        url = f"{base_url or self.default_base_url}/v0/postings/{board}"
        payload = http.get_json(url, params={"mode": "json"}, source=self.name, board=board)
        if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
            raise PermanentSourceError(
                f"GET {url}: expected a JSON array of posting objects, got {type(payload).__name__}",
                source=self.name,
                board=board,
            )
        return FetchResult(payload, complete=True)

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(records, lambda r: self._parse_one(r, board or ""), source=self.name, board=board)

    def _parse_one(self, job: dict[str, Any], board: str) -> NormalizedPosting:
        source_id, title = id_and_title(job, "id", "text", source=self.name, board=board)
        categories = job["categories"] if isinstance(job.get("categories"), dict) else {}
        location = categories.get("location") or None
        workplace = str(job.get("workplaceType") or "").lower()
        remote = _WORKPLACE_REMOTE.get(workplace)
        if remote is None:
            remote = remote_from_location(location)
        extra: dict[str, Any] = {}
        for key in ("commitment", "department", "team", "level", "allLocations"):
            if categories.get(key) not in (None, "", []):
                extra[key] = categories[key]
        for key in ("workplaceType", "country", "salaryRange", "applyUrl"):
            if job.get(key) not in (None, "", []):
                extra[key] = job[key]
        if job.get("salaryDescriptionPlain"):
            extra["salaryDescription"] = str(job["salaryDescriptionPlain"]).strip()
        return NormalizedPosting(
            source=self.name,
            board=board,
            source_id=source_id,
            title=title,
            description=clean_description(_description_html(job)),
            company=board_display_name(board),  # no company name in the payload: the config's `company` replaces it
            location=location,
            remote=remote,
            url=job.get("hostedUrl"),
            posted_at=parse_timestamp(job.get("createdAt")),
            updated_at=parse_timestamp(job.get("updatedAt")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )


def _description_html(job: dict[str, Any]) -> str:
    """One HTML document: intro, each titled list as a heading plus its items, closing text.

    Lever's ``lists[].content`` is bare ``<li>`` markup; wrapping it in ``<ul>`` under an
    ``<h3>`` keeps "Requirements" / "Nice to have" as their own sections for extraction.
    """
    parts: list[str] = []
    if job.get("description"):
        parts.append(str(job["description"]))
    elif job.get("descriptionPlain"):
        parts.append(f"<p>{html.escape(str(job['descriptionPlain']))}</p>")
    for block in job.get("lists") or []:
        if not isinstance(block, dict):
            continue
        heading = str(block.get("text") or "").strip()
        if heading:
            parts.append(f"<h3>{html.escape(heading)}</h3>")
        if block.get("content"):
            parts.append(f"<ul>{block['content']}</ul>")
    if job.get("additional"):
        parts.append(str(job["additional"]))
    elif job.get("additionalPlain"):
        parts.append(f"<p>{html.escape(str(job['additionalPlain']))}</p>")
    return "".join(parts)
