"""The soft PLC's memory: one ``bytearray`` per S7 area (I, Q, M and each DB), sized from the tag table.

The bytearrays are what the S7 server serves, zero-copy: snap7 keeps a reference to a registered
``bytearray`` (it would copy a ctypes array), so a scan's writes are what the next client read sees.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from hil.tags import Area, FieldCodec, Tag, TagTable

__all__ = ["ProcessImage"]

AreaKey = tuple[Area, int]  # (area, DB number; 0 outside DBs)


class ProcessImage:
    """Byte images of the areas the tag table uses, plus tag-level access for control programs."""

    def __init__(self, tags: TagTable, sizes: Mapping[AreaKey, int] | None = None) -> None:
        """``sizes`` gives minimum area sizes (a compiled ST program's whole DBs, strings included)."""
        self.tags = tags
        sizes = {key: size for key, size in (sizes or {}).items() if size > 0}
        for tag in tags:
            key = (tag.s7.area, tag.s7.db)
            sizes[key] = max(sizes.get(key, 0), tag.s7.byte + tag.s7.size)
        # Keys sorted so every scan takes the per-area locks in one fixed order (no deadlock).
        self.areas: dict[AreaKey, bytearray] = {key: bytearray(sizes[key]) for key in sorted(sizes, key=_area_order)}
        self._accessors: dict[str, tuple[bytearray, FieldCodec]] = {}

    def __iter__(self) -> Iterator[tuple[AreaKey, bytearray]]:
        return iter(self.areas.items())

    def clear(self) -> None:
        """Zero every area in place (a cold restart); the server keeps serving the same buffers."""
        for buffer in self.areas.values():
            buffer[:] = bytes(len(buffer))

    def accessor(self, tag: Tag) -> tuple[bytearray, FieldCodec]:
        """The buffer holding ``tag`` and its pre-resolved codec (cached: programs call this every scan)."""
        found = self._accessors.get(tag.name)
        if found is None or found[1].tag is not tag:
            found = self._accessors[tag.name] = (self.areas[(tag.s7.area, tag.s7.db)],
                                                 FieldCodec(tag, tag.s7.byte))
        return found

    def read(self, tag: Tag) -> bool | int | float:
        buffer, codec = self.accessor(tag)
        return codec.get(buffer)

    def write(self, tag: Tag, value: bool | int | float) -> None:
        buffer, codec = self.accessor(tag)
        codec.put(buffer, value)


def _area_order(key: AreaKey) -> tuple[int, int]:
    return key[0].value, key[1]
