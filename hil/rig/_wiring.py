"""Building a wire's scaling from its rig-file options, with checks against the signal and the tag."""
from __future__ import annotations

from typing import Any

from hil.errors import ConfigError, SourceLocation, UnitError, close_matches
from hil.rig._scaling import (
    SCALE_NAMES,
    Digital,
    Identity,
    Inverted,
    Linear,
    MilliAmps,
    S7Analog,
    S7Current,
    S7Thermo,
    Scaling,
)
from hil.tags import DataType, Tag
from hil.units import Quantity, parse_quantity, unit
from plant_models import Signal

__all__ = ["build_scaling"]

_INTEGER_RAW = (DataType.INT, DataType.WORD, DataType.DINT)


def build_scaling(options: dict[str, Any], signal: Signal, tag: Tag, where: SourceLocation) -> Scaling:
    """The scaling a wire's options ask for (``scale``, ``range``, ``raw``, ``invert``), checked."""
    name = f"'{tag.name}' ↔ '{signal.name}'"
    is_bool = signal.type is bool
    scale = options.get("scale")
    if options.get("invert"):
        if scale is not None or not is_bool or tag.data_type is not DataType.BOOL:
            raise ConfigError(f"{name}: 'invert' is for BOOL signals wired to BOOL tags, without 'scale'", where=where)
        return Inverted()
    if is_bool != (tag.data_type is DataType.BOOL):
        raise ConfigError(f"{name}: signal '{signal.name}' is {signal.type.__name__} but '{tag.name}' is "
                          f"{tag.data_type.name}", where=where)
    if scale is None:
        return Digital() if is_bool else _identity(signal, tag, where)
    if scale not in SCALE_NAMES:
        raise ConfigError(f"{name}: unknown scale '{scale}'", where=where, suggestions=close_matches(str(scale), SCALE_NAMES))
    if is_bool:
        raise ConfigError(f"{name}: a BOOL signal takes no scale (use invert = true for a normally-closed contact)",
                          where=where)
    if scale == "s7-thermo":
        if signal.unit is None or unit(signal.unit).dimension != "temperature":
            raise ConfigError(f"{name}: s7-thermo needs a temperature signal, not one in {signal.unit}", where=where)
        _require_type(tag, _INTEGER_RAW, scale, where)
        return S7Thermo()
    lo, hi = _range(options, signal, where)
    if scale == "linear":
        raw = options.get("raw")
        if not (isinstance(raw, list) and len(raw) == 2 and all(isinstance(v, (int, float)) for v in raw)):
            raise ConfigError(f"{name}: linear scaling needs raw = [raw_lo, raw_hi]", where=where)
        raw_lo, raw_hi = float(raw[0]), float(raw[1])
        integer = tag.data_type.is_integer
        raw_min, raw_max = tag.data_type.integer_range() if integer else (min(raw_lo, raw_hi), max(raw_lo, raw_hi))
        return Linear(lo, hi, raw_lo, raw_hi, float(raw_min), float(raw_max), integer)
    if scale == "mA":
        _require_type(tag, (DataType.REAL, DataType.LREAL), scale, where)
        return MilliAmps(lo, hi)
    _require_type(tag, _INTEGER_RAW, scale, where)
    return S7Analog(lo, hi) if scale == "s7-analog" else S7Current(lo, hi)


def _require_type(tag: Tag, allowed: tuple[DataType, ...], scale: str, where: SourceLocation) -> None:
    if tag.data_type not in allowed:
        kinds = "/".join(t.name for t in allowed)
        raise ConfigError(f"scale '{scale}' needs a {kinds} tag, but '{tag.name}' is {tag.data_type.name}", where=where)


def _range(options: dict[str, Any], signal: Signal, where: SourceLocation) -> tuple[float, float]:
    values = options.get("range")
    if not (isinstance(values, list) and len(values) == 2):
        raise ConfigError(f"scale '{options['scale']}' needs range = [low, high] in engineering units", where=where)
    lo, hi = (_engineering(v, signal, where) for v in values)
    if lo == hi:
        raise ConfigError(f"range [{values[0]}, {values[1]}] is empty", where=where)
    return lo, hi


def _engineering(value: Any, signal: Signal, where: SourceLocation) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str):
        raise ConfigError(f"range values are numbers or quantities like '400 °C', not {value!r}", where=where)
    if signal.unit is None:
        raise UnitError(f"signal '{signal.name}' has no unit; give its range as bare numbers", where=where)
    return parse_quantity(value, where=where).to(signal.unit, where=where)


def _identity(signal: Signal, tag: Tag, where: SourceLocation) -> Identity:
    """Engineering value straight into the tag, converting units of one kind (°C signal, K tag)."""
    if not (signal.unit and tag.unit and signal.unit != tag.unit):
        return Identity()
    try:
        source, target = unit(signal.unit), unit(tag.unit)
        zero = Quantity(0.0, source).to(target)
        one = Quantity(1.0, source).to(target)
    except UnitError as exc:
        raise UnitError(f"'{signal.name}' is in {signal.unit} but '{tag.name}' is in {tag.unit}: {exc.message}",
                        where=where) from None
    return Identity(factor=one - zero, offset=zero)
