"""Failure reports an engineer can read, and reports that never lie.

A wrong step or a failed check shows its message, not a traceback. The JUnit XML and cucumber JSON
reflect every scenario run: with pytest-timeout's thread method (which ends the process) they are
written before the end, with the timed-out scenario failed; under pytest-xdist each scenario's record
travels with its reports, so a crashed worker's scenarios are reported (the crashed one errored); the
files of an earlier run are removed when a session starts; and they say which I/O timing mode ran.
"""
from __future__ import annotations

import base64
import os
import threading
import traceback
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from _pytest.junitxml import xml_key  # pytest's JUnit writer, to complete the file before a forced exit

from hil.bdd import StepTiming
from hil.errors import InputError, ScenarioFailure
from hil.kernel import Trace
from hil.report import CucumberRecorder, ScenarioRecord, StepRecord, timeline_html, write_csv, write_png, write_vcd

__all__ = ["CALL_REPORT_KEY", "EVIDENCE_KEY", "Evidence", "attach_html_evidence", "keep_call_report",
           "note_scenario_evidence", "scenario_from_item", "shorten_failure", "write_reports_for_timeout",
           "write_traces"]

CALL_REPORT_KEY = pytest.StashKey[pytest.TestReport]()


@dataclass(frozen=True)
class Evidence:
    """Where a scenario's trace files are, and its step timeline."""

    folder: Path
    timeline: Sequence[StepTiming]


EVIDENCE_KEY = pytest.StashKey[Evidence]()


def attach_html_evidence(item: pytest.Item, report: pytest.TestReport) -> None:
    """With pytest-html: a written trace's plot and the step timeline go into the HTML report."""
    evidence = item.stash.get(EVIDENCE_KEY, None)
    html_plugin = item.config.pluginmanager.getplugin("html")
    if evidence is None or html_plugin is None or report.when != "teardown":
        return
    extras = getattr(report, "extras", [])
    plot = evidence.folder / "trace.png"
    if plot.exists():
        extras.append(html_plugin.extras.png(base64.b64encode(plot.read_bytes()).decode("ascii"), name="trace"))
    extras.append(html_plugin.extras.html(timeline_html(evidence.timeline)))
    setattr(report, "extras", extras)  # noqa: B010 (pytest-html's attribute, unknown to TestReport's type)


def keep_call_report(item: pytest.Item, report: pytest.TestReport) -> None:
    """Remember the outcome of the test call, so fixture teardown knows whether the scenario passed."""
    if report.when == "call":
        item.stash[CALL_REPORT_KEY] = report


def write_traces(trace: Trace, folder: Path, *, title: str) -> None:
    """The scenario's evidence: trace.csv, trace.vcd (GTKWave) and trace.png."""
    if not len(trace):
        return
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(trace, folder / "trace.csv")
    write_vcd(trace, folder / "trace.vcd", title=title)
    write_png(trace, folder / "trace.png", title=title)


def shorten_failure(report: pytest.TestReport, call: pytest.CallInfo[None]) -> None:
    """Replace the traceback of a user-facing error (bad input, failed check) with its message.

    Errors of the framework itself or of a PLC keep their traceback: those are for developers.
    """
    excinfo = call.excinfo
    if excinfo is not None and report.failed and isinstance(excinfo.value, (InputError, ScenarioFailure)):
        report.longrepr = f"{type(excinfo.value).__name__}: {excinfo.value}"


def note_scenario_evidence(item: pytest.Item, station: str, virtual_ns: int) -> None:
    """Put the scenario's station and virtual time in its report (they travel to the xdist controller)."""
    item.user_properties.append(("hil_station", station))
    item.user_properties.append(("hil_virtual_ns", virtual_ns))


# --- reports that never lie (issue 13, class 13) -----------------------------------------------------------
# These hooks run as the plugin "hil_reports" (an entry point of its own in pyproject.toml), beside "hil".

_STREAM_KEY = pytest.StashKey[dict[str, ScenarioRecord]]()
_SCENARIO_ATTR = "hil_scenario"  # a report attribute: the scenario's cucumber record, as plain data


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _is_xdist_controller(config: pytest.Config) -> bool:
    return not _is_worker(config) and config.pluginmanager.getplugin("dsession") is not None


def _timing_mode(config: pytest.Config) -> str:
    """The ``--hil-timing`` mode of this run (declared by the plugin's options); best-case without it."""
    mode = config.getoption("hil_timing", None) or os.environ.get("HIL_TIMING")
    return str(mode) if mode else "best-case"


def _recorder(config: pytest.Config) -> CucumberRecorder:
    from hil.pytest_plugin._scenarios import RECORDER_KEY  # imports this module: import on use

    recorder = config.stash.get(RECORDER_KEY, None)
    if recorder is None:
        recorder = config.stash[RECORDER_KEY] = CucumberRecorder()
    return recorder


def _cucumber_path(config: pytest.Config) -> Path | None:
    from hil.pytest_plugin._options import read_settings

    return read_settings(config).cucumber


