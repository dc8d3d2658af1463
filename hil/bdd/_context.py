"""The scenario context behind the steps: acts on the line and judges timed conditions.

Steps compile their words into actions (hil.bdd._phrases) that call the primitives here; the text
methods at the end (``set``, ``expect_within``, ``expect_stays``) give the same vocabulary to plain
Python tests.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from hil.bdd._conditions import Condition
from hil.bdd._values import Expectation, format_value, parse_expectation, parse_value
from hil.errors import (
    ConfigError,
    HilError,
    InputError,
    PlcError,
    ScenarioFailure,
    SourceLocation,
    UnknownNameError,
)
from hil.kernel import CommFault, DeviceFault, Fault, Forced, Kernel, MonitorState, Sample, SignalFault, StuckAt, key_of
from hil.rig import SignalRef, TagRef
from hil.units import format_duration, parse_duration

__all__ = ["Driver", "ScenarioContext", "StepTiming"]

Ref = TagRef | SignalRef
Value = bool | int | float
NEVER_WHILE_CAP_NS = 3600 * 1_000_000_000  # 'never ... while <condition>' runs at most 1 h of virtual time


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


def name_of(ref: Ref) -> str:
    return ref.tag.name if isinstance(ref, TagRef) else f"{ref.plant}.{ref.signal.name}"


class ScenarioContext:
    """One scenario's view of the line: the kernel plus the feature-file location of the running step."""

    def __init__(self, kernel: Kernel, *, driver: Driver | None = None, plot_path: Path | None = None) -> None:
        """``driver`` runs the kernel: the kernel itself in virtual time, a RealTimeLoop on a HIL rig."""
        self.kernel = kernel
        self.driver: Driver = driver if driver is not None else kernel
        self.plot_path = plot_path
        self.reaction_times: list[tuple[str, int]] = []  # (step, ns) of every passed 'within' check
        self.timeline: list[StepTiming] = []
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

    # -- running the line -------------------------------------------------------------------------
    def _watch(self, ref: Ref) -> str:
        with self.driver.exclusive():
            self.kernel.watch(ref)
        return key_of(ref)

    def _run_until(self, condition: Callable[[Sample], bool], timeout_ns: int) -> tuple[bool, Sample]:
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

    def _located(self, action: Callable[[], None]) -> None:
        """Run ``action``; an input error from below gets this step's feature-file location."""
        try:
            with self.driver.exclusive():
                action()
        except InputError as exc:
            if exc.where is not None:
                raise
            raise type(exc)(exc.message, where=self.step_location, suggestions=exc.suggestions) from None

    # -- acting -----------------------------------------------------------------------------------
    def set_value(self, ref: Ref, value: Value) -> None:
        """Write a PLC tag now, or set a plant signal."""
        if isinstance(ref, TagRef):
            self._located(lambda: self.kernel.write_tag(ref, value))
        else:
            self._located(lambda: self.kernel.set_signal(ref, value))

    def _current(self, ref: Ref) -> Value:
        key = self._watch(ref)
        value = self.kernel.sample().values.get(key)
        if value is None:
            raise HilError(f"'{name_of(ref)}' has not been observed yet")
        return value

    def pulse(self, ref: Ref, value: Value, duration_ns: int) -> None:
        """Set ``value`` for ``duration_ns`` of line time, then restore what it was (a BOOL: the opposite)."""
        before = (not value) if isinstance(value, bool) else self._current(ref)
        self.set_value(ref, value)
        self.wait(duration_ns)
        self.set_value(ref, before)

    def _force_name(self, ref: Ref) -> str:
        return f"force {name_of(ref)}"

    def force(self, ref: Ref, value: Value) -> None:
        """Hold a wired tag (its raw value) or a wired plant signal at ``value`` until released."""
        if isinstance(ref, TagRef):
            wire = self.kernel.rig.wire_for_tag(ref.plc, ref.tag)
            fault: Fault | None = Forced(self._force_name(ref), signal=wire.signal_path, raw=value) if wire else None
        else:
            wire = self.kernel.rig.wire_for_signal(ref.plant, ref.signal)
            fault = StuckAt(self._force_name(ref), signal=wire.signal_path, value=value) if wire else None
        if fault is None:
            raise ConfigError(f"'{name_of(ref)}' is not wired between plant and PLC; only wired tags and signals can "
                              "be forced (set it instead)", where=self.step_location)
        self._located(lambda: self.kernel.inject(fault))

    def release(self, ref: Ref) -> None:
        self._located(lambda: self.kernel.clear(self._force_name(ref)))

    def wait(self, duration_ns: int) -> None:
        self._run_until(lambda sample: False, duration_ns)

    def wait_until(self, condition: Condition, timeout_ns: int) -> None:
        for clause in condition.clauses:
            self._watch(clause.ref)
        start = self.driver.now_ns
        ok, sample = self._run_until(condition.holds, timeout_ns)
        if not ok:
            raise ScenarioFailure(self._report(f"{condition.text} did not happen within {format_duration(timeout_ns)}",
                                               condition.text, sample, [c.key for c in condition.clauses], start))

    def inject(self, fault: Fault, duration_ns: int | None = None) -> None:
        if duration_ns is not None:
            fault.end_ns = self.driver.now_ns + duration_ns
        self._located(lambda: self.kernel.inject(fault))

    def clear_faults(self, subject: str | None) -> None:
        """End the active faults on a signal or PLC (``None``: all of them)."""
        now = self.driver.now_ns
        active = [f for f in self.kernel.faults.values() if f.active(now)]
        chosen = [f for f in active if subject is None or (isinstance(f, SignalFault) and f.signal == subject)
                  or (isinstance(f, CommFault) and f.plc == subject) or (isinstance(f, DeviceFault) and f.plant == subject)]
        if subject is not None and not chosen:
            raise UnknownNameError(f"no active fault on '{subject}'", where=self.step_location,
                                   suggestions=[getattr(f, "signal", "") or getattr(f, "plc", "") or getattr(f, "plant", "")
                                                for f in active][:3])
        for fault in chosen:
            self._located(lambda name=fault.name: self.kernel.clear(name))  # type: ignore[misc]

    def monitor(self, condition: Condition) -> None:
        """Check ``condition`` on every cycle until the scenario ends."""
        for clause in condition.clauses:
            self._watch(clause.ref)
        with self.driver.exclusive():
            self.kernel.monitors.append(MonitorState(condition.holds, condition.text))

    def _check_monitors(self) -> None:
        for monitor in self.kernel.monitors:
            if monitor.violation is not None:
                sample = monitor.violation
                self.kernel.monitors.remove(monitor)
                raise ScenarioFailure("\n".join([
                    f"throughout the scenario {monitor.text}: broken at t = {format_duration(sample.t_ns)} "
                    f"(cycle {sample.cycle})", *self._footer()]))

    # -- judging ----------------------------------------------------------------------------------
    def check_within(self, ref: Ref, expected: Expectation, duration_ns: int) -> int:
        """Run until ``ref`` is as expected (at most ``duration_ns``); returns the reaction time in ns."""
        key = self._watch(ref)
        start = self.driver.now_ns
        ok, sample = self._run_until(lambda s: expected.matches(s.values.get(key)), duration_ns)
        if not ok:
            raise ScenarioFailure(self._report(f"{name_of(ref)} was not {expected.text} within "
                                               f"{format_duration(duration_ns)}", expected.text, sample, [key], start))
        self.reaction_times.append((self.step_text, sample.t_ns - start))
        return sample.t_ns - start

    def check_stays(self, ref: Ref, expected: Expectation, duration_ns: int) -> None:
        key = self._watch(ref)
        start = self.driver.now_ns
        broke, sample = self._run_until(lambda s: not expected.matches(s.values.get(key)), duration_ns)
        if broke:
            raise ScenarioFailure(self._report(
                f"{name_of(ref)} did not stay {expected.text} for {format_duration(duration_ns)}: it changed after "
                f"{format_duration(sample.t_ns - start)}", expected.text, sample, [key], start))

    def check_now(self, ref: Ref, expected: Expectation) -> None:
        key = self._watch(ref)
        sample = self.kernel.sample()
        if not expected.matches(sample.values.get(key)):
            raise ScenarioFailure(self._report(f"{name_of(ref)} is not {expected.text}", expected.text, sample, [key],
                                               sample.t_ns))

    def check_after_scans(self, ref: Ref, expected: Expectation, scans: int) -> None:
        key = self._watch(ref)
        start = self.driver.now_ns
        self.wait(scans * self.kernel.cycle_ns)
        sample = self.kernel.sample()
        if not expected.matches(sample.values.get(key)):
            raise ScenarioFailure(self._report(f"{name_of(ref)} was not {expected.text} after {scans} scans",
                                               expected.text, sample, [key], start))

    def check_never(self, ref: Ref, expected: Expectation, condition: Condition | None, duration_ns: int | None) -> None:
        """Fail if ``ref`` becomes as named while ``condition`` holds, or during the next ``duration_ns``."""
        key = self._watch(ref)
        start = self.driver.now_ns
        if condition is None:
            assert duration_ns is not None
            hit, sample = self._run_until(lambda s: expected.matches(s.values.get(key)), duration_ns)
            window = f"during the next {format_duration(duration_ns)}"
        else:
            for clause in condition.clauses:
                self._watch(clause.ref)

            def breaks_or_ends(s: Sample) -> bool:
                holds = condition.holds(s)
                return not holds or expected.matches(s.values.get(key))

            ended, sample = self._run_until(breaks_or_ends, NEVER_WHILE_CAP_NS)
            window = f"while {condition.text}"
            if not ended:
                raise InputError(f"'{condition.text}' still held after 1 h of virtual time; bound the check with "
                                 "'during the next <duration>'", where=self.step_location)
            # A violation is the value as named while the condition still holds; if both change in the same
            # scan (the cause ends as the effect acts), the effect came in time.
            hit = condition.holds(sample) and expected.matches(sample.values.get(key))
        if hit:
            raise ScenarioFailure(self._report(f"{name_of(ref)} became {expected.text} {window}", f"never {expected.text}",
                                               sample, [key], start))

    def check_edge(self, ref: Ref, rising: bool, duration_ns: int) -> None:
        """A BOOL goes off→on (``rising``) or on→off within ``duration_ns``: it must first be in the other state."""
        key = self._watch(ref)
        start = self.driver.now_ns
        seen_before = [False]

        def edge(sample: Sample) -> bool:
            value = sample.values.get(key)
            if value is None:
                return False
            if bool(value) is not rising:
                seen_before[0] = True
                return False
            return seen_before[0]

        ok, sample = self._run_until(edge, duration_ns)
        if not ok:
            word = "rise" if rising else "fall"
            raise ScenarioFailure(self._report(f"{name_of(ref)} did not {word} within {format_duration(duration_ns)}",
                                               f"a change to {'on' if rising else 'off'}", sample, [key], start))

    # -- messages ---------------------------------------------------------------------------------
    def _footer(self) -> list[str]:
        lines = [f"  timing resolution: one PLC cycle = {format_duration(self.kernel.cycle_ns)}"]
        if self.step_location is not None:
            lines.append(f"  step: {self.step_location}: {self.step_text}")
        if self.plot_path is not None:
            lines.append(f"  trace: {self.plot_path} (with .csv and .vcd beside it)")
        return lines

    def _report(self, headline: str, expected: str, sample: Sample, keys: list[str], start: int) -> str:
        observed = ", ".join(format_value(sample.values.get(k)) for k in keys)
        return "\n".join([
            headline,
            f"  expected: {expected}",
            f"  observed: {observed} at t = {format_duration(sample.t_ns)} (cycle {sample.cycle}, "
            f"{format_duration(sample.t_ns - start)} after the step began at t = {format_duration(start)})",
            *self._footer(),
        ])

    # -- the same vocabulary from Python ----------------------------------------------------------
    def resolve(self, name: str) -> Ref:
        return self.kernel.rig.resolve(name.strip(), where=self.step_location)

    def set(self, name: str, value_text: str) -> None:
        """``<name> is set to <value>``: write a PLC tag, or set a plant signal."""
        ref = self.resolve(name)
        self.set_value(ref, parse_value(value_text, ref, where=self.step_location))

    def expect_within(self, name: str, expected_text: str, duration_text: str) -> int:
        """``<name> is <value> within <duration>``; returns the reaction time in ns."""
        ref = self.resolve(name)
        expected = parse_expectation(expected_text, ref, where=self.step_location)
        return self.check_within(ref, expected, parse_duration(duration_text, where=self.step_location))

    def expect_stays(self, name: str, expected_text: str, duration_text: str) -> None:
        """``<name> stays <value> for <duration>``: true in every cycle of the window, both ends included."""
        ref = self.resolve(name)
        expected = parse_expectation(expected_text, ref, where=self.step_location)
        self.check_stays(ref, expected, parse_duration(duration_text, where=self.step_location))
