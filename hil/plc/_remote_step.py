"""Advancing a soft PLC that runs in another process, over S7, through its control DB.

The handshake is specified in :mod:`hil.softplc._stepping`: one write asks for a step (the server
runs it before it answers), one read confirms it. A missing acknowledgement or a failed step raises
an error naming the PLC; nothing is retried silently.
"""
from __future__ import annotations

from typing import Any

from hil.errors import PlcError, PlcProtocolError
from hil.plc._plans import Block
from hil.plc._s7 import S7Target
from hil.softplc._stepping import COLD_RESTART, CONTROL_DB_SIZE, pack_request, unpack_reply
from hil.tags import Area

__all__ = ["S7RemoteStepper"]


class S7RemoteStepper:
    """Steps the soft PLC behind ``target`` (a connected :class:`S7Target`) through DB ``db``."""

    def __init__(self, target: S7Target, db: int) -> None:
        self.target = target
        self.db = db
        self._request = Block(Area.DB, db, 0, 12)
        self._reply = Block(Area.DB, db, 12, CONTROL_DB_SIZE - 12)
        ack, _, self.now_ns, self.cycle_ns = self._read_reply()
        if self.cycle_ns <= 0:
            raise PlcProtocolError(f"PLC '{target.name}': DB{db} is not a soft PLC control DB (cycle 0)")
        self._sequence = ack

    def _read_reply(self) -> tuple[int, int, int, int]:
        (data,) = self.target.read_blocks([self._reply])
        return unpack_reply(data)

    def advance(self, duration_ns: int) -> int:
        self._step(duration_ns)
        return 0

    def cold_restart(self) -> None:
        """Zero the remote soft PLC's memory, reset its program and clock (before each scenario)."""
        self._step(COLD_RESTART)

    def _step(self, advance_ns: int) -> None:
        self._sequence = (self._sequence + 1) & 0xFFFFFFFF
        self.target.write_blocks([(self._request, pack_request(self._sequence, advance_ns))])
        ack, status, self.now_ns, _ = self._read_reply()
        if ack != self._sequence:
            raise PlcProtocolError(f"PLC '{self.target.name}': step {self._sequence} was not acknowledged "
                                   f"(DB{self.db} shows {ack}); is another kernel stepping it?")
        if status != 0:
            raise PlcError(f"PLC '{self.target.name}': step {self._sequence} failed on the soft PLC; see its log")

    def snapshot(self) -> Any:
        raise PlcError(f"PLC '{self.target.name}' runs in another process; its state cannot be saved from here")

    def restore(self, snapshot: Any) -> None:
        raise PlcError(f"PLC '{self.target.name}' runs in another process; its state cannot be restored from here")
