"""Logix (ControlLogix/CompactLogix) data types: atomic types, UDT layout and value codecs. No I/O.

Byte layouts (little-endian, as a Logix controller stores and serves them):

* atomic: BOOL 1 byte (0 or 1), SINT/USINT 1, INT/UINT 2, DINT/UDINT/REAL/DWORD 4, LINT/ULINT/LREAL/LWORD 8;
* BOOL[N] tags: ⌈N/32⌉ DWORDs, bit ``i`` of the array is bit ``i % 32`` of DWORD ``i // 32``;
* a UDT (:class:`StructType`): members in declaration order, each at its natural alignment (1/2/4/8), arrays and
  nested structures aligned to 4 bytes (8 when they hold 8-byte members) and padded to a multiple of 4, the whole
  structure padded to its alignment. Consecutive BOOL members share a hidden SINT host named
  ``ZZZZZZZZZZ<udt><n>`` (8 bits per host), as Studio 5000 lays them out;
* STRING: DINT ``LEN`` at 0, SINT[82] ``DATA`` at 4, 88 bytes.
"""
from __future__ import annotations

import math
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hil.errors import ConfigError, InputError, SourceLocation, close_matches

__all__ = [
    "ATOMIC_TYPES",
    "AtomicType",
    "LogixType",
    "MemberDecl",
    "StructMember",
    "StructType",
    "decode_logix",
    "encode_logix",
    "make_string_type",
    "make_struct",
]

LogixValue = Any  # bool | int | float | str | list | dict, nested as the type is


@dataclass(frozen=True)
class AtomicType:
    """An elementary Logix type: its CIP type code, size in bytes and little-endian struct format."""

    name: str
    code: int
    size: int
    fmt: str

    @property
    def alignment(self) -> int:
        return self.size

    @property
    def is_float(self) -> bool:
        return self.fmt in ("<f", "<d")

    def __str__(self) -> str:
        return self.name


ATOMIC_TYPES: dict[str, AtomicType] = {
    t.name: t
    for t in (
        AtomicType("BOOL", 0xC1, 1, "<B"),
        AtomicType("SINT", 0xC2, 1, "<b"),
        AtomicType("INT", 0xC3, 2, "<h"),
        AtomicType("DINT", 0xC4, 4, "<i"),
        AtomicType("LINT", 0xC5, 8, "<q"),
        AtomicType("USINT", 0xC6, 1, "<B"),
        AtomicType("UINT", 0xC7, 2, "<H"),
        AtomicType("UDINT", 0xC8, 4, "<I"),
        AtomicType("ULINT", 0xC9, 8, "<Q"),
        AtomicType("REAL", 0xCA, 4, "<f"),
        AtomicType("LREAL", 0xCB, 8, "<d"),
        AtomicType("BYTE", 0xD1, 1, "<B"),
        AtomicType("WORD", 0xD2, 2, "<H"),
        AtomicType("DWORD", 0xD3, 4, "<I"),
        AtomicType("LWORD", 0xD4, 8, "<Q"),
    )
}
_BOOL = ATOMIC_TYPES["BOOL"]
_SINT = ATOMIC_TYPES["SINT"]
_DINT = ATOMIC_TYPES["DINT"]
_DWORD = ATOMIC_TYPES["DWORD"]


@dataclass(frozen=True)
class StructMember:
    """A laid-out UDT member. ``count`` is the array length (0 for a scalar); ``bit`` is set for BOOLs,
    which live in bit ``bit`` of the hidden host SINT at ``offset``. A BOOL[N] member is stored as
    ⌈N/32⌉ DWORDs (``type`` DWORD, ``count`` the DWORD count) with ``bool_bits`` = N, as BOOL[N] tags are."""

    name: str
    type: LogixType
    count: int
    offset: int
    bit: int | None = None
    hidden: bool = False
    bool_bits: int | None = None

    @property
    def size(self) -> int:
        return self.type.size * max(self.count, 1)


@dataclass
class StructType:
    """A laid-out structure (UDT or predefined STRING): members with offsets, total size and alignment."""

    name: str
    members: tuple[StructMember, ...]
    size: int
    alignment: int
    predefined: bool = False
    _by_name: dict[str, StructMember] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {m.name.casefold(): m for m in self.members}

    @property
    def is_string(self) -> bool:
        """pycomm3's rule: public members exactly LEN (DINT) and DATA (SINT array) make a string."""
        public = [m for m in self.members if not m.hidden]
        return (
            [m.name for m in public] == ["LEN", "DATA"]
            and public[0].type is _DINT
            and public[1].type is _SINT
            and public[1].count > 0
        )

    def member(self, name: str, *, where: str = "") -> StructMember:
        found = self._by_name.get(name.casefold())
        if found is None:
            raise InputError(
                f"{self.name} has no member '{name}'",
                where=where or None,
                suggestions=close_matches(name, [m.name for m in self.members if not m.hidden]),
            )
        return found

    def __str__(self) -> str:
        return self.name

    def __hash__(self) -> int:
        return id(self)


