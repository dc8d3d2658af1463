"""The scenario context behind the steps: the kernel, the driver that runs it, the running step.

Steps compile their words into actions (hil.bdd._phrases → hil.bdd._acting, hil.bdd._judging) that
hold their own logic; this context gives them what every step shares: the running step's location,
the driver, observing a tag or signal, and failure messages with the evidence. The text methods at
the end (``set``, ``expect_within``, ``expect_stays``) give the same vocabulary to plain Python tests.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from hil.bdd._acting import SetValue
from hil.bdd._judging import CheckStays, CheckWithin
from hil.bdd._observation import VacuousCheck, resolution_text
from hil.bdd._values import format_value, parse_expectation, parse_value
from hil.errors import InputError, PlcError, ScenarioFailure, SourceLocation
from hil.kernel import Kernel, Key, MonitorState, Sample, key_of
from hil.rig import SignalRef, TagRef
from hil.units import format_duration, parse_duration

__all__ = ["Driver", "ScenarioContext", "StepTiming"]

Ref = TagRef | SignalRef


class _Cursor(Protocol):
    location: SourceLocation | None
    text: str


class Driver(Protocol):
    """What runs the kernel's cycles: :class:`~hil.kernel.Kernel` itself, or a real-time loop."""

    @property
    def now_ns(self) -> int: ...

    def run_until(self, condition: Callable[[Sample], bool], timeout_ns: int) -> tuple[bool, Sample]: ...

    def exclusive(self) -> AbstractContextManager[object]: ...


@dataclass(frozen=True)
class StepTiming:
    """One step of the scenario: where it is written, its words, its virtual start and end, how it went."""

    location: str
    text: str
    start_ns: int
    end_ns: int
    status: str


class _NoCursor:
    location: SourceLocation | None = None
    text = ""


