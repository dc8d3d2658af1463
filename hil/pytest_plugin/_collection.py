"""Collection-time checks: every scenario's steps are compiled against the rig before any PLC starts."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

import plant_models
from hil.bdd import validate_steps
from hil.errors import HilError
from hil.pytest_plugin._options import read_settings
from hil.pytest_plugin._rigs import rig_path_for
from hil.rig import Rig, load_rig

__all__ = ["check_scenarios", "register_plugin_models", "skip_by_target"]


def register_plugin_models(results: list[list[tuple[Any, Any]]]) -> None:
    """Add the plant models other plugins provide (pytest_hil_plant_models) to the registry, once per process."""
    for pairs in results:
        for spec, factory in pairs or []:
            if plant_models.MODELS.get(spec.name) is not spec:
                plant_models.register(spec, factory)


def skip_by_target(item: pytest.Item) -> None:
    """``@rig_only`` scenarios need a real PLC; every target this version offers is a built-in soft PLC."""
    if item.get_closest_marker("rig_only") is not None:
        target = read_settings(item.config).target
        pytest.skip(f"needs a real PLC rig; --hil-target {target} runs the built-in soft PLCs")


def check_scenarios(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Raise one usage error listing every step problem in the collected scenarios (none: do nothing)."""
    settings = read_settings(config)
    rigs: dict[Path, Rig] = {}
    problems: list[str] = []
    for item in items:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        if template is None:
            continue
        callspec = getattr(item, "callspec", None)
        scenario = template.render(callspec.params.get("_pytest_bdd_example", {}) if callspec is not None else {})
        try:
            path = rig_path_for(item, settings).resolve()
            if path not in rigs:
                rigs[path] = load_rig(path)
        except HilError as exc:
            if str(exc) not in problems:
                problems.append(str(exc))
            continue
        for problem in validate_steps(scenario.steps, scenario.feature.filename, rigs[path],
                                      relative_to=config.invocation_params.dir):
            if problem not in problems:  # a Background step is in every scenario of its feature
                problems.append(problem)
    if problems:
        raise pytest.UsageError("hil: the feature files have mistakes:\n  " + "\n  ".join(problems))
