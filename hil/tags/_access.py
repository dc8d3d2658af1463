"""Pre-resolved tag access for hot paths (the scan, the kernel cycle): one struct per tag, built once.

:func:`hil.tags.encode` checks types and ranges and explains what is wrong; that costs microseconds
per value. A :class:`FieldCodec` packs with a precompiled ``struct.Struct`` and falls back to
``encode`` only when packing fails, so the error message stays the same and the common case is fast.
"""
from __future__ import annotations

import struct

from hil.tags._table import Tag
from hil.tags._types import DataType, encode

__all__ = ["FieldCodec"]

Value = bool | int | float


class FieldCodec:
    """Reads and writes one tag at ``offset`` in a buffer (a BOOL through its bit mask)."""

    __slots__ = ("mask", "offset", "struct", "tag")

    def __init__(self, tag: Tag, offset: int) -> None:
        self.tag = tag
        self.offset = offset
        is_bool = tag.data_type is DataType.BOOL
        self.mask = 1 << (tag.s7.bit or 0) if is_bool else 0
        self.struct = None if is_bool else struct.Struct(tag.data_type.fmt or "")

    def get(self, buffer: bytes | bytearray | memoryview) -> Value:
        if self.struct is None:
            return bool(buffer[self.offset] & self.mask)
        return self.struct.unpack_from(buffer, self.offset)[0]  # type: ignore[no-any-return]

    def put(self, buffer: bytearray, value: Value) -> None:
        if self.struct is None:
            if value is True or value is False or value in (0, 1):
                buffer[self.offset] = buffer[self.offset] | self.mask if value else buffer[self.offset] & ~self.mask
                return
        else:
            try:
                if not (self.tag.data_type.is_integer and isinstance(value, float)):  # 1.5 must not pack as 1
                    self.struct.pack_into(buffer, self.offset, value)
                    return
            except (struct.error, OverflowError, TypeError):
                pass
        raw = encode(self.tag.data_type, value, name=self.tag.name)  # raises the explaining InputError
        buffer[self.offset : self.offset + len(raw)] = raw
