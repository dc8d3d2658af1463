"""Steps that judge: each check settles, runs the line as long as it needs, and decides on samples.

A check is a small value object built by the phrase compiler (hil.bdd._phrases); ``run`` holds its
whole logic and raises :class:`~hil.errors.ScenarioFailure` with the evidence when it fails. Every
check starts with :func:`hil.bdd._observation.begin` (the observation model in docs/kernel.md): it
never decides on a sample taken before the PLCs involved scanned the last stimulus, its windows are
measured from that stimulus, and a check that covered less than one scan is a
:class:`~hil.bdd._observation.VacuousCheck`, never a pass.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hil.bdd._acting import name_of
from hil.bdd._conditions import Condition
from hil.bdd._observation import (
    NotProvable,
    Start,
    VacuousCheck,
    begin,
    require_provable,
    require_scans,
    require_window,
)
from hil.bdd._values import Expectation
from hil.errors import InputError, ScenarioFailure
from hil.kernel import Key, Sample
from hil.rig import SignalRef, TagRef
from hil.units import format_duration

if TYPE_CHECKING:
    from hil.bdd._context import ScenarioContext

__all__ = ["NEVER_WHILE_CAP_NS", "CheckAfterScans", "CheckEdge", "CheckNever", "CheckNow", "CheckStays", "CheckWithin"]

Ref = TagRef | SignalRef
NEVER_WHILE_CAP_NS = 3600 * 1_000_000_000  # 'never ... while <condition>' runs at most 1 h of virtual time
AFTER_SCANS_CAP = 1000  # cycles of the slowest PLC an 'after N scans' waits per scan before giving up


def _remaining(context: ScenarioContext, start: Start, duration_ns: int) -> int:
    """What is left of a window of ``duration_ns`` from the stimulus once the PLCs have answered it."""
    left = start.origin_ns + duration_ns - context.kernel.now_ns
    if left < 0:
        raise NotProvable(f"'{context.step_text}': the PLC's first scan after the stimulus ended "
                          f"{format_duration(context.kernel.now_ns - start.origin_ns)} after it, later than the window of "
                          f"{format_duration(duration_ns)}; no sample in the window shows the PLC's answer",
                          where=context.step_location)
    return left


def _held_since(context: ScenarioContext, key: Key, expected: Expectation, t_ns: int) -> bool:
    """Whether every sample of ``key`` from ``t_ns`` on (the trace) was already as expected: then no
    reaction was observed, whatever the PLC did."""
    trace = context.kernel.trace
    column = trace.columns.get(key)
    if column is None:
        return False
    first = bisect.bisect_left(trace.times_ns, t_ns)
    return first < len(column) and all(expected.matches(value) for value in column[first:])


@dataclass(frozen=True)
class CheckWithin:
    """Run until ``ref`` is as expected, at most ``duration_ns`` after the stimulus; the reaction time is
    recorded. Passing on the first sample while the value was already so before the last stimulus proves
    no reaction: the step is noted as decided at its first sample (a failure under ``--hil-strict``)."""

    ref: Ref
    expectation: Expectation
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        self.reaction_ns(context)

    def reaction_ns(self, context: ScenarioContext) -> int:
        key, expected = context.watch(self.ref), self.expectation
        start = begin(context, [self.ref])
        require_provable(context, start, self.duration_ns, "within")
        first_cycle = context.kernel.cycle
        ok, sample = context.run_until(lambda s: expected.matches(s.values.get(key)),
                                       _remaining(context, start, self.duration_ns))
        if not ok:
            raise ScenarioFailure(context.report(f"{name_of(self.ref)} was not {expected.text} within "
                                                 f"{format_duration(self.duration_ns)}", expected.text, sample, [key],
                                                 start.origin_ns))
        before = context.before_stimulus
        if sample.cycle == first_cycle and before is not None and _held_since(context, key, expected, before.t_ns):
            context.decided_at_first_sample(f"{name_of(self.ref)} was already {expected.text} before the last "
                                            f"stimulus (t = {format_duration(before.t_ns)}); 'within' proves no reaction "
                                            "(use 'stays' or 'never becomes')")
        context.reaction_times.append((context.step_text, sample.t_ns - start.origin_ns))
        return sample.t_ns - start.origin_ns


@dataclass(frozen=True)
class CheckStays:
    """From the stimulus for ``duration_ns``: fail at the first sample where ``ref`` is not as expected."""

    ref: Ref
    expectation: Expectation
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        key, expected = context.watch(self.ref), self.expectation
        start = begin(context, [self.ref])
        require_provable(context, start, self.duration_ns, "stays")
        require_window(context, start, self.duration_ns, f"'stays {expected.text} for {format_duration(self.duration_ns)}'")
        broke, sample = context.run_until(lambda s: not expected.matches(s.values.get(key)),
                                          _remaining(context, start, self.duration_ns))
        if broke:
            raise ScenarioFailure(context.report(
                f"{name_of(self.ref)} did not stay {expected.text} for {format_duration(self.duration_ns)}: it changed "
                f"after {format_duration(sample.t_ns - start.origin_ns)}", expected.text, sample, [key], start.origin_ns))
        require_scans(context, start, f"'stays {expected.text} for {format_duration(self.duration_ns)}'")
        context.before_stimulus = None  # a window ran: the next 'within' judges the state, not a reaction


@dataclass(frozen=True)
class CheckNow:
    """The value once the PLCs have answered the last stimulus (at once when there is none pending)."""

    ref: Ref
    expectation: Expectation

    def run(self, context: ScenarioContext) -> None:
        key, expected = context.watch(self.ref), self.expectation
        start = begin(context, [self.ref])
        sample = context.sample()
        if not expected.matches(sample.values.get(key)):
            raise ScenarioFailure(context.report(f"{name_of(self.ref)} is not {expected.text}", expected.text, sample,
                                                 [key], start.origin_ns))


@dataclass(frozen=True)
class CheckAfterScans:
    """Run until the PLC that owns ``ref`` has completed ``scans`` more scans, then check the value."""

    ref: Ref
    expectation: Expectation
    scans: int

    def run(self, context: ScenarioContext) -> None:
        key, expected, kernel = context.watch(self.ref), self.expectation, context.kernel
        plcs = kernel.owners(self.ref)
        origin = kernel.now_ns
        if kernel.pending_stimulus(plcs) is not None:  # the 'before' evidence of the checks that follow
            context.before_stimulus = context.acts_before or context.sample()
        context.acts_before = None
        goal = {plc: kernel.scans(plc) + self.scans for plc in plcs}
        cap = AFTER_SCANS_CAP * (self.scans + 1) * max(kernel.scan_cycles_ns[p] for p in plcs)
        done, sample = context.run_until(lambda s: all(kernel.scans(p) >= n for p, n in goal.items()), cap)
        if not done:
            raise ScenarioFailure(context.report(f"PLC {', '.join(sorted(plcs))} did not complete {self.scans} scans "
                                                 f"within {format_duration(cap)}", f"{self.scans} scans", sample, [key],
                                                 origin))
        if not expected.matches(sample.values.get(key)):
            raise ScenarioFailure(context.report(f"{name_of(self.ref)} was not {expected.text} after {self.scans} scans",
                                                 expected.text, sample, [key], origin))


@dataclass(frozen=True)
class CheckNever:
    """Fail if ``ref`` becomes as named while ``condition`` holds, or during the next ``duration_ns``."""

    ref: Ref
    expectation: Expectation
    condition: Condition | None
    duration_ns: int | None

    def run(self, context: ScenarioContext) -> None:
        key, expected, condition = context.watch(self.ref), self.expectation, self.condition
        refs = [self.ref, *(c.ref for c in condition.clauses)] if condition is not None else [self.ref]
        start = begin(context, refs)
        if condition is None:
            assert self.duration_ns is not None
            require_provable(context, start, self.duration_ns, "never")
            require_window(context, start, self.duration_ns,
                           f"'never becomes {expected.text} during the next {format_duration(self.duration_ns)}'")
            hit, sample = context.run_until(lambda s: expected.matches(s.values.get(key)),
                                            _remaining(context, start, self.duration_ns))
            window = f"during the next {format_duration(self.duration_ns)}"
        else:
            require_provable(context, start, NEVER_WHILE_CAP_NS, "never")

            def breaks_or_ends(s: Sample) -> bool:
                return not condition.holds(s) or expected.matches(s.values.get(key))

            first_cycle = context.kernel.cycle
            ended, sample = context.run_until(breaks_or_ends, NEVER_WHILE_CAP_NS)
            window = f"while {condition.text}"
            if sample.cycle == first_cycle and not condition.holds(sample):
                raise VacuousCheck(f"'never becomes {expected.text} {window}': '{condition.text}' did not hold once the "
                                   f"PLC had answered the last stimulus (t = {format_duration(sample.t_ns)}), so no scan "
                                   "was checked; it proves nothing", where=context.step_location)
            if not ended:
                raise InputError(f"'{condition.text}' still held after 1 h of virtual time; bound the check with "
                                 "'during the next <duration>'", where=context.step_location)
            # A violation is the value as named while the condition still holds; if both change in the same
            # scan (the cause ends as the effect acts), the effect came in time.
            hit = condition.holds(sample) and expected.matches(sample.values.get(key))
        if hit:
            raise ScenarioFailure(context.report(f"{name_of(self.ref)} became {expected.text} {window}",
                                                 f"never {expected.text}", sample, [key], start.origin_ns))
        if condition is None:
            require_scans(context, start, f"'never becomes {expected.text} {window}'")
        context.before_stimulus = None


@dataclass(frozen=True)
class CheckEdge:
    """A BOOL goes off→on (``rising``) or on→off within ``duration_ns`` of the stimulus: it must be seen
    in the other state first (the sample before the stimulus counts: it is the state the PLC left)."""

    ref: Ref
    rising: bool
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        key, rising = context.watch(self.ref), self.rising
        start = begin(context, [self.ref])
        require_provable(context, start, self.duration_ns, "within")
        before = start.before.values.get(key)
        seen_before = [before is not None and bool(before) is not rising]

        def edge(sample: Sample) -> bool:
            value = sample.values.get(key)
            if value is None:
                return False
            if bool(value) is not rising:
                seen_before[0] = True
                return False
            return seen_before[0]

        ok, sample = context.run_until(edge, _remaining(context, start, self.duration_ns))
        if not ok:
            word = "rise" if rising else "fall"
            raise ScenarioFailure(context.report(f"{name_of(self.ref)} did not {word} within "
                                                 f"{format_duration(self.duration_ns)}",
                                                 f"a change to {'on' if rising else 'off'}", sample, [key],
                                                 start.origin_ns))
