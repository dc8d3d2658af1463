"""Scaling between a plant signal's engineering value and the raw value in its PLC tag.

A wire in a rig file names its scaling; each one knows what a broken or shorted wire reads as, so
fault injection produces what the PLC would really see:

============== ============================================ ======================= ==================
scale          raw value (sensor: plant → PLC)               open circuit             short circuit
============== ============================================ ======================= ==================
(none)         the engineering value (units converted)       not meaningful           not meaningful
``invert``     ``not value`` (normally-closed contact)        off                      on
``linear``     ``raw_lo + (v - lo) / (hi - lo) * (raw_hi - raw_lo)``, clamped      not meaningful
``s7-analog``  S7 AI/AQ 0..27648 for lo..hi, over/underrange  0                        0
               to 32511 / -4864, beyond that 32767 / -32768
``s7-4-20mA``  S7 AI in 4-20 mA: the transmitter's current   32767 (wire-break         31104 (22 mA,
               (NAMUR NE43: saturates at 3.8 / 20.5 mA) as     diagnostic value)         NE43 failure high)
               0..27648 for 4..20 mA
``mA``         the loop current in mA as a REAL (NE43         0.0 mA                   22.0 mA
               saturation 3.8 / 20.5 mA)
``s7-thermo``  S7 TC/RTD card: 0.1 °C per count (INT)        32767 (burnout           cold junction
                                                              up-scale)                (25 °C → 250)
============== ============================================ ======================= ==================

Plain BOOL wires read ``off`` on an open circuit and ``on`` on a short. For actuators (PLC → plant) the
same scalings run backwards (``s7-analog`` 0..27648 → lo..hi, ``mA`` 4..20 → lo..hi).
"""
from __future__ import annotations

import abc
from dataclasses import dataclass

from hil.errors import ConfigError

__all__ = [
    "Digital",
    "Identity",
    "Inverted",
    "Linear",
    "MilliAmps",
    "S7Analog",
    "S7Current",
    "S7Thermo",
    "Scaling",
    "SCALE_NAMES",
]

Value = bool | int | float

S7_NOMINAL = 27648      # 100 % of an S7 analog channel
S7_OVERRANGE = 32511    # +117.589 %, the last valid value
S7_UNDERRANGE = -4864   # -17.593 %, the last valid value
S7_OVERFLOW = 32767     # 7FFF: overflow, or wire break when diagnostics are on
S7_UNDERFLOW = -32768   # 8000
NE43_LOW, NE43_HIGH = 3.8, 20.5   # the transmitter's measuring band (NAMUR NE43)
FAIL_HIGH_MA = 22.0               # NE43 failure signal ≥ 21 mA


class Scaling(abc.ABC):
    """Engineering value ↔ raw tag value for one wire."""

    name = "(none)"
    numeric_raw = True

    @abc.abstractmethod
    def to_raw(self, value: Value) -> Value:
        """Sensor direction: what the PLC reads for the plant's ``value``."""

    @abc.abstractmethod
    def to_engineering(self, raw: Value) -> Value:
        """Actuator direction: what the plant receives for the PLC's ``raw``."""

    def open_circuit(self) -> Value:
        raise ConfigError(f"an open circuit has no defined reading on a wire with scaling '{self.name}'; "
                          "use a 4-20 mA, thermocouple or digital wire")

    def short_circuit(self) -> Value:
        raise ConfigError(f"a short circuit has no defined reading on a wire with scaling '{self.name}'; "
                          "use a 4-20 mA, thermocouple or digital wire")


@dataclass(frozen=True)
class Identity(Scaling):
    """No scaling; ``factor``/``offset`` convert between units of one kind (°C ↔ K, bar ↔ mbar)."""

    factor: float = 1.0
    offset: float = 0.0

    def to_raw(self, value: Value) -> Value:
        return value if self.factor == 1.0 and self.offset == 0.0 else float(value) * self.factor + self.offset

    def to_engineering(self, raw: Value) -> Value:
        return raw if self.factor == 1.0 and self.offset == 0.0 else (float(raw) - self.offset) / self.factor


@dataclass(frozen=True)
class Digital(Scaling):
    """A plain digital signal."""

    name = "digital"
    numeric_raw = False

    def to_raw(self, value: Value) -> Value:
        return bool(value)

    def to_engineering(self, raw: Value) -> Value:
        return bool(raw)

    def open_circuit(self) -> Value:
        return False

    def short_circuit(self) -> Value:
        return True


