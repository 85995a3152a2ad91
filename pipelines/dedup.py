"""Deduplication: canonical URLs, exact keys and near-duplicate text (MinHash LSH).

Postings that are the same job on several sources or URLs share a ``cluster_id``. A new or
changed posting joins, in this order (tiers):

1. **URL** — the same canonical URL as a stored posting -> that posting's cluster;
2. **exact text** — the same :func:`text_key` (company, title and description, normalised) as a
   stored or just-seen posting -> that cluster (a job listed once per city, or copied to another
   board with its location written differently);
3. **near-duplicate text** — MinHash over word 3-shingles of the normalised description
   (``datasketch``; :data:`NUM_PERM` permutations, :data:`BANDS` bands of :data:`ROWS` rows;
   texts of at least :data:`MIN_SHINGLES` shingles). Candidates come from shared LSH band keys
   (stored in DuckDB, ``posting_lsh``; one join, never all pairs), and a candidate is a
   duplicate when the titles are compatible (:func:`titles_compatible`: the same words once
   location and work-mode words are set aside; never a different level such as Senior vs.
   Staff, II vs. III) and

   a. **company-insensitive** — both texts are long (at least :data:`LONG_SHINGLES` shingles)
      and near-identical (estimated Jaccard >= :data:`LONG_JACCARD`), and neither text names
      its own company where the other does not (:func:`company_conflict`), so an Ashby
      re-listing whose company is only the board token, or an aggregator's "Acme Inc." for
      "Acme", joins the original, while two companies filling in one template stay apart; or
   b. **company-aware** — the companies are compatible (:func:`companies_compatible`: equal
      once legal suffixes are dropped, or one a prefix of the other, as board tokens are) and
      the estimated Jaccard is >= :data:`NEAR_JACCARD` (edited copies, boilerplate added or
      translated, a repost with a changed paragraph).

   The best-scoring candidate wins; ties go to the smallest cluster id.
4. otherwise :func:`cluster_key` of company, title and location (a repost with a new id and new
   text but the same company, title and place still joins).

A new posting that joins a cluster already holding a posting of the same source and board (a
repost) keeps that cluster's ``first_seen``. The thresholds were measured on real postings
(``benchmarks/dedup_thresholds.py``, figures in ``benchmarks/RESULTS.md``): different
companies' postings never exceeded Jaccard 0.03; copies with 2 % / 5 % of words edited kept
>= 0.88 / >= 0.75; a boilerplate paragraph swapped for its translation kept a median of 0.89
(5th percentile 0.76); but one company's *different* jobs share boilerplate up to 1.0, which
is why titles must agree in every tier.

Trends and the gap report count clusters, not rows.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

__all__ = [
    "canonical_url", "normalise_key_text", "key_words", "cluster_key", "Fingerprint", "fingerprint", "text_key", "MIN_TEXT_KEY_CHARS",
    "Signature", "minhash_signature", "shingle_hashes", "band_keys", "estimate_jaccard", "companies_compatible",
    "titles_compatible", "company_conflict", "DedupView", "near_duplicate_score",
    "NUM_PERM", "BANDS", "ROWS", "SHINGLE_WORDS", "MIN_SHINGLES", "LONG_SHINGLES", "NEAR_JACCARD", "LONG_JACCARD",
]

# Query parameters that only track where a click came from.
_TRACKING = re.compile(r"^(utm_.*|gh_src|source|src|ref|referrer|lever-source.*|fbclid|gclid|mc_.*)$", re.I)
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
    return " ".join(key_words(text))


def key_words(text: str | None) -> list[str]:
    """The words of :func:`normalise_key_text` (``normalise_key_text(t) == " ".join(key_words(t))``):
    accents folded, lower case, runs of letters and digits, roman level numerals as digits."""
    if not text:
        return []
    folded = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _WORD.findall(folded.lower())
    if _LEVEL_WORDS.keys() & set(words):  # "ii" -> "2": whole words only
        words = [_LEVEL_WORDS.get(w, w) for w in words]
    return words


_WORD = re.compile(r"[a-z0-9]+")


def cluster_key(company: str | None, title: str, location: str | None) -> str:
    """A 16-hex-digit cluster id from the normalised company, title and location."""
    material = "|".join(normalise_key_text(x) for x in (company, title, location))
    return hashlib.sha1(material.encode("utf-8")).hexdigest()[:16]


MIN_TEXT_KEY_CHARS = 200  # shorter texts (or none) say too little to call two postings one job


def text_key(company: str | None, title: str, description: str) -> str | None:
    """A 16-hex-digit key of company + title + description, insensitive to case, accents,
    punctuation and layout; None when the description is too short to identify a job."""
    return _text_key(company, title, " ".join(key_words(description)))


def _text_key(company: str | None, title: str, body: str) -> str | None:
    if len(body) < MIN_TEXT_KEY_CHARS:
        return None
    material = "|".join((normalise_key_text(company), normalise_key_text(title), body))
    return hashlib.sha1(material.encode("utf-8")).hexdigest()[:16]


# --- near-duplicate text (tier 3) ---------------------------------------------------------------

SHINGLE_WORDS = 3      # word 3-shingles: 2 % edits keep Jaccard >= 0.89 (5-shingles: 0.82)
NUM_PERM = 128
BANDS, ROWS = 21, 6    # LSH: P(candidate) = 0.93 at J = 0.7, 0.998 at 0.8, 0.27 at 0.5, 0.03 at 0.34
MIN_SHINGLES = 10      # shorter texts say too little (short ones still need the same company and title)
LONG_SHINGLES = 100    # from here near-identical text is enough, whatever the company string
NEAR_JACCARD = 0.70    # company-aware tier
LONG_JACCARD = 0.90    # company-insensitive tier

_SEED = 1


def _identity(value: int) -> int:
    return value


@lru_cache(maxsize=1)
def _template():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=_identity)


@dataclass(frozen=True)
class Signature:
    values: np.ndarray  # NUM_PERM unsigned hash values
    shingles: int       # distinct shingles in the text


_MIX = (np.uint64(0x9E3779B1), np.uint64(0x85EBCA77), np.uint64(0xC2B2AE3D))


def shingle_hashes(text: str) -> np.ndarray:
    """Distinct 32-bit hashes of the word :data:`SHINGLE_WORDS`-shingles of the normalised text:
    each word is hashed once (CRC-32), a shingle's hash mixes its words' hashes in order."""
    return _shingle_hashes(key_words(text))


def _shingle_hashes(words: list[str]) -> np.ndarray:
    if not words:
        return np.empty(0, dtype=np.uint64)
    h = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    k = min(SHINGLE_WORDS, len(words))
    n = len(words) - k + 1
    mixed = np.zeros(n, dtype=np.uint64)
    for i in range(k):
        mixed = (mixed * _MIX[i] + h[i : i + n] + np.uint64(i)) & np.uint64(0xFFFFFFFF)
    return np.unique(mixed)


def minhash_signature(text: str | None) -> Signature | None:
    """The MinHash of ``text``'s word shingles (datasketch), or None below :data:`MIN_SHINGLES`."""
    return _signature(shingle_hashes(text or ""))


