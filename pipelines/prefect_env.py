"""Prefect's environment, set before Prefect is first imported.

Without a ``PREFECT_API_URL`` a flow run starts Prefect's temporary local API server (SQLite
under ``$PREFECT_HOME``) for the life of the process; nothing has to be started by hand. We:

- keep Prefect's state in skillgap's own folder (:func:`skillgap.pipelines.paths.prefect_home`) unless
  the user set ``PREFECT_HOME``;
- turn off telemetry (``PREFECT_SERVER_ANALYTICS_ENABLED=false``, ``DO_NOT_TRACK=1``), which
  otherwise tries the network on each run and logs an error offline;
- give the temporary server 120 s to start (the default 20 s is tight on a cold 2-core machine).

Every value is only a default: a variable the user already set wins.
"""

from __future__ import annotations

import os
import sys

from skillgap.pipelines.paths import prefect_home

__all__ = ["configure"]


def configure() -> None:
    if "prefect" in sys.modules:  # too late to influence settings; keep what is there
        return
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    defaults = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_UI_ENABLED": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
