"""The scan runtime: runs the control program once per task interval on the virtual clock."""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import ContextManager

from hil.softplc._clock import VirtualClock
from hil.softplc._image import ProcessImage
from hil.softplc._program import ControlProgram, ProgramIO

__all__ = ["ScanRuntime"]


class ScanRuntime:
    """Executes scans of ``program`` at multiples of its cycle time, in virtual time.

    Scan k runs at ``k * program.cycle_ns`` (never an accumulated float). ``guard`` wraps each scan;
    the S7 soft PLC passes its area locks there so a client never reads a half-written scan.
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
        self.image = image
        self.program = program
        self.clock = VirtualClock()
        self.scans = 0
        self._io = ProgramIO(image)
        self._guard = guard

    @property
    def cycle_ns(self) -> int:
        return self.program.cycle_ns

    def advance(self, duration_ns: int) -> int:
        """Advance virtual time by ``duration_ns``, running every scan that falls due; returns the count."""
        target = self.clock.now_ns + duration_ns
        ran = 0
        while (self.scans + 1) * self.program.cycle_ns <= target:
            self.clock.advance_to((self.scans + 1) * self.program.cycle_ns)
            with self._guard():
                self.program.scan(self._io, self.clock.now_ns)
            self.scans += 1
            ran += 1
        self.clock.advance_to(target)
        return ran

    def cold_restart(self) -> None:
        """Zero the memory, reset the program and the clock: the state after a cold start of a real CPU."""
        with self._guard():
            self.image.clear()
            self.program.reset()
        self.clock = VirtualClock()
        self.scans = 0
