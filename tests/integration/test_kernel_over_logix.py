"""One scenario, many targets: the oven zone on a ControlLogix soft PLC running the L5X's ST routines,
driven over EtherNet/IP + CIP by stock pycomm3 and in-process, with the same verdicts as on the S7."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.bdd import ScenarioContext
from hil.errors import ScenarioFailure
from hil.kernel import PlcStop
from hil.line import Line
from hil.rig import load_rig

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"
LOGIX_RIG = OVEN / "logix" / "oven_zone.logix.rig.toml"


def _confirmed_trip(context: ScenarioContext) -> int:
    """170 °C is above the trip point but below the limit relay: only the 200 ms confirmation trips."""
    context.set("Oven.Zone2.TempSP", "140 °C")
    context.set("zone2.temperature", "140 °C")
    context.set("Oven.Cmd.Start", "on")
    context.expect_within("Oven.Zone2.HeaterContactor", "on", "100 ms")
    context.set("zone2.temperature", "170 °C")
    return context.expect_within("Oven.Alarm.OverTemp", "on", "1 s")


@pytest.mark.parametrize("kind", ["softplc", "inprocess"])
def test_the_logix_oven_trips_like_the_s7_oven(kind: str) -> None:
    reactions = {}
    for name, rig in (("logix", LOGIX_RIG), ("s7", OVEN / "oven_zone.rig.toml")):
        with Line(load_rig(rig), kind) as line:
            reactions[name] = _confirmed_trip(ScenarioContext(line.new_kernel()))
    assert reactions["logix"] == reactions["s7"] == 210_000_000  # the confirmation time plus one cycle


def test_a_broken_logix_interlock_fails_the_scenario(tmp_path: Path) -> None:
    (tmp_path / "logix").mkdir()
    for source in (LOGIX_RIG.parent).iterdir():
        (tmp_path / "logix" / source.name).write_bytes(source.read_bytes())
    l5x = tmp_path / "logix" / "oven_zone.L5X"
    text = l5x.read_text(encoding="utf-8")
    assert "Cause := tOverTemp.DN OR NOT Oven.Zone2.LimitOK;" in text
    l5x.write_text(text.replace("Cause := tOverTemp.DN OR NOT Oven.Zone2.LimitOK;", "Cause := 0;"), encoding="utf-8")
    with Line(load_rig(tmp_path / "logix" / LOGIX_RIG.name), "softplc") as line:
        with pytest.raises(ScenarioFailure, match="Oven.Alarm.OverTemp was not on within 1 s"):
            _confirmed_trip(ScenarioContext(line.new_kernel()))


def test_a_logix_plc_in_stop_drives_its_outputs_to_zero() -> None:
    with Line(load_rig(LOGIX_RIG), "softplc") as line:
        context = ScenarioContext(line.new_kernel())
        context.set("Oven.Zone2.TempSP", "140 °C")
        context.set("zone2.temperature", "140 °C")
        context.set("Oven.Cmd.Start", "on")
        context.expect_within("zone2.heater_on", "on", "100 ms")
        context.kernel.inject(PlcStop("stop", plc="oven", end_ns=context.kernel.now_ns + 500_000_000))
        context.expect_within("zone2.heater_on", "off", "20 ms")  # the outputs, not just the scans, stop
        context.expect_within("zone2.heater_on", "on", "1 s")     # back in RUN
