"""skillgap's exception tree. Raise these; never swallow them into an empty result.

    SkillgapError                  base of everything below
    ├── UsageError                 bad config / profile / arguments  -> exit 2
    │   └── ConfigError            sources.yaml problems (file, field, allowed values)
    ├── SourceError                one source or board failed (the others go on)
    │   ├── TransientSourceError   timeouts, 429, 5xx: retried by the HTTP layer first
    │   │   └── UnreachableSourceError  no answer at all (offline, DNS, refused, timeout)
    │   └── PermanentSourceError   403, 404, unparseable payloads: not retried
    └── StoreError                 the DuckDB file cannot be opened or written

The CLI turns these into one clear message and the exit codes of CONTRACTS §1:
0 ok, 2 usage/config/profile, 3 ingest where some sources failed, 1 anything else.
"""

from __future__ import annotations

__all__ = [
    "SkillgapError",
    "UsageError",
    "ConfigError",
    "SourceError",
    "TransientSourceError",
    "UnreachableSourceError",
    "PermanentSourceError",
    "StoreError",
    "EXIT_OK",
    "EXIT_FAILED",
    "EXIT_USAGE",
    "EXIT_PARTIAL",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


class SkillgapError(Exception):
    """Base class for skillgap's errors."""


class UsageError(SkillgapError):
    """Bad usage, configuration or profile (exit 2)."""


class ConfigError(UsageError):
    """A sources config problem; the message names the file, the field and what is allowed."""


class SourceError(SkillgapError):
    """A source (or one board of it) could not be fetched or parsed."""

    def __init__(self, message: str, *, source: str = "", board: str | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.board = board


class TransientSourceError(SourceError):
    """Timeouts, HTTP 429 and 5xx: worth retrying later."""


class UnreachableSourceError(TransientSourceError):
    """No answer at all: the host did not resolve, refused the connection or timed out. When every
    board of a run fails this way the machine is likely offline, and ``skillgap ingest`` says so."""


class PermanentSourceError(SourceError):
    """HTTP 4xx other than 429, or a payload that does not parse: retrying will not help."""


class StoreError(SkillgapError):
    """The database could not be opened or written."""
