"""The one retry helper: every bounded retry in skillgap (HTTP requests in
``pipelines/http.py``, opening a DuckDB file another process holds in ``pipelines/schema.py`` and
``analysis/db.py``) goes through :func:`retry_call`, built on tenacity.

It lives at the package's top level so both ``pipelines`` and ``analysis`` may import it (analysis
never imports pipelines).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import tenacity

__all__ = ["retry_call"]

T = TypeVar("T")


def retry_call(
    fn: Callable[[], T],
    *,
    retry_if: Callable[[BaseException], bool],
    first_delay: float,
    max_delay: float,
    attempts: int | None = None,
    max_wait: float | None = None,
    delay_hint: Callable[[BaseException], float | None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[BaseException, float], None] | None = None,
) -> T:
    """``fn()``, called again while it raises an exception ``retry_if`` accepts.

    Waits ``first_delay * 2**k`` before retry ``k + 1`` (or ``delay_hint(exc)`` when that gives a
    number, e.g. a server's Retry-After), at most ``max_delay``. Stops after ``attempts`` calls
    and/or once ``max_wait`` seconds have been slept (the last wait is cut to fit), then re-raises
    the last exception as it was. ``sleep`` is injectable so tests run without waiting.

    The first call runs before tenacity is imported (~20 ms of a report's start): most calls
    succeed at once; a failure ``retry_if`` accepts is tenacity's first attempt, as before.
    """
    try:
        return fn()
    except BaseException as exc:
        if not retry_if(exc):
            raise
        first: list[BaseException] = [exc]

    def attempt() -> T:
        if first:  # the call above: tenacity counts it as attempt 1
            raise first.pop()
        return fn()

    import tenacity

    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hint = delay_hint(exc) if delay_hint is not None and exc is not None else None
        delay = min(hint if hint is not None else first_delay * 2 ** (state.attempt_number - 1), max_delay)
        if max_wait is not None:
            delay = min(delay, max(0.0, max_wait - state.idle_for))
        return delay

    def stop(state: tenacity.RetryCallState) -> bool:
        if attempts is not None and state.attempt_number >= attempts:
            return True
        return max_wait is not None and state.idle_for >= max_wait

    def before_sleep(state: tenacity.RetryCallState) -> None:
        if on_retry is not None and state.outcome is not None and state.next_action is not None:
            exc = state.outcome.exception()
            if exc is not None:
                on_retry(exc, state.next_action.sleep)

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception(retry_if), wait=wait, stop=stop, sleep=sleep,
        before_sleep=before_sleep, reraise=True,
    )
    return retrying(attempt)
