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


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """One temporary Prefect API for the few flow tests (it takes ~15 s to start)."""
    os.environ.setdefault("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect-home")))
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SKILLGAP_LIVE") == "1":
        return
    skip = pytest.mark.skip(reason="live network test: set SKILLGAP_LIVE=1 to run")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)
