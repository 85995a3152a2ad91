"""Remote OK public API (no key).

``GET {base}/api`` returns one JSON array: element 0 is a legal notice
(``{"last_updated": ..., "legal": "API Terms of Service: ..."}``), every other element a job
(``id`` string, ``position``, ``company``, HTML ``description``, ``location`` often empty,
``epoch`` seconds and ISO ``date``, ``salary_min``/``salary_max`` with 0 meaning "not given",
``tags``). Terms: link back to the Remote OK URL of each job and credit "Remote OK" as the source,
so every posting keeps its ``url`` and :attr:`RemoteOK.attribution`. Every job is remote.

Some text fields arrive double-encoded (UTF-8 read as Latin-1: ``SÃ£o Paulo``); they are repaired
when the repair round-trips cleanly and left alone otherwise. Literal ``\\n`` sequences between
HTML blocks become newlines, the anti-spam note appended to every description is dropped, and
husk entries (empty ``position`` and ``company``) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from skillgap.pipelines.errors import PermanentSourceError
from skillgap.pipelines.http import HttpClient
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.normalise import clean_description, parse_timestamp
from skillgap.pipelines.sources.base import FetchResult, SkipRecord, id_and_title, parse_all

__all__ = ["RemoteOK", "fix_mojibake"]

_MOJIBAKE_MARKERS = ("Ã", "Â", "â€")
# Remote OK appends an anti-spam note to every description ("Please mention the word **WORD** and
# tag ... see they're human."): boilerplate, not part of the job.
_SPAM_NOTE = re.compile(r"\s*Please mention the word \*\*\w+\*\*.*?(?:see they're human\.|$)", re.S)


class RemoteOK:
    name: ClassVar[str] = "remoteok"
    takes_boards: ClassVar[bool] = False
    default_base_url: ClassVar[str] = "https://remoteok.com"
    attribution: ClassVar[str] = "Remote OK (https://remoteok.com) — jobs link back to their Remote OK page"

    def fetch(self, http: HttpClient, *, board: str | None, base_url: str | None) -> FetchResult:
        url = f"{base_url or self.default_base_url}/api"
        payload = http.get_json(url, source=self.name, board=board)
        if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
            raise PermanentSourceError(
                f"GET {url}: expected a JSON array (legal notice, then jobs), got {type(payload).__name__}",
                source=self.name,
                board=board,
            )
        if payload and not _is_notice(payload[0]):
            raise PermanentSourceError(
                f"GET {url}: the first element is not Remote OK's legal notice; the feed's shape changed",
                source=self.name,
                board=board,
            )
        return FetchResult([r for r in payload if not _is_notice(r)], complete=True)

    def parse(self, records: Iterable[dict[str, Any]], *, board: str | None) -> list[NormalizedPosting]:
        return parse_all(
            (r for r in records if not (isinstance(r, dict) and _is_notice(r))), self._parse_one,
            source=self.name, board=board,
        )

    def _parse_one(self, job: dict[str, Any]) -> NormalizedPosting:
        if isinstance(job, dict) and _is_blank(job):
            raise SkipRecord("husk entry: no position and no company", source=self.name)
        source_id, _ = id_and_title(job, "id", "position", source=self.name)
        title = fix_mojibake(str(job["position"])).strip()
        location = fix_mojibake(str(job.get("location") or "")).strip() or None
        extra: dict[str, Any] = {}
        if job.get("tags"):
            extra["tags"] = list(dict.fromkeys(job["tags"]))  # the feed repeats tags
        for key in ("salary_min", "salary_max"):
            if isinstance(job.get(key), (int, float)) and job[key] > 0:
                extra[key] = job[key]
        for key in ("slug", "apply_url", "original", "verified"):
            if job.get(key) not in (None, ""):
                extra[key] = job[key]
        return NormalizedPosting(
            source=self.name,
            board="",
            source_id=source_id,
            title=title,
            description=_description(job),
            company=_company(job),
            location=location,
            remote=True,  # Remote OK lists remote jobs only; location is where hiring is allowed
            url=job.get("url"),
            posted_at=parse_timestamp(job.get("epoch") or job.get("date")),
            attribution=self.attribution,
            raw=job,
            extra=extra,
        )


def _description(job: dict[str, Any]) -> str:
    # 59 of 98 real descriptions carry literal backslash-n sequences between HTML blocks.
    markup = fix_mojibake(str(job.get("description") or "")).replace("\\r\\n", "\n").replace("\\n", "\n")
    return _SPAM_NOTE.sub("", clean_description(markup)).strip()


def _is_blank(record: dict[str, Any]) -> bool:
    """The live feed holds husks with an id but empty ``position`` and ``company`` (only the
    anti-spam note as description): nothing to store, so they are skipped."""
    return "position" in record and not str(record["position"] or "").strip() and not str(record.get("company") or "").strip()


def _is_notice(record: dict[str, Any]) -> bool:
    return "legal" in record and "position" not in record


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Latin-1/CP1252 (``SÃ£o`` -> ``São``), only when the
    whole string round-trips; otherwise return it unchanged.

    >>> fix_mojibake("FlorianÃ³polis")
    'Florianópolis'
    >>> fix_mojibake("Zürich")
    'Zürich'
    """
    if not text or not any(m in text for m in _MOJIBAKE_MARKERS):
        return text
    for encoding in ("latin-1", "cp1252"):
        try:
            return text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


# "2100 NVIDIA USA": an employer's entity number and country around its name (Workday feeds).
_ENTITY_CODE = re.compile(r"\d{3,5}\s+(?P<name>[A-Z][\w.&'’ -]*?)(?:\s+(?:USA|US|UK|GB|CA|DE|FR|IN|JP|SG|AU|NL|IE|IL))?")
_NO_NAME = frozenset({"jobs", "job", "careers", "career", "hiring", "remote", "company", "n/a", "na", "none",
                      "unknown", "confidential", "anonymous", "stealth"})


def _company(job: dict[str, Any]) -> str | None:
    """The employer from the feed's own ``company`` field: an entity number and country code
    around the name are dropped ("2100 NVIDIA USA" -> "NVIDIA"); a placeholder ("jobs") names
    no one, then the job's slug does ("remote-<position>-<company>-<id>")."""
    name = " ".join(fix_mojibake(str(job.get("company") or "")).split())
    m = _ENTITY_CODE.fullmatch(name)
    if m:
        name = m.group("name").strip()
    if name and name.casefold() not in _NO_NAME:
        return name
    return _company_from_slug(job)


def _company_from_slug(job: dict[str, Any]) -> str | None:
    slug = str(job.get("slug") or "")
    position = re.sub(r"[^a-z0-9]+", "-", str(job.get("position") or "").lower()).strip("-")
    rest = re.sub(r"^remote-", "", slug)
    if not position or not rest.startswith(position + "-"):
        return None
    rest = re.sub(r"-\d+$", "", rest[len(position) + 1 :])
    words = [w for w in rest.split("-") if w]
    if not words or " ".join(words).casefold() in _NO_NAME:
        return None
    return " ".join(w[:1].upper() + w[1:] for w in words)

