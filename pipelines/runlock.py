"""One writer per database: an advisory lock file beside the DuckDB file.

DuckDB's own file lock is held only while a connection is open, and the ingest flow opens and
closes the database per stage so readers (reports, trends) get windows. That alone would let a
second ``skillgap ingest`` slip in between two stages and redo the first one's work. So every
run that writes (``ingest``, ``reextract``, ``serve``'s runs) holds ``<db>.lock`` with
``fcntl.flock`` for its whole life. The file records who holds it (pid, host, command, start
time, UTC); the lock itself is the kernel's, so it goes away with the process, even after
``kill -9`` — a stale file left behind is never mistaken for a live holder.

A second writer gets :class:`DatabaseBusy` at once (one line: which process, since when).
Within one process the lock is re-entrant (the CLI takes it before Prefect starts, the flow
takes it again).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from skillgap.pipelines.errors import StoreError

__all__ = ["DatabaseBusy", "lock_path", "writer_lock", "lock_holder", "holds_lock"]


class DatabaseBusy(StoreError):
    """Another process is writing this database (exit 1, one line)."""


_held: dict[str, tuple[int, int]] = {}  # resolved lock path -> (fd, depth)
_guard = threading.Lock()


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    """``/x/skillgap.duckdb`` -> ``/x/skillgap.duckdb.lock``."""
    p = Path(db_path)
    return p.with_name(p.name + ".lock")


def holds_lock(db_path: str | os.PathLike[str]) -> bool:
    """Whether this process holds the database's writer lock now."""
    with _guard:
        return str(lock_path(Path(db_path)).resolve()) in _held


def lock_holder(db_path: str | os.PathLike[str]) -> dict | None:
    """What the lock file says about its (last) holder, or None when unreadable."""
    try:
        return json.loads(lock_path(db_path).read_text(encoding="utf-8") or "null")
    except (OSError, ValueError):
        return None


def _describe(db_path: Path, info: dict | None) -> str:
    if not info:
        return f"{db_path} is in use by another skillgap run (lock {lock_path(db_path)}); try again when it has finished"
    who = f"pid {info.get('pid')}"
    if info.get("host") and info.get("host") != socket.gethostname():
        who += f" on {info['host']}"
    if info.get("command"):
        who += f" ({info['command']})"
    return f"{db_path} is in use by {who} since {info.get('started_at', '?')} UTC; try again when it has finished"


@contextmanager
def writer_lock(db_path: str | os.PathLike[str], *, command: str = "ingest") -> Iterator[None]:
    """Hold the database's writer lock, or raise :class:`DatabaseBusy` at once."""
    db = Path(db_path)
    if str(db) == ":memory:":
        yield
        return
    path = lock_path(db)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {path.parent}: {exc.strerror}") from None
    key = str(path.resolve())
    with _guard:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
            reentered = True
        else:
            reentered = False
    if not reentered:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot write the lock file {path} beside the database: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise DatabaseBusy(_describe(db, lock_holder(db))) from None
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": f"skillgap {command}",
            "started_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        with _guard:
            _held[key] = (fd, 1)
    try:
        yield
    finally:
        with _guard:
            fd, depth = _held[key]
            if depth > 1:
                _held[key] = (fd, depth - 1)
                release = False
            else:
                del _held[key]
                release = True
        if release:
            try:
                os.ftruncate(fd, 0)  # nobody holds it now
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
