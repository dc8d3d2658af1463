"""Restart semantics as the CPUs do them (issue 13, item 11). Expected values come from the vendor manuals:

* S7-1500: leaving STOP for RUN is a *warm restart* ("restart"): non-retentive data (bit memory, timers,
  counters, DBs without RETAIN) get their start values, retentive data keep theirs, the process image is
  cleared, and the startup OB (OB100) runs once before the first OB1 cycle. An S7-1500 has no hot restart.
  (S7-1500 System Manual, "Operating modes" > "STARTUP" and "Retentive memory areas"; the same rules for
  warm restart in the S7-400 CPU specifications, "Restart (warm restart)".)
* Logix 5000: the transition from Program to Run mode causes a *prescan* (all routines scanned once in
  prescan mode; non-retentive assignments `[:=]` reset to 0), then `S:FS` is set for the first scan of each
  program. (Logix 5000 Controllers General Instructions Reference Manual 1756-RM003, "Prescan of
  routines"; Logix 5000 Controllers Structured Text 1756-PM007, "Non-retentive assignment"; S:FS,
  "first scan" status flag.)
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from hil.softplc import LogixSoftPlc, LogixStProgram, ProcessImage, S7SoftPlc, ScanRuntime
from hil.tags import L5xProgram, L5xRoutine, L5xTag, TagTable, load_l5x
from hil.units import MS

DOSING = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "st" / "dosing_cell.L5X"

# OB100 counts restarts into a RETAIN DB; OB1 counts scans into a NON_RETAIN DB whose start value is 5.
RESTARTS = """
DATA_BLOCK "Kept"
   STRUCT
      startups : DInt;
      total : DInt;
   END_STRUCT;
BEGIN
END_DATA_BLOCK
DATA_BLOCK "Work"
NON_RETAIN
   STRUCT
      scans : DInt := 5;
   END_STRUCT;
BEGIN
END_DATA_BLOCK
ORGANIZATION_BLOCK "Startup"
BEGIN
    "Kept".startups := "Kept".startups + 1;
END_ORGANIZATION_BLOCK
ORGANIZATION_BLOCK "Main"
BEGIN
    "Kept".total := "Kept".total + 1;
    "Work".scans := "Work".scans + 1;
END_ORGANIZATION_BLOCK
"""


def s7() -> S7SoftPlc:
    return S7SoftPlc.from_sources([("restarts.scl", RESTARTS)], cycle="10 ms")


def test_s7_stop_to_run_is_a_warm_restart_non_retain_to_start_values_retain_kept_ob100_again() -> None:
    plc = s7()
    plc.scan(3)
    assert (plc.read("Kept.startups"), plc.read("Kept.total"), plc.read("Work.scans")) == (1, 3, 8)
    plc.set_running(False)  # STOP
    plc.scan(2)
    plc.set_running(True)   # STOP -> RUN: the manual's warm restart
    assert plc.read("Work.scans") == 5  # NON_RETAIN DB back to its start value
    assert plc.read("Kept.total") == 3  # retentive DB kept
    plc.scan()
    assert plc.read("Kept.startups") == 2  # OB100 ran again, before OB1
    assert (plc.read("Kept.total"), plc.read("Work.scans")) == (4, 6)


def test_s7_stop_and_start_requested_over_the_wire_is_a_warm_restart_too() -> None:
    """An S7 client's PLC STOP / start requests reach the runtime as the CPU state (any start request: an
    S7-1500 has no hot restart, so it restarts warm)."""
    with s7().serve() as plc:
        plc.scan(3)
        assert plc.frontend.snap7 is not None
        plc.frontend.set_cpu_running(False)  # what a client's PLC STOP (0x29) leaves in the server
        plc.scan(2)
        assert plc.scans == 3
        plc.frontend.set_cpu_running(True)  # a client's start request (0x28)
        plc.scan()
        assert (plc.read("Kept.startups"), plc.read("Kept.total"), plc.read("Work.scans")) == (2, 4, 6)


def test_s7_a_warm_restart_does_not_reset_the_scan_count_or_the_clock() -> None:
    plc = s7()
    plc.scan(3)
    plc.set_running(False)
    plc.set_running(True)
    assert (plc.scans, plc.now_ns) == (3, 30 * MS)


LOGIX_ROUTINE = "IF S:FS THEN FirstScans := FirstScans + 1; END_IF; Count := Count + 1; Runs [:=] Runs + 1;"


def logix() -> LogixSoftPlc:
    project = load_l5x(DOSING)
    tags = [L5xTag("FirstScans", "DINT", (), None), L5xTag("Count", "DINT", (), None), L5xTag("Runs", "DINT", (), 7)]
    project.programs.append(L5xProgram("Starts", tags, [L5xRoutine("Main", "ST", [(0, LOGIX_ROUTINE)])], "Main"))
    project.tasks[0].programs.append("Starts")
    return LogixSoftPlc(project, LogixStProgram.from_project(project))


def test_logix_prog_to_run_prescans_and_sets_s_fs_for_the_first_scan() -> None:
    plc = logix()
    plc.scan(3)
    assert (plc.read("Starts.FirstScans"), plc.read("Starts.Count"), plc.read("Starts.Runs")) == (1, 3, 3)
    plc.mode = "REMOTE PROG"
    plc.scan(2)
    plc.mode = "REMOTE RUN"  # Program -> Run: prescan, then S:FS for one scan
    plc.scan(2)
    assert plc.read("Starts.FirstScans") == 2  # S:FS was set again, for one scan only
    assert plc.read("Starts.Runs") == 2  # the prescan reset the non-retentive assignment's target to 0
    assert plc.read("Starts.Count") == 5  # ordinary tags keep their values through Program mode


def test_logix_run_to_remote_run_is_no_transition() -> None:
    plc = logix()
    plc.scan(2)
    plc.mode = "RUN"
    plc.mode = "REMOTE RUN"
    plc.scan()
    assert (plc.read("Starts.FirstScans"), plc.read("Starts.Runs")) == (1, 3)


class ProtocolProgram:
    """A hand-written program following the contract's protocol: ``reset(kind)``, ``startup(io, now_ns)``."""

    cycle_ns = 10 * MS

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def check(self, tags: TagTable) -> None:
        pass

    def reset(self, kind: str) -> None:
        self.calls.append(("reset", kind))

    def startup(self, io: Any, now_ns: int) -> None:
        self.calls.append(("startup", now_ns))

    def scan(self, io: Any, now_ns: int) -> None:
        self.calls.append(("scan", now_ns))


def test_the_runtime_drives_reset_kind_and_startup_as_the_protocol_says() -> None:
    program = ProtocolProgram()
    runtime = ScanRuntime(ProcessImage(TagTable([])), program)
    runtime.advance(20 * MS)
    assert program.calls == [("startup", 10 * MS), ("scan", 10 * MS), ("scan", 20 * MS)]  # power-up: startup first
    program.calls.clear()
    runtime.set_running(False)
    runtime.advance(10 * MS)
    runtime.set_running(True)
    runtime.advance(20 * MS)
    assert program.calls == [("reset", "warm"), ("startup", 40 * MS), ("scan", 40 * MS), ("scan", 50 * MS)]
    program.calls.clear()
    runtime.set_running(True)  # RUN -> RUN: nothing happens
    runtime.cold_restart()
    runtime.advance(10 * MS)
    assert program.calls == [("reset", "cold"), ("startup", 10 * MS), ("scan", 10 * MS)]
