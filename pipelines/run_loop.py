"""The event loop of one ingest or extract run (:class:`_Run`), used by the flows of
:mod:`skillgap.pipelines.flows`.

Hand-written rather than left to Prefect's task mapping because the run must stream: fetch
futures (a bounded window of boards) and extraction futures (a bounded window of batches)
complete in any order, each board is stored in its own short transaction as it arrives,
completed batches are written a few at a time (``WRITE_BATCHES``), the worker pool is restarted
and a failing batch split in halves when a worker dies, and DuckDB is open only for short
sessions so reports can read in between. Tunables (``FETCH_WINDOW``, ``POOL_MIN``,
``SESSION_MAX``, ``WRITE_BATCHES``, ``TAIL_BATCH_MIN``) and the process's pool
(``_POOL``) stay in :mod:`flows` and are read from there at run time, so patching them there works.
"""

from __future__ import annotations

import logging
import queue
import time
from collections import deque
from typing import Any

from prefect.context import FlowRunContext, get_run_context

from skillgap.pipelines import flows, progress
from skillgap.pipelines.config import SourceSpec
from skillgap.pipelines.extraction import BatchFailure, LocalPool, default_workers, empty_result, extract_records
from skillgap.pipelines.store import Store


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
            self.window = 2 * max(1, flows._cluster_threads(runner) or self.workers)
        self.events: queue.Queue = queue.Queue()
        self.fetching: dict[Any, tuple[SourceSpec, str]] = {}
        self.extracting: dict[Any, tuple[list[dict[str, Any]], int]] = {}
        self.pending: deque[str] = deque()
        self.retry: deque[list[str]] = deque()  # exact batches to resubmit first (after a pool restart)
        self.generation = 0  # bumped at each pool restart
        self.queued: set[str] = set()
        self.outcomes: list[flows.BoardOutcome] = []
        self.extracted = 0
        self.seen_at = flows._now()
        self.pool: LocalPool | None = None
        self.need_warm = False
        self.session: Store | None = None
        self.session_opened = 0.0
        self.unwritten: list[Any] = []  # BatchResults extracted, not yet written (see _batch_done)
        self.unwritten_n = 0

    # -- submitting ------------------------------------------------------------------------
    def _submit_fetches(self) -> None:
        while self.jobs and len(self.fetching) < flows.FETCH_WINDOW:
            spec, board = self.jobs.popleft()
            fut = flows.fetch_board.submit(spec, board, user_agent=self.user_agent, replay_dir=self.replay_dir,
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
        more_coming = bool(self.jobs or self.fetching)
        while (self.retry or self.pending) and len(self.extracting) < self.window:
            if self.retry:
                ids = self.retry.popleft()
            else:
                if len(self.pending) < self.batch_size and more_coming and self.extracting:
                    return  # wait for a full batch while the workers have work
                if self.local and self.pool is None and self.workers > 1 and len(self.queued) >= flows.POOL_MIN:
                    self.pool = flows._POOL = LocalPool(self.workers)
                if self.pool is not None and not self.pool.ready:
                    self.need_warm = True  # the loop warms the pool with the database closed
                    return
                size = self.batch_size
                if not more_coming and self.pool is not None:
                    # the run's last batches get smaller, so the workers finish together instead
                    # of one idling while another does a whole batch (outputs do not depend on it)
                    size = min(size, max(flows.TAIL_BATCH_MIN, -(-len(self.pending) // (2 * self.workers))))
                ids = [self.pending.popleft() for _ in range(min(size, len(self.pending)))]
            batch = store.load_for_extraction(ids)
            if not batch:
                continue
            fut = flows.extract_batch.submit(batch, size=len(batch), use_pool=self.pool is not None)
            self.extracting[fut] = (batch, self.generation)
            fut.add_done_callback(self.events.put)

    def _restart_pool(self) -> None:
        self._close()  # workers start with the database closed (readers get in meanwhile)
        if self.pool is not None:
            self.pool.kill()
            self.pool = flows._POOL = LocalPool(self.workers)
            self.pool.wait_ready()
        self.generation += 1

    # -- the database session --------------------------------------------------------------
    def _store(self) -> Store:
        """The open database session, opened on first use. Events that complete together are
        written in one session (one open, one checkpoint at close); the loop closes it before it
        waits, before workers start, and after :data:`flows.SESSION_MAX` s, so readers get in. The
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
        except Exception as exc:  # noqa: BLE001 - a bug in one adapter must not cost the others their data
            flows._say(self.logger, "%s:%s failed unexpectedly: %r", spec.type, board or "-", exc, level=logging.ERROR)
            result = flows.BoardFetch(error=f"{type(exc).__name__}: {exc}")
        store = self._store()
        outcome = flows._store_board(store, spec, board, result, self.seen_at, self.logger)
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
            flows._say(self.logger, "extraction batch failed (%s); redoing it here", type(exc).__name__, level=logging.WARNING)
            res = extract_records(batch)
        if isinstance(res, BatchFailure):
            ids = [r["posting_id"] for r in batch]
            if generation < self.generation:  # lost to an earlier pool restart, not its own fault
                self.retry.append(ids)
            elif len(ids) > 1:  # narrow it down: halves, each on a fresh pool
                flows._say(self.logger, "extraction: a batch of %d failed (%s); restarting workers and splitting it",
                     len(ids), res.message, level=logging.WARNING)
                self._restart_pool()
                half = len(ids) // 2
                self.retry.extend([ids[:half], ids[half:]])
            else:
                flows._say(self.logger, "extraction: posting %s skipped: %s", ids[0], res.message, level=logging.WARNING)
                self._restart_pool()
                res = empty_result(batch, res.message)
            if isinstance(res, BatchFailure):
                self._submit_extractions(self._store())
                return
        self.unwritten.append(res)
        self.unwritten_n += len(res.posting_ids)
        store = self._store()
        if self.unwritten_n >= flows.WRITE_BATCHES * self.batch_size:
            self._write_extracted(store)
        self._submit_extractions(store)
        progress.current().extracted_some(len(res.posting_ids))

    def _write_extracted(self, store: Store) -> None:
        """Write the batches extracted since the last write, in one transaction. Batches are
        written :data:`flows.WRITE_BATCHES` at a time (and whatever is left when the run ends):
        each write session ends in a checkpoint that rewrites the tables' last row groups, so
        fewer, larger writes cost less than one per batch."""
        if not self.unwritten:
            return
        results, self.unwritten, self.unwritten_n = self.unwritten, [], 0
        errors = {pid: reason for res in results for pid, reason in res.errors.items()}
        self.extracted += store.write_extractions(
            ((pid, h, ex) for res in results for pid, h, ex in zip(res.posting_ids, res.content_hashes, res.extractions)),
            version=self.version, extracted_at=flows._now(), errors=errors,
        )
        flows._say(self.logger, "extraction: %d/%d postings", self.extracted, len(self.queued), detail=True)

    def _sweep(self) -> None:
        """Everything still pending once all boards are in: earlier runs' leftovers, reextract."""
        store = self._store()
        self._queue(store.pending_extraction_ids(self.version, force=self.force))
        self._submit_extractions(store)

    def run(self) -> tuple[list[flows.BoardOutcome], int]:
        flows._sync_taxonomy(self.db_path)
        with Store.open(self.db_path) as store:
            self.digests = store.board_digests() if self.jobs else {}
        progress.current().set_boards(len(self.jobs))
        if self.local and self.workers > 1:
            self.pool = flows._POOL = flows._take_prestarted(self.workers)
            if self.pool is None and len(self.jobs) > 1:
                # several boards: parse them on worker processes too (extraction joins them later)
                self.pool = flows._POOL = LocalPool(self.workers)
        swept = False
        try:
            self._submit_fetches()
            while True:
                if self.need_warm:  # workers build their extractors now (not in a timed batch)
                    self.need_warm = False
                    self._close()
                    assert self.pool is not None  # need_warm is set only when a pool was started
                    self.pool.wait_ready()
                    flows._say(self.logger, "extraction: %d worker processes", self.workers, detail=True)
                    self._submit_extractions(self._store())
                if not self.jobs and not self.fetching and not swept:
                    swept = True
                    self._sweep()
                if not self.fetching and not self.extracting:
                    if not self.pending and not self.retry:
                        self._write_extracted(self._store())
                        break
                    self._submit_extractions(self._store())
                    continue
                try:  # events that completed meanwhile share the open session (bounded in time)
                    if self.session is None or time.monotonic() - self.session_opened > flows.SESSION_MAX:
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
                self.pool = flows._POOL = None
        if self.extracted == 0:
            flows._say(self.logger, "extraction: nothing new or changed", detail=True)
        self.outcomes.sort(key=lambda o: self.order.get((o.source, o.board), 0))  # config order
        return self.outcomes, self.extracted
