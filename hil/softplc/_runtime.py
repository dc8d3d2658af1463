"""The scan runtime: runs the control program once per task interval on the virtual clock."""
from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import ContextManager

from hil.softplc._clock import VirtualClock
from hil.softplc._image import AreaKey, ProcessImage
from hil.softplc._program import ControlProgram, ProgramIO
from hil.tags import Area

__all__ = ["RuntimeSnapshot", "ScanRuntime"]


@dataclass(frozen=True)
class RuntimeSnapshot:
    """Everything a scan runtime needs to resume exactly where it was."""

    areas: dict[AreaKey, bytes]
    program: ControlProgram
    now_ns: int
    slots: int
    scans: int
    running: bool


class ScanRuntime:
    """Executes scans of ``program`` at multiples of its cycle time, in virtual time.

    Task slot k falls due at ``k * program.cycle_ns`` (never an accumulated float); in RUN each slot is
    one scan. In STOP the clock still advances but nothing scans, and the outputs (Q) hold 0, the
    substitute value of an S7 output module whose CPU stopped. ``guard`` wraps each scan; the S7 soft
    PLC passes its area locks there so a client never reads a half-written scan.
    """

    def __init__(
        self,
        image: ProcessImage,
        program: ControlProgram,
        guard: Callable[[], ContextManager[object]] = contextlib.nullcontext,
    ) -> None:
        if program.cycle_ns <= 0:
            raise ValueError(f"the program's cycle time must be positive, not {program.cycle_ns} ns")
        program.check(image.tags)
        bind = getattr(program, "bind", None)
        if callable(bind):  # a compiled ST program maps whole areas (its DBs) onto the image
            bind(image.areas)
        self.image = image
        self.program = program
        self.clock = VirtualClock()
        self.slots = 0
        self.scans = 0
        self.running = True
        self._io = ProgramIO(image)
        self._guard = guard

    @property
    def cycle_ns(self) -> int:
        return self.program.cycle_ns

    def advance(self, duration_ns: int) -> int:
        """Advance virtual time by ``duration_ns``, running every scan that falls due; returns the count."""
        target = self.clock.now_ns + duration_ns
        ran = 0
        while (self.slots + 1) * self.program.cycle_ns <= target:
            self.slots += 1
            self.clock.advance_to(self.slots * self.program.cycle_ns)
            if self.running:
                with self._guard():
                    self.program.scan(self._io, self.clock.now_ns)
                self.scans += 1
                ran += 1
        self.clock.advance_to(target)
        return ran

    def set_running(self, running: bool) -> None:
        """RUN or STOP. Going to STOP sets every output to 0; the program keeps its memory."""
        if self.running and not running:
            with self._guard():
                for (area, _), buffer in self.image:
                    if area is Area.Q:
                        buffer[:] = bytes(len(buffer))
        self.running = running

    def cold_restart(self) -> None:
        """Zero the memory, reset the program and the clock: the state after a cold start of a real CPU."""
        with self._guard():
            self.image.clear()
            self.program.reset()
        self.clock = VirtualClock()
        self.slots = 0
        self.scans = 0
        self.running = True

    def snapshot(self) -> RuntimeSnapshot:
        with self._guard():
            areas = {key: bytes(buffer) for key, buffer in self.image}
            program = copy.deepcopy(self.program)
        return RuntimeSnapshot(areas, program, self.clock.now_ns, self.slots, self.scans, self.running)

    def restore(self, snapshot: RuntimeSnapshot) -> None:
        """Resume from ``snapshot`` (memory in place, so a server keeps serving the same buffers)."""
        with self._guard():
            for key, buffer in self.image:
                buffer[:] = snapshot.areas[key]
            self.program = copy.deepcopy(snapshot.program)
        self.clock = VirtualClock(snapshot.now_ns)
        self.slots = snapshot.slots
        self.scans = snapshot.scans
        self.running = snapshot.running
