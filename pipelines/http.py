"""The one HTTP client factory. Sources never build their own client.

:func:`make_client` sets timeouts and an honest User-Agent; :class:`HttpClient` adds per-host
rate limits and retries on timeouts, 429 and 5xx (honouring ``Retry-After`` up to a cap), and
turns failures into :mod:`skillgap.pipelines.errors` exceptions. Tests inject a transport
(``httpx.MockTransport(router.handler)``); ``skillgap demo`` injects :class:`ReplayTransport`,
which answers from recorded responses on disk.
"""

from __future__ import annotations

import email.utils
import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from skillgap.pipelines.errors import PermanentSourceError, TransientSourceError

__all__ = ["make_client", "HttpClient", "ReplayTransport", "DEFAULT_TIMEOUT", "redact"]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def make_client(
    *, user_agent: str, transport: httpx.BaseTransport | None = None, timeout: httpx.Timeout = DEFAULT_TIMEOUT
) -> httpx.Client:
    return httpx.Client(
        headers={"User-Agent": user_agent, "Accept": "application/json, text/html;q=0.8"},
        timeout=timeout,
        transport=transport,
        follow_redirects=True,
    )


class HttpClient:
    """Polite GETs with retries. Thread-safe; shared by every source of one run."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        retries: int = 3,
        backoff: float = 1.0,
        max_retry_after: float = 60.0,
        min_interval: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._retries = retries
        self._backoff = backoff
        self._max_retry_after = max_retry_after
        self._min_interval = min_interval
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + self._min_interval
        if slot > now:
            self._sleep(slot - now)

    def get(
        self,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        source: str = "",
        board: str | None = None,
    ) -> httpx.Response:
        """GET with retries; ``headers`` add to (or override) the client's, e.g. an API key."""
        host = urlsplit(url).netloc
        attempt = 0
        while True:
            self._wait_turn(host)
            try:
                response = self._client.get(url, params=params, headers=headers)
            except httpx.TransportError as exc:  # timeouts, connection errors
                error: Exception = TransientSourceError(f"GET {url}: {type(exc).__name__}: {exc}", source=source, board=board)
                delay = self._backoff * 2**attempt
            else:
                if response.status_code < 400:
                    return response
                message = f"GET {redact(response.request.url)}: HTTP {response.status_code}"
                if response.status_code not in RETRY_STATUSES:
                    raise PermanentSourceError(message, source=source, board=board)
                error = TransientSourceError(message, source=source, board=board)
                delay = _retry_after(response) or self._backoff * 2**attempt
            if attempt >= self._retries:
                raise error
            delay = min(delay, self._max_retry_after)
            log.info("retrying %s in %.1fs (%s)", url, delay, error)
            self._sleep(delay)
            attempt += 1

    def get_json(
        self,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        source: str = "",
        board: str | None = None,
    ) -> Any:
        response = self.get(url, params=params, headers=headers, source=source, board=board)
        try:
            return response.json()
        except ValueError as exc:
            raise PermanentSourceError(
                f"GET {redact(response.request.url)}: response is not JSON ({exc})", source=source, board=board
            ) from None


_SECRET_PARAM = re.compile(r"(key|token|secret|password|app_id|signature)", re.I)


def redact(url: httpx.URL | str) -> str:
    """The URL with the values of secret-looking query parameters replaced by ``***``.

    Messages end up in logs and in ``source_runs.error``; API keys (Adzuna's ``app_key``) must not.
    """
    u = httpx.URL(str(url))
    if not u.query:
        return str(u)
    pairs = [(k, "***" if _SECRET_PARAM.search(k) else v) for k, v in u.params.multi_items()]
    return str(u.copy_with(query=None).copy_merge_params(pairs))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class ReplayTransport(httpx.BaseTransport):
    """Answers GETs from recorded responses: ``<root>/<url path>.json`` (query ignored).

    A request for ``https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true`` is
    answered with ``<root>/v1/boards/acme/jobs.json``; a missing file is a 404, as a missing
    board would be.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        rel = request.url.path.strip("/")
        candidate = (self.root / rel).with_suffix(".json") if rel else None
        if candidate is not None and candidate.resolve().is_relative_to(self.root.resolve()) and candidate.is_file():
            return httpx.Response(
                200, content=candidate.read_bytes(), headers={"Content-Type": "application/json"}, request=request
            )
        return httpx.Response(404, json={"status": 404, "error": "Not found"}, request=request)
