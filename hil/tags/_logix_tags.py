"""A tag table from an L5X project: every scalar of an elementary type, by its Logix path.

Controller tags keep their names (``FillDoorLocked``), UDT members are reached through their tag
(``Fill.Door.Locked``) and program tags are ``Program:<program>.<tag>``. Arrays and strings are left
out (rigs wire scalars). A tag's or UDT member's description starting with ``[unit]`` gives the tag its
unit, as in the SCL sources (``[°C] zone temperature``).
"""
from __future__ import annotations

import re

from hil.errors import UnitError
from hil.tags._l5x import L5xTag, LogixProject
from hil.tags._logix import AtomicType, LogixType, StructType
from hil.tags._table import Direction, LogixAddress, Tag, TagTable
from hil.tags._types import DataType
from hil.units import unit as lookup_unit

__all__ = ["logix_tag_table"]

_UNIT = re.compile(r"\s*\[([^\]]+)\]")


def _unit(description: str) -> str | None:
    match = _UNIT.match(description or "")
    if match is None:
        return None
    try:
        lookup_unit(match[1])
    except UnitError:
        return None
    return match[1]


def _leaves(path: str, data_type: LogixType, description: str,
            notes: dict[str, dict[str, str]]) -> list[tuple[str, DataType, str | None]]:
    if isinstance(data_type, AtomicType):
        kind = DataType.__members__.get(data_type.name)
        return [(path, kind, _unit(description))] if kind is not None else []
    if isinstance(data_type, StructType) and not data_type.is_string:
        leaves = []
        members_notes = notes.get(data_type.name.upper(), {})
        for member in data_type.members:
            if not member.hidden and member.count == 0:
                leaves += _leaves(f"{path}.{member.name}", member.type, members_notes.get(member.name, ""), notes)
        return leaves
    return []


def logix_tag_table(project: LogixProject) -> TagTable:
    types = project.types()
    tags: list[Tag] = []

    def add(prefix: str, declared: list[L5xTag]) -> None:
        for tag in declared:
            if tag.dims or tag.alias_for:
                continue
            data_type = types.get(tag.data_type.upper())
            if data_type is None:
                continue
            for path, kind, unit in _leaves(prefix + tag.name, data_type, tag.description, project.member_descriptions):
                tags.append(Tag(path, LogixAddress(path), kind, Direction.MEMORY, unit, tag.description, tag.where))

    add("", project.tags)
    for program in project.programs:
        add(f"Program:{program.name}.", program.tags)
    return TagTable(tags, source=project.source)
