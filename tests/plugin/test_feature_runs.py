"""The plugin end to end: pytest runs feature files against the oven rig in a fresh pytest process."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"

TEST_MODULE = """
from pytest_bdd import scenarios

scenarios("oven")
"""

BACKGROUND = """Feature: bad input
  Scenario: a step with a mistake
    Given Oven.Zone2.TempSP is set to 140 °C
    And Oven.Cmd.Start is set to on
    Then {step}
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project with a copy of the oven feature, rig, tags and program."""
    shutil.copytree(OVEN, pytester.path / "oven")
    pytester.makepyfile(test_oven=TEST_MODULE)
    return pytester


def _run(suite: pytest.Pytester, *args: str) -> pytest.RunResult:
    return suite.runpytest_subprocess("--hil-rig", "oven/oven_zone.rig.toml", "-p", "no:cacheprovider", *args)


def test_the_oven_scenarios_pass_over_the_s7_wire(suite: pytest.Pytester) -> None:
    result = _run(suite, "-k", "trips or refused or persist")
    result.assert_outcomes(passed=3, deselected=1)


def test_breaking_the_interlock_fails_the_over_temperature_scenario(suite: pytest.Pytester) -> None:
    program = suite.path / "oven" / "oven_zone.scl"
    program.write_text(program.read_text(encoding="utf-8").replace("#cause := #hot OR NOT #LimitOK;", "#cause := FALSE;"))
    result = _run(suite, "-k", "trips_the_zone_heater")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*ScenarioFailure: Oven.Zone2.HeaterContactor was not off within 1 s",
        "*step: oven/oven_zone.feature:13: Then Oven.Zone2.HeaterContactor is off within 1 s",
    ])


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            "Oven.Zone2.HeaterContactr is off within 1 s",
            "*bad.feature:5: unknown tag or plant signal 'Oven.Zone2.HeaterContactr'; "
            "did you mean 'Oven.Zone2.HeaterContactor'*",
        ),
        ("Oven.Zone2.HeaterContactor is on within 1", "*bad.feature:5: duration '1' has no unit; write e.g. '1 s' or '1 ms'"),
        ("Oven.Zone2.TempSP is 140 bar within 1 s", "*bad.feature:5: 140 bar is a pressure, but °C (temperature) is needed"),
    ],
)
def test_a_mistake_in_a_feature_stops_the_run_at_collection_naming_file_and_line(
    suite: pytest.Pytester, step: str, message: str
) -> None:
    (suite.path / "oven" / "bad.feature").write_text(BACKGROUND.format(step=step), encoding="utf-8")
    result = _run(suite, "-k", "mistake")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*hil: the feature files have mistakes:", message])
    assert "passed" not in result.stdout.str() and "Traceback" not in result.stderr.str()


def test_every_mistake_is_listed_at_once(suite: pytest.Pytester) -> None:
    feature = BACKGROUND.format(step="Oven.Alarm.OverTmp is on within 1 s") + "    And zone2.temperature stays 10 for 2\n"
    (suite.path / "oven" / "bad.feature").write_text(feature, encoding="utf-8")
    result = _run(suite)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([
        "*bad.feature:5: unknown tag or plant signal 'Oven.Alarm.OverTmp'; did you mean 'Oven.Alarm.OverTemp'*",
        "*bad.feature:6: duration '2' has no unit*",
    ])


def test_a_missing_rig_is_a_clear_error(suite: pytest.Pytester) -> None:
    (suite.path / "oven" / "oven_zone.rig.toml").rename(suite.path / "elsewhere.rig.toml")
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "-k", "persist")
    result.stderr.fnmatch_lines(["*no rig file: put one *.rig.toml beside the feature, tag the feature @rig(<file>)*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_the_rig_beside_the_feature_or_its_rig_tag_is_used(suite: pytest.Pytester) -> None:
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "-k", "persist")  # no --hil-rig: the one beside
    result.assert_outcomes(passed=1, deselected=3)
    (suite.path / "oven" / "oven_zone.rig.toml").rename(suite.path / "oven" / "moved.rig.toml")
    shutil.copy(suite.path / "oven" / "moved.rig.toml", suite.path / "oven" / "other.rig.toml")
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "-k", "persist")
    result.stderr.fnmatch_lines(["*several rigs beside this feature (moved.rig.toml, other.rig.toml); tag it @rig(<file>)*"])
    feature = suite.path / "oven" / "oven_zone.feature"
    feature.write_text("@rig(moved.rig.toml)\n" + feature.read_text(encoding="utf-8"), encoding="utf-8")
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "-k", "persist")
    result.assert_outcomes(passed=1, deselected=3)


def test_an_unknown_target_is_a_clear_error(suite: pytest.Pytester) -> None:
    result = _run(suite, "--hil-target", "plcsim", "-k", "persist")
    result.stdout.fnmatch_lines(["*--hil-target: unknown target 'plcsim'; choose one of: softplc, inprocess*"])
    assert result.ret != 0


PLUGIN_CONFTEST = '''
from hil.plc import InProcessTarget
from hil.softplc import ScanRuntime, ProcessImage
from plant_models import ModelSpec
from plant_models.oven_zone import SPEC, OvenZone

made = []


class LoudZone(OvenZone):
    """The project's own model: an oven zone under another name."""


def pytest_hil_plant_models():
    spec = ModelSpec("loud_zone", "a zone", SPEC.signals, SPEC.parameters, faults=SPEC.faults)
    return [(spec, LoudZone)]


def pytest_hil_make_target(spec, target_kind):
    if target_kind != "inprocess":
        return None
    made.append(spec.name)
    return InProcessTarget(spec.name, ScanRuntime(ProcessImage(spec.tags), spec.program.load()))


def pytest_sessionfinish(session):
    print("targets made by the plugin:", made)
'''


def test_other_plugins_can_add_plant_models_and_targets(suite: pytest.Pytester) -> None:
    suite.makeconftest(PLUGIN_CONFTEST)
    rig = suite.path / "oven" / "oven_zone.rig.toml"
    rig.write_text(rig.read_text(encoding="utf-8").replace('model = "oven_zone"', 'model = "loud_zone"'), encoding="utf-8")
    result = _run(suite, "--hil-target", "inprocess", "-k", "persist", "-s")
    result.assert_outcomes(passed=1, deselected=3)
    assert "targets made by the plugin: ['oven']" in result.stdout.str()
