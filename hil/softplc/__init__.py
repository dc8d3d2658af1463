"""Soft PLCs for CI: one scan runtime on a virtual clock for both vendors, served over the real protocol.

The two facades, :class:`S7SoftPlc` (S7-1500: process image + DBs, python-snap7 front end) and
:class:`LogixSoftPlc` (ControlLogix: tag database, EtherNet/IP + CIP front end), have the same methods;
both run on one :class:`ScanRuntime` over one :class:`Memory` protocol and one :class:`ControlProgram`
protocol, and record watched tags after every scan in their :class:`ScanTrace`.
"""
from __future__ import annotations

from hil.softplc._clock import VirtualClock
from hil.softplc._image import ProcessImage, ProgramIO
from hil.softplc._memory import Memory
from hil.softplc._program import ControlProgram
from hil.softplc._runtime import RuntimeSnapshot, ScanRuntime
from hil.softplc._s7 import S7SoftPlc
from hil.softplc._s7server import RequestCounters
from hil.softplc._stlogix import LogixStProgram
from hil.softplc._trace import ScanRecord, ScanTrace, ScanTraceGap
from hil.softplc._wallclock import WallClockScanner
from hil.softplc.logix import LogixIO, LogixSoftPlc, TagDatabase

__all__ = [
    "ControlProgram",
    "LogixIO",
    "LogixSoftPlc",
    "LogixStProgram",
    "Memory",
    "ProcessImage",
    "ProgramIO",
    "RequestCounters",
    "RuntimeSnapshot",
    "S7SoftPlc",
    "ScanRecord",
    "ScanRuntime",
    "ScanTrace",
    "ScanTraceGap",
    "TagDatabase",
    "VirtualClock",
    "WallClockScanner",
]
