"""WallClockScanner: a soft PLC scanned by hil._periodic.PeriodicThread, on a fake clock (no wall-clock sleep)."""
from __future__ import annotations

from softplc_programs import s7_counter

from hil.softplc import WallClockScanner
from hil.units import MS


def test_the_scanner_runs_one_scan_per_cycle_of_its_clock_and_catches_up_after_an_overrun() -> None:
    plc = s7_counter("oven")
    now = [0]
    advance = plc.advance

    def slow_advance(duration_ns: int) -> int:  # the third scan takes 25 ms of the (fake) wall clock
        ran = advance(duration_ns)
        if plc.scans == 3:
            now[0] += 25 * MS
        return ran

    plc.advance = slow_advance  # type: ignore[method-assign]

    def wait(seconds: float) -> bool:
        now[0] += round(seconds * 1e9)
        return plc.scans >= 8  # then stop: the thread ends by itself

    scanner = WallClockScanner(plc, clock=lambda: now[0], wait=wait).start()
    scanner._thread._thread.join(timeout=30)  # type: ignore[union-attr]  # ends when wait says stop
    scanner.stop()
    assert scanner.error is None
    assert plc.scans == plc.read("Data.Count") == 8
    assert scanner.late == 2  # the slots at 40 and 50 ms were missed, then run at once at 60 ms
    assert plc.now_ns == 80 * MS  # virtual time followed the fake wall clock's slots exactly
