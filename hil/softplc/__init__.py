"""Soft PLCs for CI: a scan runtime on a virtual clock, its memory served over the real protocol."""
from __future__ import annotations

from hil.softplc._clock import VirtualClock
from hil.softplc._image import ProcessImage
from hil.softplc._program import ControlProgram, ProgramIO
from hil.softplc._runtime import RuntimeSnapshot, ScanRuntime
from hil.softplc._s7server import RequestCounters, S7SoftPlc
from hil.softplc._stlogix import LogixStProgram
from hil.softplc._stplc import LogixPlc, SoftPlc
from hil.softplc.logix import LogixSoftPlc
from hil.softplc._wallclock import WallClockScanner

__all__ = [
    "ControlProgram",
    "LogixPlc",
    "LogixSoftPlc",
    "LogixStProgram",
    "ProcessImage",
    "ProgramIO",
    "RequestCounters",
    "RuntimeSnapshot",
    "S7SoftPlc",
    "SoftPlc",
    "ScanRuntime",
    "VirtualClock",
    "WallClockScanner",
]
