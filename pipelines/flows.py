"""Prefect flows: they only wire steps together (STYLE #15).

``ingest``: one task per board fetches and parses it (a few boards in flight at once); as each
board arrives it is stored in its own short transaction and its new or changed postings are
queued for extraction; extraction runs in batches (one task per batch) on worker processes that
build the spaCy pipeline once each, and every batch is written as soon as it completes. So the
run streams board by board and batch by batch: memory is bounded by the boards and batches in
flight, never the whole run, and a crash loses at most the batches in flight (the next run
redoes them; every write is idempotent).

Where the work runs:
- default (Prefect's thread task runner): fetch tasks in threads, extraction batches on a
  :class:`~skillgap.pipelines.extraction.LocalPool` of ``workers`` processes (default: the cores
  this process may use); small runs extract in-process and start no pool;
- any other task runner, e.g. ``DaskTaskRunner(address=...)`` (:func:`run_ingest` with
  ``dask_address``): fetch and extraction tasks run on that runner's workers; only the flow
  process writes to DuckDB.

The flow holds the database's writer lock (:mod:`skillgap.pipelines.runlock`) for the whole run,
and opens DuckDB only for each short write, so reports can read in between.

Import this module only after :func:`skillgap.pipelines.prefect_env.configure` has set Prefect's
environment (the CLI does it); importing Prefect reads its settings once.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import queue
import socket
import time
import uuid
from collections import deque
from concurrent.futures import BrokenExecutor, CancelledError
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext, get_run_context

from skillgap.pipelines import progress
from skillgap.pipelines.config import SourceSpec, load_config
from skillgap.pipelines.errors import SourceError, UnreachableSourceError, UsageError
from skillgap.pipelines.extraction import (
    MAX_EXTRACT_CHARS,
    BatchFailure,
    BatchResult,
    LocalPool,
    batch_timeout,
    default_workers,
    empty_result,
    extract_records,
)
from skillgap.pipelines.http import HttpClient, ReplayTransport, make_client
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.progress import BOARD_FAILURE
from skillgap.pipelines.runlock import writer_lock
from skillgap.pipelines.sources.registry import get_source
from skillgap.pipelines.store import Store, UpsertStats

__all__ = [
    "ingest_flow", "extract_flow", "run_ingest", "run_extract", "IngestSummary", "fetch_board",
    "fetch_and_parse", "extract_batch", "dask_runner", "MAX_EXTRACT_CHARS",
]

log = logging.getLogger(__name__)

EXTRACT_BATCH = 400  # postings per extraction task: ~1-2 s of work, so task and IPC overhead is noise
FETCH_WINDOW = 4  # boards fetched at once (each board's postings are held until stored)
POOL_MIN = 300  # fewer postings than this to extract: do it in-process, start no worker pool
SESSION_MAX = 1.0  # s a database session may stay open while events keep completing


@dataclass
class BoardOutcome:
    source: str
    board: str
    status: str  # ok | failed
    stats: UpsertStats = field(default_factory=UpsertStats)
    error: str | None = None
    unreachable: bool = False  # failed with no answer at all (offline, DNS, refused, timeout)


@dataclass
class BoardFetch:
    postings: list[NormalizedPosting] = field(default_factory=list)
    complete: bool = False
    error: str | None = None
    unreachable: bool = False  # the error was no answer at all (UnreachableSourceError)
    digest: str | None = None  # of the parser code + the records listed (see parser_version)
    unchanged: bool = False  # the digest equals the last stored one: nothing was parsed
    fingerprints: dict[str, Any] | None = None  # posting_id -> dedup Fingerprint, from the parse worker


_PARSER_VERSION: str | None = None


def parser_version() -> str:
    """A digest of the code that turns records into stored postings (adapters, normalisation,
    models, dedup): a board whose records are byte-for-byte what they were is unchanged only
    while this code is too."""
    global _PARSER_VERSION
    if _PARSER_VERSION is None:
        import hashlib
        from pathlib import Path

        from skillgap.pipelines import dedup, models, normalise, sources

        h = hashlib.sha256()
        for path in sorted(Path(str(sources.__file__)).parent.glob("*.py")) + [
            Path(str(m.__file__)) for m in (normalise, models, dedup)
        ]:
            h.update(path.name.encode())
            h.update(path.read_bytes())
        _PARSER_VERSION = h.hexdigest()[:16]
    return _PARSER_VERSION


def board_digest(source_type: str, board: str, records: Any) -> str:
    import hashlib
    import json

    h = hashlib.sha256(f"{parser_version()}\0{source_type}\0{board}\0".encode())
    # records keep the payload's key order, so no sorting: the same payload gives the same text
    h.update(json.dumps(records, default=str).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclass
class IngestSummary:
    run_id: str
    status: str  # ok | partial | failed
    boards: list[BoardOutcome]
    extracted: int
    total_postings: int
    abandoned: list[str] = field(default_factory=list)  # earlier runs found dead and marked so

    @property
    def failed(self) -> list[BoardOutcome]:
        return [b for b in self.boards if b.status == "failed"]

    @property
    def none_reachable(self) -> bool:
        """Every board failed with no answer at all: the machine is likely offline."""
        return bool(self.boards) and all(b.status == "failed" and b.unreachable for b in self.boards)


def _say(run_logger: logging.LoggerAdapter | logging.Logger | None, message: str, *args: object,
         level: int = logging.INFO, detail: bool = False, board_failure: bool = False) -> None:
    """Log to Prefect's run log (kept with the flow run) and show it on skillgap's console.

    ``board_failure`` marks the record (:data:`BOARD_FAILURE`) so the CLI can keep one board's
    failure off the console unless ``--verbose`` (the run log and ``source_runs`` keep it)."""
    text = message % args if args else message
    if run_logger is not None:
        run_logger.log(level, text, extra={BOARD_FAILURE: True} if board_failure else None)
    if level < logging.WARNING or run_logger is None:  # Prefect's console handler shows warnings
        progress.current().note(text, detail=detail, level=level)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def fetch_and_parse(spec: SourceSpec, board: str, *, user_agent: str, replay_dir: str | None = None,
                    pool: LocalPool | None = None) -> tuple[list[NormalizedPosting], bool]:
    """Fetch and parse one board (or feed); parsing on ``pool``'s processes when given (it is
    CPU work: HTML to text, mojibake repair). Raises SourceError on failure."""
    fetched = _fetch_board(spec, board, user_agent=user_agent, replay_dir=replay_dir, pool=pool, known_digest=None)
    return fetched.postings, fetched.complete


def _fetch_board(spec: SourceSpec, board: str, *, user_agent: str, replay_dir: str | None, pool: LocalPool | None,
                 known_digest: str | None) -> BoardFetch:
    """Fetch one board; parse it unless it lists exactly what was stored last time."""
    source = get_source(spec.type)
    transport = ReplayTransport(replay_dir) if replay_dir else None
    min_interval = 0.0 if replay_dir else 0.5
    with HttpClient(make_client(user_agent=user_agent, transport=transport), min_interval=min_interval) as http:
        extra: dict = {"filters": dict(spec.filters)} if spec.filters else {}
        if spec.urls:
            extra["urls"] = spec.urls
        result = source.fetch(http, board=board or None, base_url=spec.base_url, **extra)
    company = spec.company_for(board) if board else None
    # (the configured display name is part of what was stored: a new one is a change)
    digest = board_digest(spec.type, f"{board}\x1f{company}" if company else board, result.records)
    if known_digest is not None and digest == known_digest:
        return BoardFetch(complete=result.complete, digest=digest, unchanged=True)
    postings, fingerprints = None, None
    if pool is not None:
        try:
            postings, fingerprints = pool.submit_parse(spec.type, board, result.records).result()
        except (BrokenExecutor, CancelledError):  # the pool was restarted meanwhile: parse here
            postings = None
    if postings is None:
        postings = source.parse(result.records, board=board or None)
    if company:  # the config's display name for a board (Lever and Ashby payloads name none)
        if any(p.company != company for p in postings):
            postings = [p if p.company == company else dataclasses.replace(p, company=company) for p in postings]
            fingerprints = None  # they include the company: made again where the board is stored
    return BoardFetch(postings=postings, complete=result.complete, digest=digest, fingerprints=fingerprints)


@task(name="fetch-board", task_run_name="fetch {spec.type}:{board}", cache_policy=NO_CACHE)
def fetch_board(spec: SourceSpec, board: str, *, user_agent: str, replay_dir: str | None = None,
                use_pool: bool = False, known_digest: str | None = None) -> BoardFetch:
    """Prefect task around :func:`_fetch_board` (what :func:`fetch_and_parse` does, plus the
    unchanged-board check).

    An expected source failure (404, 5xx after retries, a bad payload) is a value, not an
    exception: the flow records it in ``source_runs`` and logs one warning, and the user's
    terminal gets no traceback for a board that went away. A bug still raises.
    """
    try:
        return _fetch_board(spec, board, user_agent=user_agent, replay_dir=replay_dir,
                            pool=_POOL if use_pool else None, known_digest=known_digest)
    except SourceError as exc:
        return BoardFetch(error=str(exc), unreachable=isinstance(exc, UnreachableSourceError))


_POOL: LocalPool | None = None  # this process's extraction workers while an ingest runs


@task(name="extract-batch", task_run_name="extract {size} postings", cache_policy=NO_CACHE)
def extract_batch(batch: list[dict[str, Any]], *, size: int, use_pool: bool = False) -> BatchResult | BatchFailure:
    """Extract one batch: on this machine's worker pool, or right here (a Dask worker, a small run).

    On the pool, a batch that hangs past :func:`batch_timeout` or whose worker died comes back as
    a :class:`BatchFailure` (the flow restarts the pool and narrows the batch down)."""
    pool = _POOL if use_pool else None
    if pool is not None:
        limit = batch_timeout(len(batch))
        try:
            return pool.submit(batch).result(timeout=limit)
        except TimeoutError:
            return BatchFailure("timeout", f"extraction took over {limit:.0f} s")
        except (BrokenExecutor, CancelledError) as exc:
            return BatchFailure("broken", f"extraction worker died ({type(exc).__name__})")
    return extract_records(batch)


def _store_board(store: Store, spec: SourceSpec, board: str, fetched: BoardFetch, seen_at: datetime, logger) -> BoardOutcome:
    """Store one board's fetch in its own transaction, or record why it failed.

    Anything that goes wrong for this board (a fetch error, a posting the database refuses)
    is recorded against it; the transaction rolls back and the other boards go on.
    """
    where = f"{spec.type}:{board or '-'}"
    if fetched.error is not None:
        _say(logger, "%s failed: %s", where, fetched.error, level=logging.WARNING, board_failure=True)
        return BoardOutcome(spec.type, board, "failed", error=fetched.error, unreachable=fetched.unreachable)
    try:
        if fetched.unchanged and fetched.digest:
            stats = store.touch_board(spec.type, board, fetched.digest, seen_at=seen_at)
        else:
            stats = store.upsert_postings(spec.type, board, fetched.postings, seen_at=seen_at, complete=fetched.complete,
                                          fingerprints=fetched.fingerprints)
            if fetched.digest:
                store.set_board_digest(spec.type, board, fetched.digest, stats, seen_at=seen_at)
    except Exception as exc:  # noqa: BLE001 - one board's bad data must not cost the others theirs
        _say(logger, "%s could not be stored: %r", where, exc, level=logging.WARNING, board_failure=True)
        return BoardOutcome(spec.type, board, "failed", error=f"could not store: {type(exc).__name__}: {exc}")
    if fetched.unchanged:
        _say(logger, "%s fetched %d, unchanged since the last run", where, stats.fetched)
    else:
        _say(logger, "%s fetched %d, new %d, updated %d, closed %d", where, stats.fetched, stats.new, stats.updated,
             stats.closed)
    return BoardOutcome(spec.type, board, "ok", stats)


class _Run:
    """The event loop of one run: fetch, store and extract futures in flight, bounded windows."""

    def __init__(self, *, db_path: str, specs: list[SourceSpec], user_agent: str, run_id: str | None,
                 replay_dir: str | None, logger, workers: int | None, batch_size: int, force: bool = False) -> None:
        from skillgap.extractors.extract import EXTRACTOR_VERSION

        self.version = EXTRACTOR_VERSION
        self.db_path, self.run_id, self.logger, self.force = db_path, run_id, logger, force
        self.user_agent, self.replay_dir = user_agent, replay_dir
        self.jobs = deque((spec, board) for spec in specs for board in (spec.boards or ("",)))
        self.order = {(spec.type, board): i for i, (spec, board) in enumerate(self.jobs)}
        self.batch_size = max(1, batch_size)
        ctx = get_run_context()
        assert isinstance(ctx, FlowRunContext), "a _Run lives inside the ingest flow"
        runner = ctx.task_runner
        self.local = type(runner).__name__ == "ThreadPoolTaskRunner"
        self.workers = workers or default_workers()
        if self.local:
            self.window = 2 * self.workers
        else:  # a cluster: keep every worker thread busy, twice over
            self.window = 2 * max(1, _cluster_threads(runner) or self.workers)
        self.events: queue.Queue = queue.Queue()
        self.fetching: dict[Any, tuple[SourceSpec, str]] = {}
        self.extracting: dict[Any, tuple[list[dict[str, Any]], int]] = {}
        self.pending: deque[str] = deque()
        self.retry: deque[list[str]] = deque()  # exact batches to resubmit first (after a pool restart)
        self.generation = 0  # bumped at each pool restart
        self.queued: set[str] = set()
        self.outcomes: list[BoardOutcome] = []
        self.extracted = 0
        self.seen_at = _now()
        self.pool: LocalPool | None = None
        self.need_warm = False
        self.session: Store | None = None
        self.session_opened = 0.0

    # -- submitting ------------------------------------------------------------------------
    def _submit_fetches(self) -> None:
        while self.jobs and len(self.fetching) < FETCH_WINDOW:
            spec, board = self.jobs.popleft()
            fut = fetch_board.submit(spec, board, user_agent=self.user_agent, replay_dir=self.replay_dir,
                                     use_pool=self.pool is not None, known_digest=self.digests.get((spec.type, board)))
            self.fetching[fut] = (spec, board)
            fut.add_done_callback(self.events.put)

    def _queue(self, ids: list[str]) -> None:
        fresh = [i for i in ids if i not in self.queued]
        self.queued.update(fresh)
        self.pending.extend(fresh)
        if fresh:
            progress.current().extraction_queued(len(fresh))

    def _submit_extractions(self, store: Store) -> None:
        """Top up the extraction window from the queue (texts read now, batch by batch)."""
        global _POOL
        more_coming = bool(self.jobs or self.fetching)
        while (self.retry or self.pending) and len(self.extracting) < self.window:
            if self.retry:
                ids = self.retry.popleft()
            else:
                if len(self.pending) < self.batch_size and more_coming and self.extracting:
                    return  # wait for a full batch while the workers have work
                if self.local and self.pool is None and self.workers > 1 and len(self.queued) >= POOL_MIN:
                    self.pool = _POOL = LocalPool(self.workers)
                if self.pool is not None and not self.pool.ready:
                    self.need_warm = True  # the loop warms the pool with the database closed
                    return
                ids = [self.pending.popleft() for _ in range(min(self.batch_size, len(self.pending)))]
            batch = store.load_for_extraction(ids)
            if not batch:
                continue
            fut = extract_batch.submit(batch, size=len(batch), use_pool=self.pool is not None)
            self.extracting[fut] = (batch, self.generation)
            fut.add_done_callback(self.events.put)

    def _restart_pool(self) -> None:
        global _POOL
        self._close()  # workers start with the database closed (readers get in meanwhile)
        if self.pool is not None:
            self.pool.kill()
            self.pool = _POOL = LocalPool(self.workers)
            self.pool.wait_ready()
        self.generation += 1

    # -- the database session --------------------------------------------------------------
    def _store(self) -> Store:
        """The open database session, opened on first use. Events that complete together are
        written in one session (one open, one checkpoint at close); the loop closes it before it
        waits, before workers start, and after :data:`SESSION_MAX` s, so readers get in. The
        run migrated the database when it started, so a session does not check again."""
        if self.session is None:
            self.session = Store.open(self.db_path, migrate=False)
            self.session_opened = time.monotonic()
        return self.session

    def _close(self) -> None:
        if self.session is not None:
            session, self.session = self.session, None
            session.close()

    # -- completing ------------------------------------------------------------------------
    def _board_arrived(self, fut) -> None:
        spec, board = self.fetching.pop(fut)
        try:
            result = fut.result()
        except Exception as exc:  # a bug in one adapter must not cost the others their data
            _say(self.logger, "%s:%s failed unexpectedly: %r", spec.type, board or "-", exc, level=logging.ERROR)
            result = BoardFetch(error=f"{type(exc).__name__}: {exc}")
        store = self._store()
        outcome = _store_board(store, spec, board, result, self.seen_at, self.logger)
        if self.run_id is not None:
            store.record_source_run(self.run_id, outcome.source, outcome.board, outcome.status, outcome.stats, outcome.error)
        if outcome.status == "ok" and not result.unchanged:  # an unchanged board has nothing new to extract
            self._queue(store.pending_extraction_ids(self.version, force=self.force, source=spec.type, board=board))
        del result  # the board's postings are stored: let them go
        self._submit_extractions(store)
        self.outcomes.append(outcome)
        progress.current().board_done(outcome.stats.fetched - getattr(outcome.stats, "skipped", 0))

    def _batch_done(self, fut) -> None:
        batch, generation = self.extracting.pop(fut)
        try:
            res = fut.result()
        except Exception as exc:  # noqa: BLE001 - a task that failed off the pool: redo here, posting by posting
            _say(self.logger, "extraction batch failed (%s); redoing it here", type(exc).__name__, level=logging.WARNING)
            res = extract_records(batch)
        if isinstance(res, BatchFailure):
            ids = [r["posting_id"] for r in batch]
            if generation < self.generation:  # lost to an earlier pool restart, not its own fault
                self.retry.append(ids)
            elif len(ids) > 1:  # narrow it down: halves, each on a fresh pool
                _say(self.logger, "extraction: a batch of %d failed (%s); restarting workers and splitting it",
                     len(ids), res.message, level=logging.WARNING)
                self._restart_pool()
                half = len(ids) // 2
                self.retry.extend([ids[:half], ids[half:]])
            else:
                _say(self.logger, "extraction: posting %s skipped: %s", ids[0], res.message, level=logging.WARNING)
                self._restart_pool()
                res = empty_result(batch, res.message)
            if isinstance(res, BatchFailure):
                self._submit_extractions(self._store())
                return
        store = self._store()
        self.extracted += store.write_extractions(
            zip(res.posting_ids, res.content_hashes, res.extractions), version=self.version,
            extracted_at=_now(), errors=res.errors,
        )
        self._submit_extractions(store)
        progress.current().extracted_some(len(res.posting_ids))
        _say(self.logger, "extraction: %d/%d postings", self.extracted, len(self.queued), detail=True)

    def _sweep(self) -> None:
        """Everything still pending once all boards are in: earlier runs' leftovers, reextract."""
        store = self._store()
        self._queue(store.pending_extraction_ids(self.version, force=self.force))
        self._submit_extractions(store)

    def run(self) -> tuple[list[BoardOutcome], int]:
        global _POOL
        _sync_taxonomy(self.db_path)
        with Store.open(self.db_path) as store:
            self.digests = store.board_digests() if self.jobs else {}
        progress.current().set_boards(len(self.jobs))
        if self.local and self.workers > 1:
            self.pool = _POOL = _take_prestarted(self.workers)
            if self.pool is None and len(self.jobs) > 1:
                # several boards: parse them on worker processes too (extraction joins them later)
                self.pool = _POOL = LocalPool(self.workers)
        swept = False
        try:
            self._submit_fetches()
            while True:
                if self.need_warm:  # workers build their extractors now (not in a timed batch)
                    self.need_warm = False
                    self._close()
                    assert self.pool is not None  # need_warm is set only when a pool was started
                    self.pool.wait_ready()
                    _say(self.logger, "extraction: %d worker processes", self.workers, detail=True)
                    self._submit_extractions(self._store())
                if not self.jobs and not self.fetching and not swept:
                    swept = True
                    self._sweep()
                if not self.fetching and not self.extracting:
                    if not self.pending and not self.retry:
                        break
                    self._submit_extractions(self._store())
                    continue
                try:  # events that completed meanwhile share the open session (bounded in time)
                    if self.session is None or time.monotonic() - self.session_opened > SESSION_MAX:
                        raise queue.Empty
                    fut = self.events.get_nowait()
                except queue.Empty:
                    self._close()  # never wait with the database open
                    fut = self.events.get()
                if fut in self.fetching:
                    self._board_arrived(fut)
                    self._submit_fetches()
                elif fut in self.extracting:
                    self._batch_done(fut)
        finally:
            self._close()
            if self.pool is not None:
                self.pool.close(cancel=True)
                self.pool = _POOL = None
        if self.extracted == 0:
            _say(self.logger, "extraction: nothing new or changed", detail=True)
        self.outcomes.sort(key=lambda o: self.order.get((o.source, o.board), 0))  # config order
        return self.outcomes, self.extracted


