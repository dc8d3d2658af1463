"""Reports: JUnit XML and cucumber JSON tell the truth on failures, timeouts and invalid timing; the HTML
report shows the trace plot of each failed scenario; requirements travel from Gherkin tags to the reports;
pytest-xdist runs the suite on two workers, each with its own soft PLCs."""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
from _snippets import slow_plant_conftest

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"

MIXED = """@requirement(OVN-S6)
Feature: mixed outcomes
  Background:
    Given Oven.Zone2.TempSP is set to 140 °C
    And zone2.temperature is set to 140 °C
    And Oven.Cmd.Start is set to on
    And Oven.Zone2.HeaterContactor is on within 100 ms

  Scenario: trips in time
    When zone2.temperature is set to 185 °C
    Then Oven.Zone2.HeaterContactor is off within 1 s

  Scenario: expects the impossible
    Then Oven.Zone2.HeaterContactor is off within 100 ms
    And Oven.Alarm.OverTemp is off

  @slow @iso13849
  Scenario: runs for hours of virtual time
    Then Oven.Zone2.HeaterContactor stays on for 10 h
    And Oven.Alarm.OverTemp is off
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    shutil.copytree(OVEN, pytester.path / "oven")
    (pytester.path / "mixed.feature").write_text(MIXED, encoding="utf-8")
    pytester.makepyfile(test_mixed="from pytest_bdd import scenarios\n\nscenarios('mixed.feature')\n")
    return pytester


def _run(suite: pytest.Pytester, *args: str) -> pytest.RunResult:
    return suite.runpytest_subprocess("--hil-rig", "oven/oven_zone.rig.toml", "-p", "no:cacheprovider", "--strict-markers",
                                      "--junitxml", "junit.xml", "--hil-cucumber", "cucumber.json", *args)


def _scenarios(cucumber: Path) -> dict[str, dict[str, Any]]:
    features = json.loads(cucumber.read_text(encoding="utf-8"))
    return {element["name"]: element for feature in features for element in feature["elements"]}


def _statuses(element: dict[str, Any]) -> list[str]:
    return [step["result"]["status"] for step in element["steps"]]


def test_junit_and_cucumber_agree_on_pass_fail_and_timeout(suite: pytest.Pytester) -> None:
    result = _run(suite, "--timeout", "2")
    result.assert_outcomes(passed=1, failed=2)
    scenarios = _scenarios(suite.path / "cucumber.json")
    assert _statuses(scenarios["trips in time"]) == ["passed"] * 6
    assert _statuses(scenarios["expects the impossible"]) == ["passed"] * 4 + ["failed", "skipped"]
    assert "was not off within 100 ms" in scenarios["expects the impossible"]["steps"][4]["result"]["error_message"]
    # pytest-timeout killed the 10 h step: it is failed, not passed, and the step after it never ran.
    assert _statuses(scenarios["runs for hours of virtual time"]) == ["passed"] * 4 + ["failed", "skipped"]
    assert "Timeout" in scenarios["runs for hours of virtual time"]["steps"][4]["result"]["error_message"]
    assert {"name": "@slow", "line": 18} in scenarios["runs for hours of virtual time"]["tags"]
    assert {"name": "@iso13849", "line": 18} in scenarios["runs for hours of virtual time"]["tags"]  # free tags pass --strict-markers
    cases = {c.get("name"): c for c in ElementTree.parse(suite.path / "junit.xml").getroot().iter("testcase")}
    assert cases["test_trips_in_time"].find("failure") is None
    assert cases["test_expects_the_impossible"].find("failure") is not None
    assert cases["test_runs_for_hours_of_virtual_time"].find("failure") is not None
    requirement = cases["test_trips_in_time"].find("properties/property")
    assert requirement is not None and requirement.attrib == {"name": "requirement", "value": "OVN-S6"}


SLOW_PLANT_CONFTEST = slow_plant_conftest(2)


def test_invalid_timing_is_an_error_in_junit_and_a_failed_after_hook_in_cucumber(suite: pytest.Pytester) -> None:
    suite.makeconftest(SLOW_PLANT_CONFTEST)
    result = _run(suite, "--hil-target", "softplc-realtime", "-k", "trips")
    result.assert_outcomes(passed=1, errors=1, deselected=2)
    element = _scenarios(suite.path / "cucumber.json")["trips in time"]
    assert _statuses(element) == ["passed"] * 6
    assert element["after"][0]["result"]["status"] == "failed"
    assert "timing invalid" in element["after"][0]["result"]["error_message"]
    case = next(ElementTree.parse(suite.path / "junit.xml").getroot().iter("testcase"))
    assert case.find("error") is not None


def test_the_html_report_shows_a_plot_and_a_timeline_for_each_failed_scenario(suite: pytest.Pytester) -> None:
    result = _run(suite, "--html", "report.html", "--self-contained-html", "-k", "not slow")
    result.assert_outcomes(passed=1, failed=1, deselected=1)
    html = (suite.path / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 1  # the failed scenario's trace plot, not the passed one's
    assert "hil-timeline" in html and "Oven.Zone2.HeaterContactor is off within 100 ms" in html
    assert (suite.path / "hil-traces" / "test_expects_the_impossible" / "trace.vcd").exists()
    assert not (suite.path / "hil-traces" / "test_trips_in_time").exists()


def test_two_xdist_workers_run_the_suite_each_with_its_own_soft_plcs(suite: pytest.Pytester) -> None:
    result = _run(suite, "-n", "2", "-k", "not slow")
    result.assert_outcomes(passed=1, failed=1)
    scenarios = _scenarios(suite.path / "cucumber.json")  # merged from the workers' parts
    assert set(scenarios) == {"trips in time", "expects the impossible"}
    # The per-station summary is gathered from the workers' reports: 2 scenarios, 1 passed.
    summary = [line.split() for line in result.stdout.lines if line.startswith("all ")]
    assert summary and summary[-1][1:3] == ["2", "1"]
    assert "battery-hil: per station" in result.stdout.str()
    assert not list(suite.path.glob("cucumber.json.*.part"))
