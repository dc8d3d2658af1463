"""The scan runtime: one scheduler for both vendors, on the virtual clock.

It runs a program (:mod:`hil.softplc._program`) over a memory (:mod:`hil.softplc._memory`) at multiples of the
program's cycle (OB1 / the Logix periodic task), counts the completed scans, keeps STOP/RUN, and appends every
scan's watched values to the :class:`~hil.softplc.ScanTrace`. Vendor facts come from the memory and the
facades (:class:`~hil.softplc.S7SoftPlc`, :class:`~hil.softplc.LogixSoftPlc`); there is no vendor branch here.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from hil.softplc._clock import VirtualClock
from hil.softplc._memory import Memory
from hil.softplc._program import reset_program
from hil.softplc._trace import ScanTrace

__all__ = ["RuntimeSnapshot", "ScanRuntime"]


@dataclass(frozen=True)
class RuntimeSnapshot:
    """Everything a scan runtime needs to resume exactly where it was."""

    memory: object
    program: Any
    now_ns: int
    slots: int
    scans: int
    running: bool


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
    """Executes scans of ``program`` at multiples of the cycle, in virtual time.

    Task slot k falls due at ``k * cycle_ns`` (never an accumulated float); in RUN each slot is one scan. In
    STOP (Logix: PROG) the clock still advances but nothing scans and no scan is counted; the outputs do what
    the memory says (:meth:`Memory.stop_outputs`). Every scan holds ``memory.lock``, so a client never reads
    a half-written scan.

    Args:
        memory: the PLC's memory.
        program: what to scan (``None``: nothing runs, scans still count).
        cycle_ns: the scan interval; default the program's ``cycle_ns``.
    """

    def __init__(self, memory: Memory, program: Any | None = None, *, cycle_ns: int | None = None) -> None:
        self.memory = memory
        self.program: Any = program if program is not None else _NoProgram()
        cycle = cycle_ns if cycle_ns is not None else self.program.cycle_ns
        if cycle is None or cycle <= 0:
            raise ValueError(f"the program's cycle time must be positive, not {cycle} ns")
        self.cycle_ns: int = cycle
        memory.attach(self.program)
        self.clock = VirtualClock()
        self.slots = 0
        self.scans = 0
        self.running = True
        self.trace: ScanTrace | None = None
        self._io = memory.program_io()

    @property
    def now_ns(self) -> int:
        return self.clock.now_ns

    def advance(self, duration_ns: int) -> int:
        """Advance virtual time by ``duration_ns``, running every scan that falls due; returns the count."""
        if duration_ns < 0:
            raise ValueError(f"cannot advance by a negative duration ({duration_ns} ns)")
        target = self.clock.now_ns + duration_ns
        ran = 0
        cycle = self.cycle_ns
        while (self.slots + 1) * cycle <= target:
            self.slots += 1
            self.clock.advance_to(self.slots * cycle)
            if self.running:
                self._scan_once()
                ran += 1
        self.clock.advance_to(target)
        return ran

    def _scan_once(self) -> None:
        now = self.clock.now_ns
        with self.memory.lock:
            self.program.scan(self._io, now)
            self.scans += 1
            if self.trace is not None and self.trace.watched:
                self.trace.record(self.scans, now)

    def set_running(self, running: bool) -> None:
        """RUN or STOP. Going to STOP applies the vendor's output behaviour; the program keeps its memory."""
        if self.running and not running:
            with self.memory.lock:
                self.memory.stop_outputs()
        self.running = running

    def cold_restart(self) -> None:
        """Memory cleared, the program reset, the clock and the scan count back to zero, RUN."""
        with self.memory.lock:
            self.memory.clear()
            reset_program(self.program, "cold")
        self.clock = VirtualClock()
        self.slots = 0
        self.scans = 0
        self.running = True
        if self.trace is not None:
            self.trace.clear()

    def warm_restart(self) -> None:
        """The program's warm restart (retain data kept, the rest to start values); virtual time goes on."""
        with self.memory.lock:
            reset_program(self.program, "warm")

    def snapshot(self) -> RuntimeSnapshot:
        with self.memory.lock:
            memory = self.memory.snapshot()
            program = copy.deepcopy(self.program)
        return RuntimeSnapshot(memory, program, self.clock.now_ns, self.slots, self.scans, self.running)

    def restore(self, snapshot: RuntimeSnapshot) -> None:
        """Resume from ``snapshot`` (memory in place, so a server keeps serving the same buffers)."""
        with self.memory.lock:
            self.memory.restore(snapshot.memory)
            self.program = copy.deepcopy(snapshot.program)
        self.clock = VirtualClock(snapshot.now_ns)
        self.slots = snapshot.slots
        self.scans = snapshot.scans
        self.running = snapshot.running
        if self.trace is not None:
            self.trace.rewind(snapshot.scans)
