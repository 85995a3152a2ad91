"""Start a helper process that dies with this one, even when this one is killed with SIGKILL.

``python -m skillgap.pipelines.children PARENT_PID MODULE [ARGS...]`` asks the kernel to SIGKILL
the process when its parent goes (``prctl(PR_SET_PDEATHSIG)``, the extraction workers' own
:func:`~skillgap.extractors.pool.die_with_parent`), exits at once if ``PARENT_PID`` is already
gone, then runs ``MODULE`` as ``python -m MODULE ARGS...`` would. Doing it in the child before the
module runs, rather than in a ``preexec_fn`` between fork and exec, is safe in a parent that
already has threads (DuckDB's, Prefect's).

The signal follows the parent's *thread* that started the child: call :func:`spawn` from a thread
that lives as long as the child should (the main thread).
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from collections.abc import Mapping, Sequence

__all__ = ["spawn"]


def spawn(module: str, args: Sequence[str], *, env: Mapping[str, str] | None = None) -> subprocess.Popen:
    """``python -m module args...`` as a child that dies with this process."""
    return subprocess.Popen(
        [sys.executable, "-m", "skillgap.pipelines.children", str(os.getpid()), module, *args],
        env=dict(env) if env is not None else None, stdin=subprocess.DEVNULL,
    )


def _main(argv: list[str]) -> None:
    from skillgap.extractors.pool import die_with_parent

    die_with_parent(int(argv[0]))
    sys.argv = [argv[1], *argv[2:]]
    runpy.run_module(argv[1], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    _main(sys.argv[1:])
