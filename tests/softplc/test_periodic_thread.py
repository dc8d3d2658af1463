"""hil._periodic.PeriodicThread: deadlines at start + k * period, overruns counted, on a fake clock."""
from __future__ import annotations

import threading

import pytest

from hil._periodic import PeriodicThread
from hil.units import MS


class FakeTime:
    """A monotonic clock that moves only when the thread waits or a tick says it took time."""

    def __init__(self) -> None:
        self.now = 1_000 * MS  # not 0: deadlines are relative to the start

    def clock(self) -> int:
        return self.now

    def wait(self, seconds: float) -> bool:
        self.now += round(seconds * 1e9)
        return False  # never asked to stop


def test_ticks_fall_on_multiples_of_the_period_and_report_one_period_each() -> None:
    fake = FakeTime()
    seen: list[tuple[int, int]] = []
    thread = PeriodicThread("t", 10 * MS, lambda periods: seen.append((fake.now, periods)), clock=fake.clock,
                            wait=fake.wait)
    thread.run_slots(3)
    start = 1_000 * MS
    assert seen == [(start + 10 * MS, 1), (start + 20 * MS, 1), (start + 30 * MS, 1)]
    assert (thread.ticks, thread.overruns, thread.late) == (3, 0, 0)


def test_a_tick_that_runs_past_the_next_deadline_is_an_overrun_and_the_next_tick_catches_up() -> None:
    fake = FakeTime()
    periods_seen: list[int] = []

    def tick(periods: int) -> None:
        periods_seen.append(periods)
        if len(periods_seen) == 2:
            fake.now += 25 * MS  # the second tick takes 2.5 periods: slots 3 and 4 are missed

    thread = PeriodicThread("t", 10 * MS, tick, clock=fake.clock, wait=fake.wait)
    thread.run_slots(4)
    assert periods_seen == [1, 1, 3, 1]  # the tick after the overrun covers the two missed periods too
    assert thread.overruns == 2


def test_an_exception_in_a_tick_stops_the_thread_and_is_kept() -> None:
    def tick(periods: int) -> None:
        raise RuntimeError("scan failed")

    fake = FakeTime()
    thread = PeriodicThread("t", 10 * MS, tick, clock=fake.clock, wait=fake.wait)
    thread.run_slots(5)
    assert isinstance(thread.error, RuntimeError) and thread.ticks == 0


def test_stop_wakes_the_thread_at_once_and_joins_it() -> None:
    started = threading.Event()
    thread = PeriodicThread("hil-test-periodic", 3_600 * 1_000 * MS, lambda periods: None)
    # A period of an hour: the thread is inside its wait when stop() comes; stop must not wait an hour.
    original_wait = thread._wait

    def wait(seconds: float) -> bool:
        started.set()
        return original_wait(seconds)

    thread._wait = wait
    thread.start()
    assert started.wait(timeout=30)
    thread.stop()
    assert not thread.running and thread.ticks == 0


def test_the_period_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        PeriodicThread("t", 0, lambda periods: None)
