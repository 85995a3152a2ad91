"""The one pool of extraction worker processes: ``skillgap extract`` (``jsonl.run_extract``),
``Extractor.extract_many(n_process=...)`` and ingest/reextract (``pipelines.extraction.LocalPool``)
all run their workers through :class:`WorkerPool`.

- Each worker has one extractor, built once per process (:func:`worker_extractor`): the bundled
  one by default, or one that extracts exactly as a given parent extractor does (same skills,
  model and batch size; forked from the parent when that is safe, so the workers share its built
  pipeline instead of building their own).
- **Workers die with their parent**, even when it is killed with SIGKILL (a cron timeout, the OOM
  killer): on Linux each worker asks the kernel for SIGKILL when its parent goes
  (``prctl(PR_SET_PDEATHSIG, SIGKILL)``), and exits at once if the parent is already gone. The
  kernel sends that signal when the *thread* that started the worker ends, so a pool starts all
  its workers in its constructor, from the thread that builds it (build pools in a thread that
  outlives them: the main thread, the flow's thread). Elsewhere the workers are only shut down
  by a clean exit.
"""

from __future__ import annotations

import collections
import ctypes
import functools
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from skillgap.extractors.extract import Extractor

__all__ = ["WorkerPool", "worker_extractor", "die_with_parent", "parent_death_preexec"]

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

_EXTRACTOR: Extractor | None = None  # this process's extractor (see worker_extractor)
_SPEC: tuple[tuple[Any, ...], tuple[tuple[str, str, int], ...], int, Any, bool, Any, Any] | None = None  # how to build it in a spawned worker
_HANDED: Extractor | None = None  # set in the parent only while it forks workers


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """libc's ``prctl`` (Linux), None elsewhere; resolved once per process."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # no libc prctl: a clean exit still shuts workers down
        return None


def die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this process when its parent ends (Linux); exit now if the parent
    ``parent`` is already gone (it died before the request was made)."""
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def parent_death_preexec() -> Callable[[], None] | None:
    """A ``preexec_fn`` for :class:`subprocess.Popen` that has the kernel SIGKILL the child when
    the calling thread's process ends (Linux; survives the child's ``exec``); None elsewhere.
    libc is resolved here, before the fork, so the child runs one C call."""
    prctl = _prctl()
    if prctl is None:
        return None
    return functools.partial(prctl, _PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # type: ignore[return-value]


def _init(parent: int, spec: tuple[tuple[Any, ...], tuple[tuple[str, str, int], ...], int, Any, bool, Any, Any] | None, forked: bool) -> None:
    global _SPEC, _EXTRACTOR
    die_with_parent(parent)
    if forked:
        _EXTRACTOR = _HANDED  # the parent's, inherited by the fork (not one it built for itself)
    elif spec is not None:
        _SPEC = spec


def worker_extractor() -> Extractor:
    """This process's extractor, built on first use: the one the pool's parent handed over (by
    fork or as its skills and model), else the bundled ``Extractor()``."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        from skillgap.extractors.extract import Extractor, _Skills

        if _SPEC is not None:
            skills, lexicon_forms, batch_size, model, discover, tagger, mined = _SPEC
            _EXTRACTOR = Extractor(_Skills(skills, lexicon_forms), batch_size=batch_size, skill_model=model, discover=discover)
            _EXTRACTOR.tagger = tagger  # the span proposer (tagger.py) travels as it is
            _EXTRACTOR.mined = mined  # so do the corpus-mined names (mined.py)
        else:
            _EXTRACTOR = Extractor()
    return _EXTRACTOR


def _noop() -> None:
    return None


class WorkerPool:
    """``workers`` processes, all started now from this thread (see the module docstring).

    ``extractor``: the workers extract as this one does; with ``fork=True`` they are forked from
    this process and share its built extractor when that is safe (Linux, no other thread yet:
    forking a process with threads can deadlock), else they are spawned and build their own from
    its skills and model. ``extractor=None``: spawned workers that build the bundled extractor
    when they first need it (or never, if they only run other work)."""

    def __init__(self, workers: int, *, extractor: Extractor | None = None, fork: bool = False) -> None:
        global _HANDED
        self.workers = workers
        spec = None
        can_fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
        forked = extractor is not None and fork and can_fork and threading.active_count() == 1
        ctx: multiprocessing.context.BaseContext
        if forked:
            _HANDED = extractor  # inherited by the forked workers, built once here
            ctx = multiprocessing.get_context("fork")
        else:
            ctx = multiprocessing.get_context("spawn")
            if extractor is not None:
                # the taxonomy travels as its skills: the workers match exactly what this
                # extractor does, even if the bundled file changes meanwhile
                spec = (tuple(extractor.taxonomy.skills), tuple(getattr(extractor.taxonomy, "lexicon_forms", ())), extractor.batch_size, extractor.skill_model, extractor.discover,
                        getattr(extractor, "tagger", None), getattr(extractor, "mined", None))
        self._executor = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(os.getpid(), spec, forked))
        # one trivial task per worker: the executor starts a process per task while none is
        # idle, so every worker starts here, from this thread (and a fork happens before the
        # executor's own thread exists)
        try:
            for _ in range(workers):
                self._executor.submit(_noop)
        finally:
            _HANDED = None  # the workers are forked: this process keeps no reference

    def submit(self, fn: Callable[..., R], /, *args: Any) -> Future[R]:
        return self._executor.submit(fn, *args)

    def imap(self, fn: Callable[[T], R], items: Iterable[T], *, window: int | None = None) -> Iterator[R]:
        """``fn`` over ``items`` on the workers, results in input order, at most ``window``
        (default ``2 * workers``) items in flight: memory stays bounded however long the input."""
        limit = window or 2 * self.workers
        pending: collections.deque[Future[R]] = collections.deque()
        for item in items:
            pending.append(self._executor.submit(fn, item))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def kill(self) -> None:
        """Stop now, even mid-task (a hung regex ignores everything but SIGKILL)."""
        # the executor lists its processes only in a private attribute (stable since 3.2)
        for proc in list((getattr(self._executor, "_processes", None) or {}).values()):
            proc.kill()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def close(self, *, cancel: bool = False) -> None:
        self._executor.shutdown(wait=not cancel, cancel_futures=cancel)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel=exc[0] is not None)
