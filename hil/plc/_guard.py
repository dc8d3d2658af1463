"""The write guard for real PLCs: a HIL rig's controller may be wired to real machinery.

A target that is not a built-in soft PLC writes only the tags the rig file declares ``writable``
(glob patterns such as ``"Oven.Sim.*"``), and refuses every other write with an error naming the tag,
the PLC and the rig file line that would have to allow it. Reads are never restricted.
"""
from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hil.errors import PlcError, SourceLocation
from hil.plc._plans import Block, ReadPlan, WritePlan
from hil.plc._target import BaseTarget
from hil.tags import Tag

__all__ = ["GuardedTarget", "WriteRefused"]


class WriteRefused(PlcError, PermissionError):
    """A write to a real PLC that the rig file does not allow."""


class GuardedTarget(BaseTarget):
    """Wraps ``inner`` (a real PLC) so that only tags matching ``writable`` can be written."""

    def __init__(self, inner: BaseTarget, writable: Iterable[str], where: SourceLocation | None = None) -> None:
        super().__init__(inner.name)
        self.inner = inner
        self.writable = tuple(writable)
        self.where = where

    def allows(self, tag_name: str) -> bool:
        return any(fnmatch.fnmatchcase(tag_name, pattern) for pattern in self.writable)

    def _check(self, names: Iterable[str]) -> None:
        refused = [name for name in names if not self.allows(name)]
        if refused:
            patterns = ", ".join(f"'{p}'" for p in self.writable) or "nothing"
            raise WriteRefused(
                f"PLC '{self.name}' is a real PLC: writing {', '.join(repr(n) for n in refused)} is refused; its rig "
                f"file allows {patterns} (writable = [...] in [plc.{self.name}]{f' at {self.where}' if self.where else ''})")

    # -- delegated ------------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self.inner.connected

    @property
    def cycle_ns(self) -> int | None:
        return self.inner.cycle_ns

    @property
    def resolution_ns(self) -> int | None:
        return self.inner.resolution_ns

    @property
    def last_exchange_lost(self) -> bool:
        """The inner target's (its ``exchanges`` and ``exchanges_lost`` count the exchanges)."""
        return self.inner.last_exchange_lost

    def mark_exchange_lost(self) -> None:
        self.inner.mark_exchange_lost()

    def connect(self) -> None:
        self.inner.connect()

    def close(self) -> None:
        self.inner.close()

    def read_plan(self, tags: Iterable[Tag]) -> ReadPlan:
        return self.inner.read_plan(tags)

    def write_plan(self, tags: Iterable[Tag]) -> WritePlan:
        return self.inner.write_plan(tags)

    def read(self, plan: ReadPlan) -> dict[str, Any]:
        return self.inner.read(plan)

    def read_blocks(self, blocks: Sequence[Block]) -> list[bytes | bytearray]:
        return self.inner.read_blocks(blocks)

    def forget_written(self) -> None:
        self.inner.forget_written()

    # -- guarded --------------------------------------------------------------------------------
    def write(self, plan: WritePlan, values: Mapping[str, Any]) -> None:
        self._check(tag.name for tag in plan.tags)
        self.inner.write(plan, values)

    def write_blocks(self, writes: Sequence[tuple[Block, bytes]]) -> None:
        raise WriteRefused(f"PLC '{self.name}' is a real PLC: raw block writes are refused; write tags the rig allows")

    def write_tags(self, values: Mapping[str, Any]) -> None:
        self._check(values)
        self.inner.write_tags(values)

    def set_cpu_running(self, running: bool) -> None:
        raise WriteRefused(f"PLC '{self.name}' is a real PLC: the framework does not stop or start it")
