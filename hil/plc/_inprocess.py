"""The in-process target: a soft PLC's memory read and written directly, without a wire, for both vendors.

An S7 soft PLC's process image is byte-addressed: the target runs the same read and write plans as
:class:`~hil.plc.S7Target`, so the kernel and the steps behave identically with and without the wire. A Logix
soft PLC's tag database is addressed by name, as :class:`~hil.plc.LogixTarget` addresses it over CIP. It exists
for the framework's own fast tests and for plant-model work where the protocol is not under test.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hil.errors import PlcError, PlcProtocolError
from hil.plc._plans import Block, NamePlan, ReadPlan, WritePlan
from hil.plc._target import BaseTarget
from hil.tags import Tag

__all__ = ["InProcessTarget"]


class InProcessTarget(BaseTarget):
    """Reads and writes a soft PLC's memory directly and steps it in virtual time.

    Args:
        name: the PLC's name in the rig file and in messages.
        plc: an ``S7SoftPlc`` or a ``LogixSoftPlc`` (a bare ``ScanRuntime`` works too).
    """

    def __init__(self, name: str, plc: Any) -> None:
        super().__init__(name, stepper=plc)
        self.plc = plc
        self.memory = plc.memory
        self._lock = getattr(self.memory, "lock", None) or contextlib.nullcontext()
        # Byte-addressed memory (the S7 image: {(area, db): bytearray}) or tag names (a Logix tag database).
        self._areas: Mapping[Any, bytearray] | None = getattr(self.memory, "areas", None)

    def connect(self) -> None:
        pass

    def close(self) -> None:
        pass

    # -- by name (Logix) ----------------------------------------------------------------------------------
    def read_plan(self, tags: Iterable[Tag]) -> ReadPlan:
        if self._areas is None:
            return NamePlan(list(tags))  # type: ignore[return-value]  # read() and write() use only .tags
        return super().read_plan(tags)

    def write_plan(self, tags: Iterable[Tag]) -> WritePlan:
        if self._areas is None:
            return NamePlan(list(tags))  # type: ignore[return-value]
        return super().write_plan(tags)

    def _read(self, plan: ReadPlan) -> dict[str, Any]:
        if self._areas is not None:
            return super()._read(plan)
        with self._lock:
            return {tag.name: self.memory.get(tag.name) for tag in plan.tags}

    def _write(self, plan: WritePlan, values: Mapping[str, Any]) -> None:
        if self._areas is not None:
            super()._write(plan, values)
            return
        with self._lock:
            for tag in plan.tags:
                self.memory.set(tag.name, values[tag.name])

    # -- by byte block (S7) -------------------------------------------------------------------------------
    def _area(self, block: Block) -> bytearray:
        if self._areas is None:
            raise PlcError(f"PLC '{self.name}' is a Logix controller, addressed by tag name, not by byte blocks")
        buffer = self._areas.get((block.area, block.db))
        if buffer is None or block.start + block.size > len(buffer):
            raise PlcProtocolError(f"PLC '{self.name}': {block} is outside the soft PLC's memory")
        return buffer

    def read_blocks(self, blocks: Sequence[Block]) -> list[bytes | bytearray]:
        with self._lock:
            return [bytes(self._area(b)[b.start : b.start + b.size]) for b in blocks]

    def write_blocks(self, writes: Sequence[tuple[Block, bytes]]) -> None:
        with self._lock:
            for block, data in writes:
                buffer = self._area(block)
                if block.bit is not None:  # one bit, as an S7 bit write: the byte's other bits stay
                    mask = 1 << block.bit
                    buffer[block.start] = buffer[block.start] | mask if data[0] & 1 else buffer[block.start] & ~mask
                else:
                    buffer[block.start : block.start + block.size] = data
