"""The scan runtime: one scheduler for both vendors, on the virtual clock.

It runs a program (:mod:`hil.softplc._program`) over a memory (:mod:`hil.softplc._memory`): the cyclic program
at multiples of the cycle (OB1 / the Logix periodic task), cyclic interrupt OBs (OB30–OB38) at their own
intervals in between, the startup (OB100 / the Logix prescan) before the first scan after every start. It counts
completed scans, keeps STOP/RUN with the restart semantics of the CPUs, and appends every scan's watched values
to the :class:`~hil.softplc.ScanTrace`. Vendor facts come from the memory, the program and the facades
(:class:`~hil.softplc.S7SoftPlc`, :class:`~hil.softplc.LogixSoftPlc`); there is no vendor branch here.
"""
from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hil.errors import ConfigError, close_matches
from hil.softplc._clock import VirtualClock
from hil.softplc._memory import Memory
from hil.softplc._program import cyclic_obs, reset_program
from hil.softplc._trace import ScanTrace
from hil.units import format_duration

__all__ = ["CyclicOb", "RuntimeSnapshot", "ScanRuntime"]


@dataclass(frozen=True)
class CyclicOb:
    """A cyclic interrupt OB as scheduled: it starts at ``phase_ns + k * interval_ns`` (k ≥ 0, after time 0)."""

    name: str
    interval_ns: int
    phase_ns: int = 0

    def first_due(self) -> int:
        return self.phase_ns if self.phase_ns > 0 else self.interval_ns


@dataclass(frozen=True)
class RuntimeSnapshot:
    """Everything a scan runtime needs to resume exactly where it was."""

    memory: object
    program: Any
    now_ns: int
    slots: int
    scans: int
    running: bool
    startup_pending: bool = False
    ob_next: dict[str, int] = field(default_factory=dict)


class _NoProgram:
    """A PLC without a program (a Logix project served for its tags only): scans run and change nothing."""

    cycle_ns = 0
    cyclic_obs = ()

    def check(self, memory: Any) -> None:
        pass

    def reset(self, kind: str) -> None:
        pass

    def scan(self, io: Any, now_ns: int) -> None:
        pass


