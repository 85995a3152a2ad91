"""Docs that cannot drift: every CLI option and every source type appears in the README."""

import re
from pathlib import Path

import click
import pytest
import typer.main

from pipelines.cli import app
from pipelines.sources.registry import SOURCES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def skillgap_commands():
    group = typer.main.get_command(app)
    return sorted(group.commands.items())


@pytest.mark.parametrize(("name", "command"), skillgap_commands())
def test_every_skillgap_option_is_in_the_readme(name, command):
    assert f"skillgap {name}" in README
    for param in command.params:
        if isinstance(param, click.Option):
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert re.search(rf"skillgap {name}[^\n]*{re.escape(opt)}", README), f"{name} {opt}"


def test_every_source_type_is_in_the_readme():
    for name in SOURCES:
        assert f"`{name}`" in README, name
