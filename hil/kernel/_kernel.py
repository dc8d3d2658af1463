"""The lockstep kernel: owns virtual time and runs the PLC ↔ plant exchange cycle by cycle.

One cycle at virtual time ``t`` (the cycle length is the PLC program's task interval):

1. *sample*: read each PLC's actuator outputs and watched tags (one batched read per PLC), drive
   the plant inputs with them, and record the sample at ``t`` (PLC values and plant outputs as of ``t``);
2. *advance*: step every plant to ``t + dt``, write the sensor values (one batched write per PLC),
   and advance each soft PLC by ``dt``, which runs its scan at ``t + dt``.

Steps judge conditions on samples, so a timed assertion's resolution is one cycle. Same rig, same
inputs ⇒ the same trace, bit for bit: nothing here reads the wall clock.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import reduce
from typing import Any

from hil.errors import ConfigError, PlcError
from hil.plc import ReadPlan, Target, WritePlan
from hil.rig import Rig, SignalRef, TagRef, Wire
from hil.tags import Tag
from hil.kernel._trace import Sample, Trace

__all__ = ["Kernel", "signal_key", "tag_key"]

Value = bool | int | float


def tag_key(plc: str, tag: Tag) -> str:
    return f"{plc}:{tag.name}"


def signal_key(plant: str, signal_name: str) -> str:
    return f"{plant}.{signal_name}"


class Kernel:
    """Runs a rig's PLC targets and plant models in lockstep on virtual time."""

    def __init__(self, rig: Rig, targets: Mapping[str, Target], plants: Mapping[str, Any]) -> None:
        cycles = [target.cycle_ns for target in targets.values()]
        if not cycles or any(c is None for c in cycles):
            raise PlcError("the virtual-time kernel needs soft PLCs that can be advanced")
        self.rig = rig
        self.targets = dict(targets)
        self.plants = dict(plants)
        # Several PLCs with different task intervals: the kernel cycles at their greatest common divisor.
        self.cycle_ns: int = reduce(math.gcd, (c for c in cycles if c is not None))
        self.now_ns = 0
        self.cycle = 0
        self.trace = Trace()
        self._sample: Sample | None = None
        self._sensors = {plc: [w for w in rig.wires if w.plc == plc and w.to_plc] for plc in targets}
        self._actuators = {plc: [w for w in rig.wires if w.plc == plc and not w.to_plc] for plc in targets}
        self._watched: dict[str, dict[str, Tag]] = {plc: {w.tag.name: w.tag for w in self._actuators[plc]} for plc in targets}
        self._read_plans: dict[str, ReadPlan] = {}
        self._write_plans = {plc: targets[plc].write_plan(w.tag for w in wires) for plc, wires in self._sensors.items() if wires}

    # -- observing ------------------------------------------------------------------------------
    def watch(self, ref: TagRef) -> None:
        """Read ``ref`` every cycle from now on (it then appears in samples and in the trace)."""
        watched = self._watched[ref.plc]
        if ref.tag.name not in watched:
            watched[ref.tag.name] = ref.tag
            self._read_plans.pop(ref.plc, None)
            if self._sample is not None and self._sample.t_ns == self.now_ns:
                self._sample = None  # re-sample this instant so the new tag is observed now

    def sample(self) -> Sample:
        """Observe the current instant (once per cycle; repeated calls return the same sample)."""
        if self._sample is not None:
            return self._sample
        values: dict[str, Value] = {}
        for plc, target in self.targets.items():
            plan = self._read_plans.get(plc)
            if plan is None:
                plan = self._read_plans[plc] = target.read_plan(self._watched[plc].values())
            if plan.tags:
                for name, value in target.read(plan).items():
                    values[f"{plc}:{name}"] = value
        for wire in (w for wires in self._actuators.values() for w in wires):
            value = values[tag_key(wire.plc, wire.tag)]
            setattr(self.plants[wire.plant], wire.signal.name, value)
            values[wire.signal_path] = value
        for wire in (w for wires in self._sensors.values() for w in wires):
            values[wire.signal_path] = getattr(self.plants[wire.plant], wire.signal.name)
        sample = Sample(self.now_ns, self.cycle, values)
        self.trace.record(sample)
        self._sample = sample
        return sample

    def advance(self) -> None:
        """Finish the current cycle: step the plants, write the sensors, scan the PLCs."""
        self.sample()
        for model in self.plants.values():
            model.step(self.cycle_ns)
        for plc, wires in self._sensors.items():
            if wires:
                values = {w.tag.name: _as_tag_value(w, getattr(self.plants[w.plant], w.signal.name)) for w in wires}
                self.targets[plc].write(self._write_plans[plc], values)
        for target in self.targets.values():
            target.advance(self.cycle_ns)
        self.now_ns += self.cycle_ns
        self.cycle += 1
        self._sample = None

    # -- running --------------------------------------------------------------------------------
    def run_for(self, duration_ns: int) -> None:
        """Run whole cycles until ``duration_ns`` of virtual time has passed."""
        end = self.now_ns + duration_ns
        while self.now_ns < end:
            self.advance()

    def run_until(self, condition: Callable[[Sample], bool], timeout_ns: int) -> tuple[bool, Sample]:
        """Run until a sample satisfies ``condition`` or ``timeout_ns`` has passed.

        Returns (satisfied, the satisfying sample or the last one observed). The sample at the start
        and the one at exactly ``start + timeout_ns`` both count.
        """
        start = self.now_ns
        while True:
            sample = self.sample()
            if condition(sample):
                return True, sample
            if self.now_ns - start >= timeout_ns:
                return False, sample
            self.advance()

    # -- acting ---------------------------------------------------------------------------------
    def set_signal(self, ref: SignalRef, value: Value) -> None:
        """Set a plant signal (state such as a temperature); the plant evolves from it."""
        if not ref.signal.settable and ref.signal.kind == "output":
            raise ConfigError(f"plant signal '{ref.plant}.{ref.signal.name}' is computed by the model and cannot be set")
        wire = self.rig.wire_for_signal(ref.plant, ref.signal)
        if wire is not None and not wire.to_plc:
            raise ConfigError(
                f"plant signal '{wire.signal_path}' is driven by PLC tag '{wire.tag.name}' every cycle; set the tag's "
                "source in the PLC program instead"
            )
        setattr(self.plants[ref.plant], ref.signal.name, value)

    def write_tag(self, ref: TagRef, value: Value) -> None:
        """Write a PLC tag now (seen by the PLC's next scan). Refuses tags the plant drives every cycle."""
        wire = self.rig.wire_for_tag(ref.plc, ref.tag)
        if wire is not None and wire.to_plc:
            raise ConfigError(
                f"tag '{ref.tag.name}' is driven by plant signal '{wire.signal_path}' every cycle; set the plant "
                f"signal '{wire.signal_path}' instead"
            )
        target = self.targets[ref.plc]
        target.write(target.write_plan([ref.tag]), {ref.tag.name: value})


def _as_tag_value(wire: Wire, value: Value) -> Value:
    return bool(value) if wire.signal.type is bool else value
