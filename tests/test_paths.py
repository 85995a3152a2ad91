from pathlib import Path

import pytest

import skillgap.analysis.db
from skillgap.pipelines import paths


@pytest.mark.parametrize("xdg", [None, "", "relative/dir", "/abs/data"])
@pytest.mark.parametrize("env_db", [None, "/env/x.duckdb"])
def test_ingest_and_report_agree_on_the_database(monkeypatch, tmp_path, xdg, env_db):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    for var, value in (("XDG_DATA_HOME", xdg), ("SKILLGAP_DB", env_db)):
        if value is None:
            monkeypatch.delenv(var, raising=False)
        else:
            monkeypatch.setenv(var, value)
    ours = paths.resolve_db_path(None)
    theirs = skillgap.analysis.db.resolve_db_path(None)
    assert ours == theirs
    assert ours.is_absolute()
    if env_db:
        assert ours == Path(env_db)
    elif xdg == "/abs/data":
        assert ours == Path("/abs/data/skillgap/skillgap.duckdb")
    else:
        assert ours == tmp_path / ".local" / "share" / "skillgap" / "skillgap.duckdb"
    assert paths.resolve_db_path("cli.duckdb") == skillgap.analysis.db.resolve_db_path("cli.duckdb") == Path("cli.duckdb")


def test_prefect_home_defaults_to_skillgap_state_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("PREFECT_HOME", raising=False)
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    assert paths.prefect_home() == tmp_path / ".local" / "state" / "skillgap" / "prefect"
    monkeypatch.setenv("PREFECT_HOME", "/custom/prefect")
    assert paths.prefect_home() == Path("/custom/prefect")


def test_prefect_environment_defaults_never_override_the_user(tmp_path):
    import os
    import subprocess
    import sys

    code = (
        "import os, json\n"
        "from skillgap.pipelines import prefect_env\n"
        "prefect_env.configure()\n"
        "print(json.dumps({k: os.environ.get(k) for k in ('PREFECT_HOME', 'DO_NOT_TRACK',"
        " 'PREFECT_SERVER_ANALYTICS_ENABLED', 'PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS')}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "DO_NOT_TRACK"}
    env.update(HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"), PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="300")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    import json

    got = json.loads(out.stdout)
    assert got == {
        "PREFECT_HOME": str(tmp_path / "state" / "skillgap" / "prefect"),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300",
    }
    assert (tmp_path / "state" / "skillgap" / "prefect").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state"]  # nothing dropped in the cwd
