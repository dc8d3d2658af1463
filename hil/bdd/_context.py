"""The scenario context behind the steps: resolves names, parses values, judges timed conditions.

Steps stay one-liners that call this, so the same vocabulary is usable from plain Python tests.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from hil.bdd._values import Expectation, format_value, parse_expectation, parse_value
from hil.errors import InputError, ScenarioFailure, SourceLocation
from hil.kernel import Kernel, Sample, signal_key, tag_key
from hil.rig import SignalRef, TagRef
from hil.units import format_duration, parse_duration

__all__ = ["ScenarioContext"]


class _Cursor(Protocol):
    location: SourceLocation | None
    text: str


class Driver(Protocol):
    """What runs the kernel's cycles: :class:`~hil.kernel.Kernel` itself, or a real-time loop."""

    @property
    def now_ns(self) -> int: ...

    def run_until(self, condition: Callable[[Sample], bool], timeout_ns: int) -> tuple[bool, Sample]: ...

    def exclusive(self) -> AbstractContextManager[object]: ...


class _NoCursor:
    location: SourceLocation | None = None
    text = ""


class ScenarioContext:
    """One scenario's view of the line: the kernel plus the feature-file location of the running step."""

    def __init__(self, kernel: Kernel, *, driver: Driver | None = None, plot_path: Path | None = None) -> None:
        """``driver`` runs the kernel: the kernel itself in virtual time, a RealTimeLoop on a HIL rig."""
        self.kernel = kernel
        self.driver: Driver = driver if driver is not None else kernel
        self.plot_path = plot_path
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

    # -- names and values -----------------------------------------------------------------------
    def resolve(self, name: str) -> TagRef | SignalRef:
        ref = self.kernel.rig.resolve(name.strip(), where=self.step_location)
        if isinstance(ref, TagRef):
            with self.driver.exclusive():
                self.kernel.watch(ref)
        return ref

    def _key(self, ref: TagRef | SignalRef) -> str:
        return tag_key(ref.plc, ref.tag) if isinstance(ref, TagRef) else signal_key(ref.plant, ref.signal.name)

    def _duration(self, text: str) -> int:
        return parse_duration(text, where=self.step_location)

    # -- acting ---------------------------------------------------------------------------------
    def set(self, name: str, value_text: str) -> None:
        """``<name> is set to <value>``: write a PLC tag, or set a plant signal."""
        ref = self.resolve(name)
        value = parse_value(value_text, ref, where=self.step_location)
        try:
            with self.driver.exclusive():
                if isinstance(ref, TagRef):
                    self.kernel.write_tag(ref, value)
                else:
                    self.kernel.set_signal(ref, value)
        except InputError as exc:
            raise type(exc)(exc.message, where=self.step_location, suggestions=exc.suggestions) from None

    # -- judging --------------------------------------------------------------------------------
    def expect_within(self, name: str, expected_text: str, duration_text: str) -> int:
        """``<name> is <value> within <duration>``; returns the reaction time in ns."""
        ref = self.resolve(name)
        expected = parse_expectation(expected_text, ref, where=self.step_location)
        timeout = self._duration(duration_text)
        key = self._key(ref)
        start = self.driver.now_ns
        ok, sample = self.driver.run_until(lambda s: expected.matches(s.values.get(key)), timeout)
        if not ok:
            raise ScenarioFailure(self._message(
                f"{name} was not {expected.text} within {duration_text.strip()}",
                expected, sample, key, start,
            ))
        return sample.t_ns - start

    def expect_stays(self, name: str, expected_text: str, duration_text: str) -> None:
        """``<name> stays <value> for <duration>``: true in every cycle of the window, both ends included."""
        ref = self.resolve(name)
        expected = parse_expectation(expected_text, ref, where=self.step_location)
        duration = self._duration(duration_text)
        key = self._key(ref)
        start = self.driver.now_ns
        broke, sample = self.driver.run_until(lambda s: not expected.matches(s.values.get(key)), duration)
        if broke:
            raise ScenarioFailure(self._message(
                f"{name} did not stay {expected.text} for {duration_text.strip()}: it changed after "
                f"{format_duration(sample.t_ns - start)}",
                expected, sample, key, start,
            ))

    def _message(self, headline: str, expected: Expectation, sample: Sample, key: str, start: int) -> str:
        cycle = format_duration(self.kernel.cycle_ns)
        lines = [
            headline,
            f"  expected: {expected.text}",
            f"  observed: {format_value(sample.values.get(key))} at t = {format_duration(sample.t_ns)} "
            f"(cycle {sample.cycle}, {format_duration(sample.t_ns - start)} after the step began "
            f"at t = {format_duration(start)})",
            f"  timing resolution: one PLC cycle = {cycle}",
        ]
        if self.step_location is not None:
            lines.append(f"  step: {self.step_location}: {self.step_text}")
        if self.plot_path is not None:
            lines.append(f"  trace: {self.plot_path} (with .csv and .vcd beside it)")
        return "\n".join(lines)
