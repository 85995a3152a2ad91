"""Extraction of stored postings in batches, on this machine's cores or on Dask workers.

- :func:`extract_records` is what a batch runs, wherever it runs: the process's own
  :class:`~skillgap.extractors.extract.Extractor` (built once per process, then reused for every
  batch) over the batch; if the batch fails, posting by posting, so one text that breaks the
  extractor cannot cost the others their facts. A posting that still fails gets empty facts and
  its reason, recorded with it (``posting_facts.extract_error``), so it is not retried on every
  run (the next extractor version tries again).
- :class:`LocalPool` fans batches out over worker processes on this machine: the extractors'
  one :class:`~skillgap.extractors.pool.WorkerPool` (forked from an extractor built once in this
  process while that is safe, as at the start of an ingest; else ``spawn``, each worker building
  its pipeline once; workers die with this process, even on SIGKILL). On a Dask cluster the workers are
  Dask's: the same :func:`extract_records` runs in each worker process with the same
  once-per-process cache.
"""

from __future__ import annotations

import logging
import os
import time
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from skillgap.extractors.pool import WorkerPool, worker_extractor

__all__ = ["BatchResult", "BatchFailure", "extract_records", "empty_result", "LocalPool", "MAX_EXTRACT_CHARS",
           "default_workers", "batch_timeout"]

log = logging.getLogger(__name__)

MAX_EXTRACT_CHARS = 200_000  # real postings are < 30k characters; longer text is junk or an attack

# A batch on the local pool that takes longer than this is stopped (its workers are killed and
# restarted) and split in two until the posting that hangs is found; that one is stored with
# empty facts and the reason. Generous: ~100x the normal cost of a batch on a loaded machine.
BATCH_TIMEOUT_BASE = 60.0
BATCH_TIMEOUT_PER_POSTING = 0.5

POOL_WORK = None  # tests may set a module-level function to run in the pool instead of extract_records


def batch_timeout(n: int) -> float:
    return BATCH_TIMEOUT_BASE + BATCH_TIMEOUT_PER_POSTING * n

_EXTRACTOR = None  # one per process


@dataclass
class BatchResult:
    """Extractions of one batch, in input order, with the reason for each posting that failed."""

    posting_ids: list[str]
    content_hashes: list[str]
    extractions: list[Any]
    errors: dict[str, str]


@dataclass
class BatchFailure:
    """A batch that did not come back from the pool: ``timeout`` or ``broken`` (a worker died)."""

    kind: str
    message: str


def _extractor():
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = worker_extractor()  # the bundled extractor, once per process
    return _EXTRACTOR


def _empty(text: str):
    from skillgap.extractors.extract import Extraction

    return Extraction(
        description_text=text, skills=(), role_family="other", seniority="unknown", entry_level=False,
        years_min=None, experience_inflated=False, degree=None, salary=None, visa_sponsorship=None,
        remote_type=None,
    )


def empty_result(batch: list[dict[str, Any]], reason: str) -> BatchResult:
    """Empty facts with ``reason`` for every posting of ``batch`` (stored so they are not retried)."""
    return BatchResult([r["posting_id"] for r in batch], [r["content_hash"] for r in batch],
                       [_empty((r.get("description") or "")[:MAX_EXTRACT_CHARS]) for r in batch],
                       {r["posting_id"]: reason for r in batch})


