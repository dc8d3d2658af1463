"""One runtime for both vendors (issue 14): the same facade methods, one Memory protocol, scans counted the
same way, snapshots for Logix too, serving on demand."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from softplc_programs import s7_counter

from hil.errors import InputError, PlcConnectionError
from hil.softplc import LogixSoftPlc, LogixStProgram, Memory, ProcessImage, TagDatabase
from hil.tags import L5xProgram, L5xRoutine, L5xTag, load_l5x
from hil.units import MS

ROOT = Path(__file__).resolve().parents[2]
DOSING = ROOT / "tests" / "fixtures" / "st" / "dosing_cell.L5X"


CONTRACT = ["cycle_ns", "now_ns", "scans", "advance", "scan", "run_for", "read", "write", "running", "set_running",
            "cold_restart", "warm_restart", "snapshot", "restore", "faults", "memory", "scan_trace", "serve",
            "port", "host", "close", "__enter__", "__exit__"]


def logix_with_timer() -> LogixSoftPlc:
    """The dosing cell plus a program that counts its scans and runs a TONR (whose sub-ms rest lives in Python)."""
    project = load_l5x(DOSING)
    routine = "Count := Count + 1; T.PRE := 1000; T.TimerEnable := TRUE; TONR(T);"
    project.programs.append(L5xProgram("Timers", [L5xTag("Count", "DINT", (), None), L5xTag("T", "FBD_TIMER", (), None)],
                                       [L5xRoutine("Main", "ST", [(0, routine)])], "Main"))
    project.tasks[0].programs.append("Timers")
    return LogixSoftPlc(project, LogixStProgram.from_project(project))


@pytest.mark.parametrize("name", CONTRACT)
def test_both_facades_have_the_contract_names(name: str) -> None:
    for plc in (s7_counter(), LogixSoftPlc.from_l5x(DOSING)):
        assert name in dir(plc), f"{type(plc).__name__} has no {name}"


def test_both_memories_follow_the_one_memory_protocol() -> None:
    plc = s7_counter()
    assert isinstance(plc.memory, ProcessImage) and isinstance(plc.memory, Memory)
    logix = LogixSoftPlc.from_l5x(DOSING)
    assert isinstance(logix.memory, TagDatabase) and isinstance(logix.memory, Memory)


@pytest.mark.parametrize("make, counter", [(s7_counter, "Data.Count"), (logix_with_timer, "Timers.Count")])
def test_no_scan_is_counted_while_stopped_in_either_vendor(make: Any, counter: str) -> None:
    """S7 STOP and Logix PROG: time passes, nothing scans, nothing is counted (the old Logix runtime counted
    scans in PROG, so "after N scans" meant different things per vendor)."""
    plc = make()
    assert plc.advance(30 * MS) == 3 and plc.scans == 3
    plc.set_running(False)
    assert plc.running is False
    assert plc.advance(50 * MS) == 0 and plc.scans == 3 and plc.now_ns == 80 * MS
    plc.set_running(True)
    plc.advance(10 * MS)
    assert plc.scans == 4


def test_a_logix_snapshot_resumes_exactly_where_it_was() -> None:
    plc = logix_with_timer()
    plc.run_for("35 ms")
    snapshot = plc.snapshot()
    plc.run_for("47 ms")
    after = (plc.read("Timers.Count"), plc.read("Timers.T.ACC"), plc.read("Dosing.Step"), plc.now_ns, plc.scans)
    plc.restore(snapshot)
    assert (plc.now_ns, plc.scans, plc.read("Timers.Count")) == (35 * MS, 3, 3)
    plc.run_for("47 ms")
    assert (plc.read("Timers.Count"), plc.read("Timers.T.ACC"), plc.read("Dosing.Step"), plc.now_ns,
            plc.scans) == after
    plc.restore(snapshot)  # a snapshot can be restored more than once
    plc.run_for("47 ms")
    assert plc.read("Timers.T.ACC") == after[1]


def test_an_s7_snapshot_resumes_exactly_where_it_was() -> None:
    plc = s7_counter()
    plc.run_for("30 ms")
    snapshot = plc.snapshot()
    plc.run_for("50 ms")
    plc.restore(snapshot)
    assert (plc.read("Data.Count"), plc.scans, plc.now_ns) == (3, 3, 30 * MS)


def test_built_from_source_means_not_served_until_asked() -> None:
    plc = s7_counter()
    with pytest.raises(PlcConnectionError, match="not serving"):
        _ = plc.port
    with plc.serve("127.0.0.1:0") as served:
        assert served is plc and plc.host == "127.0.0.1" and plc.port > 0
    with pytest.raises(PlcConnectionError, match="not serving"):
        _ = plc.port


@pytest.mark.parametrize("bind", ["127.0.0.1", ":102", "127.0.0.1:http", "127.0.0.1:70000"])
def test_serve_takes_host_colon_port(bind: str) -> None:
    with pytest.raises(InputError, match="HOST:PORT"):
        s7_counter().serve(bind)


def test_read_of_an_unknown_name_says_what_is_close() -> None:
    plc = s7_counter()
    with pytest.raises(InputError, match="unknown variable 'Data.Cont'") as info:
        plc.read("Data.Cont")
    assert "Data.Count" in str(info.value) or "data.count" in str(info.value)
