"""The soft PLC's virtual clock: integer nanoseconds, advanced only by the scan scheduler."""
from __future__ import annotations

__all__ = ["VirtualClock"]


class VirtualClock:
    """Virtual time in integer nanoseconds. Timers in the control program read only this clock."""

    __slots__ = ("now_ns",)

    def __init__(self, start_ns: int = 0) -> None:
        self.now_ns = start_ns

    def advance_to(self, t_ns: int) -> None:
        if t_ns < self.now_ns:
            raise ValueError(f"virtual time cannot go back from {self.now_ns} ns to {t_ns} ns")
        self.now_ns = t_ns
