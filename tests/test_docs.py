"""Docs that cannot drift: every CLI option and every source type appears in the README."""

import re
from pathlib import Path

import pytest
import typer.main

from skillgap.analysis.cli import app as gap_report_app
from skillgap.pipelines.cli import app
from skillgap.pipelines.sources.registry import SOURCES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def long_options(command):
    return [o for p in command.params if p.param_type_name == "option" for o in p.opts if o.startswith("--")]


def skillgap_commands():
    group = typer.main.get_command(app)
    return sorted(group.commands.items())


def test_the_check_sees_options():
    assert "--cron" in long_options(dict(skillgap_commands())["serve"])


@pytest.mark.parametrize(("name", "command"), skillgap_commands())
def test_every_skillgap_option_is_in_the_readme(name, command):
    assert f"skillgap {name}" in README
    for opt in long_options(command):
        assert re.search(rf"skillgap {name}[^\n]*{re.escape(opt)}", README), f"skillgap {name} {opt}"


def test_every_gap_report_option_is_in_the_readme():
    command = typer.main.get_command(gap_report_app)
    options = long_options(command)
    assert "--profile" in options
    for opt in options:
        assert re.search(rf"gap-report [^\n]*{re.escape(opt)}", README), f"gap-report {opt}"


def test_every_source_type_is_in_the_readme():
    for name in SOURCES:
        assert f"`{name}`" in README, name
