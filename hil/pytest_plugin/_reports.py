"""Failure reports an engineer can read: a wrong step or a failed check shows its message, not a traceback."""
from __future__ import annotations

import pytest

from hil.errors import InputError, ScenarioFailure

__all__ = ["shorten_failure"]


def shorten_failure(report: pytest.TestReport, call: pytest.CallInfo[None]) -> None:
    """Replace the traceback of a user-facing error (bad input, failed check) with its message.

    Errors of the framework itself or of a PLC keep their traceback: those are for developers.
    """
    excinfo = call.excinfo
    if excinfo is not None and report.failed and isinstance(excinfo.value, (InputError, ScenarioFailure)):
        report.longrepr = f"{type(excinfo.value).__name__}: {excinfo.value}"
