"""A Logix soft PLC's tag database read and written directly, by path, without a wire."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hil.errors import PlcError
from hil.plc._plans import Block, NamePlan, ReadPlan, WritePlan
from hil.plc._target import Target
from hil.softplc.logix import LogixSoftPlc
from hil.tags import Tag

__all__ = ["LogixInProcessTarget"]


class LogixInProcessTarget(Target):
    """The in-process counterpart of :class:`~hil.plc.LogixTarget` (same plans, no EtherNet/IP)."""

    def __init__(self, name: str, plc: LogixSoftPlc) -> None:
        super().__init__(name)
        self.plc = plc

    @property
    def cycle_ns(self) -> int:
        return self.plc.cycle_ns

    def advance(self, duration_ns: int) -> None:
        self.plc.advance(duration_ns)

    def set_cpu_running(self, running: bool) -> None:
        self.plc.mode = "REMOTE RUN" if running else "REMOTE PROG"

    def connect(self) -> None:
        pass

    def close(self) -> None:
        pass

    def read_plan(self, tags: Iterable[Tag]) -> ReadPlan:
        return NamePlan(list(tags))  # type: ignore[return-value]

    def write_plan(self, tags: Iterable[Tag]) -> WritePlan:
        return NamePlan(list(tags))  # type: ignore[return-value]

    def read(self, plan: ReadPlan) -> dict[str, Any]:
        with self.plc.db.lock:
            return {tag.name: self.plc.db.get(tag.name) for tag in plan.tags}

    def write(self, plan: WritePlan, values: Mapping[str, Any]) -> None:
        with self.plc.db.lock:
            for tag in plan.tags:
                self.plc.db.set(tag.name, values[tag.name])

    def read_blocks(self, blocks: Sequence[Block]) -> list[bytes | bytearray]:
        raise PlcError(f"PLC '{self.name}' is a Logix controller, addressed by tag name, not by byte blocks")

    def write_blocks(self, writes: Sequence[tuple[Block, bytes]]) -> None:
        raise PlcError(f"PLC '{self.name}' is a Logix controller, addressed by tag name, not by byte blocks")