def _cluster_threads(runner) -> int:
    """Worker threads of a Dask cluster behind a DaskTaskRunner (0 when unknown)."""
    client = getattr(runner, "_client", None)
    try:
        return sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()) if client else 0
    except Exception:  # noqa: BLE001 - only a sizing hint
        return 0


def _owner() -> str:
    return f"{os.getpid()}@{socket.gethostname()}"


@flow(name="skillgap-ingest", log_prints=False)
def ingest_flow(
    config_path: str,
    db_path: str,
    source_types: list[str] | None = None,
    replay_dir: str | None = None,
    workers: int | None = None,
    batch_size: int = EXTRACT_BATCH,
) -> IngestSummary:
    """fetch -> normalise -> dedup -> store -> extract, for every board in the config."""
    logger = get_run_logger()
    config = load_config(config_path)
    specs = [s for s in config.sources if not source_types or s.type in source_types]
    run_id = uuid.uuid4().hex[:12]
    with writer_lock(db_path, command="ingest"):
        with Store.open(db_path) as store:
            abandoned = store.abandon_stale_runs(_now())
            store.start_run(run_id, _now(), owner=_owner())
        if abandoned:
            _say(logger, "earlier run(s) %s were interrupted (the process died); marked abandoned", ", ".join(abandoned),
                 level=logging.WARNING)
        try:
            outcomes, extracted = _Run(
                db_path=db_path, specs=specs, user_agent=config.user_agent, run_id=run_id, replay_dir=replay_dir,
                logger=logger, workers=workers, batch_size=batch_size,
            ).run()
        except BaseException:
            with Store.open(db_path) as store:  # never leave a run that looks like it is still going
                store.finish_run(run_id, "failed", _now())
            raise

        failed = sum(o.status == "failed" for o in outcomes)
        status = "ok" if not failed else ("failed" if failed == len(outcomes) else "partial")
        with Store.open(db_path) as store:
            store.finish_run(run_id, status, _now())
            total = store.posting_count()
    _say(
        logger,
        "run %s %s: %d boards ok, %d failed, %d postings extracted, %d stored in all",
        run_id, status, len(outcomes) - failed, failed, extracted, total, detail=True,  # the CLI prints its own
    )
    return IngestSummary(run_id, status, outcomes, extracted, total, abandoned)


