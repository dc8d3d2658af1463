"""Parameter checks shared by the compiled models and their pure-Python twins.

A model refuses parameters that have no physical meaning (a zero time constant, a negative volume)
when it is built, with the parameter's name and value, instead of producing NaN later.
"""
from __future__ import annotations

import math

from plant_models.errors import PlantConfigError

__all__ = ["require_at_least", "require_count", "require_non_negative", "require_positive", "require_range"]


def _finite(model: str, name: str, value: float) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise PlantConfigError(f"{name} must be a finite number, not {value}", model=model, parameter=name)
    return value


def require_positive(model: str, **values: float) -> None:
    """Each value must be > 0 (time constants, volumes, capacities)."""
    for name, value in values.items():
        if _finite(model, name, value) <= 0.0:
            raise PlantConfigError(f"{name} must be positive, not {value}", model=model, parameter=name)


def require_non_negative(model: str, **values: float) -> None:
    """Each value must be >= 0 (leak rates, loads, delays)."""
    for name, value in values.items():
        if _finite(model, name, value) < 0.0:
            raise PlantConfigError(f"{name} must not be negative, not {value}", model=model, parameter=name)


def require_range(model: str, name: str, value: float, low: float, high: float) -> None:
    """``low <= value <= high``."""
    if not low <= _finite(model, name, value) <= high:
        raise PlantConfigError(f"{name} must be between {low} and {high}, not {value}", model=model, parameter=name)


def require_at_least(model: str, name: str, value: float, other_name: str, other: float) -> None:
    """``value >= other``, for pairs such as a trip set point above its alarm set point."""
    if value < other:
        raise PlantConfigError(f"{name} ({value}) must be at least {other_name} ({other})", model=model, parameter=name)


def require_count(model: str, name: str, value: float, low: int, high: int) -> int:
    """A whole number in ``low..high`` (rig files give every parameter as a float: 6.0 is fine, 6.5 is not)."""
    number = _finite(model, name, value)
    if number != int(number):
        raise PlantConfigError(f"{name} must be a whole number, not {value}", model=model, parameter=name)
    require_range(model, name, number, low, high)
    return int(number)
