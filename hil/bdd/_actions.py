"""What a compiled step does: a small value object run against the scenario context."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from hil.bdd._conditions import Condition
from hil.bdd._values import Expectation
from hil.kernel import Fault
from hil.rig import SignalRef, TagRef

if TYPE_CHECKING:
    from hil.bdd._context import ScenarioContext

__all__ = [
    "Action",
    "CheckAfterScans",
    "CheckEdge",
    "CheckNever",
    "CheckNow",
    "CheckStays",
    "CheckWithin",
    "ClearFaults",
    "Force",
    "Inject",
    "Monitor",
    "Pulse",
    "Release",
    "SetValue",
    "Wait",
    "WaitUntil",
]

Ref = TagRef | SignalRef
Value = bool | int | float


class Action(Protocol):
    def run(self, context: ScenarioContext) -> None: ...


@dataclass(frozen=True)
class SetValue:
    ref: Ref
    value: Value

    def run(self, context: ScenarioContext) -> None:
        context.set_value(self.ref, self.value)


@dataclass(frozen=True)
class Pulse:
    ref: Ref
    value: Value
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        context.pulse(self.ref, self.value, self.duration_ns)


@dataclass(frozen=True)
class Force:
    ref: Ref
    value: Value

    def run(self, context: ScenarioContext) -> None:
        context.force(self.ref, self.value)


@dataclass(frozen=True)
class Release:
    ref: Ref

    def run(self, context: ScenarioContext) -> None:
        context.release(self.ref)


@dataclass(frozen=True)
class Wait:
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        context.wait(self.duration_ns)


@dataclass(frozen=True)
class WaitUntil:
    condition: Condition
    timeout_ns: int

    def run(self, context: ScenarioContext) -> None:
        context.wait_until(self.condition, self.timeout_ns)


@dataclass(frozen=True)
class Inject:
    fault: Fault
    duration_ns: int | None

    def run(self, context: ScenarioContext) -> None:
        context.inject(self.fault, self.duration_ns)


@dataclass(frozen=True)
class ClearFaults:
    subject: str | None  # a signal or PLC name; None: every fault

    def run(self, context: ScenarioContext) -> None:
        context.clear_faults(self.subject)


@dataclass(frozen=True)
class CheckWithin:
    ref: Ref
    expectation: Expectation
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        context.check_within(self.ref, self.expectation, self.duration_ns)


@dataclass(frozen=True)
class CheckStays:
    ref: Ref
    expectation: Expectation
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        context.check_stays(self.ref, self.expectation, self.duration_ns)


@dataclass(frozen=True)
class CheckNow:
    ref: Ref
    expectation: Expectation

    def run(self, context: ScenarioContext) -> None:
        context.check_now(self.ref, self.expectation)


@dataclass(frozen=True)
class CheckAfterScans:
    ref: Ref
    expectation: Expectation
    scans: int

    def run(self, context: ScenarioContext) -> None:
        context.check_after_scans(self.ref, self.expectation, self.scans)


@dataclass(frozen=True)
class CheckNever:
    ref: Ref
    expectation: Expectation
    condition: Condition | None
    duration_ns: int | None

    def run(self, context: ScenarioContext) -> None:
        context.check_never(self.ref, self.expectation, self.condition, self.duration_ns)


@dataclass(frozen=True)
class CheckEdge:
    ref: Ref
    rising: bool
    duration_ns: int

    def run(self, context: ScenarioContext) -> None:
        context.check_edge(self.ref, self.rising, self.duration_ns)


@dataclass(frozen=True)
class Monitor:
    condition: Condition

    def run(self, context: ScenarioContext) -> None:
        context.monitor(self.condition)
