"""One real-time thread lifecycle: call ``tick`` every ``period_ns`` of a monotonic clock, on a thread.

Both the wall-clock soft PLC scanner and the kernel's real-time loop need the same thing: deadlines at
``start + k * period`` (never an accumulated float), a wake-up that stops at once when asked, and an honest
count of what went wrong. A tick that ends after the next deadline is an *overrun*: the slots it covered are
not run one by one (that would bunch ticks), the next tick is told how many periods passed instead, so the
callee can catch up in one step (a soft PLC runs the scans that fell due; a kernel advances its plant).

    thread = PeriodicThread("hil-scan-oven", 10 * MS, lambda periods: plc.advance(periods * 10 * MS))
    thread.start()
    ...
    thread.stop()          # joins the thread; re-raises nothing, see :attr:`error`
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType

__all__ = ["PeriodicThread"]


class PeriodicThread:
    """Calls ``tick(periods)`` at ``start + k * period_ns`` on a daemon thread.

    Args:
        name: the thread's name (shows in thread dumps and in the leak check of the tests).
        period_ns: the period in integer nanoseconds (> 0).
        tick: called with the number of periods since the previous tick (1 normally, more after an overrun;
            the first tick gets 1: it covers the first period).
        clock: a monotonic clock in ns (a fake one in tests).
        wait: waits up to the given seconds and returns True when the thread must stop; default: the stop
            event's ``wait`` (wakes at once on :meth:`stop`). Tests pass one that advances a fake clock.

    Attributes:
        ticks: ticks run. overruns: periods skipped because a tick ran past the next deadline.
        late: ticks that started more than ``late_tolerance_ns`` after their deadline.
        error: the exception that ended the thread, if ``tick`` raised (the thread then stops).
    """

    def __init__(self, name: str, period_ns: int, tick: Callable[[int], None], *,
                 clock: Callable[[], int] = time.monotonic_ns, wait: Callable[[float], bool] | None = None,
                 late_tolerance_ns: int | None = None) -> None:
        if period_ns <= 0:
            raise ValueError(f"the period must be positive, not {period_ns} ns")
        self.name = name
        self.period_ns = period_ns
        self.ticks = 0
        self.overruns = 0
        self.late = 0
        self.error: BaseException | None = None
        self._tick = tick
        self._clock = clock
        self._stop = threading.Event()
        self._wait = wait if wait is not None else self._stop.wait
        self._late_tolerance_ns = period_ns // 10 if late_tolerance_ns is None else late_tolerance_ns
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> PeriodicThread:
        if self._thread is not None:
            raise RuntimeError(f"periodic thread '{self.name}' is already running")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop and join the thread (a tick in progress finishes first)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> PeriodicThread:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def run_slots(self, stop_after: int) -> None:
        """Run the loop on the calling thread until ``stop_after`` ticks ran (for fake-clock tests)."""
        self._loop(stop_after)

    def _run(self) -> None:
        self._loop(None)

    def _loop(self, stop_after: int | None) -> None:
        period = self.period_ns
        start = self._clock()
        slot = 1  # the first tick falls due one period after the start: it covers that period
        previous = 0
        try:
            while not self._stop.is_set() and (stop_after is None or self.ticks < stop_after):
                due = start + slot * period
                remaining = due - self._clock()
                if remaining > 0 and self._wait(remaining / 1e9):
                    break
                began = self._clock()
                if began - due > self._late_tolerance_ns:
                    self.late += 1
                self._tick(slot - previous)
                self.ticks += 1
                previous = slot
                finished = self._clock()
                next_slot = (finished - start) // period + 1
                if next_slot > slot + 1:
                    self.overruns += int(next_slot - slot - 1)
                slot = max(slot + 1, int(next_slot))
        except BaseException as exc:  # noqa: BLE001 - the owner reads it from .error; the thread must not die loudly
            self.error = exc
