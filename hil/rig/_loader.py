"""Loading and validating rig files (TOML). Every error names the rig file and line.

A rig file::

    [rig]
    name = "Coater oven, zone 2"

    [plc.oven]                                   # a built-in soft PLC running a control program
    vendor = "s7"
    tags = "oven_zone.tags.csv"                  # paths are relative to the rig file
    program = "oven_zone.scl"                    # or "file.py:ClassName"
    scan_cycle = "10 ms"                         # OB1; cyclic = { OB30 = "100 ms" } for cyclic interrupt OBs
    # a real PLC instead: host = "192.168.0.10", rack = 0, slot = 1

    [plc.filler]                                 # a Logix PLC: tags, data types and ST routines from its export
    vendor = "logix"
    l5x = "electrolyte_filling.L5X"

    [plant.zone2]
    model = "oven_zone"
    parameters = { tau_s = "120 s", ambient_c = "25 °C" }

    [wires]                                      # plant signal = PLC tag ("plc:tag" with several PLCs)
    "zone2.temperature" = "Oven.Zone2.TempPV"
    "zone2.heater_on" = "Oven.Zone2.HeaterContactor"
    "zone2.limit_ok" = { tag = "Oven.Zone2.LimitTrip", invert = true }
    "zone2.power" = { tag = "Oven.Zone2.PowerAO", scale = "s7-analog", range = ["0 %", "100 %"] }

Scalings are described in :mod:`hil.rig._scaling`.
"""
from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import plant_models
from hil._textfiles import line_of_key, read_toml
from hil.errors import ConfigError, SourceLocation, UnitError, UnknownNameError, close_matches
from hil.rig._iotiming import load_io_timing, wired_kind
from hil.rig._model import L5xProgramRef, PlantSpec, PlcSpec, ProgramRef, Rig, SignalRef, TagRef, Wire
from hil.rig._scantiming import DEFAULT_SCAN_CYCLE_NS, ScanTiming, load_scan_timing
from hil.rig._stsources import is_st_program, load_st_program
from hil.rig._wiring import build_scaling
from hil.tags import DataType, Direction, Tag, load_l5x, load_tag_table, logix_tag_table
from hil.units import parse_duration, parse_quantity
from plant_models import Signal
from plant_models.errors import UnknownSignalError

__all__ = ["load_rig"]

_TOP_LEVEL = ("rig", "plc", "plant", "wires")
_RIG_KEYS = ("name", "exchange_period")
_PLC_KEYS = ("vendor", "tags", "l5x", "program", "host", "port", "rack", "slot", "control_db", "scan_cycle", "cyclic",
             "db_numbers", "test_rig", "writable", "safe_state", "io_timing")
# Keys of earlier releases: refused with the new name (issue 14: one word, one meaning).
_RENAMED_RIG_KEYS = {"cycle": "exchange_period"}
_RENAMED_PLC_KEYS = {"cycle": "scan_cycle"}
_VENDORS = ("s7", "logix")
_WIRE_KEYS = ("tag", "scale", "range", "raw", "invert")

