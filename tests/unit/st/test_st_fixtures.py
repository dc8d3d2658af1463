"""Realistic TIA Portal sources (tests/fixtures/st) parse, compile and behave as their authors meant."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.softplc import S7SoftPlc
from hil.st import parse_source

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "st"
OVEN = Path(__file__).resolve().parents[3] / "features" / "oven" / "oven_zone.scl"


@pytest.mark.parametrize("name", ["conveyor.scl", "slurry_mixer.scl", "cell_monitor.scl"])
def test_fixture_parses_into_blocks(name: str) -> None:
    source = parse_source(FIXTURES / name)
    kinds = {block.kind for block in source.blocks}
    assert {"TYPE", "DATA_BLOCK", "FUNCTION_BLOCK", "ORGANIZATION_BLOCK"} <= kinds


def test_conveyor_starts_ramps_and_latches_a_jam() -> None:
    plc = S7SoftPlc.from_sources([FIXTURES / "conveyor.scl"], tags=FIXTURES / "conveyor_tags.csv")
    plc.write("CV101_DriveReady", True)
    plc.write("ConveyorData.Cmd.Start", True)
    plc.run_for("2 s")
    assert plc.read("CV101_Run") is True
    assert plc.read("ConveyorData.Status.StateText") == "RUNNING"
    assert plc.read("CV101_Speed") == 0.5  # ramped to the set point in 0.05 steps every 100 ms
    assert plc.read("ConveyorData.Status.Starts") == 1
    plc.write("PE101_Jam", True)
    plc.run_for("2990 ms")
    assert plc.read("ConveyorData.Status.Jammed") is False
    plc.run_for("20 ms")
    assert plc.read("ConveyorData.Status.Jammed") is True
    assert plc.read("ConveyorData.Status.StateText") == "JAM FAUL"  # 'JAM FAULT' truncated by STRING[8]
    assert plc.read("CV101_Speed") == 0.0
    plc.write("PE101_Jam", False)
    plc.write("ConveyorData.Cmd.AckFault", True)
    plc.scan(2)
    assert plc.read("ConveyorData.Status.StateText") == "IDLE"


def test_slurry_mixer_runs_its_recipe() -> None:
    plc = S7SoftPlc.from_sources([FIXTURES / "slurry_mixer.scl"], tags=FIXTURES / "slurry_mixer_tags.csv")
    assert plc.read("MixerRecipe.Name") == "NMC811-A"
    plc.write("MX201_Start", True)
    raw = 0
    for _ in range(3000):  # a crude plant: an open valve adds 20 raw counts (≈ 0.145 kg) per 10 ms scan
        if plc.read("XV201_Open") or plc.read("XV202_Open"):
            raw += 20
        plc.write("WT201_Raw", raw)
        plc.scan()
        if plc.read("Mixer_DB.Done"):
            break
    assert plc.read("Mixer_DB.Done") is True
    assert plc.read("Mixer_DB.ctBatches.CV") == 1
    assert plc.read("Mixer_DB.Weight") == pytest.approx(48.5, abs=0.4)
    assert plc.read("Mixer_DB.History[0]") == pytest.approx(48.5, abs=0.4)
    assert plc.read("M201_Run") is False


def test_cell_monitor_runs_startup_and_cyclic_obs() -> None:
    plc = S7SoftPlc.from_sources([FIXTURES / "cell_monitor.scl"], cycle="10 ms",
                               cyclic={"Cyclic interrupt": "100 ms"})
    for cell in range(1, 17):
        plc.write(f"RackData.Voltage[{cell}]", 3.7)
    plc.run_for("1 s")
    assert plc.read("RackData.Startups") == 1
    assert plc.read("RackData.Limits.VMax") == pytest.approx(4.2)
    assert plc.read("RackData.Cycles") == 10
    assert plc.read("RackData.Alarms") == 0
    assert plc.read("RackData.Lamp.Green") is True
    plc.write("RackData.Voltage[3]", 4.3)
    plc.run_for("100 ms")
    assert plc.read("RackData.Alarms") == 0b100 | 0  # cell 3 over VMax (the others within the band)
    assert plc.read("RackData.VMax") == pytest.approx(4.3)
    plc.run_for("2 s")
    assert plc.read("RackData.Lamp.Green") is False
    assert plc.read("StackLight_DB.tBlink.Q") in (True, False)
    plc.write("RackData.Voltage[3]", 3.7)
    plc.run_for("200 ms")
    assert plc.read("StackLight_DB.ctEvents.CV") == 1
    plc.cold_restart()
    plc.scan()
    assert plc.read("RackData.Startups") == 1  # OB100 again after the restart, on fresh data


def test_oven_program_is_a_realistic_source_too() -> None:
    source = parse_source(OVEN)
    assert [b.name for b in source.blocks] == ["UDT_OvenZone", "Oven", "FB_OvenZone", "OvenZone2_DB", "Main"]
