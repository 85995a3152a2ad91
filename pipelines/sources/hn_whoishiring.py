"""Hacker News "Ask HN: Who is hiring?" threads, through the HN Algolia API (public, no key).

Two requests per run:

1. Unless ``filters: {story_id: N}`` names a thread, find the latest one:
   ``GET {base}/api/v1/search_by_date?tags=story,author_whoishiring&hitsPerPage=20`` returns
   ``{"hits": [{"objectID": "...", "title": "Ask HN: Who is hiring? (September 2026)", ...}]}``,
   newest first; the first hit whose title starts with ``Ask HN: Who is hiring?`` is taken
   (the same account also posts "Who wants to be hired?" and "Freelancer?" threads).
2. ``GET {base}/api/v1/items/{story_id}`` returns the story with its comment tree:
   ``{"id", "title", "children": [{"id", "text" (HTML), "created_at" (ISO), "author", ...,
   "children": [...]}]}``. Each top-level comment with text is one posting (replies are not);
   deleted comments (no text) are skipped.

Mapping: the comment's first line (up to the first ``<p>``) is the title — by convention
``Company | Role | Location | ...`` — and its first ``|`` field the company; the whole comment is
the description; ``remote`` is True when the first line says remote; the URL is the comment's HN
page. The thread is read whole, so the result is complete for that thread. Attribution: Hacker
News (each posting links to its comment). Docs: https://hn.algolia.com/api
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location
from skillgap.pipelines.sources.base import FetchResult, expect_list, filter_params

__all__ = ["THREAD_PREFIX", "HNWhoIsHiring"]

THREAD_PREFIX = "Ask HN: Who is hiring?"
MAX_TITLE = 200


class HNWhoIsHiring:
    name: ClassVar[str] = "hn_whoishiring"
    takes_boards: ClassVar[bool] = False
    default_base_url: ClassVar[str] = "https://hn.algolia.com"
    attribution: ClassVar[str] = (
        "Hacker News 'Who is hiring?' (https://news.ycombinator.com) via HN Algolia"
    )
    filter_keys: ClassVar[frozenset[str]] = frozenset({"story_id"})

    def fetch(
        self,
        http: HttpClient,
        *,
        board: str | None,
        base_url: str | None,
        filters: Mapping[str, Any] | None = None,
    ) -> FetchResult:
        params = filter_params(self, filters, board)
        base = base_url or self.default_base_url
        story_id = params.get("story_id") or self._latest_story(http, base, board)
        if not str(story_id).isdigit():
            raise PermanentSourceError(
                f"hn_whoishiring story_id must be a number, got {story_id!r}",
                source=self.name,
                board=board,
            )
        path = f"/api/v1/items/{story_id}"
        story = http.get_json(f"{base}{path}", source=self.name, board=board)
        children = expect_list(
            story, "children", url=f"{base}{path}", source=self.name, board=board
        )
        records = [
            {
                **child,
                "story_id": child.get("story_id", story.get("id")),
                "story_title": story.get("title"),
            }
            for child in children
            if isinstance(child, dict) and child.get("text")
        ]
        return FetchResult(records, complete=True)

    def _latest_story(self, http: HttpClient, base: str, board: str | None) -> str:
        url = f"{base}/api/v1/search_by_date"
        payload = http.get_json(
            url,
            params={"tags": "story,author_whoishiring", "hitsPerPage": "20"},
            source=self.name,
            board=board,
        )
        for hit in expect_list(payload, "hits", url=url, source=self.name, board=board):
            if (
                isinstance(hit, dict)
                and str(hit.get("title") or "").startswith(THREAD_PREFIX)
                and hit.get("objectID")
            ):
                return str(hit["objectID"])
        raise PermanentSourceError(
            f"GET {url}: no '{THREAD_PREFIX}' story among the hits",
            source=self.name,
            board=board,
        )

    def parse(
        self, records: Iterable[dict[str, Any]], *, board: str | None
    ) -> list[NormalizedPosting]:
        return [self._parse_one(r) for r in records]

    def _parse_one(self, comment: dict[str, Any]) -> NormalizedPosting:
        if (
            not isinstance(comment, dict)
            or comment.get("id") is None
            or not comment.get("text")
        ):
            raise PermanentSourceError(
                "a hn_whoishiring record has no 'id' or 'text'", source=self.name
            )
        source_id = str(comment["id"])
        html = str(comment["text"])
        first = clean_description(html.split("<p>", 1)[0])
        first_line = next(
            (line.strip() for line in first.splitlines() if line.strip()), ""
        )
        title = (
            first_line
            if len(first_line) <= MAX_TITLE
            else first_line[: MAX_TITLE - 1].rstrip() + "…"
        )
        fields = [f.strip() for f in first_line.split("|")]
        company = fields[0] if len(fields) > 1 and fields[0] else None
        extra: dict[str, Any] = {"fields": fields} if len(fields) > 1 else {}
        for key in ("story_id", "story_title", "author"):
            if comment.get(key):
                extra[key] = comment[key]
        return NormalizedPosting(
            source=self.name,
            board="",
            source_id=source_id,
            title=title or f"HN comment {source_id}",
            description=clean_description(html),
            company=company,
            location=None,
            remote=remote_from_location(first_line),
            url=f"https://news.ycombinator.com/item?id={source_id}",
            posted_at=parse_timestamp(
                comment.get("created_at") or comment.get("created_at_i")
            ),
            attribution=self.attribution,
            raw=comment,
            extra=extra,
        )
