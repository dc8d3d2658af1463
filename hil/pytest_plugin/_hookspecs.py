"""Hooks other pytest plugins implement to add plant models and PLC targets (a vendor's own PLC, a
co-simulation, a model the project keeps in its own package)."""
from __future__ import annotations

from typing import Any

import pytest

__all__ = ["pytest_hil_make_target", "pytest_hil_plant_models"]


@pytest.hookspec
def pytest_hil_plant_models() -> list[tuple[Any, Any]] | None:
    """Return ``(ModelSpec, factory)`` pairs to add to the plant model registry (see plant_models.register)."""
    return None


@pytest.hookspec(firstresult=True)
def pytest_hil_make_target(spec: Any, target_kind: str, line: Any) -> Any:
    """Return a :class:`hil.plc.Target` for the rig's PLC ``spec`` (a hil.rig.PlcSpec) under
    ``--hil-target target_kind``, or ``None`` to leave it to the next implementation.

    The built-in targets (hil.line) are the ``trylast`` implementation, so yours runs first and a target
    it returns replaces the built-in one. ``line`` is the :class:`hil.line.Line` being opened (its ``rig``,
    ``real_time``; ``adopt_soft_plc(name, soft)`` hands it a soft PLC to cold-restart per scenario). The
    line connects the target unless its ``connected`` property already says it is."""
    return None
