"""Logix tag services over the tag database: Read Tag (0x4C), Read Tag Fragmented (0x52), Write Tag (0x4D),
Write Tag Fragmented (0x53) and Read-Modify-Write (0x4E). No I/O.

Request data after the path (little-endian)::

    0x4C  UINT elements                                   reply: type header | elements × size bytes
    0x52  UINT elements | UDINT byte offset               reply: type header | bytes from the offset (0x06 = more)
    0x4D  type header | UINT elements | data              (trailing bytes are ignored: pycomm3 duplicates single writes)
    0x53  type header | UINT elements | UDINT byte offset | chunk
    0x4E  UINT mask size | OR mask | AND mask             new = (old | OR) & AND (pycomm3 always sends 8 AND bytes);
                                                          on a BOOL member, old/new are the member's value 0/1

The type header is ``UINT code`` for atomic data or ``A0 02 UINT structure handle`` for structures.
Errors: unknown tag or index → 0x05, malformed path → 0x04, more elements than the tag holds → 0xFF/0x2105,
wrong type → 0xFF/0x2107, short data → 0x13, read-only or hidden tag → 0x0F.
"""
from __future__ import annotations

import struct
from collections.abc import Sequence

from hil.softplc.logix._tagdb import Location, PathError, Step, TagDatabase
from hil.softplc.logix._templates import Templates
from hil.tags import ATOMIC_TYPES, AtomicType
from hil.wire import CipError, CipExt, CipStatus, Segment, parse_rmw

__all__ = ["TagServices"]

_BOOL = ATOMIC_TYPES["BOOL"]
_REPLY_HEADER = 4


