"""Failure reports an engineer can read: a wrong step or a failed check shows its message, not a traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.errors import InputError, ScenarioFailure
from hil.kernel import Trace
from hil.report import write_csv, write_png, write_vcd

__all__ = ["CALL_REPORT_KEY", "keep_call_report", "shorten_failure", "write_traces"]

CALL_REPORT_KEY = pytest.StashKey[pytest.TestReport]()


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
