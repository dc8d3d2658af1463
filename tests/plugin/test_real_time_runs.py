"""Real-time mode through the plugin: soft PLCs on the wall clock, the kernel on its loop thread."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _snippets import slow_plant_conftest

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"

SLOW_PLANT_CONFTEST = slow_plant_conftest(10)


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    shutil.copytree(OVEN, pytester.path / "oven")
    pytester.makepyfile(test_oven="from pytest_bdd import scenarios\n\nscenarios('oven')\n")
    return pytester


def _run(suite: pytest.Pytester, *args: str) -> pytest.RunResult:
    return suite.runpytest_subprocess(
        "--hil-rig", "oven/oven_zone.rig.toml", "--hil-target", "softplc-realtime", "-p", "no:cacheprovider", *args
    )


def test_a_scenario_passes_in_real_time_against_soft_plcs_on_the_wall_clock(suite: pytest.Pytester) -> None:
    result = _run(suite, "-k", "persist", "--hil-overrun-budget", "20")  # a shared CI machine may stall a few times
    result.assert_outcomes(passed=1, deselected=3)


def test_a_forced_overrun_turns_a_passing_scenario_into_an_error(suite: pytest.Pytester) -> None:
    suite.makeconftest(SLOW_PLANT_CONFTEST)
    result = _run(suite, "-k", "persist")
    result.assert_outcomes(passed=1, errors=1, deselected=3)  # the steps passed; the timing verdict did not
    result.stdout.fnmatch_lines(["*TimingInvalid: timing invalid: * overruns exceed the budget of 0*"])
