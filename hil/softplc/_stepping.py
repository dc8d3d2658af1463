"""Stepping a soft PLC in another process over S7: the control-DB handshake.

`hil softplc serve RIG --clock virtual --control-db N` serves a soft PLC whose virtual time advances
only when a client asks, through one extra data block, DB N (32 bytes, big-endian DWORDs):

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

The client writes bytes 0..11 in one S7 write. snap7 delivers the write event synchronously, before it
answers the write, so the step has run when the client's write returns; the client then reads bytes
12..31 once to check ``ack == request`` and the status. One write and one read per kernel cycle.
"""
from __future__ import annotations

import logging
import struct
import threading

from snap7.server import EVC_DATA_WRITE
from snap7.type import SrvArea, SrvEvent

from hil.softplc._runtime import ScanRuntime

__all__ = ["COLD_RESTART", "CONTROL_DB_SIZE", "ControlDb", "pack_request", "unpack_reply"]

CONTROL_DB_SIZE = 32
COLD_RESTART = 2**64 - 1
_REQUEST = struct.Struct(">III")        # request, advance high, advance low
_REPLY = struct.Struct(">IIIII")        # ack, status, now high, now low, cycle
_log = logging.getLogger(__name__)


def pack_request(sequence: int, advance_ns: int) -> bytes:
    return _REQUEST.pack(sequence & 0xFFFFFFFF, advance_ns >> 32, advance_ns & 0xFFFFFFFF)


def unpack_reply(data: bytes | bytearray) -> tuple[int, int, int, int]:
    """(ack, status, now_ns, cycle_ns) from bytes 12..31 of the control DB."""
    ack, status, now_high, now_low, cycle = _REPLY.unpack(bytes(data))
    return ack, status, (now_high << 32) | now_low, cycle


class ControlDb:
    """The server side: a data block whose writes step ``runtime`` (see the module docstring)."""

    def __init__(self, number: int, runtime: ScanRuntime, lock: threading.Lock) -> None:
        self.number = number
        self.buffer = bytearray(CONTROL_DB_SIZE)
        self._runtime = runtime
        self._lock = lock  # serialises steps from several clients
        self._publish(ack=0, status=0)

    def _publish(self, ack: int, status: int) -> None:
        now = self._runtime.clock.now_ns
        self.buffer[12:32] = _REPLY.pack(ack, status, now >> 32, now & 0xFFFFFFFF, self._runtime.cycle_ns)

    def on_event(self, event: SrvEvent) -> None:
        """snap7 event callback: a write into bytes 0..11 of the control DB is a step request."""
        if event.EvtCode != EVC_DATA_WRITE or event.EvtParam1 != SrvArea.DB or event.EvtParam2 != self.number:
            return
        if event.EvtParam3 != 0 or event.EvtParam4 < _REQUEST.size:
            return  # not a whole request (a client reading our reply area back, a partial write)
        with self._lock:
            sequence, high, low = _REQUEST.unpack(bytes(self.buffer[0:12]))
            advance = (high << 32) | low
            try:
                if advance == COLD_RESTART:
                    self._runtime.cold_restart()
                else:
                    self._runtime.advance(advance)
                status = 0
            except Exception:  # the server must answer; the client sees status 1 and fails the scenario
                _log.exception("soft PLC step %d failed", sequence)
                status = 1
            self._publish(ack=sequence, status=status)
