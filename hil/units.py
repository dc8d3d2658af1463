"""Durations and physical quantities parsed from the text engineers write.

Time is an integer count of nanoseconds everywhere inside the framework: durations parse exactly
(``"1.5 s"`` is 1_500_000_000 ns, computed with fractions, never floats) and text that could mean
several things is refused (a bare ``"2"`` has no unit; ``"0.5 ns"`` is not a whole nanosecond).

Quantities carry a unit and a dimension, so a step that gives ``"80 °C"`` for a pressure fails with a
clear message instead of writing 80 bar to the PLC.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from hil.errors import SourceLocation, UnitError, close_matches

__all__ = [
    "MS",
    "NS_PER_S",
    "S",
    "US",
    "Quantity",
    "Unit",
    "format_duration",
    "parse_duration",
    "parse_quantity",
    "unit",
]

NS_PER_S = 1_000_000_000
US = 1_000
MS = 1_000_000
S = NS_PER_S

_DURATION_UNITS: dict[str, int] = {
    "ns": 1,
    "us": US,
    "µs": US,
    "μs": US,
    "ms": MS,
    "s": S,
    "sec": S,
    "second": S,
    "seconds": S,
    "min": 60 * S,
    "minute": 60 * S,
    "minutes": 60 * S,
    "h": 3600 * S,
    "hour": 3600 * S,
    "hours": 3600 * S,
}

_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_DURATION_PART = re.compile(rf"\s*({_NUMBER})\s*([^\s0-9.]+)\s*")


def parse_duration(text: str, *, where: SourceLocation | str | None = None) -> int:
    """Parse a duration such as ``"250 ms"``, ``"2 s"``, ``"1 min"`` or ``"1 min 30 s"`` into nanoseconds.

    Raises:
        UnitError: the text is empty, negative, lacks a unit, uses an unknown unit, or is not a whole
            number of nanoseconds.
    """
    stripped = text.strip()
    if not stripped:
        raise UnitError("empty duration; write a number with a unit, e.g. '250 ms'", where=where)
    if stripped.startswith("-"):
        raise UnitError(f"negative duration '{text}'", where=where)
    if re.fullmatch(_NUMBER, stripped):
        raise UnitError(
            f"duration '{text}' has no unit; write e.g. '{stripped} s' or '{stripped} ms'", where=where
        )
    total = Fraction(0)
    position = 0
    while position < len(stripped):
        match = _DURATION_PART.match(stripped, position)
        if match is None:
            raise UnitError(f"cannot read duration '{text}'; write e.g. '250 ms', '2 s' or '1 min 30 s'", where=where)
        number, unit_text = match.groups()
        scale = _DURATION_UNITS.get(unit_text)
        if scale is None:
            raise UnitError(
                f"unknown time unit '{unit_text}' in '{text}'",
                where=where,
                suggestions=close_matches(unit_text, _DURATION_UNITS),
            )
        total += Fraction(number) * scale
        position = match.end()
    if total.denominator != 1:
        raise UnitError(f"duration '{text}' is not a whole number of nanoseconds", where=where)
    return int(total)


def format_duration(ns: int) -> str:
    """Format nanoseconds exactly in the largest fitting unit: ``1.5 s``, ``250 ms``, ``20 µs``."""
    if ns < 0:
        return "-" + format_duration(-ns)
    for symbol, scale in (("s", S), ("ms", MS), ("µs", US)):
        if ns >= scale:
            whole, rest = divmod(ns, scale)
            digits = str(rest).rjust(len(str(scale)) - 1, "0").rstrip("0")
            return f"{whole}.{digits} {symbol}" if digits else f"{whole} {symbol}"
    return f"{ns} ns"


@dataclass(frozen=True)
class Unit:
    """A unit of measure: ``value_in_base = value * scale + offset`` for its dimension's base unit."""

    symbol: str
    dimension: str
    scale: float = 1.0
    offset: float = 0.0


_UNITS: dict[str, Unit] = {}


def _define(dimension: str, *units: tuple[str, float, float]) -> None:
    for symbol, scale, offset in units:
        _UNITS[symbol] = Unit(symbol, dimension, scale, offset)


