"""Reports never lie (issue 13, class 13): a thread-method timeout still writes JUnit XML and cucumber JSON
with the timed-out scenario failed; a crashed pytest-xdist worker's scenarios, failures included, are in
the cucumber JSON (so in the C&E coverage) with the crashed one errored; a previous run's report files
are removed when a session starts, so a run that dies leaves no stale green report behind."""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest

from hil.safety import load_results

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"

FEATURE = """Feature: report truth
  Background:
    Given Oven.Zone2.TempSP is set to 140 °C
    And zone2.temperature is set to 140 °C

  Scenario: passes
    Then Oven.Alarm.OverTemp is off

  Scenario: fails
    Then Oven.Alarm.OverTemp is on

  Scenario: ends the process
    When the test process dies
    Then Oven.Alarm.OverTemp is off
"""

# The last scenario's first step: a hang (for the timeout) or the worker's death (for the crash).
CONFTEST = """
import os
import time

from pytest_bdd import when


@when("the test process dies")
def _dies():
    if os.environ.get("HIL_TEST_DEATH") == "crash":
        os._exit(3)
    while True:  # hangs until pytest-timeout ends the process
        time.sleep(0.05)  # ok: the hang the timeout test needs
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    shutil.copytree(OVEN, pytester.path / "oven")
    (pytester.path / "truth.feature").write_text(FEATURE, encoding="utf-8")
    pytester.makepyfile(test_truth="from pytest_bdd import scenarios\n\nscenarios('truth.feature')\n")
    pytester.makeconftest(CONFTEST)
    return pytester


def _run(suite: pytest.Pytester, *args: str) -> pytest.RunResult:
    return suite.runpytest_subprocess("--hil-rig", "oven/oven_zone.rig.toml", "-p", "no:cacheprovider", "-p", "no:randomly",
                                      "--junitxml", "junit.xml", "--hil-cucumber", "cucumber.json", *args)


def _elements(path: Path) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for feature in json.loads(path.read_text(encoding="utf-8")) for e in feature["elements"]}


def _failed(element: dict[str, Any]) -> list[str]:
    results = [s["result"] for s in element["steps"]] + [a["result"] for a in element.get("after", [])]
    return [r.get("error_message", "") for r in results if r["status"] == "failed"]


def _stale_green_reports(folder: Path) -> None:
    (folder / "junit.xml").write_text('<testsuites><testsuite name="old" tests="1"><testcase name="old_green"/>'
                                      "</testsuite></testsuites>", encoding="utf-8")
    ghost = [{"uri": "ghost.feature", "name": "ghost", "elements": [{"name": "ghost passes", "steps": []}]}]
    for name in ("cucumber.json", "cucumber.json.gw0.part"):
        (folder / name).write_text(json.dumps(ghost), encoding="utf-8")


def test_a_thread_timeout_still_writes_both_reports_with_the_scenario_failed(suite: pytest.Pytester) -> None:
    _stale_green_reports(suite.path)
    result = _run(suite, "--timeout", "3", "--timeout-method", "thread")
    assert result.ret != 0 and "Timeout" in result.stdout.str()
    cases = {c.get("name"): c for c in ElementTree.parse(suite.path / "junit.xml").getroot().iter("testcase")}
    assert "old_green" not in cases
    assert cases["test_passes"].find("failure") is None
    assert cases["test_fails"].find("failure") is not None
    timed_out = cases["test_ends_the_process"].find("failure")
    assert timed_out is not None and "Timeout (>3.0s)" in timed_out.get("message", "") + (timed_out.text or "")
    elements = _elements(suite.path / "cucumber.json")
    assert set(elements) == {"passes", "fails", "ends the process"}  # no ghost of the stale files
    assert not _failed(elements["passes"]) and _failed(elements["fails"])
    assert any("Timeout (>3.0s)" in message for message in _failed(elements["ends the process"]))
    assert [s["result"]["status"] for s in elements["ends the process"]["steps"]][-2:] == ["failed", "skipped"]


def test_a_crashed_xdist_worker_loses_no_scenario(suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIL_TEST_DEATH", "crash")
    result = _run(suite, "-n", "1")
    assert result.ret != 0 and "crashed while running" in result.stdout.str()
    elements = _elements(suite.path / "cucumber.json")
    # The worker ran the first two scenarios, then died in the third: all three are reported.
    assert set(elements) == {"passes", "fails", "ends the process"}
    assert not _failed(elements["passes"]) and _failed(elements["fails"])
    crashed = _failed(elements["ends the process"])
    assert crashed and crashed[0].startswith("errored: worker 'gw0' crashed while running")
    # ... and so the C&E coverage, which reads the cucumber JSON, sees the crashed scenario as not passed.
    runs = {run.name: run for run in load_results([suite.path / "cucumber.json"])}
    assert runs["passes"].passed and not runs["fails"].passed and not runs["ends the process"].passed


def test_reports_say_which_timing_mode_ran(suite: pytest.Pytester) -> None:
    result = _run(suite, "-k", "passes")
    result.assert_outcomes(passed=1, deselected=2)
    assert "hil timing: best-case" in result.stdout.str()
    assert {e["hil_timing"] for e in _elements(suite.path / "cucumber.json").values()} == {"best-case"}
    root = ElementTree.parse(suite.path / "junit.xml").getroot()
    assert {p.get("name"): p.get("value") for p in root.iter("property")}["hil_timing"] == "best-case"


def test_a_thread_timeout_on_an_xdist_worker_is_reported_by_the_controller(suite: pytest.Pytester) -> None:
    _stale_green_reports(suite.path)
    result = _run(suite, "-n", "1", "--timeout", "3", "--timeout-method", "thread")
    assert result.ret != 0
    cases = {c.get("name"): c for c in ElementTree.parse(suite.path / "junit.xml").getroot().iter("testcase")}
    assert "old_green" not in cases
    assert cases["test_ends_the_process"].find("error") is not None  # pytest-xdist: a crashed worker's test errored
    elements = _elements(suite.path / "cucumber.json")
    assert set(elements) == {"passes", "fails", "ends the process"}
    assert _failed(elements["ends the process"])[0].startswith("errored: worker 'gw0' crashed")
    assert not _failed(elements["passes"])
    assert not list(suite.path.glob("cucumber.json.*.part"))
