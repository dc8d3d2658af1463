"""Collection-time checks: every scenario's steps are compiled against the rig before any PLC starts."""
from __future__ import annotations

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from hil.bdd import validate_steps
from hil.errors import HilError
from hil.pytest_plugin._options import read_settings
from hil.rig import load_rig

__all__ = ["check_scenarios", "skip_by_target"]


def skip_by_target(item: pytest.Item) -> None:
    """``@rig_only`` scenarios need a real PLC; every target this version offers is a built-in soft PLC."""
    if item.get_closest_marker("rig_only") is not None:
        target = read_settings(item.config).target
        pytest.skip(f"needs a real PLC rig; --hil-target {target} runs the built-in soft PLCs")


def check_scenarios(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Raise one usage error listing every step problem in the collected scenarios (none: do nothing)."""
    scenarios = []
    for item in items:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        if template is not None:
            callspec = getattr(item, "callspec", None)
            example = callspec.params.get("_pytest_bdd_example", {}) if callspec is not None else {}
            scenarios.append(template.render(example))
    if not scenarios:
        return
    settings = read_settings(config)
    if settings.rig is None:
        return  # the hil fixture reports the missing rig when a scenario needs it
    try:
        rig = load_rig(settings.rig)
    except HilError as exc:
        raise pytest.UsageError(f"hil: {exc}") from None
    problems: list[str] = []
    for scenario in scenarios:
        for problem in validate_steps(scenario.steps, scenario.feature.filename, rig,
                                      relative_to=config.invocation_params.dir):
            if problem not in problems:  # a Background step is in every scenario of its feature
                problems.append(problem)
    if problems:
        raise pytest.UsageError("hil: the feature files have mistakes:\n  " + "\n  ".join(problems))
