"""The C&E coverage report from cucumber JSON: passed / failed / not exercised, reaction-time statistics."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hil.errors import ConfigError
from hil.safety import binding_path, load_binding, read_matrix
from hil.safety._coverage import coverage, coverage_html

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"
BACKGROUND = [("Given", "Oven.Cmd.Start is set to on", None), ("And", "Oven.Zone2.HeaterContactor is on within 100 ms", 10)]


def _element(name: str, steps: list[tuple[str, str, int | None]], failed: bool = False) -> dict[str, Any]:
    out = []
    for index, (keyword, text, reaction_ms) in enumerate(BACKGROUND + steps):
        status = "failed" if failed and index == len(BACKGROUND) + len(steps) - 1 else "passed"
        step: dict[str, Any] = {"keyword": f"{keyword} ", "name": text, "result": {"status": status}}
        if status == "failed":
            step["result"]["error_message"] = "ScenarioFailure: Oven.Zone2.HeaterContactor was not off within 1.2 s"
        if reaction_ms is not None and status == "passed":
            step["reaction_time_ns"] = reaction_ms * 1_000_000
        out.append(step)
    return {"name": name, "steps": out}


def _run(tmp_path: Path, name: str, reaction_ms: int, trip_fails: bool) -> Path:
    elements = [
        _element("CE-OVN-601 [trip] TSHH-222 goes off puts Oven.Zone2.HeaterContactor to off within 1 s",
                 [("When", "zone2.limit_ok is forced to off", None),
                  ("Then", "Oven.Zone2.HeaterContactor is off within 1 s", reaction_ms),
                  ("And", "Oven.Alarm.OverTemp is on within 1 s", 0)]),  # not after the action: not counted
        _element("CE-OVN-603 [trip] TT-221 above 165 °C puts Oven.Zone2.HeaterContactor to off within 1.2 s",
                 [("When", "zone2.temperature is forced to 167 °C", None),
                  ("Then", "Oven.Zone2.HeaterContactor is off within 1.2 s", 210)], failed=trip_fails),
        _element("a hand-written scenario naming CE-OVN-6030 is no cell", []),
    ]
    path = tmp_path / name
    path.write_text(json.dumps([{"uri": "ce/oven_zone/ovn_s6.feature", "elements": elements}]), encoding="utf-8")
    return path


def test_cells_passed_failed_and_not_exercised_with_reaction_statistics(tmp_path: Path) -> None:
    matrix = read_matrix(OVEN / "oven_zone.ce.csv")
    runs = [_run(tmp_path, f"run{i}.json", ms, trip_fails=(i == 3)) for i, ms in enumerate([10, 20, 30, 40, 50])]
    report = coverage(matrix, load_binding(binding_path(matrix.path)), [tmp_path])
    cells = {c.cell.id: c for c in report.cells}
    assert {k: c.status for k, c in cells.items()} == {"CE-OVN-601": "passed", "CE-OVN-602": "not exercised",
                                                       "CE-OVN-603": "failed", "CE-OVN-604": "not exercised"}
    assert report.counts() == {"passed": 1, "failed": 1, "not exercised": 2}
    assert cells["CE-OVN-601"].stats() == {"n": 5, "min": 10.0, "median": 30.0, "p95": 50.0, "max": 50.0,
                                           "allowed": 1000.0, "margin": 950.0}
    assert cells["CE-OVN-603"].stats()["n"] == 4  # the failed run measured nothing
    data = report.as_json()
    assert data["runs"] == [str(p) for p in runs] and data["cells"][2]["rules"] == ["trip"]
    assert "was not off within 1.2 s" in data["cells"][2]["scenarios"][3]["error"]
    page = coverage_html(report)
    assert "1 passed, 1 failed, 2 not exercised" in page and "CE-OVN-604" in page and "950.0" in page


def test_no_results_or_a_file_that_is_no_cucumber_json(tmp_path: Path) -> None:
    matrix = read_matrix(OVEN / "oven_zone.ce.csv")
    with pytest.raises(ConfigError, match="no cucumber JSON results found; run pytest with --hil-cucumber"):
        coverage(matrix, load_binding(None), [tmp_path])
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match="not cucumber JSON"):
        coverage(matrix, load_binding(None), [tmp_path / "x.json"])
