"""Failure reports an engineer can read: a wrong step or a failed check shows its message, not a traceback."""
from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from hil.bdd import StepTiming
from hil.errors import InputError, ScenarioFailure
from hil.kernel import Trace
from hil.report import timeline_html, write_csv, write_png, write_vcd

__all__ = ["CALL_REPORT_KEY", "EVIDENCE_KEY", "Evidence", "attach_html_evidence", "keep_call_report",
           "note_scenario_evidence", "shorten_failure", "write_traces"]

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
