"""EtherNet/IP encapsulation codecs: the 24-byte header, Common Packet Format items, identity items. No I/O.

Header (little-endian)::

    0 UINT command | 2 UINT length of data | 4 UDINT session | 8 UDINT status | 12 8 bytes context | 20 UDINT options

SendRRData / SendUnitData data (Common Packet Format)::

    UDINT interface handle (0) | UINT timeout | UINT item count | { UINT type | UINT length | data }…

An unconnected request uses a null address item (0x0000) and an unconnected data item (0x00B2); a connected one
a connected address item (0x00A1, the 4-byte connection id) and a connected data item (0x00B1) that starts with
the UINT sequence count. Replies use exactly these two items in this order: pycomm3 reads fixed offsets.
"""
from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

__all__ = [
    "Command",
    "EncapError",
    "EncapStatus",
    "HEADER_SIZE",
    "Header",
    "build_frame",
    "identity_item",
    "parse_cpf",
    "parse_header",
    "services_item",
    "unconnected_data",
    "connected_data",
]

HEADER_SIZE = 24
_HEADER = struct.Struct("<HHII8sI")


class Command:
    NOP = 0x0000
    LIST_SERVICES = 0x0004
    LIST_IDENTITY = 0x0063
    LIST_INTERFACES = 0x0064
    REGISTER_SESSION = 0x0065
    UNREGISTER_SESSION = 0x0066
    SEND_RR_DATA = 0x006F
    SEND_UNIT_DATA = 0x0070


class EncapStatus:
    SUCCESS = 0x0000
    INVALID_COMMAND = 0x0001
    INCORRECT_DATA = 0x0003
    INVALID_SESSION = 0x0064
    INVALID_LENGTH = 0x0065
    UNSUPPORTED_PROTOCOL = 0x0069


class EncapError(Exception):
    """A request is answered with an encapsulation status (the CIP layer is not reached)."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status


@dataclass(frozen=True)
class Header:
    command: int
    length: int
    session: int
    status: int
    context: bytes
    options: int


def parse_header(data: bytes | bytearray | memoryview) -> Header:
    """Decode the first 24 bytes of ``data`` (the caller checks there are 24)."""
    return Header(*_HEADER.unpack_from(data, 0))


def build_frame(command: int, session: int, context: bytes, data: bytes = b"", status: int = 0) -> bytes:
    return _HEADER.pack(command, len(data), session, status, context, 0) + data


def parse_cpf(data: bytes) -> list[tuple[int, bytes]]:
    """Decode the items after interface handle and timeout; a short or inconsistent layout raises EncapError."""
    if len(data) < 8:
        raise EncapError(EncapStatus.INCORRECT_DATA, "common packet format shorter than 8 bytes")
    (count,) = struct.unpack_from("<H", data, 6)
    items, offset = [], 8
    for _ in range(count):
        if offset + 4 > len(data):
            raise EncapError(EncapStatus.INCORRECT_DATA, "CPF item header runs past the data")
        item_type, length = struct.unpack_from("<HH", data, offset)
        offset += 4
        if offset + length > len(data):
            raise EncapError(EncapStatus.INCORRECT_DATA, "CPF item runs past the data")
        items.append((item_type, bytes(data[offset:offset + length])))
        offset += length
    return items


def unconnected_data(cip: bytes) -> bytes:
    """SendRRData reply data: interface 0, timeout 0, null address item, unconnected data item."""
    return struct.pack("<IHHHHHH", 0, 0, 2, 0x0000, 0, 0x00B2, len(cip)) + cip


def connected_data(connection_id: int, sequence: int, cip: bytes) -> bytes:
    """SendUnitData reply data: connected address item (the T→O id) and connected data item (sequence + CIP)."""
    return struct.pack("<IHHHHIHHH", 0, 0, 2, 0x00A1, 4, connection_id, 0x00B1, len(cip) + 2, sequence) + cip


def identity_item(host: str, port: int, vendor: int, device_type: int, product_code: int, revision: tuple[int, int],
                  status: bytes, serial: int, product_name: str, state: int = 3) -> bytes:
    """ListIdentity reply data: one CIP identity item (type 0x0C) with the socket address in network order."""
    name = product_name.encode("ascii")[:32]
    try:
        address = socket.inet_aton(host)
    except OSError:
        address = bytes(4)
    body = (struct.pack("<H", 1) + struct.pack(">hH", 2, port) + address + bytes(8)
            + struct.pack("<HHHBB", vendor, device_type, product_code, *revision) + status
            + struct.pack("<I", serial) + bytes((len(name),)) + name + bytes((state,)))
    return struct.pack("<HHH", 1, 0x000C, len(body)) + body


def services_item() -> bytes:
    """ListServices reply data: the "Communications" service, CIP over TCP (bit 5) and class 0/1 over UDP (bit 8)."""
    body = struct.pack("<HH", 1, 0x0120) + b"Communications\0\0"
    return struct.pack("<HHH", 1, 0x0100, len(body)) + body
