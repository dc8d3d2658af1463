"""Helpers shared by the hil.plc tests: S7 BOOL tags and a one-rung S7 program."""
from __future__ import annotations

from typing import Any

from hil.tags import DataType, Direction, Tag, parse_s7_address
from hil.units import MS


def s7_tag(name: str, address: str, data_type: DataType = DataType.BOOL) -> Tag:
    parsed = parse_s7_address(address)
    return Tag(name, parsed, data_type, Direction.default_for(parsed.area))


class Follower:
    """S7: ``Out`` follows ``In`` every scan."""

    def __init__(self, cycle_ns: int = 10 * MS) -> None:
        self.cycle_ns = cycle_ns

    def check(self, tags: Any) -> None:
        pass

    def reset(self) -> None:
        pass

    def scan(self, io: Any, now_ns: int) -> None:
        io["Out"] = io["In"]
