"""The ``gap-report`` console script: a thin typer layer over :mod:`skillgap.analysis.api`.

Library entry points for ``skillgap report`` / ``skillgap trends`` / ``skillgap demo``
(typer-free, return the exit code, never raise for user errors)::

    report_command(*, profile, db=None, fmt="text", out=None, since=None, explain=None,
                   as_of=None, limit=20, verbose=False, stdout=None, stderr=None) -> int
    trends_command(*, db=None, skills=(), weeks=12, fmt="text", out=None,
                   role_families=("ml",), seniority=("intern", "entry"), as_of=None,
                   stdout=None, stderr=None) -> int
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer

from skillgap.analysis.api import REPORT_FORMATS, TREND_FORMATS, report_command, trends_command
from skillgap.analysis.db import default_db_path
from skillgap.analysis.report import DEFAULT_MATCH_LIMIT

__all__ = ["app", "main", "report_command", "trends_command", "REPORT_FORMATS", "TREND_FORMATS"]

HELP = f"""Your personal skill-gap report against entry-level ML/data postings.

Coverage: the share of each in-scope posting's required hard skills you have, averaged over the
postings. Ranks the hard skills you are missing by the share of postings where each would meet a
requirement you lack (overlapping skills grouped in one row), plans the next five skills to learn, lists soft skills
apart, the roles you already fit, and pay. Scope, from the profile: target_roles, seniority and
locations; postings seen in the last 60 days (--since); one vote per dedup cluster.

Examples:

  gap-report --profile me.yaml

  gap-report --profile me.yaml --format html --out report.html

  gap-report --profile me.yaml --format json --since 30d | jq '.gaps[:5]'

  gap-report --profile me.yaml --explain docker

Database: --db, else $SKILLGAP_DB, else {default_db_path()}
(`skillgap demo` writes demo.duckdb beside it: add --db .../demo.duckdb to use the demo data).

Exit codes: 0 ok; 2 bad usage, profile, or a missing or empty database (no postings yet: run
`skillgap demo` or `skillgap ingest`); 1 anything else (a database busy with an ingest run for
more than 10 s, too).
"""

app = typer.Typer(
    name="gap-report",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


@app.command(help=HELP)
def gap_report(
    profile: Annotated[Path, typer.Option("--profile", "-p", metavar="PATH", help="Your profile YAML (me.yaml).",
                                          show_default=False)],
    db: Annotated[Path | None, typer.Option("--db", metavar="PATH", help="DuckDB file (overrides $SKILLGAP_DB).",
                                            show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="Output: " + " | ".join(REPORT_FORMATS) + ".")] = "text",
    out: Annotated[Path | None, typer.Option("--out", "-o", metavar="PATH", help="Write to this file (atomically) instead of stdout.",
                                             show_default=False)] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE|Nd|Nw", help="Postings seen since YYYY-MM-DD, or within Nd / Nw before the latest data. Default 60d.",
        show_default=False)] = None,
    explain: Annotated[str | None, typer.Option(
        "--explain", metavar="SKILL", help="Explain one skill: postings, evidence, trend, salary, related skills.",
        show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="Reference time for the window (ISO date). Default: the latest last_seen in the data.",
        show_default=False)] = None,
    limit: Annotated[int, typer.Option(
        "--limit", metavar="N", min=0, help=f"How many best-fitting roles to list (matches). Default {DEFAULT_MATCH_LIMIT}.")
    ] = DEFAULT_MATCH_LIMIT,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Show how the figures are computed, and log details to stderr.")] = False,
) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    code = report_command(profile=profile, db=db, fmt=fmt.lower(), out=out, since=since, explain=explain, as_of=as_of,
                          limit=limit, verbose=verbose)
    raise typer.Exit(code)


def main() -> None:
    """Console-script entry point (``gap-report``)."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
