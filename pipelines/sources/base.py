"""The ``Source`` protocol every adapter implements.

Fetching (I/O through the shared :class:`~skillgap.pipelines.http.HttpClient`) and parsing (pure functions
of the JSON) are separate so parsers are tested on fixtures alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, Protocol, runtime_checkable

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting

__all__ = [
    "Source", "FetchResult", "Parsed", "SkipRecord", "parse_all", "filter_params", "expect_list", "id_and_title",
    "env_credentials",
]


class FetchResult:
    """Raw records of one board (or feed) plus whether they are the complete listing."""

    __slots__ = ("records", "complete")

    def __init__(self, records: list[dict[str, Any]], *, complete: bool = True) -> None:
        self.records = records
        self.complete = complete


class SkipRecord(PermanentSourceError):
    """One record of a board cannot become a posting (no title, deleted, not listed): it is
    counted as skipped with ``reason`` (short, the same for every record skipped for it) and
    the rest of the board is stored."""

    def __init__(self, reason: str, *, source: str = "", board: str | None = None, message: str | None = None) -> None:
        super().__init__(message or reason, source=source, board=board)
        self.reason = reason


class Parsed(list):
    """The postings parsed from one board (a plain list of them) plus ``skipped``: one reason
    per listed record that was not turned into a posting. Nothing a board lists is dropped
    silently: the store counts ``skipped`` into ``source_runs``."""

    def __init__(self, postings: Iterable[NormalizedPosting] = (), skipped: Iterable[str] = ()) -> None:
        super().__init__(postings)
        self.skipped: list[str] = list(skipped)

    def __reduce__(self):  # pickles with its skips (Prefect may hand results across processes)
        return (Parsed, (list(self), self.skipped))

    def skip_summary(self) -> str | None:
        """``"2 skipped: no 'title' (1), deleted comment (1)"``, or None when nothing was skipped."""
        return summarise_skips(self.skipped)


def summarise_skips(reasons: Iterable[str]) -> str | None:
    counts = Counter(reasons)
    if not counts:
        return None
    total = sum(counts.values())
    parts = ", ".join(f"{reason} ({n})" for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{total} skipped: {parts}"


def parse_all(
    records: Iterable[Any],
    parse_one: Callable[[Any], NormalizedPosting],
    *,
    source: str,
    board: str | None,
) -> Parsed:
    """Parse every record; a record that cannot become a posting is skipped with its reason.

    ``parse_one`` raises :class:`SkipRecord` for the expected cases (no title, deleted, hidden);
    any other error of one record is skipped as "could not parse: <error>" so one odd record
    never costs the board. A board that lists records of which *none* parse is broken, not
    empty: that is a :class:`PermanentSourceError` naming the reasons.
    """
    out = Parsed()
    n = 0
    for record in records:
        n += 1
        try:
            posting = parse_one(record)
        except SkipRecord as exc:
            out.skipped.append(exc.reason)
            continue
        except (PermanentSourceError, ValueError, TypeError, KeyError, AttributeError) as exc:
            out.skipped.append(f"could not parse: {type(exc).__name__}: {str(exc)[:120]}")
            continue
        if not posting.title:
            out.skipped.append("empty title")
            continue
        out.append(posting)
    if n and not out and any(not r.startswith(_BENIGN) for r in out.skipped):
        where = f"{source} board {board!r}" if board else source
        raise PermanentSourceError(f"no record of {where} could be parsed: {out.skip_summary()}", source=source, board=board)
    return out


# Skips that say nothing about the payload's shape (a board of only hidden jobs is not broken).
_BENIGN = ("not listed publicly", "deleted comment", "husk")


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
    allowed: frozenset[str] = getattr(source, "filter_keys", frozenset())
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
    """The two fields every posting needs, as strings; a record without them is skipped
    (:class:`SkipRecord`, a :class:`PermanentSourceError`) with the reason."""
    where = f"{source} board {board!r}" if board else source
    if not isinstance(job, dict):
        raise SkipRecord("not an object", source=source, board=board, message=f"a record of {where} is not an object")
    for key in (id_key, title_key):
        value = job.get(key)
        if value is None or (key == title_key and not str(value).strip()):
            reason = f"no {key!r}" if key not in job or value is None else f"empty {key!r}"
            raise SkipRecord(reason, source=source, board=board, message=f"a record of {where} has {reason}")
    return str(job[id_key]), str(job[title_key]).strip()


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


def board_display_name(token: str | None) -> str | None:
    """A company name for a board whose payload names none (Lever, Ashby) and that the config
    gives no ``company`` for: an all-lower-case token written as words ("real" -> "Real",
    "human-computer-lab" -> "Human Computer Lab"); a token with capitals is kept as its owner
    wrote it ("AIFund")."""
    if not token:
        return None
    if token != token.lower():
        return token
    words = [w for w in token.replace("_", "-").split("-") if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or token