def _signature(hashes: np.ndarray) -> Signature | None:
    if len(hashes) < MIN_SHINGLES:
        return None
    t = _template()
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, permutations=t.permutations, hashfunc=_identity, scheme=t.scheme)
    m.update_batch(hashes.tolist())
    return Signature(np.asarray(m.hashvalues, dtype=np.uint64), len(hashes))


def band_keys(values: np.ndarray) -> list[int]:
    """One 63-bit key per LSH band: a hash of the band number and its :data:`ROWS` values."""
    raw = np.asarray(values, dtype="<u8")
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(raw[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8,
                                 person=band.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)
    return keys


@dataclass(frozen=True)
class Fingerprint:
    """What the store's dedup tiers read of one posting, computed once from one normalisation of
    its text (:func:`fingerprint`; a parse worker can compute it, so the writer only looks up)."""

    canonical_url: str | None
    text_key: str | None
    signature: Signature | None
    bands: list[int] | None  # LSH band keys of ``signature``


def fingerprint(company: str | None, title: str, description: str, url: str | None) -> Fingerprint:
    """:func:`canonical_url`, :func:`text_key`, :func:`minhash_signature` and :func:`band_keys`
    of one posting (the same values as those functions give)."""
    words = key_words(description)
    sig = _signature(_shingle_hashes(words))
    return Fingerprint(canonical_url(url), _text_key(company, title, " ".join(words)), sig,
                       band_keys(sig.values) if sig is not None else None)


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(np.asarray(a) == np.asarray(b)))


_LEGAL = {
    "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "plc", "corp",
    "corporation", "co", "company", "the", "hq", "oy", "ab", "as", "srl", "spa", "pty", "kg", "se", "group",
}


def _company_words(company: str | None) -> list[str]:
    return [w for w in normalise_key_text(company).split() if w not in _LEGAL]