@flow(name="skillgap-extract")
def extract_flow(db_path: str, force: bool = False, workers: int | None = None, batch_size: int = EXTRACT_BATCH) -> int:
    """Re-extract stored postings without refetching (all of them with ``force``)."""
    logger = get_run_logger()
    with writer_lock(db_path, command="reextract"):
        with Store.open(db_path) as store:  # applies pending migrations
            abandoned = store.abandon_stale_runs(_now())
        if abandoned:
            _say(logger, "earlier run(s) %s were interrupted; marked abandoned", ", ".join(abandoned), level=logging.WARNING)
        _, extracted = _Run(
            db_path=db_path, specs=[], user_agent="", run_id=None, replay_dir=None, logger=logger, workers=workers,
            batch_size=batch_size, force=force,
        ).run()
    return extracted


def dask_runner(address: str):
    """Prefect's DaskTaskRunner on the scheduler at ``address`` (needs the ``dask`` extra)."""
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise UsageError(
            f"--dask-address {address}: needs prefect-dask; install it with: pip install 'skillgap[dask]'"
        ) from None
    return DaskTaskRunner(address=address)


def run_ingest(config_path: str, db_path: str, source_types: list[str] | None = None, replay_dir: str | None = None,
               *, workers: int | None = None, batch_size: int = EXTRACT_BATCH, dask_address: str | None = None) -> IngestSummary:
    """Run :func:`ingest_flow`, on a Dask cluster when ``dask_address`` is given.

    Start-up work overlaps: Prefect's temporary server (when no ``PREFECT_API_URL`` is set) boots
    in its own process (:func:`~skillgap.pipelines.prefect_env.start_temporary_api`; it dies with
    this one) while this process loads the extractor and, when the run will extract (a board
    never stored, or postings waiting for extraction), starts the worker processes, which build
    their extractors meanwhile. A steady run (every board stored before, nothing pending) starts
    no workers unless a board turns out to have changed."""
    if dask_address:
        return ingest_flow.with_options(task_runner=dask_runner(dask_address))(
            config_path, db_path, source_types, replay_dir, workers, batch_size)
    from skillgap.pipelines import prefect_env

    # the server process the CLI launched before importing Prefect, else launched now (it dies
    # with this process); it boots while this thread starts the workers and syncs the taxonomy
    prefect_env.start_temporary_api(prefect_loaded=True)
    n = workers or default_workers()
    if n > 1 and _expects_extraction(config_path, db_path, source_types):
        _prestart_pool(n)
    _sync_taxonomy(db_path)  # the flow's first step, done here meanwhile (it then finds it done)
    try:
        with prefect_env.temporary_api():
            return ingest_flow(config_path, db_path, source_types, replay_dir, workers, batch_size)
    finally:
        unused = _take_prestarted(None)  # the flow failed before it took the workers
        if unused is not None:
            unused.close(cancel=True)


