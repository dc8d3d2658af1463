"""The CIP virtual time object: how a kernel steps a Logix soft PLC in another process. No I/O.

A kernel in another process (``hil softplc serve --l5x FILE --clock virtual``) advances the soft PLC through
the "HIL virtual time" object, class 0x390 (vendor-specific range), instance 1. Requests go over the same
class-3 connection as the tag traffic, so a step is ordered with the writes before it and the reads after it.

====================== ======= ============================================= =====================================
service                code    request data                                  reply data
====================== ======= ============================================= =====================================
Get_Attributes_All     0x01    —                                             ULINT now_ns, ULINT cycle_ns,
                                                                             ULINT scans
Advance                0x4B    ULINT duration_ns (at most one hour)          ULINT now_ns, UDINT scans run
Reset                  0x05    —  (a cold restart: tags to initial values,   ULINT now_ns
                               program reset, time 0)
====================== ======= ============================================= =====================================

The object exists only on a soft PLC started with ``remote_stepping=True``; elsewhere the class is unknown
(CIP status 0x05), so a kernel can never step a real controller by mistake. Server side: ``decode_advance`` and
the ``encode_*_reply`` functions; client side: ``encode_advance`` and the ``decode_*_reply`` functions. A reply
too short to decode raises :class:`ValueError`; a bad request raises :class:`~hil.wire.CipError`.
"""
from __future__ import annotations

import struct
from typing import NamedTuple

from hil.wire._cip import CipError, CipStatus

__all__ = [
    "VT_ADVANCE",
    "VT_GET_ALL",
    "VT_INSTANCE",
    "VT_MAX_STEP_NS",
    "VT_RESET",
    "VIRTUAL_TIME_CLASS",
    "VirtualTimeState",
    "decode_advance",
    "decode_advance_reply",
    "decode_attributes_reply",
    "decode_reset_reply",
    "encode_advance",
    "encode_advance_reply",
    "encode_attributes_reply",
    "encode_reset_reply",
]

VIRTUAL_TIME_CLASS = 0x390
VT_INSTANCE = 1
VT_GET_ALL = 0x01
VT_ADVANCE = 0x4B
VT_RESET = 0x05
VT_MAX_STEP_NS = 3_600 * 1_000_000_000  # one request never runs more than an hour of scans

_ATTRIBUTES = struct.Struct("<QQQ")
_ADVANCE = struct.Struct("<Q")
_ADVANCE_REPLY = struct.Struct("<QI")
_RESET_REPLY = struct.Struct("<Q")


class VirtualTimeState(NamedTuple):
    """Get_Attributes_All of the virtual time object."""

    now_ns: int
    cycle_ns: int
    scans: int


# -- client side ------------------------------------------------------------------------------------------
def encode_advance(duration_ns: int) -> bytes:
    if not 0 <= duration_ns <= VT_MAX_STEP_NS:
        raise ValueError(f"one step advances by 0 ns to one hour, not {duration_ns} ns")
    return _ADVANCE.pack(duration_ns)


def _unpack(layout: struct.Struct, data: bytes, what: str) -> tuple[int, ...]:
    if len(data) < layout.size:
        raise ValueError(f"{what} reply of {len(data)} bytes; the virtual time object sends {layout.size}")
    return layout.unpack_from(data)


def decode_attributes_reply(data: bytes) -> VirtualTimeState:
    return VirtualTimeState(*_unpack(_ATTRIBUTES, data, "Get_Attributes_All"))


def decode_advance_reply(data: bytes) -> tuple[int, int]:
    """(now_ns, scans run) after an Advance."""
    now_ns, ran = _unpack(_ADVANCE_REPLY, data, "Advance")
    return now_ns, ran


def decode_reset_reply(data: bytes) -> int:
    """now_ns after a Reset."""
    return _unpack(_RESET_REPLY, data, "Reset")[0]


# -- server side ------------------------------------------------------------------------------------------
def decode_advance(data: bytes) -> int:
    """The duration an Advance request asks for; too short or too long is a CIP error."""
    if len(data) < _ADVANCE.size:
        raise CipError(CipStatus.NOT_ENOUGH_DATA, "Advance needs a ULINT duration in ns")
    (duration,) = _ADVANCE.unpack_from(data)
    if duration > VT_MAX_STEP_NS:
        raise CipError(CipStatus.INVALID_PARAMETER, f"a step of {duration} ns is more than an hour")
    return int(duration)


def encode_attributes_reply(now_ns: int, cycle_ns: int, scans: int) -> bytes:
    return _ATTRIBUTES.pack(now_ns, cycle_ns, scans)


def encode_advance_reply(now_ns: int, ran: int) -> bytes:
    return _ADVANCE_REPLY.pack(now_ns, ran)


def encode_reset_reply(now_ns: int) -> bytes:
    return _RESET_REPLY.pack(now_ns)
