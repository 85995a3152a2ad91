"""The streaming core of ``skillgap extract`` (CONTRACTS §4): JSON Lines in, JSON Lines out.

One output object per input line, in order. Lines are read lazily and extracted in small batches
through ``nlp.pipe``, so memory stays constant whatever the input size. A malformed line (not
JSON, not an object, no string ``description``) yields ``{"id": ..., "error": "..."}`` and the
run goes on.

Whitespace-only input lines are skipped and produce no output line, so a file that ends with a
newline (or has blank lines between records) does not get spurious error objects; "one object per
input line" counts the non-blank lines. Output is UTF-8 JSON; a record whose text cannot be
encoded that way (a lone surrogate such as ``"\\ud83d"`` in valid JSON input, or text decoded with
``errors="surrogateescape"``) is written with ``\\uXXXX`` escapes instead, so it stays valid JSON
and its offsets are unchanged. Input decoded with ``errors="replace"`` needs nothing special.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from skillgap.extractors.extract import Extraction, Extractor

__all__ = ["run_extract", "to_record"]


def to_record(pid: Any, r: Extraction, *, version: str | None = None) -> dict[str, Any]:
    """The CONTRACTS §4 output object for one extraction (plus a few documented extra keys)."""
    out: dict[str, Any] = {
        "id": pid,
        "role_family": r.role_family,
        "seniority": r.seniority,
        "entry_level": r.entry_level,
        "years_min": r.years_min,
        "skills": [
            {
                "skill": m.skill,
                "category": m.category,
                "requirement": m.requirement,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "section": m.section,
            }
            for m in r.skills
        ],
        "salary": None
        if r.salary is None
        else {
            "min": r.salary.min,
            "max": r.salary.max,
            "currency": r.salary.currency,
            "period": r.salary.period,
            "annual_min": r.salary.annual_min,
            "annual_max": r.salary.annual_max,
            "text": r.salary.text,
        },
        "experience_inflated": r.experience_inflated,
        "degree": r.degree,
        "visa_sponsorship": r.visa_sponsorship,
        "remote_type": r.remote_type,
    }
    if r.html:
        out["description_text"] = r.description_text
    if version is not None:
        out["extractor_version"] = version
    return out


def _parse(line: str) -> tuple[Any, dict[str, Any] | None, str | None]:
    """(id, record, error) for one input line."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return None, None, f"invalid JSON: {e.msg} at column {e.colno}"
    if not isinstance(obj, dict):
        return None, None, f"expected a JSON object, got {type(obj).__name__}"
    pid = obj.get("id")
    desc = obj.get("description")
    if not isinstance(desc, str):
        what = "missing" if desc is None else f"a {type(desc).__name__}, not a string"
        return pid, None, f"description is {what}"
    for key in ("title", "company", "location"):
        v = obj.get(key)
        if v is not None and not isinstance(v, str):
            return pid, None, f"{key} must be a string, not {type(v).__name__}"
    return pid, obj, None


def run_extract(
    inp: TextIO,
    out: TextIO,
    *,
    extractor: Extractor | None = None,
    batch_size: int | None = None,
) -> int:
    """Extract every line of ``inp`` to ``out``; returns the number of error lines.

    Blank lines are skipped. When ``inp`` is a terminal, lines are answered one at a time.
    """
    ex = extractor or Extractor()
    if batch_size is None:
        batch_size = 1 if _isatty(inp) else 32
    errors = 0
    batch: list[tuple[Any, dict[str, Any] | None, str | None]] = []

    def one(rec: dict[str, Any]) -> dict[str, Any]:
        return {"title": rec.get("title") or "", "description": rec["description"],
                "company": rec.get("company"), "location": rec.get("location")}

    def flush() -> None:
        nonlocal errors
        good = [rec for _pid, rec, err in batch if rec is not None and err is None]
        results: list[Extraction | Exception]
        try:
            results = list(ex.extract_many((one(r) for r in good), batch_size=max(1, len(good))))
        except Exception:  # noqa: BLE001 - find the bad posting; the others still get answers
            results = []
            for r in good:
                try:
                    results.append(next(iter(ex.extract_many([one(r)], batch_size=1))))
                except Exception as e:  # noqa: BLE001
                    results.append(e)
        it = iter(results)
        for pid, rec, err in batch:
            if err is None and rec is not None:
                res = next(it)
                if isinstance(res, Exception):
                    err = f"{type(res).__name__}: {res}"
            if err is not None:
                errors += 1
                obj: dict[str, Any] = {"id": pid, "error": err}
            else:
                obj = to_record(pid, res)
            _write(out, obj)
        out.flush()
        batch.clear()

    for line in inp:
        if not line.strip():
            continue
        batch.append(_parse(line))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return errors


_SURROGATE = re.compile("[\ud800-\udfff]")


def _write(out: TextIO, obj: dict[str, Any]) -> None:
    """One output line. Text that UTF-8 (or the stream's encoding) cannot carry, such as a lone
    surrogate, is written as ``\\uXXXX`` escapes: still valid JSON, same string when decoded."""
    line = json.dumps(obj, ensure_ascii=False)
    if _SURROGATE.search(line):
        line = json.dumps(obj, ensure_ascii=True)
    try:
        out.write(line + "\n")
    except UnicodeEncodeError:  # a stream in a narrower encoding than UTF-8
        out.write(json.dumps(obj, ensure_ascii=True) + "\n")


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
