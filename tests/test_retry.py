"""The one retry helper (src/skillgap/retry.py): backoff, a server's hint, bounds, the last error re-raised."""

import pytest

from skillgap.retry import retry_call


class Flaky(Exception):
    pass


def failing(times: int, value: str = "ok"):
    calls = []

    def fn():
        calls.append(1)
        if len(calls) <= times:
            raise Flaky(f"failure {len(calls)}")
        return value

    return fn, calls


def test_backoff_doubles_up_to_the_cap_and_the_value_comes_back():
    fn, calls = failing(4)
    sleeps: list[float] = []
    assert retry_call(fn, retry_if=lambda e: isinstance(e, Flaky), first_delay=0.5, max_delay=1.5, attempts=10,
                      sleep=sleeps.append) == "ok"
    assert sleeps == [0.5, 1.0, 1.5, 1.5] and len(calls) == 5


def test_attempts_bound_the_calls_and_the_last_error_is_raised_as_it_was():
    fn, calls = failing(10)
    with pytest.raises(Flaky, match="failure 3"):
        retry_call(fn, retry_if=lambda e: True, first_delay=1, max_delay=1, attempts=3, sleep=lambda s: None)
    assert len(calls) == 3


def test_max_wait_bounds_the_seconds_slept_cutting_the_last_wait():
    fn, _ = failing(100)
    sleeps: list[float] = []
    with pytest.raises(Flaky):
        retry_call(fn, retry_if=lambda e: True, first_delay=0.05, max_delay=1.0, max_wait=0.3, sleep=sleeps.append)
    assert sleeps[:2] == [0.05, 0.1] and sum(sleeps) == pytest.approx(0.3)


def test_a_hint_replaces_the_backoff_and_errors_not_accepted_are_not_retried():
    fn, _ = failing(1)
    sleeps: list[float] = []
    retry_call(fn, retry_if=lambda e: True, first_delay=1, max_delay=60, attempts=3, delay_hint=lambda e: 7.0,
               sleep=sleeps.append)
    assert sleeps == [7.0]
    fn, calls = failing(5)
    with pytest.raises(Flaky):
        retry_call(fn, retry_if=lambda e: False, first_delay=1, max_delay=1, attempts=9, sleep=sleeps.append)
    assert len(calls) == 1