def _scrub(value: Any) -> Any:
    """Lone surrogates (from JSON ``\\ud800`` escapes) become U+FFFD: text must be valid UTF-8."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8") if not value.isascii() else value
    return value


def extract_records(batch: list[dict[str, Any]], extractor: Any = None) -> BatchResult:
    """Extract one batch of ``{"posting_id", "content_hash", "title", "description", "company",
    "location"}`` records. Never raises for a bad posting; returns the reason instead."""
    extractor = extractor or _extractor()
    records = [
        {"title": _scrub(r.get("title") or ""), "description": _scrub(r.get("description") or "")[:MAX_EXTRACT_CHARS],
         "company": _scrub(r.get("company")), "location": _scrub(r.get("location")), "html": False}
        for r in batch
    ]
    errors: dict[str, str] = {}
    try:
        extractions = list(extractor.extract_many(records))
    except Exception:  # noqa: BLE001 - isolate the posting that breaks the batch
        extractions = []
        for raw, record in zip(batch, records):
            try:
                extractions.append(extractor.extract(**record))
            except Exception as exc:  # noqa: BLE001
                reason = f"{type(exc).__name__}: {exc}"[:500]
                log.warning("extraction failed for %s: %s", raw["posting_id"], reason)
                errors[raw["posting_id"]] = reason
                extractions.append(_empty(record["description"]))
    extractions = [_with_stated_salary(ex, raw.get("extra")) for ex, raw in zip(extractions, batch)]
    return BatchResult([r["posting_id"] for r in batch], [r["content_hash"] for r in batch], extractions, errors)


def _with_stated_salary(ex: Any, extra: Any) -> Any:
    """The extraction with the salary the source states in its own fields (``extra``: a mapping
    or its JSON), which wins over the salary read from the text."""
    if not extra:
        return ex
    if isinstance(extra, str):
        import json

        try:
            extra = json.loads(extra)
        except ValueError:
            return ex
    if not isinstance(extra, dict):
        return ex
    from skillgap.extractors.facts import salary_from_fields

    stated = salary_from_fields(extra)
    if stated is None:
        return ex
    import dataclasses

    return dataclasses.replace(ex, salary=stated)


def _ping(build: bool) -> int:
    if build:
        _extractor()
    time.sleep(0.05)
    return os.getpid()


def parse_records(source_type: str, board: str, records: list[Any]):
    """A source's pure ``parse`` (HTML to text, mojibake repair...) and each posting's dedup
    fingerprint (text normalisation, MinHash): the CPU work of storing a board, for the pool."""
    from skillgap.pipelines.dedup import fingerprint
    from skillgap.pipelines.sources.registry import get_source

    postings = get_source(source_type).parse(records, board=board or None)
    fingerprints = {p.posting_id: fingerprint(p.company, p.title, p.description, p.url) for p in postings}
    return postings, fingerprints


def default_workers() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class LocalPool:
    """Worker processes on this machine (a :class:`WorkerPool`), each with its own extractor
    built once; batches, parsing and the readiness checks the flow times batches by."""

    def __init__(self, workers: int, *, extractor: Any = None) -> None:
        """``extractor``: the workers are forked from this process and share it, built once here
        (as ``skillgap extract`` does), when that is safe (:class:`WorkerPool`: no other thread
        yet), else spawned to build their own from its skills and model. None: spawned workers
        that each build the bundled extractor."""
        self.workers = workers
        self.work = POOL_WORK or extract_records
        self._pool = WorkerPool(workers, extractor=extractor, fork=extractor is not None)
        self.ready = False

    def wait_ready(self, limit: float = 600.0) -> None:
        """Return once every worker has started and built its extractor, so batch timeouts
        measure extraction, not start-up (bounded: after ``limit`` s, go on anyway). Workers
        that only parse never build one."""
        seen: set[int] = set()
        deadline = time.monotonic() + limit
        self.ready = True
        build = self.work is extract_records
        while len(seen) < self.workers and time.monotonic() < deadline:
            for fut in [self._pool.submit(_ping, build) for _ in range(self.workers)]:
                try:
                    seen.add(fut.result(timeout=max(0.1, deadline - time.monotonic())))
                except Exception:  # noqa: BLE001 - a start-up problem shows on the first batch
                    return

    def warm_async(self) -> None:
        """Start the workers and have them build their extractors now, without waiting (e.g.
        while Prefect's server starts); :meth:`wait_ready` later finds them ready."""
        build = self.work is extract_records
        for _ in range(self.workers):
            self._pool.submit(_ping, build)

    def submit(self, batch: list[dict[str, Any]]) -> Future:
        return self._pool.submit(self.work, batch)

    def submit_parse(self, source_type: str, board: str, records: list[Any]) -> Future:
        return self._pool.submit(parse_records, source_type, board, records)

    def kill(self) -> None:
        """Stop now, even mid-batch (a hung regex ignores everything but SIGKILL)."""
        self._pool.kill()

    def close(self, *, cancel: bool = False) -> None:
        self._pool.close(cancel=cancel)
