"""Fault injection on the wires between plant and PLC, and on the PLC connection itself.

Signal faults act where a real fault would: on the engineering value (a stuck, frozen, drifting, noisy
or delayed measurement or command) or on the electrics (an open or short circuit, which reads as the
wire's scaling says: 32767 on an S7 4-20 mA input with a broken wire, 22 mA on a shorted loop).

Communication faults act on a PLC's exchange: added latency, dropped exchanges, a lost connection,
the CPU put in STOP.

Every fault has a name, a start time and an optional end; while active it shows in the trace as the
column ``fault:<name>``. Noise is seeded, so a run with faults is as repeatable as one without.
"""
from __future__ import annotations

import abc
import random
from collections import deque
from dataclasses import dataclass, field

from hil.errors import ConfigError
from hil.rig import Wire

__all__ = [
    "CommFault",
    "Delay",
    "DeviceFault",
    "Drift",
    "DropExchanges",
    "Fault",
    "Forced",
    "Frozen",
    "Latency",
    "Noise",
    "OpenCircuit",
    "PlcStop",
    "ShortCircuit",
    "SignalFault",
    "StuckAt",
    "ConnectionLoss",
]

Value = bool | int | float


@dataclass
class Fault(abc.ABC):
    """A fault active from ``start_ns`` until ``end_ns`` (``None``: until cleared)."""

    name: str
    start_ns: int = 0
    end_ns: int | None = None

    def active(self, t_ns: int) -> bool:
        return self.start_ns <= t_ns and (self.end_ns is None or t_ns < self.end_ns)


@dataclass
class SignalFault(Fault):
    """A fault on one wire, named by its plant signal (``zone2.temperature``)."""

    signal: str = ""

    def begin(self, delivered: Value | None) -> None:
        """Called when injected, with the value the wire carried last (None: nothing yet)."""

    def engineering(self, value: Value, t_ns: int) -> Value:
        """Change the engineering value (default: leave it)."""
        return value

    def electrical(self, wire: Wire) -> Value | None:
        """The raw value the PLC reads instead, for an electrical fault (default: none)."""
        return None


@dataclass
class StuckAt(SignalFault):
    value: Value = 0.0

    def engineering(self, value: Value, t_ns: int) -> Value:
        return self.value


@dataclass
class Frozen(SignalFault):
    """Holds the value the signal had when the fault became active (a frozen analyser)."""

    _held: Value | None = field(default=None, repr=False)

    def begin(self, delivered: Value | None) -> None:
        self._held = delivered  # what the PLC (or plant) last received; None: the first value seen

    def engineering(self, value: Value, t_ns: int) -> Value:
        if self._held is None:
            self._held = value
        return self._held


@dataclass
class Drift(SignalFault):
    """Adds ``rate_per_s * (t - start)``: a sensor drifting out of calibration."""

    rate_per_s: float = 0.0

    def engineering(self, value: Value, t_ns: int) -> Value:
        return float(value) + self.rate_per_s * (t_ns - self.start_ns) * 1e-9


@dataclass
class Noise(SignalFault):
    """Adds Gaussian noise of standard deviation ``sigma``, from a generator seeded with ``seed``."""

    sigma: float = 0.0
    seed: int = 0
    _rng: random.Random | None = field(default=None, repr=False)

    def engineering(self, value: Value, t_ns: int) -> Value:
        if self._rng is None:
            self._rng = random.Random(self.seed)
        return float(value) + self._rng.gauss(0.0, self.sigma)


@dataclass
class Delay(SignalFault):
    """Delivers the value the signal had ``delay_ns`` earlier (a slow sample line, a sluggish sensor)."""

    delay_ns: int = 0
    _history: deque[tuple[int, Value]] = field(default_factory=deque, repr=False)

    def begin(self, delivered: Value | None) -> None:
        if delivered is not None:  # until the delay has passed, the wire carries what it carried before
            self._history.append((self.start_ns, delivered))

    def engineering(self, value: Value, t_ns: int) -> Value:
        self._history.append((t_ns, value))
        while len(self._history) > 1 and self._history[1][0] <= t_ns - self.delay_ns:
            self._history.popleft()
        return self._history[0][1]


@dataclass
class OpenCircuit(SignalFault):
    """A broken wire: the PLC reads what its input card shows for an open loop."""

    def electrical(self, wire: Wire) -> Value | None:
        return wire.scaling.open_circuit()


@dataclass
class ShortCircuit(SignalFault):
    """A shorted wire or a transmitter failing high."""

    def electrical(self, wire: Wire) -> Value | None:
        return wire.scaling.short_circuit()


@dataclass
class Forced(SignalFault):
    """A force: the wire carries ``raw`` (the tag's value as the PLC sees it), whatever the plant does."""

    raw: Value = 0

    def electrical(self, wire: Wire) -> Value | None:
        return self.raw


@dataclass
class DeviceFault(Fault):
    """A fault of the equipment itself, as the plant model implements it (a broken fan belt, a welded
    contactor, an internal short): ``plant`` names the model instance, ``fault`` the model's fault name,
    ``value`` its magnitude where it has one and ``index`` the unit (cell, channel) where there are many."""

    plant: str = ""
    fault: str = ""
    value: float | None = None
    index: int | None = None


@dataclass
class CommFault(Fault):
    """A fault on one PLC's connection."""

    plc: str = ""


@dataclass
class Latency(CommFault):
    """The PLC's values arrive ``latency_ns`` late (reads return what the PLC had that long ago)."""

    latency_ns: int = 0


@dataclass
class DropExchanges(CommFault):
    """Every ``every``-th exchange with the PLC is lost: no read (the last values stand), no write."""

    every: int = 2

    def __post_init__(self) -> None:
        if self.every < 1:
            raise ConfigError(f"fault '{self.name}': every must be at least 1, not {self.every}")

    def drops(self, cycle: int) -> bool:
        return cycle % self.every == 0


@dataclass
class ConnectionLoss(CommFault):
    """The connection to the PLC is lost; the scenario fails at the next exchange, naming the PLC."""


@dataclass
class PlcStop(CommFault):
    """The CPU goes to STOP: no scans, outputs to their substitute value 0, until the fault ends."""
