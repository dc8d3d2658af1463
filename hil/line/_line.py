"""A rig brought to life: targets made and connected, ready to run scenario after scenario.

Starting servers and connecting costs far more than a scenario's cold restart, so a :class:`Line`
lives for a whole test session and :meth:`Line.new_kernel` gives each scenario fresh plants, soft
PLCs in their cold-restart state, and virtual time zero. The line is the composition root: the
kernel receives finished targets and plant models and never builds one itself.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from functools import reduce
from types import TracebackType
from typing import Any

from hil.errors import ConfigError, PlcError
from hil.kernel import Kernel, KernelSnapshot, PlcProbe
from hil.line._builtin import TARGET_KINDS, pytest_hil_make_target
from hil.plc import BaseTarget, InProcessTarget, S7RemoteStepper
from hil.rig import PlcSpec, Rig
from hil.softplc import WallClockScanner

__all__ = ["Line", "MakeTarget"]

MakeTarget = Callable[[PlcSpec, str, "Line"], "BaseTarget | None"]
"""``(spec, target_kind, line) -> target``: the ``pytest_hil_make_target`` hook's signature."""


class Line:
    """The PLCs of a rig, started and connected.

    Args:
        rig: the loaded rig file.
        target_kind: one of :data:`TARGET_KINDS` (default ``"softplc"``).
        make_target: makes each PLC's target (default: the built-in targets). The pytest plugin passes
            the ``pytest_hil_make_target`` hook, whose built-in implementation runs last; a target it
            returns unconnected is connected here.
    """

    def __init__(self, rig: Rig, target_kind: str = "softplc", make_target: MakeTarget | None = None) -> None:
        if target_kind not in TARGET_KINDS:
            choices = ", ".join(f"'{k}'" for k in TARGET_KINDS)
            raise ConfigError(f"unknown target kind '{target_kind}'; choose {choices}")
        self.rig = rig
        self.target_kind = target_kind
        self._make_target: MakeTarget = make_target if make_target is not None else pytest_hil_make_target
        self.soft_plcs: dict[str, Any] = {}  # S7SoftPlc or LogixSoftPlc: one lifecycle (serve, cold_restart, close)
        self.targets: dict[str, BaseTarget] = {}
        self._scanners: list[WallClockScanner] = []
        self._remote_steppers: list[S7RemoteStepper] = []

    @property
    def real_time(self) -> bool:
        """Whether scenarios run in real time (a :class:`~hil.kernel.RealTimeLoop` drives the kernel)."""
        return self.target_kind in ("softplc-realtime", "rig")

    # -- what target makers register ------------------------------------------------------------
    def adopt_soft_plc(self, name: str, soft: Any) -> None:
        """A soft PLC the line now owns: cold-restarted for each scenario, stopped with the line."""
        self.soft_plcs[name] = soft

    def adopt_remote_stepper(self, stepper: S7RemoteStepper) -> None:
        """A soft PLC in another process: cold-restarted for each scenario through its stepper."""
        self._remote_steppers.append(stepper)

    # -- lifecycle --------------------------------------------------------------------------------
    def open(self) -> Line:
        try:
            for spec in self.rig.plcs.values():
                target = self._make_target(spec, self.target_kind, self)
                if target is None:
                    raise ConfigError(f"no target for PLC '{spec.name}' under --hil-target {self.target_kind}",
                                      where=spec.where)
                if not target.connected:
                    target.connect()
                self.targets[spec.name] = target
        except BaseException:
            self.close()
            raise
        return self

    def write_safe_state(self) -> None:
        """Write every real PLC's declared safe-state values (after each scenario, on abort, on close)."""
        for spec in self.rig.plcs.values():
            target = self.targets.get(spec.name)
            if target is None or not spec.safe_state or not target.connected:
                continue
            tags = [spec.tags[name] for name, _ in spec.safe_state]
            target.write(target.write_plan(tags), dict(spec.safe_state))

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
        plants = {name: p.create() for name, p in self.rig.plants.items()}
        if self.real_time:
            if snapshot is not None:
                raise ConfigError("snapshots restore virtual-time scenarios only; a real-time line cannot jump in time")
            cycle = self.rig.exchange_period_ns or reduce(math.gcd, (soft.cycle_ns for soft in self.soft_plcs.values()))
            if self.target_kind == "rig":
                self.write_safe_state()  # each scenario starts from the rig's safe state
            kernel = Kernel(self.rig, self.targets, plants, real_time_cycle_ns=cycle, probes=self.probes(),
                            scan_cycles_ns=self.scan_cycles_ns())
            kernel.write_sensors()  # the PLCs' first scans see the plant, not zeroed inputs
            self._scanners = [WallClockScanner(soft).start() for soft in self.soft_plcs.values()]
            return kernel
        kernel = Kernel(self.rig, self.targets, plants, probes=self.probes())
        if snapshot is not None:
            kernel.restore(snapshot)
        return kernel

    def probes(self) -> dict[str, PlcProbe]:
        """What the judge may see of each soft PLC past its exchange: its scan count, and (in virtual time,
        where no scan runs concurrently) its memory read directly."""
        return {name: _probe(name, soft, memory=not self.real_time) for name, soft in self.soft_plcs.items()}

    def scan_cycles_ns(self) -> dict[str, int]:
        """Each PLC's scan cycle where the line knows it: a soft PLC's program, a real PLC's rig entry
        (``scan_cycle``, when the rig file gives it). The judge's stated resolution rests on these."""
        cycles = {name: int(soft.cycle_ns) for name, soft in self.soft_plcs.items()}
        for spec in self.rig.plcs.values():
            given = getattr(spec, "scan_cycle_ns", None)  # the rig room's PlcSpec.scan_cycle_ns (contract)
            if spec.name not in cycles and given:
                cycles[spec.name] = int(given)
        return cycles

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
            soft.close()
        self.targets.clear()
        self.soft_plcs.clear()
        self._remote_steppers.clear()
        if errors:
            raise PlcError(f"closing the line's targets failed: {errors[0]}") from errors[0]

    def __enter__(self) -> Line:
        return self.open()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _probe(name: str, soft: Any, *, memory: bool) -> PlcProbe:
    """The judge's view of one soft PLC: its scan count, its scan trace and (when ``memory``) its memory
    read in process, past the exchange and its faults."""
    view = InProcessTarget(name, soft) if memory else None
    return PlcProbe(scans=lambda: int(soft.scans), memory=view, scan_trace=soft.scan_trace)
