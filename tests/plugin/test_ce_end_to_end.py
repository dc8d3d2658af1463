"""End to end: C&E matrix → generated features → pytest → coverage report; a broken program shows its
failing cells, and a cell added to the matrix after generation shows as not exercised."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from hil.cli import main

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)  # the inner run writes its own cucumber.json
    shutil.copytree(OVEN, pytester.path / "oven", ignore=shutil.ignore_patterns("logix"))
    pytester.makepyfile(test_ce="from pytest_bdd import scenarios\n\nscenarios('ce')\n")
    return pytester


def _generate_run_report(project: pytest.Pytester, matrix_for_report: str = "oven/oven_zone.ce.csv") -> tuple[
        pytest.RunResult, int, dict[str, Any]]:
    assert main(["ce", "generate", "oven/oven_zone.ce.csv", "-o", "ce/oven_zone"]) == 0
    result = project.runpytest_subprocess("-p", "no:cacheprovider", "--hil-cucumber", "cucumber.json")
    status = main(["ce", "coverage", matrix_for_report, "cucumber.json", "-o", "report/ce.html"])
    report = json.loads((project.path / "report" / "ce.json").read_text(encoding="utf-8"))
    assert (project.path / "report" / "ce.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    return result, status, {cell["id"]: cell for cell in report["cells"]}


def test_matrix_to_features_to_pytest_to_coverage(project: pytest.Pytester, capsys: pytest.CaptureFixture[str]) -> None:
    result, status, cells = _generate_run_report(project)
    result.assert_outcomes(passed=14)
    assert status == 0 and "4 cells: 4 passed, 0 failed, 0 not exercised" in capsys.readouterr().out
    assert {c["status"] for c in cells.values()} == {"passed"}
    assert set(cells["CE-OVN-603"]["rules"]) == {"trip", "no trip", "delay", "latch", "reset", "feedback"}
    # the trip point's 200 ms confirmation plus one 10 ms scan: measured on the virtual clock, bit for bit
    assert cells["CE-OVN-603"]["reaction_ms"]["max"] == 210.0 and cells["CE-OVN-603"]["reaction_ms"]["margin"] == 990.0
    assert cells["CE-OVN-601"]["reaction_ms"]["max"] == 10.0


def test_a_program_without_the_limit_relay_trip_fails_its_cells(project: pytest.Pytester) -> None:
    program = project.path / "oven" / "oven_zone.scl"
    text = program.read_text(encoding="utf-8")
    assert "#cause := #hot OR NOT #LimitOK;" in text
    program.write_text(text.replace("#cause := #hot OR NOT #LimitOK;", "#cause := #hot;"), encoding="utf-8")
    matrix = project.path / "oven" / "oven_zone.ce.csv"
    lines = matrix.read_text(encoding="utf-8").splitlines()
    added = [line for line in lines if line.startswith("CE-OVN-604,")][0].replace("CE-OVN-604,", "CE-OVN-699,")
    (project.path / "oven" / "later.ce.csv").write_text("\n".join(lines + [added]) + "\n", encoding="utf-8")
    shutil.copy(project.path / "oven" / "oven_zone.ce.toml", project.path / "oven" / "later.ce.toml")
    result, status, cells = _generate_run_report(project, "oven/later.ce.csv")
    result.assert_outcomes(passed=8, failed=6)  # trip ×2, bad PV, latch, reset, feedback
    assert status == 1
    assert {k: c["status"] for k, c in cells.items()} == {
        "CE-OVN-601": "failed", "CE-OVN-602": "failed", "CE-OVN-603": "passed", "CE-OVN-604": "passed",
        "CE-OVN-699": "not exercised"}
    failed = [s for s in cells["CE-OVN-601"]["scenarios"] if s["status"] == "failed"]
    assert any("Oven.Zone2.HeaterContactor was not off within 1 s" in s["error"] for s in failed)
    assert cells["CE-OVN-699"]["scenarios"] == [] and cells["CE-OVN-699"]["reaction_ms"] is None
