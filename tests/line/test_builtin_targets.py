"""The composition root: built-in targets are the last implementation of pytest_hil_make_target."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hil.errors import ConfigError
from hil.line import Line
from hil.plc import InProcessTarget, Target
from hil.rig import PlcSpec, load_rig
from hil.softplc import S7SoftPlc

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"

FEATURE = """Feature: one scenario
  Scenario: the heater runs
    Given Oven.Zone2.TempSP is set to 140 °C
    And zone2.temperature is set to 120 °C
    When Oven.Cmd.Start is set to on
    Then Oven.Zone2.HeaterContactor is on within 100 ms
"""

OVERRIDE = '''
from hil.plc import InProcessTarget
from hil.softplc import S7SoftPlc

made = []


def pytest_hil_make_target(spec, target_kind, line):
    made.append((spec.name, target_kind))
    soft = S7SoftPlc(spec.tags, spec.program.load(), name=spec.name)
    line.adopt_soft_plc(spec.name, soft)  # cold-restarted by the line before each scenario, stopped with it
    return InProcessTarget(spec.name, soft.runtime)


def pytest_sessionfinish(session):
    print("made by the plugin:", made)
'''

DECLINE = '''
asked = []


def pytest_hil_make_target(spec, target_kind):
    asked.append(spec.name)
    return None  # not mine: the built-in target makes it


def pytest_sessionfinish(session):
    print("asked:", asked)
'''


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    for name in ("oven_zone.rig.toml", "oven_zone.scl", "oven_zone.tags.csv"):
        shutil.copy(OVEN / name, pytester.path / name)
    (pytester.path / "one.feature").write_text(FEATURE, encoding="utf-8")
    pytester.makepyfile(test_one='from pytest_bdd import scenarios\n\nscenarios("one.feature")\n')
    return pytester


def test_a_plugin_target_overrides_the_built_in_one(project: pytest.Pytester) -> None:
    project.makeconftest(OVERRIDE)
    result = project.runpytest("--hil-target", "softplc", "-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=1)
    # Under --hil-target softplc the built-in would serve the PLC over S7: the plugin's in-process one ran.
    assert "made by the plugin: [('oven', 'softplc')]" in result.stdout.str()


def test_a_plugin_returning_none_leaves_the_plc_to_the_built_in_target(project: pytest.Pytester) -> None:
    project.makeconftest(DECLINE)
    result = project.runpytest("--hil-target", "inprocess", "-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=1)
    assert "asked: ['oven']" in result.stdout.str()


def test_outside_pytest_a_line_takes_its_target_maker() -> None:
    rig = load_rig(OVEN / "oven_zone.rig.toml")
    made: list[str] = []

    def make(spec: PlcSpec, kind: str, line: Line) -> Target:
        made.append(spec.name)
        assert spec.program is not None
        soft = S7SoftPlc(spec.tags, spec.program.load(), name=spec.name)
        line.adopt_soft_plc(spec.name, soft)
        return InProcessTarget(spec.name, soft.runtime)

    with Line(rig, "softplc", make) as line:
        kernel = line.new_kernel()
        kernel.run_for(50_000_000)
        assert made == ["oven"] and kernel.now_ns == 50_000_000


def test_a_plc_no_implementation_makes_is_a_located_error() -> None:
    rig = load_rig(OVEN / "oven_zone.rig.toml")
    with pytest.raises(ConfigError, match="no target for PLC 'oven' under --hil-target inprocess") as error:
        Line(rig, "inprocess", lambda spec, kind, line: None).open()
    assert "oven_zone.rig.toml" in str(error.value)
