"""A tiny HTTP server on 127.0.0.1 (random free port) that answers each API path from our
routes, so the real ingestion code (httpx, retries, the flow) runs without the network."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

Answer = tuple[int, dict[str, str], bytes]
Route = Callable[[dict[str, list[str]]], Answer] | Answer | bytes | Path | Any


def as_answer(route: Route, query: dict[str, list[str]]) -> Answer:
    if callable(route):
        return route(query)
    if isinstance(route, tuple):
        return route
    if isinstance(route, Path):
        return 200, {"Content-Type": "application/json"}, route.read_bytes()
    if isinstance(route, bytes):
        return 200, {"Content-Type": "application/json"}, route
    return 200, {"Content-Type": "application/json"}, json.dumps(route).encode("utf-8")


class Loopback:
    """``with Loopback(routes) as server: server.url`` — routes map a path to an answer."""

    def __init__(self, routes: dict[str, Route], *, fallback: Callable[[str], Answer | None] | None = None) -> None:
        self.routes = routes
        self.fallback = fallback
        self.calls: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                outer.calls.append(parts.path)
                route = outer.routes.get(parts.path)
                answer = as_answer(route, parse_qs(parts.query)) if route is not None else None
                if answer is None and outer.fallback is not None:
                    answer = outer.fallback(parts.path)
                if answer is None:
                    answer = (404, {"Content-Type": "application/json"}, b'{"error": "not found"}')
                status, headers, body = answer
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Loopback:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
