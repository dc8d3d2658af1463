"""The pytest plugin (entry point ``pytest11: hil``): options, fixtures, markers and hook wiring.

Every hook here is one line that delegates; the logic lives in the rooms below.

Fixtures (see hil.pytest_plugin._fixtures): ``hil_settings`` and ``hil_lines`` (session scope: each
rig's PLCs started once per session, or once per pytest-xdist worker), ``hil_line`` and ``hil``
(function scope: the scenario's started line, and the scenario with its kernel and evidence).
"""
from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import pytest

from hil.line import builtin_plugin
from hil.pytest_plugin import _hookspecs
from hil.pytest_plugin._collection import check_scenarios, register_plugin_models, skip_by_target
from hil.pytest_plugin._fixtures import finish_scenario, hil, hil_line, hil_lines, hil_settings, note_step
from hil.pytest_plugin._options import add_options, read_settings
from hil.pytest_plugin._reports import attach_html_evidence, keep_call_report, shorten_failure
from hil.pytest_plugin._scenarios import (
    MARKERS,
    apply_tag,
    count_for_summary,
    finish_cucumber,
    print_station_summary,
    record_scenario_start,
    record_step,
    record_verdict,
    remember_config,
)

# The step library: registered as a plugin so its step definitions are visible to every feature.
pytest_plugins = ["hil.bdd.steps"]

__all__ = ["hil", "hil_line", "hil_lines", "hil_settings"]


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(_hookspecs)
    # The built-in targets: a trylast pytest_hil_make_target implementation that other plugins override.
    pluginmanager.register(builtin_plugin, "hil-builtin-targets")


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    remember_config(config)
    register_plugin_models(config.hook.pytest_hil_plant_models())


@pytest.hookimpl(tryfirst=True)  # before pytest-bdd's own (firstresult), which makes any tag a plain marker
def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> Any:
    return apply_tag(tag, function)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    check_scenarios(config, items)


def pytest_runtest_setup(item: pytest.Item) -> None:
    skip_by_target(item)


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    record_scenario_start(request, feature, scenario)


def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    finish_scenario(request)


def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, step_func: Any) -> None:
    note_step(request, feature, step)


def pytest_bdd_before_step_call(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                                step_func: Any, step_func_args: Any) -> None:
    record_step(request, started=True)


def pytest_bdd_after_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, step_func: Any,
                          step_func_args: Any) -> None:
    record_step(request, started=False)


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, step_func: Any,
                          step_func_args: Any, exception: BaseException) -> None:
    record_step(request, started=False, error=exception)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport,
                                                                                            pytest.TestReport]:
    report = yield
    keep_call_report(item, report)
    shorten_failure(report, call)
    record_verdict(item, report)
    attach_html_evidence(item, report)
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    count_for_summary(report)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    print_station_summary(config, terminalreporter)


def pytest_sessionfinish(session: pytest.Session) -> None:
    finish_cucumber(session.config, read_settings(session.config).cucumber)
