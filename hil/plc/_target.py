"""The one interface every PLC target implements: connect, batch read, batch write, close, advance."""
from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any

from hil.errors import PlcError
from hil.plc._plans import Block, ReadPlan, WritePlan
from hil.tags import Tag

__all__ = ["Target"]

Value = bool | int | float


class Target(abc.ABC):
    """A PLC the kernel talks to. Subclasses move bytes; plans and caching live here.

    A target in virtual time (a soft PLC) also implements :meth:`advance`; a real PLC runs on its own
    clock and cannot be advanced.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._read_plans: dict[tuple[str, ...], ReadPlan] = {}
        self._write_plans: dict[tuple[str, ...], WritePlan] = {}

    # -- what subclasses implement ------------------------------------------------------------
    @abc.abstractmethod
    def connect(self) -> None: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    @abc.abstractmethod
    def read_blocks(self, blocks: Sequence[Block]) -> list[bytes | bytearray]:
        """Read each block's bytes; raise a :class:`~hil.errors.PlcError` naming the PLC on failure."""

    @abc.abstractmethod
    def write_blocks(self, writes: Sequence[tuple[Block, bytes]]) -> None:
        """Write each block's bytes; raise a :class:`~hil.errors.PlcError` naming the PLC on failure."""

    @property
    def connected(self) -> bool:
        """Whether :meth:`connect` succeeded and :meth:`close` was not called since."""
        return True

    @property
    def cycle_ns(self) -> int | None:
        """The PLC program's task interval if this target runs in virtual time, else ``None``."""
        return None

    def advance(self, duration_ns: int) -> None:
        """Advance a virtual-time PLC by ``duration_ns``, running the scans that fall due."""
        raise PlcError(f"PLC '{self.name}' runs on its own clock and cannot be advanced in virtual time")

    # -- tag-name access (controllers addressed by symbol, e.g. Logix) --------------------------------
    def read_tags(self, names: Sequence[str]) -> dict[str, Any]:
        """Read tags by their PLC-side names in as few requests as the target allows.

        Byte-addressed targets (S7, in-process) have no symbol table on the wire: read them through plans.
        """
        raise PlcError(f"PLC '{self.name}' is addressed by byte blocks, not tag names; read it through read_plan()")

    def write_tags(self, values: Mapping[str, Any]) -> None:
        """Write tags by their PLC-side names (see :meth:`read_tags`)."""
        raise PlcError(f"PLC '{self.name}' is addressed by byte blocks, not tag names; write it through write_plan()")

    def set_cpu_running(self, running: bool) -> None:
        """Put the CPU in RUN or STOP (a fault the kernel injects; over the wire where the protocol allows)."""
        raise PlcError(f"PLC '{self.name}': this target cannot change the CPU state")

    def snapshot(self) -> object:
        """The soft PLC's complete state (memory, program state, clock), for :meth:`restore`."""
        raise PlcError(f"PLC '{self.name}' is not a soft PLC; its state cannot be saved")

    def restore(self, snapshot: object) -> None:
        raise PlcError(f"PLC '{self.name}' is not a soft PLC; its state cannot be restored")

    # -- batched access through cached plans --------------------------------------------------
    def read_plan(self, tags: Iterable[Tag]) -> ReadPlan:
        tag_list = list(tags)
        key = tuple(tag.name for tag in tag_list)
        plan = self._read_plans.get(key)
        if plan is None:
            plan = self._read_plans[key] = ReadPlan(tag_list)
        return plan

    def write_plan(self, tags: Iterable[Tag]) -> WritePlan:
        tag_list = list(tags)
        key = tuple(tag.name for tag in tag_list)
        plan = self._write_plans.get(key)
        if plan is None:
            plan = self._write_plans[key] = WritePlan(tag_list)
        return plan

    def forget_written(self) -> None:
        """The PLC's memory changed behind the plans' back (cold restart, restored snapshot)."""
        for plan in self._write_plans.values():
            plan.forget()

    def read(self, plan: ReadPlan) -> dict[str, Value]:
        """Read every tag of ``plan`` in as few requests as the plan allows."""
        return plan.decode(self.read_blocks(plan.blocks))

    def write(self, plan: WritePlan, values: Mapping[str, Value]) -> None:
        """Write every tag of ``plan``; blocks sharing bytes with foreign bits are read first when needed."""
        to_read = plan.blocks_to_read()
        if to_read:
            for index, data in zip(to_read, self.read_blocks([plan.blocks[i] for i in to_read])):
                plan.refresh(index, data)
        writes = plan.encode(values)
        self.write_blocks(writes)
        for other in self._write_plans.values():
            if other is not plan:
                for block, _ in writes:
                    other.invalidate(block)

    def __enter__(self) -> Target:
        self.connect()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
