"""Template objects (CIP class 0x6C) for the structures a tag database uses. No I/O.

Template definition, as Read Template serves it (all little-endian)::

    member_count × { UINT info      array length, or the bit number of a BOOL member (0 for scalars)
                     UINT type      atomic type code, or 0x8000 | template id of a nested structure
                     UDINT offset } byte offset of the member (of the host SINT for BOOLs)
    "<Name>;n\\0" then each member name "\\0"-terminated (hidden BOOL hosts included), then zero padding

The object definition size (ODS) is counted in 32-bit words and includes the 21 bytes pycomm3 subtracts
(``ODS*4 − 21`` is what it asks for); the definition is padded to exactly that length with at least two zero
bytes, so a client using Rockwell's "−23" still gets every name.

Template instance ids are 0x100.. in declaration order (pycomm3 needs 0x100–0xEFF for user types); STRING is
0x0FCE with handle 0x0FCE, as on a real controller. The structure handle of a user type is a CRC-16 of its
definition, so two identical layouts share a handle as on a controller.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

from hil.tags import AtomicType, LogixType, StructType

__all__ = ["STRING_TEMPLATE_ID", "Template", "Templates", "symbol_type_word"]

STRING_TEMPLATE_ID = 0x0FCE
_FIRST_USER_ID = 0x100
_LAST_USER_ID = 0xEFF


@dataclass(frozen=True)
class Template:
    instance_id: int
    struct_type: StructType
    definition: bytes
    object_definition_size: int  # 32-bit words
    handle: int

    @property
    def member_count(self) -> int:
        return len(self.struct_type.members)


def _crc16(data: bytes) -> int:
    """CRC-16/ARC (poly 0xA001 reflected)."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


class Templates:
    """Template ids, definitions and handles for every structure type reachable from the given types."""

    def __init__(self, types: list[StructType]) -> None:
        self._by_id: dict[int, Template] = {}
        self._by_type: dict[int, Template] = {}
        next_id = _FIRST_USER_ID
        for struct_type in types:  # in dependency order: nested types come before the types that hold them
            if id(struct_type) in self._by_type:
                continue
            if next_id > _LAST_USER_ID:
                raise ValueError(f"more than {_LAST_USER_ID - _FIRST_USER_ID + 1} structure types")
            if self._add(struct_type, next_id) == next_id:
                next_id += 1

    def _add(self, struct_type: StructType, candidate: int) -> int:
        for member in struct_type.members:  # nested types first: their ids go into this definition
            if isinstance(member.type, StructType) and id(member.type) not in self._by_type:
                raise ValueError(f"structure '{member.type.name}' must be registered before '{struct_type.name}'")
        is_string = struct_type.predefined and struct_type.name == "STRING"
        instance_id = STRING_TEMPLATE_ID if is_string else candidate
        records = b"".join(
            struct.pack("<HHI", member.bit if member.bit is not None else member.count, self.type_code(member.type),
                        member.offset)
            for member in struct_type.members
        )
        type_name = "ASCIISTRING82" if is_string else struct_type.name
        names = f"{type_name};n\0".encode("ascii") + b"".join(m.name.encode("ascii") + b"\0" for m in struct_type.members)
        body = records + names
        ods = (len(body) + 2 + 21 + 3) // 4
        definition = body + bytes(ods * 4 - 21 - len(body))
        handle = STRING_TEMPLATE_ID if is_string else (_crc16(body) or 1)
        template = Template(instance_id, struct_type, definition, ods, handle)
        self._by_id[instance_id] = template
        self._by_type[id(struct_type)] = template
        return instance_id

    def type_code(self, data_type: LogixType) -> int:
        """The UINT type of a member record / read reply: atomic code, or 0x8000 | template id."""
        if isinstance(data_type, AtomicType):
            return data_type.code
        return 0x8000 | self.of(data_type).instance_id

    def of(self, struct_type: StructType) -> Template:
        return self._by_type[id(struct_type)]

    def by_id(self, instance_id: int) -> Template | None:
        return self._by_id.get(instance_id)

    def type_header(self, data_type: LogixType) -> bytes:
        """The type header of Read/Write Tag data: ``UINT code`` or ``A0 02 UINT handle`` for structures."""
        if isinstance(data_type, AtomicType):
            return struct.pack("<H", data_type.code)
        return struct.pack("<HH", 0x02A0, self.of(data_type).handle)


def symbol_type_word(templates: Templates, data_type: LogixType, dims: int) -> int:
    """Symbol attribute 2: bit 15 struct (bits 0–11 template id), bits 13–14 dimension count, else the atomic code."""
    if isinstance(data_type, AtomicType):
        word = data_type.code
    else:
        word = 0x8000 | templates.of(data_type).instance_id
    return word | (dims & 3) << 13
