"""Real time: the kernel's cycle on a dedicated thread at a fixed period, for real PLCs on a HIL rig.

Each period the loop sleeps until shortly before the deadline, spins the last few hundred
microseconds (sleep alone wakes up too late on a loaded machine), then runs one exchange: step the
plants to this slot's time and write the sensors, sample, and evaluate the conditions steps are
waiting on. It counts every *late* start (more than ``late_tolerance`` after its deadline) and every
*overrun* (an exchange that ran past the next deadline). Missed slots are skipped, not bunched: the
next exchange steps the plants over all the time that passed, so the kernel's clock stays with the
PLC's, but the timing resolution was lost meanwhile. A scenario whose
overruns exceed the budget has no valid timing: :meth:`RealTimeLoop.verdict` says so, and the pytest
plugin reports it as an error, never as a pass.

The thread asks for SCHED_FIFO when the process may (root or CAP_SYS_NICE) and records why not
otherwise. Clock and sleep are injectable so the loop's bookkeeping is testable deterministically.
"""
from __future__ import annotations

import contextlib
import os
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from hil.errors import HilError, HilTimeoutError
from hil.kernel._kernel import Kernel
from hil.kernel._trace import Sample
from hil.units import format_duration

__all__ = ["CycleStats", "RealTimeLoop", "TimingInvalid"]


class TimingInvalid(HilError):
    """The loop could not keep its period: the scenario's verdict cannot be trusted."""


@dataclass
class CycleStats:
    """What the loop measured: start-to-start periods, late starts, overruns."""

    period_ns: int
    periods_ns: list[int] = field(default_factory=list)
    cycles: int = 0
    late: int = 0
    overruns: int = 0

    def percentile(self, q: float) -> int:
        if not self.periods_ns:
            return 0
        ordered = sorted(self.periods_ns)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def summary(self) -> str:
        if not self.periods_ns:
            return f"{self.cycles} cycles at {format_duration(self.period_ns)}"
        return (f"{self.cycles} cycles at {format_duration(self.period_ns)}: period p50 "
                f"{format_duration(int(statistics.median(self.periods_ns)))}, p99 {format_duration(self.percentile(0.99))}, "
                f"max {format_duration(max(self.periods_ns))}; {self.overruns} overruns, {self.late} late starts")


@dataclass
class _Waiter:
    condition: Callable[[Sample], bool]
    deadline_ns: int
    done: threading.Event = field(default_factory=threading.Event)
    satisfied: bool = False
    sample: Sample | None = None


class RealTimeLoop:
    """Drives ``kernel`` (built with ``real_time_cycle_ns``) in real time on its own thread."""

    def __init__(
        self,
        kernel: Kernel,
        *,
        overrun_budget: int = 0,
        spin_ns: int = 300_000,
        late_tolerance_ns: int | None = None,
        clock: Callable[[], int] = time.monotonic_ns,
        sleep: Callable[[float], None] = time.sleep,
        use_fifo: bool = True,
    ) -> None:
        if kernel.virtual:
            raise HilError("a real-time loop needs a kernel built for real time (real_time_cycle_ns)")
        self.kernel = kernel
        self.overrun_budget = overrun_budget
        self.stats = CycleStats(kernel.cycle_ns)
        self.scheduling = "not started"
        self._spin_ns = spin_ns
        self._late_tolerance_ns = kernel.cycle_ns // 10 if late_tolerance_ns is None else late_tolerance_ns
        self._clock, self._sleep, self._use_fifo = clock, sleep, use_fifo
        self._lock = threading.Lock()
        self._waiters: list[_Waiter] = []
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> RealTimeLoop:
        self._thread = threading.Thread(target=self._run, name="hil-realtime", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> RealTimeLoop:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def verdict(self) -> None:
        """Raise :class:`TimingInvalid` if the overrun budget was exceeded (or the loop failed)."""
        if self._error is not None:
            raise self._error
        if self.stats.overruns > self.overrun_budget:
            raise TimingInvalid(f"timing invalid: {self.stats.overruns} overruns exceed the budget of "
                                f"{self.overrun_budget} ({self.stats.summary()}; scheduling: {self.scheduling})")

    # -- the loop thread ------------------------------------------------------------------------
    def _request_fifo(self) -> None:
        if not self._use_fifo:
            self.scheduling = "SCHED_OTHER (not requested)"
            return
        try:
            os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(50))
            self.scheduling = "SCHED_FIFO priority 50"
        except (AttributeError, PermissionError, OSError) as exc:
            self.scheduling = f"SCHED_OTHER (SCHED_FIFO refused: {exc})"

    def _run(self) -> None:
        self._request_fifo()
        period = self.kernel.cycle_ns
        start = self._clock()
        slot = 0
        previous: int | None = None
        previous_slot: int | None = None
        try:
            while not self._stop.is_set():
                due = start + slot * period
                remaining = due - self._clock()
                if remaining > self._spin_ns:
                    self._sleep((remaining - self._spin_ns) / 1e9)
                while self._clock() < due:
                    pass  # spin the last stretch: sleep's wake-up is too coarse for a 1 ms period
                began = self._clock()
                if previous is not None:
                    self.stats.periods_ns.append(began - previous)
                previous = began
                if began - due > self._late_tolerance_ns:
                    self.stats.late += 1
                with self._lock:
                    self._exchange(0 if previous_slot is None else slot - previous_slot)
                previous_slot = slot
                self.stats.cycles += 1
                finished = self._clock()
                next_slot = slot + 1
                if finished > start + next_slot * period:
                    missed = (finished - start) // period - slot
                    self.stats.overruns += int(missed)
                    next_slot = int((finished - start) // period) + 1
                slot = next_slot
        except BaseException as exc:  # the scenario thread re-raises it from run_until / verdict
            self._error = exc
        finally:
            for waiter in self._waiters:
                waiter.done.set()

    def _exchange(self, periods: int) -> None:
        """Bring the plants to this slot's time (more than one period after an overrun), then observe."""
        if periods:
            self.kernel.advance(periods)
        sample = self.kernel.sample()
        for waiter in list(self._waiters):
            if waiter.condition(sample):
                waiter.satisfied, waiter.sample = True, sample
            elif sample.t_ns >= waiter.deadline_ns:
                waiter.sample = sample
            else:
                continue
            self._waiters.remove(waiter)
            waiter.done.set()

    # -- what steps call ------------------------------------------------------------------------
    @property
    def now_ns(self) -> int:
        return self.kernel.now_ns

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._lock:
            yield

    def run_until(self, condition: Callable[[Sample], bool], timeout_ns: int) -> tuple[bool, Sample]:
        """Wait, evaluated in the loop thread each cycle, for ``condition`` or ``timeout_ns`` of loop time."""
        with self._lock:
            waiter = _Waiter(condition, self.kernel.now_ns + timeout_ns)
            self._waiters.append(waiter)
        # A generous wall-clock guard: the loop answers at the deadline in loop time unless it died.
        if not waiter.done.wait(timeout=timeout_ns / 1e9 * 4 + 5.0) or waiter.sample is None:
            if self._error is not None:
                raise self._error
            raise HilTimeoutError(f"the real-time loop did not answer within {format_duration(timeout_ns)}")
        return waiter.satisfied, waiter.sample

    def run_for(self, duration_ns: int) -> None:
        self.run_until(lambda sample: False, duration_ns)
