"""Library API behind ``gap-report`` and ``skillgap report`` / ``skillgap trends`` (typer-free).

``report_command`` and ``trends_command`` take plain keyword arguments, print the output (or write
``out`` atomically), print warnings and errors to ``stderr`` and return the exit code
(CONTRACTS §1: 0 ok, 2 bad usage/profile/missing database, 1 anything else). They never raise for
user errors, so a CLI wraps them as ``raise typer.Exit(report_command(...))``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import logging
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, cast

from skillgap.analysis.covered import with_covered
from skillgap.analysis.db import connect_readonly, require_postings, resolve_db_path
from skillgap.analysis.display import apply_display, display_names, skill_names
from skillgap.analysis.errors import AnalysisError, UsageError
from skillgap.analysis.explain import build_explain, resolve_skill
from skillgap.analysis.graph import load_graph_data, parse_graph
from skillgap.analysis.learning import load_learning
from skillgap.analysis.load import MarketQuery, SqlTaxonomy, check_schema, load_skill_info
from skillgap.analysis.market_sql import mentioned
from skillgap.analysis.profile import (
    Profile,
    TaxonomyLike,
    default_taxonomy,
    read_profile_yaml,
    resolve_profile,
    validate_profile_data,
)
from skillgap.analysis.report import DEFAULT_MATCH_LIMIT, build_report
from skillgap.analysis.trends import GAP_TREND_WEEKS, load_weekly

log = logging.getLogger(__name__)

REPORT_FORMATS = ("text", "md", "html", "json")
TREND_FORMATS = ("text", "json", "png", "svg")
BINARY_FORMATS = ("png",)


class _ChainedTaxonomy:
    """Resolve through each taxonomy in turn (the database's ``skills`` view first: it is what
    the postings were extracted with, and reading it is fast)."""

    def __init__(self, *taxonomies: TaxonomyLike | None):
        self._t = [t for t in taxonomies if t is not None]

    def resolve(self, name: str) -> Any:
        for t in self._t:
            hit = t.resolve(name)
            if hit is not None:
                return _Named(getattr(hit, "name", None) or cast(Any, hit).skill)
        return None

    def closest(self, name: str, n: int = 3) -> list[str]:
        out: list[str] = []
        for t in self._t:
            out += [s for s in t.closest(name, n=n) if s not in out]
            if out:
                break
        return out[:n]


class _Suggesting:
    """Resolve through ``inner``; suggest ("did you mean") only names people list: the curated
    taxonomy's canonical names and its aliases of 4 characters or more, never the derived
    vocabulary's rarer entries ("ptr", "oke") that resolve fine when written exactly."""

    def __init__(self, inner: Any):
        self._inner = inner

    def resolve(self, name: str) -> Any:
        return self._inner.resolve(name)

    def closest(self, name: str, n: int = 3) -> list[str]:
        import difflib

        from skillgap.analysis.load import name_key

        forms = _suggestion_forms()
        out: list[str] = []
        for key in difflib.get_close_matches(name_key(name), list(forms), n=n * 4, cutoff=0.6):
            if forms[key] not in out:
                out.append(forms[key])
        return out[:n]


_FORMS: dict[str, str] | None = None


def _suggestion_forms() -> dict[str, str]:
    """name key -> canonical name, over the curated taxonomy (names, and aliases of 4+ characters)."""
    global _FORMS
    if _FORMS is None:
        from skillgap.analysis.load import name_key

        forms: dict[str, str] = {}
        try:
            from skillgap.extractors.taxonomy import load_taxonomy

            curated = load_taxonomy(extended=False)
        except Exception as exc:  # noqa: BLE001 - suggestions are a courtesy
            log.debug("no curated taxonomy for suggestions: %s", exc)
            curated = None
        for s in curated.skills if curated is not None else ():
            forms.setdefault(name_key(s.name), s.name)
        for s in curated.skills if curated is not None else ():
            for alias in s.aliases:
                key = name_key(alias)
                if len(key) >= 4:
                    forms.setdefault(key, s.name)
        _FORMS = forms
    return _FORMS


