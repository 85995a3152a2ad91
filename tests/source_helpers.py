"""Shared by the job-board adapter tests (test_sources_*.py): our own recorded fixtures and an
``HttpClient`` whose transport is a respx router (no network, no sleeping, no retries)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import respx

from skillgap.pipelines.http import HttpClient, make_client

FIXTURES = Path(__file__).parent / "fixtures"
# Reference payloads beside the repository (../shared/data); tests using them skip when absent.
PAYLOADS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "payloads"
LOCAL = "http://127.0.0.1:8000"
USA_ENV = {"USAJOBS_API_KEY": "k-123", "USAJOBS_EMAIL": "me@example.org"}
ADZ_ENV = {"ADZUNA_APP_ID": "id-1", "ADZUNA_APP_KEY": "key-2"}


def real_payload(name: str) -> Path:
    """A captured real payload beside the repository; the test is skipped in a fresh clone."""
    import pytest

    path = PAYLOADS / name
    if not path.is_file():
        pytest.skip(f"reference payload {path} not present (../shared/data is not part of a clone)")
    return path


def load(source: str, name: str):
    return json.loads((FIXTURES / source / name).read_text(encoding="utf-8"))


def text(source: str, name: str) -> str:
    return (FIXTURES / source / name).read_text(encoding="utf-8")


def http_for(router: respx.Router) -> HttpClient:
    client = make_client(user_agent="skillgap-test/1", transport=httpx.MockTransport(router.handler))
    return HttpClient(client, sleep=lambda _s: None, min_interval=0.0, retries=0)


def query(route: respx.Route, i: int = 0) -> dict[str, str]:
    return dict(route.calls[i].request.url.params)


def lines(text: str) -> list[str]:
    """Non-blank lines: paragraph spacing is html_to_text's business, not the adapters'."""
    return [line for line in text.splitlines() if line.strip()]


def by_id(postings):
    return {p.source_id: p for p in postings}
