"""``skillgap sources check`` and ``skillgap config path``: the command groups about the user's
files and boards (added to the main app in pipelines/cli.py)."""

from __future__ import annotations

import typer

from skillgap.pipelines.cli_common import ConfigOption, _guard
from skillgap.pipelines.errors import EXIT_PARTIAL

sources_app = typer.Typer(
    name="sources",
    help="Check the boards of a sources config.\n\nExample:  skillgap sources check --config my-sources.yaml",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@sources_app.command("check")
def sources_check(config: ConfigOption = None) -> None:
    """Probe every configured board once and print which are live, gone or failing.

    One request per board (the adapter's first request; no retries): live = it answered in the
    expected shape; gone = HTTP 404/410 (remove it); failing = another HTTP error, a payload of
    the wrong shape or a missing API key; unreachable = no answer (offline, DNS, timeout).

    Exit 0 when every board is live, 3 when any is gone, failing or unreachable, 2 for a bad
    config.

    Example:  skillgap sources check --config my-sources.yaml
    """
    from skillgap.pipelines.config import load_config, resolve_config_path

    def run() -> int:
        from rich.console import Console
        from rich.table import Table

        from skillgap.pipelines.sources.check import check_sources, summary

        path = resolve_config_path(config)
        cfg = load_config(path)
        err = Console(stderr=True)
        n = sum(len(s.urls) or len(s.boards) or 1 for s in cfg.sources)
        err.print(f"checking {n} boards of {path} (one request each)...")
        checks = check_sources(cfg)
        colours = {"live": "green", "gone": "red", "failing": "yellow", "unreachable": "magenta"}
        table = Table(title=f"sources in {path}")
        for column in ("source", "board", "status", "detail"):
            table.add_column(column, overflow="fold")
        for c in checks:
            table.add_row(c.source, c.board or "-", f"[{colours[c.status]}]{c.status}[/]", c.detail)
        Console().print(table)
        counts = summary(checks)
        err.print(", ".join(f"{v} {k}" for k, v in counts.items()) + f" (of {len(checks)})")
        return 0 if counts["live"] == len(checks) else EXIT_PARTIAL

    raise typer.Exit(_guard(run))


config_app = typer.Typer(
    name="config",
    help="Where skillgap looks for your own data files.\n\nExample:  skillgap config path",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@config_app.command("path")
def config_path() -> None:
    """Print the folder where your own learning.yaml, skill_graph.yaml and sources.yaml are looked
    for ($XDG_CONFIG_HOME/skillgap, default ~/.config/skillgap), which of them exist, and the
    sources config that ingest would use.

    Example:  skillgap config path
    """
    from skillgap.pipelines.config import resolve_config_path
    from skillgap.userfiles import USER_DATA_FILES, config_dir

    def run() -> int:
        folder = config_dir()
        typer.echo(f"{folder}{'' if folder.is_dir() else '  (does not exist yet)'}")
        width = max(map(len, USER_DATA_FILES))
        for name, what in USER_DATA_FILES.items():
            state = "found  " if (folder / name).is_file() else "missing"
            typer.echo(f"  {name:<{width}}  {state}  {what}")
        import os

        used = resolve_config_path(None)
        why = ("$SKILLGAP_CONFIG" if os.environ.get("SKILLGAP_CONFIG")
               else "your config folder" if used.parent == folder else "bundled")
        typer.echo(f"sources config without --config: {used} ({why})")
        return 0

    raise typer.Exit(_guard(run))
