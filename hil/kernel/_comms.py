"""One PLC's exchange as the kernel sees it, with the communication faults applied.

Latency and dropped exchanges are applied here, on top of the real protocol: a dropped exchange
sends nothing; a late one delivers what the PLC said ``latency`` ago. A lost connection really
closes the target's connection, so the failure the scenario reports is the driver's own; a STOP
really sends the CPU to STOP over the wire.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from hil.kernel._faults import CommFault, ConnectionLoss, DropExchanges, Latency, PlcStop
from hil.plc import BaseTarget, ReadPlan, WritePlan

__all__ = ["CommState"]

Value = bool | int | float


class CommState:
    """Reads and writes of one PLC through its active communication faults."""

    def __init__(self, plc: str, target: BaseTarget) -> None:
        self.plc = plc
        self.target = target
        self.faults: list[CommFault] = []
        self._active: set[int] = set()
        self._last_read: dict[str, Value] = {}
        self._history: deque[tuple[int, dict[str, Value]]] = deque()
        self._pending: list[tuple[WritePlan, dict[str, Value]]] = []  # one-off writes held back by dropped exchanges

    def update(self, t_ns: int, cycle: int) -> None:
        """Act on faults that start or end at ``t_ns`` (STOP and connection loss act on the PLC itself)."""
        for fault in self.faults:
            active = fault.active(t_ns)
            if active == (id(fault) in self._active):
                continue
            if active:
                self._active.add(id(fault))
            else:
                self._active.discard(id(fault))
            if isinstance(fault, PlcStop):
                self.target.set_cpu_running(not active)
            elif isinstance(fault, ConnectionLoss):
                if active:
                    self.target.close()
                else:
                    self.target.connect()

    def _active_of(self, kind: type[CommFault], t_ns: int) -> list[CommFault]:
        return [f for f in self.faults if isinstance(f, kind) and f.active(t_ns)]

    def stopped(self, t_ns: int) -> bool:
        """Whether the CPU is in STOP (an injected PlcStop is active)."""
        return bool(self._active_of(PlcStop, t_ns))

    def blinded(self, t_ns: int) -> bool:
        """Whether what this exchange reads may differ from the PLC's memory now (lost or late exchanges)."""
        return bool(self.faults) and bool(self._active_of(DropExchanges, t_ns) or self._active_of(Latency, t_ns))

    def _dropped(self, cycle: int, t_ns: int) -> bool:
        return any(f.drops(cycle) for f in self._active_of(DropExchanges, t_ns))  # type: ignore[attr-defined]

    def read(self, plan: ReadPlan, t_ns: int, cycle: int) -> Mapping[str, Value]:
        if self._dropped(cycle, t_ns):
            return self._last_read
        values = self.target.read(plan)
        self._last_read = values
        latency = max((f.latency_ns for f in self._active_of(Latency, t_ns)), default=0)  # type: ignore[attr-defined]
        if latency == 0:
            self._history.clear()
            return values
        self._history.append((t_ns, values))
        while len(self._history) > 1 and self._history[1][0] <= t_ns - latency:
            self._history.popleft()
        return self._history[0][1]

    def write(self, plan: WritePlan, values: Mapping[str, Value], t_ns: int, cycle: int) -> None:
        """The cycle's sensor write: lost with a dropped exchange (the next cycle writes fresh values)."""
        if self._dropped(cycle, t_ns):
            return
        self.flush(t_ns, cycle)
        self.target.write(plan, values)

    def write_now(self, plan: WritePlan, values: Mapping[str, Value], t_ns: int, cycle: int) -> None:
        """A step's one-off write (an operator's command): sent now, or, if this cycle's exchange is
        dropped, with the next exchange that gets through, as an HMI repeats a write that got no answer."""
        if self._pending or self._dropped(cycle, t_ns):
            self._pending.append((plan, dict(values)))
            return
        self.target.write(plan, values)

    def flush(self, t_ns: int, cycle: int) -> None:
        """Send the one-off writes held back by dropped exchanges, in order, if this exchange gets through."""
        if not self._pending or self._dropped(cycle, t_ns):
            return
        pending, self._pending = self._pending, []
        for plan, values in pending:
            self.target.write(plan, values)
