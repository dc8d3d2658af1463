"""The pytest plugin (entry point ``pytest11: hil``): options, fixtures and hook wiring.

Every hook here is one line that delegates; the logic lives in the rooms below.
"""
from __future__ import annotations

import pytest

from hil.pytest_plugin._fixtures import hil, hil_line, hil_settings, note_step
from hil.pytest_plugin._options import add_options
from hil.pytest_plugin._reports import keep_call_report, shorten_failure

# The step library: registered as a plugin so its step definitions are visible to every feature.
pytest_plugins = ["hil.bdd.steps"]

__all__ = ["hil", "hil_line", "hil_settings"]


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: object, scenario: object, step: object, step_func: object) -> None:
    note_step(request, feature, step)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    report = yield
    keep_call_report(item, report)
    shorten_failure(report, call)
    return report
