"""Adzuna job search API (free key: app id + app key).

``GET {base}/v1/api/jobs/{country}/search/{page}?app_id=..&app_key=..&results_per_page=N`` (pages
from 1) returns ``{"__CLASS__": "Adzuna::API::Response::JobSearchResults", "count": N, "mean": ..,
"results": [...]}``. The id and key come from the environment (``ADZUNA_APP_ID``,
``ADZUNA_APP_KEY``); either missing is a :class:`PermanentSourceError` naming them. They travel as
query parameters, so they are never logged by this module (error messages quote the path only).

``filters``: ``country`` (two-letter Adzuna country, default ``us``; goes into the path), ``what``,
``where``, ``what_or``, ``what_exclude``, ``category``, ``max_days_old`` and
``results_per_page`` (default 50). Adzuna aggregates millions of jobs, so reading stops after
:data:`MAX_PAGES` pages and the result is never the complete listing (``complete=False``) unless
the last page was reached without a search filter.

Per job: ``id``, ``title``, ``description`` (a snippet, plain text with HTML remnants),
``redirect_url``, ``created`` (ISO, ``Z``), ``company.display_name``, ``location.display_name``
and ``location.area``, ``salary_min``/``salary_max``/``salary_is_predicted``, ``contract_type``,
``contract_time``, ``category.label``. Terms: credit Adzuna and link to the ad
(``redirect_url``). Docs: https://developer.adzuna.com/docs/search
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import (
    FetchResult,
    env_credentials,
    expect_list,
    filter_params,
    id_and_title,
    parse_all,
)

__all__ = ["MAX_PAGES", "Adzuna"]

MAX_PAGES = 3
ID_ENV = "ADZUNA_APP_ID"
KEY_ENV = "ADZUNA_APP_KEY"
_COUNTRY = re.compile(r"^[a-z]{2}$")
_SEARCH_KEYS = frozenset(
    {"what", "where", "what_or", "what_exclude", "category", "max_days_old"}
)


class Adzuna:
    name: ClassVar[str] = "adzuna"
    takes_boards: ClassVar[bool] = False
    default_base_url: ClassVar[str] = "https://api.adzuna.com"
    attribution: ClassVar[str] = "Jobs by Adzuna (https://www.adzuna.com)"
    filter_keys: ClassVar[frozenset[str]] = _SEARCH_KEYS | {
        "country",
        "results_per_page",
    }

    def __init__(
        self, *, max_pages: int = MAX_PAGES, env: Mapping[str, str] | None = None
    ) -> None:
        self.max_pages = max_pages
        self._env = env  # None: os.environ at fetch time

    def _credentials(self, board: str | None) -> dict[str, str]:
        app_id, app_key = env_credentials(
            os.environ if self._env is None else self._env, (ID_ENV, KEY_ENV), source=self.name, board=board,
            needs="an app id and key (free: https://developer.adzuna.com/signup)",
        )
        return {"app_id": app_id, "app_key": app_key}

    def fetch(
        self,
        http: HttpClient,
        *,
        board: str | None,
        base_url: str | None,
        filters: Mapping[str, Any] | None = None,
    ) -> FetchResult:
        params = filter_params(self, filters, board)
        country = str(params.pop("country", "us")).lower()
        if not _COUNTRY.match(country):
            raise PermanentSourceError(
                f"adzuna country must be two letters, got {country!r}",
                source=self.name,
                board=board,
            )
        params.setdefault("results_per_page", "50")
        credentials = self._credentials(board)
        searched = bool(_SEARCH_KEYS & set(params))
        records: list[dict[str, Any]] = []
        for page in range(1, self.max_pages + 1):
            path = f"/v1/api/jobs/{country}/search/{page}"
            url = f"{base_url or self.default_base_url}{path}"
            payload = http.get_json(
                url, params={**credentials, **params}, source=self.name, board=board
            )
            results = expect_list(
                payload, "results", url=path, source=self.name, board=board
            )
            records.extend(results)
            count = payload.get("count")
            if not results or (isinstance(count, int) and len(records) >= count):
                return FetchResult(records, complete=not searched)
        return FetchResult(records, complete=False)

    def parse(
        self, records: Iterable[dict[str, Any]], *, board: str | None
    ) -> list[NormalizedPosting]:
        return parse_all(records, self._parse_one, source=self.name, board=board)

    def _parse_one(self, job: dict[str, Any]) -> NormalizedPosting:
        source_id, title = id_and_title(job, "id", "title", source=self.name)
        company = job["company"] if isinstance(job.get("company"), dict) else {}
        where = job["location"] if isinstance(job.get("location"), dict) else {}
        location = str(where.get("display_name") or "").strip() or None
        extra: dict[str, Any] = {}
        if job.get("salary_min") is not None or job.get("salary_max") is not None:
            extra["salary"] = {
                "min": job.get("salary_min"),
                "max": job.get("salary_max"),
                "predicted": str(job.get("salary_is_predicted")) == "1",
            }
        for key in ("contract_type", "contract_time"):
            if job.get(key):
                extra[key] = job[key]
        if isinstance(job.get("category"), dict) and job["category"].get("label"):
            extra["category"] = job["category"]["label"]
        if isinstance(where.get("area"), list):
            extra["area"] = where["area"]
        return NormalizedPosting(
            source=self.name,
            board="",
            source_id=source_id,
            title=clean_description(title),
            description=clean_description(job.get("description")),
            company=str(company.get("display_name") or "").strip() or None,
            location=location,
            remote=remote_from_location(location),
            url=job.get("redirect_url"),
            posted_at=parse_timestamp(job.get("created")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )
