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
from hil.tags import Tag

__all__ = ["BaseTarget"]


class BaseTarget(abc.ABC):
    """A PLC the kernel talks to. Subclasses move bytes; plans and caching live here.

    A target in virtual time has a ``stepper`` (a :class:`~hil.plc.Steppable`: the soft PLC itself, or an object
    that steps it over the wire) and delegates :meth:`advance`, :meth:`snapshot`, :meth:`restore`,
    :meth:`cold_restart` and :meth:`set_cpu_running` to it; a real PLC runs on its own clock and refuses them.

    Every :meth:`read` and :meth:`write` is an exchange: :attr:`last_exchange_lost` says whether the latest one
    failed (or was dropped by the comm-fault layer, :meth:`mark_exchange_lost`), so a judge never takes stale
    values for fresh ones; :attr:`resolution_ns` says how short an event this target can prove it saw.

    Args:
        name: the PLC's name in the rig file and in messages.
        stepper: for a soft PLC in virtual time, what advances it.
        exchange_period_ns: for a PLC on its own clock, the period the kernel exchanges with it (the rig's
            exchange period); it is then the target's resolution.
    """

    def __init__(self, name: str, *, stepper: Steppable | None = None,
                 exchange_period_ns: int | None = None) -> None:
        self.name = name
        self._stepper = _steppable(stepper)
        self.exchange_period_ns = exchange_period_ns
        self.exchanges = 0
        self.exchanges_lost = 0
        self._last_lost = False
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

    # -- exchanges: what a judge may conclude from them ------------------------------------------------
    @property
    def resolution_ns(self) -> int | None:
        """The shortest PLC event this target's exchanges are sure to show, in ns.

        A soft PLC stepped in virtual time: one scan (the kernel reads after every scan, so nothing is shorter
        than what it sees). A PLC on its own clock (a real PLC, a soft PLC scanning on the wall clock): one
        exchange period, because it may scan several times between two exchanges; ``None`` while the exchange
        period is unknown, and then no timing claim can be proven from this target.
        """
        if self._stepper is not None:
            return self._stepper.cycle_ns
        return self.exchange_period_ns

    @property
    def last_exchange_lost(self) -> bool:
        """Whether the latest :meth:`read` or :meth:`write` failed or was dropped: the values a caller holds from
        this target are then older than one exchange."""
        return self._last_lost

    def mark_exchange_lost(self) -> None:
        """The comm-fault layer dropped this exchange on purpose (an injected fault): count it as lost."""
        self._last_lost = True
        self.exchanges_lost += 1

    def _exchanged(self, lost: bool) -> None:
        if lost:
            self.mark_exchange_lost()
        else:
            self._last_lost = False
            self.exchanges += 1

    def read(self, plan: ReadPlan) -> dict[str, Any]:
        """Read every tag of ``plan`` in as few requests as the plan allows (one exchange)."""
        try:
            values = self._read(plan)
        except Exception:
            self._exchanged(lost=True)
            raise
        self._exchanged(lost=False)
        return values

    def write(self, plan: WritePlan, values: Mapping[str, Any]) -> None:
        """Write every tag of ``plan`` (one exchange): whole bytes the plan owns, single bits where a byte is shared."""
        try:
            self._write(plan, values)
        except Exception:
            self._exchanged(lost=True)
            raise
        self._exchanged(lost=False)

    def _read(self, plan: ReadPlan) -> dict[str, Any]:
        return plan.decode(self.read_blocks(plan.blocks))

    def _write(self, plan: WritePlan, values: Mapping[str, Any]) -> None:
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
    """``stepper`` checked against the :class:`Steppable` protocol: a soft PLC facade, a remote stepper."""
    if stepper is None or isinstance(stepper, Steppable):
        return stepper
    raise TypeError(f"{type(stepper).__name__} cannot step a PLC: it lacks the Steppable members")