def companies_compatible(a: str | None, b: str | None) -> bool:
    """The same company written two ways: "Acme Inc." / "acme", "d-Matrix" / "d-matrix",
    "Ironclad" / "ironcladhq" (a board token). Unknown (empty) companies are not compatible."""
    wa, wb = _company_words(a), _company_words(b)
    ca, cb = "".join(wa), "".join(wb)
    if not ca or not cb:
        return False
    if ca == cb:
        return True
    (ws, _), (wl, _) = sorted(((wa, ca), (wb, cb)), key=lambda x: len(x[1]))
    if wl[: len(ws)] == ws:  # "Acme" / "Acme Robotics"
        return True
    short, long_ = sorted((ca, cb), key=len)
    if len(short) < 4 or not long_.startswith(short):
        return False
    # A board token: the name run together, perhaps with a suffix ("ironcladhq", "acmecareers").
    return long_[len(short):] in _TOKEN_SUFFIXES or len(short) >= 0.6 * len(long_)


_TOKEN_SUFFIXES = {"hq", "inc", "careers", "jobs", "team", "labs", "lab", "ai", "io", "app", "co", "tech", "global",
                   "us", "usa", "uk", "eu", "group", "hiring", "talent", "recruiting", "technologies", "health"}


def company_conflict(company_a: str | None, text_a: str, company_b: str | None, text_b: str) -> bool:
    """True when a text names its own company and the other text does not: two companies that
    filled in one template. (A board token that the text never spells out is no evidence.)"""
    if companies_compatible(company_a, company_b):
        return False
    norm_a, norm_b = f" {normalise_key_text(text_a)} ", f" {normalise_key_text(text_b)} "
    for company, own, other in ((company_a, norm_a, norm_b), (company_b, norm_b, norm_a)):
        words = _company_words(company)
        if not words:
            continue
        spaced, joined = f" {' '.join(words)} ", f" {''.join(words)} "
        named_here = spaced in own or joined in own
        named_there = spaced in other or joined in other
        if named_here and not named_there:
            return True
    return False


_NOISE = {
    "remote", "hybrid", "onsite", "on", "site", "office", "in", "from", "home", "wfh", "anywhere", "worldwide",
    "global", "us", "usa", "uk", "eu", "emea", "apac", "latam", "europe", "americas", "full", "time", "fulltime",
    "part", "contract", "permanent", "m", "f", "d", "w", "x", "all", "genders", "gn", "mwd", "fmd", "based", "only",
    "and", "or", "the", "a", "of", "for", "with", "at", "job", "position", "opening", "role", "new",
}
_LEVELS = {
    "senior", "sr", "junior", "jr", "staff", "principal", "lead", "intern", "internship", "head", "chief", "director",
    "vp", "associate", "entry", "graduate", "grad", "trainee", "apprentice", "manager", "1", "2", "3", "4", "5", "6",
    "l1", "l2", "l3", "l4", "l5", "l6", "l7", "mid", "level", "distinguished", "fellow", "executive", "student",
}


def _title_words(title: str, locations: tuple[str | None, ...]) -> set[str]:
    place = {w for loc in locations for w in normalise_key_text(loc).split()}
    return {w for w in normalise_key_text(title).split() if w not in _NOISE and w not in place}


def titles_compatible(a: str, b: str, *, locations: tuple[str | None, ...] = ()) -> bool:
    """The same job title written two ways: equal words once location and work-mode words are set
    aside ("ML Engineer (Remote, US)" / "ML Engineer"), or one title's words inside the other's
    ("Senior Backend Engineer" / "Senior Backend Engineer - Fintech") — but never when the extra
    words change the level (Senior/Staff, II/III, Intern) or the shorter title is a single word.
    """
    wa, wb = _title_words(a, locations), _title_words(b, locations)
    if not wa or not wb:
        return normalise_key_text(a) == normalise_key_text(b)
    if wa == wb:
        return True
    small, big = sorted((wa, wb), key=len)
    if not small < big or len(small) < 2:
        return False
    return not ((big - small) & _LEVELS)


@dataclass(frozen=True)
class DedupView:
    """What the near-duplicate test reads of one posting."""

    company: str | None
    title: str
    location: str | None
    description: str
    signature: np.ndarray
    shingles: int


def near_duplicate_score(a: DedupView, b: DedupView) -> float | None:
    """The estimated Jaccard of two postings when tier 3 calls them one job, else None."""
    if not titles_compatible(a.title, b.title, locations=(a.location, b.location)):
        return None
    j = estimate_jaccard(a.signature, b.signature)
    if (
        j >= LONG_JACCARD
        and min(a.shingles, b.shingles) >= LONG_SHINGLES
        and not company_conflict(a.company, a.description, b.company, b.description)
    ):
        return j
    if j >= NEAR_JACCARD and companies_compatible(a.company, b.company):
        return j
    return None
