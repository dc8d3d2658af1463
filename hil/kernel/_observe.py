"""What the judge knows of each PLC besides the exchange: scans, stimuli, held writes, the true values.

The observation model (docs/kernel.md, "Observation"):

- a *stimulus* is anything a step does to the line (a tag write, a plant signal set, a fault injected
  or cleared); it is pending for a PLC until that PLC has completed one full scan after it;
- a judging step first *settles*: it runs the line until every PLC involved has completed that scan,
  so it never decides on outputs computed before the PLC saw the stimulus;
- ``after N scans`` counts the scans of the PLC that owns the tag (:meth:`ScanBook.scans`);
- two writes to the same tag are never delivered within one scan: the second is held until the PLC
  has scanned the first (pulses keep their edges);
- a soft PLC's :class:`PlcProbe` lets the judge read its memory past the exchange, so communication
  faults do not blind it.

A PLC without a scan counter (a real PLC, a soft PLC stepped in another process) gets an estimate from
its cycle, and settling waits two cycles instead of one (the write may land just after a scan began).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from hil.plc import Target
from hil.rig import TagRef

__all__ = ["HeldWrite", "PlcProbe", "ScanBook"]

Value = bool | int | float


@dataclass(frozen=True)
class PlcProbe:
    """What the composition root (hil.line) lets the judge see of one soft PLC, past its exchange.

    ``scans`` counts completed scans (none in STOP); ``memory`` reads the soft PLC's memory directly,
    without wire and without communication faults; ``scan_trace`` is the soft PLC's per-scan record
    (hil.softplc contract: ``watch(names)``, ``since(scan)``), when the soft PLC has one.
    """

    scans: Callable[[], int] | None = None
    memory: Target | None = None
    scan_trace: Any = None


@dataclass(frozen=True)
class HeldWrite:
    ref: TagRef
    value: Value


class ScanBook:
    """Per PLC: its scan count (counted or estimated), the scans at the last stimulus, the held writes."""

    def __init__(self, cycles_ns: dict[str, int], probes: dict[str, PlcProbe]) -> None:
        self.cycles_ns = cycles_ns
        self._counters = {plc: probe.scans for plc, probe in probes.items() if probe.scans is not None}
        self._at_stimulus: dict[str, int] = {}
        self.stimulus_ns: int | None = None  # the last stimulus still pending for some PLC
        self._last_write_scan: dict[tuple[str, str], int] = {}
        self.held: dict[str, deque[HeldWrite]] = {plc: deque() for plc in cycles_ns}

    def counted(self, plc: str) -> bool:
        """Whether ``plc``'s scans are counted (a soft PLC) rather than estimated from its cycle."""
        return plc in self._counters

    def scans(self, plc: str, now_ns: int) -> int:
        """Completed scans of ``plc`` (estimated as whole cycles elapsed when it has no counter)."""
        counter = self._counters.get(plc)
        return counter() if counter is not None else now_ns // self.cycles_ns[plc]

    def _needed(self, plc: str) -> int:
        return 1 if self.counted(plc) else 2

    # -- stimuli ----------------------------------------------------------------------------------
    def stimulate(self, plcs: Iterable[str], now_ns: int) -> None:
        """A step acted on the line at ``now_ns``; ``plcs`` are the PLCs it reaches."""
        for plc in plcs:
            self._at_stimulus[plc] = self.scans(plc, now_ns)
        self.stimulus_ns = now_ns

    def settled(self, plcs: Iterable[str], now_ns: int, idle: set[str]) -> bool:
        """Whether each of ``plcs`` (but the ``idle`` ones: in STOP, disconnected) has completed a full
        scan after the last stimulus that reached it, and has no held write left."""
        for plc in plcs:
            if plc in idle:
                continue
            if self.held[plc]:
                return False
            at = self._at_stimulus.get(plc)
            if at is not None and self.scans(plc, now_ns) < at + self._needed(plc):
                return False
        return True

    def forget_settled(self, now_ns: int, idle: set[str]) -> None:
        """Drop the stimuli every PLC has answered (the next judge then measures from its own start)."""
        for plc in list(self._at_stimulus):
            if plc in idle or (not self.held[plc] and self.scans(plc, now_ns) >= self._at_stimulus[plc] + self._needed(plc)):
                del self._at_stimulus[plc]
        if not self._at_stimulus:
            self.stimulus_ns = None

    def pending(self) -> set[str]:
        """The PLCs a stimulus is still pending for."""
        return set(self._at_stimulus) | {plc for plc, held in self.held.items() if held}

    # -- writes that keep their edges -------------------------------------------------------------
    def must_hold(self, ref: TagRef, now_ns: int) -> bool:
        """Whether a write to ``ref`` now would land in the same scan as the previous write to it."""
        if self.held[ref.plc]:
            return True  # keep the order of the writes to this PLC
        last = self._last_write_scan.get((ref.plc, ref.tag.name))
        return last is not None and self.scans(ref.plc, now_ns) < last + self._needed(ref.plc)

    def wrote(self, ref: TagRef, now_ns: int) -> None:
        self._last_write_scan[(ref.plc, ref.tag.name)] = self.scans(ref.plc, now_ns)

    def releasable(self, plc: str, now_ns: int) -> HeldWrite | None:
        """The next held write to ``plc`` if the PLC has scanned the previous write to its tag."""
        held = self.held[plc]
        if not held:
            return None
        head = held[0]
        last = self._last_write_scan.get((plc, head.ref.tag.name))
        if last is not None and self.scans(plc, now_ns) < last + self._needed(plc):
            return None
        return held.popleft()

    def reset(self) -> None:
        self._at_stimulus.clear()
        self.stimulus_ns = None
        self._last_write_scan.clear()
        for held in self.held.values():
            held.clear()
