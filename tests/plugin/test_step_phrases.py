"""Every phrase of the step vocabulary, in feature files run by pytest: passing and failing cases."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from hil.bdd import PHRASES, match_phrase, render_steps_markdown
from hil.bdd._docs import FORMS

ROOT = Path(__file__).resolve().parents[2]
PHRASE_FEATURES = Path(__file__).resolve().parent / "phrases"

FAILURES = {
    "fail_within": "Oven.Zone2.HeaterContactor was not off within 200 ms",
    "fail_after_scans": "Oven.Zone2.HeaterContactor was not off after 3 scans",
    "fail_now": "Oven.Alarm.OverTemp is not on",
    "fail_stays": "Oven.Zone2.HeaterContactor did not stay on for 1 s: it changed after 10 ms",
    "fail_never_during": "Oven.Zone2.HeaterContactor became off during the next 1 s",
    "fail_never_while": "Oven.Alarm.OverTemp became on while zone2.temperature is above 150 °C",
    "fail_edge": "Oven.Alarm.OverTemp did not rise within 500 ms",
    "fail_monitor": "throughout the scenario Oven.Zone2.HeaterContactor is on: broken at t = 20 ms (cycle 2)",
    "fail_wait_until": "Oven.Alarm.OverTemp is on did not happen within 300 ms",
    "fail_connection_lost": "PLC 'oven' is not connected",
    "fail_clearing_a_fault_that_is_not_there": "no active fault on 'zone2.temperature'",
}


def _outcomes(junit: Path) -> dict[str, str]:
    """Scenario test name → 'passed' or the failure message, from pytest's JUnit XML."""
    results = {}
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        results[case.get("name", "")] = "passed" if problem is None else (problem.get("message", "") + (problem.text or ""))
    return results


@pytest.fixture(scope="module")
def phrase_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Run both phrase features once, in a fresh pytest process, over the S7 wire."""
    folder = tmp_path_factory.mktemp("phrases")
    shutil.copytree(ROOT / "features" / "oven", folder / "oven")
    for feature in PHRASE_FEATURES.iterdir():
        shutil.copy(feature, folder / feature.name)
    (folder / "test_phrases.py").write_text(
        "from pytest_bdd import scenarios\n\nscenarios('passing.feature', 'failing.feature')\n", encoding="utf-8")
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "pytest", "--hil-rig", "oven/oven_zone.rig.toml", "-p", "no:cacheprovider",
         "--junitxml", str(folder / "junit.xml"), "-q"],
        cwd=folder, capture_output=True, text=True, timeout=600, check=False,
    )
    return {name.removeprefix("test_"): outcome for name, outcome in _outcomes(folder / "junit.xml").items()}


def test_every_passing_phrase_scenario_passes(phrase_runs: dict[str, str]) -> None:
    passing = {name: outcome for name, outcome in phrase_runs.items() if name.startswith("pass_")}
    assert len(passing) == 11
    assert {name: outcome for name, outcome in passing.items() if outcome != "passed"} == {}


@pytest.mark.parametrize(("scenario", "message"), FAILURES.items())
def test_each_judging_phrase_fails_with_its_message(phrase_runs: dict[str, str], scenario: str, message: str) -> None:
    assert message in phrase_runs[scenario]


def test_the_features_use_every_phrase() -> None:
    used = set()
    for feature in PHRASE_FEATURES.iterdir():
        kind = "given"
        for line in feature.read_text(encoding="utf-8").splitlines():
            words = line.strip().split(" ", 1)
            if len(words) == 2 and words[0] in ("Given", "When", "Then", "And"):
                kind = words[0].lower() if words[0] != "And" else kind
                matched = match_phrase(kind, words[1])
                if matched is not None:
                    used.add(matched[0].key)
    assert used == {phrase.key for phrase in PHRASES} - {"set"} | {"set"}


def test_every_example_reads_as_its_own_phrase_and_has_a_documented_form() -> None:
    for phrase in PHRASES:
        keyword, words = phrase.example.split(" ", 1)
        matched = match_phrase(keyword.lower(), words)
        assert matched is not None and matched[0].key == phrase.key, phrase.example
        assert phrase.key in FORMS


def test_the_steps_page_is_generated_from_the_registered_phrases() -> None:
    assert (ROOT / "docs" / "steps.md").read_text(encoding="utf-8") == render_steps_markdown(), (
        "docs/steps.md is out of date: run `hil steps > docs/steps.md`"
    )
