"""The ``skillgap`` command: a thin layer over the library; errors become one message here.

Exit codes: 0 ok; 2 bad usage, config or profile; 3 ingest where some sources
failed but the others were stored; 1 anything else.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from skillgap.pipelines.cli_admin import config_app, sources_app
from skillgap.pipelines.cli_common import (  # re-exported: tests and callers import them from here
    OFFLINE_HINT,
    ConfigOption,
    DaskOption,
    DbOption,
    WorkersOption,
    _check_dask,
    _default_db_text,
    _failed_boards_line,
    _guard,
    _prefect,
    _quiet_board_failures,
    _remove_if_new,
    _setup_logging,
)
from skillgap.pipelines.errors import EXIT_FAILED, EXIT_PARTIAL, UsageError

__all__ = ["OFFLINE_HINT", "app", "main"]

app = typer.Typer(
    name="skillgap",
    help=(
        "Collect entry-level ML and data job postings, extract the skills they ask for into DuckDB, "
        "and find the skills that would open the most doors for you.\n\n"
        "Example:  skillgap demo   (offline, over bundled recorded responses), then\n\n"
        "skillgap ingest && gap-report --profile me.yaml"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},  # inherited by every subcommand
)


def _run_ingest(config_path: Path, db_path: Path, sources: list[str] | None, replay_dir: str | None, label: str,
                *, dask_address: str | None = None, workers: int | None = None, verbose: bool = True) -> int:
    """One ingest run; the exit code. ``verbose=False`` (``skillgap ingest`` without --verbose)
    keeps each failed board off the console: the closing lines sum them up.

    When the database file did not exist before the run and the run stored nothing (offline,
    every board failed), the files it created are removed (the database, its WAL, its lock file and
    the folder when it made it), so a later report still points at the demo or ingest."""
    from skillgap.pipelines.config import load_config

    config = load_config(config_path)  # exit 2 on a bad file, before Prefect starts
    known = sorted({s.type for s in config.sources})
    unknown = [s for s in sources or [] if s not in known]
    if unknown:
        raise UsageError(f"--source {', '.join(unknown)}: not in {config_path}; configured types: {', '.join(known)}")
    from skillgap.pipelines import progress
    from skillgap.pipelines.runlock import lock_path, writer_lock
    from skillgap.pipelines.store import Store

    db_path = Path(db_path)
    created = [db_path, db_path.with_name(db_path.name + ".wal"), lock_path(db_path)]
    existed = {p: p.exists() for p in created}
    folder = db_path.parent
    folder_existed = folder.exists()
    removed: list[Path] = []
    # Another ingest on this database: refuse now, in one line (DatabaseBusy -> exit 1).
    with writer_lock(db_path, command=label):
        with Store.open(db_path):  # a bad --db fails here, in one line, before Prefect starts
            pass
        _check_dask(dask_address)
        typer.echo(f"{label}: {config_path} -> {db_path}", err=True)
        typer.echo("starting Prefect's temporary local API (first start can take 10-30 s)...", err=True)
        if not dask_address:  # its process boots while this one imports Prefect (pipelines/prefect_env.py)
            from skillgap.pipelines import prefect_env

            prefect_env.configure()
            prefect_env.start_temporary_api()
        flows = _prefect()
        _quiet_board_failures(not verbose)
        progress.use(progress.for_stream(sys.stderr, quiet=not verbose))
        try:
            summary = flows.run_ingest(str(config_path), str(db_path), sources or None, replay_dir,
                                       workers=workers, dask_address=dask_address)
        finally:
            progress.current().close()
            progress.use(None)
            _quiet_board_failures(False)
        if summary.total_postings == 0 and not existed[db_path]:
            # Nothing stored in a database this run created: leave none behind. Still holding the
            # writer lock, so no other run can be using these files; the lock file goes last.
            removed = _remove_if_new(created, existed)
    if removed and not folder_existed:
        try:
            folder.rmdir()  # only when empty
        except OSError:
            pass
    if summary.failed and summary.none_reachable:
        typer.echo(f"{label}: {OFFLINE_HINT} ({len(summary.boards)} of {len(summary.boards)} boards gave no answer"
                   + ("" if verbose else "; --verbose shows each") + ")", err=True)
    elif summary.failed and not verbose:
        typer.echo(f"{label}: {_failed_boards_line(summary)}", err=True)
    # With --verbose each failed board was reported once, as a warning, when it failed (the
    # flow's log, which scheduled runs keep too): the closing line only counts them.
    failed_note = (f"{len(summary.failed)} of {len(summary.boards)} boards failed"
                   f"{' (warnings above)' if verbose else ''}; " if summary.failed else "")
    stored = (f"nothing stored, so no database was left at {db_path}" if removed else
              f"{summary.total_postings} postings stored in {db_path}")
    typer.echo(f"run {summary.run_id}: {summary.status}; {failed_note}{summary.extracted} postings extracted; {stored}",
               err=True)
    if summary.status == "failed":
        return EXIT_FAILED
    return EXIT_PARTIAL if summary.failed else 0


@app.command()
def ingest(
    config: ConfigOption = None,
    db: DbOption = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", metavar="TYPE", help="Only this source type (repeatable), e.g. greenhouse.")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every board and batch.")] = False,
    dask_address: DaskOption = None,
    workers: WorkersOption = None,
) -> None:
    """Run the ingestion flow once: fetch -> normalise -> dedup -> store -> extract.

    Examples:

        skillgap ingest

        skillgap ingest --config my-sources.yaml --db ~/jobs.duckdb --source greenhouse

        skillgap ingest --dask-address tcp://scheduler:8786

    Exit 3 when some sources failed but the others were stored; exit 1 when no board could be
    fetched (offline? the run says so in one line, and a database it created is not kept) or, at
    once, when another run is writing the same database. Each failed board is shown with --verbose.
    """
    from skillgap.pipelines.config import resolve_config_path
    from skillgap.pipelines.paths import resolve_db_path

    _setup_logging(verbose)
    code = _guard(lambda: _run_ingest(resolve_config_path(config), resolve_db_path(db), source, None, "ingest",
                                      dask_address=dask_address, workers=workers, verbose=verbose))
    raise typer.Exit(code)


@app.command()
def serve(
    config: ConfigOption = None,
    db: DbOption = None,
    cron: Annotated[str, typer.Option("--cron", metavar="EXPR", help="Cron expression, UTC.")] = "0 3 * * *",
    dask_address: DaskOption = None,
) -> None:
    """Keep the nightly ingestion schedule through Prefect (needs a running Prefect server).

    Prefect runs scheduled flows only against a long-running server. Example:

        prefect server start            # in another terminal

        export PREFECT_API_URL=http://127.0.0.1:4200/api

        skillgap serve --cron "0 3 * * *"

    Without a server, use cron instead:  0 3 * * *  skillgap ingest
    """
    import os

    from skillgap.pipelines.config import load_config, resolve_config_path
    from skillgap.pipelines.paths import resolve_db_path

    def run() -> int:
        config_path = resolve_config_path(config)
        load_config(config_path)
        if not os.environ.get("PREFECT_API_URL"):
            raise UsageError(
                "PREFECT_API_URL is not set: Prefect's temporary server cannot keep a schedule. Start one with "
                "`prefect server start`, export PREFECT_API_URL=http://127.0.0.1:4200/api, and run serve again; "
                "or schedule `skillgap ingest` with cron"
            )
        flows = _prefect()
        from prefect.client.schemas.schedules import CronSchedule

        try:
            CronSchedule(cron=cron)
        except ValueError:
            raise UsageError(f"--cron {cron!r}: not a cron expression; e.g. \"0 3 * * *\" (minute hour day month weekday, UTC)") from None
        nightly = flows.ingest_flow
        if dask_address:
            nightly = nightly.with_options(task_runner=flows.dask_runner(dask_address))
        nightly.serve(
            name="skillgap-nightly",
            cron=cron,
            parameters={"config_path": str(config_path), "db_path": str(resolve_db_path(db))},
        )
        return 0

    raise typer.Exit(_guard(run))


@app.command()
def extract(
    input: Annotated[Path | None, typer.Option("--input", metavar="PATH", help="JSON Lines input (default: stdin).")] = None,
    output: Annotated[Path | None, typer.Option("--output", metavar="PATH", help="JSON Lines output (default: stdout).")] = None,
    workers: WorkersOption = None,
) -> None:
    """Stateless extraction of JSON Lines, no database.

    Each input line is {"id", "title", "description"} (optional "company", "location");
    each output line has role_family, seniority, entry_level, years_min, skills and salary.
    Blank input lines are skipped; every other line yields exactly one output object, in
    order, with an "error" key if it could not be processed.

    Examples:

        skillgap extract --input postings.jsonl --output facts.jsonl

        skillgap extract --input postings.jsonl --output facts.jsonl --workers 1   # one core

        echo '{"id": 1, "title": "ML Intern", "description": "Python and PyTorch"}' | skillgap extract
    """
    from skillgap.extractors.jsonl import run_extract
    from skillgap.pipelines.extraction import default_workers

    n_workers = workers or default_workers()

    def run() -> int:
        try:
            # Undecodable bytes become U+FFFD so one bad line cannot stop the run.
            inp = open(input, encoding="utf-8", errors="replace") if input else sys.stdin
        except OSError as exc:
            raise UsageError(f"--input {input}: {exc.strerror}") from None
        try:
            if output is None:
                run_extract(inp, sys.stdout, workers=n_workers)
            else:
                from skillgap.pipelines.atomic import atomic_write

                with atomic_write(output) as out:
                    run_extract(inp, out, workers=n_workers)
        finally:
            if input:
                inp.close()
        return 0

    raise typer.Exit(_guard(run))


@app.command()
def reextract(
    db: DbOption = None,
    all_: Annotated[bool, typer.Option("--all", help="Re-extract every stored posting, not only stale ones.")] = False,
    dask_address: DaskOption = None,
    workers: WorkersOption = None,
) -> None:
    """Re-extract stored postings without refetching, e.g. after a taxonomy or rule change.

    Postings whose facts came from an older extractor version (or older text) are redone;
    `skillgap ingest` does the same at the end of every run.

    Example:  skillgap reextract --db ~/jobs.duckdb
    """
    from skillgap.pipelines.paths import resolve_db_path

    def run() -> int:
        path = resolve_db_path(db)
        if not path.exists():
            raise UsageError(f"{path}: no database yet; run `skillgap ingest` or `skillgap demo` first")
        from skillgap.pipelines.runlock import writer_lock

        with writer_lock(path, command="reextract"):  # refuse at once while an ingest writes
            _check_dask(dask_address)
            flows = _prefect()
            n = flows.run_extract(str(path), force=all_, workers=workers, dask_address=dask_address)
        typer.echo(f"re-extracted {n} postings in {path}", err=True)
        return 0

    raise typer.Exit(_guard(run))


DemoDbOption = Annotated[
    Path | None,
    typer.Option("--db", metavar="PATH", help="DuckDB file for the demo. Default: $SKILLGAP_DB, else "
                              f"{_default_db_text('demo.duckdb')} (beside the default database, never it).",
                 show_default=False),
]


def _command_prefix() -> str:
    """How to call this install's commands so that they run as pasted from the current folder:
    ``.venv/bin/`` from a clone whose ``.venv`` this is (as the README writes them), nothing when
    the shell finds them on PATH, else their folder's full path."""
    import os
    import shutil

    if not sys.argv or not sys.argv[0]:
        return ""
    here = Path(sys.argv[0]).resolve().parent
    if not (here / "gap-report").is_file():
        return ""
    local = Path(".venv") / "bin"
    try:
        if local.resolve() == here:
            return f"{local}{os.sep}"
    except OSError:
        pass
    found = shutil.which("gap-report")
    if found and Path(found).resolve().parent == here:
        return ""
    return f"{here}{os.sep}"


