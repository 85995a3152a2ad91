"""Docs that cannot drift: every CLI option and every source type appears in the README."""

import re
from pathlib import Path

import pytest
import typer.main

from skillgap.analysis.cli import app as gap_report_app
from skillgap.pipelines.cli import app
from skillgap.pipelines.sources.registry import SOURCES

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The source reference lives in docs/sources.md (linked from the README): sources are checked
# against the README and docs/ together.
DOCS = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))}
README_AND_DOCS = "\n".join([README, *DOCS.values()])


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


def test_every_source_type_is_in_the_readme_or_docs():
    assert "docs/sources.md" in README and "sources.md" in DOCS  # the README points at the reference
    assert "`no_such_source`" not in README_AND_DOCS  # the check can fail
    for name in SOURCES:
        assert f"`{name}`" in README_AND_DOCS, name


def test_readme_runs_the_two_commands_of_ci_word_for_word():
    """The README's set-up+demo and test commands are exactly what .ci/run runs."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [ci[i + 1].strip() for i, line in enumerate(ci) if line.startswith('echo "== README command')]
    assert len(commands) == 2
    fenced = re.findall(r"```bash\n(.*?)```", README, re.DOTALL)
    for command in commands:
        assert any(command == block.strip() for block in fenced), command


def test_readme_puts_quickstart_profile_and_reading_the_report_first():
    lines = README.splitlines()
    heads = {line: i for i, line in enumerate(lines, 1) if line.startswith("## ")}
    for head in ("## Quickstart (fresh machine, offline)", "## Your own profile", "## Reading the report"):
        assert head in heads and heads[head] <= 120, head