class TagServices:
    """Answers tag service requests against a tag database (the caller holds the database lock)."""

    _CACHE_LIMIT = 4096

    def __init__(self, db: TagDatabase, templates: Templates) -> None:
        self.db = db
        self.templates = templates
        # Tags and types do not change while serving, so a path always resolves to the same location.
        self._locations: dict[tuple[Segment, ...], Location] = {}

    # -- addressing ---------------------------------------------------------------------------------------
    def locate(self, path: tuple[Segment, ...]) -> Location:
        """Resolve ``[91 "Program:P"] (91 name | 20 6B 24 id) (91 member | 28 index…)*`` (cached)."""
        location = self._locations.get(path)
        if location is None:
            location = self._resolve(path)
            if len(self._locations) >= self._CACHE_LIMIT:
                self._locations.clear()
            self._locations[path] = location
        return location

    def _resolve(self, path: Sequence[Segment]) -> Location:
        try:
            segments = list(path)
            program = None
            if segments and segments[0].kind == "symbol" and str(segments[0].value).startswith("Program:"):
                program = str(segments.pop(0).value)[len("Program:"):]
            if not segments:
                raise CipError(CipStatus.PATH_SEGMENT_ERROR, "path names no tag")
            first = segments.pop(0)
            if first.kind == "symbol":
                symbol = self.db.symbol(str(first.value), program)
            elif first.kind == "class" and first.value == 0x6B and segments and segments[0].kind == "instance":
                symbol = self.db.by_instance(int(segments.pop(0).value), program)
            else:
                raise CipError(CipStatus.PATH_SEGMENT_ERROR, "a tag path starts with a symbol or symbol class 0x6B")
            steps: list[Step] = []
            for segment in segments:
                if segment.kind == "symbol":
                    steps.append(str(segment.value))
                elif segment.kind == "member":
                    if steps and isinstance(steps[-1], tuple):
                        steps[-1] = (*steps[-1], int(segment.value))
                    else:
                        steps.append((int(segment.value),))
                else:
                    raise CipError(CipStatus.PATH_SEGMENT_ERROR, f"unexpected {segment.kind} segment in a tag path")
            return self.db.resolve(symbol, steps)
        except PathError as exc:
            raise CipError(exc.status, exc.message, (exc.ext,) if exc.ext is not None else ()) from None

    def _element(self, location: Location) -> tuple[int, bytes]:
        """(element size, type header) of what a location serves."""
        if location.bit is not None:
            return 1, self.templates.type_header(_BOOL)
        return location.type.size, self.templates.type_header(location.type)

    @staticmethod
    def _check_access(location: Location, write: bool) -> None:
        access = location.symbol.access
        if access == 3 or (write and access == 2):
            raise CipError(CipStatus.PRIVILEGE_VIOLATION, f"'{location.symbol.path}' is not {'writable' if write else 'readable'}")

    @staticmethod
    def _elements(location: Location, count: int) -> None:
        if count < 1 or count > location.available or (location.bit is not None and count != 1):
            raise CipError(CipStatus.GENERAL, f"{count} elements requested, {location.available} available",
                           (CipExt.BEYOND_END_OF_OBJECT,))

    def _bytes(self, location: Location, count: int) -> bytes:
        if location.bit is not None:
            return bytes((location.buffer[location.offset] >> location.bit & 1,))
        size = location.type.size
        return bytes(location.buffer[location.offset:location.offset + count * size])

    # -- services -----------------------------------------------------------------------------------------
    def read(self, path: tuple[Segment, ...], data: bytes, max_reply: int) -> tuple[int, bytes]:
        location = self.locate(path)
        self._check_access(location, False)
        count = _uint(data, 0)
        self._elements(location, count)
        size, header = self._element(location)
        payload = self._bytes(location, count)
        room = max_reply - _REPLY_HEADER - len(header)
        if len(payload) > room:  # as a controller does: what fits, flagged partial (an error for Read Tag)
            return CipStatus.PARTIAL_TRANSFER, header + payload[:max(room, 0) // size * size]
        return CipStatus.SUCCESS, header + payload

    def read_fragmented(self, path: tuple[Segment, ...], data: bytes, max_reply: int) -> tuple[int, bytes]:
        location = self.locate(path)
        self._check_access(location, False)
        count = _uint(data, 0)
        offset = _udint(data, 2)
        self._elements(location, count)
        size, header = self._element(location)
        payload = self._bytes(location, count)
        if offset >= len(payload):
            raise CipError(CipStatus.GENERAL, f"offset {offset} is beyond the {len(payload)} bytes requested",
                           (CipExt.BEYOND_END_OF_OBJECT,))
        room = max_reply - _REPLY_HEADER - len(header)
        chunk = room // size * size if room >= size else max(room, 0)
        if chunk <= 0:
            raise CipError(CipStatus.REPLY_DATA_TOO_LARGE, "connection too small for one element")
        piece = payload[offset:offset + chunk]
        more = offset + len(piece) < len(payload)
        return (CipStatus.PARTIAL_TRANSFER if more else CipStatus.SUCCESS), header + piece

    def _write_header(self, location: Location, data: bytes) -> int:
        """Check the type header against the location; returns where the element count starts."""
        (code,) = struct.unpack_from("<H", data) if len(data) >= 2 else (None,)
        if code is None:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "write request has no type")
        served = _BOOL if location.bit is not None else location.type
        if code == 0x02A0:
            if len(data) < 4:
                raise CipError(CipStatus.NOT_ENOUGH_DATA, "structure handle missing")
            (handle,) = struct.unpack_from("<H", data, 2)
            if isinstance(served, AtomicType) or self.templates.of(served).handle != handle:
                raise CipError(CipStatus.GENERAL, "type mismatch", (CipExt.TYPE_MISMATCH,))
            return 4
        if not isinstance(served, AtomicType) or served.code != code:
            raise CipError(CipStatus.GENERAL, "type mismatch", (CipExt.TYPE_MISMATCH,))
        return 2

    def _store(self, location: Location, offset: int, chunk: bytes) -> None:
        if location.bit is not None:
            mask = 1 << location.bit
            old = location.buffer[location.offset]
            location.buffer[location.offset] = (old | mask) if chunk[0] else (old & ~mask & 0xFF)
            return
        start = location.offset + offset
        if location.type is _BOOL:  # a BOOL tag holds 0 or 1, whatever byte the client sent
            chunk = bytes(1 if b else 0 for b in chunk)
        location.buffer[start:start + len(chunk)] = chunk

    def write(self, path: tuple[Segment, ...], data: bytes) -> tuple[int, bytes]:
        location = self.locate(path)
        self._check_access(location, True)
        at = self._write_header(location, data)
        count = _uint(data, at)
        self._elements(location, count)
        size, _ = self._element(location)
        needed = count * size
        value = data[at + 2:at + 2 + needed]
        if len(value) < needed:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, f"{len(value)} data bytes for {needed}")
        self._store(location, 0, value)  # trailing bytes ignored on purpose (pycomm3's duplicated single write)
        return CipStatus.SUCCESS, b""

    def write_fragmented(self, path: tuple[Segment, ...], data: bytes) -> tuple[int, bytes]:
        location = self.locate(path)
        self._check_access(location, True)
        at = self._write_header(location, data)
        count = _uint(data, at)
        offset = _udint(data, at + 2)
        self._elements(location, count)
        size, _ = self._element(location)
        total = count * size
        chunk = data[at + 6:]
        if offset >= total or not chunk:
            raise CipError(CipStatus.GENERAL, f"offset {offset} is beyond the {total} bytes of the write",
                           (CipExt.BEYOND_END_OF_OBJECT,))
        self._store(location, offset, chunk[:total - offset])
        return CipStatus.SUCCESS, b""

    def read_modify_write(self, path: tuple[Segment, ...], data: bytes) -> tuple[int, bytes]:
        location = self.locate(path)
        self._check_access(location, True)
        mask_size = _uint(data, 0)
        served_size = 1 if location.bit is not None else location.type.size
        if mask_size not in (1, 2, 4, 8) or not isinstance(location.type, AtomicType) or mask_size != served_size \
                or location.type.is_float:
            raise CipError(CipStatus.GENERAL, f"mask of {mask_size} bytes on a {location.type}", (CipExt.TYPE_MISMATCH,))
        _, or_mask, and_mask = parse_rmw(data)
        start, buffer = location.offset, location.buffer
        if location.bit is not None:
            # A BOOL member is one bit of a hidden host byte shared with other members: the masks apply to the
            # BOOL's own value (the byte a read of it returns, 0 or 1), never to the host byte, whose other bits
            # belong to other members.
            mask = 1 << location.bit
            value = (int(bool(buffer[start] & mask)) | or_mask) & and_mask
            buffer[start] = buffer[start] | mask if value else buffer[start] & ~mask & 0xFF
            return CipStatus.SUCCESS, b""
        old = int.from_bytes(buffer[start:start + mask_size], "little")
        new = (old | or_mask) & and_mask
        if location.type is _BOOL:  # a BOOL tag holds 0 or 1, as after a Write Tag
            new = int(new != 0)
        buffer[start:start + mask_size] = new.to_bytes(mask_size, "little")
        return CipStatus.SUCCESS, b""


def _uint(data: bytes, offset: int) -> int:
    if len(data) < offset + 2:
        raise CipError(CipStatus.NOT_ENOUGH_DATA, "request data too short")
    return int(struct.unpack_from("<H", data, offset)[0])


def _udint(data: bytes, offset: int) -> int:
    if len(data) < offset + 4:
        raise CipError(CipStatus.NOT_ENOUGH_DATA, "request data too short")
    return int(struct.unpack_from("<I", data, offset)[0])
