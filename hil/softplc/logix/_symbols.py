"""The Symbol object's tag listing (class 0x6B, Get_Instance_Attribute_List 0x55) and the Template object
(class 0x6C: Get_Attribute_List 0x03, Read Template 0x4C). No I/O.

0x55 request data: ``UINT count | UINT attribute ids``; the path's instance is the first id wanted. Each record
of the reply is ``UDINT instance`` followed by the requested attributes in the requested order, with no
per-attribute status:

    1 name (UINT length + ASCII)   2 symbol type (UINT)   3 symbol address (UDINT)   5 object address (UDINT)
    6 software control (UDINT; bit 26 = base tag)   8 dimensions (3 × UDINT)   10 external access (USINT)

Records come in ascending instance order from the start id; a page that stops before the end answers 0x06, and
the client asks again from the last id + 1. The controller scope lists ``Program:<name>`` entries; a program
scope lists ``Routine:<name>`` entries, as pycomm3 expects to discover programs and routines.
"""
from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

from hil.softplc.logix._tagdb import TagDatabase
from hil.softplc.logix._templates import Template, Templates, symbol_type_word
from hil.wire import CipError, CipExt, CipStatus, Segment

__all__ = ["SymbolListing", "TemplateService"]

_BASE_TAG = 0x0400_0000
_PROGRAM_TYPE = 0x1068  # bit 12: a system symbol, not a tag
_ROUTINE_TYPE = 0x1069


@dataclass(frozen=True)
class _Entry:
    instance_id: int
    name: bytes
    type_word: int
    dims: tuple[int, int, int]
    access: int
    base: bool


def _with_bit(entry: _Entry, bit: int | None) -> _Entry:
    """A BOOL alias of a bit carries the bit number in bits 8–10 of its symbol type."""
    if bit is None:
        return entry
    return _Entry(entry.instance_id, entry.name, entry.type_word | bit << 8, entry.dims, entry.access, entry.base)


class SymbolListing:
    """Pre-built listing records per scope (tags do not change while serving)."""

    _SUPPORTED = (1, 2, 3, 5, 6, 8, 10)

    def __init__(self, db: TagDatabase, templates: Templates) -> None:
        self.scopes: dict[str | None, list[_Entry]] = {}
        next_id = max((s.instance_id for s in db), default=0) + 1
        controller = [self._entry(s.instance_id, s.name, symbol_type_word(templates, s.element_type, len(s.dims)),
                                  s.dims, s.access, s.alias_for is None) for s in db.symbols(None)]
        controller = [_with_bit(e, s.base_bit) for e, s in zip(controller, db.symbols(None))]
        for program, routines in db.programs.items():
            controller.append(_Entry(next_id, f"Program:{program}".encode("ascii"), _PROGRAM_TYPE, (0, 0, 0), 0, False))
            next_id += 1
            entries = [self._entry(s.instance_id, s.name, symbol_type_word(templates, s.element_type, len(s.dims)),
                                   s.dims, s.access, s.alias_for is None) for s in db.symbols(program)]
            entries = [_with_bit(e, s.base_bit) for e, s in zip(entries, db.symbols(program))]
            for routine in routines:
                entries.append(_Entry(next_id, f"Routine:{routine}".encode("ascii"), _ROUTINE_TYPE, (0, 0, 0), 0, False))
                next_id += 1
            self.scopes[program] = entries
        self.scopes[None] = controller

    @staticmethod
    def _entry(instance_id: int, name: str, type_word: int, dims: tuple[int, ...], access: int, base: bool) -> _Entry:
        padded = (tuple(dims) + (0, 0, 0))[:3]
        return _Entry(instance_id, name.encode("ascii"), type_word, (padded[0], padded[1], padded[2]), access, base)

    def get_instance_attribute_list(self, path: Sequence[Segment], data: bytes, max_reply: int) -> tuple[int, bytes]:
        segments = list(path)
        program = None
        if segments and segments[0].kind == "symbol":
            name = str(segments.pop(0).value)
            if not name.startswith("Program:") or name[len("Program:"):] not in self.scopes:
                raise CipError(CipStatus.PATH_DESTINATION_UNKNOWN, f"no program scope '{name}'")
            program = name[len("Program:"):]
        if [s.kind for s in segments] != ["class", "instance"] or segments[0].value != 0x6B:
            raise CipError(CipStatus.PATH_SEGMENT_ERROR, "listing path must be [Program:<name>] 20 6B 24 <start>")
        start = int(segments[1].value)
        if len(data) < 2:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "attribute count missing")
        (count,) = struct.unpack_from("<H", data)
        if count == 0 or len(data) < 2 + 2 * count:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "attribute list shorter than its count")
        attributes = struct.unpack_from(f"<{count}H", data, 2)
        unknown = [a for a in attributes if a not in self._SUPPORTED]
        if unknown:
            raise CipError(CipStatus.ATTRIBUTE_NOT_SUPPORTED, f"symbol attribute {unknown[0]} is not served")
        room = max_reply - 4
        out: list[bytes] = []
        used = 0
        for entry in self.scopes[program]:
            if entry.instance_id < start:
                continue
            record = self._record(entry, attributes)
            if used + len(record) > room:
                if not out:
                    raise CipError(CipStatus.REPLY_DATA_TOO_LARGE, "connection too small for one symbol record")
                return CipStatus.PARTIAL_TRANSFER, b"".join(out)
            out.append(record)
            used += len(record)
        return CipStatus.SUCCESS, b"".join(out)

    @staticmethod
    def _record(entry: _Entry, attributes: Sequence[int]) -> bytes:
        parts = [struct.pack("<I", entry.instance_id)]
        for attribute in attributes:
            if attribute == 1:
                parts.append(struct.pack("<H", len(entry.name)) + entry.name)
            elif attribute == 2:
                parts.append(struct.pack("<H", entry.type_word))
            elif attribute in (3, 5):
                parts.append(struct.pack("<I", 0))  # memory addresses: meaningless outside a real controller
            elif attribute == 6:
                parts.append(struct.pack("<I", _BASE_TAG if entry.base else 0))
            elif attribute == 8:
                parts.append(struct.pack("<3I", *entry.dims))
            else:  # 10
                parts.append(bytes((entry.access,)))
        return b"".join(parts)


