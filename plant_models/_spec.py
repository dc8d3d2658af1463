"""What a plant model declares about itself: its signals and parameters, with units.

The rig loader and the step library read these to map signals to PLC tags and to check units;
the models themselves stay plain typed state.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ModelSpec", "Parameter", "Signal"]


@dataclass(frozen=True)
class Signal:
    """A plant signal.

    ``kind`` is ``"input"`` for what the plant receives from the PLC (an actuator command) and
    ``"output"`` for what it sends to the PLC (a sensor). ``settable`` outputs are state a test may set
    directly (``zone2.temperature is set to 185 °C``); derived ones (a limit contact) are not.
    """

    name: str
    kind: str
    type: type
    unit: str | None = None
    settable: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Parameter:
    """A constructor parameter, given in the rig file as a quantity in ``unit`` (or a bare number)."""

    name: str
    unit: str | None
    default: float
    doc: str = ""


@dataclass(frozen=True)
class ModelSpec:
    name: str
    doc: str
    signals: tuple[Signal, ...]
    parameters: tuple[Parameter, ...] = field(default=())

    def signal(self, name: str) -> Signal | None:
        return next((s for s in self.signals if s.name == name), None)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)
