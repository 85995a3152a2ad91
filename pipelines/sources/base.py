"""The ``Source`` protocol every adapter implements.

Fetching (I/O through the shared :class:`~pipelines.http.HttpClient`) and parsing (pure functions
of the JSON) are separate so parsers are tested on fixtures alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Protocol, runtime_checkable

from pipelines.http import HttpClient
from pipelines.models import NormalizedPosting

__all__ = ["Source", "FetchResult"]


class FetchResult:
    """Raw records of one board (or feed) plus whether they are the complete listing."""

    __slots__ = ("records", "complete")

    def __init__(self, records: list[dict[str, Any]], *, complete: bool = True) -> None:
        self.records = records
        self.complete = complete


@runtime_checkable
class Source(Protocol):
    name: ClassVar[str]
    takes_boards: ClassVar[bool]
    default_base_url: ClassVar[str]
    attribution: ClassVar[str]

    def fetch(self, http: HttpClient, *, board: str | None, base_url: str | None) -> FetchResult:
        """All records of one board (or the feed). Raises SourceError subclasses."""
        ...

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        """Pure: raw records -> normalised postings."""
        ...
