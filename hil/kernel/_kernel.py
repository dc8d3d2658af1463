"""The lockstep kernel: owns virtual time and runs the PLC ↔ plant exchange cycle by cycle.

One cycle at virtual time ``t`` (the cycle length is the PLC program's task interval):

1. *sample*: read each PLC's actuator outputs and watched tags (one batched read per PLC), drive
   the plant inputs with them (scaled, through any injected faults), and record the sample at ``t``:
   PLC values and plant signals as of ``t``, and which faults are active;
2. *advance*: step every plant to ``t + dt``, write the sensor values (scaled, through faults; one
   batched write per PLC), and advance each soft PLC by ``dt``, which runs its scan at ``t + dt``.

Steps judge conditions on samples, so a timed assertion's resolution is one cycle. Same rig, same
inputs, same fault seeds ⇒ the same trace, bit for bit: nothing here reads the wall clock.
"""
from __future__ import annotations

import contextlib
import copy
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any

from hil.errors import ConfigError, PlcError, UnknownNameError, close_matches
from hil.kernel._comms import CommState
from hil.kernel._faults import CommFault, DeviceFault, Fault, SignalFault
from hil.kernel._keys import Key, fault_key, key_of
from hil.kernel._observe import HeldWrite, PlcProbe, ScanBook
from hil.kernel._pacing import Pacer
from hil.kernel._trace import Sample, Trace
from hil.plc import BaseTarget, ReadPlan, WritePlan
from hil.rig import Rig, SignalRef, TagRef, Wire
from hil.tags import Tag

__all__ = ["Kernel", "KernelSnapshot", "MonitorState"]

Value = bool | int | float


@dataclass
class MonitorState:
    """A condition checked on every sample from now on; ``violation`` is the first sample breaking it."""

    holds: Callable[[Sample], bool]
    text: str
    violation: Sample | None = None


@dataclass(frozen=True)
class KernelSnapshot:
    """Plants, soft PLCs and virtual time, to start scenarios from a warmed-up line."""

    now_ns: int
    cycle: int
    plants: dict[str, Any]
    plcs: dict[str, object]


class Kernel:
    """Runs a rig's PLC targets and plant models in lockstep on virtual time."""

    def __init__(
        self, rig: Rig, targets: Mapping[str, BaseTarget], plants: Mapping[str, Any], *, real_time_cycle_ns: int | None = None,
        probes: Mapping[str, PlcProbe] | None = None, scan_cycles_ns: Mapping[str, int] | None = None,
    ) -> None:
        """In virtual time (the default) every target must be a soft PLC the kernel advances. With
        ``real_time_cycle_ns`` the PLCs run on their own clocks and a :class:`RealTimeLoop` drives the
        kernel at that period; virtual time then counts nominal periods.

        ``probes`` (from hil.line) let the judge count each soft PLC's scans and read its memory past
        the exchange; ``scan_cycles_ns`` are the PLCs' scan cycles where the targets do not know them
        (real PLCs: the rig's; default: the target's cycle, else the kernel's)."""
        self.virtual = real_time_cycle_ns is None
        if self.virtual:
            cycles = [target.cycle_ns for target in targets.values()]
            if not cycles or any(c is None for c in cycles):
                raise PlcError("the virtual-time kernel needs soft PLCs that can be advanced")
            # Several PLCs with different task intervals: the kernel cycles at their greatest common divisor.
            self.cycle_ns: int = reduce(math.gcd, (c for c in cycles if c is not None))
        else:
            assert real_time_cycle_ns is not None
            if real_time_cycle_ns <= 0:
                raise ConfigError(f"the real-time cycle must be positive, not {real_time_cycle_ns} ns")
            self.cycle_ns = real_time_cycle_ns
        self.rig = rig
        self.targets = dict(targets)
        self.plants = dict(plants)
        self.now_ns = 0
        self.cycle = 0
        self.trace = Trace()
        self.faults: dict[str, Fault] = {}
        self.monitors: list[MonitorState] = []
        self.pacer: Pacer | None = None  # virtual time at most N x real time (see hil.kernel._pacing)
        self._sample: Sample | None = None
        self._sensors = {plc: [w for w in rig.wires if w.plc == plc and w.to_plc] for plc in targets}
        self._actuators = {plc: [w for w in rig.wires if w.plc == plc and not w.to_plc] for plc in targets}
        self._watched: dict[str, dict[str, Tag]] = {plc: {w.tag.name: w.tag for w in self._actuators[plc]} for plc in targets}
        self._read_plans: dict[str, ReadPlan] = {}
        self._write_plans: dict[str, WritePlan] = {
            plc: targets[plc].write_plan(w.tag for w in wires) for plc, wires in self._sensors.items() if wires
        }
        self._comms = {plc: CommState(plc, target) for plc, target in targets.items()}
        # Keys made once: the cycle runs thousands of times per scenario.
        self._tag_keys: dict[str, dict[str, Key]] = {
            plc: {w.tag.name: key_of(TagRef(plc, w.tag)) for w in self._sensors[plc] + self._actuators[plc]}
            for plc in targets}
        self._actuator_keys = [(w, self._tag_keys[w.plc][w.tag.name], key_of(SignalRef(w.plant, w.signal)))
                               for ws in self._actuators.values() for w in ws]
        self._sensor_keys = [(w, key_of(SignalRef(w.plant, w.signal))) for ws in self._sensors.values() for w in ws]
        self._wired_signal_keys = {key for _, _, key in self._actuator_keys} | {key for _, key in self._sensor_keys}
        self._observed_signals: dict[Key, SignalRef] = {}  # unwired plant signals steps look at
        self._fault_keys: dict[str, Key] = {}
        self._written: dict[Key, Value] = {}
        self._delivered: dict[str, Value] = {}  # per wire: the engineering value it last carried (after faults)
        self._device_faults_on: set[str] = set()
        self.probes: dict[str, PlcProbe] = dict(probes or {})
        declared_cycles = dict(scan_cycles_ns or {})
        self.scan_cycles_ns = {plc: declared_cycles.get(plc) or target.cycle_ns or self.cycle_ns for plc, target in targets.items()}
        self.book = ScanBook(self.scan_cycles_ns, self.probes)
        self._judge_plans: dict[str, ReadPlan] = {}

    # -- observing ------------------------------------------------------------------------------
    def watch(self, ref: TagRef | SignalRef) -> None:
        """Observe ``ref`` every cycle from now on (it then appears in samples and in the trace): a PLC tag
        is read with the PLC's batch; a plant signal no wire carries (an oracle such as a stopping
        distance) is read from the model."""
        if isinstance(ref, SignalRef):
            key = key_of(ref)
            if key not in self._observed_signals and key not in self._wired_signal_keys:
                self._observed_signals[key] = ref
                self._resample()
            return
        watched = self._watched[ref.plc]
        if ref.tag.name not in watched:
            watched[ref.tag.name] = ref.tag
            self._tag_keys[ref.plc][ref.tag.name] = key_of(ref)
            self._read_plans.pop(ref.plc, None)
            self._judge_plans.pop(ref.plc, None)
            if self._sample is not None and self._sample.t_ns == self.now_ns:
                self._sample = None  # re-sample this instant so the new tag is observed now

    def sample(self) -> Sample:
        """Observe the current instant (once per cycle; repeated calls return the same sample)."""
        if self._sample is not None:
            return self._sample
        for comm in self._comms.values():
            comm.update(self.now_ns, self.cycle)
        self._update_device_faults()
        values: dict[str, Value] = dict(self._written.items())  # Key is a str
        for plc, target in self.targets.items():
            plan = self._read_plans.get(plc)
            if plan is None:
                plan = self._read_plans[plc] = target.read_plan(self._watched[plc].values())
            if plan.tags:
                keys = self._tag_keys[plc]
                for name, value in self._comms[plc].read(plan, self.now_ns, self.cycle).items():
                    values[keys[name]] = value
        stopped = {plc for plc, comm in self._comms.items() if comm.faults and comm.stopped(self.now_ns)}
        for wire, key, path in self._actuator_keys:
            raw = values.get(key)
            if raw is None:  # not read yet (the exchange was dropped before the first read)
                continue
            if wire.plc in stopped:  # a CPU in STOP: its output modules hold their substitute value, 0
                raw = False if isinstance(raw, bool) else 0
            value = self._through_faults(wire, wire.scaling.to_engineering(raw))
            setattr(self.plants[wire.plant], wire.signal.name, value)
            values[path] = value
        self._read_past_blinding_faults(values)
        for wire, key in self._sensor_keys:
            values[key] = getattr(self.plants[wire.plant], wire.signal.name)
        for key, signal in self._observed_signals.items():
            values[key] = getattr(self.plants[signal.plant], signal.signal.name)
        for name, fault in self.faults.items():
            values[self._fault_keys[name]] = fault.active(self.now_ns)
        sample = Sample(self.now_ns, self.cycle, values)
        self.trace.record(sample)
        self._sample = sample
        for monitor in self.monitors:
            if monitor.violation is None and not monitor.holds(sample):
                monitor.violation = sample
        return sample

    def _read_past_blinding_faults(self, values: dict[str, Value]) -> None:
        """A dropped or late exchange shows the plant stale PLC values; the judge reads the soft PLC's
        memory directly instead (after the plant took its inputs from the exchange), so a one-scan event
        cannot hide behind a lost exchange. The trace records what the judge saw."""
        for plc, comm in self._comms.items():
            probe = self.probes.get(plc)
            if probe is None or probe.memory is None or not comm.blinded(self.now_ns):
                continue
            plan = self._judge_plans.get(plc)
            if plan is None:
                plan = self._judge_plans[plc] = probe.memory.read_plan(self._watched[plc].values())
            if plan.tags:
                keys = self._tag_keys[plc]
                for name, value in probe.memory.read(plan).items():
                    values[keys[name]] = value

    def latest(self) -> Sample | None:
        """The sample of the current instant if one was taken since the last change, else ``None``."""
        return self._sample

    def advance(self, periods: int = 1) -> None:
        """Finish the current cycle: step the plants, write the sensors, scan the PLCs.

        ``periods`` > 1 only in real time, after an overrun: the plants then integrate the time that
        really passed, so the kernel's clock stays with the PLC's.
        """
        self.sample()
        step_ns = periods * self.cycle_ns
        for model in self.plants.values():
            model.step(step_ns)
        t_next = self.now_ns + step_ns
        self.write_sensors(t_next)
        if self.virtual:
            for target in self.targets.values():
                target.advance(self.cycle_ns)
        self.now_ns = t_next
        self.cycle += periods
        self._sample = None
        self._release_held_writes()
        if self.pacer is not None:
            self.pacer.wait(self.now_ns)

    def write_sensors(self, t_ns: int | None = None) -> None:
        """Write every sensor's value (as of ``t_ns``, default now) to its PLC: one batched write each.

        :meth:`advance` does this every cycle; call it alone to give a free-running PLC the plant's
        state before its first scan.
        """
        t_ns = self.now_ns if t_ns is None else t_ns
        for plc, wires in self._sensors.items():
            if not wires:
                self._comms[plc].flush(self.now_ns, self.cycle)
                continue
            raw_values = {}
            keys = self._tag_keys[plc]
            for wire in wires:
                raw = self._sensor_raw(wire, getattr(self.plants[wire.plant], wire.signal.name), t_ns)
                raw_values[wire.tag.name] = raw
                self._written[keys[wire.tag.name]] = raw
            self._comms[plc].write(self._write_plans[plc], raw_values, self.now_ns, self.cycle)

    def _signal_faults(self, wire: Wire, t_ns: int) -> list[SignalFault]:
        if not self.faults:  # the common case, on the hot path
            return []
        return [f for f in self.faults.values() if isinstance(f, SignalFault) and f.signal == wire.signal_path
                and f.active(t_ns)]

    def _through_faults(self, wire: Wire, value: Value) -> Value:
        """An actuator command on its way to the plant."""
        for fault in self._signal_faults(wire, self.now_ns):
            value = fault.engineering(value, self.now_ns)
            electrical = fault.electrical(wire)
            if electrical is not None:
                value = wire.scaling.to_engineering(electrical)
        self._delivered[wire.signal_path] = value
        return value

    def _sensor_raw(self, wire: Wire, value: Value, t_ns: int) -> Value:
        """A measurement on its way to the PLC: engineering faults, scaling, then electrical faults."""
        faults = self._signal_faults(wire, t_ns)
        for fault in faults:
            value = fault.engineering(value, t_ns)
        self._delivered[wire.signal_path] = value
        raw = wire.scaling.to_raw(value)
        for fault in faults:
            electrical = fault.electrical(wire)
            if electrical is not None:
                raw = electrical
        return raw

    # -- running --------------------------------------------------------------------------------
    def exclusive(self) -> contextlib.AbstractContextManager[object]:
        """Held while a step acts on the line (a real-time loop pauses between cycles meanwhile)."""
        return contextlib.nullcontext()

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
        self.book.stimulate(self._plcs_of_plant(ref.plant), self.now_ns)
        self._resample()

    def _resample(self) -> None:
        """An action changed the line at this instant: the next sample reads it again (same time)."""
        if self._sample is not None and self._sample.t_ns == self.now_ns:
            self._sample = None

    def write_tag(self, ref: TagRef, value: Value) -> None:
        """Write a PLC tag now (seen by the PLC's next scan), through the PLC's communication faults like
        every other write. Refuses tags the plant drives every cycle.

        A second write to the same tag before the PLC has scanned the first is held and delivered after
        that scan, so every value written is seen by at least one scan (five pulses at one instant are
        five edges for the PLC, as an HMI operator pressing five times would make them)."""
        wire = self.rig.wire_for_tag(ref.plc, ref.tag)
        if wire is not None and wire.to_plc:
            raise ConfigError(
                f"tag '{ref.tag.name}' is driven by plant signal '{wire.signal_path}' every cycle; set the plant "
                f"signal '{wire.signal_path}' instead"
            )
        if self.book.must_hold(ref, self.now_ns):
            self.book.held[ref.plc].append(HeldWrite(ref, value))
        else:
            self._deliver(ref, value)
        self.book.stimulate([ref.plc], self.now_ns)
        self._resample()

    def _deliver(self, ref: TagRef, value: Value) -> None:
        target = self.targets[ref.plc]
        self._comms[ref.plc].write_now(target.write_plan([ref.tag]), {ref.tag.name: value}, self.now_ns, self.cycle)
        self.book.wrote(ref, self.now_ns)

    def _release_held_writes(self) -> None:
        for plc in self.targets:
            write = self.book.releasable(plc, self.now_ns)
            if write is not None:
                self._deliver(write.ref, write.value)
                self.book.stimulate([plc], self.now_ns)

    # -- the observation model (hil.kernel._observe) -------------------------------------------
    def scans(self, plc: str) -> int:
        """Completed scans of ``plc`` (a soft PLC's own count; else whole scan cycles elapsed)."""
        return self.book.scans(plc, self.now_ns)

    def owners(self, ref: TagRef | SignalRef) -> set[str]:
        """The PLCs a tag or plant signal depends on: the tag's PLC, the PLC driving an actuator signal,
        the PLCs wired to the plant of any other signal."""
        if isinstance(ref, TagRef):
            return {ref.plc}
        wire = self.rig.wire_for_signal(ref.plant, ref.signal)
        if wire is not None and not wire.to_plc:
            return {wire.plc}
        return self._plcs_of_plant(ref.plant)

    def _plcs_of_plant(self, plant: str) -> set[str]:
        return {w.plc for w in self.rig.wires if w.plant == plant} or set(self.targets)

    def idle(self) -> set[str]:
        """PLCs that cannot scan now (in STOP, disconnected): nothing to wait for."""
        return {plc for plc, comm in self._comms.items()
                if (comm.faults and comm.stopped(self.now_ns)) or not self.targets[plc].connected}

    def settled(self, plcs: set[str] | None = None) -> bool:
        """Whether every PLC of ``plcs`` (default: all) completed a full scan after the last stimulus."""
        return self.book.settled(self.targets if plcs is None else plcs, self.now_ns, self.idle())

    def pending_stimulus(self, plcs: set[str] | None = None) -> int | None:
        """The time of the last stimulus not yet answered by a scan of ``plcs``, or ``None``."""
        if self.book.stimulus_ns is None or self.settled(plcs):
            return None
        return self.book.stimulus_ns

    def forget_settled(self) -> None:
        self.book.forget_settled(self.now_ns, self.idle())

    # -- faults ---------------------------------------------------------------------------------
    def inject(self, fault: Fault) -> None:
        """Add ``fault``; its times are absolute virtual times (``start_ns`` before now means: from now)."""
        if fault.name in self.faults and self.faults[fault.name].active(self.now_ns):
            raise ConfigError(f"a fault named '{fault.name}' is already active")
        fault.start_ns = max(fault.start_ns, self.now_ns)
        if isinstance(fault, SignalFault):
            wire = next((w for w in self.rig.wires if w.signal_path == fault.signal), None)
            if wire is None:
                raise UnknownNameError(f"fault '{fault.name}': '{fault.signal}' is not a wired plant signal",
                                       suggestions=close_matches(fault.signal, [w.signal_path for w in self.rig.wires]))
            fault.electrical(wire)  # an electrical fault the wire's scaling cannot express fails now, not mid-run
        elif isinstance(fault, DeviceFault):
            spec = self.rig.plants.get(fault.plant)
            if spec is None:
                raise UnknownNameError(f"fault '{fault.name}': no plant '{fault.plant}'",
                                       suggestions=close_matches(fault.plant, self.rig.plants))
            if fault.fault not in spec.model.faults:
                raise UnknownNameError(f"fault '{fault.name}': plant model '{spec.model.name}' has no fault "
                                       f"'{fault.fault}'", suggestions=close_matches(fault.fault, spec.model.faults))
        elif isinstance(fault, CommFault):
            if fault.plc not in self._comms:
                raise UnknownNameError(f"fault '{fault.name}': no PLC '{fault.plc}'",
                                       suggestions=close_matches(fault.plc, self._comms))
            self._comms[fault.plc].faults.append(fault)
        if isinstance(fault, SignalFault):
            fault.begin(self._delivered.get(fault.signal))
        self.faults[fault.name] = fault
        self._fault_keys.setdefault(fault.name, fault_key(fault.name))
        self.book.stimulate(self._plcs_of_fault(fault), self.now_ns)
        self._resample()

    def _plcs_of_fault(self, fault: Fault) -> set[str]:
        if isinstance(fault, CommFault):
            return {fault.plc}
        if isinstance(fault, SignalFault):
            return {w.plc for w in self.rig.wires if w.signal_path == fault.signal}
        if isinstance(fault, DeviceFault):
            return self._plcs_of_plant(fault.plant)
        return set(self.targets)

    def _update_device_faults(self) -> None:
        """Switch the plant models' own faults on and off as their windows open and close."""
        for fault in self.faults.values():
            if not isinstance(fault, DeviceFault):
                continue
            active = fault.active(self.now_ns)
            if active == (fault.name in self._device_faults_on):
                continue
            model = self.plants[fault.plant]
            if active:
                arguments = {k: v for k, v in (("index", fault.index),) if v is not None}
                model.enable_fault(fault.fault, *(() if fault.value is None else (fault.value,)), **arguments)
                self._device_faults_on.add(fault.name)
            else:
                model.clear_fault(fault.fault)
                self._device_faults_on.discard(fault.name)

    def clear(self, name: str) -> None:
        """End fault ``name`` now (it stays in the trace's history)."""
        fault = self.faults.get(name)
        if fault is None or not fault.active(self.now_ns):
            active = [n for n, f in self.faults.items() if f.active(self.now_ns)]
            raise UnknownNameError(f"no active fault named '{name}'", suggestions=close_matches(name, active))
        fault.end_ns = self.now_ns
        self.book.stimulate(self._plcs_of_fault(fault), self.now_ns)
        self._resample()

    # -- snapshots ------------------------------------------------------------------------------
    def snapshot(self) -> KernelSnapshot:
        """Save plants, soft PLCs and time (faults and the trace are not part of it)."""
        plcs = {name: target.snapshot() for name, target in self.targets.items()}
        return KernelSnapshot(self.now_ns, self.cycle, copy.deepcopy(self.plants), plcs)

    def restore(self, snapshot: KernelSnapshot) -> None:
        """Continue from ``snapshot``: the trace starts again at the snapshot's time."""
        for name, target in self.targets.items():
            target.restore(snapshot.plcs[name])
            target.forget_written()
        self.plants = copy.deepcopy(snapshot.plants)
        self.now_ns, self.cycle = snapshot.now_ns, snapshot.cycle
        self.trace = Trace()
        self.faults.clear()
        for comm in self._comms.values():
            comm.faults.clear()
        self._written.clear()
        self._delivered.clear()
        self._device_faults_on.clear()
        self.book.reset()
        self._sample = None