LogixType = AtomicType | StructType


@dataclass(frozen=True)
class MemberDecl:
    """A UDT member as declared (in an L5X ``<Member>`` or in Python).

    ``type_name`` "BIT" with ``target`` and ``bit`` is an L5X BOOL placed explicitly in a hidden host; a plain
    "BOOL" member is packed into a host automatically.
    """

    name: str
    type_name: str
    count: int = 0
    hidden: bool = False
    target: str | None = None
    bit: int | None = None
    where: SourceLocation | None = None


def _align(offset: int, alignment: int) -> int:
    return (offset + alignment - 1) // alignment * alignment


def make_struct(name: str, decls: Sequence[MemberDecl], types: dict[str, LogixType],
                where: SourceLocation | None = None) -> StructType:
    """Lay out a UDT from its member declarations; ``types`` holds the atomic types and UDTs known so far.

    Raises:
        ConfigError: unknown member type, duplicate member, or a BIT member whose host is not a SINT member
            declared before it.
    """
    members: list[StructMember] = []
    offset = 0
    alignment = 1
    host: StructMember | None = None  # the hidden SINT the next auto-packed BOOL goes into
    host_bits = 8
    hosts_made = 0
    seen: set[str] = set()
    for decl in decls:
        at = decl.where or where
        folded = decl.name.casefold()
        if folded in seen:
            raise ConfigError(f"data type '{name}': member '{decl.name}' is declared twice", where=at)
        seen.add(folded)
        if decl.type_name.upper() == "BIT":
            host_member = next((m for m in members if m.name == decl.target), None)
            if host_member is None or host_member.type is not _SINT or decl.bit is None or not 0 <= decl.bit < 8:
                raise ConfigError(f"data type '{name}': BIT member '{decl.name}' needs Target= a SINT member declared "
                                  f"before it and BitNumber 0-7 (got {decl.target!r}, {decl.bit!r})", where=at)
            members.append(StructMember(decl.name, _BOOL, 0, host_member.offset, decl.bit, decl.hidden))
            host = None  # Studio packs explicit BITs itself; don't mix in automatic hosts
            continue
        member_type = types.get(decl.type_name.upper()) or types.get(decl.type_name)
        if member_type is None:
            raise ConfigError(f"data type '{name}': member '{decl.name}' has unknown type '{decl.type_name}'", where=at,
                              suggestions=close_matches(decl.type_name, types))
        if member_type is _BOOL and decl.count:  # BOOL[N]: packed into DWORDs, as BOOL[N] tags are
            host = None
            offset = _align(offset, 4)
            member = StructMember(decl.name, _DWORD, (decl.count + 31) // 32, offset, None, decl.hidden, decl.count)
            members.append(member)
            offset += member.size
            alignment = max(alignment, 4)
            continue
        if member_type is _BOOL:
            if host is None or host_bits == 8:
                host = StructMember(f"ZZZZZZZZZZ{name}{hosts_made}", _SINT, 0, offset, None, True)
                hosts_made += 1
                members.append(host)
                offset += 1
                host_bits = 0
            members.append(StructMember(decl.name, _BOOL, 0, host.offset, host_bits, decl.hidden))
            host_bits += 1
            continue
        host = None
        if decl.count or isinstance(member_type, StructType):
            member_align = max(4, member_type.alignment)
        else:
            member_align = member_type.alignment
        offset = _align(offset, member_align)
        member = StructMember(decl.name, member_type, decl.count, offset, None, decl.hidden)
        members.append(member)
        offset += member.size
        if decl.count:
            offset = _align(offset, 4)
        alignment = max(alignment, member_align)
    if not members:
        raise ConfigError(f"data type '{name}' has no members", where=where)
    alignment = max(alignment, 4)
    return StructType(name, tuple(members), _align(max(offset, 1), alignment), alignment)


def make_string_type(name: str = "STRING", length: int = 82) -> StructType:
    """A Logix string type: DINT LEN, SINT[length] DATA (STRING is 82 characters, 88 bytes)."""
    size = _align(4 + length, 4)
    members = (StructMember("LEN", _DINT, 0, 0), StructMember("DATA", _SINT, length, 4))
    return StructType(name, members, size, 4, predefined=(name == "STRING"))


# -- value codecs ---------------------------------------------------------------------------------------------

def decode_logix(data_type: LogixType, data: bytes | bytearray | memoryview, offset: int = 0,
                 count: int = 0) -> LogixValue:
    """Decode a value (an array of ``count`` elements when ``count`` > 0) stored at ``offset``."""
    if count:
        return [decode_logix(data_type, data, offset + i * data_type.size) for i in range(count)]
    if isinstance(data_type, AtomicType):
        (value,) = struct.unpack_from(data_type.fmt, data, offset)
        return bool(value) if data_type is _BOOL else value
    if data_type.is_string:
        length, chars = data_type.members[0], data_type.members[1]
        (used,) = struct.unpack_from("<i", data, offset + length.offset)
        used = min(max(used, 0), chars.count)
        start = offset + chars.offset
        return bytes(data[start:start + used]).decode("latin-1")
    result: dict[str, LogixValue] = {}
    for member in data_type.members:
        if member.hidden:
            continue
        if member.bit is not None:
            result[member.name] = bool(data[offset + member.offset] >> member.bit & 1)
        elif member.bool_bits is not None:
            start = offset + member.offset
            result[member.name] = [bool(data[start + i // 8] >> (i % 8) & 1) for i in range(member.bool_bits)]
        else:
            result[member.name] = decode_logix(member.type, data, offset + member.offset, member.count)
    return result


def encode_logix(data_type: LogixType, value: LogixValue, buffer: bytearray, offset: int = 0, count: int = 0,
                 *, name: str = "") -> None:
    """Write ``value`` into ``buffer`` at ``offset`` in place (bits of BOOL members change alone).

    A struct value may be partial (a dict of some members); array values may be shorter than ``count``.

    Raises:
        InputError: the value does not fit the type; ``name`` (the tag path) is used in the message.
    """
    label = name or str(data_type)
    if count:
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            raise InputError(f"'{label}' is an array of {count} {data_type}; give a list, not {value!r}")
        items = list(value)
        if len(items) > count:
            raise InputError(f"'{label}' holds {count} elements, not {len(items)}")
        for i, item in enumerate(items):
            encode_logix(data_type, item, buffer, offset + i * data_type.size, name=f"{label}[{i}]")
        return
    if isinstance(data_type, AtomicType):
        buffer[offset:offset + data_type.size] = _pack_atomic(data_type, value, label)
        return
    if data_type.is_string:
        _encode_string(data_type, value, buffer, offset, label)
        return
    if not isinstance(value, dict):
        raise InputError(f"'{label}' is a {data_type.name} structure; give a dict of members, not {value!r}")
    for key, item in value.items():
        member = data_type.member(str(key), where=label)
        if member.bit is not None:
            bit_on = _pack_atomic(_BOOL, item, f"{label}.{member.name}")[0]
            mask = 1 << member.bit
            at = offset + member.offset
            buffer[at] = (buffer[at] | mask) if bit_on else (buffer[at] & ~mask & 0xFF)
        elif member.bool_bits is not None:
            _encode_bool_array(member, item, buffer, offset + member.offset, f"{label}.{member.name}")
        else:
            encode_logix(member.type, item, buffer, offset + member.offset, member.count, name=f"{label}.{member.name}")


def _encode_bool_array(member: StructMember, value: LogixValue, buffer: bytearray, offset: int, label: str) -> None:
    bits = member.bool_bits or 0
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InputError(f"'{label}' is BOOL[{bits}]; give a list of true/false values, not {value!r}")
    items = list(value)
    if len(items) > bits:
        raise InputError(f"'{label}' is BOOL[{bits}]; give up to {bits} values, not {len(items)}")
    for i, item in enumerate(items):
        bit_on = _pack_atomic(_BOOL, item, f"{label}[{i}]")[0]
        at, mask = offset + i // 8, 1 << (i % 8)
        buffer[at] = (buffer[at] | mask) if bit_on else (buffer[at] & ~mask & 0xFF)


def _encode_string(data_type: StructType, value: LogixValue, buffer: bytearray, offset: int, label: str) -> None:
    if not isinstance(value, str):
        raise InputError(f"'{label}' is a {data_type.name}; give text, not {value!r}")
    chars = data_type.members[1]
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise InputError(f"'{label}': {data_type.name} holds 8-bit characters only ({value[exc.start]!r})") from None
    if len(raw) > chars.count:
        raise InputError(f"'{label}': {data_type.name} holds {chars.count} characters, not {len(raw)}")
    struct.pack_into("<i", buffer, offset, len(raw))
    start = offset + chars.offset
    buffer[start:start + chars.count] = raw + bytes(chars.count - len(raw))


def _pack_atomic(data_type: AtomicType, value: LogixValue, label: str) -> bytes:
    if data_type is _BOOL:
        if isinstance(value, bool) or value in (0, 1):
            return b"\x01" if value else b"\x00"
        raise InputError(f"'{label}' is a BOOL; give true/false or 1/0, not {value!r}")
    if isinstance(value, bool):
        value = int(value)
    if not isinstance(value, (int, float)):
        raise InputError(f"'{label}' is a {data_type.name}; give a number, not {value!r}")
    if data_type.is_float:
        if data_type.size == 4 and math.isfinite(value) and abs(value) > 3.4028234663852886e38:
            raise InputError(f"'{label}' is a REAL and cannot hold {value!r} (float32 range)")
        return struct.pack(data_type.fmt, float(value))
    if isinstance(value, float):
        if not value.is_integer():
            raise InputError(f"'{label}' is a {data_type.name}; give a whole number, not {value!r}")
        value = int(value)
    bits = 8 * data_type.size
    signed = data_type.fmt[1].islower()
    low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if not low <= value <= high:
        raise InputError(f"'{label}' is a {data_type.name} and takes {low} to {high}, not {value}")
    return struct.pack(data_type.fmt, value)