def _next_step_lines(path: Path, profile: Path | None) -> list[str]:
    """The exact commands that run the user's own profile against the demo database."""
    import shlex

    from skillgap.pipelines.paths import example_profile_path

    prefix = _command_prefix()
    lines = []
    if profile is None:
        # the clone's examples/me.yaml, as the README writes it, when run from the clone
        local = Path("examples") / "me.yaml"
        source = str(local) if local.is_file() else str(example_profile_path())
        lines.append(f"cp {shlex.quote(source)} me.yaml   # then edit me.yaml: your skills")
        prof = "me.yaml"
    else:
        prof = str(Path(profile).expanduser().resolve())
    lines.append(f"{shlex.quote(prefix + 'gap-report')} --profile {shlex.quote(prof)} "
                 f"--db {shlex.quote(str(path.resolve()))}")
    return lines


@app.command()
def demo(
    db: DemoDbOption = None,
    profile: Annotated[Path | None, typer.Option(
        "--profile", "-p", metavar="PATH", help="Your profile YAML for the demo report. Default: the bundled examples/me.yaml.",
        show_default=False)] = None,
) -> None:
    """Offline demo: the real ingestion flow over bundled recorded responses, then the gap report.

    Uses the recorded Greenhouse responses shipped in the package (fictional companies written
    for skillgap), stores and extracts them into DuckDB (demo.duckdb, not your real database),
    prints the gap report of --profile (default: the bundled examples/me.yaml), and ends with the
    exact command that runs your own profile against the demo data. Running it again adds no
    duplicates.

    Example:  skillgap demo --profile me.yaml
    """
    from skillgap.pipelines.paths import data_path, default_db_path, example_profile_path

    _setup_logging(False)

    def run() -> int:
        import os

        if db is not None:
            path = Path(db).expanduser()
        elif os.environ.get("SKILLGAP_DB"):
            path = Path(os.environ["SKILLGAP_DB"]).expanduser()
        else:
            path = default_db_path().with_name("demo.duckdb")
        if profile is not None and not Path(profile).expanduser().is_file():
            raise UsageError(f"--profile {profile}: no such file (start from {example_profile_path()})")
        code = _run_ingest(
            data_path("demo", "sources.yaml"), path, None, str(data_path("demo", "responses")), "demo"
        )
        if code not in (0,):
            return code
        from skillgap.analysis.cli import report_command

        prof = Path(profile).expanduser() if profile is not None else example_profile_path()
        typer.echo(f"\ngap report for {prof}:\n", err=True)
        code = report_command(profile=prof, db=path, fmt="text", out=None)
        if code == 0:
            typer.echo("\nNext: run the report for your own profile against the demo data:\n", err=True)
            for line in _next_step_lines(path, profile):
                typer.echo(f"  {line}", err=True)
            typer.echo(f"\nFor real postings: {_command_prefix()}skillgap ingest, then the same command without --db.",
                       err=True)
        return code

    raise typer.Exit(_guard(run))