class ScanRuntime:
    """Executes ``program`` on the virtual clock.

    Task slot k of the cyclic program falls due at ``k * cycle_ns`` (never an accumulated float); in RUN each
    slot is one scan. A cyclic interrupt OB falls due at its own times; when it and OB1 are due at the same
    instant it runs first (it has the higher priority). In STOP (Logix: PROG) the clock still advances but
    nothing runs and no scan is counted; the outputs do what the memory says (:meth:`Memory.stop_outputs`).
    Leaving STOP is a warm restart (``program.reset("warm")``, then the startup before the next scan). Every
    scan holds ``memory.lock``, so a client never reads a half-written scan.

    Args:
        memory: the PLC's memory.
        program: what to scan (``None``: nothing runs, scans still count).
        cycle_ns: the scan interval; default the program's ``cycle_ns``.
        cyclic_obs: intervals by OB name that override the program's (the rig's ``cyclic`` table).

    Raises:
        ConfigError: a cyclic OB without an interval, an override for an OB the program does not have, or a
            program that declares cyclic OBs but cannot run one.
    """

    def __init__(self, memory: Memory, program: Any | None = None, *, cycle_ns: int | None = None,
                 cyclic_obs: Mapping[str, int] | None = None) -> None:
        self.memory = memory
        self.program: Any = program if program is not None else _NoProgram()
        cycle = cycle_ns if cycle_ns is not None else self.program.cycle_ns
        if cycle is None or cycle <= 0:
            raise ValueError(f"the program's cycle time must be positive, not {cycle} ns")
        self.cycle_ns: int = cycle
        self.cyclic: tuple[CyclicOb, ...] = _schedule(self.program, cyclic_obs or {})
        memory.attach(self.program)
        self.clock = VirtualClock()
        self.slots = 0
        self.scans = 0
        self.running = True
        self.trace: ScanTrace | None = None
        self._io = memory.program_io()
        self._startup_pending = True  # a power-up is a start: the startup runs before the first scan
        self._ob_next = {ob.name: ob.first_due() for ob in self.cyclic}

    @property
    def now_ns(self) -> int:
        return self.clock.now_ns

    def advance(self, duration_ns: int) -> int:
        """Advance virtual time by ``duration_ns``, running everything that falls due; returns the scans run."""
        if duration_ns < 0:
            raise ValueError(f"cannot advance by a negative duration ({duration_ns} ns)")
        target = self.clock.now_ns + duration_ns
        ran = 0
        cycle = self.cycle_ns
        while True:
            next_scan = (self.slots + 1) * cycle
            next_ob = min(self._ob_next.values(), default=next_scan)
            due = min(next_scan, next_ob)
            if due > target:
                break
            self.clock.advance_to(due)
            if next_ob == due:
                self._run_cyclic_obs(due)
            if next_scan == due:
                self.slots += 1
                if self.running:
                    self._scan_once()
                    ran += 1
        self.clock.advance_to(target)
        return ran

    def _run_cyclic_obs(self, now: int) -> None:
        for ob in self.cyclic:  # in OB order: OB30 before OB31 (declaration order of the program)
            if self._ob_next[ob.name] != now:
                continue
            self._ob_next[ob.name] = now + ob.interval_ns  # the grid goes on in STOP, nothing runs
            if self.running:
                with self.memory.lock:
                    self._startup_if_pending(now)
                    self.program.run_ob(ob.name, self._io, now)

    def _startup_if_pending(self, now: int) -> None:
        if self._startup_pending:
            self._startup_pending = False
            startup = getattr(self.program, "startup", None)
            if callable(startup):
                startup(self._io, now)

    def _scan_once(self) -> None:
        now = self.clock.now_ns
        with self.memory.lock:
            self._startup_if_pending(now)
            self.program.scan(self._io, now)
            self.scans += 1
            if self.trace is not None and self.trace.watched:
                self.trace.record(self.scans, now)

    def set_running(self, running: bool) -> None:
        """RUN or STOP. Going to STOP applies the vendor's output behaviour; leaving STOP is a warm restart
        (S7-1500: non-retentive data to start values, OB100; Logix: the prescan, then ``S:FS``)."""
        if self.running and not running:
            with self.memory.lock:
                self.memory.stop_outputs()
        elif running and not self.running:
            self._restart("warm")
        self.running = running

    def _restart(self, kind: str) -> None:
        with self.memory.lock:  # one hold: no client reads memory cleared but not yet re-initialised
            if kind == "cold":
                self.memory.clear()
            reset_program(self.program, kind)
        self._startup_pending = True

    def cold_restart(self) -> None:
        """Memory cleared, the program reset, the clock and the scan count back to zero, RUN."""
        self._restart("cold")
        self.clock = VirtualClock()
        self.slots = 0
        self.scans = 0
        self.running = True
        self._ob_next = {ob.name: ob.first_due() for ob in self.cyclic}
        if self.trace is not None:
            self.trace.clear()

    def warm_restart(self) -> None:
        """The warm restart of a STOP → RUN without the STOP: retain data kept, the rest to start values, the
        startup again before the next scan; virtual time and the scan count go on."""
        self._restart("warm")

    def snapshot(self) -> RuntimeSnapshot:
        with self.memory.lock:
            memory = self.memory.snapshot()
            program = copy.deepcopy(self.program)
        return RuntimeSnapshot(memory, program, self.clock.now_ns, self.slots, self.scans, self.running,
                               self._startup_pending, dict(self._ob_next))

    def restore(self, snapshot: RuntimeSnapshot) -> None:
        """Resume from ``snapshot`` (memory in place, so a server keeps serving the same buffers)."""
        with self.memory.lock:
            self.memory.restore(snapshot.memory)
            self.program = copy.deepcopy(snapshot.program)
        self.clock = VirtualClock(snapshot.now_ns)
        self.slots = snapshot.slots
        self.scans = snapshot.scans
        self.running = snapshot.running
        self._startup_pending = snapshot.startup_pending
        self._ob_next = dict(snapshot.ob_next)
        if self.trace is not None:
            self.trace.rewind(snapshot.scans)


def _schedule(program: Any, overrides: Mapping[str, int]) -> tuple[CyclicOb, ...]:
    """The cyclic OBs to schedule: the program's, with the rig's intervals over them (see the class)."""
    declared = {entry[0]: entry for entry in cyclic_obs(program)}
    unknown = [name for name in overrides if name not in declared]
    if unknown:
        have = ", ".join(declared) or "none"
        raise ConfigError(f"no cyclic interrupt OB '{unknown[0]}' in the program (it has: {have})",
                          suggestions=close_matches(unknown[0], list(declared)))
    obs = []
    for name, entry in declared.items():
        interval = overrides.get(name, entry[1])
        phase = int(entry[2]) if len(entry) > 2 and entry[2] is not None else 0
        if interval is None:
            raise ConfigError(f"cyclic interrupt OB '{name}' has no interval: give its cyclic time in the source "
                              f"or in the rig file (cyclic = {{{name} = \"100 ms\"}})")
        if interval <= 0 or phase < 0:
            raise ConfigError(f"cyclic interrupt OB '{name}': the interval must be positive and the phase not "
                              f"negative, not {format_duration(interval)} / {format_duration(phase)}")
        if not callable(getattr(program, "run_ob", None)):
            raise ConfigError(f"the program cannot run cyclic interrupt OB '{name}' (it has no run_ob)")
        obs.append(CyclicOb(name, int(interval), phase))
    return tuple(obs)
