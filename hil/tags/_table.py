"""The tag model: a symbolic name bound to a PLC address, a data type and a direction."""
from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hil.errors import AddressError, ConfigError, SourceLocation, UnknownNameError, close_matches
from hil.tags._address import Area, S7Address
from hil.tags._types import DataType

__all__ = ["Direction", "LogixAddress", "Tag", "TagTable"]


class Direction(enum.Enum):
    """Who writes a tag, seen from the PLC.

    ``input``: the plant (or a test step) writes it and the PLC program reads it.
    ``output``: the PLC program writes it and the plant reads it.
    ``memory``: internal to the PLC (flags, DB variables); the PLC writes it, tests may read it.
    """

    INPUT = "input"
    OUTPUT = "output"
    MEMORY = "memory"

    @classmethod
    def default_for(cls, area: Area) -> Direction:
        return {Area.I: cls.INPUT, Area.Q: cls.OUTPUT}.get(area, cls.MEMORY)


_WIDTH_FOR_SIZE = {1: "B", 2: "W", 4: "D"}


@dataclass(frozen=True)
class LogixAddress:
    """A Logix tag is addressed by its symbolic path (``Fill.Door.Locked``, ``Program:Main.Count``)."""

    path: str

    def __str__(self) -> str:
        return self.path


@dataclass(frozen=True)
class Tag:
    """One PLC variable. ``where`` is the line of the tag table that defined it."""

    name: str
    address: S7Address | LogixAddress
    data_type: DataType
    direction: Direction
    unit: str | None = None
    comment: str = ""
    where: SourceLocation | None = None

    def __post_init__(self) -> None:
        if isinstance(self.address, LogixAddress):
            return  # symbolic: the controller knows the layout
        expected_width = "X" if self.data_type is DataType.BOOL else _WIDTH_FOR_SIZE.get(self.data_type.size)
        if expected_width is None:
            raise AddressError(
                f"tag '{self.name}': {self.data_type.name} ({self.data_type.size} bytes) has no S7 absolute address width",
                where=self.where,
            )
        if self.address.width != expected_width:
            raise AddressError(
                f"tag '{self.name}': {self.data_type.name} needs a {self._width_name(expected_width)} address, "
                f"but '{self.address}' is a {self._width_name(self.address.width)} address",
                where=self.where,
            )

    @property
    def s7(self) -> S7Address:
        """The tag's S7 address (byte-addressed code paths: process images, read/write plans)."""
        if not isinstance(self.address, S7Address):
            raise AddressError(f"tag '{self.name}' is a Logix tag ({self.address}); it has no S7 address", where=self.where)
        return self.address

    @staticmethod
    def _width_name(width: str) -> str:
        return {"X": "bit (X)", "B": "byte (B)", "W": "word (W)", "D": "double-word (D)"}[width]


class TagTable:
    """Tags by name, in the order they were defined. Lookups of unknown names suggest close ones."""

    def __init__(self, tags: Iterable[Tag], source: str = "<tags>") -> None:
        self.source = source
        self._tags: dict[str, Tag] = {}
        for tag in tags:
            first = self._tags.get(tag.name)
            if first is not None:
                raise ConfigError(f"tag '{tag.name}' is defined twice (first at {first.where})", where=tag.where)
            self._tags[tag.name] = tag

    def __getitem__(self, name: str) -> Tag:
        try:
            return self._tags[name]
        except KeyError:
            raise UnknownNameError(
                f"unknown tag '{name}' in {self.source}", suggestions=close_matches(name, self._tags)
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._tags

    def __iter__(self) -> Iterator[Tag]:
        return iter(self._tags.values())

    def __len__(self) -> int:
        return len(self._tags)

    @property
    def names(self) -> list[str]:
        return list(self._tags)
