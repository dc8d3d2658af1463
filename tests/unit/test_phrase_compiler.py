"""Compiling step words against a rig: the same checks run at collection and when the step runs."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.bdd import Compiler, match_phrase
from hil.errors import HilError, SourceLocation
from hil.kernel import DeviceFault, OpenCircuit
from hil.rig import load_rig

OVEN_RIG = Path(__file__).resolve().parents[2] / "features" / "oven" / "oven_zone.rig.toml"


def _compile(kind: str, words: str) -> object:
    matched = match_phrase(kind, words)
    assert matched is not None, words
    phrase, groups = matched
    return phrase.compile(Compiler(load_rig(OVEN_RIG), SourceLocation("x.feature", 7)), groups)


def test_a_device_fault_compiles_to_the_models_fault() -> None:
    action = _compile("when", "the scr_shorted fault occurs in zone2 for 5 s")
    fault = action.fault  # type: ignore[attr-defined]
    assert isinstance(fault, DeviceFault) and (fault.plant, fault.fault) == ("zone2", "scr_shorted")
    assert action.duration_ns == 5_000_000_000  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kind", "words", "message"),
    [
        ("when", "the scr_short fault occurs in zone2", "x.feature:7: plant model 'oven_zone' has no fault 'scr_short' "
         "(its faults: contactor_welded, scr_shorted); did you mean 'scr_shorted'"),
        ("when", "the scr_shorted fault occurs in zone3", "no plant 'zone3' in the rig; did you mean 'zone2'"),
        ("when", "the zone2.temperatur wire breaks", "unknown tag or plant signal 'zone2.temperatur'"),
        ("when", "the Oven.Zone2.TempPV wire breaks", "'Oven.Zone2.TempPV' is a PLC tag; this step acts on a plant signal"),
        ("when", "PLC ovne goes to STOP", "no PLC 'ovne' in the rig; did you mean 'oven'"),
        ("when", "zone2.temperature drifts by 2 bar per min", "2 bar is a pressure, but °C (temperature) is needed"),
        ("then", "Oven.Alarm.OverTemp is on within 1", "duration '1' has no unit"),
        ("then", "throughout the scenario Oven.Alarm.OverTemp on", "cannot read the condition 'Oven.Alarm.OverTemp on'"),
        ("when", "the zone2.temperature wire breaks", "x.feature:7: 'zone2.temperature': an open circuit has no "
         "defined reading on a wire with scaling '(none)'"),
        ("when", "the zone2.temperature wire is shorted", "a short circuit has no defined reading"),
    ],
)
def test_mistakes_are_located_and_explained(kind: str, words: str, message: str) -> None:
    with pytest.raises(HilError) as error:
        _compile(kind, words)
    assert message in str(error.value)


def test_a_digital_wire_can_break() -> None:
    action = _compile("when", "the zone2.limit_ok wire breaks for 2 s")
    assert isinstance(action.fault, OpenCircuit) and action.duration_ns == 2_000_000_000  # type: ignore[attr-defined]
