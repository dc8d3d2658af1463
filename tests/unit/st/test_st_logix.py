"""Logix ST routines from an L5X export: the dialect (bit of word, indirect bit, [:=], JSR/RET, aliases),
Logix arithmetic (DINT promotion, REAL -> integer rounding), and the tag memory the emulator serves."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.softplc import LogixSoftPlc, LogixStProgram
from hil.st import StError, StSyntaxError, StTypeError, StUnsupportedError
from hil.st._parser import parse_routine
from hil.tags import L5xProgram, L5xRoutine, L5xTag, L5xTask, load_l5x

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DOSING = FIXTURES / "st" / "dosing_cell.L5X"


def test_dosing_cell_runs_its_routines() -> None:
    plc = LogixSoftPlc.from_l5x(DOSING)
    assert plc.cycle_ns == 10_000_000  # the periodic task's rate
    plc.scan(3)
    assert plc.read("Valves[0].Open") is True
    assert plc.read("Dosing.Amount") == 1.5
    assert plc.read("Dosing.Runs") == 3  # [:=]: cleared at the prescan (the L5X says 7), then counted
    assert plc.read("Status") == 8 | 32  # Status.3 from the alias ValveOpen, Status.[BitIdx] with BitIdx = 5
    assert plc.read("Dosing.Pulses") == 15  # 1.5 * 10.0 rounded into an INT
    assert plc.read("Dosing.Product") == 90000  # INT * INT is computed as DINT in Logix
    plc.run_for("400 ms")
    assert plc.read("Dosing.Step") == 2
    assert plc.read("Valves[0].Open") is False
    assert plc.read("Valves[0].Counts") == [4, 0, 0, 0]  # Fill ran 4 times, the 4th ended with RET()
    assert plc.read("Status") == 32
    assert plc.read("Flags")[4] is True and plc.read("Flags")[0] is False


def test_client_writes_reach_the_routines() -> None:
    plc = LogixSoftPlc.from_l5x(DOSING)
    plc.write("Setpoint", 0.0)
    plc.scan(2)
    assert plc.read("Dosing.Step") == 0
    plc.write("Setpoint", 1.0)
    plc.write("Valves[0].Flow", 100.0)
    plc.scan(2)
    assert plc.read("Dosing.Step") == 2  # 1.0 kg reached on the second scan at 1 kg/scan
    plc.cold_restart()
    plc.scan()
    assert plc.read("Dosing.Runs") == 1
    assert plc.read("Dosing.Scans") == 1


def test_the_battery_line_fixture_routines_run() -> None:
    plc = LogixSoftPlc.from_l5x(FIXTURES / "logix" / "battery_line.L5X")
    plc.run_for("50 ms")
    assert plc.read("MainProgram.Count") == 5
    assert plc.read("Oven.HeaterOn") is True


def test_logix_syntax_errors_name_routine_and_line() -> None:
    with pytest.raises(StSyntaxError) as caught:
        parse_routine("A := 1;\nB := (2 + ;", "line.L5X:routine P/R")
    assert str(caught.value).startswith("line.L5X:routine P/R:2:11: expected an expression, found ';'")


def test_a_bad_routine_in_an_l5x_is_reported(tmp_path: Path) -> None:
    text = DOSING.read_text(encoding="utf-8").replace("Step := 2;", "Stepp := 2;")
    bad = tmp_path / "bad.L5X"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(StError, match=r"bad\.L5X:routine Dosing/Fill:6:5: unknown name Stepp; did you mean 'Step'"):
        LogixSoftPlc.from_l5x(bad)


def test_ladder_only_instructions_are_refused_clearly(tmp_path: Path) -> None:
    text = DOSING.read_text(encoding="utf-8").replace("Step := 2;", "COP(Valves[0], Valves[1], 1);")
    bad = tmp_path / "cop.L5X"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(StUnsupportedError, match="Logix instruction COP is not supported in ST routines yet"):
        LogixSoftPlc.from_l5x(bad)


def _project_with(routine: str, tags: dict[str, str]) -> LogixSoftPlc:
    """The dosing project plus a program 'Timers' whose tags use the predefined FBD structures (an L5X
    loader that declares them would give the same project)."""
    project = load_l5x(DOSING)
    program = L5xProgram("Timers", [L5xTag(name, type_name, (), None) for name, type_name in tags.items()],
                         [L5xRoutine("Main", "ST", [(i, line) for i, line in enumerate(routine.splitlines())])], "Main")
    project.programs.append(program)
    project.tasks[0].programs.append("Timers")
    compiled = LogixStProgram.from_project(project)
    return LogixSoftPlc(project, program=compiled)


def test_tonr_and_rtor_on_fbd_timers() -> None:
    plc = _project_with(
        "T1.PRE := 45; T1.TimerEnable := Run; TONR(T1);\n"
        "T2.PRE := 45; T2.TimerEnable := Run; T2.Reset := Clear; RTOR(T2);",
        {"T1": "FBD_TIMER", "T2": "FBD_TIMER", "Run": "BOOL", "Clear": "BOOL"})
    plc.write("Timers.Run", True)
    plc.scan(4)  # enabled at 10 ms: 30 ms accumulated at 40 ms
    assert (plc.read("Timers.T1.ACC"), plc.read("Timers.T1.TT"), plc.read("Timers.T1.DN")) == (30, True, False)
    plc.scan(2)
    assert (plc.read("Timers.T1.ACC"), plc.read("Timers.T1.DN"), plc.read("Timers.T1.TT")) == (45, True, False)
    plc.write("Timers.Run", False)
    plc.scan()
    assert (plc.read("Timers.T1.ACC"), plc.read("Timers.T1.DN")) == (0, False)  # TONR: non-retentive
    assert (plc.read("Timers.T2.ACC"), plc.read("Timers.T2.DN")) == (45, True)  # RTOR keeps ACC
    plc.write("Timers.Clear", True)
    plc.scan()
    assert plc.read("Timers.T2.ACC") == 0


def test_tofr_ctud_and_one_shots() -> None:
    plc = _project_with(
        "T.PRE := 20; T.TimerEnable := In1; TOFR(T);\n"
        "C.PRE := 2; C.CUEnable := In1; C.CDEnable := In2; CTUD(C);\n"
        "R.InputBit := In1; OSRI(R); IF R.OutputBit THEN Rises := Rises + 1; END_IF;\n"
        "F.InputBit := In1; OSFI(F); IF F.OutputBit THEN Falls := Falls + 1; END_IF;",
        {"T": "FBD_TIMER", "C": "FBD_COUNTER", "R": "FBD_ONESHOT", "F": "FBD_ONESHOT", "In1": "BOOL",
         "In2": "BOOL", "Rises": "DINT", "Falls": "DINT"})
    for value in (True, False, True, False, True):
        plc.write("Timers.In1", value)
        plc.scan()
    assert (plc.read("Timers.Rises"), plc.read("Timers.Falls")) == (3, 2)
    assert (plc.read("Timers.C.ACC"), plc.read("Timers.C.DN")) == (3, True)
    plc.write("Timers.In1", False)
    plc.scan()
    assert (plc.read("Timers.T.DN"), plc.read("Timers.T.TT")) == (True, True)  # off delay running
    plc.scan(2)
    assert (plc.read("Timers.T.DN"), plc.read("Timers.T.ACC")) == (False, 20)
    plc.write("Timers.In2", True)
    plc.scan()
    assert plc.read("Timers.C.ACC") == 2


def test_an_instruction_needs_its_backing_type() -> None:
    with pytest.raises(StTypeError, match="TONR needs a FBD_TIMER tag, not DINT"):
        _project_with("TONR(X);", {"X": "DINT"})


def test_periodic_tasks_run_at_their_rates_and_first_scan_bit() -> None:
    project = load_l5x(DOSING)
    routine = "IF S:FS THEN FirstScans := FirstScans + 1; END_IF;\nSlowCount := SlowCount + 1;"
    program = L5xProgram("Slow", [L5xTag("SlowCount", "DINT", (), None), L5xTag("FirstScans", "DINT", (), None)],
                         [L5xRoutine("Main", "ST", list(enumerate(routine.splitlines())))], "Main")
    project.programs.append(program)
    project.tasks.append(L5xTask("SlowTask", "PERIODIC", 25.0, ["Slow"]))
    plc = LogixSoftPlc(project, program=LogixStProgram.from_project(project))
    assert plc.cycle_ns == 5_000_000  # gcd of 10 ms and 25 ms
    plc.run_for("100 ms")
    assert plc.read("Dosing.Scans") == 10
    assert plc.read("Slow.SlowCount") == 4
    assert plc.read("Slow.FirstScans") == 1  # S:FS is TRUE in the program's first scan (at 25 ms) only


def test_logix_faults_are_counted() -> None:
    plc = LogixSoftPlc.from_l5x(DOSING)
    plc.write("Dosing.Factor", 30000)
    plc.scan()
    assert plc.read("Dosing.Product") == 900_000_000  # DINT promotion: no overflow
    assert plc.faults == {"overflow": 0, "div_by_zero": 0}
