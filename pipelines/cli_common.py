"""Shared pieces of the ``skillgap`` command (pipelines/cli.py): the common options, the error
guard that turns skillgap errors into one message and the documented exit code, console logging,
and the small helpers of ``ingest``. Split out of cli.py only to keep modules short."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from skillgap.pipelines.errors import EXIT_FAILED, EXIT_USAGE, SkillgapError, UsageError

T = TypeVar("T")

def _default_db_text(name: str = "skillgap.duckdb") -> str:
    """The default database (or ``name`` beside it) as help shows it: ``$XDG_DATA_HOME`` honoured,
    the home folder as ``~``."""
    from skillgap.pipelines.paths import default_db_path

    path = default_db_path().with_name(name)
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


DbOption = Annotated[
    Path | None,
    typer.Option("--db", metavar="PATH", help=f"DuckDB file. Default: $SKILLGAP_DB, else {_default_db_text()}.",
                 show_default=False),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", metavar="PATH",
                 help="Sources YAML. Default: $SKILLGAP_CONFIG, else sources.yaml in your config "
                      "folder (see `skillgap config path`), else the bundled sources.yaml.",
                 show_default=False),
]


def _fail(message: str, code: int) -> None:
    typer.echo(f"skillgap: error: {message}", err=True)
    raise typer.Exit(code)


def _guard(fn: Callable[[], T]) -> T:
    """Run ``fn``; turn skillgap errors into one message and the documented exit code."""
    try:
        return fn()
    except UsageError as exc:
        _fail(str(exc), EXIT_USAGE)
    except SkillgapError as exc:
        _fail(str(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    raise AssertionError("unreachable")


class _Stderr(logging.StreamHandler):
    """A handler on whatever ``sys.stderr`` is when a record is emitted (not when it was made)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


class _QuietBoardFailures(logging.Filter):
    """Without --verbose, one board's failure stays off the console (the closing lines sum them
    up; Prefect's run log and ``source_runs`` keep each)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from skillgap.pipelines.progress import BOARD_FAILURE

        return not getattr(record, BOARD_FAILURE, False)


_QUIET = _QuietBoardFailures()


def _quiet_board_failures(quiet: bool) -> None:
    for handler in logging.getLogger().handlers:
        if quiet:
            handler.addFilter(_QUIET)
        else:
            handler.removeFilter(_QUIET)


def _setup_logging(verbose: bool) -> None:
    import os

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # Progress lines of our own flows (boards fetched, extraction batches) always show.
    progress = logging.getLogger("skillgap.pipelines.flows")
    if not progress.handlers:
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("  %(message)s"))
        progress.addHandler(handler)
        progress.propagate = False
    progress.setLevel(logging.INFO)
    if verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")


def _prefect():
    """Import the flows module after Prefect's environment is set."""
    from skillgap.pipelines import prefect_env

    prefect_env.configure()
    from skillgap.pipelines import flows

    return flows


DaskOption = Annotated[
    str | None,
    typer.Option("--dask-address", metavar="ADDR", envvar="SKILLGAP_DASK_ADDRESS", show_default=False,
                 help="Run fetch and extraction tasks on this Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                      "(default: $SKILLGAP_DASK_ADDRESS; unset = this machine's cores). Needs skillgap[dask]."),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", metavar="N", min=1, max=256, show_default=False,
                 help="Extraction worker processes on this machine (default: the cores available)."),
]


def _check_dask(address: str | None) -> None:
    """Fail in one line, before Prefect starts, when the scheduler cannot be reached."""
    if not address:
        return
    try:
        from distributed import Client
    except ImportError:
        raise UsageError(f"--dask-address {address}: needs prefect-dask; pip install 'skillgap[dask]'") from None
    try:
        Client(address, timeout="10s").close()
    except (OSError, TimeoutError, ValueError) as exc:
        raise SkillgapError(f"--dask-address {address}: cannot reach the Dask scheduler: {exc}") from None


OFFLINE_HINT = "no board reachable — offline? try `skillgap sources check`"


def _failed_boards_line(summary) -> str:
    """One line for the failed boards (each is on its own line only with --verbose)."""
    failed = summary.failed
    names = ", ".join(f"{b.source}:{b.board or '-'}" for b in failed[:3])
    more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
    return (f"{len(failed)} of {len(summary.boards)} boards failed ({names}{more}); "
            "--verbose shows why, `skillgap sources check` probes each")


def _remove_if_new(paths: list[Path], existed: dict[Path, bool]) -> list[Path]:
    """Remove the files of ``paths`` this run created (never one that existed before it)."""
    removed = []
    for path in paths:
        if not existed.get(path, True) and path.is_file():
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed
