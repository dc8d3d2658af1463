"""A rig brought to life: soft PLCs started, targets connected, ready to run scenario after scenario.

Starting servers and connecting costs far more than a scenario's cold restart, so a :class:`Line`
lives for a whole test session and :meth:`Line.new_kernel` gives each scenario fresh plants, soft
PLCs in their cold-restart state, and virtual time zero.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from functools import reduce
from types import TracebackType
from typing import Any

import plant_models
from hil.errors import ConfigError, PlcError
from hil.kernel._kernel import Kernel, KernelSnapshot
from hil.plc import (
    BaseTarget,
    GuardedTarget,
    InProcessTarget,
    LogixTarget,
    S7RemoteStepper,
    S7Target,
)
from hil.rig import PlcSpec, Rig
from hil.softplc import S7SoftPlc, WallClockScanner
from hil.softplc.logix import LogixSoftPlc

__all__ = ["TARGET_KINDS", "Line"]

TARGET_KINDS = {
    "softplc": "built-in soft PLCs, reached over the real protocol on 127.0.0.1 (S7 via python-snap7)",
    "inprocess": "built-in soft PLCs, memory accessed directly without a wire (fastest; protocol not exercised)",
    "softplc-realtime": "built-in soft PLCs scanning on the wall clock, over S7; the kernel runs in real "
    "time as on a HIL rig (slow: for checking real-time behaviour)",
    "rig": "the rig file's real PLCs (host, rack, slot), in real time, behind the write guard; each must be "
    "marked test_rig = true",
}


class Line:
    """The PLCs of a rig, started and connected.

    Args:
        rig: the loaded rig file.
        target_kind: one of :data:`TARGET_KINDS` (default ``"softplc"``).
        target_factory: tried first for each PLC; returns an unconnected target or ``None`` for the
            built-in ones (the pytest plugin passes its ``pytest_hil_make_target`` hook here).
    """

    def __init__(self, rig: Rig, target_kind: str = "softplc",
                 target_factory: Callable[[PlcSpec, str], BaseTarget | None] | None = None) -> None:
        if target_kind not in TARGET_KINDS:
            choices = ", ".join(f"'{k}'" for k in TARGET_KINDS)
            raise ConfigError(f"unknown target kind '{target_kind}'; choose {choices}")
        self.rig = rig
        self.target_kind = target_kind
        self._target_factory = target_factory  # a plugin's own targets (pytest_hil_make_target), tried first
        self.soft_plcs: dict[str, S7SoftPlc] = {}
        self.targets: dict[str, BaseTarget] = {}
        self._scanners: list[WallClockScanner] = []
        self._remote_steppers: list[S7RemoteStepper] = []

    @property
    def real_time(self) -> bool:
        """Whether scenarios run in real time (a :class:`~hil.kernel.RealTimeLoop` drives the kernel)."""
        return self.target_kind in ("softplc-realtime", "rig")

    def open(self) -> Line:
        try:
            for spec in self.rig.plcs.values():
                self.targets[spec.name] = self._open_target(spec)
        except BaseException:
            self.close()
            raise
        return self

    def _open_target(self, spec: PlcSpec) -> BaseTarget:
        if self._target_factory is not None:
            provided = self._target_factory(spec, self.target_kind)
            if provided is not None:
                provided.connect()
                return provided
        if self.target_kind == "rig":
            return self._open_real_plc(spec)
        if spec.host is not None and spec.control_db is not None:
            return self._open_remote_soft_plc(spec)
        if spec.program is None:
            raise ConfigError(f"PLC '{spec.name}' has no program for a built-in soft PLC; to test the real PLC at "
                              f"{spec.host}, run with --hil-target rig", where=spec.where)
        if spec.vendor == "logix":
            return self._open_logix_soft_plc(spec)
        soft = S7SoftPlc(spec.tags, spec.program.load(), name=spec.name)
        self.soft_plcs[spec.name] = soft
        if self.target_kind == "inprocess":
            return InProcessTarget(spec.name, soft)
        soft.start()
        target = S7Target(spec.name, "127.0.0.1", soft.port, stepper=None if self.real_time else soft)
        target.connect()
        return target

    def _open_logix_soft_plc(self, spec: PlcSpec) -> BaseTarget:
        """A Logix soft PLC built from the rig's L5X, over EtherNet/IP + CIP (pycomm3) or in-process."""
        assert spec.program is not None
        program: Any = spec.program.load()  # a LogixProgram: the L5X's routines or a Python class
        soft = LogixSoftPlc(spec.project, program, name=spec.name)
        self.soft_plcs[spec.name] = soft  # type: ignore[assignment]  # same lifecycle as an S7SoftPlc
        if self.target_kind == "inprocess":
            return InProcessTarget(spec.name, soft)
        soft.start()
        # The Logix soft PLC advances and cold-restarts, but its state cannot be snapshotted yet.
        stepper: Any = None if self.real_time else soft
        target = LogixTarget(spec.name, "127.0.0.1", soft.port, stepper=stepper)
        target.connect()
        return target

    def _open_real_plc(self, spec: PlcSpec) -> BaseTarget:
        """A real PLC: only with the rig's explicit test_rig opt-in, and behind the write guard."""
        if spec.host is None:
            raise ConfigError(f"PLC '{spec.name}' has no host; --hil-target rig tests real PLCs", where=spec.where)
        if not spec.test_rig:
            raise ConfigError(
                f"PLC '{spec.name}' at {spec.host} is a real PLC; the framework writes to it only if its rig file "
                "says test_rig = true (it may drive real machinery: see docs/rig-files.md)", where=spec.where)
        if self.rig.cycle_ns is None:
            raise ConfigError("a rig with real PLCs needs [rig] cycle = \"10 ms\" (the exchange period)",
                              where=str(self.rig.path))
        inner: BaseTarget = (LogixTarget(spec.name, spec.host, spec.port, slot=spec.slot) if spec.vendor == "logix"
                         else S7Target(spec.name, spec.host, spec.port, rack=spec.rack, slot=spec.slot))
        guarded = GuardedTarget(inner, spec.writable, spec.where)
        unwritable = [w.tag.name for w in self.rig.wires if w.plc == spec.name and w.to_plc
                      and not guarded.allows(w.tag.name)]
        if unwritable:
            raise ConfigError(f"PLC '{spec.name}': the sensors wired to {', '.join(unwritable)} could not be written; "
                              "add them to writable", where=spec.where)
        guarded.connect()
        return guarded

    def write_safe_state(self) -> None:
        """Write every real PLC's declared safe-state values (after each scenario, on abort, on close)."""
        for spec in self.rig.plcs.values():
            target = self.targets.get(spec.name)
            if target is None or not spec.safe_state or not target.connected:
                continue
            tags = [spec.tags[name] for name, _ in spec.safe_state]
            target.write(target.write_plan(tags), dict(spec.safe_state))

    def _open_remote_soft_plc(self, spec: PlcSpec) -> BaseTarget:
        """A soft PLC served by `hil softplc serve --clock virtual` elsewhere, stepped over S7."""
        if self.real_time:
            raise ConfigError(f"PLC '{spec.name}' is stepped through DB{spec.control_db}; it cannot run in real time")
        assert spec.host is not None and spec.control_db is not None
        target = S7Target(spec.name, spec.host, spec.port, rack=spec.rack, slot=spec.slot)
        target.connect()
        try:
            stepper = S7RemoteStepper(target, spec.control_db)
        except BaseException:
            target.close()
            raise
        target.attach_stepper(stepper)
        self._remote_steppers.append(stepper)
        return target

    def new_kernel(self, snapshot: KernelSnapshot | None = None) -> Kernel:
        """A new scenario: soft PLCs cold-restarted, fresh plant models, virtual time zero; or, given a
        ``snapshot`` (from :meth:`Kernel.snapshot`), the line exactly as it was then.

        A connection lost in the previous scenario (an injected fault, a PLC that dropped it) is made
        again first, so one scenario's failure does not fail the next.
        """
        for target in self.targets.values():
            if not target.connected:
                target.connect()
        self._stop_scanners()
        for soft in self.soft_plcs.values():
            soft.cold_restart()
        for stepper in self._remote_steppers:
            stepper.cold_restart()
        for target in self.targets.values():
            target.forget_written()
        plants = {name: plant_models.create(p.model.name, **p.parameters) for name, p in self.rig.plants.items()}
        if self.real_time:
            if snapshot is not None:
                raise ConfigError("snapshots restore virtual-time scenarios only; a real-time line cannot jump in time")
            cycle = self.rig.cycle_ns or reduce(math.gcd, (soft.cycle_ns for soft in self.soft_plcs.values()))
            if self.target_kind == "rig":
                self.write_safe_state()  # each scenario starts from the rig's safe state
            kernel = Kernel(self.rig, self.targets, plants, real_time_cycle_ns=cycle)
            kernel.write_sensors()  # the PLCs' first scans see the plant, not zeroed inputs
            self._scanners = [WallClockScanner(soft).start() for soft in self.soft_plcs.values()]
            return kernel
        kernel = Kernel(self.rig, self.targets, plants)
        if snapshot is not None:
            kernel.restore(snapshot)
        return kernel

    def _stop_scanners(self) -> None:
        for scanner in self._scanners:
            scanner.stop()
        self._scanners = []

    def close(self) -> None:
        """Put real PLCs in their safe state, disconnect every target, then stop the soft PLCs (snap7
        waits on connected clients otherwise)."""
        self._stop_scanners()
        errors: list[BaseException] = []
        try:
            self.write_safe_state()
        except Exception as exc:  # still close everything; the error is raised below
            errors.append(exc)
        for target in self.targets.values():
            try:
                target.close()
            except Exception as exc:  # keep closing the others; the first error is raised below
                errors.append(exc)
        for soft in self.soft_plcs.values():
            soft.stop()
        self.targets.clear()
        self.soft_plcs.clear()
        self._remote_steppers.clear()
        if errors:
            raise PlcError(f"closing the line's targets failed: {errors[0]}") from errors[0]

    def __enter__(self) -> Line:
        return self.open()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
