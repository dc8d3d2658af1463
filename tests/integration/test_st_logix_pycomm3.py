"""Logix ST routines compiled by hil.st, scanned by the Logix soft PLC and read by pycomm3 over EtherNet/IP."""
from __future__ import annotations

from pathlib import Path

from pycomm3 import LogixDriver

from hil.softplc import LogixSoftPlc, LogixStProgram
from hil.tags import load_l5x

DOSING = Path(__file__).resolve().parents[1] / "fixtures" / "st" / "dosing_cell.L5X"


def test_pycomm3_sees_what_the_routines_computed() -> None:
    project = load_l5x(DOSING)
    with LogixSoftPlc(project, program=LogixStProgram.from_project(project)).serve() as soft:
        with LogixDriver(f"127.0.0.1:{soft.port}") as plc:
            assert plc.write(("Setpoint", 1.0)).error is None
            assert plc.write(("Valves[0].Flow", 25.0)).error is None
            soft.advance(30_000_000)  # three scans of the 10 ms task
            amount = plc.read("Program:Dosing.Amount")
            assert amount.error is None and amount.value == 0.75
            status = plc.read("Status")
            assert status.value == 8 | 32
            soft.advance(10_000_000)
            assert plc.read("Program:Dosing.Step").value == 2
            assert plc.read("Valves[0].Open").value is False
