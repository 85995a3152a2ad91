"""Prefect flows: they only wire steps together (STYLE #15).

``ingest``: one task per board fetches and parses it (a few boards in flight at once); as each
board arrives it is stored in its own short transaction and its new or changed postings are
queued for extraction; extraction runs in batches (one task per batch) on worker processes that
build the spaCy pipeline once each, and completed batches are written :data:`WRITE_BATCHES` at a
time (one transaction and one checkpoint for several batches). So the run streams board by board
and batch by batch: memory is bounded by the boards and batches in flight, never the whole run,
and a crash loses at most the batches in flight or not yet written (the next run redoes them;
every write is idempotent).

Where the work runs:
- default (Prefect's thread task runner): fetch tasks in threads, extraction batches on a
  :class:`~skillgap.pipelines.extraction.LocalPool` of ``workers`` processes (default: the cores
  this process may use); small runs extract in-process and start no pool;
- any other task runner, e.g. ``DaskTaskRunner(address=...)`` (:func:`run_ingest` with
  ``dask_address``): fetch and extraction tasks run on that runner's workers; only the flow
  process writes to DuckDB.

The event loop that streams a run (``_Run``) is in :mod:`skillgap.pipelines.run_loop`.

The flow holds the database's writer lock (:mod:`skillgap.pipelines.runlock`) for the whole run,
and opens DuckDB only for each short write, so reports can read in between.

Import this module only after :func:`skillgap.pipelines.prefect_env.configure` has set Prefect's
environment (the CLI does it); importing Prefect reads its settings once.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import socket
import uuid
from concurrent.futures import BrokenExecutor, CancelledError, Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

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
    extract_records,
)
from skillgap.pipelines.http import HttpClient, ReplayTransport, make_client
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.progress import BOARD_FAILURE
from skillgap.pipelines.runlock import holds_lock, writer_lock
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
WRITE_BATCHES = 2  # extraction batches written together (one transaction, one checkpoint)
TAIL_BATCH_MIN = 50  # the last batches of a run on the pool shrink down to this (see _Run._submit_extractions)


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
        early = _PREFETCHED.pop((spec.type, board), None)
        if early is not None:  # fetched while Prefect's server started (see _prefetch): not again
            return early.result()
        return _fetch_board(spec, board, user_agent=user_agent, replay_dir=replay_dir,
                            pool=_POOL if use_pool else None, known_digest=known_digest)
    except SourceError as exc:
        return BoardFetch(error=str(exc), unreachable=isinstance(exc, UnreachableSourceError))


_POOL: LocalPool | None = None  # this process's extraction workers while an ingest runs
_PREFETCHED: dict[tuple[str, str], Future[BoardFetch]] = {}  # (source, board) -> its early fetch (_prefetch)


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
            from skillgap.pipelines.run_loop import _Run

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
        from skillgap.pipelines.run_loop import _Run

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
    this one) while this process, when the run will extract (a board never stored, or postings
    waiting for extraction), builds the extractor once and forks the worker processes from it
    (:func:`_prestart_pool`). A steady run (every board stored before, nothing pending) starts
    no workers unless a board turns out to have changed."""
    if dask_address:
        return ingest_flow.with_options(task_runner=dask_runner(dask_address))(
            config_path, db_path, source_types, replay_dir, workers, batch_size)
    from skillgap.pipelines import prefect_env

    # the server process the CLI launched before importing Prefect, else launched now (it dies
    # with this process); it boots while this thread starts the workers and syncs the taxonomy
    prefect_env.start_temporary_api(prefect_loaded=True)
    n = workers or default_workers()
    try:
        if n > 1 and _expects_extraction(config_path, db_path, source_types):
            _prestart_pool(n)
            if prefect_env.early_api_started() and holds_lock(db_path):
                _prefetch(config_path, db_path, source_types, replay_dir)
        _sync_taxonomy(db_path)  # the flow's first step, done here meanwhile (it then finds it done)
        with prefect_env.temporary_api():
            return ingest_flow(config_path, db_path, source_types, replay_dir, workers, batch_size)
    finally:
        _PREFETCHED.clear()  # the flow ended before it took them all (it failed): dropped
        unused = _take_prestarted(None)  # the flow failed before it took the workers
        if unused is not None:
            unused.close(cancel=True)


def _prefetch(config_path: str, db_path: str, source_types: list[str] | None, replay_dir: str | None) -> None:
    """Start fetching the boards the flow fetches first (:data:`FETCH_WINDOW` of them, in config
    order), parsed on the workers just started, while Prefect's temporary server boots: until it
    answers, the flow cannot start and a core and the workers would sit idle. The flow's
    ``fetch-board`` task for such a board takes this fetch's result (or its error, recorded as
    any other) instead of fetching it again: each board is still fetched once a run, with the
    same unchanged-board check. Only while this process holds the database's writer lock (the
    ``skillgap ingest`` command takes it first), so a run refused as busy fetches nothing."""
    from concurrent.futures import ThreadPoolExecutor

    try:
        config = load_config(config_path)
        specs = [s for s in config.sources if not source_types or s.type in source_types]
        first = [(spec, board) for spec in specs for board in (spec.boards or ("",))][:FETCH_WINDOW]
        with Store.open(db_path) as store:
            digests = store.board_digests()
    except Exception:  # noqa: BLE001 - only a head start: the flow fetches and reports as always
        return
    fetchers = ThreadPoolExecutor(max(1, len(first)), thread_name_prefix="skillgap-prefetch")
    for spec, board in first:
        if (spec.type, board) not in _PREFETCHED:
            _PREFETCHED[(spec.type, board)] = fetchers.submit(
                _fetch_board, spec, board, user_agent=config.user_agent, replay_dir=replay_dir, pool=_PRESTARTED,
                known_digest=digests.get((spec.type, board)))
    fetchers.shutdown(wait=False)  # its threads end with their fetch


_PRESTARTED: LocalPool | None = None  # workers started before the flow (see run_ingest)


def _prestart_pool(workers: int) -> None:
    """Start the run's workers now. While this process has no other thread yet (Prefect starts
    its threads only when the flow runs), the extractor is built here, once, and the workers are
    forked from it, as ``skillgap extract`` does: one build instead of one per worker, each of
    which also imports spaCy; with threads they are spawned (:class:`WorkerPool`)."""
    global _PRESTARTED
    import threading

    from skillgap.pipelines import extraction

    extractor = None
    if extraction.POOL_WORK is None and threading.active_count() == 1:
        from skillgap.extractors.extract import Extractor
        from skillgap.pipelines import dedup

        extractor = Extractor()
        # what each worker's first parse would load (datasketch, which imports scipy: ~0.4 CPU s a
        # process) loaded once, here
        dedup.minhash_signature(" ".join(f"w{i}" for i in range(dedup.MIN_SHINGLES + dedup.SHINGLE_WORDS)))
    _PRESTARTED = LocalPool(workers, extractor=extractor)
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
