"""Fixtures: ``hil_settings`` and ``hil_lines`` live for the session; ``hil_line`` and ``hil`` are one scenario's."""
from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hil.bdd import ScenarioContext
from hil.errors import SourceLocation
from hil.kernel import Pacer, RealTimeLoop
from hil.line import Line
from hil.pytest_plugin._options import Settings, read_settings
from hil.pytest_plugin._reports import CALL_REPORT_KEY, EVIDENCE_KEY, Evidence, note_scenario_evidence, write_traces
from hil.pytest_plugin._rigs import LinePool, feature_file, rig_path_for

__all__ = ["CONTEXT_KEY", "STEP_KEY", "StepCursor", "finish_scenario", "hil", "hil_line", "hil_lines", "hil_settings",
           "note_step"]


@dataclass
class StepCursor:
    """The feature-file location of the step that is running, for error messages."""

    location: SourceLocation | None = None
    text: str = ""


STEP_KEY = pytest.StashKey[StepCursor]()
CONTEXT_KEY = pytest.StashKey[ScenarioContext]()  # the running scenario's context, for the reports


@pytest.fixture(scope="session")
def hil_settings(pytestconfig: pytest.Config) -> Settings:
    """The resolved --hil-* options."""
    return read_settings(pytestconfig)


@pytest.fixture(scope="session")
def hil_lines(hil_settings: Settings, pytestconfig: pytest.Config) -> Iterator[LinePool]:
    """Every rig's PLCs, started on first use and shared by the session's scenarios (one pool per xdist worker)."""
    hook = pytestconfig.hook.pytest_hil_make_target
    pool = LinePool(hil_settings.target, lambda spec, kind, line: hook(spec=spec, target_kind=kind, line=line))
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture
def hil_line(hil_lines: LinePool, hil_settings: Settings, request: pytest.FixtureRequest) -> Line:
    """The started line of this scenario's rig (see hil.pytest_plugin._rigs for how the rig is chosen)."""
    return hil_lines.line(rig_path_for(request.node, hil_settings))


@pytest.fixture
def hil(hil_line: Line, hil_settings: Settings, request: pytest.FixtureRequest) -> Iterator[ScenarioContext]:
    """One scenario: cold-restarted soft PLCs, fresh plant models, virtual time zero.

    When it ends, its trace is written (CSV, VCD, PNG) under the trace directory if --hil-traces asks
    for it, also when the scenario failed or was interrupted.
    """
    folder = hil_settings.trace_dir / _safe_name(request.node.name)
    kernel = hil_line.new_kernel()
    if hil_settings.pace is not None and not hil_line.real_time:
        kernel.pacer = Pacer(hil_settings.pace)
    # SCHED_FIFO only for real PLCs: a FIFO loop thread would starve soft PLCs living in this process.
    loop = RealTimeLoop(kernel, overrun_budget=hil_settings.overrun_budget, use_fifo=not hil_line.soft_plcs).start() \
        if hil_line.real_time else None
    plot = None if hil_settings.traces == "none" else folder / "trace.png"
    context = ScenarioContext(kernel, driver=loop, plot_path=plot, strict=hil_settings.strict)
    context.bind_cursor(request.node.stash.setdefault(STEP_KEY, StepCursor()))
    request.node.stash[CONTEXT_KEY] = context
    try:
        yield context
    finally:
        if loop is not None:
            loop.stop()
        hil_line.write_safe_state()  # real PLCs: back to the rig's safe state, also after a failure or Ctrl-C
        for decision in context.first_sample_decisions:  # listed in the run's summary (xdist carries them over)
            request.node.user_properties.append(("hil_first_sample", decision))
        feature = feature_file(request.node)
        note_scenario_evidence(request.node, feature.parent.name if feature else "", kernel.now_ns)
        report = request.node.stash.get(CALL_REPORT_KEY, None)
        passed = report is not None and report.passed
        if hil_settings.traces == "all" or (hil_settings.traces == "failed" and not passed):
            write_traces(kernel.trace, folder, title=request.node.name)
            request.node.stash[EVIDENCE_KEY] = Evidence(folder, context.timeline)
    if loop is not None:
        loop.verdict()  # a scenario whose timing broke its budget errors here instead of passing


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name)[:120]


def finish_scenario(request: pytest.FixtureRequest) -> None:
    """After the last step (pytest-bdd's after-scenario hook): judge the monitors up to the scenario's end,
    unless a step already failed (its error is the verdict)."""
    context = request.node.stash.get(CONTEXT_KEY, None)
    if context is None or sys.exc_info()[1] is not None or any(s.status != "passed" for s in context.timeline):
        return
    context.finish()


def note_step(request: pytest.FixtureRequest, feature: object, step: object) -> None:
    """Remember which step of which feature file runs now (pytest-bdd's before-step hook)."""
    cursor = request.node.stash.setdefault(STEP_KEY, StepCursor())
    path = Path(getattr(feature, "filename", "?"))
    with contextlib.suppress(ValueError):  # shown relative to where pytest runs, when it is below it
        path = path.relative_to(request.config.invocation_params.dir)
    cursor.location = SourceLocation(str(path), getattr(step, "line_number", None))
    cursor.text = f"{getattr(step, 'keyword', '')} {getattr(step, 'name', '')}".strip()
