"""The S7 soft PLC's memory: one ``bytearray`` per S7 area (I, Q, M and each DB), sized from the tag table.

The bytearrays are what the S7 server serves, zero-copy: snap7 keeps a reference to a registered
``bytearray`` (it would copy a ctypes array), so a scan's writes are what the next client read sees.
:class:`ProcessImage` implements the runtime's :class:`~hil.softplc.Memory` protocol.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any

from hil.tags import Area, FieldCodec, Tag, TagTable

__all__ = ["AreaKey", "ProcessImage", "ProgramIO"]

AreaKey = tuple[Area, int]  # (area, DB number; 0 outside DBs)


class _SwappableLock:
    """A context manager whose implementation the front end installs: the S7 server's area locks while it
    serves (snap7 takes them for each client request), nothing while nobody else can see the memory."""

    def __init__(self) -> None:
        self.guard: Callable[[], AbstractContextManager[Any]] = contextlib.nullcontext
        self._local = threading.local()  # each thread's entered guards (the scanner and a reader may overlap)

    def __enter__(self) -> None:
        held = self.guard()
        held.__enter__()
        stack = getattr(self._local, "held", None)
        if stack is None:
            stack = self._local.held = []
        stack.append(held)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._local.held.pop().__exit__(exc_type, exc, tb)


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
        self.lock = _SwappableLock()

    def __iter__(self) -> Iterator[tuple[AreaKey, bytearray]]:
        return iter(self.areas.items())

    # -- the Memory protocol ------------------------------------------------------------------------------
    def clear(self) -> None:
        """Zero every area in place (a cold restart); the server keeps serving the same buffers."""
        for buffer in self.areas.values():
            buffer[:] = bytes(len(buffer))

    def snapshot(self) -> dict[AreaKey, bytes]:
        return {key: bytes(buffer) for key, buffer in self.areas.items()}

    def restore(self, snapshot: Mapping[AreaKey, bytes]) -> None:
        for key, buffer in self.areas.items():
            buffer[:] = snapshot[key]

    def program_io(self) -> ProgramIO:
        return ProgramIO(self)

    def attach(self, program: Any) -> None:
        program.check(self.tags)
        bind = getattr(program, "bind", None)
        if callable(bind):  # a compiled ST program maps whole areas (its DBs) onto the image
            bind(self.areas)

    def stop_outputs(self) -> None:
        """STOP sets the outputs to 0: the substitute value of an S7 output module whose CPU stopped."""
        for (area, _), buffer in self.areas.items():
            if area is Area.Q:
                buffer[:] = bytes(len(buffer))

    # -- tag access ---------------------------------------------------------------------------------------
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


class ProgramIO:
    """Tag access by name for a control program: ``io["Oven.Zone2.TempPV"]``, ``io["Q.Heater"] = True``."""

    __slots__ = ("_fields", "_image", "_tags")

    def __init__(self, image: ProcessImage) -> None:
        self._image = image
        self._tags = image.tags
        self._fields: dict[str, tuple[bytearray, FieldCodec]] = {}  # resolved on first use, then reused

    @property
    def image(self) -> ProcessImage:
        """The process image itself, for programs that map whole areas (compiled ST programs)."""
        return self._image

    def _field(self, name: str) -> tuple[bytearray, FieldCodec]:
        found = self._fields.get(name)
        if found is None:
            found = self._fields[name] = self._image.accessor(self._tags[name])
        return found

    def __getitem__(self, name: str) -> bool | int | float:
        buffer, codec = self._field(name)
        return codec.get(buffer)

    def __setitem__(self, name: str, value: bool | int | float) -> None:
        buffer, codec = self._field(name)
        codec.put(buffer, value)


def _area_order(key: AreaKey) -> tuple[int, int]:
    return key[0].value, key[1]
