"""``skillgap sources check``: ask every configured board once whether it is still there.

Each board (or feed, or career page) is probed with the adapter's own first request, through
the same client factory as ingestion (User-Agent, per-host pacing), but with no retries and at
most one request: a paged feed is judged by its first page. The verdict per board:

- ``live``: the board answered and its payload has the adapter's shape (with the number of
  postings when one request returns the whole board);
- ``gone``: HTTP 404 or 410 — the token is wrong or the company moved; remove it;
- ``failing``: any other HTTP error (403, 429, 5xx), a payload of the wrong shape, or a missing
  API key — worth a look;
- ``unreachable``: no answer at all (no network, DNS, timeout, connection refused).

:func:`check_sources` is pure of output; the CLI renders its rows as a table. Exit codes of the
command: 0 when every board is live, 3 when any is gone, failing or unreachable, 2 for a bad
config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import httpx

from skillgap.pipelines.config import SourcesConfig, SourceSpec
from skillgap.pipelines.errors import PermanentSourceError, SourceError, TransientSourceError
from skillgap.pipelines.http import DEFAULT_LIMIT, HOST_LIMITS, PACER, HttpClient, make_client, redact
from skillgap.pipelines.sources.registry import get_source

__all__ = ["BoardCheck", "check_sources", "probe_board", "STATUSES", "PROBE_TIMEOUT"]

STATUSES = ("live", "gone", "failing", "unreachable")
PROBE_TIMEOUT = httpx.Timeout(15.0, connect=8.0)


@dataclass(frozen=True)
class BoardCheck:
    source: str
    board: str  # '' for a feed; the page URL for jsonld
    status: str  # one of STATUSES
    detail: str


class _Enough(Exception):
    """The probe has had its one request."""


class _ProbeHttp:
    """The subset of :class:`~skillgap.pipelines.http.HttpClient` adapters use, limited to
    ``max_requests`` requests, no retries, and remembering what the last answer was."""

    def __init__(self, client: httpx.Client, *, max_requests: int, pace: bool) -> None:
        self._client = client
        self._max = max_requests
        self._pace = pace
        self.requests = 0
        self.status: int | None = None
        self.unreachable: str | None = None

    def get(self, url: str, *, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None,
            source: str = "", board: str | None = None) -> httpx.Response:
        if self.requests >= self._max:
            raise _Enough
        self.requests += 1
        host = urlsplit(url).netloc
        if self._pace:
            limit = HOST_LIMITS.get(host.lower().split(":")[0], DEFAULT_LIMIT)
            wait = PACER.reserve(host, limit.min_interval, None)
            if wait > 0:
                import time

                time.sleep(wait)
        try:
            response = self._client.get(url, params=params, headers=headers)
        except httpx.TransportError as exc:
            self.unreachable = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            raise TransientSourceError(f"GET {url}: {self.unreachable}", source=source, board=board) from None
        self.status = response.status_code
        if response.status_code >= 400:
            cls = TransientSourceError if response.status_code in (429, 500, 502, 503, 504) else PermanentSourceError
            raise cls(f"GET {redact(response.request.url)}: HTTP {response.status_code}", source=source, board=board)
        return response

    def get_json(self, url: str, *, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None,
                 source: str = "", board: str | None = None) -> Any:
        response = self.get(url, params=params, headers=headers, source=source, board=board)
        try:
            return response.json()
        except ValueError as exc:
            raise PermanentSourceError(
                f"GET {redact(response.request.url)}: response is not JSON ({exc})", source=source, board=board
            ) from None


def probe_board(
    spec: SourceSpec,
    board: str,
    *,
    user_agent: str,
    transport: httpx.BaseTransport | None = None,
    timeout: httpx.Timeout = PROBE_TIMEOUT,
) -> BoardCheck:
    """Probe one board (``board`` is '' for a feed, a page URL for ``jsonld``). Never raises
    for what a board does: every outcome is a :class:`BoardCheck`."""
    source = get_source(spec.type)
    takes_urls = getattr(source, "takes_urls", False)
    kwargs: dict[str, Any] = {}
    if spec.filters:
        kwargs["filters"] = dict(spec.filters)
    if takes_urls:
        kwargs["urls"] = (board,)
    with make_client(user_agent=user_agent, transport=transport, timeout=timeout) as client:
        http = _ProbeHttp(client, max_requests=2 if takes_urls else 1, pace=transport is None)
        try:
            # _ProbeHttp has the part of HttpClient adapters call (get, get_json); no Protocol names it yet.
            result = source.fetch(cast(HttpClient, http), board=(None if takes_urls else board or None), base_url=spec.base_url, **kwargs)
        except _Enough:
            return BoardCheck(spec.type, board, "live", f"HTTP {http.status}; first page read")
        except SourceError as exc:
            if http.unreachable is not None and http.status is None:
                return BoardCheck(spec.type, board, "unreachable", http.unreachable)
            if http.status in (404, 410):
                return BoardCheck(spec.type, board, "gone", f"HTTP {http.status}: no such board")
            return BoardCheck(spec.type, board, "failing", str(exc))
        except Exception as exc:  # noqa: BLE001 - an adapter bug is a failing board, not a traceback
            return BoardCheck(spec.type, board, "failing", f"{type(exc).__name__}: {exc}")
    try:
        parsed = source.parse(result.records, board=(None if takes_urls else board or None))
    except SourceError as exc:
        return BoardCheck(spec.type, board, "failing", str(exc))
    except Exception as exc:  # noqa: BLE001
        return BoardCheck(spec.type, board, "failing", f"{type(exc).__name__}: {exc}")
    more = "" if result.complete else "+"
    skipped = getattr(parsed, "skipped", ())
    note = f", {len(skipped)} skipped" if skipped else ""
    return BoardCheck(spec.type, board, "live", f"{len(parsed)}{more} postings{note}")


def _targets(config: SourcesConfig) -> list[tuple[SourceSpec, str]]:
    out: list[tuple[SourceSpec, str]] = []
    for spec in config.sources:
        if spec.urls:
            out.extend((spec, url) for url in spec.urls)
        else:
            out.extend((spec, board) for board in (spec.boards or ("",)))
    return out


def check_sources(
    config: SourcesConfig,
    *,
    transport: httpx.BaseTransport | None = None,
    workers: int = 8,
    on_result: Callable[[BoardCheck], None] | None = None,
) -> list[BoardCheck]:
    """Probe every board of ``config`` once (a few at a time); results in config order."""
    targets = _targets(config)

    def one(target: tuple[SourceSpec, str]) -> BoardCheck:
        check = probe_board(target[0], target[1], user_agent=config.user_agent, transport=transport)
        if on_result is not None:
            on_result(check)
        return check

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, targets))


def summary(checks: Iterable[BoardCheck]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for c in checks:
        counts[c.status] += 1
    return counts
