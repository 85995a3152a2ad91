"""The normalised posting every source adapter produces (frozen; built by ``normalise``).

Whatever an adapter passes in, a posting's ``title``, ``company`` and ``location`` are one line of
clean text and its ``description`` clean plain text (CONTRACTS §3): HTML entities decoded,
mojibake repaired, whitespace normalised (:func:`~skillgap.pipelines.normalise.clean_line`,
:func:`~skillgap.pipelines.normalise.clean_text`). So no adapter can forget it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from skillgap.pipelines.normalise import clean_line, clean_text

__all__ = ["NormalizedPosting", "make_posting_id"]

# JSON allows lone UTF-16 surrogates ("\ud83d"), UTF-8 (and DuckDB) do not.
_SURROGATES = re.compile("[\ud800-\udfff]")
_TEXT_FIELDS = ("source", "board", "source_id", "title", "description", "company", "location", "url", "attribution")


def make_posting_id(source: str, board: str | None, source_id: str) -> str:
    """Stable id of a posting as one source lists it: ``greenhouse:acme:123``."""
    return f"{source}:{board or ''}:{source_id}"


@dataclass(frozen=True, slots=True)
class NormalizedPosting:
    source: str
    board: str  # '' for single-feed sources
    source_id: str
    title: str
    description: str  # plain text
    company: str | None = None
    location: str | None = None
    remote: bool | None = None
    url: str | None = None
    posted_at: datetime | None = None  # naive UTC
    updated_at: datetime | None = None  # naive UTC
    attribution: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    _hash: str | None = field(default=None, init=False, repr=False, compare=False, hash=False)  # content_hash, once

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_line(self.title) or "")
        object.__setattr__(self, "company", clean_line(self.company))
        object.__setattr__(self, "location", clean_line(self.location))
        object.__setattr__(self, "description", clean_text(self.description))
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if value and _SURROGATES.search(value):
                object.__setattr__(self, name, _SURROGATES.sub("\ufffd", value))

    @property
    def posting_id(self) -> str:
        return make_posting_id(self.source, self.board, self.source_id)

    @property
    def content_hash(self) -> str:
        """Changes when anything extraction reads changes (title, company, location, text)."""
        if self._hash is None:  # the fields are frozen: computed once
            h = hashlib.sha256()
            for part in (self.title, self.company or "", self.location or "", self.description):
                h.update(part.encode("utf-8"))
                h.update(b"\x1f")
            digest = h.hexdigest()[:32]
            object.__setattr__(self, "_hash", digest)
            return digest
        return self._hash
