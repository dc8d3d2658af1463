"""Following scenarios through pytest-bdd's hooks: the cucumber record, requirement tags, markers."""
from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hil.pytest_plugin._fixtures import CONTEXT_KEY
from hil.pytest_plugin._reports import CALL_REPORT_KEY
from hil.report import CucumberRecorder, ScenarioRecord, StationSummary, StepRecord, merge_cucumber_files

__all__ = [
    "MARKERS",
    "RECORDER_KEY",
    "apply_tag",
    "count_for_summary",
    "print_station_summary",
    "remember_config",
    "finish_cucumber",
    "record_scenario_start",
    "record_step",
    "record_verdict",
]

RECORDER_KEY = pytest.StashKey[CucumberRecorder]()
SUMMARY_KEY = pytest.StashKey[StationSummary]()
FIRST_SAMPLE_KEY = pytest.StashKey[list[str]]()
_STEP_START = pytest.StashKey[int]()
_REACTIONS_BEFORE = pytest.StashKey[int]()
_REQUIREMENT = re.compile(r"requirement[(:](?P<id>[^)]+)\)?")
_RIG = re.compile(r"rig[(:](?P<path>[^)]+)\)?")

MARKERS = (
    "requirement(id): the requirement (interlock, SIF, C&E row) a scenario verifies; @requirement(OVN-S6) in Gherkin",
    "softplc_only: runs only against the built-in soft PLCs (skipped on a real PLC rig)",
    "rig_only: runs only on a real PLC rig (skipped against the built-in soft PLCs)",
    "slow: takes long in virtual or wall time; deselect with -m 'not slow'",
    "rig(path): the rig file this scenario runs on, relative to its feature file; @rig(file) in Gherkin",
)


_CONFIG: list[pytest.Config] = []  # the session's config: Gherkin tags are registered as markers in it


def remember_config(config: pytest.Config) -> None:
    _CONFIG[:] = [config]


def apply_tag(tag: str, function: Callable[..., Any]) -> Any:
    """Gherkin ``@requirement(OVN-S6)`` becomes ``pytest.mark.requirement('OVN-S6')`` and ``@rig(file)``
    ``pytest.mark.rig('file')`` (``@requirement:OVN-S6``, ``@rig:file`` too). Any other tag (``@calender``,
    ``@iso13849``) becomes a marker of its name, registered so ``--strict-markers`` accepts it: Gherkin
    tags are the engineers' labels (select them with ``-m calender``), not typos in Python code."""
    requirement = _REQUIREMENT.fullmatch(tag)
    if requirement is not None:
        return pytest.mark.requirement(requirement["id"])(function)
    rig = _RIG.fullmatch(tag)
    if rig is not None:
        return pytest.mark.rig(rig["path"])(function)
    if _CONFIG and tag.isidentifier():
        known = {line.split(":")[0].split("(")[0].strip() for line in _CONFIG[0].getini("markers")}
        if tag not in known:
            _CONFIG[0].addinivalue_line("markers", f"{tag}: a Gherkin tag")
    return None  # pytest-bdd's default: the tag becomes a marker of that name


def _recorder(config: pytest.Config) -> CucumberRecorder:
    recorder = config.stash.get(RECORDER_KEY, None)
    if recorder is None:
        recorder = config.stash[RECORDER_KEY] = CucumberRecorder()
    return recorder


def record_scenario_start(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    for mark in request.node.iter_markers("requirement"):
        request.node.user_properties.append(("requirement", mark.args[0] if mark.args else ""))
    steps = [StepRecord(step.keyword, step.name, step.line_number) for step in scenario.steps]
    _recorder(request.config).scenarios[request.node.nodeid] = ScenarioRecord(
        feature.rel_filename, feature.name, feature.line_number, sorted(feature.tags), scenario.name,
        scenario.line_number, sorted(scenario.tags), steps)


def record_step(request: pytest.FixtureRequest, *, started: bool, error: BaseException | None = None) -> None:
    clock = time.monotonic_ns  # wall time: cucumber durations are real durations
    context = request.node.stash.get(CONTEXT_KEY, None)
    reactions = context.reaction_times if context is not None else []
    if started:
        request.node.stash[_STEP_START] = clock()
        request.node.stash[_REACTIONS_BEFORE] = len(reactions)
        return
    record = _recorder(request.config).scenarios.get(request.node.nodeid)
    if record is not None:
        duration = clock() - request.node.stash.get(_STEP_START, clock())
        measured = reactions[request.node.stash.get(_REACTIONS_BEFORE, len(reactions)):]  # a 'within' step's
        record.step_finished("passed" if error is None else "failed", duration,
                             None if error is None else f"{type(error).__name__}: {error}",
                             reaction_ns=measured[-1][1] if measured else None)


def record_verdict(item: pytest.Item, report: pytest.TestReport) -> None:
    """After the teardown the verdict is final: complete the scenario's record with it."""
    record = _recorder(item.config).scenarios.get(item.nodeid)
    if record is None or report.when != "teardown":
        return
    reports = [r for r in (item.stash.get(CALL_REPORT_KEY, None), report) if r is not None]
    failed = [r for r in reports if r.failed]
    message = str(failed[0].longrepr) if failed else None
    record.outcome(not failed, message)


def finish_cucumber(config: pytest.Config, path: Path | None) -> None:
    """Write the cucumber JSON; under pytest-xdist each worker writes a part and the controller merges."""
    if path is None:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    recorder = config.stash.get(RECORDER_KEY, None) or CucumberRecorder()
    if worker is not None:
        recorder.write(path.with_name(f"{path.name}.{worker}.part"))
        return
    parts = sorted(path.parent.glob(f"{path.name}.*.part"))
    if parts:
        merge_cucumber_files(parts, path)
    else:
        recorder.write(path)


def count_for_summary(report: pytest.TestReport) -> None:
    if not _CONFIG:
        return
    summary = _CONFIG[0].stash.setdefault(SUMMARY_KEY, StationSummary())
    if report.when == "teardown":
        decisions = _CONFIG[0].stash.setdefault(FIRST_SAMPLE_KEY, [])
        decisions += [str(v) for k, v in report.user_properties if k == "hil_first_sample" and str(v) not in decisions]
    properties = dict(report.user_properties)
    station, virtual_ns = properties.get("hil_station"), properties.get("hil_virtual_ns")
    summary.add(report.nodeid, station=station if isinstance(station, str) else None, failed=report.failed,
                wall_s=report.duration, virtual_ns=virtual_ns if isinstance(virtual_ns, int) else None)


def print_station_summary(config: pytest.Config, terminal: Any) -> None:
    lines = config.stash.setdefault(SUMMARY_KEY, StationSummary()).lines()
    if lines:
        terminal.section("battery-hil: per station")
        for line in lines:
            terminal.line(line)
    decisions = config.stash.get(FIRST_SAMPLE_KEY, [])
    if decisions:
        terminal.section("battery-hil: judging steps decided at their first sample (they prove no reaction; "
                         "--hil-strict fails them)")
        for decision in decisions:
            terminal.line(decision)
