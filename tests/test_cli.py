import json

import pytest
from typer.testing import CliRunner

from skillgap.pipelines.cli import app

runner = CliRunner()


def test_ingest_with_bad_config_exits_2_with_one_message(tmp_path):
    cfg = tmp_path / "s.yaml"
    cfg.write_text("sources:\n  - type: monster\n    boards: [x]\n")
    r = runner.invoke(app, ["ingest", "--config", str(cfg), "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code == 2
    assert str(cfg) in r.stderr and "sources[0].type" in r.stderr and "greenhouse" in r.stderr
    assert "Traceback" not in r.output
    assert not (tmp_path / "x.duckdb").exists()


def test_ingest_unknown_source_filter_exits_2(tmp_path):
    cfg = tmp_path / "s.yaml"
    cfg.write_text("sources:\n  - type: greenhouse\n    boards: [x]\n")
    r = runner.invoke(app, ["ingest", "--config", str(cfg), "--source", "lever", "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code == 2
    assert "--source lever" in r.stderr and "greenhouse" in r.stderr


def test_config_from_environment(tmp_path, monkeypatch):
    cfg = tmp_path / "env.yaml"
    cfg.write_text("bogus: 1\n")
    monkeypatch.setenv("SKILLGAP_CONFIG", str(cfg))
    r = runner.invoke(app, ["ingest", "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code == 2 and str(cfg) in r.stderr


def test_serve_without_prefect_server_explains(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code == 2
    assert "prefect server start" in r.stderr and "cron" in r.stderr


def test_reextract_without_database_exits_2(tmp_path):
    r = runner.invoke(app, ["reextract", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 2 and "skillgap demo" in r.stderr


def test_extract_command_streams_jsonl(tmp_path):
    inp = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "title": "Machine Learning Intern", "description": "Requirements:\n- Python and PyTorch\n- SQL"},
        "not json",
        {"id": "b", "title": "Account Executive", "description": "<p>Sell things. Salesforce a plus.</p>"},
    ]
    inp.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    out = tmp_path / "out" / "o.jsonl"
    r = runner.invoke(app, ["extract", "--input", str(inp), "--output", str(out)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(rows) == 3
    assert rows[0]["id"] == "a" and rows[0]["role_family"] == "ml" and rows[0]["seniority"] == "intern"
    assert {"Python", "PyTorch", "SQL"} <= {s["skill"] for s in rows[0]["skills"]}
    assert "error" in rows[1]
    assert rows[2]["role_family"] == "other" and "description_text" in rows[2]


def test_extract_missing_input_exits_2(tmp_path):
    r = runner.invoke(app, ["extract", "--input", str(tmp_path / "nope.jsonl")])
    assert r.exit_code == 2 and "nope.jsonl" in r.stderr


@pytest.mark.parametrize("command", ["ingest", "serve", "extract", "reextract", "demo"])
def test_every_command_has_an_example_in_help(command):
    r = runner.invoke(app, [command, "--help"])
    assert r.exit_code == 0
    assert "Example" in r.stdout


HELP_COMMANDS = [[], ["ingest"], ["serve"], ["extract"], ["reextract"], ["demo"], ["report"], ["trends"],
                 ["sources"], ["sources", "check"]]


@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda c: " ".join(c) or "skillgap")
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_works_with_h_and_shows_no_python_type(command, flag):
    import re

    r = runner.invoke(app, [*command, flag], env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    assert "Usage: skillgap" in r.stdout
    # typer's own type labels (<list[str]>, <int range>, <str>, <path>) mean nothing to a user
    assert not re.search(r"<[a-z][a-z \[\]|,]*>", r.stdout), r.stdout


def test_gap_report_help_shows_no_python_type():
    import re

    from skillgap.analysis.cli import app as report_app

    r = runner.invoke(report_app, ["-h"], env={"COLUMNS": "100"})
    assert r.exit_code == 0 and "--profile PATH" in r.stdout
    assert not re.search(r"<[a-z][a-z \[\]|,]*>", r.stdout), r.stdout


def test_ingest_help_shows_the_default_database_under_xdg_data_home(tmp_path):
    import subprocess
    import sys

    env = {k: v for k, v in __import__("os").environ.items() if k != "SKILLGAP_DB"}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg"), COLUMNS="200")
    out = subprocess.run([sys.executable, "-m", "skillgap.pipelines.cli", "ingest", "--help"], env=env,
                         capture_output=True, text=True, check=True).stdout
    flat = "".join(out.split())  # help wraps a long path mid-word
    assert str(tmp_path / "xdg" / "skillgap" / "skillgap.duckdb") in flat
    assert ".local/share" not in flat


def test_extract_output_to_a_directory_is_a_usage_error(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text('{"id": 1, "title": "ML Intern", "description": "Python"}\n')
    r = runner.invoke(app, ["extract", "--input", str(inp), "--output", str(tmp_path)])
    assert r.exit_code == 2 and "is a directory" in r.stderr and "Traceback" not in r.output


def test_extract_input_with_bad_utf8_still_answers_every_line(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_bytes(b'{"id": 1, "title": "ML Intern", "description": "Python \xff SQL"}\n'
                    b'{"id": 2, "title": "Data Analyst", "description": "SQL"}\n')
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["extract", "--input", str(inp), "--output", str(out)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["id"] for x in rows] == [1, 2]
    assert {"Python", "SQL"} <= {s["skill"] for s in rows[0]["skills"]}


def test_extract_output_file_gets_normal_permissions(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text('{"id": 1, "title": "ML Intern", "description": "Python"}\n')
    out = tmp_path / "o.jsonl"
    assert runner.invoke(app, ["extract", "--input", str(inp), "--output", str(out)]).exit_code == 0
    assert out.stat().st_mode & 0o044  # readable by group/others under a normal umask, not mkstemp's 0600


def test_ingest_into_something_that_is_not_a_database_fails_in_one_line(tmp_path):
    cfg = tmp_path / "s.yaml"
    cfg.write_text("sources:\n  - type: greenhouse\n    boards: [x]\n")
    bogus = tmp_path / "not.duckdb"
    bogus.write_text("hello, I am a text file\n" * 100)
    r = runner.invoke(app, ["ingest", "--config", str(cfg), "--db", str(bogus)])
    assert r.exit_code == 1
    assert str(bogus) in r.stderr and "Traceback" not in r.output and "Prefect" not in r.stderr


def test_serve_with_a_bad_cron_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # never contacted
    r = runner.invoke(app, ["serve", "--cron", "not a cron", "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code == 2 and "--cron" in r.stderr and "0 3 * * *" in r.stderr
