"""The scan trace (issue 13, "the judge sees the truth"): watched tags after every completed scan, bounded,
thread-safe, identical for both vendors."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from hil.errors import UnknownNameError
from hil.softplc import LogixSoftPlc, S7SoftPlc, ScanRecord, ScanTrace, ScanTraceGap
from hil.units import MS

DOSING = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "st" / "dosing_cell.L5X"

PULSE_SCL = """
DATA_BLOCK "Data"
VAR
    Count : DINT;
    Pulse : BOOL;
END_VAR
BEGIN
END_DATA_BLOCK

ORGANIZATION_BLOCK "Main"
BEGIN
    "Data".Count := "Data".Count + 1;
    "Data".Pulse := "Data".Count = 3;   // TRUE for exactly one scan
END_ORGANIZATION_BLOCK
"""


def pulse_plc() -> S7SoftPlc:
    return S7SoftPlc.from_sources([("pulse.scl", PULSE_SCL)], cycle="10 ms")


def test_a_one_scan_pulse_is_in_the_trace_though_no_exchange_saw_it() -> None:
    plc = pulse_plc()
    plc.scan_trace.watch(["Data.Pulse", "Data.Count"])
    plc.run_for("50 ms")  # one call: a caller sampling only after it would see Pulse FALSE
    assert plc.read("Data.Pulse") is False
    records = plc.scan_trace.since(0)
    assert [r.scan for r in records] == [1, 2, 3, 4, 5]
    assert [r.t_ns for r in records] == [10 * MS, 20 * MS, 30 * MS, 40 * MS, 50 * MS]  # each scan's end
    assert [r.values["Data.Pulse"] for r in records] == [False, False, True, False, False]
    assert records[2] == ScanRecord(3, 30 * MS, {"Data.Pulse": True, "Data.Count": 3})


def test_since_gives_the_scans_after_a_stimulus_and_latest_scan_counts_them() -> None:
    plc = LogixSoftPlc.from_l5x(DOSING)
    plc.scan_trace.watch(["Dosing.Scans"])
    plc.scan(2)
    stimulus = plc.scans
    plc.scan(3)
    assert [r.scan for r in plc.scan_trace.since(stimulus)] == [3, 4, 5]
    assert [r.values["Dosing.Scans"] for r in plc.scan_trace.since(stimulus)] == [3, 4, 5]
    assert plc.scan_trace.latest_scan == plc.scans == 5


def test_no_record_while_stopped_and_a_cold_restart_starts_over() -> None:
    plc = pulse_plc()
    plc.scan_trace.watch(["Data.Count"])
    plc.scan(2)
    plc.set_running(False)
    plc.scan(3)
    assert plc.scan_trace.latest_scan == 2
    plc.cold_restart()
    assert plc.scan_trace.since(0) == [] and plc.scan_trace.latest_scan == 0
    plc.scan()
    assert [r.values["Data.Count"] for r in plc.scan_trace.since(0)] == [1]


def test_watching_an_unknown_tag_is_an_error_with_suggestions() -> None:
    plc = pulse_plc()
    with pytest.raises(UnknownNameError, match="Data.Pluse"):
        plc.scan_trace.watch(["Data.Pluse"])
    assert plc.scan_trace.watched == ()


def test_discarded_and_overflowed_records_are_an_error_not_a_shorter_answer() -> None:
    values = iter(range(100))
    trace = ScanTrace(lambda name: next(values), capacity=3)
    trace.watch(["x"])  # the watch reads once to check the name
    for scan in range(1, 6):
        trace.record(scan, scan * 10)
    assert [r.scan for r in trace.since(2)] == [3, 4, 5]
    with pytest.raises(ScanTraceGap, match="scans 2..2"):
        trace.since(1)
    trace.discard_before(5)
    assert [r.scan for r in trace.since(4)] == [5]
    with pytest.raises(ScanTraceGap):
        trace.since(3)


def test_a_restore_forgets_the_records_of_the_future() -> None:
    plc = pulse_plc()
    plc.scan_trace.watch(["Data.Count"])
    plc.scan(2)
    snapshot = plc.snapshot()
    plc.scan(3)
    plc.restore(snapshot)
    assert plc.scan_trace.latest_scan == 2
    plc.scan()
    assert [(r.scan, r.values["Data.Count"]) for r in plc.scan_trace.since(0)] == [(1, 1), (2, 2), (3, 3)]


def test_a_reader_thread_sees_whole_records_in_order_while_the_scanner_appends() -> None:
    plc = pulse_plc()
    plc.scan_trace.watch(["Data.Count"])
    done = threading.Event()
    seen: list[list[int]] = []

    def reader() -> None:
        while not done.is_set():
            seen.append([r.values["Data.Count"] for r in plc.scan_trace.since(0)])

    thread = threading.Thread(target=reader, name="hil-test-trace-reader")
    thread.start()
    try:
        for _ in range(200):
            plc.scan()
    finally:
        done.set()
        thread.join()
    assert seen, "the reader never ran"
    for snapshot in seen:  # every read is a prefix of the final record: whole, ordered, never torn
        assert snapshot == list(range(1, len(snapshot) + 1))
    assert [r.values["Data.Count"] for r in plc.scan_trace.since(0)] == list(range(1, 201))
