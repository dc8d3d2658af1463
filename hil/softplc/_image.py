"""The soft PLC's memory: one ``bytearray`` per S7 area (I, Q, M and each DB), sized from the tag table.

The bytearrays are what the S7 server serves, zero-copy: snap7 keeps a reference to a registered
``bytearray`` (it would copy a ctypes array), so a scan's writes are what the next client read sees.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from hil.tags import Area, DataType, Tag, TagTable, decode, encode

__all__ = ["ProcessImage"]

AreaKey = tuple[Area, int]  # (area, DB number; 0 outside DBs)


class ProcessImage:
    """Byte images of the areas the tag table uses, plus tag-level access for control programs."""

    def __init__(self, tags: TagTable, sizes: Mapping[AreaKey, int] | None = None) -> None:
        """``sizes`` gives minimum area sizes (a compiled ST program's whole DBs, strings included)."""
        self.tags = tags
        sizes = {key: size for key, size in (sizes or {}).items() if size > 0}
        for tag in tags:
            key = (tag.address.area, tag.address.db)
            sizes[key] = max(sizes.get(key, 0), tag.address.byte + tag.address.size)
        # Keys sorted so every scan takes the per-area locks in one fixed order (no deadlock).
        self.areas: dict[AreaKey, bytearray] = {key: bytearray(sizes[key]) for key in sorted(sizes, key=_area_order)}

    def __iter__(self) -> Iterator[tuple[AreaKey, bytearray]]:
        return iter(self.areas.items())

    def clear(self) -> None:
        """Zero every area in place (a cold restart); the server keeps serving the same buffers."""
        for buffer in self.areas.values():
            buffer[:] = bytes(len(buffer))

    def read(self, tag: Tag) -> bool | int | float:
        address = tag.address
        return decode(tag.data_type, self.areas[(address.area, address.db)], address.byte, address.bit or 0)

    def write(self, tag: Tag, value: bool | int | float) -> None:
        address = tag.address
        buffer = self.areas[(address.area, address.db)]
        raw = encode(tag.data_type, value, name=tag.name)
        if tag.data_type is DataType.BOOL:
            mask = 1 << (address.bit or 0)
            buffer[address.byte] = (buffer[address.byte] | mask) if raw[0] else (buffer[address.byte] & ~mask)
        else:
            buffer[address.byte : address.byte + len(raw)] = raw


def _area_order(key: AreaKey) -> tuple[int, int]:
    return key[0].value, key[1]