class ScenarioContext:
    """One scenario's view of the line: the kernel plus the feature-file location of the running step."""

    def __init__(self, kernel: Kernel, *, driver: Driver | None = None, plot_path: Path | None = None,
                 strict: bool = False) -> None:
        """``driver`` runs the kernel: the kernel itself in virtual time, a RealTimeLoop on a HIL rig.
        ``strict`` (``--hil-strict``): a judging step decided at its first sample fails instead of being noted."""
        self.kernel = kernel
        self.driver: Driver = driver if driver is not None else kernel
        self.plot_path = plot_path
        self.strict = strict
        self.reaction_times: list[tuple[str, int]] = []  # (step, ns) of every passed 'within' check
        self.timeline: list[StepTiming] = []
        self.first_sample_decisions: list[str] = []  # 'file:line: step: why', for the run's summary
        # The sample of the last stimulus's instant, before the PLCs answered it; kept while only 'within'-like
        # checks follow (each judges the reaction to that stimulus), dropped once the line runs on.
        self.before_stimulus: Sample | None = None
        self.acts_before: Sample | None = None  # the line before the first of the acts not yet judged
        self._monitors: list[tuple[MonitorState, dict[str, int], int, SourceLocation | None, str]] = []
        self._cursor: _Cursor = _NoCursor()

    def bind_cursor(self, cursor: _Cursor) -> None:
        """Follow ``cursor`` (kept up to date by the test runner) for the running step's location."""
        self._cursor = cursor

    @property
    def step_location(self) -> SourceLocation | None:
        return self._cursor.location

    @property
    def step_text(self) -> str:
        return self._cursor.text

    @contextlib.contextmanager
    def timed_step(self) -> Iterator[None]:
        """Record the running step in :attr:`timeline` with its virtual start and end, however it ends."""
        start, status = self.driver.now_ns, "failed"
        try:
            yield
            status = "passed"
        finally:
            self.timeline.append(StepTiming(str(self.step_location or ""), self.step_text, start,
                                               self.driver.now_ns, status))

    # -- what actions share -----------------------------------------------------------------------
    def watch(self, ref: Ref) -> Key:
        """Observe ``ref`` every cycle from now on; its key in the samples."""
        with self.driver.exclusive():
            self.kernel.watch(ref)
        return key_of(ref)

    def sample(self) -> Sample:
        """The sample of this instant, taken under the driver's lock (a real-time loop samples concurrently)."""
        with self.driver.exclusive():
            return self.kernel.sample()

    def run_until(self, condition: Callable[[Sample], bool], timeout_ns: int) -> tuple[bool, Sample]:
        """Run the line (through the driver) until ``condition`` or ``timeout_ns``; then check the monitors."""
        try:
            outcome = self.driver.run_until(condition, timeout_ns)
        except PlcError as exc:  # a PLC failed mid-step: say which step was running, keep the driver's words
            raise self._during_step(exc) from exc
        self._check_monitors()
        return outcome

    def _during_step(self, exc: PlcError) -> PlcError:
        if self.step_location is None:
            return exc
        return type(exc)(f"{exc}\n  during step: {self.step_location}: {self.step_text} "
                         f"(t = {format_duration(self.kernel.now_ns)}, cycle {self.kernel.cycle})")

    def located(self, action: Callable[[], None]) -> None:
        """Run ``action`` on the line; an input error from below gets this step's feature-file location."""
        if self.acts_before is None:  # the first act since the line last ran: the state the PLC is to react to
            self.acts_before = self.kernel.latest()
        try:
            with self.driver.exclusive():
                action()
        except InputError as exc:
            if exc.where is not None:
                raise
            raise type(exc)(exc.message, where=self.step_location, suggestions=exc.suggestions) from None

    def decided_at_first_sample(self, why: str) -> None:
        """A judging step passed on its first sample without proving what it says: noted for the summary,
        a failure under ``--hil-strict``."""
        if self.strict:
            raise VacuousCheck(f"decided at its first sample: {why} (--hil-strict)", where=self.step_location)
        self.first_sample_decisions.append(f"{self.step_location}: {self.step_text}: {why}")

    def start_monitor(self, monitor: MonitorState, plcs: set[str]) -> None:
        """Check ``monitor`` on every sample until the scenario ends (:meth:`finish`)."""
        with self.driver.exclusive():
            self.kernel.monitors.append(monitor)
        scans = {plc: self.kernel.scans(plc) for plc in plcs}
        self._monitors.append((monitor, scans, self.kernel.cycle, self.step_location, self.step_text))

    def finish(self) -> None:
        """The scenario's steps all passed: let every PLC answer the last stimulus, then judge the monitors
        up to this instant, and refuse any that saw less than one scan."""
        kernel = self.kernel
        stimulus = kernel.pending_stimulus()
        if stimulus is not None:
            cap = 10 * max(kernel.scan_cycles_ns.values()) + kernel.cycle_ns
            self.run_until(lambda s: kernel.settled(), cap)
        else:
            with self.driver.exclusive():
                kernel.sample()
            self._check_monitors()
        idle = kernel.idle()
        for _monitor, scans, cycle, location, text in self._monitors:
            counts = [kernel.cycle - cycle if plc in idle else kernel.scans(plc) - n for plc, n in scans.items()]
            if min(counts, default=kernel.cycle - cycle) < 1:
                raise VacuousCheck(f"'{text}' was checked on no complete scan before the scenario ended "
                                   f"(t = {format_duration(kernel.now_ns)}); it proves nothing", where=location)

    def _check_monitors(self) -> None:
        for monitor in self.kernel.monitors:
            if monitor.violation is not None:
                sample = monitor.violation
                self.kernel.monitors.remove(monitor)
                raise ScenarioFailure("\n".join([
                    f"throughout the scenario {monitor.text}: broken at t = {format_duration(sample.t_ns)} "
                    f"(cycle {sample.cycle})", *self.footer()]))

    # -- messages ---------------------------------------------------------------------------------
    def footer(self, plcs: set[str] | frozenset[str] = frozenset()) -> list[str]:
        lines = [f"  {resolution_text(self, plcs)}"]
        if self.step_location is not None:
            lines.append(f"  step: {self.step_location}: {self.step_text}")
        if self.plot_path is not None:
            lines.append(f"  trace: {self.plot_path} (with .csv and .vcd beside it)")
        return lines

    def report(self, headline: str, expected: str, sample: Sample, keys: list[Key], start: int) -> str:
        """A failure message: what was expected, what was observed when, and where the evidence is."""
        observed = ", ".join(format_value(sample.values.get(k)) for k in keys)
        plcs: set[str] = set()
        for key in keys:
            if key.ref is not None:
                plcs |= self.kernel.owners(key.ref)
        return "\n".join([
            headline,
            f"  expected: {expected}",
            f"  observed: {observed} at t = {format_duration(sample.t_ns)} (cycle {sample.cycle}, "
            f"{format_duration(sample.t_ns - start)} after the step began at t = {format_duration(start)})",
            *self.footer(plcs),
        ])

    # -- the same vocabulary from Python ----------------------------------------------------------
    def resolve(self, name: str) -> Ref:
        return self.kernel.rig.resolve(name.strip(), where=self.step_location)

    def set(self, name: str, value_text: str) -> None:
        """``<name> is set to <value>``: write a PLC tag, or set a plant signal."""
        ref = self.resolve(name)
        SetValue(ref, parse_value(value_text, ref, where=self.step_location)).run(self)

    def expect_within(self, name: str, expected_text: str, duration_text: str) -> int:
        """``<name> is <value> within <duration>``; returns the reaction time in ns."""
        ref = self.resolve(name)
        expected = parse_expectation(expected_text, ref, where=self.step_location)
        return CheckWithin(ref, expected, parse_duration(duration_text, where=self.step_location)).reaction_ns(self)

    def expect_stays(self, name: str, expected_text: str, duration_text: str) -> None:
        """``<name> stays <value> for <duration>``: true in every cycle of the window, both ends included."""
        ref = self.resolve(name)
        expected = parse_expectation(expected_text, ref, where=self.step_location)
        CheckStays(ref, expected, parse_duration(duration_text, where=self.step_location)).run(self)
