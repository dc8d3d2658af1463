"""Cucumber JSON that tells the truth about every step, including the ones a failure never reached.

pytest-bdd's own ``--cucumberjson`` reports steps as passed when a timeout kills the scenario
(pytest-bdd #770) and knows nothing of errors raised after the last step (an invalid real-time
verdict). This recorder is fed by the plugin's hooks and completed from the test's final outcome:
a scenario that did not pass always has a failed step or a failed ``After`` hook, and the steps after
the failure are ``skipped``.

Under pytest-xdist a record travels from the worker to the controller as plain data
(:meth:`ScenarioRecord.payload`), so a crashed worker's scenarios are still reported; each scenario
element says which I/O timing mode the run used (``hil_timing``: best-case, typical or worst-case).
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CucumberRecorder", "ScenarioRecord", "StepRecord", "merge_cucumber_files"]


@dataclass
class StepRecord:
    keyword: str
    name: str
    line: int
    status: str = "skipped"  # until the step runs
    duration_ns: int = 0
    error: str | None = None
    reaction_ns: int | None = None  # a passed 'within' step: its reaction time in virtual (or rig) time

    def as_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"status": self.status, "duration": self.duration_ns}
        if self.error is not None:
            result["error_message"] = self.error
        step = {"keyword": f"{self.keyword} ", "name": self.name, "line": self.line,
                "match": {"location": ""}, "result": result}
        if self.reaction_ns is not None:
            step["reaction_time_ns"] = self.reaction_ns  # read by `hil ce coverage`
        return step


@dataclass
class ScenarioRecord:
    feature_uri: str
    feature_name: str
    feature_line: int
    feature_tags: list[str]
    name: str
    line: int
    tags: list[str]
    steps: list[StepRecord]
    after_error: str | None = None
    next_step: int = 0

    def step_finished(self, status: str, duration_ns: int, error: str | None = None, *,
                      reaction_ns: int | None = None) -> None:
        if self.next_step < len(self.steps):
            step = self.steps[self.next_step]
            step.status, step.duration_ns, step.error, step.reaction_ns = status, duration_ns, error, reaction_ns
            self.next_step += 1

    def outcome(self, passed: bool, message: str | None) -> None:
        """The test's final verdict: a failure no step took (a timeout, a teardown error) is recorded."""
        if passed or any(step.status == "failed" for step in self.steps):
            return
        if self.next_step < len(self.steps):  # killed in the middle of this step
            self.steps[self.next_step].status = "failed"
            self.steps[self.next_step].error = message or "the scenario was interrupted"
        else:  # every step ran; the verdict failed afterwards
            self.after_error = message or "the scenario failed after its last step"

    def payload(self) -> dict[str, Any]:
        """The record as plain data (dicts, lists, strings, numbers), to send between processes."""
        return asdict(self)

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> ScenarioRecord:
        return cls(**{**data, "steps": [StepRecord(**step) for step in data["steps"]]})

    @classmethod
    def placeholder(cls, nodeid: str) -> ScenarioRecord:
        """A scenario known only by its test id (a worker died before it reported the scenario)."""
        path, _, name = nodeid.partition("::")
        return cls(path, path, 0, [], name, 0, [], [])

    def as_json(self) -> dict[str, Any]:
        element: dict[str, Any] = {
            "keyword": "Scenario", "id": _slug(self.name), "name": self.name, "line": self.line,
            "description": "", "type": "scenario", "tags": [{"name": f"@{t}", "line": self.line} for t in self.tags],
            "steps": [step.as_json() for step in self.steps],
        }
        if self.after_error is not None:
            element["after"] = [{"match": {"location": "hil verdict"},
                                 "result": {"status": "failed", "duration": 0, "error_message": self.after_error}}]
        return element


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class CucumberRecorder:
    scenarios: dict[str, ScenarioRecord] = field(default_factory=dict)
    timing: str | None = None  # the run's --hil-timing mode, written into every scenario element

    def features(self) -> list[dict[str, Any]]:
        by_feature: dict[str, dict[str, Any]] = {}
        for record in self.scenarios.values():
            feature = by_feature.setdefault(record.feature_uri, {
                "uri": record.feature_uri, "id": _slug(record.feature_name), "keyword": "Feature",
                "name": record.feature_name, "line": record.feature_line, "description": "",
                "tags": [{"name": f"@{t}", "line": record.feature_line} for t in record.feature_tags],
                "elements": [],
            })
            element = record.as_json()
            if self.timing is not None:
                element["hil_timing"] = self.timing
            feature["elements"].append(element)
        return list(by_feature.values())

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.features(), indent=2, ensure_ascii=False), encoding="utf-8")


def merge_cucumber_files(parts: list[Path], path: Path) -> None:
    """Join the files parallel workers wrote (one per worker) into one report, feature by feature."""
    by_uri: dict[str, dict[str, Any]] = {}
    for part in parts:
        for feature in json.loads(part.read_text(encoding="utf-8")):
            merged = by_uri.setdefault(feature["uri"], {**feature, "elements": []})
            merged["elements"].extend(feature["elements"])
        part.unlink()
    for feature in by_uri.values():
        feature["elements"].sort(key=lambda element: element["line"])
    path.write_text(json.dumps(list(by_uri.values()), indent=2, ensure_ascii=False), encoding="utf-8")
