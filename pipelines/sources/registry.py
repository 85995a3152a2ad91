"""The one list of source adapters. Adding a board type = one module + one line here."""

from __future__ import annotations

from pipelines.sources.base import Source
from pipelines.sources.greenhouse import Greenhouse

__all__ = ["SOURCES", "get_source"]

SOURCES: dict[str, type[Source]] = {
    Greenhouse.name: Greenhouse,
}


def get_source(name: str) -> Source:
    return SOURCES[name]()
