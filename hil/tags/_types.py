"""PLC elementary data types and their byte codecs (pure functions, big-endian as on the S7 wire).

Byte layouts (S7, big-endian): BOOL is one bit of a byte; BYTE/USINT/SINT 1 byte; WORD/UINT/INT
2 bytes; DWORD/UDINT/DINT/REAL 4 bytes (REAL is IEEE-754 float32); LREAL 8 bytes (float64).
"""
from __future__ import annotations

import enum
import math
import struct

from hil.errors import InputError, SourceLocation, close_matches

__all__ = ["DataType", "decode", "encode", "parse_data_type"]


class DataType(enum.Enum):
    """An elementary PLC data type: its size in bytes and its struct format (``None`` for BOOL)."""

    # (name, size in bytes, struct format): the name keeps same-layout types (WORD, UINT) distinct members.
    BOOL = ("BOOL", 1, None)
    BYTE = ("BYTE", 1, ">B")
    USINT = ("USINT", 1, ">B")
    SINT = ("SINT", 1, ">b")
    WORD = ("WORD", 2, ">H")
    UINT = ("UINT", 2, ">H")
    INT = ("INT", 2, ">h")
    DWORD = ("DWORD", 4, ">I")
    UDINT = ("UDINT", 4, ">I")
    DINT = ("DINT", 4, ">i")
    REAL = ("REAL", 4, ">f")
    LREAL = ("LREAL", 8, ">d")

    def __init__(self, _name: str, size: int, fmt: str | None) -> None:
        self.size = size
        self.fmt = fmt

    @property
    def is_integer(self) -> bool:
        return self.fmt is not None and self.fmt[1] in "BbHhIi"

    @property
    def is_float(self) -> bool:
        return self in (DataType.REAL, DataType.LREAL)

    def integer_range(self) -> tuple[int, int]:
        bits = 8 * self.size
        if self.fmt is not None and self.fmt[1].islower():
            return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        return 0, (1 << bits) - 1


def parse_data_type(text: str, *, where: SourceLocation | str | None = None) -> DataType:
    """Return the :class:`DataType` named ``text`` (case-insensitive)."""
    try:
        return DataType[text.strip().upper()]
    except KeyError:
        raise InputError(
            f"unknown data type '{text}'",
            where=where,
            suggestions=close_matches(text.strip().upper(), DataType.__members__),
        ) from None


def encode(data_type: DataType, value: bool | int | float, *, name: str = "") -> bytes:
    """Encode ``value`` as ``data_type``. BOOL encodes to one byte, 0 or 1 (the caller places the bit).

    Raises:
        InputError: the value does not fit the type (out of range, not a number, a fraction for an
            integer type). ``name`` (the tag name) is used in the message.
    """
    label = f"tag '{name}' ({data_type.name})" if name else data_type.name
    if data_type is DataType.BOOL:
        if isinstance(value, bool) or value in (0, 1):
            return b"\x01" if value else b"\x00"
        raise InputError(f"{label} takes on/off (true/false, 1/0), not {value!r}")
    assert data_type.fmt is not None
    if isinstance(value, bool):
        value = int(value)
    if not isinstance(value, (int, float)):
        raise InputError(f"{label} takes a number, not {value!r}")
    if data_type.is_integer:
        if isinstance(value, float):
            if not value.is_integer():
                raise InputError(f"{label} takes a whole number, not {value!r}")
            value = int(value)
        low, high = data_type.integer_range()
        if not low <= value <= high:
            raise InputError(f"{label} takes {low} to {high}, not {value}")
        return struct.pack(data_type.fmt, value)
    if data_type is DataType.REAL and math.isfinite(value) and abs(value) > 3.4028234663852886e38:
        raise InputError(f"{label} cannot hold {value!r} (float32 range)")
    return struct.pack(data_type.fmt, value)


def decode(data_type: DataType, data: bytes | bytearray | memoryview, offset: int = 0, bit: int = 0) -> bool | int | float:
    """Decode the value of ``data_type`` at ``offset`` in ``data`` (``bit`` selects a BOOL's bit)."""
    if data_type is DataType.BOOL:
        return bool(data[offset] >> bit & 1)
    assert data_type.fmt is not None
    (value,) = struct.unpack_from(data_type.fmt, data, offset)
    return value
