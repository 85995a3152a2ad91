"""Files a user hands us (issue 22, issue 21 item 4): bounded YAML loading for profiles, sources
configs and the data files in the user's config folder, which extend the bundled ones."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from skillgap.analysis.cli import app as gap_report_app
from skillgap.analysis.errors import LearningDataError, ProfileError
from skillgap.analysis.graph import GraphError, _cycles, load_graph_data
from skillgap.analysis.learning import load_learning
from skillgap.analysis.profile import load_profile
from skillgap.pipelines.cli import app as skillgap_app
from skillgap.pipelines.config import load_config, resolve_config_path
from skillgap.pipelines.errors import ConfigError
from skillgap.pipelines.paths import data_path
from skillgap.userfiles import ALIAS_BUDGET, MAX_BYTES, brief, config_dir, load_user_yaml
from tests.factories import P, make_db


def alias_bomb(top: str, levels: int = 9, width: int = 10) -> str:
    """``a0: &a0 [x]``, ``a1: &a1 [*a0 x10]`` ... ``<top>: *a8``: 10^8 values once expanded."""
    lines = ["a0: &a0 [x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"{top}: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def write(tmp_path, text, name="me.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def db(tmp_path):
    return make_db(tmp_path, [
        P(title=f"ML {i}", company=f"C{i}", skills={"Python": "required", "Docker": "required"}) for i in range(3)
    ])


def one_line_exit_2(result):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- the loader itself ------------------------------------------------------------------------

def test_the_alias_bomb_is_refused_before_anything_is_expanded(tmp_path):
    path = write(tmp_path, alias_bomb("skills"))
    start = time.perf_counter()
    with pytest.raises(ValueError, match=f"more than {ALIAS_BUDGET:,} values"):
        load_user_yaml(path, label=f"profile {path}", error=ValueError)
    assert time.perf_counter() - start < 1


def test_a_few_aliases_are_fine(tmp_path):
    path = write(tmp_path, "base: &b {python: advanced}\nskills:\n  <<: *b\n  docker: beginner\nlocations: &l [remote]\n"
                 "other: *l\n")
    data = load_user_yaml(path, label="x", error=ValueError)
    assert data["skills"] == {"python": "advanced", "docker": "beginner"} and data["other"] == ["remote"]


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    with pytest.raises(ValueError, match="recursive YAML is not allowed"):
        load_user_yaml(write(tmp_path, "skills: &a [python, *a]\n"), label="x", error=ValueError)


def test_deep_nesting_is_refused(tmp_path):
    with pytest.raises(ValueError, match="deeper than 50 levels"):
        load_user_yaml(write(tmp_path, "skills: " + "[" * 60 + "]" * 60 + "\n"), label="x", error=ValueError)


def test_a_file_over_the_size_cap_is_refused_without_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("skills:\n" + "  - [unclosed\n" * (MAX_BYTES // 10), encoding="utf-8")  # invalid YAML, never parsed
    with pytest.raises(ValueError, match="limited to 1 MB"):
        load_user_yaml(path, label="x", error=ValueError)


def test_brief_shows_a_bounded_part_of_a_huge_value():
    nested: list = ["x"]
    for _ in range(9):
        nested = [nested] * 10
    start = time.perf_counter()
    assert len(brief(nested)) <= 60 and len(brief("y" * 10**6)) <= 60 and len(brief({"k" * 10**5: 1})) <= 60
    assert time.perf_counter() - start < 0.1


# --- profiles ---------------------------------------------------------------------------------

def test_alias_bomb_profile_exits_2_with_one_line_quickly(tmp_path, db):
    path = write(tmp_path, alias_bomb("skills"))
    start = time.perf_counter()
    result = CliRunner().invoke(gap_report_app, ["--profile", str(path), "--db", str(db)])
    line = one_line_exit_2(result)
    assert time.perf_counter() - start < 5
    assert str(path) in line and f"at most {ALIAS_BUDGET:,}" in line


def test_a_50_mb_profile_is_refused_quickly(tmp_path, db):
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("skills:\n")
        chunk = "  - python\n" * 100_000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    start = time.perf_counter()
    result = CliRunner().invoke(gap_report_app, ["--profile", str(path), "--db", str(db)])
    line = one_line_exit_2(result)
    assert time.perf_counter() - start < 2
    assert str(path) in line and "limited to 1 MB" in line


def test_profile_errors_cap_the_offending_value_and_the_number_of_problems(tmp_path):
    path = write(tmp_path, "skills:\n  python: " + "z" * 100_000 + "\n" + "".join(f"extra{i}: 1\n" for i in range(100)))
    msg = str(pytest.raises(ProfileError, load_profile, path).value)
    assert len(msg) < 4000, len(msg)
    assert "skills.python" in msg and "... and " in msg and "more" in msg


def test_a_huge_unknown_key_is_shown_cut(tmp_path):
    path = write(tmp_path, "skills: [python]\n? " + "k" * 50_000 + "\n: 1\n")  # an explicit key: no length limit
    msg = str(pytest.raises(ProfileError, load_profile, path).value)
    assert "unknown field 'kkk" in msg and "..." in msg and len(msg) < 600


# --- sources configs --------------------------------------------------------------------------

def test_alias_bomb_sources_config_is_refused_by_the_loader(tmp_path):
    path = write(tmp_path, alias_bomb("sources"), "sources.yaml")
    with pytest.raises(ConfigError, match=f"more than {ALIAS_BUDGET:,} values"):
        load_config(path)


@pytest.mark.parametrize("command", [["sources", "check"], ["ingest"]])
def test_alias_bomb_sources_config_exits_2_with_one_line(tmp_path, command):
    path = write(tmp_path, alias_bomb("sources"), "sources.yaml")
    start = time.perf_counter()
    result = CliRunner().invoke(skillgap_app, [*command, "--config", str(path), "--db", str(tmp_path / "x.duckdb")]
                                if command == ["ingest"] else [*command, "--config", str(path)])
    line = one_line_exit_2(result)
    assert time.perf_counter() - start < 5
    assert str(path) in line and "aliases" in line
    assert not (tmp_path / "x.duckdb").exists()


def test_config_errors_cap_what_they_print(tmp_path):
    path = write(tmp_path, "sources:\n  - type: " + "m" * 100_000 + "\n    boards: [a]\n", "sources.yaml")
    msg = str(pytest.raises(ConfigError, load_config, path).value)
    assert "unknown source type" in msg and len(msg) < 1000


# --- the user's config folder -----------------------------------------------------------------

@pytest.fixture()
def user_config(tmp_path, monkeypatch):
    home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    (home / "skillgap").mkdir(parents=True)
    return home / "skillgap"


def test_config_dir_follows_xdg_and_ignores_a_relative_value(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_dir() == tmp_path / "skillgap"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert config_dir() == tmp_path / "home" / ".config" / "skillgap"


USER_LEARNING = """\
skills:
  Docker:
    - {provider: My notes, title: Docker the way I learnt it, url: "https://example.org/my-docker"}
