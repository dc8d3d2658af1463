"""The server side of the CIP virtual time object (class 0x390): steps a Logix soft PLC for a kernel elsewhere.

The wire format (services, request and reply layouts) is :mod:`hil.wire`'s CIP virtual time codec, shared with
the client (:class:`hil.plc.LogixRemoteStepper`); this module only applies the requests to a soft PLC.
"""
from __future__ import annotations

from typing import Protocol

from hil.wire import (
    VT_ADVANCE,
    VT_GET_ALL,
    VT_RESET,
    CipError,
    CipStatus,
    decode_advance,
    encode_advance_reply,
    encode_attributes_reply,
    encode_reset_reply,
)

__all__ = ["Steppable", "VirtualTimeObject"]


class Steppable(Protocol):
    """What the object steps: a soft PLC (read-only properties suit it; it only reads them)."""

    @property
    def cycle_ns(self) -> int: ...

    @property
    def scans(self) -> int: ...

    @property
    def now_ns(self) -> int: ...

    def advance(self, duration_ns: int) -> int: ...

    def cold_restart(self) -> None: ...


class VirtualTimeObject:
    """Answers the virtual time object's services for one soft PLC (the caller holds the tag database lock)."""

    def __init__(self, plc: Steppable) -> None:
        self.plc = plc

    def handle(self, service: int, data: bytes) -> bytes:
        if service == VT_GET_ALL:
            return encode_attributes_reply(self.plc.now_ns, self.plc.cycle_ns, self.plc.scans)
        if service == VT_ADVANCE:
            ran = self.plc.advance(decode_advance(data))
            return encode_advance_reply(self.plc.now_ns, ran)
        if service == VT_RESET:
            self.plc.cold_restart()
            return encode_reset_reply(self.plc.now_ns)
        raise CipError(CipStatus.SERVICE_NOT_SUPPORTED, f"service 0x{service:02X} on the virtual time object")
