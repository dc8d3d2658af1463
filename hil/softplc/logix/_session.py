"""One client's EtherNet/IP encapsulation session: bytes in, bytes out, no sockets (the server does the I/O).

Requests are handled strictly one after another and each gets exactly one complete reply frame (or none, for
NOP and UnRegisterSession), because pycomm3 reads one reply per request. A frame whose declared length exceeds the
request limit is answered with status 0x0065 and the connection is closed; unknown commands get 0x0001; requests
in a session that was not registered get 0x0064; a Common Packet Format that is not exactly the two items the
command needs gets 0x0003. The CIP layer answers everything else with CIP statuses (see :mod:`._router`).
"""
from __future__ import annotations

import random
import struct
import threading
from collections import Counter

from hil.softplc.logix._objects import ConnectionManager, ControllerIdentity
from hil.softplc.logix._router import MessageRouter, RequestContext
from hil.wire import (
    HEADER_SIZE,
    Command,
    EncapError,
    EncapStatus,
    Header,
    build_frame,
    connected_data,
    identity_item,
    parse_cpf,
    parse_header,
    services_item,
    unconnected_data,
)

__all__ = ["EncapSession"]

_random = random.SystemRandom()


class EncapSession:
    """Protocol state of one TCP client.

    Args:
        router: answers CIP requests.
        connections: the controller's class-3 connections (shared by all sessions).
        identity: what ListIdentity reports.
        address: (host, port) the server listens on, for ListIdentity.
        lock: held while a request touches the controller (the scan runtime takes it too).
        max_request: the largest encapsulation data length accepted.
        stats: counters shared with the server (frames, replies, errors, closes).
    """

    def __init__(self, router: MessageRouter, connections: ConnectionManager, identity: ControllerIdentity,
                 address: tuple[str, int], lock: threading.RLock, max_request: int, stats: Counter[str]) -> None:
        self.router, self.connections, self.identity = router, connections, identity
        self.address, self.lock, self.max_request, self.stats = address, lock, max_request, stats
        self.handle = 0
        self.closed = False
        self._buffer = bytearray()

    def feed(self, data: bytes) -> bytes:
        """Take received bytes; return the reply bytes to send. Sets :attr:`closed` when the client must go."""
        self._buffer += data
        out = bytearray()
        while not self.closed and len(self._buffer) >= HEADER_SIZE:
            header = parse_header(self._buffer)
            if header.length > self.max_request:
                self.stats["oversize"] += 1
                out += build_frame(header.command, header.session, header.context, b"", EncapStatus.INVALID_LENGTH)
                self.close()
                break
            end = HEADER_SIZE + header.length
            if len(self._buffer) < end:
                break
            payload = bytes(self._buffer[HEADER_SIZE:end])
            del self._buffer[:end]
            self.stats["frames"] += 1
            answer = self._frame(header, payload)
            if answer is not None:
                out += answer
        return bytes(out)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if self.handle:
                with self.lock:
                    self.connections.drop_owner(self.handle)

    # -- commands ---------------------------------------------------------------------------------------
    def _frame(self, header: Header, data: bytes) -> bytes | None:
        command = header.command
        try:
            if command == Command.NOP:
                return None
            if command == Command.LIST_IDENTITY:
                item = identity_item(self.address[0], self.address[1], self.identity.vendor, self.identity.device_type,
                                     self.identity.product_code, self.identity.revision, self.identity.status,
                                     self.identity.serial, self.identity.product_name)
                return build_frame(command, header.session, header.context, item)
            if command == Command.LIST_SERVICES:
                return build_frame(command, header.session, header.context, services_item())
            if command == Command.LIST_INTERFACES:
                return build_frame(command, header.session, header.context, b"\x00\x00")
            if command == Command.REGISTER_SESSION:
                return self._register(header, data)
            if command in (Command.UNREGISTER_SESSION, Command.SEND_RR_DATA, Command.SEND_UNIT_DATA):
                if not self.handle or header.session != self.handle:
                    raise EncapError(EncapStatus.INVALID_SESSION, "session not registered")
                if command == Command.UNREGISTER_SESSION:
                    self.close()  # no reply: pycomm3 does not read one
                    return None
                body = self._rr_data(data) if command == Command.SEND_RR_DATA else self._unit_data(data)
                self.stats["cip"] += 1
                return build_frame(command, header.session, header.context, body)
            raise EncapError(EncapStatus.INVALID_COMMAND, f"command 0x{command:04X}")
        except EncapError as error:
            self.stats["encap_errors"] += 1
            return build_frame(command, header.session, header.context, b"", error.status)

    def _register(self, header: Header, data: bytes) -> bytes:
        if len(data) != 4:
            raise EncapError(EncapStatus.INVALID_LENGTH, "RegisterSession carries 4 bytes")
        version, _options = struct.unpack("<HH", data)
        if version != 1:
            return build_frame(header.command, 0, header.context, struct.pack("<HH", 1, 0), EncapStatus.UNSUPPORTED_PROTOCOL)
        if self.handle:
            raise EncapError(EncapStatus.INVALID_COMMAND, "session already registered on this connection")
        self.handle = _random.randrange(1, 1 << 32)
        return build_frame(header.command, self.handle, header.context, data)

    def _rr_data(self, data: bytes) -> bytes:
        items = parse_cpf(data)
        if len(items) != 2 or items[0] != (0x0000, b"") or items[1][0] != 0x00B2 or not items[1][1]:
            raise EncapError(EncapStatus.INCORRECT_DATA, "SendRRData needs a null address and an unconnected data item")
        with self.lock:
            answer = self.router.handle(items[1][1], RequestContext(self.handle, None))
        return unconnected_data(answer)

    def _unit_data(self, data: bytes) -> bytes:
        items = parse_cpf(data)
        if (len(items) != 2 or items[0][0] != 0x00A1 or len(items[0][1]) != 4 or items[1][0] != 0x00B1
                or len(items[1][1]) < 3):
            raise EncapError(EncapStatus.INCORRECT_DATA, "SendUnitData needs a connected address and data item")
        (connection_id,) = struct.unpack("<I", items[0][1])
        (sequence,) = struct.unpack_from("<H", items[1][1])
        with self.lock:
            connection = self.connections.lookup(connection_id, self.handle)
            if connection is None:
                raise EncapError(EncapStatus.INCORRECT_DATA, f"no connection 0x{connection_id:08X} in this session")
            answer = self.router.handle(items[1][1][2:], RequestContext(self.handle, connection))
        return connected_data(connection.t_o_id, sequence, answer)
