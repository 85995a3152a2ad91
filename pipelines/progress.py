"""Progress of an ingest run: rich bars on a terminal, plain log lines otherwise.

The flow reports three counters (boards fetched, postings stored, postings extracted) and
one-line notes (a board's counts, a warning). :class:`LogProgress` (the default, and what a cron
job or a pipe gets) writes the notes as log lines of ``skillgap.pipelines.flows``;
:class:`RichProgress` draws bars on stderr and prints board notes above them. The CLI picks one
with :func:`for_stream`; library callers get plain lines.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

__all__ = ["LogProgress", "RichProgress", "current", "use", "for_stream", "BOARD_FAILURE"]

BOARD_FAILURE = "skillgap_board_failure"  # LogRecord attribute of one board's failure warning

log = logging.getLogger("skillgap.pipelines.flows")


class LogProgress:
    """Plain log lines; counters are only summed (the flow logs batch lines itself).

    ``quiet`` drops the notes flagged ``detail`` below warning level (what ``skillgap ingest``
    does without ``--verbose``: its own closing line says the same)."""

    def __init__(self, *, quiet: bool = False) -> None:
        self.boards = self.stored = self.extracted = 0
        self.quiet = quiet

    def set_boards(self, total: int) -> None:
        pass

    def board_done(self, stored: int) -> None:
        self.boards += 1
        self.stored += stored

    def extraction_queued(self, n: int) -> None:
        pass

    def extracted_some(self, n: int) -> None:
        self.extracted += n

    def note(self, message: str, *, detail: bool = False, level: int = logging.INFO) -> None:
        if self.quiet and detail and level < logging.WARNING:
            return
        log.log(level, message)

    def close(self) -> None:
        pass


class RichProgress(LogProgress):
    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(file=stream or sys.stderr)
        self.bars = Progress(
            TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=self.console, transient=False, redirect_stdout=False, redirect_stderr=False,
        )
        self._boards = self.bars.add_task("boards fetched", total=None)
        self._stored = self.bars.add_task("postings stored", total=None)
        self._extract = self.bars.add_task("postings extracted", total=0)
        self.bars.start()

    def set_boards(self, total: int) -> None:
        self.bars.update(self._boards, total=total)

    def board_done(self, stored: int) -> None:
        super().board_done(stored)
        self.bars.advance(self._boards)
        self.bars.update(self._stored, completed=self.stored, total=self.stored)

    def extraction_queued(self, n: int) -> None:
        total = self.bars.tasks[self._extract].total or 0
        self.bars.update(self._extract, total=total + n)

    def extracted_some(self, n: int) -> None:
        super().extracted_some(n)
        self.bars.advance(self._extract, n)

    def note(self, message: str, *, detail: bool = False, level: int = logging.INFO) -> None:
        if detail and level < logging.WARNING:
            return  # the bars say it
        self.console.print(f"  {message}", markup=False, highlight=False)

    def close(self) -> None:
        self.bars.stop()


_current: LogProgress = LogProgress()


def current() -> LogProgress:
    return _current


def use(progress: LogProgress | None) -> None:
    """Make ``progress`` the reporter of the flows in this process (None: plain lines)."""
    global _current
    _current = progress or LogProgress()


def for_stream(stream: TextIO, *, quiet: bool = False) -> LogProgress:
    """Rich bars when ``stream`` is an interactive terminal, plain lines otherwise (``quiet``: see
    :class:`LogProgress`; the bars never print detail notes)."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return RichProgress(stream) if interactive else LogProgress(quiet=quiet)