@dataclass(frozen=True)
class Inverted(Digital):
    """A normally-closed contact: the PLC reads ``on`` while the plant signal is ``off``."""

    name = "invert"

    def to_raw(self, value: Value) -> Value:
        return not value

    def to_engineering(self, raw: Value) -> Value:
        return not raw


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


@dataclass(frozen=True)
class Linear(Scaling):
    """``lo..hi`` ↔ ``raw_lo..raw_hi``, raw clamped to ``raw_min..raw_max``; integer tags get rounded values."""

    lo: float
    hi: float
    raw_lo: float
    raw_hi: float
    raw_min: float
    raw_max: float
    integer: bool = False
    name = "linear"

    def to_raw(self, value: Value) -> Value:
        raw = self.raw_lo + (float(value) - self.lo) / (self.hi - self.lo) * (self.raw_hi - self.raw_lo)
        raw = _clamp(raw, self.raw_min, self.raw_max)
        return int(round(raw)) if self.integer else raw

    def to_engineering(self, raw: Value) -> Value:
        return self.lo + (float(raw) - self.raw_lo) / (self.raw_hi - self.raw_lo) * (self.hi - self.lo)


@dataclass(frozen=True)
class S7Analog(Scaling):
    """An S7 analog channel (voltage or 0-20 mA): 0..27648 for ``lo..hi``."""

    lo: float
    hi: float
    name = "s7-analog"

    def to_raw(self, value: Value) -> Value:
        raw = round((float(value) - self.lo) / (self.hi - self.lo) * S7_NOMINAL)
        if raw > S7_OVERRANGE:
            return S7_OVERFLOW
        if raw < S7_UNDERRANGE:
            return S7_UNDERFLOW
        return int(raw)

    def to_engineering(self, raw: Value) -> Value:
        return self.lo + _clamp(float(raw), S7_UNDERRANGE, S7_OVERRANGE) / S7_NOMINAL * (self.hi - self.lo)

    def open_circuit(self) -> Value:
        return 0

    def short_circuit(self) -> Value:
        return 0


def _transmitter_ma(value: float, lo: float, hi: float) -> float:
    return _clamp(4.0 + 16.0 * (value - lo) / (hi - lo), NE43_LOW, NE43_HIGH)


@dataclass(frozen=True)
class S7Current(Scaling):
    """A 4-20 mA transmitter on an S7 analog input in 4-20 mA mode (with wire-break diagnostics)."""

    lo: float
    hi: float
    name = "s7-4-20mA"

    @staticmethod
    def raw_for_ma(ma: float) -> int:
        raw = round((ma - 4.0) / 16.0 * S7_NOMINAL)
        return S7_OVERFLOW if raw > S7_OVERRANGE or raw < S7_UNDERRANGE else int(raw)

    def to_raw(self, value: Value) -> Value:
        return self.raw_for_ma(_transmitter_ma(float(value), self.lo, self.hi))

    def to_engineering(self, raw: Value) -> Value:
        return self.lo + (_clamp(float(raw), S7_UNDERRANGE, S7_OVERRANGE) / S7_NOMINAL) * (self.hi - self.lo)

    def open_circuit(self) -> Value:
        return S7_OVERFLOW

    def short_circuit(self) -> Value:
        return self.raw_for_ma(FAIL_HIGH_MA)


@dataclass(frozen=True)
class MilliAmps(Scaling):
    """The loop current itself, in mA, in a REAL tag."""

    lo: float
    hi: float
    name = "mA"

    def to_raw(self, value: Value) -> Value:
        return _transmitter_ma(float(value), self.lo, self.hi)

    def to_engineering(self, raw: Value) -> Value:
        return self.lo + (float(raw) - 4.0) / 16.0 * (self.hi - self.lo)

    def open_circuit(self) -> Value:
        return 0.0

    def short_circuit(self) -> Value:
        return FAIL_HIGH_MA


@dataclass(frozen=True)
class S7Thermo(Scaling):
    """An S7 thermocouple/RTD input: temperature in 0.1 °C per count."""

    cold_junction_c: float = 25.0
    name = "s7-thermo"

    def to_raw(self, value: Value) -> Value:
        raw = round(float(value) * 10.0)
        return S7_OVERFLOW if raw > S7_OVERFLOW - 1 else S7_UNDERFLOW if raw < S7_UNDERFLOW + 1 else int(raw)

    def to_engineering(self, raw: Value) -> Value:
        return float(raw) / 10.0

    def open_circuit(self) -> Value:
        return S7_OVERFLOW

    def short_circuit(self) -> Value:
        return int(round(self.cold_junction_c * 10.0))


SCALE_NAMES = ("invert", "linear", "s7-analog", "s7-4-20mA", "mA", "s7-thermo")