def _register_report() -> None:
    """`skillgap report` is the same command as `gap-report` (one implementation, in analysis)."""
    from skillgap.analysis.cli import gap_report

    app.command(
        name="report",
        help="The personal gap report; same as `gap-report`.\n\nExample:  skillgap report --profile me.yaml --format md --out report.md",
    )(gap_report)


_register_report()


@app.command()
def trends(
    db: DbOption = None,
    skill: Annotated[list[str] | None, typer.Option("--skill", metavar="NAME", help="A skill to chart (repeatable; aliases work).")] = None,
    weeks: Annotated[int, typer.Option("--weeks", metavar="N", min=1, max=520, help="How many recent weeks.")] = 12,
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="text | json | png | svg.")] = "text",
    out: Annotated[Path | None, typer.Option("--out", metavar="PATH", help="Write to this file instead of stdout.")] = None,
    role: Annotated[
        list[str] | None, typer.Option("--role", metavar="FAMILY", help="Role family to count: ml, data, other (repeatable).")
    ] = None,
    seniority: Annotated[
        list[str] | None,
        typer.Option("--seniority", metavar="LEVEL", help="intern, entry, mid, senior, unknown (repeatable)."),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", metavar="KIND", help="Which skills the table ranks: hard (default), soft or all.")
    ] = "hard",
) -> None:
    """Weekly demand per skill (share of postings, counted per dedup cluster, with 95 % intervals),
    and the top rising and falling skills. Weeks with few postings are marked.

    Examples:

        skillgap trends

        skillgap trends --skill PyTorch --skill TensorFlow --weeks 26

        skillgap trends --skill docker --format svg --out docker.svg

        skillgap trends --role data --seniority entry --format json

        skillgap trends --kind soft
    """
    from skillgap.analysis.cli import trends_command

    code = trends_command(
        db=db,
        skills=tuple(skill or ()),
        weeks=weeks,
        fmt=fmt.lower(),
        out=out,
        role_families=tuple(role or ("ml",)),
        seniority=tuple(seniority or ("intern", "entry")),
        kind=kind.lower(),
    )
    raise typer.Exit(code)


app.add_typer(sources_app, name="sources")
app.add_typer(config_app, name="config")


def main() -> None:  # console script entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
