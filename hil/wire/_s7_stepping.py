"""The S7 stepping control block: how a kernel steps a soft PLC in another process over S7. No I/O.

``hil softplc serve RIG --clock virtual --control-db N`` serves a soft PLC whose virtual time advances only
when a client asks, through one extra data block, DB N (32 bytes, big-endian DWORDs):

====== ================= =====================================================================
offset field             meaning
====== ================= =====================================================================
0      request           sequence number of the step the client asks for (any value ≠ ack)
4, 8   advance_ns        how much virtual time to run, in ns (high and low 32 bits); all ones
                         (2**64 - 1) asks for a cold restart instead
12     ack               the last request the soft PLC completed
16     status            0 = the step ran; 1 = it failed (the soft PLC's log says why)
20, 24 now_ns            the soft PLC's virtual time after the step (high and low 32 bits)
28     cycle_ns          the program's task interval in ns
====== ================= =====================================================================

The client writes bytes 0..11 in one S7 write (:func:`pack_step_request`); the server runs the step before it
answers that write, then publishes bytes 12..31 (:func:`pack_step_reply`); the client reads them back once
(:func:`unpack_step_reply`) to check ``ack == request`` and the status. One write and one read per kernel cycle.
"""
from __future__ import annotations

import struct
from typing import NamedTuple

__all__ = [
    "COLD_RESTART",
    "CONTROL_DB_SIZE",
    "STEP_REPLY_OFFSET",
    "STEP_REPLY_SIZE",
    "STEP_REQUEST_SIZE",
    "StepReply",
    "pack_step_reply",
    "pack_step_request",
    "unpack_step_reply",
    "unpack_step_request",
]

CONTROL_DB_SIZE = 32
COLD_RESTART = 2**64 - 1
_REQUEST = struct.Struct(">III")        # request, advance high, advance low
_REPLY = struct.Struct(">IIIII")        # ack, status, now high, now low, cycle
STEP_REQUEST_SIZE = _REQUEST.size       # bytes 0..11
STEP_REPLY_OFFSET = _REQUEST.size       # the reply starts where the request ends
STEP_REPLY_SIZE = _REPLY.size           # bytes 12..31


class StepReply(NamedTuple):
    """What the soft PLC publishes after a step."""

    ack: int
    status: int
    now_ns: int
    cycle_ns: int


def pack_step_request(sequence: int, advance_ns: int) -> bytes:
    """Bytes 0..11: ask for step ``sequence`` (mod 2**32) running ``advance_ns`` (or :data:`COLD_RESTART`)."""
    if not 0 <= advance_ns <= COLD_RESTART:
        raise ValueError(f"a step advances by 0 to 2**64 - 1 ns, not {advance_ns}")
    return _REQUEST.pack(sequence & 0xFFFFFFFF, advance_ns >> 32, advance_ns & 0xFFFFFFFF)


def unpack_step_request(data: bytes | bytearray) -> tuple[int, int]:
    """(sequence, advance_ns) from bytes 0..11 of the control block."""
    sequence, high, low = _REQUEST.unpack(bytes(data[:STEP_REQUEST_SIZE]))
    return sequence, (high << 32) | low


def pack_step_reply(ack: int, status: int, now_ns: int, cycle_ns: int) -> bytes:
    """Bytes 12..31: the step ``ack`` ran (``status`` 0) or failed (1); the clock and the task interval after it."""
    return _REPLY.pack(ack & 0xFFFFFFFF, status, (now_ns >> 32) & 0xFFFFFFFF, now_ns & 0xFFFFFFFF, cycle_ns)


def unpack_step_reply(data: bytes | bytearray) -> StepReply:
    """Decode bytes 12..31 of the control block."""
    ack, status, now_high, now_low, cycle = _REPLY.unpack(bytes(data[:STEP_REPLY_SIZE]))
    return StepReply(ack, status, (now_high << 32) | now_low, cycle)
