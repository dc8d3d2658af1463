"""Values as written in steps: ``on``/``off``, numbers, quantities with units, tolerances.

A value is parsed against what it is for (a PLC tag or a plant signal), so a unit of the wrong kind,
a number for a BOOL or ``on`` for a REAL fail with a message that names the tag.
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from hil.errors import InputError, SourceLocation, UnitError
from hil.rig import SignalRef, TagRef
from hil.tags import DataType
from hil.units import Quantity, parse_quantity

__all__ = ["Expectation", "format_value", "parse_expectation", "parse_value"]

Value = bool | int | float
Where = SourceLocation | str | None

_TRUE = {"on", "true", "1", "high"}
_FALSE = {"off", "false", "0", "low"}
_TOLERANCE = re.compile(r"\s*(?:±|\+/-|\+-)\s*")
_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def _describe(ref: TagRef | SignalRef) -> tuple[str, bool, bool, str | None]:
    """(name, is_bool, is_integer, unit) of what a value is for."""
    if isinstance(ref, TagRef):
        tag = ref.tag
        return tag.name, tag.data_type is DataType.BOOL, tag.data_type.is_integer, tag.unit
    signal = ref.signal
    return f"{ref.plant}.{signal.name}", signal.type is bool, signal.type is int, signal.unit


def _number(text: str, name: str, unit: str | None, where: Where) -> float:
    text = text.strip()
    if _NUMBER.fullmatch(text):
        return float(text)
    if unit is None:
        if _NUMBER.match(text):
            raise UnitError(f"'{name}' has no unit in its tag table or model; write a bare number, not '{text}'", where=where)
        raise InputError(f"'{name}' takes a number, not '{text}'", where=where)
    return parse_quantity(text, where=where).to(unit, where=where)


def parse_value(text: str, ref: TagRef | SignalRef, *, where: Where = None) -> Value:
    """Parse a value to write to ``ref``: ``on``/``off`` for BOOLs, a number or quantity otherwise."""
    name, is_bool, is_integer, unit = _describe(ref)
    word = text.strip().lower()
    if is_bool:
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise InputError(f"'{name}' is a BOOL and takes on/off (true/false), not '{text.strip()}'", where=where)
    if word in _TRUE | _FALSE and not _NUMBER.fullmatch(word):
        raise InputError(f"'{name}' is a number, not a BOOL; '{text.strip()}' does not fit", where=where)
    value = _number(text, name, unit, where)
    if is_integer:
        # A unit conversion leaves float noise ('1.013 bar' is 1012.9999999999999 mbar): judge the rounded value.
        if abs(value - round(value)) <= 1e-9 * max(1.0, abs(value)):
            value = float(round(value))
        if not value.is_integer():
            raise InputError(f"'{name}' takes a whole number, not '{text.strip()}'", where=where)
        return int(value)
    return value


@dataclass(frozen=True)
class Expectation:
    """What a step expects of a value, and how to say it in a message.

    ``kind`` is ``equal`` (with an optional tolerance), ``not``, ``between`` (inclusive), ``above``,
    ``below``, ``at least`` or ``at most``.
    """

    kind: str
    value: Value
    text: str
    is_real: bool = False
    tolerance: float = 0.0
    high: float = 0.0

    def matches(self, observed: Value | None) -> bool:
        if observed is None:
            return False
        if self.kind == "equal":
            return self._equal(observed)
        if self.kind == "not":
            return not self._equal(observed)
        number = float(observed)
        low = float(self.value)
        return {
            "between": low <= number <= self.high,
            "above": number > low,
            "below": number < low,
            "at least": number >= low,
            "at most": number <= low,
        }[self.kind]

    def _equal(self, observed: Value) -> bool:
        if isinstance(self.value, bool):
            return bool(observed) is self.value
        if self.tolerance:
            return abs(float(observed) - float(self.value)) <= self.tolerance
        if self.is_real:  # a REAL tag holds float32: compare with the expected value as the PLC would store it
            return float(observed) == struct.unpack(">f", struct.pack(">f", float(self.value)))[0]
        return observed == self.value


_COMPARISONS = (
    (re.compile(r"between\s+(.+?)\s+and\s+(.+)", re.IGNORECASE), "between"),
    (re.compile(r"(?:above|greater than|more than|>)\s*(.+)", re.IGNORECASE), "above"),
    (re.compile(r"(?:below|less than|<)\s*(.+)", re.IGNORECASE), "below"),
    (re.compile(r"(?:at least|>=)\s*(.+)", re.IGNORECASE), "at least"),
    (re.compile(r"(?:at most|<=)\s*(.+)", re.IGNORECASE), "at most"),
    (re.compile(r"not\s+(.+)", re.IGNORECASE), "not"),
)


def parse_expectation(text: str, ref: TagRef | SignalRef, *, where: Where = None) -> Expectation:
    """Parse what a step expects of ``ref``: ``on``, ``140 °C``, ``140 °C ± 2 °C`` (also ``+/-``),
    ``between 130 °C and 150 °C``, ``above 25 %LFL``, ``below 3 bar``, ``at least 2``, ``at most 5``,
    ``not on``."""
    stripped = text.strip()
    is_real = isinstance(ref, TagRef) and ref.tag.data_type is DataType.REAL
    for pattern, kind in _COMPARISONS:
        match = pattern.fullmatch(stripped)
        if match is None:
            continue
        if kind == "not":
            inner = parse_expectation(match[1], ref, where=where)
            return Expectation("not", inner.value, stripped, is_real, inner.tolerance)
        name, is_bool, _, _ = _describe(ref)
        if is_bool:
            raise InputError(f"'{name}' is on/off; '{stripped}' compares numbers", where=where)
        low = parse_value(match[1], ref, where=where)
        high = parse_value(match[2], ref, where=where) if kind == "between" else 0.0
        if kind == "between" and float(high) < float(low):
            raise InputError(f"'{stripped}': the lower bound comes first", where=where)
        return Expectation(kind, low, stripped, is_real, high=float(high))
    value_text, *tolerance_text = _TOLERANCE.split(stripped, maxsplit=1)
    value = parse_value(value_text, ref, where=where)
    tolerance = 0.0
    if tolerance_text:
        if isinstance(value, bool):
            raise InputError(f"a tolerance makes no sense for on/off ('{stripped}')", where=where)
        tolerance = _tolerance(tolerance_text[0], ref, where)
    return Expectation("equal", value, stripped, is_real, tolerance)


def _tolerance(text: str, ref: TagRef | SignalRef, where: Where) -> float:
    """A tolerance is a difference: '2 K' on a °C tag is 2, not 2 - 273.15."""
    name, _, _, unit = _describe(ref)
    if _NUMBER.fullmatch(text.strip()) or unit is None:
        return abs(_number(text, name, unit, where))
    quantity = parse_quantity(text, where=where)
    zero = Quantity(0.0, quantity.unit)
    return abs(quantity.to(unit, where=where) - zero.to(unit, where=where))


def format_value(value: Value | None) -> str:
    if value is None:
        return "not observed"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
