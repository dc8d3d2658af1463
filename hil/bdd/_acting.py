"""Steps that act on the line: each action holds its own logic and calls the kernel directly.

An action is a small value object the phrase compiler builds from a step's words (hil.bdd._phrases);
``run`` acts through the scenario context, which supplies the running step's location, the driver
(the kernel in virtual time, the real-time loop on a rig) and the failure messages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from hil.bdd._conditions import Condition
from hil.errors import ConfigError, HilError, ScenarioFailure, UnknownNameError
from hil.kernel import CommFault, DeviceFault, Fault, Forced, MonitorState, SignalFault, StuckAt
from hil.rig import SignalRef, TagRef
from hil.units import format_duration

if TYPE_CHECKING:
    from hil.bdd._context import ScenarioContext

__all__ = ["Action", "ClearFaults", "Force", "Inject", "Monitor", "Pulse", "Release", "SetValue", "Wait", "WaitUntil",
           "name_of"]

Ref = TagRef | SignalRef
Value = bool | int | float


class Action(Protocol):
    def run(self, context: ScenarioContext) -> None: ...


def name_of(ref: Ref) -> str:
    """The name a step uses for ``ref``: the tag's name or ``plant.signal``."""
    return ref.tag.name if isinstance(ref, TagRef) else f"{ref.plant}.{ref.signal.name}"


def _force_name(ref: Ref) -> str:
    return f"force {name_of(ref)}"


@dataclass(frozen=True)
class SetValue:
    """Write a PLC tag now (through the PLC's exchange), or set a plant signal."""

    ref: Ref
    value: Value

    def run(self, context: ScenarioContext) -> None:
        kernel, ref, value = context.kernel, self.ref, self.value
        if isinstance(ref, TagRef):
            context.located(lambda: kernel.write_tag(ref, value))
        else:
            context.located(lambda: kernel.set_signal(ref, value))


@dataclass(frozen=True)
class Pulse:
    """Set ``value`` for ``duration_ns`` of line time, then restore what it was (a BOOL: the opposite)."""

    ref: Ref
    value: Value
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        if isinstance(self.value, bool):
            before: Value = not self.value
        else:
            key = context.watch(self.ref)
            current = context.sample().values.get(key)
            if current is None:
                raise HilError(f"'{name_of(self.ref)}' has not been observed yet")
            before = current
        ahead = context.acts_before or context.sample()  # the line before this pulse (or the acts before it)
        SetValue(self.ref, self.value).run(context)
        Wait(self.duration_ns).run(context)
        SetValue(self.ref, before).run(context)
        # The PLC reacts to the pulse's rising edge, during the pulse: a 'within' after it judges that reaction.
        context.acts_before = ahead


@dataclass(frozen=True)
class Force:
    """Hold a wired tag (its raw value) or a wired plant signal at ``value`` until released."""

    ref: Ref
    value: Value

    def run(self, context: ScenarioContext) -> None:
        rig, ref = context.kernel.rig, self.ref
        if isinstance(ref, TagRef):
            wire = rig.wire_for_tag(ref.plc, ref.tag)
            fault: Fault | None = Forced(_force_name(ref), signal=wire.signal_path, raw=self.value) if wire else None
        else:
            wire = rig.wire_for_signal(ref.plant, ref.signal)
            fault = StuckAt(_force_name(ref), signal=wire.signal_path, value=self.value) if wire else None
        if fault is None:
            raise ConfigError(f"'{name_of(ref)}' is not wired between plant and PLC; only wired tags and signals can "
                              "be forced (set it instead)", where=context.step_location)
        forced = fault
        context.located(lambda: context.kernel.inject(forced))


@dataclass(frozen=True)
class Release:
    ref: Ref

    def run(self, context: ScenarioContext) -> None:
        context.located(lambda: context.kernel.clear(_force_name(self.ref)))


@dataclass(frozen=True)
class Wait:
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        context.run_until(lambda sample: False, self.duration_ns)
        context.before_stimulus = context.acts_before = None  # the line ran on: what held before the last stimulus no longer matters


@dataclass(frozen=True)
class WaitUntil:
    condition: Condition
    timeout_ns: int

    def run(self, context: ScenarioContext) -> None:
        for clause in self.condition.clauses:
            context.watch(clause.ref)
        start = context.driver.now_ns
        ok, sample = context.run_until(self.condition.holds, self.timeout_ns)
        context.before_stimulus = context.acts_before = None
        if not ok:
            raise ScenarioFailure(context.report(
                f"{self.condition.text} did not happen within {format_duration(self.timeout_ns)}", self.condition.text,
                sample, [c.key for c in self.condition.clauses], start))


@dataclass(frozen=True)
class Inject:
    fault: Fault
    duration_ns: int | None

    def run(self, context: ScenarioContext) -> None:
        fault = self.fault
        if self.duration_ns is not None:
            fault.end_ns = context.driver.now_ns + self.duration_ns
        context.located(lambda: context.kernel.inject(fault))


@dataclass(frozen=True)
class ClearFaults:
    """End the active faults on a signal, PLC or plant (``None``: all of them)."""

    subject: str | None

    def run(self, context: ScenarioContext) -> None:
        kernel, subject, now = context.kernel, self.subject, context.driver.now_ns
        active = [f for f in kernel.faults.values() if f.active(now)]
        chosen = [f for f in active if subject is None or (isinstance(f, SignalFault) and f.signal == subject)
                  or (isinstance(f, CommFault) and f.plc == subject) or (isinstance(f, DeviceFault) and f.plant == subject)]
        if subject is not None and not chosen:
            raise UnknownNameError(f"no active fault on '{subject}'", where=context.step_location,
                                   suggestions=[getattr(f, "signal", "") or getattr(f, "plc", "") or getattr(f, "plant", "")
                                                for f in active][:3])
        for fault in chosen:
            context.located(lambda name=fault.name: kernel.clear(name))  # type: ignore[misc]


@dataclass(frozen=True)
class Monitor:
    """Check ``condition`` on every sample until the scenario ends, including after the last step, once
    the PLCs have answered its last stimulus (ScenarioContext.finish)."""

    condition: Condition

    def run(self, context: ScenarioContext) -> None:
        plcs: set[str] = set()
        for clause in self.condition.clauses:
            context.watch(clause.ref)
            plcs |= context.kernel.owners(clause.ref)
        context.start_monitor(MonitorState(self.condition.holds, self.condition.text), plcs)