_PRESTARTED: LocalPool | None = None  # workers started before the flow (see run_ingest)


def _prestart_pool(workers: int) -> None:
    global _PRESTARTED
    _PRESTARTED = LocalPool(workers)
    _PRESTARTED.warm_async()


def _take_prestarted(workers: int | None) -> LocalPool | None:
    """The workers :func:`run_ingest` started, when there are ``workers`` of them (None: any)."""
    global _PRESTARTED
    pool, _PRESTARTED = _PRESTARTED, None
    if pool is not None and workers is not None and pool.workers != workers:
        pool.close(cancel=True)
        return None
    return pool


def _sync_taxonomy(db_path: str) -> None:
    """The ``skills`` view follows the extractor's taxonomy (copied only when its version changed)."""
    from skillgap.extractors.extract import EXTRACTOR_VERSION
    from skillgap.extractors.taxonomy import load_taxonomy

    with Store.open(db_path) as store:
        if store.synced_taxonomy() != EXTRACTOR_VERSION:
            store.sync_taxonomy(load_taxonomy())
            store.mark_taxonomy_synced(EXTRACTOR_VERSION)


def _expects_extraction(config_path: str, db_path: str, source_types: list[str] | None) -> bool:
    """Whether this run will likely extract: a configured board was never stored (or was edited
    since), or stored postings wait for extraction (a killed run, a new extractor)."""
    try:
        specs = [s for s in load_config(config_path).sources if not source_types or s.type in source_types]
        with Store.open(db_path) as store:
            digests = store.board_digests()
            if any((spec.type, board) not in digests for spec in specs for board in (spec.boards or ("",))):
                return True
            from skillgap.extractors.extract import EXTRACTOR_VERSION  # after the cheap check: its import takes ~1 s

            return store.has_pending_extraction(EXTRACTOR_VERSION)
    except Exception:  # noqa: BLE001 - only a hint; the flow reports real problems
        return False


def run_extract(db_path: str, *, force: bool = False, workers: int | None = None, batch_size: int = EXTRACT_BATCH,
                dask_address: str | None = None) -> int:
    if dask_address:
        return extract_flow.with_options(task_runner=dask_runner(dask_address))(db_path, force, workers, batch_size)
    from skillgap.pipelines import prefect_env

    prefect_env.start_temporary_api(prefect_loaded=True)  # as run_ingest: dies with this process
    with prefect_env.temporary_api():
        return extract_flow(db_path, force, workers, batch_size)