class _LazyBundled:
    """The bundled taxonomy, loaded only when a name is not in the database (loading takes ~1 s)."""

    def __init__(self, given: TaxonomyLike | None | bool):
        self._given = given
        self._tax: TaxonomyLike | None = None
        self._loaded = False

    def _get(self) -> TaxonomyLike | None:
        if not self._loaded:
            self._loaded = True
            if self._given is True:
                self._tax = _bundled_taxonomy()
            elif self._given:
                self._tax = self._given
        return self._tax

    def resolve(self, name: str) -> Any:
        t = self._get()
        return t.resolve(name) if t is not None else None

    def closest(self, name: str, n: int = 3) -> list[str]:
        t = self._get()
        return t.closest(name, n=n) if t is not None else []


@dataclasses.dataclass(frozen=True)
class _Named:
    name: str


def _bundled_taxonomy() -> TaxonomyLike | None:
    try:
        return default_taxonomy()
    except Exception as exc:  # noqa: BLE001 - a broken bundled taxonomy must not hide the report: use the DB's
        log.warning("bundled taxonomy unavailable (%s); resolving skills through the database", exc)
        return None


def _target_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"--out {path}: is a directory; give a file path")
    if path.exists() and not path.is_file():  # /dev/stdout, a FIFO, a device: never replace it
        with open(path, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        return
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--out: directory {parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _target_mode(path))  # mkstemp creates 0600; keep what a plain open() would give
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _as_datetime(as_of: date | datetime | str | None) -> datetime | None:
    if as_of is None or isinstance(as_of, datetime):
        return as_of
    if isinstance(as_of, date):
        return datetime.combine(as_of, datetime.max.time().replace(microsecond=0))
    try:
        return datetime.fromisoformat(as_of)
    except ValueError:
        raise UsageError(f"--as-of: expected an ISO date or timestamp, got {as_of!r}") from None


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a report is built. The report keeps ~10^5
    long-lived objects (a row per skill, a frozenset per requirement, units, keys) and the
    collector walked all of them several times: ~0.3 CPU s of a 1M-posting report (~12 %). They
    form no cycles worth collecting; reference counting still frees everything else at once,
    and the collector resumes (and frees any cycle made meanwhile) when the report is built."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def generate(
    *,
    profile: str | os.PathLike[str],
    db: str | os.PathLike[str] | None = None,
    since: str | None = None,
    as_of: date | datetime | str | None = None,
    explain: str | None = None,
    taxonomy: TaxonomyLike | None | bool = True,
    limit: int = DEFAULT_MATCH_LIMIT,
    require_data: bool = False,
) -> tuple[dict[str, Any], Profile]:
    """Load everything and build the report (or the ``explain`` dict). Raises :class:`AnalysisError`.

    ``require_data``: a database with no postings at all is an error (``DatabaseEmpty``, exit 2,
    naming `skillgap demo` / `skillgap ingest`), as the CLI wants; otherwise it gives an honest
    empty report.

    Profile names resolve through the database's ``skills`` view, then ``taxonomy`` (``True``: the
    bundled taxonomy, loaded only when needed; pass one in tests, or ``None``).
    """
    if limit < 0:
        raise UsageError(f"--limit: expected a number >= 0, got {limit}")
    data, source = read_profile_yaml(profile)
    model = validate_profile_data(data, source=source)
    bundled = _LazyBundled(taxonomy)
    path = resolve_db_path(db)
    with _gc_paused(), connect_readonly(path) as con:
        cols = check_schema(con, path)
        if require_data:
            require_postings(con, path)
        db_tax = SqlTaxonomy(con, cols["skills"])
        names = list(model.skills) if isinstance(model.skills, list) else list(model.skills.keys())
        db_tax.prefetch(names + ([explain] if explain else []))
        prof = resolve_profile(model, taxonomy=_Suggesting(_ChainedTaxonomy(db_tax, bundled)), source=source)
        listed_info = load_skill_info(con, cols["skills"], [n for n in prof.skills if n not in prof.unknown_skills])
        prof = with_covered(prof, {n: i.aliases for n, i in listed_info.items()},
                            present=lambda names: mentioned(con, names))
        graph_data, graph_source = load_graph_data()
        graph_names = _graph_names(graph_data)
        graph = parse_graph(
            graph_data, source=graph_source, taxonomy_parents=db_tax.parents(),
            known=None if db_tax.empty() else db_tax.known(graph_names), strict_names=False,
        )
        from skillgap.analysis.profile import DEGREES

        mq = MarketQuery(
            con, role_families=prof.target_roles, seniority=prof.seniority, locations=prof.locations,
            since=since, as_of=_as_datetime(as_of), path=path,
            # a profile targeting intern/entry gets the market a fresh graduate can be hired into
            entry_market=bool(prof.seniority) and set(prof.seniority) <= {"intern", "entry"},
            degree_rank=DEGREES.index(prof.degree) + 1 if prof.degree in DEGREES else None, degrees=DEGREES,
        )

        def weekly_for(skills: Any) -> Any:
            return load_weekly(con, role_families=prof.target_roles, seniority=prof.seniority,
                               weeks=GAP_TREND_WEEKS, as_of=mq.scope.as_of, skills=list(skills),
                               base=mq.base_table if prof.target_roles and prof.seniority else None,
                               skill_sets=mq.pre_grouped)

        learning = load_learning()
        report = build_report(mq, prof, graph, weekly_loader=weekly_for, learning=learning, match_limit=limit)
        if explain is not None:
            skill = resolve_skill(explain, list(mq.stats().skills), [_Suggesting(_ChainedTaxonomy(db_tax, bundled))])
            doc = build_explain(mq, prof, graph, skill, report, weekly=weekly_for([skill]), query=explain,
                                learning=learning)
            doc["display_names"] = display_names(con, skill_names(doc))
            return doc, prof
        report["display_names"] = display_names(con, skill_names(report))
    return report, prof


