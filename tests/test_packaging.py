"""The installed tool finds its bundled files from any working directory."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def run_elsewhere(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)


def test_bundled_files_resolve_from_another_directory(tmp_path):
    code = (
        "from skillgap.pipelines.paths import data_path, example_profile_path\n"
        "for p in (data_path('sources.yaml'), data_path('taxonomy.yaml'), data_path('demo', 'sources.yaml'),"
        " data_path('demo', 'responses'), example_profile_path()):\n"
        "    assert p.exists(), p\n"
        "print('ok')\n"
    )
    r = run_elsewhere(tmp_path, sys.executable, "-c", code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"


@pytest.mark.parametrize("script", ["skillgap", "gap-report"])
def test_console_scripts_installed_with_help(tmp_path, script):
    exe = BIN / script
    if not exe.exists():
        pytest.skip(f"{script} console script not installed in {BIN}")
    r = run_elsewhere(tmp_path, str(exe), "--help")
    assert r.returncode == 0, r.stderr
    assert "Example" in r.stdout or "example" in r.stdout


def test_one_import_package_no_generic_top_level_names(tmp_path):
    # A user's own ``pipelines/`` or ``analysis/`` folder must not shadow ours, nor ours theirs.
    (tmp_path / "pipelines").mkdir()
    (tmp_path / "pipelines" / "__init__.py").write_text("MINE = True\n")
    code = (
        "import importlib.util, pipelines\n"
        "assert pipelines.MINE\n"
        "import skillgap.pipelines.cli, skillgap.analysis.cli, skillgap.extractors.extract\n"
        "for name in ('extractors', 'analysis', 'skillgap_data'):\n"
        "    assert importlib.util.find_spec(name) is None, name\n"
        "print('ok')\n"
    )
    r = run_elsewhere(tmp_path, sys.executable, "-c", code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"


def test_package_is_marked_typed_and_ships_the_marker():
    # PEP 561: type checkers read the installed package's annotations only when py.typed is there.
    import importlib.resources
    import tomllib

    assert importlib.resources.files("skillgap").joinpath("py.typed").is_file()
    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in pyproject["tool"]["setuptools"]["package-data"]["skillgap"]
