"""CIP objects of the controller itself: Identity (0x01), program name (0x64), wall clock (0x8B), and the
Connection Manager (0x06: Forward Open, Large Forward Open, Forward Close). No I/O.

Replies (all little-endian):

* Identity Get_Attributes_All: ``UINT vendor, UINT device type, UINT product code, USINT major, USINT minor,
  2 status bytes, UDINT serial, SHORT_STRING product name``. The status bytes carry the keyswitch as pycomm3
  decodes it (``60 10`` RUN, ``60 30`` REMOTE RUN, ``70 20`` PROG, ``70 30`` REMOTE PROG).
* Program name (Rockwell KB 23341) Get_Attributes_All: ``UINT length + ASCII`` -- the controller's name.
* Wall clock attribute 6: ``ULINT`` microseconds since 1970-01-01 UTC, read and written with
  Get/Set_Attribute_List (``UINT count, {UINT attr, UINT status, value}``).
* (Large) Forward Open: ``UDINT O→T id (chosen here), UDINT T→O id, UINT serial, UINT vendor, UDINT originator
  serial, UDINT O→T API, UDINT T→O API, USINT 0, USINT 0``; Forward Close: ``UINT serial, UINT vendor, UDINT
  originator serial, USINT 0, USINT 0``.
"""
from __future__ import annotations

import itertools
import random
import struct
from collections.abc import Callable
from dataclasses import dataclass

from hil.errors import ConfigError
from hil.wire import CipError, CipExt, CipStatus, parse_path

__all__ = ["KEYSWITCH", "Connection", "ConnectionManager", "ControllerIdentity", "WallClock", "program_name_reply"]

KEYSWITCH = {"RUN": b"\x60\x10", "REMOTE RUN": b"\x60\x30", "PROG": b"\x70\x20", "REMOTE PROG": b"\x70\x30"}


@dataclass
class ControllerIdentity:
    """What the controller says it is. ``revision`` major ≥ 21 makes pycomm3 address tags by instance id, ≥ 18
    adds attribute 10 to tag listings. The product name must not start with "2080" (Micro800 mode)."""

    product_name: str = "1756-L83E/B"
    vendor: int = 1
    device_type: int = 0x0E
    product_code: int = 166
    revision: tuple[int, int] = (33, 11)
    serial: int = 0x00C0FFEE
    mode: str = "REMOTE RUN"

    def __post_init__(self) -> None:
        if self.mode not in KEYSWITCH:
            raise ConfigError(f"keyswitch mode must be one of {', '.join(KEYSWITCH)}, not {self.mode!r}")
        if self.product_name.startswith("2080"):
            raise ConfigError(f"product name '{self.product_name}' would switch pycomm3 into Micro800 mode "
                              "(no program names, no multi-service packets); choose a ControlLogix catalogue number")
        if not self.product_name.isascii() or len(self.product_name) > 32:
            raise ConfigError(f"product name '{self.product_name}' must be at most 32 ASCII characters")

    @property
    def status(self) -> bytes:
        return KEYSWITCH[self.mode]

    def attributes_all(self) -> bytes:
        name = self.product_name.encode("ascii")
        return (struct.pack("<HHHBB", self.vendor, self.device_type, self.product_code, *self.revision) + self.status
                + struct.pack("<I", self.serial) + bytes((len(name),)) + name)


def program_name_reply(name: str) -> bytes:
    raw = name.encode("ascii", errors="replace")
    return struct.pack("<H", len(raw)) + raw


class WallClock:
    """The controller's wall clock: a settable offset on top of a microsecond time source (virtual or real)."""

    def __init__(self, now_us: Callable[[], int]) -> None:
        self._now_us = now_us
        self.offset_us = 0

    def get(self) -> int:
        return self._now_us() + self.offset_us

    def set(self, value_us: int) -> None:
        self.offset_us = value_us - self._now_us()

    def get_attribute_list(self, data: bytes) -> bytes:
        count, attributes = _attribute_ids(data)
        out = [struct.pack("<H", count)]
        for attribute in attributes:
            if attribute == 6:
                out.append(struct.pack("<HHQ", 6, 0, self.get() & 0xFFFF_FFFF_FFFF_FFFF))
            else:
                out.append(struct.pack("<HH", attribute, CipStatus.ATTRIBUTE_NOT_SUPPORTED))
        return b"".join(out)

    def set_attribute_list(self, data: bytes) -> bytes:
        if len(data) < 2:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "attribute count missing")
        (count,) = struct.unpack_from("<H", data)
        out, offset = [struct.pack("<H", count)], 2
        for _ in range(count):
            if offset + 2 > len(data):
                raise CipError(CipStatus.NOT_ENOUGH_DATA, "attribute list shorter than its count")
            (attribute,) = struct.unpack_from("<H", data, offset)
            if attribute != 6:  # we cannot know the size of an unknown attribute's value: stop here
                raise CipError(CipStatus.ATTRIBUTE_NOT_SUPPORTED, f"wall clock attribute {attribute} is not settable")
            if offset + 10 > len(data):
                raise CipError(CipStatus.NOT_ENOUGH_DATA, "wall clock value shorter than 8 bytes")
            (value,) = struct.unpack_from("<Q", data, offset + 2)
            self.set(value)
            out.append(struct.pack("<HH", 6, 0))
            offset += 10
        return b"".join(out)


def _attribute_ids(data: bytes) -> tuple[int, list[int]]:
    if len(data) < 2:
        raise CipError(CipStatus.NOT_ENOUGH_DATA, "attribute count missing")
    (count,) = struct.unpack_from("<H", data)
    if count == 0 or len(data) < 2 + 2 * count:
        raise CipError(CipStatus.NOT_ENOUGH_DATA, f"attribute list holds fewer than {count} ids")
    return count, list(struct.unpack_from(f"<{count}H", data, 2))


@dataclass
class Connection:
    """A class-3 connection. ``size`` is the T→O connection size; replies carry at most ``size − 2`` CIP bytes."""

    o_t_id: int
    t_o_id: int
    serial: int
    vendor: int
    originator_serial: int
    size: int
    owner: int  # the encapsulation session that opened it

    @property
    def max_reply(self) -> int:
        return self.size - 2


class ConnectionManager:
    """Opens and closes class-3 connections; ids are unique, connections are limited in number and size."""

    def __init__(self, *, max_connections: int = 32, max_size: int = 4002, large_forward_open: bool = True) -> None:
        self.max_connections = max_connections
        self.max_size = max_size
        self.large_forward_open = large_forward_open
        self.connections: dict[int, Connection] = {}
        self._ids = itertools.count(random.SystemRandom().randrange(0x1000, 0x7FFF_0000))

    def forward_open(self, data: bytes, owner: int, large: bool) -> bytes:
        if large and not self.large_forward_open:
            raise CipError(CipStatus.SERVICE_NOT_SUPPORTED, "Large Forward Open is switched off (a v19 controller)")
        path_start = 40 if large else 36
        if len(data) < path_start:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "forward open request too short")
        _, _, _, t_o_id, serial, vendor, orig_serial, _ = struct.unpack_from("<BBIIHHIB", data)
        if large:
            o_t_rpi, o_t_params, t_o_rpi, t_o_params, transport, path_words = struct.unpack_from("<IIIIBB", data, 22)
            size, limit = t_o_params & 0xFFFF, self.max_size
        else:
            o_t_rpi, o_t_params, t_o_rpi, t_o_params, transport, path_words = struct.unpack_from("<IHIHBB", data, 22)
            size, limit = t_o_params & 0x01FF, min(self.max_size, 0x01FF)
        if len(data) < path_start + 2 * path_words:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "connection path shorter than its size")
        path = parse_path(data[path_start:path_start + 2 * path_words])
        logical = [(s.kind, s.value) for s in path if s.kind != "port"]
        if logical[-2:] != [("class", 2), ("instance", 1)]:
            raise CipError(CipStatus.CONNECTION_FAILURE, "connection path must end at the Message Router",
                           (CipExt.INVALID_SEGMENT,))
        if transport & 0x0F != 3:
            raise CipError(CipStatus.CONNECTION_FAILURE, "only class-3 connections are served", (0x0103,))
        if not 64 <= size <= limit:
            raise CipError(CipStatus.CONNECTION_FAILURE, f"connection size {size} outside 64..{limit}",
                           (CipExt.INVALID_CONNECTION_SIZE, limit))
        key = (serial, vendor, orig_serial)
        if any((c.serial, c.vendor, c.originator_serial) == key for c in self.connections.values()):
            raise CipError(CipStatus.CONNECTION_FAILURE, "connection already open", (CipExt.CONNECTION_IN_USE,))
        if len(self.connections) >= self.max_connections:
            raise CipError(CipStatus.CONNECTION_FAILURE, "out of connections", (CipExt.OUT_OF_CONNECTIONS,))
        o_t_id = next(self._ids) & 0xFFFF_FFFF or next(self._ids)
        self.connections[o_t_id] = Connection(o_t_id, t_o_id, serial, vendor, orig_serial, size, owner)
        return struct.pack("<IIHHIIIBB", o_t_id, t_o_id, serial, vendor, orig_serial, o_t_rpi, t_o_rpi, 0, 0)

    def forward_close(self, data: bytes, owner: int) -> bytes:
        if len(data) < 10:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "forward close request too short")
        serial, vendor, orig_serial = struct.unpack_from("<HHI", data, 2)
        for o_t_id, connection in list(self.connections.items()):
            if (connection.serial, connection.vendor, connection.originator_serial) == (serial, vendor, orig_serial) \
                    and connection.owner == owner:
                del self.connections[o_t_id]
                return struct.pack("<HHIBB", serial, vendor, orig_serial, 0, 0)
        raise CipError(CipStatus.CONNECTION_FAILURE, "no such connection", (CipExt.CONNECTION_NOT_FOUND,))

    def lookup(self, o_t_id: int, owner: int) -> Connection | None:
        connection = self.connections.get(o_t_id)
        return connection if connection is not None and connection.owner == owner else None

    def drop_owner(self, owner: int) -> None:
        """A session ended: its connections end with it."""
        for o_t_id in [i for i, c in self.connections.items() if c.owner == owner]:
            del self.connections[o_t_id]
