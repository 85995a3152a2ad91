"""Files a user hands us: YAML read with bounded cost, and the user's config folder.

Every YAML file that comes from the user — the profile (``me.yaml``), a sources config
(``--config``, ``$SKILLGAP_CONFIG``) and the data overrides in the config folder
(``learning.yaml``, ``skill_graph.yaml``, ``sources.yaml``) — is read by :func:`load_user_yaml`
and nothing else (STYLE 19: one YAML loader with limits). Bundled data files we ship may keep
their own fast loader; they are reviewed and not user input.

Limits, each refused with one line naming the file (the caller's exception, exit 2):

- size: more than :data:`MAX_BYTES` (1 MB) is refused before anything is parsed; a profile or a
  sources config is a few KB.
- aliases: anchors (``&name``) and aliases (``*name``) are allowed, but the values aliases add
  once expanded are counted from the parser's events before any object is built; more than
  :data:`ALIAS_BUDGET` (10,000) added values is refused. An alias inside the node it names
  (a recursive document) is refused too. The nine-level "billion laughs" bomb (10^8 values from
  nine lines) stops at the first alias past the budget.
- nesting: more than :data:`MAX_DEPTH` (50) levels of lists/mappings is refused.

The package sits at the top of ``skillgap`` so that ``analysis`` and ``pipelines`` may both import
it without importing each other; it imports nothing from the project.

:func:`brief` and :func:`listing` keep error messages bounded: a value is shown as a short,
cut-off ``repr`` (without walking a large structure) and a long list of problems as its first
few plus a count.
"""

from __future__ import annotations

import os
import reprlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import yaml

__all__ = [
    "ALIAS_BUDGET",
    "MAX_BYTES",
    "MAX_DEPTH",
    "USER_DATA_FILES",
    "brief",
    "clip",
    "config_dir",
    "listing",
    "load_user_yaml",
    "user_file",
]

MAX_BYTES = 1_048_576  # 1 MB
ALIAS_BUDGET = 10_000  # values that alias expansion may add to a document
MAX_DEPTH = 50  # nested lists/mappings
MAX_SHOWN = 60  # characters of an offending value shown in a message
MAX_PROBLEMS = 20  # problems listed in one message

#: The files read from :func:`config_dir`, and what each does there.
USER_DATA_FILES: dict[str, str] = {
    "learning.yaml": "learning paths, merged over the bundled ones (yours win)",
    "skill_graph.yaml": "skill graph additions, merged over the bundled graph (yours win)",
    "sources.yaml": "sources config, used instead of the bundled one",
}

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/skillgap`` (``~/.config/skillgap`` when unset, empty or relative).

    The XDG spec says a relative value is invalid and must be ignored, so the folder never depends
    on the current directory.
    """
    value = os.environ.get("XDG_CONFIG_HOME", "").strip()
    base = Path(value).expanduser() if value else None
    if base is None or not base.is_absolute():
        base = Path.home() / ".config"
    return base / "skillgap"


def user_file(name: str) -> Path | None:
    """``config_dir() / name`` when that file exists, else None."""
    path = config_dir() / name
    return path if path.is_file() else None


_repr = reprlib.Repr()
_repr.maxlevel = 2
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxdict = 4
_repr.maxstring = _repr.maxother = MAX_SHOWN
_repr.maxlong = 40


def brief(value: Any, limit: int = MAX_SHOWN) -> str:
    """A one-line ``repr`` of ``value`` cut to about ``limit`` characters; never walks a large value."""
    text = _repr.repr(value).replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def clip(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` on one line, cut to ``limit`` characters (a name inside a message)."""
    text = " ".join(str(text).split()) if "\n" in str(text) else str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def listing(problems: Sequence[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """The first ``limit`` problems, plus a line counting the rest."""
    shown = list(problems[:limit])
    if len(problems) > limit:
        shown.append(f"... and {len(problems) - limit} more")
    return shown


def _where(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f" (line {mark.line + 1})" if mark is not None else ""


def _check_events(loader: Any, label: str, fail: Callable[[str], NoReturn], alias_budget: int, max_depth: int) -> None:
    """Walk the parser's events: count what aliases would add, and the nesting depth."""
    stack: list[list[Any]] = []  # [anchor, expanded size] of each open collection
    sizes: dict[str, int] = {}
    added = 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, yaml.DocumentStartEvent):
            sizes.clear()
            continue
        if isinstance(event, _OPEN):
            if len(stack) >= max_depth:
                fail(f"{label} nests lists and mappings deeper than {max_depth} levels{_where(event)}")
            stack.append([event.anchor, 1])
            continue
        if isinstance(event, _CLOSE):
            anchor, size = stack.pop()
            if anchor is not None:
                sizes[anchor] = size
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            name = str(event.anchor)
            if any(frame[0] == name for frame in stack):
                fail(f"{label}: alias *{clip(name, 30)} is inside the node it names"
                     f"{_where(event)}; recursive YAML is not allowed")
            size = sizes.get(name, 1)  # an undefined alias is the parser's error, below
            added += size
            if added > alias_budget:
                fail(f"{label}: its aliases (*name) expand to more than {alias_budget:,} values"
                     f"{_where(event)}; at most {alias_budget:,} are allowed, write the values out instead")
        else:
            continue
        if stack:
            stack[-1][1] += size


def load_user_yaml(
    path: str | os.PathLike[str],
    *,
    label: str,
    error: Callable[[str], Exception],
    missing: str | None = None,
    max_bytes: int = MAX_BYTES,
    alias_budget: int = ALIAS_BUDGET,
    max_depth: int = MAX_DEPTH,
) -> Any:
    """Parse one user YAML file with bounded cost; every failure is ``error(one line)``.

    ``label`` starts each message ("profile me.yaml", "sources config x.yaml"); ``missing``
    replaces the message for a file that does not exist. Returns what ``yaml.safe_load`` would
    (None for an empty file).
    """

    def fail(message: str) -> NoReturn:
        raise error(message)

    p = Path(path)
    limit = f"{max_bytes / 1_048_576:g} MB" if max_bytes >= 1_048_576 else f"{max_bytes:,} bytes"
    try:
        with p.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if st.st_size > max_bytes:  # a regular file: refused without reading it
                fail(f"{label} is {st.st_size / 1_048_576:.1f} MB; files skillgap reads from you are "
                     f"limited to {limit}")
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        fail(missing or f"{label} not found")
    except IsADirectoryError:
        fail(f"{label} is a directory, not a YAML file")
    except OSError as exc:
        fail(f"{label} cannot be read: {exc.strerror or exc}")
    if len(raw) > max_bytes:  # a pipe or device that reports no size
        fail(f"{label} is larger than {limit}, the limit for files skillgap reads from you")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"{label} is not UTF-8 text (byte {exc.start})")
    try:
        loader = _Loader(text)
        try:
            _check_events(loader, label, fail, alias_budget, max_depth)
        finally:
            loader.dispose()
        loader = _Loader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        fail(f"{label} is not valid YAML{where}: {' '.join(str(problem).split())[:200]}")
