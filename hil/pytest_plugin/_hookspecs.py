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
def pytest_hil_make_target(spec: Any, target_kind: str) -> Any:
    """Return an unconnected :class:`hil.plc.Target` for the rig's PLC ``spec`` (a hil.rig.PlcSpec) under
    ``--hil-target target_kind``, or ``None`` to let the built-in targets handle it."""
    return None
