"""The server side of the S7 stepping control block: a data block whose writes step the soft PLC.

The layout and the handshake are :mod:`hil.wire`'s S7 stepping codec, shared with the client
(:class:`hil.plc.S7RemoteStepper`); this module only applies the requests to a scan runtime. snap7 delivers
the write event synchronously, before it answers the write, so the step has run when the client's write returns.
"""
from __future__ import annotations

import logging
import threading

from snap7.server import EVC_DATA_WRITE
from snap7.type import SrvArea, SrvEvent

from hil.softplc._runtime import ScanRuntime
from hil.wire import (
    COLD_RESTART,
    CONTROL_DB_SIZE,
    STEP_REPLY_OFFSET,
    STEP_REQUEST_SIZE,
    pack_step_reply,
    unpack_step_request,
)

__all__ = ["ControlDb"]

_log = logging.getLogger(__name__)


class ControlDb:
    """The server side: a data block whose writes step ``runtime`` (see :mod:`hil.wire`'s S7 stepping codec)."""

    def __init__(self, number: int, runtime: ScanRuntime, lock: threading.Lock) -> None:
        self.number = number
        self.buffer = bytearray(CONTROL_DB_SIZE)
        self._runtime = runtime
        self._lock = lock  # serialises steps from several clients
        self._publish(ack=0, status=0)

    def _publish(self, ack: int, status: int) -> None:
        reply = pack_step_reply(ack, status, self._runtime.clock.now_ns, self._runtime.cycle_ns)
        self.buffer[STEP_REPLY_OFFSET:STEP_REPLY_OFFSET + len(reply)] = reply

    def on_event(self, event: SrvEvent) -> None:
        """snap7 event callback: a write into bytes 0..11 of the control DB is a step request."""
        if event.EvtCode != EVC_DATA_WRITE or event.EvtParam1 != SrvArea.DB or event.EvtParam2 != self.number:
            return
        if event.EvtParam3 != 0 or event.EvtParam4 < STEP_REQUEST_SIZE:
            return  # not a whole request (a client reading our reply area back, a partial write)
        with self._lock:
            sequence, advance = unpack_step_request(self.buffer)
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
