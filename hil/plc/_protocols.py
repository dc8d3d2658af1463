"""The two small protocols of a PLC target: :class:`Target` (I/O) and :class:`Steppable` (virtual time).

Every target the kernel drives is a :class:`Target`. A soft PLC (in this process or stepped over the wire) is
also :class:`Steppable`; a real PLC runs on its own clock and is not. Both are structural: a plugin's target
satisfies them by having the members, without inheriting from anything of ours (``isinstance`` works too).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from hil.plc._plans import ReadPlan, WritePlan
from hil.tags import Tag

__all__ = ["Observable", "Steppable", "Target"]


@runtime_checkable
class Target(Protocol):
    """A PLC the kernel exchanges values with: plans built once, then one read and one write per cycle."""

    name: str

    def connect(self) -> None:
        """Open the connection (idempotent after :meth:`close`: the kernel reconnects a lost target)."""

    def close(self) -> None: ...

    @property
    def connected(self) -> bool:
        """Whether :meth:`connect` succeeded and :meth:`close` was not called since."""

    @property
    def cycle_ns(self) -> int | None:
        """The PLC program's task interval if the target runs in virtual time, else ``None``."""

    def read_plan(self, tags: Iterable[Tag]) -> ReadPlan:
        """A reusable plan that reads ``tags`` in as few requests as the protocol allows."""

    def write_plan(self, tags: Iterable[Tag]) -> WritePlan:
        """A reusable plan that writes ``tags``; BOOL tags are written as single bits, never as whole bytes."""

    def read(self, plan: ReadPlan) -> dict[str, Any]: ...

    def write(self, plan: WritePlan, values: Mapping[str, Any]) -> None: ...


@runtime_checkable
class Steppable(Protocol):
    """A soft PLC the kernel advances in virtual time, stops and starts, saves and restores."""

    @property
    def cycle_ns(self) -> int:
        """The program's task interval (OB1 cycle / periodic task rate), in ns."""

    @property
    def scans(self) -> int:
        """Completed scans since the last cold restart (none are counted while stopped)."""

    def advance(self, duration_ns: int) -> int:
        """Run the scans that fall due in the next ``duration_ns`` of virtual time; returns how many ran."""

    def set_running(self, running: bool) -> None:
        """RUN (``True``) or STOP/PROG (``False``), with the vendor's restart semantics."""

    def snapshot(self) -> Any:
        """The complete state (memory, program, clock), for :meth:`restore`."""

    def restore(self, snapshot: Any) -> None: ...

    def cold_restart(self) -> None:
        """Memory to start values, program reset, virtual time zero."""


@runtime_checkable
class Observable(Protocol):
    """What a judge must know about a target before it concludes anything from the values it read (issue 13)."""

    @property
    def resolution_ns(self) -> int | None:
        """The shortest PLC event the target's exchanges are sure to show: one scan of a soft PLC stepped in
        virtual time, one exchange period of a PLC on its own clock; ``None`` if unknown (nothing provable)."""

    @property
    def last_exchange_lost(self) -> bool:
        """Whether the latest exchange failed or was dropped (the values held are stale)."""

    def mark_exchange_lost(self) -> None:
        """The comm-fault layer dropped an exchange on purpose: count it as lost."""
