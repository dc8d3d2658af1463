"""Running a soft PLC on the wall clock: for real-time HIL against a soft PLC, and `hil softplc serve`."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from hil._periodic import PeriodicThread

__all__ = ["WallClockScanner"]


class _Scannable(Protocol):
    name: str

    @property
    def cycle_ns(self) -> int: ...

    def advance(self, duration_ns: int) -> int: ...


class WallClockScanner:
    """Scans ``plc`` (either facade) every task interval of real time, on a :class:`~hil._periodic.PeriodicThread`.

    Scans fall due at ``start + k * cycle``. When a scan runs past the next slot (a real CPU would report a
    cycle-time overrun, OB80), the slots it covered run at once on the next tick and are counted in
    :attr:`late`.
    """

    def __init__(self, plc: _Scannable, *, clock: Callable[[], int] = time.monotonic_ns,
                 wait: Callable[[float], bool] | None = None) -> None:
        """``clock`` and ``wait``: see :class:`~hil._periodic.PeriodicThread` (fakes in tests)."""
        self.plc = plc
        cycle = plc.cycle_ns
        self._thread = PeriodicThread(f"hil-scan-{plc.name}", cycle, self._scan_periods,
                                      clock=clock, wait=wait)

    def _scan_periods(self, periods: int) -> None:
        self.plc.advance(periods * self.plc.cycle_ns)

    @property
    def late(self) -> int:
        """Scan slots that could not start on time (overruns of the previous scan)."""
        return self._thread.overruns

    @property
    def error(self) -> BaseException | None:
        """What stopped the scanner, if a scan raised."""
        return self._thread.error

    def start(self) -> WallClockScanner:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._thread.stop()
