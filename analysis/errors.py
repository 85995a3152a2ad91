"""Errors raised by the analysis package.

    AnalysisError            base; ``exit_code`` is what the CLI exits with, ``str()`` is the one
    │                        message the user sees (no traceback)
    ├── UsageError           exit 2: bad option values (``--since``, ``--format``, ``--explain``)
    ├── ProfileError         exit 2: ``me.yaml`` missing, not YAML, unknown keys, wrong types/levels
    ├── LearningDataError    exit 2: ``learning.yaml`` invalid
    ├── DatabaseMissing      exit 2: no database at the path (tells the user to run ingest/demo)
    │   └── DatabaseEmpty    exit 2: a database with no postings at all (the same advice)
    ├── DatabaseBusy         exit 1: another process held the DuckDB file lock past the wait
    └── DatabaseError        exit 1: the file is not a skillgap database (views missing, corrupt)

Raise, never swallow; an empty result is never a stand-in for an error.
"""

from __future__ import annotations


class AnalysisError(Exception):
    exit_code = 1


class UsageError(AnalysisError):
    exit_code = 2


class ProfileError(AnalysisError):
    exit_code = 2


class LearningDataError(AnalysisError):
    exit_code = 2


class DatabaseMissing(AnalysisError):
    exit_code = 2


class DatabaseEmpty(DatabaseMissing):
    exit_code = 2


class DatabaseBusy(AnalysisError):
    exit_code = 1


class DatabaseError(AnalysisError):
    exit_code = 1
