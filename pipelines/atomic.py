"""Write a file so that a crash never leaves half of it: temp file in the same folder + rename.

Targets that are not regular files (``/dev/stdout``, a FIFO, a device) are written through
directly: renaming over them would replace the device with a file. A directory is a usage error.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from skillgap.pipelines.errors import UsageError

__all__ = ["atomic_write"]


def _new_file_mode(path: Path) -> int:
    """The mode a plain ``open(path, "w")`` would leave: the old file's, else 0666 minus umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_write(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> Iterator[TextIO]:
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{path}: is a directory; give a file path")
    if path.exists() and not path.is_file():  # a device or FIFO: write through, never replace it
        with open(path, "w", encoding=encoding, newline="") as fh:
            yield fh
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _new_file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
