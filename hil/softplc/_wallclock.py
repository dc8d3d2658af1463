"""Running a soft PLC on the wall clock: for real-time HIL against a soft PLC, and `hil softplc serve`."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

from hil.softplc._s7server import S7SoftPlc

__all__ = ["WallClockScanner"]


class WallClockScanner:
    """Scans ``plc`` every task interval of real time on a thread, as a real CPU would.

    Scans fall due at ``start + k * cycle``; a scan that starts late is counted in :attr:`late`, and
    missed slots are run at once (a real CPU would report a cycle-time overrun, OB80).
    """

    def __init__(self, plc: S7SoftPlc, *, clock: Callable[[], int] = time.monotonic_ns) -> None:
        self.plc = plc
        self.late = 0
        self._clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> WallClockScanner:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"hil-scan-{self.plc.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        cycle = self.plc.cycle_ns
        start = self._clock()
        done = 0
        while not self._stop.is_set():
            due = start + (done + 1) * cycle
            delay = due - self._clock()
            if delay > 0:
                if self._stop.wait(delay / 1e9):  # wakes at once when stopped
                    break
            else:
                self.late += 1
            self.plc.advance(cycle)
            done += 1