def _graph_names(data: Any) -> list[str]:
    names: list[str] = []
    if isinstance(data, dict):
        for c, p in (data.get("parents") or {}).items() if isinstance(data.get("parents"), dict) else ():
            names += [str(c), str(p)]
        for g in data.get("overlaps") or [] if isinstance(data.get("overlaps"), list) else []:
            if isinstance(g, list):
                names += [str(x) for x in g]
        for t, cs in (data.get("credits") or {}).items() if isinstance(data.get("credits"), dict) else ():
            names += [str(t)] + ([str(c) for c in cs] if isinstance(cs, list) else [])
        if isinstance(data.get("umbrellas"), list):
            names += [str(u) for u in data["umbrellas"]]
    return names


def terminal_width(default: int = 100) -> int:
    """``$COLUMNS`` when set, else the terminal's width, else ``default``; never below 40."""
    import shutil

    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit() and int(env) > 0:
        return max(40, int(env))
    return max(40, shutil.get_terminal_size(fallback=(default, 24)).columns)


def render(doc: dict[str, Any], fmt: str, *, color: bool = False, verbose: bool = False, width: int | None = None) -> str:
    """Render a report or explain dict (from :func:`generate`) as text, md, html or json."""
    is_explain = "explain" in doc
    if fmt != "json":  # people read display names ("MuJoCo"); JSON keeps canonical ones
        doc = apply_display(doc, doc.get("display_names") or {})
    if fmt == "json":
        from skillgap.analysis.render_json import render_json

        return render_json(doc)
    if fmt == "text":
        from skillgap.analysis.render_text import render_explain_text, render_text

        w = width or terminal_width()
        return (render_explain_text(doc, color=color, width=w, verbose=verbose) if is_explain
                else render_text(doc, color=color, width=w, verbose=verbose))
    if fmt == "md":
        from skillgap.analysis.render_md import render_explain_md, render_md

        return render_explain_md(doc, verbose=verbose) if is_explain else render_md(doc, verbose=verbose)
    if fmt == "html":
        from skillgap.analysis.render_html import render_explain_html, render_html

        return render_explain_html(doc) if is_explain else render_html(doc)
    raise UsageError(f"--format: unknown format {fmt!r}; choose one of {', '.join(REPORT_FORMATS)}")


