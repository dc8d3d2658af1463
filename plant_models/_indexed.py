"""Flat signal names for models with several identical units (oven zones).

The kernel and the rig address a plant signal by one name (``coater.zone3_temperature``); the models
keep the zones in C arrays behind indexed methods (``zone_temperature(3)``). :func:`with_indexed_signals`
makes a subclass with one property per unit and quantity, so both views work on the same state.
"""
from __future__ import annotations

from typing import Any

__all__ = ["with_indexed_signals"]


def _make_property(getter: str, setter: str | None, unit: int) -> property:
    def fget(self: Any) -> Any:
        return getattr(self, getter)(unit)

    if setter is None:
        return property(fget)

    def fset(self: Any, value: Any) -> None:
        getattr(self, setter)(unit, value)

    return property(fget, fset)


def with_indexed_signals(
    base: type, prefix: str, count: int, quantities: dict[str, tuple[str, str | None]], module: str | None = None
) -> type:
    """A subclass of ``base`` with a property ``{prefix}{k}_{quantity}`` for k = 1..count.

    ``quantities`` maps a quantity to the names of its getter and setter methods (setter None: read only).
    Reading a unit beyond the model's configured count raises the model's own IndexError. ``module``
    is where the subclass is importable from (so that instances pickle and deep-copy).
    """
    namespace: dict[str, Any] = {"__doc__": base.__doc__, "__module__": module or base.__module__}
    for unit in range(1, count + 1):
        for quantity, (getter, setter) in quantities.items():
            namespace[f"{prefix}{unit}_{quantity}"] = _make_property(getter, setter, unit)
    return type(base.__name__, (base,), namespace)
