"""Logix ST routines from an L5X export: the dialect (bit of word, indirect bit, [:=], JSR/RET, aliases),
Logix arithmetic (DINT promotion, REAL -> integer rounding), and the tag memory the emulator serves."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.softplc import SoftPlc
from hil.st import StError, StSyntaxError, StUnsupportedError
from hil.st._parser import parse_routine

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DOSING = FIXTURES / "st" / "dosing_cell.L5X"


def test_dosing_cell_runs_its_routines() -> None:
    plc = SoftPlc.from_l5x(DOSING)
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
    plc = SoftPlc.from_l5x(DOSING)
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
    plc = SoftPlc.from_l5x(FIXTURES / "logix" / "battery_line.L5X")
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
        SoftPlc.from_l5x(bad)


def test_timer_instructions_are_refused_clearly(tmp_path: Path) -> None:
    text = DOSING.read_text(encoding="utf-8").replace("Step := 2;", "TONR(DoseTimer);")
    bad = tmp_path / "timer.L5X"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(StUnsupportedError, match="Logix instruction TONR is not supported yet"):
        SoftPlc.from_l5x(bad)