def _size(n: int) -> str:
    return f"{n} bytes" if n < 10_000 else f"{n / 1024:.0f} KB" if n < 10_000_000 else f"{n / 1048576:.1f} MB"


def _emit(data: str | bytes, out: str | os.PathLike[str] | None, stdout: IO[str], stderr: IO[str] | None = None,
          *, what: str = "") -> None:
    if out is not None and str(out) not in ("", "-"):
        write_atomic(Path(out), data)
        size = len(data.encode("utf-8") if isinstance(data, str) else data)
        print(f"wrote {out} ({what + ', ' if what else ''}{_size(size)})", file=stderr or sys.stderr)
    elif isinstance(data, bytes):
        isatty = getattr(stdout, "isatty", None)
        if isatty is not None and isatty():
            raise UsageError("--format png is binary and stdout is a terminal: add --out FILE.png, or pipe it")
        buf = getattr(stdout, "buffer", None)
        if buf is None:
            raise UsageError("binary output (png) needs --out PATH")
        buf.write(data)
        buf.flush()
    else:
        stdout.write(data)
        stdout.flush()


def _use_color(out: object, stdout: IO[str]) -> bool:
    if out is not None or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stdout, "isatty", None)
    return bool(isatty and isatty())


def report_command(
    *,
    profile: str | os.PathLike[str],
    db: str | os.PathLike[str] | None = None,
    fmt: str = "text",
    out: str | os.PathLike[str] | None = None,
    since: str | None = None,
    explain: str | None = None,
    as_of: date | datetime | str | None = None,
    limit: int = DEFAULT_MATCH_LIMIT,
    verbose: bool = False,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """The gap report end to end; returns the exit code (0, 1 or 2)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        if fmt not in REPORT_FORMATS:
            raise UsageError(f"--format: unknown format {fmt!r}; choose one of {', '.join(REPORT_FORMATS)}")
        doc, prof = generate(profile=profile, db=db, since=since, as_of=as_of, explain=explain, limit=limit,
                             require_data=True)
        for w in prof.warnings:
            print(f"warning: {w}", file=stderr)
        text = render(doc, fmt, color=_use_color(out, stdout) and fmt == "text", verbose=verbose)
        _emit(text, out, stdout, stderr, what=("explain " if explain else "gap report ") + fmt)
        return 0
    except AnalysisError as exc:
        print(f"error: {exc}", file=stderr)
        return exc.exit_code
    except Exception as exc:  # one message, no traceback; details in the debug log
        log.debug("gap-report failed", exc_info=True)
        print(f"error: gap-report failed: {type(exc).__name__}: {exc}", file=stderr)
        return 1


def trends_command(
    *,
    db: str | os.PathLike[str] | None = None,
    skills: Sequence[str] = (),
    weeks: int = 12,
    fmt: str = "text",
    out: str | os.PathLike[str] | None = None,
    role_families: Sequence[str] = ("ml",),
    seniority: Sequence[str] = ("intern", "entry"),
    as_of: date | datetime | str | None = None,
    kind: str = "hard",
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """``skillgap trends`` end to end; returns the exit code (0, 1 or 2)."""
    from skillgap.analysis.trends_report import build_trends, render_trends

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        if fmt not in TREND_FORMATS:
            raise UsageError(f"--format: unknown format {fmt!r}; choose one of {', '.join(TREND_FORMATS)}")
        doc = build_trends(
            db=db, skills=skills, weeks=weeks, role_families=role_families, seniority=seniority,
            as_of=_as_datetime(as_of), taxonomy=_LazyBundled(True), stderr=stderr, kind=kind,
        )
        _emit(render_trends(doc, fmt), out, stdout, stderr, what="trends " + fmt)
        return 0
    except AnalysisError as exc:
        print(f"error: {exc}", file=stderr)
        return exc.exit_code
    except Exception as exc:  # one message, no traceback; details in the debug log
        log.debug("trends failed", exc_info=True)
        print(f"error: trends failed: {type(exc).__name__}: {exc}", file=stderr)
        return 1