_define("temperature", ("°C", 1.0, 0.0), ("degC", 1.0, 0.0), ("K", 1.0, -273.15), ("°F", 5 / 9, -160 / 9))
_define("pressure", ("bar", 1.0, 0.0), ("mbar", 1e-3, 0.0), ("Pa", 1e-5, 0.0), ("hPa", 1e-3, 0.0), ("kPa", 1e-2, 0.0), ("MPa", 10.0, 0.0))
_define("fraction", ("%", 1.0, 0.0))
_define("flammability", ("%LFL", 1.0, 0.0), ("%LEL", 1.0, 0.0))
_define("current", ("mA", 1.0, 0.0), ("A", 1000.0, 0.0))
_define("voltage", ("V", 1.0, 0.0), ("mV", 1e-3, 0.0))
_define("speed", ("m/min", 1.0, 0.0), ("m/s", 60.0, 0.0), ("mm/s", 0.06, 0.0))
_define("power", ("kW", 1.0, 0.0), ("W", 1e-3, 0.0))
_define("force", ("kN", 1.0, 0.0), ("N", 1e-3, 0.0))
_define("length", ("mm", 1.0, 0.0), ("µm", 1e-3, 0.0), ("m", 1000.0, 0.0))
_define("time", ("s", 1.0, 0.0), ("ms", 1e-3, 0.0), ("min", 60.0, 0.0), ("h", 3600.0, 0.0))
_define("volume", ("m³", 1.0, 0.0), ("L", 1e-3, 0.0), ("mL", 1e-6, 0.0))
_define("volume flow", ("m³/s", 1.0, 0.0), ("m³/h", 1 / 3600, 0.0), ("L/s", 1e-3, 0.0), ("L/min", 1e-3 / 60, 0.0),
        ("mL/s", 1e-6, 0.0))
_define("mass", ("kg", 1.0, 0.0), ("g", 1e-3, 0.0), ("mg", 1e-6, 0.0), ("t", 1000.0, 0.0))
_define("mass flow", ("kg/s", 1.0, 0.0), ("g/s", 1e-3, 0.0), ("kg/h", 1 / 3600, 0.0), ("g/h", 1e-3 / 3600, 0.0))
_define("concentration", ("ppm", 1.0, 0.0), ("ppb", 1e-3, 0.0))
_define("rotational speed", ("rpm", 1.0, 0.0), ("1/min", 1.0, 0.0), ("1/s", 60.0, 0.0))
_define("angle", ("°", 1.0, 0.0), ("rad", 57.29577951308232, 0.0))
_define("area", ("m²", 1.0, 0.0), ("cm²", 1e-4, 0.0), ("mm²", 1e-6, 0.0))
_define("resistance", ("Ω", 1.0, 0.0), ("mΩ", 1e-3, 0.0))
_define("charge", ("Ah", 1.0, 0.0), ("mAh", 1e-3, 0.0))
_define("acceleration", ("m/s²", 1.0, 0.0))
_define("ratio", ("1", 1.0, 0.0))
# Compound units the plant models use for parameters, each its own kind: a quantity must name it exactly.
for _symbol in ("J/(kg·K)", "J/mol", "K/s", "N/m", "Pa·m³/s", "Pa·s", "W/K", "g/kg", "g/mL", "g/m³", "kN/mm",
                "kg/m", "m/min/s", "rpm/s", "°/s²", "m³/s/bar", "mg/g"):
    _define(_symbol, (_symbol, 1.0, 0.0))


def unit(symbol: str) -> Unit:
    """Look up a unit by its symbol (``"°C"``, ``"bar"``, ``"mA"`` ...)."""
    try:
        return _UNITS[symbol]
    except KeyError:
        raise UnitError(f"unknown unit '{symbol}'", suggestions=close_matches(symbol, _UNITS)) from None


@dataclass(frozen=True)
class Quantity:
    """A value with its unit, e.g. ``Quantity(185.0, unit("°C"))``."""

    value: float
    unit: Unit

    def to(self, target: Unit | str, *, where: SourceLocation | str | None = None) -> float:
        """Return the value expressed in ``target``; refuses a unit of another dimension."""
        target_unit = unit(target) if isinstance(target, str) else target
        if target_unit.dimension != self.unit.dimension:
            raise UnitError(
                f"{self} is a {self.unit.dimension}, but {target_unit.symbol} ({target_unit.dimension}) is needed",
                where=where,
            )
        base = self.value * self.unit.scale + self.unit.offset
        return (base - target_unit.offset) / target_unit.scale

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit.symbol}"


_SIGNED_NUMBER = rf"[-+]?{_NUMBER}(?:[eE][-+]?[0-9]+)?"
_QUANTITY = re.compile(rf"\s*({_SIGNED_NUMBER})\s*((?:1/)?[^\s0-9.+-]\S*)\s*")  # units like 1/min start with 1/


def parse_quantity(text: str, *, where: SourceLocation | str | None = None) -> Quantity:
    """Parse ``"185 °C"``, ``"-0.5 bar"``, ``"12 mA"`` into a :class:`Quantity`."""
    if re.fullmatch(rf"\s*{_SIGNED_NUMBER}\s*", text):
        raise UnitError(f"quantity '{text.strip()}' has no unit; write e.g. '{text.strip()} °C'", where=where)
    match = _QUANTITY.fullmatch(text)
    if match is None:
        raise UnitError(f"cannot read quantity '{text}'; write a number and a unit, e.g. '185 °C'", where=where)
    number, symbol = match.groups()
    if symbol not in _UNITS:
        raise UnitError(f"unknown unit '{symbol}' in '{text}'", where=where, suggestions=close_matches(symbol, _UNITS))
    return Quantity(float(number), _UNITS[symbol])
