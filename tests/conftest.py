import json
import os
import tempfile

import pytest

# Prefect reads its settings once, at import: keep tests offline and out of ~/.prefect.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# A developer's own ~/.config/skillgap (learning.yaml, skill_graph.yaml, sources.yaml) must not
# change what the tests see: point the config folder at one that does not exist. Tests of the
# user files set XDG_CONFIG_HOME themselves (monkeypatch).
os.environ["XDG_CONFIG_HOME"] = os.path.join(tempfile.gettempdir(), f"skillgap-tests-no-config-{os.getpid()}")


@pytest.fixture
def greenhouse_boards(tmp_path):
    """``write({board: jobs}, base_url=None) -> (config, replay)``: each board's Greenhouse jobs
    where the replay transport reads them (``tmp_path/replay/v1/boards/<board>/jobs.json``) and a
    sources config listing the boards."""

    def write(boards, base_url=None):
        replay = tmp_path / "replay"
        for board, jobs in boards.items():
            target = replay / "v1" / "boards" / board / "jobs.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps({"jobs": jobs}), encoding="utf-8")
        config = tmp_path / "sources.yaml"
        url = f"    base_url: {base_url}\n" if base_url else ""
        config.write_text("sources:\n  - type: greenhouse\n" + url + "    boards: [" + ", ".join(boards) + "]\n",
                          encoding="utf-8")
        return config, replay

    return write


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """One temporary Prefect API for the few flow tests (it takes ~15 s to start)."""
    os.environ.setdefault("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect-home")))
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="module")
def ex(request, tmp_path_factory):
    """The extractor a test module works with, built once per module through the production code
    path: over the module's ``FIXTURE_YAML`` (a small taxonomy written for its tests) when it has
    one, else over the bundled taxonomy and model. ``EXTRACTOR_OPTIONS`` in the module, if any, go
    to ``Extractor`` as keyword arguments (e.g. ``skill_model=None``)."""
    from skillgap.extractors.extract import Extractor
    from skillgap.extractors.taxonomy import load_taxonomy

    options = getattr(request.module, "EXTRACTOR_OPTIONS", {})
    taxonomy_yaml = getattr(request.module, "FIXTURE_YAML", None)
    if taxonomy_yaml is None:
        return Extractor(**options)
    path = tmp_path_factory.mktemp("tax") / "taxonomy.yaml"
    path.write_text(taxonomy_yaml, encoding="utf-8")
    return Extractor(load_taxonomy(path), **options)


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SKILLGAP_LIVE") == "1":
        return
    skip = pytest.mark.skip(reason="live network test: set SKILLGAP_LIVE=1 to run")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)


def load_skills_training_module(name: str):
    """``training/skills/<name>.py``, loaded under its own module name (``skillgap_skills_<name>``):
    ``training/role_family`` has a ``train.py`` too, and a bare ``import train`` would get whichever
    a test imported first. The folder is on ``sys.path`` only while it loads (its ``import evalkit``)."""
    import importlib.util
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parents[1] / "training" / "skills"
    sys.path.insert(0, str(here))
    try:
        spec = importlib.util.spec_from_file_location(f"skillgap_skills_{name}", here / f"{name}.py")
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(str(here))
    return mod


@pytest.fixture(scope="session")
def skills_train():
    """``training/skills/train.py`` (:func:`load_skills_training_module`)."""
    pytest.importorskip("scipy", reason="train.py needs the train extra (scipy)")
    return load_skills_training_module("train")