# The session's config, for pytest_runtest_logreport (which gets none); a stack for pytester's nested runs.
_CONFIGS: list[pytest.Config] = []


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    _CONFIGS.append(config)
    _recorder(config).timing = _timing_mode(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    if config in _CONFIGS:
        _CONFIGS.remove(config)


def pytest_report_header(config: pytest.Config) -> str:
    return f"hil timing: {_timing_mode(config)} (I/O module delays: not applied yet, see docs/rig-files.md)"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Remove the report files of an earlier run, so a run that dies leaves no stale green report behind."""
    config = session.config
    if _is_worker(config):
        return
    cucumber = _cucumber_path(config)
    stale = [Path(p) for p in (getattr(config.option, "xmlpath", None), getattr(config.option, "htmlpath", None)) if p]
    if cucumber is not None:
        stale += [cucumber, *cucumber.parent.glob(f"{cucumber.name}.*.part")]
    for path in stale:
        path.unlink(missing_ok=True)
    xml = config.stash.get(xml_key, None)
    if xml is not None:
        xml.add_global_property("hil_timing", _timing_mode(config))


@pytest.hookimpl(wrapper=True, tryfirst=True)  # outermost: after the plugin completed the scenario's record
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport,
                                                                                            pytest.TestReport]:
    report = yield
    if _is_worker(item.config) and report.when in ("setup", "teardown"):
        record = _recorder(item.config).scenarios.get(item.nodeid) or scenario_from_item(item)
        if record is not None:  # sent to the controller with the report, so a worker crash loses nothing
            setattr(report, _SCENARIO_ATTR, record.payload())
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    config = _CONFIGS[-1] if _CONFIGS else None
    if config is None or not _is_xdist_controller(config):
        return
    stream = config.stash.setdefault(_STREAM_KEY, {})
    payload = getattr(report, _SCENARIO_ATTR, None)
    if isinstance(payload, dict):
        stream[report.nodeid] = ScenarioRecord.from_payload(payload)
    if report.when == "???" and report.failed:  # pytest-xdist: the worker running this test crashed
        record = stream.get(report.nodeid) or ScenarioRecord.placeholder(report.nodeid)
        record.outcome(False, f"errored: {report.longrepr}")
        stream[report.nodeid] = record


@pytest.hookimpl(trylast=True)  # after the plugin's own writer: this one knows every worker's scenarios
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist the controller writes the cucumber JSON from the records the workers streamed
    with their reports: complete even when a worker crashed (its own part file never written)."""
    config = session.config
    path = _cucumber_path(config)
    if path is None or not _is_xdist_controller(config):
        return
    recorder = CucumberRecorder(config.stash.setdefault(_STREAM_KEY, {}), timing=_timing_mode(config))
    for part in path.parent.glob(f"{path.name}.*.part"):
        part.unlink()
    recorder.write(path)


@pytest.hookimpl(optionalhook=True, tryfirst=True)  # pytest-timeout's hook (firstresult): ours for the thread method
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> bool | None:
    """pytest-timeout's thread method ends the process with os._exit(1): no report would be written. This
    timer first writes the JUnit XML and cucumber JSON with the timed-out scenario failed, then lets
    pytest-timeout dump the stacks and end the process as before."""
    method = settings.method
    if method == "signal" and threading.current_thread() is threading.main_thread():
        return None  # the signal method fails the test in-process: the reports are written as usual
    timer = threading.Timer(settings.timeout, _report_then_end, (item, settings))
    timer.name = f"hil-timeout {item.nodeid}"

    def cancel() -> None:
        timer.cancel()
        timer.join()

    item.cancel_timeout = cancel  # type: ignore[attr-defined]  # what pytest-timeout's cancel hook calls
    timer.start()
    return True


def _report_then_end(item: pytest.Item, settings: Any) -> None:
    import pytest_timeout

    if settings.disable_debugger_detection or not pytest_timeout.is_debugging():
        try:
            write_reports_for_timeout(item, f"Timeout (>{settings.timeout}s) from pytest-timeout: the thread "
                                            "method ends the test process")
        except Exception:  # noqa: BLE001 - the process ends next; a report error must not hide the timeout
            traceback.print_exc()
    pytest_timeout.timeout_timer(item, settings)  # dumps the stacks and calls os._exit(1)


def write_reports_for_timeout(item: pytest.Item, message: str) -> None:
    """The reports of a process about to end: the timed-out scenario failed, everything run so far kept."""
    config = item.config
    record = _recorder(config).scenarios.get(item.nodeid)
    if record is not None:
        record.outcome(False, message)
    from hil.pytest_plugin._scenarios import finish_cucumber

    finish_cucumber(config, _cucumber_path(config))  # a worker writes its part; the controller streams it too
    xml = config.stash.get(xml_key, None)
    if xml is not None:
        report = pytest.TestReport(item.nodeid, item.location, {}, "failed", message, "call",
                                   user_properties=item.user_properties)
        xml.pytest_runtest_logreport(report)
        xml.pytest_sessionfinish()


def scenario_from_item(item: pytest.Item) -> ScenarioRecord | None:
    """The cucumber record of a pytest-bdd scenario before it runs (no step has a status yet), or None.

    Built at setup from pytest-bdd's scenario template, so that a worker that dies inside the scenario
    leaves its name, tags and steps with the controller.
    """
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
    if template is None:
        return None
    callspec = getattr(item, "callspec", None)
    scenario = template.render(callspec.params.get("_pytest_bdd_example", {}) if callspec is not None else {})
    feature = scenario.feature
    return ScenarioRecord(feature.rel_filename, feature.name, feature.line_number, sorted(feature.tags),
                          scenario.name, scenario.line_number, sorted(scenario.tags),
                          [StepRecord(step.keyword, step.name, step.line_number) for step in scenario.steps])