class _Locator:
    """Finds the line of a key in the rig file's text, for error messages."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def __call__(self, *keys: str) -> SourceLocation:
        line = 0
        for key in keys:  # walk down nested keys so the innermost is found inside its table
            found = line_of_key(self.text, key, after_line=max(line - 1, 0))
            if found is None:
                break
            line = found
        return SourceLocation(str(self.path), line or None)

def load_rig(path: str | Path) -> Rig:
    """Load a rig file, its tag tables and plant models, and validate every wire."""
    rig_path = Path(path).resolve()
    document, text = read_toml(rig_path, "rig file")
    at = _Locator(rig_path, text)
    for key in document:
        if key not in _TOP_LEVEL:
            raise ConfigError(f"unknown table [{key}]", where=at(key), suggestions=close_matches(key, _TOP_LEVEL))
    header = _table(document.get("rig", {}), "[rig]", at("rig"))
    plcs = {name: _load_plc(name, _table(entry, f"[plc.{name}]", at("plc", name)), rig_path.parent, at)
            for name, entry in _table(document.get("plc"), "[plc]", at("plc")).items()}
    if not plcs:
        raise ConfigError("the rig has no PLC; add a [plc.<name>] table", where=str(rig_path))
    plants = {name: _load_plant(name, _table(entry, f"[plant.{name}]", at("plant", name)), at)
              for name, entry in _table(document.get("plant", {}), "[plant]", at("plant")).items()}
    _check_keys("[rig]", header, _RIG_KEYS, _RENAMED_RIG_KEYS, lambda key: at("rig", key))
    period = (parse_duration(str(header["exchange_period"]), where=at("rig", "exchange_period"))
              if "exchange_period" in header else None)
    rig = Rig(rig_path, str(header.get("name", rig_path.stem)), plcs, plants, exchange_period_ns=period)
    rig.wires.extend(_load_wires(rig, _table(document.get("wires", {}), "[wires]", at("wires")), at))
    for wire in rig.wires:  # a wired tag is timed as the module its plant signal is wired through
        table = rig.plcs[wire.plc].io_table
        if table is not None:
            table.wired[wire.tag.name] = wired_kind(wire.signal.io, wire.to_plc, wire.tag)
    return rig

def _check_keys(table: str, entry: dict[str, Any], known: tuple[str, ...], renamed: dict[str, str],
                where: Callable[[str], SourceLocation]) -> None:
    for key in entry:
        if key in renamed:
            raise ConfigError(f"{table}: '{key}' is now '{renamed[key]}'", where=where(key))
        if key not in known:
            raise ConfigError(f"{table}: unknown key '{key}'", where=where(key), suggestions=close_matches(key, known))


def _table(value: Any, what: str, where: SourceLocation) -> dict[str, Any]:
    if value is None:
        raise ConfigError(f"missing {what} table", where=where)
    if not isinstance(value, dict):
        raise ConfigError(f"{what} must be a table", where=where)
    return value

def _load_plc(name: str, entry: dict[str, Any], base: Path, at: _Locator) -> PlcSpec:
    where = at("plc", name)
    _check_keys(f"[plc.{name}]", entry, _PLC_KEYS, _RENAMED_PLC_KEYS, lambda key: at("plc", name, key))
    vendor = entry.get("vendor", "s7")
    if vendor not in _VENDORS:
        raise ConfigError(f"[plc.{name}]: vendor '{vendor}' is not supported yet (supported: {', '.join(_VENDORS)})",
                          where=at("plc", name, "vendor"))
    if str(entry.get("tags", "")).lower().endswith(".l5x"):
        raise ConfigError(f"[plc.{name}]: a Studio 5000 export is now given as 'l5x' (tags is a CSV/TOML tag table)",
                          where=at("plc", name, "tags"))
    timing = load_scan_timing(name, vendor, entry, at)
    if vendor == "logix":
        return _load_logix_plc(name, entry, base, at, timing)
    if "l5x" in entry:
        raise ConfigError(f"[plc.{name}]: l5x is the project of a Logix PLC; add vendor = \"logix\"",
                          where=at("plc", name, "l5x"))
    st_sources = is_st_program(entry.get("program", ""))
    if "tags" not in entry and not st_sources:
        raise ConfigError(f"[plc.{name}]: missing 'tags' (the tag table file)", where=where)
    tags_path = base / str(entry.get("tags", ""))
    if "tags" in entry and not tags_path.is_file():
        raise ConfigError(f"[plc.{name}]: tag table '{entry['tags']}' not found (looked in {base})",
                          where=at("plc", name, "tags"))
    table = load_tag_table(tags_path) if "tags" in entry else None
    host = entry.get("host")
    program: Any = None
    if st_sources:  # SCL/ST sources: compiled now; the tags come from the DBs plus the I/Q/M tag table
        timing = replace(timing, scan_cycle_ns=timing.scan_cycle_ns or DEFAULT_SCAN_CYCLE_NS)  # SCL declares none
        program, tags = load_st_program(name, entry, base, at, table, timing.scan_cycle_ns or DEFAULT_SCAN_CYCLE_NS)
    else:
        assert table is not None
        tags = table
    if not st_sources and "program" in entry:
        file_name, sep, attribute = str(entry["program"]).partition(":")
        if not sep or not attribute:
            raise ConfigError(f"[plc.{name}]: program must be 'file.py:ClassName', not '{entry['program']}'",
                              where=at("plc", name, "program"))
        program = ProgramRef((base / file_name).resolve(), attribute, at("plc", name, "program"))
    if host is None and program is None:
        raise ConfigError(f"[plc.{name}]: give 'program' for a built-in soft PLC or 'host' for a real PLC", where=where)
    control_db = entry.get("control_db")
    if control_db is not None and (not isinstance(control_db, int) or not 1 <= control_db <= 65535 or host is None):
        raise ConfigError(f"[plc.{name}]: control_db is the DB number (1-65535) through which a soft PLC served "
                          "elsewhere ('host') is stepped", where=at("plc", name, "control_db"))
    writable = _writable(name, entry, at)
    return PlcSpec(name, vendor, tags, program, host, int(entry.get("port", 102)), int(entry.get("rack", 0)),
                   int(entry.get("slot", 1)), where, control_db, entry.get("test_rig") is True, writable,
                   _safe_state(name, entry, tags, writable, at), scan_cycle_ns=timing.scan_cycle_ns,
                   cyclic_obs=timing.cyclic_obs, io_table=load_io_timing(name, vendor, entry, tags, at))


def _load_logix_plc(name: str, entry: dict[str, Any], base: Path, at: _Locator, timing: ScanTiming) -> PlcSpec:
    """A Logix PLC: its tags (and, by default, its program: the ST routines) come from an L5X export."""
    where = at("plc", name)
    if "l5x" not in entry or not str(entry["l5x"]).lower().endswith(".l5x"):
        raise ConfigError(f"[plc.{name}]: a Logix PLC takes its tags from the Studio 5000 export: l5x = \"<file>.L5X\"",
                          where=at("plc", name, "l5x") if "l5x" in entry else where)
    l5x = base / str(entry["l5x"])
    if not l5x.is_file():
        raise ConfigError(f"[plc.{name}]: L5X file '{entry['l5x']}' not found (looked in {base})",
                          where=at("plc", name, "l5x"))
    project = load_l5x(l5x)
    program: Any = None
    text = str(entry.get("program", entry["l5x"]))
    if text.lower().endswith(".l5x"):
        if Path(text).name != l5x.name:
            raise ConfigError(f"[plc.{name}]: the program is the ST routines of the same L5X as 'l5x'",
                              where=at("plc", name, "program"))
        program = L5xProgramRef(project, at("plc", name, "program"))
    elif text:
        file_name, sep, attribute = text.partition(":")
        if not sep or not attribute:
            raise ConfigError(f"[plc.{name}]: program must be the L5X or 'file.py:ClassName', not '{text}'",
                              where=at("plc", name, "program"))
        program = ProgramRef((base / file_name).resolve(), attribute, at("plc", name, "program"))
    host = entry.get("host")
    writable = _writable(name, entry, at)
    tags = logix_tag_table(project)
    return PlcSpec(name, "logix", tags, program, host, int(entry.get("port", 44818)), 0, int(entry.get("slot", 0)),
                   where, None, entry.get("test_rig") is True, writable, _safe_state(name, entry, tags, writable, at),
                   project=project, scan_cycle_ns=timing.scan_cycle_ns, cyclic_obs=timing.cyclic_obs,
                   io_table=load_io_timing(name, "logix", entry, tags, at))


def _writable(name: str, entry: dict[str, Any], at: _Locator) -> tuple[str, ...]:
    patterns = entry.get("writable", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError(f"[plc.{name}]: writable is a list of tag name patterns, e.g. [\"Oven.Sim.*\"]",
                          where=at("plc", name, "writable"))
    return tuple(patterns)


def _safe_state(name: str, entry: dict[str, Any], tags: Any, writable: tuple[str, ...],
                at: _Locator) -> tuple[tuple[str, bool | int | float], ...]:
    table = entry.get("safe_state", {})
    if not isinstance(table, dict):
        raise ConfigError(f"[plc.{name}]: safe_state is a table of tag = value", where=at("plc", name, "safe_state"))
    values = []
    for tag_name, value in table.items():
        where = at("plc", name, "safe_state", tag_name)
        tag = tags[tag_name] if tag_name in tags else None
        if tag is None:
            raise UnknownNameError(f"[plc.{name}] safe_state: unknown tag '{tag_name}'", where=where,
                                   suggestions=close_matches(tag_name, tags.names))
        if isinstance(value, bool) != (tag.data_type is DataType.BOOL) or not isinstance(value, (bool, int, float)):
            raise ConfigError(f"[plc.{name}] safe_state: '{tag_name}' is {tag.data_type.name}; give "
                              f"{'true or false' if tag.data_type is DataType.BOOL else 'a number'}, not {value!r}",
                              where=where)
        if not any(fnmatch.fnmatchcase(tag_name, p) for p in writable):
            raise ConfigError(f"[plc.{name}] safe_state: '{tag_name}' is not writable; add it to writable", where=where)
        values.append((tag_name, value))
    return tuple(values)

def _load_plant(name: str, entry: dict[str, Any], at: _Locator) -> PlantSpec:
    where = at("plant", name)
    if "model" not in entry:
        raise ConfigError(f"[plant.{name}]: missing 'model' (one of: {', '.join(plant_models.MODELS)})", where=where)
    try:
        model = plant_models.spec(entry["model"])
    except UnknownSignalError as exc:
        raise UnknownNameError(exc.message, where=at("plant", name, "model"), suggestions=exc.close_matches) from None
    unknown = [key for key in entry if key not in ("model", "parameters")]
    if unknown:
        raise ConfigError(f"[plant.{name}]: unknown key '{unknown[0]}'", where=at("plant", name, unknown[0]),
                          suggestions=close_matches(unknown[0], ["model", "parameters"]))
    parameters, lines = {}, {}
    for key, value in _table(entry.get("parameters", {}), f"[plant.{name}] parameters", where).items():
        parameter = model.parameter(key)
        if parameter is None:
            raise UnknownNameError(f"plant model '{model.name}' has no parameter '{key}'",
                                   where=at("plant", name, key),
                                   suggestions=close_matches(key, [p.name for p in model.parameters]))
        lines[key] = at("plant", name, key)
        parameters[key] = _parameter_value(value, parameter.unit, lines[key])
    plant = PlantSpec(name, model, parameters, where, lines)
    plant.create()  # a value the model refuses (a zero time constant) is reported now, with its line
    return plant

def _parameter_value(value: Any, unit: str | None, where: SourceLocation) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str):
        raise ConfigError(f"parameter value must be a number or a quantity like '120 s', not {value!r}", where=where)
    if unit == "s":
        return parse_duration(value, where=where) / 1e9
    quantity = parse_quantity(value, where=where)
    if unit is None:
        raise UnitError(f"this parameter has no unit; write a bare number, not '{value}'", where=where)
    return quantity.to(unit, where=where)

def _load_wires(rig: Rig, entries: dict[str, Any], at: _Locator) -> list[Wire]:
    wires: list[Wire] = []
    for signal_path, entry in entries.items():
        where = at("wires", signal_path)
        options = _wire_options(signal_path, entry, where)
        source = rig.resolve(signal_path, where=where)
        if not isinstance(source, SignalRef):
            raise ConfigError(f"wire keys are plant signals (plant.signal), but '{signal_path}' is a PLC tag", where=where)
        tag_text = options.pop("tag")
        target = rig.resolve(tag_text, where=where)
        if not isinstance(target, TagRef):
            raise ConfigError(f"'{tag_text}' is a plant signal; wires connect a plant signal to a PLC tag", where=where)
        _check_direction(signal_path, source.signal, target.tag, where)
        scaling = build_scaling(options, source.signal, target.tag, where)
        wire = Wire(source.plant, source.signal, target.plc, target.tag, where, scaling)
        for other in wires:
            if other.plc == wire.plc and other.tag.name == wire.tag.name:
                raise ConfigError(f"tag '{wire.tag.name}' is wired twice (also to '{other.signal_path}' at {other.where})",
                                  where=where)
        wires.append(wire)
    return wires


def _wire_options(signal_path: str, entry: Any, where: SourceLocation) -> dict[str, Any]:
    if isinstance(entry, str):
        return {"tag": entry}
    if not isinstance(entry, dict) or not isinstance(entry.get("tag"), str):
        raise ConfigError(f"wire '{signal_path}' must name a PLC tag: \"tag name\" or {{ tag = \"...\", scale = ... }}",
                          where=where)
    unknown = [key for key in entry if key not in _WIRE_KEYS]
    if unknown:
        raise ConfigError(f"wire '{signal_path}': unknown key '{unknown[0]}'", where=where,
                          suggestions=close_matches(unknown[0], _WIRE_KEYS))
    return dict(entry)


def _check_direction(signal_path: str, signal: Signal, tag: Tag, where: SourceLocation) -> None:
    if signal.kind == "output" and tag.direction is Direction.OUTPUT:
        raise ConfigError(f"'{signal_path}' is a sensor (plant → PLC) but '{tag.name}' is a PLC output", where=where)
    if signal.kind == "input" and tag.direction is Direction.INPUT:
        raise ConfigError(f"'{signal_path}' is an actuator (PLC → plant) but '{tag.name}' is a PLC input", where=where)
