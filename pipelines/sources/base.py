"""The ``Source`` protocol every adapter implements.

Fetching (I/O through the shared :class:`~skillgap.pipelines.http.HttpClient`) and parsing (pure functions
of the JSON) are separate so parsers are tested on fixtures alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Protocol, runtime_checkable

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting

__all__ = ["Source", "FetchResult", "filter_params", "expect_list", "id_and_title", "env_credentials"]


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


def filter_params(source: Any, filters: Mapping[str, Any] | None, board: str | None) -> dict[str, Any]:
    """A feed's ``filters`` as query parameters; an unknown key lists the valid ones.

    (``load_config`` checks the same keys up front, so this only fires for library callers.)
    """
    if not filters:
        return {}
    allowed = getattr(source, "filter_keys", frozenset())
    unknown = sorted(set(filters) - allowed)
    if unknown:
        raise PermanentSourceError(
            f"unknown {source.name} filter(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed)) or 'none'}",
            source=source.name,
            board=board,
        )
    out: dict[str, Any] = {}
    for key, value in filters.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            out[key] = [str(v) for v in value]  # httpx repeats the key
        else:
            out[key] = str(value).lower() if isinstance(value, bool) else str(value)
    return out


def expect_list(payload: Any, key: str, *, url: str, source: str, board: str | None) -> list[Any]:
    """``payload[key]`` when the payload is an object holding a list there; else a clear error.

    A wrong-shaped answer is a :class:`PermanentSourceError`, never an empty board.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get(key), list):
        article = "an" if key[:1] in "aeiou" else "a"
        raise PermanentSourceError(f"GET {url}: expected an object with {article} '{key}' list", source=source, board=board)
    return payload[key]


def id_and_title(job: Any, id_key: str, title_key: str, *, source: str, board: str | None = None) -> tuple[str, str]:
    """The two fields every posting needs, as strings; a record without them is a permanent error."""
    where = f"{source} board {board!r}" if board else source
    if not isinstance(job, dict):
        raise PermanentSourceError(f"a record of {where} is not an object", source=source, board=board)
    try:
        return str(job[id_key]), str(job[title_key]).strip()
    except KeyError as exc:
        raise PermanentSourceError(f"a record of {where} has no {exc.args[0]!r}", source=source, board=board) from None


def env_credentials(
    env: Mapping[str, str], names: tuple[str, ...], *, source: str, board: str | None, needs: str
) -> tuple[str, ...]:
    """The values of the environment variables ``names``; any missing is one clear error.

    ``needs`` says what they are for, e.g. "an app id and key (free: https://...)". The values
    themselves never appear in messages.
    """
    values = tuple(env.get(name, "").strip() for name in names)
    missing = [name for name, value in zip(names, values) if not value]
    if missing:
        raise PermanentSourceError(f"{source} needs {needs}: set {' and '.join(missing)}", source=source, board=board)
    return values
