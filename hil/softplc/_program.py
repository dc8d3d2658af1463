"""What the scan runtime runs: a control program over the process image.

Until the Structured Text engine compiles the user's SCL / Logix ST, a program is a Python class. The
hook stays useful for the framework's own tests and for logic a user wants to stub.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from hil.softplc._image import ProcessImage
from hil.tags import FieldCodec, TagTable

__all__ = ["ControlProgram", "ProgramIO"]


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


@runtime_checkable
class ControlProgram(Protocol):
    """A PLC program. ``cycle_ns`` is the task interval it declares (the OB1 / cyclic-task period)."""

    cycle_ns: int

    def check(self, tags: TagTable) -> None:
        """Raise if the program uses tags the table does not define (called once, before the first scan)."""

    def reset(self) -> None:
        """Forget all state (a cold restart)."""

    def scan(self, io: ProgramIO, now_ns: int) -> None:
        """Run one scan at virtual time ``now_ns``."""
