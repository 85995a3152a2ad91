"""The streaming core of ``skillgap extract`` (CONTRACTS §4): JSON Lines in, JSON Lines out.

One output object per input line, in order. Lines are read lazily and extracted in small batches
(in worker processes when ``workers > 1``, a bounded number of batches in flight), so memory
stays constant whatever the input size. A malformed line (not
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

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

from skillgap.extractors.extract import Extraction, Extractor
from skillgap.extractors.pool import WorkerPool, worker_extractor

__all__ = ["run_extract", "to_record"]


def to_record(pid: Any, r: Extraction, *, version: str | None = None) -> dict[str, Any]:
    """The CONTRACTS §4 output object for one extraction (plus a few documented extra keys)."""
    out: dict[str, Any] = {
        "id": pid,
        "role_family": r.role_family,
        "seniority": r.seniority,
        "entry_level": r.entry_level,
        "years_min": r.years_min,
        "years_min_graduate": r.years_min_graduate,
        "skills": [
            {
                "skill": m.skill,
                "category": m.category,
                "requirement": m.requirement,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "section": m.section,
                **({"alt_group": m.alt_group} if m.alt_group is not None else {}),
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
    workers: int = 1,
) -> int:
    """Extract every line of ``inp`` to ``out``; returns the number of error lines.

    Blank lines are skipped. When ``inp`` is a terminal, lines are answered one at a time.
    ``workers > 1`` extracts batches in that many worker processes (output still in input order,
    at most ``2 * workers`` batches in flight, so memory stays bounded); the pool starts only once
    the input holds more than one batch, so a short input costs no process start.
    """
    interactive = _isatty(inp)
    if batch_size is None:
        batch_size = 1 if interactive else 32
    ex = extractor or Extractor()
    if workers <= 1 or interactive:
        errors = 0
        for batch in _batches(inp, batch_size):
            text, n_err = _answer(batch, ex)
            errors += n_err
            _emit(out, text)
            out.flush()
        return errors
    return _run_parallel(_batches(inp, batch_size), out, ex, workers)


def _batches(inp: TextIO, size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in inp:
        if not line.strip():
            continue
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _one(rec: dict[str, Any]) -> dict[str, Any]:
    return {"title": rec.get("title") or "", "description": rec["description"],
            "company": rec.get("company"), "location": rec.get("location")}


def _answer(lines: list[str], ex: Extractor) -> tuple[str, int]:
    """The output lines (one string) for one batch of input lines, and how many are errors."""
    batch = [_parse(line) for line in lines]
    good = [rec for _pid, rec, err in batch if rec is not None and err is None]
    results: list[Extraction | Exception]
    try:
        results = list(ex.extract_many((_one(r) for r in good), batch_size=max(1, len(good))))
    except Exception:  # noqa: BLE001 - find the bad posting; the others still get answers
        results = []
        for r in good:
            try:
                results.append(next(iter(ex.extract_many([_one(r)], batch_size=1))))
            except Exception as e:  # noqa: BLE001
                results.append(e)
    it = iter(results)
    errors = 0
    parts: list[str] = []
    for pid, rec, err in batch:
        obj: dict[str, Any] | None = None
        if err is None and rec is not None:
            res = next(it)
            if isinstance(res, Exception):
                err = f"{type(res).__name__}: {res}"
            else:
                obj = to_record(pid, res)
        if obj is None:
            errors += 1
            obj = {"id": pid, "error": err}
        parts.append(_line(obj))
    return "".join(parts), errors


# ---------------------------------------------------------------- worker processes


def _work(lines: list[str]) -> tuple[str, int]:
    return _answer(lines, worker_extractor())


def _run_parallel(batches: Iterator[list[str]], out: TextIO, ex: Extractor, workers: int) -> int:
    first = next(batches, None)
    if first is None:
        return 0
    second = next(batches, None)
    if second is None:  # one batch: not worth a process start
        text, errors = _answer(first, ex)
        _emit(out, text)
        out.flush()
        return errors
    errors = 0
    # fork when safe: the workers share this process's built pipeline, vocabulary and model
    with WorkerPool(workers, extractor=ex, fork=True) as pool:
        for text, n_err in pool.imap(_work, itertools.chain((first, second), batches)):
            errors += n_err
            _emit(out, text)
        out.flush()
    return errors


_SURROGATE = re.compile("[\ud800-\udfff]")


def _line(obj: dict[str, Any]) -> str:
    """One output line. Text that UTF-8 cannot carry, such as a lone surrogate, is written as
    ``\\uXXXX`` escapes: still valid JSON, same string when decoded."""
    line = json.dumps(obj, ensure_ascii=False)
    if _SURROGATE.search(line):
        line = json.dumps(obj, ensure_ascii=True)
    return line + "\n"


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _emit(out: TextIO, text: str) -> None:
    try:
        out.write(text)
    except UnicodeEncodeError:  # a stream in a narrower encoding than UTF-8: escape every line
        out.write("".join(json.dumps(json.loads(line), ensure_ascii=True) + "\n" for line in text.splitlines()))
