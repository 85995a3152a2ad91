"""Deduplication keys: canonical URLs and cluster ids.

Postings that are the same job on several sources or URLs share a ``cluster_id``. In order:

1. the same canonical URL as a stored posting -> that posting's cluster;
2. the same :func:`text_key` (company, title and description text, normalised) as a stored or
   just-seen posting -> that cluster, so a job listed once per city with the same text, or copied
   to another board with its location written differently, counts once;
3. otherwise :func:`cluster_key` of company, title and location.

Trends and the gap report count clusters, not rows.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url", "normalise_key_text", "cluster_key", "text_key", "MIN_TEXT_KEY_CHARS"]

# Query parameters that only track where a click came from.
_TRACKING = re.compile(r"^(utm_.*|gh_src|source|src|ref|referrer|lever-source.*|fbclid|gclid|mc_.*)$", re.I)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_LEVEL_WORDS = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme/host, no fragment, no tracking parameters, sorted query, no trailing /.

    >>> canonical_url("HTTPS://Boards.Greenhouse.io/acme/jobs/1/?utm_source=x&b=2&a=1#apply")
    'https://boards.greenhouse.io/acme/jobs/1?a=1&b=2'
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def normalise_key_text(text: str | None) -> str:
    """Accents folded, lower case, punctuation collapsed, roman level numerals unified."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in _NON_WORD.split(folded) if w]
    return " ".join(_LEVEL_WORDS.get(w, w) for w in words)


def cluster_key(company: str | None, title: str, location: str | None) -> str:
    """A 16-hex-digit cluster id from the normalised company, title and location."""
    material = "|".join(normalise_key_text(x) for x in (company, title, location))
    return hashlib.sha1(material.encode("utf-8")).hexdigest()[:16]


MIN_TEXT_KEY_CHARS = 200  # shorter texts (or none) say too little to call two postings one job


def text_key(company: str | None, title: str, description: str) -> str | None:
    """A 16-hex-digit key of company + title + description, insensitive to case, accents,
    punctuation and layout; None when the description is too short to identify a job."""
    body = normalise_key_text(description)
    if len(body) < MIN_TEXT_KEY_CHARS:
        return None
    material = "|".join((normalise_key_text(company), normalise_key_text(title), body))
    return hashlib.sha1(material.encode("utf-8")).hexdigest()[:16]
