"""Jobicy remote jobs API v2 (public, no key).

``GET {base}/api/v2/remote-jobs?count=100`` returns ``{"apiVersion": "2.0", "friendlyNotice",
"jobCount", "lastUpdate", "jobs": [...]}`` — the newest jobs, at most ``count`` (1–100), no
paging. Optional filters: ``geo`` (e.g. ``usa``, ``europe``), ``industry`` (e.g.
``data-science``), ``tag`` (a search term). A filtered feed, or one that came back full (as many
jobs as asked for, so older ones may be missing), is returned with ``complete=False``.
``id`` is a number, ``pubDate`` is ``"YYYY-MM-DD HH:MM:SS"`` (UTC), ``jobDescription`` HTML;
salary keys changed over time (``annualSalaryMin/Max`` in 2024 captures, ``salaryMin/Max`` +
``salaryPeriod`` in the current README), both are kept in ``extra``.

Terms: poll at most once an hour, credit Jobicy and do not redistribute listings to other job
platforms — each posting keeps :attr:`Jobicy.attribution`. Docs: https://jobicy.com/jobs-rss-feed
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp
from skillgap.pipelines.sources.base import FetchResult, expect_list, filter_params, id_and_title, parse_all

__all__ = ["Jobicy", "MAX_COUNT"]

MAX_COUNT = 100


class Jobicy:
    name: ClassVar[str] = "jobicy"
    takes_boards: ClassVar[bool] = False
    default_base_url: ClassVar[str] = "https://jobicy.com"
    attribution: ClassVar[str] = "Jobicy (https://jobicy.com) — not for redistribution to other job platforms"
    filter_keys: ClassVar[frozenset[str]] = frozenset({"geo", "industry", "tag", "count"})

    def fetch(
        self,
        http: HttpClient,
        *,
        board: str | None,
        base_url: str | None,
        filters: Mapping[str, Any] | None = None,
    ) -> FetchResult:
        filter_query = filter_params(self, filters, board)
        count = filter_query.pop("count", str(MAX_COUNT))
        url = f"{base_url or self.default_base_url}/api/v2/remote-jobs"
        payload = http.get_json(url, params={"count": count, **filter_query}, source=self.name, board=board)
        expect_list(payload, "jobs", url=url, source=self.name, board=board)
        jobs = payload["jobs"]
        full = count.isdigit() and len(jobs) >= int(count)
        return FetchResult(jobs, complete=not filter_query and not full)

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(records, self._parse_one, source=self.name, board=board)

    def _parse_one(self, job: dict[str, Any]) -> NormalizedPosting:
        source_id, title = id_and_title(job, "id", "jobTitle", source=self.name)
        extra: dict[str, Any] = {}
        for key in ("jobSlug", "jobIndustry", "jobType", "jobLevel", "annualSalaryMin", "annualSalaryMax",
                    "salaryMin", "salaryMax", "salaryCurrency", "salaryPeriod"):
            if job.get(key) not in (None, "", []):
                extra[key] = job[key]
        if isinstance(extra.get("jobIndustry"), list):  # arrives entity-escaped: "DevOps &amp; SysAdmin"
            extra["jobIndustry"] = [html.unescape(str(x)) for x in extra["jobIndustry"]]
        return NormalizedPosting(
            source=self.name,
            board="",
            source_id=source_id,
            title=html.unescape(title),  # WordPress-made titles may carry entities (&#8211;)
            description=clean_description(job.get("jobDescription") or job.get("jobExcerpt")),
            company=html.unescape(str(job.get("companyName") or "")).strip() or None,
            location=" ".join(str(job.get("jobGeo") or "").split()) or None,
            remote=True,  # Jobicy lists remote jobs only; jobGeo says from where
            url=job.get("url"),
            posted_at=parse_timestamp(job.get("pubDate")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )
