"""CIP message codecs: request parsing, EPATH segments, replies, status codes, Read-Modify-Write masks. No I/O.

A CIP request is ``USINT service | USINT path size (words) | path | data``; a reply is
``USINT service|0x80 | USINT 0 | USINT general status | USINT ext size (words) | UINT ext[size] | data``.

EPATH segments understood (a pad byte follows the type byte of 16/32-bit logical segments)::

    20 cc / 21 00 cccc               class (8/16 bit)
    24 ii / 25 00 iiii / 26|27 00 iiiiiiii   instance (pycomm3 sends the non-standard 27 for 32 bits)
    28 nn / 29 00 nnnn / 2A|2B 00 nnnnnnnn   member = array index (pycomm3 sends 2B for 32 bits)
    30 aa / 31 00 aaaa               attribute
    2C pp / 2D 00 pppp               connection point
    91 LL name [00]                  ANSI extended symbol (tag or member name; padded to even length)
    0p ll / 1p LL addr [00]          port segment (route paths), p = port number 1–14
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

__all__ = [
    "CipError",
    "CipExt",
    "CipRequest",
    "CipStatus",
    "Segment",
    "bit_masks",
    "error_reply",
    "parse_path",
    "parse_request",
    "parse_rmw",
    "reply",
    "rmw_data",
    "RMW_SERVICE",
]


class CipStatus:
    """CIP general status codes the emulator answers with."""

    SUCCESS = 0x00
    CONNECTION_FAILURE = 0x01
    PATH_SEGMENT_ERROR = 0x04
    PATH_DESTINATION_UNKNOWN = 0x05
    PARTIAL_TRANSFER = 0x06  # "more data": success-with-more for fragmented services and listings
    SERVICE_NOT_SUPPORTED = 0x08
    INVALID_ATTRIBUTE_VALUE = 0x09
    OBJECT_STATE_CONFLICT = 0x0C
    PRIVILEGE_VIOLATION = 0x0F
    REPLY_DATA_TOO_LARGE = 0x11
    NOT_ENOUGH_DATA = 0x13
    ATTRIBUTE_NOT_SUPPORTED = 0x14
    TOO_MUCH_DATA = 0x15
    INVALID_PARAMETER = 0x20
    EMBEDDED_SERVICE_ERROR = 0x1E
    GENERAL = 0xFF  # Logix-specific extended codes follow


class CipExt:
    """Extended status words used with general status 0x01 and 0xFF."""

    CONNECTION_IN_USE = 0x0100
    INVALID_CONNECTION_SIZE = 0x0109
    OUT_OF_CONNECTIONS = 0x0113
    CONNECTION_NOT_FOUND = 0x0107
    INVALID_SEGMENT = 0x0315
    BEYOND_END_OF_OBJECT = 0x2105
    TYPE_MISMATCH = 0x2107


class CipError(Exception):
    """A request is answered with ``status`` (and extended status words ``ext``); ``text`` is for logs."""

    def __init__(self, status: int, text: str = "", ext: tuple[int, ...] = ()) -> None:
        super().__init__(text or f"CIP status 0x{status:02X}")
        self.status, self.ext = status, ext


@dataclass(frozen=True)
class Segment:
    """One EPATH segment: ``kind`` is class/instance/member/attribute/point/symbol/port; ``value`` int or str;
    ``link`` is a port segment's link address."""

    kind: str
    value: int | str
    link: bytes = b""


@dataclass(frozen=True)
class CipRequest:
    service: int
    path: tuple[Segment, ...]
    data: bytes


_LOGICAL = {0x20: "class", 0x24: "instance", 0x28: "member", 0x2C: "point", 0x30: "attribute"}


def parse_path(raw: bytes) -> tuple[Segment, ...]:
    """Decode an EPATH; malformed or unsupported segments raise ``CipError(0x04)``."""
    segments: list[Segment] = []
    i, end = 0, len(raw)
    try:
        while i < end:
            kind = raw[i]
            if kind == 0x91:
                length = raw[i + 1]
                name_end = i + 2 + length
                if name_end > end:
                    raise CipError(CipStatus.PATH_SEGMENT_ERROR, "symbol runs past the end of the path")
                name = raw[i + 2:name_end].decode("ascii")
                if not name:
                    raise CipError(CipStatus.PATH_SEGMENT_ERROR, "empty symbol segment")
                segments.append(Segment("symbol", name))
                i = name_end + (length & 1)
                continue
            base, size_code = kind & 0xFC, kind & 0x03
            if base in _LOGICAL:
                if size_code == 0:
                    value, i = raw[i + 1], i + 2
                elif size_code == 1:
                    (value,) = struct.unpack_from("<H", raw, i + 2)
                    i += 4
                else:  # 2 is CIP's 32-bit format; 3 is what pycomm3 emits for 32 bits
                    if base not in (0x24, 0x28):
                        raise CipError(CipStatus.PATH_SEGMENT_ERROR, f"32-bit {_LOGICAL[base]} segment not supported")
                    (value,) = struct.unpack_from("<I", raw, i + 2)
                    i += 6
                if i > end:
                    raise CipError(CipStatus.PATH_SEGMENT_ERROR, "segment runs past the end of the path")
                segments.append(Segment(_LOGICAL[base], value))
                continue
            if kind & 0xE0 == 0x00 and kind & 0x0F not in (0, 15):  # port segment
                if kind & 0x10:
                    length = raw[i + 1]
                    link, i = bytes(raw[i + 2:i + 2 + length]), i + 2 + length + (length & 1)
                else:
                    link, i = bytes(raw[i + 1:i + 2]), i + 2
                if i > end or not link:
                    raise CipError(CipStatus.PATH_SEGMENT_ERROR, "port segment runs past the end of the path")
                segments.append(Segment("port", kind & 0x0F, link))
                continue
            raise CipError(CipStatus.PATH_SEGMENT_ERROR, f"unsupported segment type 0x{kind:02X}")
    except (IndexError, struct.error, UnicodeDecodeError):
        raise CipError(CipStatus.PATH_SEGMENT_ERROR, "truncated or malformed path") from None
    return tuple(segments)


_PATH_CACHE: dict[bytes, tuple[Segment, ...]] = {}
_PATH_CACHE_LIMIT = 4096  # clients repeat the same few paths; a fuzzer must not grow this without bound


def parse_request(message: bytes) -> CipRequest:
    """Split a CIP request into service, decoded path and data (decoded paths are cached by their bytes)."""
    if len(message) < 2:
        raise CipError(CipStatus.NOT_ENOUGH_DATA, "request shorter than service and path size")
    path_end = 2 + 2 * message[1]
    if path_end > len(message):
        raise CipError(CipStatus.PATH_SEGMENT_ERROR, "path size runs past the end of the request")
    raw = bytes(message[2:path_end])
    path = _PATH_CACHE.get(raw)
    if path is None:
        path = parse_path(raw)
        if len(_PATH_CACHE) >= _PATH_CACHE_LIMIT:
            _PATH_CACHE.clear()
        _PATH_CACHE[raw] = path
    return CipRequest(message[0], path, bytes(message[path_end:]))


def reply(service: int, data: bytes = b"", status: int = CipStatus.SUCCESS, ext: tuple[int, ...] = ()) -> bytes:
    """Build a reply; the service byte always carries bit 7 (pycomm3 rejects replies without it)."""
    header = bytes((service & 0x7F | 0x80, 0, status, len(ext)))
    return header + b"".join(struct.pack("<H", word) for word in ext) + data


def error_reply(service: int, error: CipError) -> bytes:
    return reply(service, b"", error.status, error.ext)


# -- Read-Modify-Write Tag (0x4E): the one bit write Logix offers --------------------------------------
#
# Request data: ``UINT mask size | OR mask | AND mask`` (each ``mask size`` bytes, little-endian); the controller
# stores ``(old | OR) & AND`` under its own lock, so bits the request does not name are never touched, even by a
# scan running concurrently (logix-cip-wire.md §18). pycomm3 1.2.16 always sends 8 AND bytes: a parser must take
# the first ``mask size`` bytes and ignore the rest.

RMW_SERVICE = 0x4E
_MASK_SIZES = (1, 2, 4, 8)


def bit_masks(bit: int, value: bool, mask_size: int) -> tuple[int, int]:
    """The (OR, AND) masks that set (``value`` true) or clear bit ``bit`` of a ``mask_size``-byte element."""
    if mask_size not in _MASK_SIZES or not 0 <= bit < 8 * mask_size:
        raise ValueError(f"bit {bit} of a {mask_size}-byte element cannot be written with a CIP mask")
    full = (1 << (8 * mask_size)) - 1
    return ((1 << bit), full) if value else (0, full & ~(1 << bit))


def rmw_data(mask_size: int, or_mask: int, and_mask: int) -> bytes:
    """Request data of Read-Modify-Write Tag (after the service and the tag's path)."""
    if mask_size not in _MASK_SIZES:
        raise ValueError(f"a CIP mask is 1, 2, 4 or 8 bytes, not {mask_size}")
    return (struct.pack("<H", mask_size) + or_mask.to_bytes(mask_size, "little")
            + and_mask.to_bytes(mask_size, "little"))


def parse_rmw(data: bytes) -> tuple[int, int, int]:
    """(mask size, OR mask, AND mask) from Read-Modify-Write request data; extra AND bytes are ignored."""
    if len(data) < 2:
        raise CipError(CipStatus.NOT_ENOUGH_DATA, "request data too short")
    (mask_size,) = struct.unpack_from("<H", data)
    if mask_size not in _MASK_SIZES:
        raise CipError(CipStatus.GENERAL, f"mask of {mask_size} bytes", (CipExt.TYPE_MISMATCH,))
    if len(data) < 2 + 2 * mask_size:
        raise CipError(CipStatus.NOT_ENOUGH_DATA, "masks shorter than the mask size")
    or_mask = int.from_bytes(data[2:2 + mask_size], "little")
    and_mask = int.from_bytes(data[2 + mask_size:2 + 2 * mask_size], "little")
    return mask_size, or_mask, and_mask
