"""Recruitee Careers Site API (public, no key).

``GET https://{board}.recruitee.com/api/offers/`` returns ``{"offers": [...]}`` — every published
offer of the company in one response. The host carries the board, so :attr:`default_base_url` is a
template; a ``base_url`` override replaces scheme/host/port and keeps the path (``{base}/api/offers/``).
Offers have a numeric ``id`` and a ``slug``, HTML ``description`` plus separate HTML
``requirements`` (often null), ``remote``/``hybrid``/``on_site`` booleans, ``careers_url``, and
timestamps like ``"2026-08-28 11:47:47 UTC"``. ``salary`` (strings), ``experience_code``
(``entry_level``...), ``employment_type_code`` and ``education_code`` go to ``extra``.
Docs: https://docs.recruitee.com/reference/offers
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import FetchResult, expect_list, id_and_title, parse_all

__all__ = ["Recruitee"]


class Recruitee:
    name: ClassVar[str] = "recruitee"
    takes_boards: ClassVar[bool] = True
    default_base_url: ClassVar[str] = "https://{board}.recruitee.com"
    attribution: ClassVar[str] = "Recruitee Careers Site API (recruitee.com)"

    def fetch(self, http: HttpClient, *, board: str | None, base_url: str | None) -> FetchResult:
        base = base_url or self.default_base_url.format(board=board)
        url = f"{base}/api/offers/"
        payload = http.get_json(url, source=self.name, board=board)
        expect_list(payload, "offers", url=url, source=self.name, board=board)
        return FetchResult(payload["offers"], complete=True)

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(records, lambda r: self._parse_one(r, board or ""), source=self.name, board=board)

    def _parse_one(self, offer: dict[str, Any], board: str) -> NormalizedPosting:
        source_id, title = id_and_title(offer, "id", "title", source=self.name, board=board)
        location = str(offer.get("location") or "").strip() or None
        if offer.get("remote") is True:
            remote: bool | None = True
        elif offer.get("on_site") is True or offer.get("hybrid") is True:
            remote = False
        else:
            remote = remote_from_location(location)
        description = "".join(str(offer.get(k) or "") for k in ("description", "requirements"))
        extra: dict[str, Any] = {}
        for key in ("slug", "department", "experience_code", "employment_type_code", "education_code", "category_code",
                    "salary", "min_hours", "max_hours", "hybrid", "on_site", "tags", "close_at", "status"):
            if offer.get(key) not in (None, "", [], {}):
                extra[key] = offer[key]
        if offer.get("locations"):
            extra["locations"] = [loc.get("name") for loc in offer["locations"] if isinstance(loc, dict)]
        return NormalizedPosting(
            source=self.name,
            board=board,
            source_id=source_id,
            title=title,
            description=clean_description(description),
            company=str(offer.get("company_name") or "").strip() or board or None,
            location=location,
            remote=remote,
            url=offer.get("careers_url"),
            posted_at=parse_timestamp(_iso(offer.get("published_at") or offer.get("created_at"))),
            updated_at=parse_timestamp(_iso(offer.get("updated_at"))),
            attribution=self.attribution,
            raw=offer,
            extra=extra,
        )


def _iso(value: Any) -> Any:
    """``"2026-08-28 11:47:47 UTC"`` -> ``"2026-08-28 11:47:47+00:00"`` (fromisoformat rejects " UTC")."""
    if isinstance(value, str) and value.rstrip().endswith(" UTC"):
        return value.rstrip()[: -len(" UTC")] + "+00:00"
    return value
