"""Steps that judge: each check runs the line as long as it needs and decides on the samples.

A check is a small value object built by the phrase compiler (hil.bdd._phrases); ``run`` holds its
whole logic and raises :class:`~hil.errors.ScenarioFailure` with the evidence when it fails.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hil.bdd._acting import Wait, name_of
from hil.bdd._conditions import Condition
from hil.bdd._values import Expectation
from hil.errors import InputError, ScenarioFailure
from hil.kernel import Sample
from hil.rig import SignalRef, TagRef
from hil.units import format_duration

if TYPE_CHECKING:
    from hil.bdd._context import ScenarioContext

__all__ = ["NEVER_WHILE_CAP_NS", "CheckAfterScans", "CheckEdge", "CheckNever", "CheckNow", "CheckStays", "CheckWithin"]

Ref = TagRef | SignalRef
NEVER_WHILE_CAP_NS = 3600 * 1_000_000_000  # 'never ... while <condition>' runs at most 1 h of virtual time


@dataclass(frozen=True)
class CheckWithin:
    """Run until ``ref`` is as expected, at most ``duration_ns``; the reaction time is recorded."""

    ref: Ref
    expectation: Expectation
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        self.reaction_ns(context)

    def reaction_ns(self, context: ScenarioContext) -> int:
        key, expected = context.watch(self.ref), self.expectation
        start = context.driver.now_ns
        ok, sample = context.run_until(lambda s: expected.matches(s.values.get(key)), self.duration_ns)
        if not ok:
            raise ScenarioFailure(context.report(f"{name_of(self.ref)} was not {expected.text} within "
                                                 f"{format_duration(self.duration_ns)}", expected.text, sample, [key], start))
        context.reaction_times.append((context.step_text, sample.t_ns - start))
        return sample.t_ns - start


@dataclass(frozen=True)
class CheckStays:
    """Run ``duration_ns``; fail at the first sample where ``ref`` is not as expected."""

    ref: Ref
    expectation: Expectation
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        key, expected = context.watch(self.ref), self.expectation
        start = context.driver.now_ns
        broke, sample = context.run_until(lambda s: not expected.matches(s.values.get(key)), self.duration_ns)
        if broke:
            raise ScenarioFailure(context.report(
                f"{name_of(self.ref)} did not stay {expected.text} for {format_duration(self.duration_ns)}: it changed "
                f"after {format_duration(sample.t_ns - start)}", expected.text, sample, [key], start))


@dataclass(frozen=True)
class CheckNow:
    """The value at this instant, without running the line."""

    ref: Ref
    expectation: Expectation

    def run(self, context: ScenarioContext) -> None:
        key, expected = context.watch(self.ref), self.expectation
        sample = context.kernel.sample()
        if not expected.matches(sample.values.get(key)):
            raise ScenarioFailure(context.report(f"{name_of(self.ref)} is not {expected.text}", expected.text, sample,
                                                 [key], sample.t_ns))


@dataclass(frozen=True)
class CheckAfterScans:
    ref: Ref
    expectation: Expectation
    scans: int

    def run(self, context: ScenarioContext) -> None:
        key, expected = context.watch(self.ref), self.expectation
        start = context.driver.now_ns
        Wait(self.scans * context.kernel.cycle_ns).run(context)
        sample = context.kernel.sample()
        if not expected.matches(sample.values.get(key)):
            raise ScenarioFailure(context.report(f"{name_of(self.ref)} was not {expected.text} after {self.scans} scans",
                                                 expected.text, sample, [key], start))


@dataclass(frozen=True)
class CheckNever:
    """Fail if ``ref`` becomes as named while ``condition`` holds, or during the next ``duration_ns``."""

    ref: Ref
    expectation: Expectation
    condition: Condition | None
    duration_ns: int | None

    def run(self, context: ScenarioContext) -> None:
        key, expected, condition = context.watch(self.ref), self.expectation, self.condition
        start = context.driver.now_ns
        if condition is None:
            assert self.duration_ns is not None
            hit, sample = context.run_until(lambda s: expected.matches(s.values.get(key)), self.duration_ns)
            window = f"during the next {format_duration(self.duration_ns)}"
        else:
            for clause in condition.clauses:
                context.watch(clause.ref)

            def breaks_or_ends(s: Sample) -> bool:
                return not condition.holds(s) or expected.matches(s.values.get(key))

            ended, sample = context.run_until(breaks_or_ends, NEVER_WHILE_CAP_NS)
            window = f"while {condition.text}"
            if not ended:
                raise InputError(f"'{condition.text}' still held after 1 h of virtual time; bound the check with "
                                 "'during the next <duration>'", where=context.step_location)
            # A violation is the value as named while the condition still holds; if both change in the same
            # scan (the cause ends as the effect acts), the effect came in time.
            hit = condition.holds(sample) and expected.matches(sample.values.get(key))
        if hit:
            raise ScenarioFailure(context.report(f"{name_of(self.ref)} became {expected.text} {window}",
                                                 f"never {expected.text}", sample, [key], start))


@dataclass(frozen=True)
class CheckEdge:
    """A BOOL goes off→on (``rising``) or on→off within ``duration_ns``: it must first be in the other state."""

    ref: Ref
    rising: bool
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        key, rising = context.watch(self.ref), self.rising
        start = context.driver.now_ns
        seen_before = [False]

        def edge(sample: Sample) -> bool:
            value = sample.values.get(key)
            if value is None:
                return False
            if bool(value) is not rising:
                seen_before[0] = True
                return False
            return seen_before[0]

        ok, sample = context.run_until(edge, self.duration_ns)
        if not ok:
            word = "rise" if rising else "fall"
            raise ScenarioFailure(context.report(f"{name_of(self.ref)} did not {word} within "
                                                 f"{format_duration(self.duration_ns)}",
                                                 f"a change to {'on' if rising else 'off'}", sample, [key], start))