search:
  - {provider: Example Search, url: "https://search.example.org/?q={query}"}
"""


def test_a_user_learning_file_changes_the_report_links(user_config, tmp_path, db):
    profile = write(tmp_path, "skills: [python]\n")
    args = ["--profile", str(profile), "--db", str(db), "--format", "json"]
    before = json.loads(CliRunner().invoke(gap_report_app, args).stdout)
    docker = next(g for g in before["gaps"] if g["skill"] == "Docker")
    assert all("example.org" not in r["url"] for r in docker["learn"])

    (user_config / "learning.yaml").write_text(USER_LEARNING, encoding="utf-8")
    result = CliRunner().invoke(gap_report_app, args)
    assert result.exit_code == 0, result.output
    docker = next(g for g in json.loads(result.stdout)["gaps"] if g["skill"] == "Docker")
    urls = [r["url"] for r in docker["learn"]]
    assert urls[0] == "https://example.org/my-docker"
    assert "https://search.example.org/?q=Docker" in urls
    # merged, not replaced: the bundled search providers and categories are still there
    assert any("coursera.org" in u for u in urls)
    assert "default" in load_learning().categories


def test_an_invalid_user_learning_file_exits_2_naming_it(user_config, tmp_path, db):
    bad = user_config / "learning.yaml"
    bad.write_text("skills:\n  Docker:\n    - {provider: x, title: y, url: 'http://insecure.example.org'}\n")
    with pytest.raises(LearningDataError, match="https://"):
        load_learning()
    result = CliRunner().invoke(gap_report_app, ["--profile", str(write(tmp_path, "skills: [python]\n")),
                                                 "--db", str(db)])
    assert result.exit_code == 2 and str(bad) in result.stderr and "Traceback" not in result.output
    bad.write_text(alias_bomb("skills"))
    with pytest.raises(LearningDataError, match="aliases"):
        load_learning()


@pytest.mark.parametrize("name", ["learning.yaml", "skill_graph.yaml"])
def test_an_alias_bomb_in_the_config_folder_exits_2_with_one_line(user_config, tmp_path, db, name):
    (user_config / name).write_text(alias_bomb("overlaps" if name == "skill_graph.yaml" else "skills"))
    start = time.perf_counter()
    result = CliRunner().invoke(gap_report_app, ["--profile", str(write(tmp_path, "skills: [python]\n")),
                                                 "--db", str(db)])
    line = one_line_exit_2(result)
    assert time.perf_counter() - start < 5
    assert str(user_config / name) in line and "aliases" in line


def test_a_user_skill_graph_merges_over_the_bundled_one(user_config):
    bundled, _ = load_graph_data()
    assert ["data visualization", "dashboards"] in bundled["overlaps"]
    (user_config / "skill_graph.yaml").write_text(
        "parents:\n  Jupyter: data science\n  Streamlit: Python\noverlaps:\n  - [dashboards, Tableau]\n")
    data, source = load_graph_data()
    assert str(user_config / "skill_graph.yaml") in source
    assert data["parents"]["Jupyter"] == "data science" and data["parents"]["Streamlit"] == "Python"
    assert ["dashboards", "Tableau"] in data["overlaps"]
    assert ["data visualization", "dashboards"] not in data["overlaps"]  # replaced: shares a member
    assert ["data pipelines", "ETL", "ELT"] in data["overlaps"]


def test_an_invalid_user_skill_graph_names_its_file(user_config):
    (user_config / "skill_graph.yaml").write_text("overlaps:\n  - [only one]\ncolour: red\n")
    with pytest.raises(GraphError) as info:
        load_graph_data()
    assert str(user_config / "skill_graph.yaml") in str(info.value) and "at least two" in str(info.value)
    assert info.value.exit_code == 2


def test_a_long_parent_chain_is_checked_without_recursion():
    chain = {f"s{i}": [f"s{i + 1}"] for i in range(50_000)}
    assert _cycles(chain) == []
    chain["s50000"] = ["s0"]
    [problem] = _cycles(chain)
    assert problem.startswith("parent cycle s0 -> s1") and len(problem) < 300


def test_sources_precedence_puts_the_user_file_between_the_variable_and_the_bundled_file(user_config, monkeypatch,
                                                                                          tmp_path):
    monkeypatch.delenv("SKILLGAP_CONFIG", raising=False)
    assert resolve_config_path(None) == data_path("sources.yaml")  # no user file yet
    mine = user_config / "sources.yaml"
    mine.write_text("sources:\n  - type: remotive\n")
    assert resolve_config_path(None) == mine
    assert [s.type for s in load_config(resolve_config_path(None)).sources] == ["remotive"]  # replaces, no merge
    monkeypatch.setenv("SKILLGAP_CONFIG", str(tmp_path / "env.yaml"))
    assert resolve_config_path(None) == tmp_path / "env.yaml"
    assert resolve_config_path(tmp_path / "cli.yaml") == tmp_path / "cli.yaml"


def test_config_path_prints_the_folder_and_which_files_exist(user_config, monkeypatch):
    monkeypatch.delenv("SKILLGAP_CONFIG", raising=False)
    (user_config / "learning.yaml").write_text(USER_LEARNING)
    result = CliRunner().invoke(skillgap_app, ["config", "path"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == str(user_config)
    found = {ln.split()[0]: ln.split()[1] for ln in lines[1:4]}
    assert found == {"learning.yaml": "found", "skill_graph.yaml": "missing", "sources.yaml": "missing"}
    assert f"{data_path('sources.yaml')} (bundled)" in lines[4]
