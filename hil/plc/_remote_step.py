"""Stepping a soft PLC that runs in another process, in virtual time, over its own protocol.

* S7: through the stepping control block, a data block (:mod:`hil.wire`'s S7 stepping codec): one write asks
  for a step (the server runs it before it answers), one read confirms it.
* Logix: through the CIP virtual time object, class 0x390 (:mod:`hil.wire`'s CIP stepping codec), on the
  target's class-3 connection, so a step is ordered with the tag writes before it and the reads after it.

A missing acknowledgement or a failed step raises an error naming the PLC; nothing is retried silently. Both
steppers are :class:`~hil.plc.Steppable`; what their protocol cannot do (save a remote PLC's state) is refused
with the reason.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pycomm3.exceptions import PycommError

from hil.errors import PlcConnectionError, PlcError, PlcProtocolError
from hil.plc._plans import Block
from hil.tags import Area
from hil.wire import (
    COLD_RESTART,
    STEP_REPLY_OFFSET,
    STEP_REPLY_SIZE,
    STEP_REQUEST_SIZE,
    VIRTUAL_TIME_CLASS,
    VT_ADVANCE,
    VT_GET_ALL,
    VT_INSTANCE,
    VT_RESET,
    StepReply,
    decode_advance_reply,
    decode_attributes_reply,
    decode_reset_reply,
    encode_advance,
    pack_step_request,
    unpack_step_reply,
)

if TYPE_CHECKING:
    from hil.plc._logix import LogixTarget
    from hil.plc._s7 import S7Target

__all__ = ["LogixRemoteStepper", "S7RemoteStepper"]

_T = TypeVar("_T")


class _Remote:
    """What both remote steppers refuse: a PLC in another process cannot be saved or restored from here."""

    target: Any

    def snapshot(self) -> Any:
        raise PlcError(f"PLC '{self.target.name}' runs in another process; its state cannot be saved from here")

    def restore(self, snapshot: Any) -> None:
        raise PlcError(f"PLC '{self.target.name}' runs in another process; its state cannot be restored from here")


class S7RemoteStepper(_Remote):
    """Steps the soft PLC behind ``target`` (a connected :class:`S7Target`) through DB ``db``."""

    def __init__(self, target: S7Target, db: int) -> None:
        self.target = target
        self.db = db
        self._request = Block(Area.DB, db, 0, STEP_REQUEST_SIZE)
        self._reply = Block(Area.DB, db, STEP_REPLY_OFFSET, STEP_REPLY_SIZE)
        reply = self._read_reply()
        self.now_ns, self.cycle_ns = reply.now_ns, reply.cycle_ns
        if self.cycle_ns <= 0:
            raise PlcProtocolError(f"PLC '{target.name}': DB{db} is not a soft PLC control DB (cycle 0)")
        self._sequence = reply.ack
        self.scans = 0  # the control block does not report scans: task slots run since the last cold restart

    def _read_reply(self) -> StepReply:
        (data,) = self.target.read_blocks([self._reply])
        return unpack_step_reply(data)

    def advance(self, duration_ns: int) -> int:
        """Run the scans that fall due; returns the task slots that fell due (scans, unless the CPU is stopped)."""
        before = self.now_ns // self.cycle_ns
        self._step(duration_ns)
        ran = self.now_ns // self.cycle_ns - before
        self.scans += ran
        return ran

    def cold_restart(self) -> None:
        """Zero the remote soft PLC's memory, reset its program and clock (before each scenario)."""
        self._step(COLD_RESTART)
        self.scans = 0

    def set_running(self, running: bool) -> None:
        """STOP / RUN over S7 itself (PLC stop, start), as an engineering tool does."""
        self.target.set_cpu_running(running)

    def _step(self, advance_ns: int) -> None:
        self._sequence = (self._sequence + 1) & 0xFFFFFFFF
        self.target.write_blocks([(self._request, pack_step_request(self._sequence, advance_ns))])
        reply = self._read_reply()
        self.now_ns = reply.now_ns
        if reply.ack != self._sequence:
            raise PlcProtocolError(f"PLC '{self.target.name}': step {self._sequence} was not acknowledged "
                                   f"(DB{self.db} shows {reply.ack}); is another kernel stepping it?")
        if reply.status != 0:
            raise PlcError(f"PLC '{self.target.name}': step {self._sequence} failed on the soft PLC; see its log")


class LogixRemoteStepper(_Remote):
    """Advances a Logix soft PLC in another process through its virtual time object (CIP class 0x390).

    Each step is one request on the target's class-3 connection, answered after the scans ran, so it is
    ordered with the tag writes before it and the reads after it.
    """

    def __init__(self, target: LogixTarget) -> None:
        self.target = target
        self.now_ns, self.cycle_ns, self.scans = self._request(VT_GET_ALL, b"", decode_attributes_reply)

    def advance(self, duration_ns: int) -> int:
        """Run the scans that fall due in the next ``duration_ns``; returns how many ran."""
        self.now_ns, ran = self._request(VT_ADVANCE, encode_advance(duration_ns), decode_advance_reply)
        self.scans += ran
        return ran

    def cold_restart(self) -> None:
        self.now_ns = self._request(VT_RESET, b"", decode_reset_reply)
        self.scans = 0

    def set_running(self, running: bool) -> None:
        raise PlcError(f"PLC '{self.target.name}': this target cannot change the CPU state (the virtual time "
                       "object has no RUN/PROG service, and pycomm3 sends none)")

    def _request(self, service: int, data: bytes, decode: Callable[[bytes], _T]) -> _T:
        target = self.target
        try:
            reply = target.driver.generic_message(service=service, class_code=VIRTUAL_TIME_CLASS, instance=VT_INSTANCE,
                                                  request_data=data, connected=True, name="virtual time")
        except PycommError as exc:
            raise PlcConnectionError(f"PLC '{target.name}' at {target.address}: stepping failed: {exc}") from exc
        try:
            if reply.error or not isinstance(reply.value, bytes):
                raise ValueError(reply.error or "no reply data")
            return decode(reply.value)
        except ValueError as exc:
            hint = "; is it a soft PLC served with --clock virtual?" if reply.error else ""
            raise PlcProtocolError(f"PLC '{target.name}' at {target.address}: virtual time request 0x{service:02X} "
                                   f"failed: {exc}{hint}") from exc
