"""The one HTTP client factory. Sources never build their own client.

:func:`make_client` sets timeouts and an honest User-Agent; :class:`HttpClient` adds per-host
rate limits and retries on timeouts, 429 and 5xx (honouring ``Retry-After`` up to a cap), and
turns failures into :mod:`skillgap.pipelines.errors` exceptions. Tests inject a transport
(``httpx.MockTransport(router.handler)``); ``skillgap demo`` injects :class:`ReplayTransport`,
which answers from recorded responses on disk.

Politeness:

- **Per-host rate limits** (:data:`HOST_LIMITS`), shared by every client of the process (each
  board's task has its own client, the host sees one polite caller): at least ``min_interval``
  seconds between requests to one host, and at most ``per_hour`` requests an hour where a source
  documents it (The Muse: 500 an hour without a key); a run that would exceed it fails that
  board with a clear message rather than break the terms. A loopback host (``localhost``,
  ``127.x.x.x``, ``[::1]``: a mirror or test server on this machine) is not paced.
- **Minimum poll intervals across runs** (``min_poll``): Remotive asks for at most 4 requests a
  day, Jobicy for one poll an hour. A response from such a host is kept in the
  :class:`ResponseCache` and reused, without a request, until the interval has passed.
- **Conditional requests**: a response with an ``ETag`` or ``Last-Modified`` is kept in the
  :class:`ResponseCache` (a folder: ``$SKILLGAP_HTTP_CACHE``, default
  ``$XDG_CACHE_HOME/skillgap/http``; ``SKILLGAP_HTTP_CACHE=off`` turns it off); the next run
  sends ``If-None-Match`` / ``If-Modified-Since``, and a ``304 Not Modified`` is answered from the
  kept body. So a 304 changes nothing downstream: the same postings are seen again (their
  ``last_seen`` moves on) and none is closed. Clients with an injected transport (tests, the
  demo) and loopback hosts (local replays) never use the cache.
- **An honest User-Agent** naming skillgap and a contact URL (``user_agent`` in the config).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from skillgap.pipelines.errors import PermanentSourceError, TransientSourceError, UnreachableSourceError
from skillgap.retry import retry_call

__all__ = [
    "DEFAULT_TIMEOUT",
    "HOST_LIMITS",
    "HostLimit",
    "HttpClient",
    "ReplayTransport",
    "ResponseCache",
    "default_cache",
    "make_client",
    "redact",
]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class HostLimit:
    """A host's documented limits: seconds between requests, requests an hour, seconds between
    polls of the same URL across runs (served from the cache meanwhile)."""

    min_interval: float = 0.5
    per_hour: int | None = None
    min_poll: float | None = None
    terms: str = ""


# Each source's documented limits (README "Sources config" lists them). Hosts not listed get
# the default: 0.5 s between requests.
HOST_LIMITS: dict[str, HostLimit] = {
    "remotive.com": HostLimit(min_interval=2.0, per_hour=4, min_poll=6 * 3600.0,
                              terms="Remotive asks for at most 4 requests a day"),
    "jobicy.com": HostLimit(min_interval=2.0, per_hour=1, min_poll=3600.0,
                            terms="Jobicy asks for at most one poll an hour"),
    "www.themuse.com": HostLimit(min_interval=1.0, per_hour=500, terms="The Muse allows 500 requests an hour without a key"),
    "remoteok.com": HostLimit(min_interval=2.0, terms="Remote OK asks for a link back and credit"),
    "hn.algolia.com": HostLimit(min_interval=1.0, per_hour=10_000, terms="HN Algolia allows 10,000 requests an hour"),
    "himalayas.app": HostLimit(min_interval=1.0),
    "www.arbeitnow.com": HostLimit(min_interval=1.0),
    "data.usajobs.gov": HostLimit(min_interval=1.0),
    "api.adzuna.com": HostLimit(min_interval=1.0, per_hour=250, terms="Adzuna's free tier allows 250 requests a day"),
}
DEFAULT_LIMIT = HostLimit()
# Name resolution failed (offline, or the host does not exist): not worth retrying within a run.
_UNRESOLVABLE = re.compile(
    r"Name or service not known|nodename nor servname|getaddrinfo failed|Temporary failure in name resolution|"
    r"No address associated with hostname",
    re.IGNORECASE,
)
_LOOPBACK = re.compile(r"^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$", re.IGNORECASE)


class _HostPacer:
    """Per-host request slots and hourly counts, shared by every HttpClient of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._recent: dict[str, deque[float]] = {}

    def reserve(self, host: str, min_interval: float, per_hour: int | None) -> float:
        """Seconds to wait before this request; raises when the hourly budget is spent."""
        with self._lock:
            now = time.monotonic()
            if per_hour is not None:
                recent = self._recent.setdefault(host, deque())
                while recent and now - recent[0] >= 3600.0:
                    recent.popleft()
                if len(recent) >= per_hour:
                    raise _BudgetSpent(len(recent))
                recent.append(now)
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + min_interval
            return slot - now

    def reset(self) -> None:
        with self._lock:
            self._next_slot.clear()
            self._recent.clear()


