"""Prefect's environment, set before Prefect is first imported.

Without a ``PREFECT_API_URL`` a flow run starts Prefect's temporary local API server (SQLite
under ``$PREFECT_HOME``) for the life of the process; nothing has to be started by hand. We:

- keep Prefect's state in skillgap's own folder (:func:`skillgap.pipelines.paths.prefect_home`) unless
  the user set ``PREFECT_HOME``;
- turn off telemetry (``PREFECT_SERVER_ANALYTICS_ENABLED=false``, ``DO_NOT_TRACK=1``), which
  otherwise tries the network on each run and logs an error offline;
- give the temporary server 120 s to start (the default 20 s is tight on a cold 2-core machine);
- start the early temporary server (below) without what a server private to one run does not
  need: block type registration, and the triggers/actions services (automations).

Every value is only a default: a variable the user already set wins.

:func:`start_temporary_api` (the ingest command calls it before Prefect is imported; a library
caller's :func:`~skillgap.pipelines.flows.run_ingest` calls it too) launches that temporary server's
process at once, with the command Prefect's own temporary server runs (uvicorn over
``prefect.server.api.server:create_app``), so it boots while this process imports Prefect and
prepares the run; :func:`temporary_api` then points the flow at it through Prefect's public
settings (``PREFECT_API_URL`` for the run only). If Prefect turns out to have a server configured
(a profile's ``PREFECT_API_URL``) or the early process did not come up, it is stopped and Prefect
does what it always does.

The server process dies with this one, even on SIGKILL (:mod:`skillgap.pipelines.children`):
a cron job killed by a timeout leaves no server behind.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping

from skillgap.pipelines.paths import prefect_home

__all__ = ["configure", "start_temporary_api", "temporary_api"]

# Public settings for the early temporary server only: (every name Prefect reads them by, values
# for the first names), applied only when the user set none of those names. The server lives for
# one run and serves only it:
# - no block types are registered on start (with a fresh PREFECT_HOME that was ~1 CPU s of its
#   start-up), and the registration is not memoised either: Prefect would otherwise record it as
#   done in $PREFECT_HOME/memo_store.toml, and a later ``prefect server start`` over the same
#   folder would skip it;
# - no automations can exist on it, so the triggers and actions services (one setting) do not run.
_QUIET_SERVER = (
    (("PREFECT_SERVER_REGISTER_BLOCKS_ON_START", "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION",
      "PREFECT_API_BLOCKS_REGISTER_ON_START", "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION"), ("false", "false")),
    (("PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED", "PREFECT_API_SERVICES_TRIGGERS_ENABLED"), ("false",)),
)

_EARLY: subprocess.Popen | None = None
_EARLY_URL: str | None = None


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


def start_temporary_api(*, prefect_loaded: bool = False) -> bool:
    """Launch Prefect's temporary API server process now (see the module docstring), when no
    server is configured; True when launched. Only before Prefect is imported, unless
    ``prefect_loaded``: then Prefect's own settings say whether a server is configured. Call it
    from the main thread: the server dies with the thread that started it."""
    global _EARLY, _EARLY_URL
    if _EARLY is not None or os.environ.get("PREFECT_API_URL"):
        return False
    if "prefect" in sys.modules:
        if not prefect_loaded:
            return False
        from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

        if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
            return False
    import importlib.util

    from skillgap.pipelines import children

    spec = importlib.util.find_spec("prefect")
    if spec is None or spec.origin is None:
        return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    env.update(quiet_server_settings(env))
    app_dir = os.path.dirname(os.path.dirname(spec.origin))  # as Prefect's own launcher: prefect's parent folder
    try:
        _EARLY = children.spawn(
            "uvicorn",
            ["--app-dir", app_dir, "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "error", "--lifespan", "on"],
            env=env,
        )
    except OSError:
        return False
    _EARLY_URL = f"http://127.0.0.1:{port}/api"
    atexit.register(_stop_early)
    return True


def quiet_server_settings(env: Mapping[str, str]) -> dict[str, str]:
    """What :data:`_QUIET_SERVER` adds to the early server's environment ``env``."""
    added: dict[str, str] = {}
    for names, values in _QUIET_SERVER:
        if not any(name in env for name in names):
            added.update(zip(names, values))
    return added


def _stop_early() -> None:
    global _EARLY
    proc, _EARLY = _EARLY, None
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _healthy(timeout: float) -> bool:
    import httpx

    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=5.0) as client:
        while time.monotonic() < deadline:
            if _EARLY is None or _EARLY.poll() is not None:  # it exited (a port taken meanwhile...)
                return False
            try:
                if client.get(f"{_EARLY_URL}/health").status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
    return False


@contextlib.contextmanager
def temporary_api() -> Iterator[bool]:
    """Within: flows use the server :func:`start_temporary_api` launched (yields True), once it
    answers; else (none launched, a server configured, it did not come up) nothing changes."""
    if _EARLY is None:
        yield False
        return
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value() or not _healthy(
        float(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
    ):
        _stop_early()
        yield False
        return
    with temporary_settings(updates={PREFECT_API_URL: _EARLY_URL}):
        yield True


def early_api_started() -> bool:
    return _EARLY is not None
