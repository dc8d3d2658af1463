"""The in-process target: a soft PLC's memory read and written directly, without a wire.

It runs the same plans as the S7 target, so the kernel and the steps behave identically; it exists
for the framework's own fast tests and for plant-model work where the protocol is not under test.
"""
from __future__ import annotations

from collections.abc import Sequence

from hil.errors import PlcProtocolError
from hil.plc._plans import Block
from hil.plc._target import Target
from hil.softplc import RuntimeSnapshot, ScanRuntime

__all__ = ["InProcessTarget"]


class InProcessTarget(Target):
    """Reads and writes a :class:`~hil.softplc.ScanRuntime`'s process image directly."""

    def __init__(self, name: str, runtime: ScanRuntime) -> None:
        super().__init__(name)
        self.runtime = runtime

    @property
    def cycle_ns(self) -> int:
        return self.runtime.cycle_ns

    def advance(self, duration_ns: int) -> None:
        self.runtime.advance(duration_ns)

    def set_cpu_running(self, running: bool) -> None:
        self.runtime.set_running(running)

    def snapshot(self) -> RuntimeSnapshot:
        return self.runtime.snapshot()

    def restore(self, snapshot: object) -> None:
        assert isinstance(snapshot, RuntimeSnapshot)
        self.runtime.restore(snapshot)

    def connect(self) -> None:
        pass

    def close(self) -> None:
        pass

    def _area(self, block: Block) -> bytearray:
        buffer = self.runtime.memory.areas.get((block.area, block.db))  # type: ignore[attr-defined]
        if buffer is None or block.start + block.size > len(buffer):
            raise PlcProtocolError(f"PLC '{self.name}': {block} is outside the soft PLC's memory")
        return buffer

    def read_blocks(self, blocks: Sequence[Block]) -> list[bytes | bytearray]:
        return [bytes(self._area(b)[b.start : b.start + b.size]) for b in blocks]

    def write_blocks(self, writes: Sequence[tuple[Block, bytes]]) -> None:
        for block, data in writes:
            self._area(block)[block.start : block.start + block.size] = data
