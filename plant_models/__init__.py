"""Plant models of lithium-ion battery line equipment, compiled with Cython.

Models (registry name: public module): ``oven_zone`` (one oven zone), ``coater_oven`` (multi-zone NMP
drying oven), ``calender``, ``notching_press``, ``slurry_mixer``, ``electrolyte_filling``,
``formation_rack`` (N cells), ``dry_room``, ``agv_transfer`` (conveyor + AGV docking). Every model
steps with ``step(dt_ns)``, injects device faults by name (``enable_fault``/``clear_fault``), and takes
and restores ``snapshot()``s of its full state.

``BACKEND`` says which implementation is loaded: ``"compiled"`` (the Cython extensions were built) or
``"reference"`` (the pure-Python twins in ``plant_models._reference``, much slower). CI requires the
compiled one.

``create(name, **params)`` builds a model by its registry name; ``spec(name)`` describes its signals
and parameters; ``register(spec, factory)`` adds a project's own model (a pytest plugin does it from
the ``pytest_hil_plant_models`` hook).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from plant_models import (
    agv_transfer,
    calender,
    coater_oven,
    dry_room,
    electrolyte_filling,
    formation_rack,
    notching_press,
    oven_zone,
    slurry_mixer,
)
from plant_models._spec import IO_KINDS, ModelSpec, Parameter, Signal
from plant_models.errors import PlantConfigError, UnknownSignalError, close_names

__all__ = ["BACKEND", "IO_KINDS", "MODELS", "ModelSpec", "Parameter", "PlantConfigError", "Signal", "UnknownSignalError",
           "create", "register", "spec"]

_MODULES = {
    "oven_zone": oven_zone,
    "coater_oven": coater_oven,
    "calender": calender,
    "notching_press": notching_press,
    "slurry_mixer": slurry_mixer,
    "electrolyte_filling": electrolyte_filling,
    "formation_rack": formation_rack,
    "dry_room": dry_room,
    "agv_transfer": agv_transfer,
}

BACKEND = "compiled" if all(m.COMPILED for m in _MODULES.values()) else "reference"

MODELS: dict[str, ModelSpec] = {name: module.SPEC for name, module in _MODULES.items()}
_FACTORIES: dict[str, Callable[..., Any]] = {name: module.MODEL for name, module in _MODULES.items()}


def register(model_spec: ModelSpec, factory: Callable[..., Any]) -> None:
    """Add a model (its spec, and a callable building it from the spec's parameters) to the registry.

    The model must follow the calling convention: ``step(dt_ns)``, its signals as attributes, and
    ``enable_fault(name, value=1.0, index=None)``/``clear_fault(name)`` if its spec lists faults.
    """
    if model_spec.name in _MODULES:
        raise ValueError(f"plant model '{model_spec.name}' is built in; register yours under another name")
    MODELS[model_spec.name] = model_spec
    _FACTORIES[model_spec.name] = factory


def spec(name: str) -> ModelSpec:
    """The signals and parameters of model ``name``."""
    try:
        return MODELS[name]
    except KeyError:
        raise UnknownSignalError(f"unknown plant model '{name}'", name=name,
                                 close_matches=close_names(name, MODELS)) from None


def create(name: str, **params: float) -> Any:
    """Build model ``name`` with ``params`` (in the units its spec states).

    Raises:
        UnknownSignalError: no such model, or no such parameter (with the close names).
        PlantConfigError: a parameter value without physical meaning (a zero time constant).
    """
    model_spec = spec(name)
    for key in params:
        if model_spec.parameter(key) is None:
            raise UnknownSignalError(
                f"plant model '{name}' has no parameter '{key}'",
                name=key,
                close_matches=close_names(key, [p.name for p in model_spec.parameters]),
            )
    return _FACTORIES[name](**params)
