"""What a plant model declares about itself: its signals and parameters, with units, ranges and I/O kinds.

The rig loader and the step library read these to map signals to PLC tags and to scale them; the
models themselves stay plain typed state.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["IO_KINDS", "ModelSpec", "Parameter", "Signal"]

#: The electrical kind of a signal, as wired to the PLC.
#:
#: ``DI``/``DO`` discrete in/out (24 V), ``AI_4_20`` a 4–20 mA transmitter (NAMUR NE43 bands apply),
#: ``AO`` an analogue output (4–20 mA or 0–10 V), ``TC`` a thermocouple (type K/N), ``RTD`` a Pt100,
#: ``FIELDBUS`` a value exchanged over a network (cycler channel data, drive speed, AGV handshake).
IO_KINDS = ("DI", "DO", "AI_4_20", "AO", "TC", "RTD", "FIELDBUS")

# Which I/O kinds carry each direction: a plant output is a PLC input and vice versa.
_IO_BY_KIND = {"input": ("DO", "AO", "FIELDBUS"), "output": ("DI", "AI_4_20", "TC", "RTD", "FIELDBUS")}


@dataclass(frozen=True)
class Signal:
    """A plant signal.

    ``kind`` is ``"input"`` for what the plant receives from the PLC (an actuator command) and
    ``"output"`` for what it sends to the PLC (a sensor). ``settable`` outputs are state a test may set
    directly (``zone2.temperature is set to 185 °C``); derived ones (a limit contact) are not.

    ``range`` is the calibrated range ``(low, high)`` in ``unit`` (the transmitter's LRV/URV for an
    ``AI_4_20`` signal), ``None`` for discrete signals. ``io`` is one of :data:`IO_KINDS`, or ``None`` for
    a model quantity no PLC sees (a test oracle such as the true purge volume count).
    """

    name: str
    kind: str
    type: type
    unit: str | None = None
    settable: bool = False
    doc: str = ""
    range: tuple[float, float] | None = None
    io: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in _IO_BY_KIND:
            raise ValueError(f"signal '{self.name}': kind must be 'input' or 'output', not {self.kind!r}")
        if self.io is not None:
            if self.io not in IO_KINDS:
                raise ValueError(f"signal '{self.name}': io must be one of {', '.join(IO_KINDS)}, not {self.io!r}")
            if self.io not in _IO_BY_KIND[self.kind]:
                raise ValueError(f"signal '{self.name}': an {self.kind} cannot be wired as {self.io}")
        if self.range is not None and not self.range[0] < self.range[1]:
            raise ValueError(f"signal '{self.name}': range {self.range} must be (low, high) with low < high")


@dataclass(frozen=True)
class Parameter:
    """A constructor parameter, given in the rig file as a quantity in ``unit`` (or a bare number)."""

    name: str
    unit: str | None
    default: float
    doc: str = ""


@dataclass(frozen=True)
class ModelSpec:
    """A model's name, documentation, signals, parameters and the device faults it can inject."""

    name: str
    doc: str
    signals: tuple[Signal, ...]
    parameters: tuple[Parameter, ...] = field(default=())
    faults: tuple[str, ...] = field(default=())

    def signal(self, name: str) -> Signal | None:
        return next((s for s in self.signals if s.name == name), None)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    @property
    def inputs(self) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if s.kind == "input")

    @property
    def outputs(self) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if s.kind == "output")
