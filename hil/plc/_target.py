"""What the built-in targets share: cached plans, block I/O hooks, a soft PLC's stepper, refusals with reasons.

:class:`BaseTarget` implements :class:`~hil.plc.Target`; given a :class:`~hil.plc.Steppable` (a soft PLC in this
process, or a remote stepper), it is steppable too, by delegation written once here for every target kind.
"""
from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any

from hil.errors import PlcError
from hil.plc._plans import Block, ReadPlan, WritePlan
from hil.plc._protocols import Steppable
from hil.plc._shim import soft_plc_view
from hil.tags import Tag

__all__ = ["BaseTarget"]

Value = bool | int | float


class BaseTarget(abc.ABC):
    """A PLC the kernel talks to. Subclasses move bytes; plans and caching live here.

    A target in virtual time has a ``stepper`` (a :class:`~hil.plc.Steppable`: the soft PLC itself, or an object
    that steps it over the wire) and delegates :meth:`advance`, :meth:`snapshot`, :meth:`restore`,
    :meth:`cold_restart` and :meth:`set_cpu_running` to it; a real PLC runs on its own clock and refuses them.
    """

    def __init__(self, name: str, *, stepper: Steppable | None = None) -> None:
        self.name = name
        self._stepper = _steppable(stepper)
        self._read_plans: dict[tuple[str, ...], ReadPlan] = {}
        self._write_plans: dict[tuple[str, ...], WritePlan] = {}

    @property
    def stepper(self) -> Steppable | None:
        """What advances this target in virtual time (``None``: a PLC on its own clock)."""
        return self._stepper

    def attach_stepper(self, stepper: Steppable) -> None:
        """Make this a virtual-time target advanced by ``stepper`` (e.g. a soft PLC in another process)."""
        self._stepper = _steppable(stepper)

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
        """Write each block's bytes (a block with ``bit`` set: that one bit, never its whole byte); raise a
        :class:`~hil.errors.PlcError` naming the PLC on failure."""

    @property
    def connected(self) -> bool:
        """Whether :meth:`connect` succeeded and :meth:`close` was not called since."""
        return True

    @property
    def cycle_ns(self) -> int | None:
        """The PLC program's task interval if this target runs in virtual time, else ``None``."""
        return self._stepper.cycle_ns if self._stepper is not None else None

    def _steppable(self, what: str) -> Steppable:
        if self._stepper is None:
            raise PlcError(f"PLC '{self.name}' runs on its own clock: {what}")
        return self._stepper

    def advance(self, duration_ns: int) -> int:
        """Advance a virtual-time PLC by ``duration_ns``, running the scans that fall due; returns how many ran."""
        return self._steppable("it cannot be advanced in virtual time").advance(duration_ns)

    def cold_restart(self) -> None:
        """Cold-restart a soft PLC (in this process, or stepped remotely)."""
        self._steppable("it is not a soft PLC this target can restart").cold_restart()

    def set_cpu_running(self, running: bool) -> None:
        """Put the CPU in RUN or STOP (a fault the kernel injects; over the wire where the protocol allows)."""
        self._steppable("this target cannot change the CPU state").set_running(running)

    def snapshot(self) -> object:
        """The soft PLC's complete state (memory, program state, clock), for :meth:`restore`."""
        return self._steppable("it is not a soft PLC; its state cannot be saved").snapshot()

    def restore(self, snapshot: object) -> None:
        self._steppable("it is not a soft PLC; its state cannot be restored").restore(snapshot)

    # -- tag-name access (controllers addressed by symbol, e.g. Logix) --------------------------------
    def read_tags(self, names: Sequence[str]) -> dict[str, Any]:
        """Read tags by their PLC-side names in as few requests as the target allows.

        Byte-addressed targets (S7, in-process) have no symbol table on the wire: read them through plans.
        """
        raise PlcError(f"PLC '{self.name}' is addressed by byte blocks, not tag names; read it through read_plan()")

    def write_tags(self, values: Mapping[str, Any]) -> None:
        """Write tags by their PLC-side names (see :meth:`read_tags`)."""
        raise PlcError(f"PLC '{self.name}' is addressed by byte blocks, not tag names; write it through write_plan()")

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
        """Write every tag of ``plan``: whole bytes the plan owns, single bits where a byte is shared."""
        writes = plan.encode(values)
        self.write_blocks(writes)
        for other in self._write_plans.values():
            if other is not plan:
                for block, _ in writes:
                    other.invalidate(block)

    def __enter__(self) -> BaseTarget:
        self.connect()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _steppable(stepper: Any) -> Steppable | None:
    """``stepper`` as a :class:`Steppable` (today's soft PLC facades go through the temporary shim)."""
    if stepper is None or isinstance(stepper, Steppable):
        return stepper
    return soft_plc_view(stepper)  # type: ignore[no-any-return]