class TemplateService:
    """Template attributes and Read Template over a :class:`Templates` registry."""

    def __init__(self, templates: Templates) -> None:
        self.templates = templates

    def _template(self, instance: int) -> Template:
        template = self.templates.by_id(instance)
        if template is None:
            raise CipError(CipStatus.PATH_DESTINATION_UNKNOWN, f"no template instance {instance}")
        return template

    def get_attribute_list(self, instance: int, data: bytes) -> bytes:
        template = self._template(instance)
        if len(data) < 2:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "attribute count missing")
        (count,) = struct.unpack_from("<H", data)
        if count == 0 or len(data) < 2 + 2 * count:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "attribute list shorter than its count")
        out = [struct.pack("<H", count)]
        for attribute in struct.unpack_from(f"<{count}H", data, 2):
            if attribute == 1:
                out.append(struct.pack("<HHH", 1, 0, template.handle))
            elif attribute == 2:
                out.append(struct.pack("<HHH", 2, 0, template.member_count))
            elif attribute == 4:
                out.append(struct.pack("<HHI", 4, 0, template.object_definition_size))
            elif attribute == 5:
                out.append(struct.pack("<HHI", 5, 0, template.struct_type.size))
            else:
                out.append(struct.pack("<HH", attribute, CipStatus.ATTRIBUTE_NOT_SUPPORTED))
        return b"".join(out)

    def read(self, instance: int, data: bytes, max_reply: int) -> tuple[int, bytes]:
        """Request ``UDINT offset | UINT bytes``; answers what fits, 0x06 while more of the asked range remains."""
        template = self._template(instance)
        if len(data) < 6:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "Read Template needs offset and byte count")
        offset, wanted = struct.unpack_from("<IH", data)
        definition = template.definition
        if offset >= len(definition):
            raise CipError(CipStatus.GENERAL, f"offset {offset} beyond the {len(definition)}-byte definition",
                           (CipExt.BEYOND_END_OF_OBJECT,))
        end = min(len(definition), offset + wanted)
        room = (max_reply - 4) // 4 * 4
        piece = definition[offset:min(end, offset + room)]
        if not piece:
            return CipStatus.SUCCESS, b""
        return (CipStatus.PARTIAL_TRANSFER if offset + len(piece) < end else CipStatus.SUCCESS), piece
