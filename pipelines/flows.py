"""Prefect flows: they only wire steps together (STYLE #15).

``ingest``: fetch every configured board concurrently (one task per board), store each board in
its own transaction, then extract what is new or changed. A board that fails is recorded in
``source_runs`` and never costs the others their data.

Import this module only after :func:`skillgap.pipelines.prefect_env.configure` has set Prefect's
environment (the CLI does it); importing Prefect reads its settings once.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from prefect import flow, get_run_logger, task

from skillgap.pipelines.config import SourceSpec, load_config
from skillgap.pipelines.errors import SourceError
from skillgap.pipelines.http import HttpClient, ReplayTransport, make_client
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.sources.registry import get_source
from skillgap.pipelines.store import Store, UpsertStats

__all__ = ["ingest_flow", "extract_flow", "IngestSummary", "fetch_board", "fetch_and_parse", "extract_pending"]

log = logging.getLogger(__name__)

EXTRACT_BATCH = 256


@dataclass
class BoardOutcome:
    source: str
    board: str
    status: str  # ok | failed
    stats: UpsertStats = field(default_factory=UpsertStats)
    error: str | None = None


@dataclass
class BoardFetch:
    postings: list[NormalizedPosting] = field(default_factory=list)
    complete: bool = False
    error: str | None = None


@dataclass
class IngestSummary:
    run_id: str
    status: str  # ok | partial | failed
    boards: list[BoardOutcome]
    extracted: int
    total_postings: int

    @property
    def failed(self) -> list[BoardOutcome]:
        return [b for b in self.boards if b.status == "failed"]


def _say(run_logger: logging.LoggerAdapter | logging.Logger, message: str, *args: object, level: int = logging.INFO) -> None:
    """Log to Prefect's run log (kept with the flow run) and to skillgap's own console logger."""
    run_logger.log(level, message, *args)
    if level < logging.WARNING:  # Prefect's console handler already shows warnings and errors
        log.log(level, message, *args)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def fetch_and_parse(spec: SourceSpec, board: str, *, user_agent: str, replay_dir: str | None = None) -> tuple[list[NormalizedPosting], bool]:
    """Fetch and parse one board (or feed). Raises SourceError on failure."""
    source = get_source(spec.type)
    transport = ReplayTransport(replay_dir) if replay_dir else None
    min_interval = 0.0 if replay_dir else 0.5
    with HttpClient(make_client(user_agent=user_agent, transport=transport), min_interval=min_interval) as http:
        extra: dict = {"filters": dict(spec.filters)} if spec.filters else {}
        if spec.urls:
            extra["urls"] = spec.urls
        result = source.fetch(http, board=board or None, base_url=spec.base_url, **extra)
    postings = source.parse(result.records, board=board or None)
    return postings, result.complete


@task(name="fetch-board", task_run_name="fetch {spec.type}:{board}")
def fetch_board(spec: SourceSpec, board: str, *, user_agent: str, replay_dir: str | None = None) -> BoardFetch:
    """Prefect task around :func:`fetch_and_parse`.

    An expected source failure (404, 5xx after retries, a bad payload) is a value, not an
    exception: the flow records it in ``source_runs`` and logs one warning, and the user's
    terminal gets no traceback for a board that went away. A bug still raises.
    """
    try:
        postings, complete = fetch_and_parse(spec, board, user_agent=user_agent, replay_dir=replay_dir)
    except SourceError as exc:
        return BoardFetch(error=str(exc))
    return BoardFetch(postings=postings, complete=complete)


MAX_EXTRACT_CHARS = 200_000  # real postings are < 30k characters; longer text is junk or an attack


def _extract_batch(extractor, batch, logger) -> list:
    """Extract one batch; if it fails, go posting by posting so one bad text cannot block the rest.

    A posting that still fails gets facts with no skills (role ``other``, seniority ``unknown``),
    so it is not retried on every run; the next extractor version tries it again.
    """
    from skillgap.extractors.extract import Extraction

    records = [
        {"title": p.title, "description": p.description[:MAX_EXTRACT_CHARS], "company": p.company,
         "location": p.location, "html": False}
        for p in batch
    ]
    try:
        return list(extractor.extract_many(records))
    except Exception:  # noqa: BLE001 - isolate the posting that breaks the batch
        results = []
        for p, record in zip(batch, records):
            try:
                results.append(extractor.extract(**record))
            except Exception as exc:  # noqa: BLE001
                _say(logger, "extraction failed for %s: %r", p.posting_id, exc, level=logging.WARNING)
                results.append(Extraction(record["description"], (), "other", "unknown", False, None, False,
                                          None, None, None, None))
        return results


@task(name="extract-pending")
def extract_pending(db_path: str, *, force: bool = False, batch_size: int = EXTRACT_BATCH) -> int:
    """Extract facts for new/changed postings (all with ``force``), batch by batch.

    The database is opened to read what is pending and again for each batch's write, so a
    report run in between waits at most one batch.
    """
    from skillgap.extractors.extract import EXTRACTOR_VERSION, Extractor
    from skillgap.extractors.taxonomy import load_taxonomy

    logger = get_run_logger()
    with Store.open(db_path) as store:
        store.sync_taxonomy(load_taxonomy())
        pending = store.postings_needing_extraction(EXTRACTOR_VERSION, force=force)
    if not pending:
        _say(logger, "extraction: nothing new or changed")
        return 0
    _say(logger, "extraction: %d new or changed postings", len(pending))
    extractor = Extractor()
    done = 0
    for start in range(0, len(pending), batch_size):
        batch = pending[start : start + batch_size]
        extractions = _extract_batch(extractor, batch, logger)
        results = [(p.posting_id, p.content_hash, ex) for p, ex in zip(batch, extractions)]
        with Store.open(db_path) as store:
            done += store.write_extractions(results, version=EXTRACTOR_VERSION, extracted_at=_now())
        _say(logger, "extraction: %d/%d postings", done, len(pending))
    return done


def _store_board(store: Store, spec: SourceSpec, board: str, fetched: BoardFetch, seen_at: datetime, logger) -> BoardOutcome:
    """Store one board's fetch in its own transaction, or record why it failed.

    Anything that goes wrong for this board (a fetch error, a posting the database refuses)
    is recorded against it; the transaction rolls back and the other boards go on.
    """
    where = f"{spec.type}:{board or '-'}"
    if fetched.error is not None:
        _say(logger, "%s failed: %s", where, fetched.error, level=logging.WARNING)
        return BoardOutcome(spec.type, board, "failed", error=fetched.error)
    try:
        stats = store.upsert_postings(spec.type, board, fetched.postings, seen_at=seen_at, complete=fetched.complete)
    except Exception as exc:  # noqa: BLE001 - one board's bad data must not cost the others theirs
        _say(logger, "%s could not be stored: %r", where, exc, level=logging.WARNING)
        return BoardOutcome(spec.type, board, "failed", error=f"could not store: {type(exc).__name__}: {exc}")
    _say(logger, "%s fetched %d, new %d, updated %d, closed %d", where, stats.fetched, stats.new, stats.updated, stats.closed)
    return BoardOutcome(spec.type, board, "ok", stats)


def _fetch_store_extract(
    specs: list[SourceSpec], user_agent: str, db_path: str, run_id: str, replay_dir: str | None, logger
) -> tuple[list[BoardOutcome], int]:
    jobs = [(spec, board) for spec in specs for board in (spec.boards or ("",))]
    futures = [
        (spec, board, fetch_board.submit(spec, board, user_agent=user_agent, replay_dir=replay_dir))
        for spec, board in jobs
    ]
    # Wait for the network with the database closed, so reports can read meanwhile.
    fetched: list[tuple[SourceSpec, str, BoardFetch]] = []
    for spec, board, future in futures:
        try:
            result = future.result()
        except Exception as exc:  # a bug in one adapter must not cost the others their data
            _say(logger, "%s:%s failed unexpectedly: %r", spec.type, board or "-", exc, level=logging.ERROR)
            result = BoardFetch(error=f"{type(exc).__name__}: {exc}")
        fetched.append((spec, board, result))

    outcomes: list[BoardOutcome] = []
    seen_at = _now()
    with Store.open(db_path) as store:
        for spec, board, result in fetched:
            outcome = _store_board(store, spec, board, result, seen_at, logger)
            store.record_source_run(run_id, outcome.source, outcome.board, outcome.status, outcome.stats, outcome.error)
            outcomes.append(outcome)

    return outcomes, extract_pending(db_path)


@flow(name="skillgap-ingest", log_prints=False)
def ingest_flow(
    config_path: str,
    db_path: str,
    source_types: list[str] | None = None,
    replay_dir: str | None = None,
) -> IngestSummary:
    """fetch -> normalise -> dedup -> store -> extract, for every board in the config."""
    logger = get_run_logger()
    config = load_config(config_path)
    specs = [s for s in config.sources if not source_types or s.type in source_types]
    run_id = uuid.uuid4().hex[:12]
    started = _now()
    with Store.open(db_path) as store:
        store.start_run(run_id, started)

    try:
        outcomes, extracted = _fetch_store_extract(specs, config.user_agent, db_path, run_id, replay_dir, logger)
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
        run_id, status, len(outcomes) - failed, failed, extracted, total,
    )
    return IngestSummary(run_id, status, outcomes, extracted, total)


@flow(name="skillgap-extract")
def extract_flow(db_path: str, force: bool = False) -> int:
    """Re-extract stored postings without refetching (all of them with ``force``)."""
    with Store.open(db_path):
        pass  # applies pending migrations before the task opens the file
    return extract_pending(db_path, force=force)
