"""Stepping a Logix soft PLC in virtual time over the wire: a vendor-specific CIP object. No I/O.

A kernel in another process (``hil softplc serve --l5x FILE --clock virtual``) advances the soft PLC through
the "HIL virtual time" object, class 0x390 (vendor-specific range), instance 1. Requests go over the same
class-3 connection as the tag traffic, so a step is ordered with the writes before it and the reads after it.

    Get_Attributes_All 0x01        reply: ULINT now_ns | ULINT cycle_ns | ULINT scans
    Advance            0x4B        request: ULINT duration_ns; reply: ULINT now_ns | UDINT scans run
    Reset              0x05        a cold restart (tags to initial values, program reset, time 0); reply: ULINT now_ns

The object exists only on a soft PLC started with ``remote_stepping=True``; elsewhere the class is unknown
(0x05), so a kernel can never step a real controller by mistake.
"""
from __future__ import annotations

import struct
from typing import Protocol

from hil.softplc.logix._cip import CipError, Status

__all__ = ["ADVANCE", "RESET", "VIRTUAL_TIME_CLASS", "Steppable", "VirtualTimeObject"]

VIRTUAL_TIME_CLASS = 0x390
ADVANCE = 0x4B
RESET = 0x05
_MAX_STEP_NS = 3_600 * 1_000_000_000  # one request never runs more than an hour of scans


class Steppable(Protocol):
    cycle_ns: int
    scans: int

    @property
    def now_ns(self) -> int: ...

    def advance(self, duration_ns: int) -> int: ...

    def cold_restart(self) -> None: ...


class VirtualTimeObject:
    """Answers the virtual time object's services for one soft PLC (the caller holds the tag database lock)."""

    def __init__(self, plc: Steppable) -> None:
        self.plc = plc

    def handle(self, service: int, data: bytes) -> bytes:
        if service == 0x01:
            return struct.pack("<QQQ", self.plc.now_ns, self.plc.cycle_ns, self.plc.scans)
        if service == ADVANCE:
            if len(data) < 8:
                raise CipError(Status.NOT_ENOUGH_DATA, "Advance needs a ULINT duration in ns")
            (duration,) = struct.unpack_from("<Q", data)
            if duration > _MAX_STEP_NS:
                raise CipError(Status.INVALID_PARAMETER, f"a step of {duration} ns is more than an hour")
            ran = self.plc.advance(duration)
            return struct.pack("<QI", self.plc.now_ns, ran)
        if service == RESET:
            self.plc.cold_restart()
            return struct.pack("<Q", self.plc.now_ns)
        raise CipError(Status.SERVICE_NOT_SUPPORTED, f"service 0x{service:02X} on the virtual time object")
