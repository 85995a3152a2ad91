"""Where things live: bundled data, the default database, Prefect's home.

Bundled files (taxonomy, default ``sources.yaml``, demo responses, ``examples/me.yaml``) are read
through :mod:`importlib.resources` from the ``skillgap.data`` package, which is the repository's
``data/`` folder once installed, so the tool works from any working directory after a plain
``pip install .``.
"""

from __future__ import annotations

import os
from importlib.resources import as_file, files
from pathlib import Path

__all__ = ["data_path", "example_profile_path", "default_db_path", "resolve_db_path", "prefect_home"]


def data_path(*parts: str) -> Path:
    """Path of a bundled data file, e.g. ``data_path("demo", "sources.yaml")``."""
    resource = files("skillgap.data").joinpath(*parts)
    # Installed packages are plain directories here (no zip imports), so this is a real path.
    with as_file(resource) as path:
        return Path(path)


def example_profile_path() -> Path:
    """The bundled ``examples/me.yaml``."""
    with as_file(files("skillgap.data.examples").joinpath("me.yaml")) as path:
        return Path(path)


def _xdg(var: str, fallback: tuple[str, ...]) -> Path:
    """An XDG base folder: the variable when set to an absolute path, else ``~/<fallback>``.

    (The XDG spec says relative values are invalid and must be ignored, so the result never
    depends on the current directory.)
    """
    value = os.environ.get(var, "").strip()
    if value and Path(value).expanduser().is_absolute():
        return Path(value).expanduser()
    return Path.home().joinpath(*fallback)


def _data_home() -> Path:
    return _xdg("XDG_DATA_HOME", (".local", "share")) / "skillgap"


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/skillgap/skillgap.duckdb`` (``~/.local/share/...`` when unset)."""
    return _data_home() / "skillgap.duckdb"


def resolve_db_path(cli_value: str | os.PathLike[str] | None) -> Path:
    """``--db`` beats ``$SKILLGAP_DB`` beats :func:`default_db_path`."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("SKILLGAP_DB", "").strip()
    if env:
        return Path(env).expanduser()
    return default_db_path()


def prefect_home() -> Path:
    """Where Prefect keeps its temporary server's SQLite database and settings.

    ``$PREFECT_HOME`` when the user set it; otherwise a folder of skillgap's own under
    ``$XDG_STATE_HOME`` (``~/.local/state/skillgap/prefect``), so Prefect never litters the
    current directory or the user's ``~/.prefect``.
    """
    env = os.environ.get("PREFECT_HOME")
    if env:
        return Path(env).expanduser()
    return _xdg("XDG_STATE_HOME", (".local", "state")) / "skillgap" / "prefect"