class _BudgetSpent(Exception):
    pass


PACER = _HostPacer()


class ResponseCache:
    """Kept responses for conditional requests and minimum poll intervals: one JSON file of
    validators and one body file per URL (named by the URL's SHA-256), written atomically."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _paths(self, url: str) -> tuple[Path, Path]:
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.root / f"{digest}.json", self.root / f"{digest}.body"

    def get(self, url: str) -> tuple[dict[str, Any], bytes] | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("url") != url:
            return None
        return meta, body

    def put(self, url: str, response: httpx.Response) -> None:
        meta = {
            "url": url,
            "etag": response.headers.get("ETag"),
            "last_modified": response.headers.get("Last-Modified"),
            "content_type": response.headers.get("Content-Type"),
            "fetched_at": time.time(),
        }
        self._write(url, meta, response.content)

    def touch(self, url: str, meta: dict[str, Any], body: bytes) -> None:
        self._write(url, {**meta, "fetched_at": time.time()}, body)

    def _write(self, url: str, meta: dict[str, Any], body: bytes) -> None:
        meta_path, body_path = self._paths(url)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            for path, data in ((body_path, body), (meta_path, json.dumps(meta).encode("utf-8"))):
                tmp = path.with_suffix(path.suffix + f".{os.getpid()}.{threading.get_ident()}.tmp")
                tmp.write_bytes(data)
                tmp.replace(path)
        except OSError as exc:  # a cache that cannot be written costs politeness, not the run
            log.warning("cannot write the HTTP cache in %s: %s", self.root, exc)


def default_cache() -> ResponseCache | None:
    """``$SKILLGAP_HTTP_CACHE`` (``off`` disables), else ``$XDG_CACHE_HOME/skillgap/http``."""
    value = os.environ.get("SKILLGAP_HTTP_CACHE", "").strip()
    if value.lower() in ("off", "0", "false", "no", "none"):
        return None
    if value:
        return ResponseCache(Path(value).expanduser())
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg and Path(xdg).expanduser().is_absolute() else Path.home() / ".cache"
    return ResponseCache(base / "skillgap" / "http")


def make_client(
    *, user_agent: str, transport: httpx.BaseTransport | None = None, timeout: httpx.Timeout = DEFAULT_TIMEOUT
) -> httpx.Client:
    return httpx.Client(
        headers={"User-Agent": user_agent, "Accept": "application/json, text/html;q=0.8"},
        timeout=timeout,
        transport=transport,
        follow_redirects=True,
    )


class _Retry(Exception):
    """A transient failure of one attempt: ``error`` to raise when retries run out, and the
    server's ``Retry-After`` (seconds) when it sent one."""

    def __init__(self, error: TransientSourceError, retry_after: float | None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


class HttpClient:
    """Polite GETs with retries (:func:`skillgap.retry.retry_call`). Thread-safe.

    ``min_interval`` is the floor between requests to one host (the host's :data:`HOST_LIMITS`
    entry may ask for more; ``0`` turns pacing off, as tests and replays do). ``cache``: the
    :class:`ResponseCache` for conditional requests; by default the shared one, unless the
    client has an injected transport.
    """

    def __init__(
        self,
        client: httpx.Client,
        *,
        retries: int = 3,
        backoff: float = 1.0,
        max_retry_after: float = 60.0,
        min_interval: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        cache: ResponseCache | None | str = "default",
        limits: dict[str, HostLimit] | None = None,
        pacer: _HostPacer | None = None,
    ) -> None:
        self._client = client
        self._retries = retries
        self._backoff = backoff
        self._max_retry_after = max_retry_after
        self._min_interval = min_interval
        self._sleep = sleep
        self._limits = HOST_LIMITS if limits is None else limits
        self._pacer = pacer or PACER
        if cache == "default":
            injected = getattr(client, "_transport", None).__class__.__name__ not in ("HTTPTransport",)
            cache = None if injected else default_cache()
        self._cache: ResponseCache | None = cache  # type: ignore[assignment]

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _limit(self, host: str) -> HostLimit:
        return self._limits.get(host.lower().split(":")[0], DEFAULT_LIMIT)

    def _wait_turn(self, host: str, *, source: str, board: str | None) -> None:
        if self._min_interval <= 0 or _LOOPBACK.match(host):  # pacing off (tests, replays, this machine)
            return
        limit = self._limit(host)
        try:
            wait = self._pacer.reserve(host, max(self._min_interval, limit.min_interval), limit.per_hour)
        except _BudgetSpent as exc:
            raise TransientSourceError(
                f"{host}: {exc.args[0]} requests in the last hour; {limit.terms or 'the host limits requests'} "
                "- skipped this time, the next run goes on",
                source=source, board=board,
            ) from None
        if wait > 0:
            self._sleep(wait)

    def _cacheable(self, host: str) -> bool:
        return self._cache is not None and not _LOOPBACK.match(host)

    def get(
        self,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        source: str = "",
        board: str | None = None,
    ) -> httpx.Response:
        """GET with retries; ``headers`` add to (or override) the client's, e.g. an API key.

        Sends the kept validators of this URL when there are some, and answers a 304 from the
        kept body; serves the kept body without a request while the host's ``min_poll`` lasts.
        """
        host = urlsplit(url).netloc
        key = str(httpx.URL(url, params=params)) if params else url
        cached = self._cache.get(key) if self._cache is not None and self._cacheable(host) else None
        limit = self._limit(host)
        if cached is not None and limit.min_poll and time.time() - cached[0].get("fetched_at", 0) < limit.min_poll:
            log.info("%s: reusing the response of %.0f min ago (%s)", redact(key),
                     (time.time() - cached[0]["fetched_at"]) / 60, limit.terms)
            return self._from_cache(cached, url, params)
        conditional = dict(headers or {})
        if cached is not None:
            if cached[0].get("etag"):
                conditional["If-None-Match"] = cached[0]["etag"]
            if cached[0].get("last_modified"):
                conditional["If-Modified-Since"] = cached[0]["last_modified"]

        def attempt() -> httpx.Response:
            """One request: the response, or PermanentSourceError, or _Retry (a transient error)."""
            self._wait_turn(host, source=source, board=board)
            try:
                response = self._client.get(url, params=params, headers=conditional or None)
            except httpx.TransportError as exc:  # timeouts, connection errors
                error = UnreachableSourceError(f"GET {url}: {type(exc).__name__}: {exc}", source=source,
                                                          board=board)
                if _UNRESOLVABLE.search(str(exc)):  # offline or no such host: retrying cannot help this run
                    raise error from None
                raise _Retry(error, None) from None
            if response.status_code == 304 and cached is not None:
                log.info("%s: not modified since the last run", redact(key))
                self._cache.touch(key, cached[0], cached[1])  # type: ignore[union-attr]
                return self._from_cache(cached, url, params)
            if response.status_code < 400:
                if self._cacheable(host) and (
                    response.headers.get("ETag") or response.headers.get("Last-Modified") or limit.min_poll
                ):
                    self._cache.put(key, response)  # type: ignore[union-attr]
                return response
            message = f"GET {redact(response.request.url)}: HTTP {response.status_code}"
            if response.status_code not in RETRY_STATUSES:
                raise PermanentSourceError(message, source=source, board=board)
            raise _Retry(TransientSourceError(message, source=source, board=board), _retry_after(response))

        try:
            return retry_call(
                attempt, retry_if=lambda exc: isinstance(exc, _Retry), attempts=self._retries + 1,
                first_delay=self._backoff, max_delay=self._max_retry_after,
                delay_hint=lambda exc: (exc.retry_after or None) if isinstance(exc, _Retry) else None,
                sleep=self._sleep, on_retry=lambda exc, delay: log.info("retrying %s in %.1fs (%s)", url, delay, exc),
            )
        except _Retry as exc:
            raise exc.error from None

    def _from_cache(self, cached: tuple[dict[str, Any], bytes], url: str, params: dict[str, Any] | None) -> httpx.Response:
        meta, body = cached
        headers = {"Content-Type": meta.get("content_type") or "application/json", "X-Skillgap-Cache": "hit"}
        return httpx.Response(200, content=body, headers=headers, request=httpx.Request("GET", url, params=params))

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


_SECRET_PARAM = re.compile(r"(key|token|secret|password|app_id|signature)", re.IGNORECASE)


def redact(url: httpx.URL | str) -> str:
    """The URL with the values of secret-looking query parameters replaced by ``***``.

    Messages end up in logs and in ``source_runs.error``; API keys (Adzuna's ``app_key``) must not.
    """
    u = httpx.URL(str(url))
    if not u.query:
        return str(u)
    pairs: list[tuple[str, Any]] = [(k, "***" if _SECRET_PARAM.search(k) else v) for k, v in u.params.multi_items()]
    return str(u.copy_with(query=None).copy_merge_params(pairs))


class _RedactUrls(logging.Filter):
    """httpx logs every request's full URL at INFO ("HTTP Request: GET https://...?app_key=...");
    with ``--verbose`` that would print API keys. Redact URL arguments of its records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(a, httpx.URL) for a in record.args):
            record.args = tuple(redact(a) if isinstance(a, httpx.URL) else a for a in record.args)
        return True


for _name in ("httpx", "httpcore"):
    if not any(isinstance(f, _RedactUrls) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(_RedactUrls())


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
