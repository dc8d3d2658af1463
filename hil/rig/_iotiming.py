"""I/O module timing: how long a real input module takes to pass a field change to the CPU, and an
output module a CPU write to the field (issue 13, class 10: best-case timing only).

    [plc.oven.io_timing]
    DI = "3.2 ms"                                   # the DI modules' input delay as configured
    AI = { typical = "20 ms", worst-case = "180 ms" }
    "Oven.Zone2.LimitOK" = "12.8 ms"                # one channel: a tag name, or a glob over a module's tags

A wired tag's module kind follows from its plant signal's electrical kind (``io``: DI, DO, AI_4_20/TC/RTD
→ AI, AO; FIELDBUS data pass through no module), so a sensor value a rig writes into a DB is timed as
the sensor's module. An unwired tag's kind follows from the tag: an input BOOL is on a DI module, an
input number on an AI, an output BOOL on a DQ/DO, an output number on an AQ/AO; memory tags pass
through no module. The mode of a
run (``--hil-timing``) picks the figure:

* ``best-case``: no module delay (what the soft PLCs did before: events at scan boundaries);
* ``typical``: the module's default parameterization (or the value the rig file states);
* ``worst-case``: the slowest the module can be when the rig file does not state its configuration
  (the slowest filter setting, a full analog conversion cycle); the value the rig file states otherwise.

The defaults and their sources are in :data:`DEFAULT_MODULES` and docs/rig-files.md. The kernel applies
the delays; this module only says what they are.
"""
from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hil.errors import ConfigError, SourceLocation, UnknownNameError, close_matches
from hil.tags import DataType, Direction, Tag, TagTable
from hil.units import parse_duration

__all__ = ["DEFAULT_MODULES", "TIMING_MODES", "DelaySetting", "IoTiming", "IoTimingTable", "ModuleTiming",
           "load_io_timing", "module_kind", "wired_kind"]

TIMING_MODES = ("best-case", "typical", "worst-case")
_KINDS = ("DI", "DO", "AI", "AO")
_MS = 1_000_000
_US = 1_000


@dataclass(frozen=True)
class IoTiming:
    """The delays one tag's module adds, in ns: field → CPU for inputs, CPU → field for outputs."""

    input_delay_ns: int = 0
    output_delay_ns: int = 0


@dataclass(frozen=True)
class DelaySetting:
    """A delay in the typical and worst-case modes, in ns (best-case is always 0: ideal I/O)."""

    typical_ns: int
    worst_case_ns: int

    def delay_ns(self, mode: str) -> int:
        return {"best-case": 0, "typical": self.typical_ns, "worst-case": self.worst_case_ns}[mode]


@dataclass(frozen=True)
class ModuleTiming(DelaySetting):
    """A typical module of one kind: its delays, its name and where the figures come from."""

    module: str
    source: str


def _module(module: str, typical: str, worst_case: str, source: str) -> ModuleTiming:
    return ModuleTiming(parse_duration(typical), parse_duration(worst_case), module, source)


# Typical modules of an S7-1500 and a ControlLogix 1756 chassis; docs/rig-files.md has the table with the
# sources. "derived" figures follow from a principle the manual states, not from one spec line.
DEFAULT_MODULES: Mapping[str, Mapping[str, ModuleTiming]] = {
    "s7": {
        "DI": _module("S7-1500 DI 16x24VDC HF (6ES7521-1BH00-0AB0)", "3.2 ms", "20 ms",
                      "module manual, Parameters, input delay: 0.05 to 20 ms, default 3.2 ms"),
        "DO": _module("S7-1500 DQ 16x24VDC/0.5A ST (6ES7522-1BH01-0AB0)", "100 us", "500 us",
                      "module manual, Technical specifications, switching delay (resistive load): "
                      "0 to 1 max. 100 us, 1 to 0 max. 500 us"),
        "AI": _module("S7-1500 AI 8xU/I/RTD/TC ST (6ES7531-7KF00-0AB0), 50 Hz suppression", "20 ms", "180 ms",
                      "derived: a conversion integrates over one 50 Hz period; the cycle is the sum of the 8 "
                      "channels' conversion times, so a change waits at most one cycle plus one conversion"),
        "AO": _module("S7-1500 AQ 4xU/I ST (6ES7532-5HD00-0AB0)", "500 us", "3 ms",
                      "module manual, Technical specifications: conversion time 0.5 ms per channel; worst case "
                      "a 4-channel cycle plus 1 ms settling into a capacitive load"),
    },
    "logix": {
        "DI": _module("1756-IB16", "5 ms", "22 ms",
                      "1756 discrete AOP help, Configure Input Filter time: On->Off 0/1/2/9/18 ms; plus the 4 ms "
                      "On->Off hardware delay (1756-TD002); typical with the 1 ms filter, worst case with 18 ms"),
        "DO": _module("1756-OB16E", "1 ms", "1 ms", "technical data (1756-TD002): output delay 1 ms max."),
        "AI": _module("1756-IF8I, 60 Hz notch", "16667 us", "117 ms",
                      "derived: the 60 Hz notch integrates over 16.7 ms; worst case one default real time "
                      "sample (RTS, 100 ms) after the conversion"),
        "AO": _module("1756-OF8", "1 ms", "2 ms", "technical data (1756-TD002): conversion and settling"),
    },
}


def module_kind(tag: Tag) -> str | None:
    """``DI``/``AI``/``DO``/``AO`` for an input or output tag (BOOL: digital), ``None`` for memory."""
    if tag.direction is Direction.INPUT:
        return _kind(tag, to_plc=True)
    if tag.direction is Direction.OUTPUT:
        return _kind(tag, to_plc=False)
    return None


def wired_kind(io: str | None, to_plc: bool, tag: Tag) -> str | None:
    """The module kind of a tag wired to a plant signal of electrical kind ``io`` (plant_models.IO_KINDS)."""
    if io == "FIELDBUS":
        return None  # network data (a cycler gateway, a drive): no I/O module between plant and CPU
    if io in _IO_KIND:
        return _IO_KIND[io]
    return _kind(tag, to_plc)


_IO_KIND = {"DI": "DI", "DO": "DO", "AI_4_20": "AI", "TC": "AI", "RTD": "AI", "AO": "AO"}


def _kind(tag: Tag, to_plc: bool) -> str:
    digital = tag.data_type is DataType.BOOL
    return ("DI" if digital else "AI") if to_plc else ("DO" if digital else "AO")


@dataclass(frozen=True)
class IoTimingTable:
    """One PLC's module timing: the vendor defaults, overridden by module kind and by tag (pattern)."""

    vendor: str
    kinds: Mapping[str, DelaySetting] = field(default_factory=dict)
    tags: tuple[tuple[str, DelaySetting], ...] = ()  # (pattern, setting), the most specific first
    wired: dict[str, str | None] = field(default_factory=dict)  # tag name -> module kind, from the wires

    def timing(self, tag: Tag, mode: str) -> IoTiming:
        if mode not in TIMING_MODES:
            raise ConfigError(f"unknown timing mode '{mode}' (modes: {', '.join(TIMING_MODES)})",
                              suggestions=close_matches(mode, TIMING_MODES))
        kind = self.wired[tag.name] if tag.name in self.wired else module_kind(tag)
        if kind is None:
            return IoTiming()
        setting = next((s for pattern, s in self.tags if fnmatch.fnmatchcase(tag.name, pattern)), None)
        delay = (setting or self.kinds.get(kind) or DEFAULT_MODULES[self.vendor][kind]).delay_ns(mode)
        return IoTiming(input_delay_ns=delay) if kind in ("DI", "AI") else IoTiming(output_delay_ns=delay)


def load_io_timing(name: str, vendor: str, entry: dict[str, Any], tags: TagTable,
                   at: Callable[..., SourceLocation]) -> IoTimingTable:
    """``[plc.<name>.io_timing]``, checked against the PLC's tags; errors name the rig file line."""
    table = entry.get("io_timing", {})
    if not isinstance(table, dict):
        raise ConfigError(f"[plc.{name}]: io_timing is a table, e.g. {{ DI = \"3.2 ms\" }}",
                          where=at("plc", name, "io_timing"))
    kinds: dict[str, DelaySetting] = {}
    patterns: list[tuple[str, DelaySetting]] = []
    for key, value in table.items():
        where = at("plc", name, "io_timing", key)
        setting = _setting(name, key, value, where)
        if key in _KINDS:
            kinds[key] = setting
            continue
        if not any(fnmatch.fnmatchcase(tag.name, key) for tag in tags):
            raise UnknownNameError(f"[plc.{name}] io_timing: '{key}' is neither a module kind ({', '.join(_KINDS)}) "
                                   "nor a tag (pattern) of this PLC", where=where,
                                   suggestions=close_matches(key, list(_KINDS) + list(tags.names)))
        patterns.append((key, setting))
    # An exact name beats a pattern, and a longer pattern a shorter one (more specific).
    patterns.sort(key=lambda item: (any(c in item[0] for c in "*?["), -len(item[0])))
    return IoTimingTable(vendor, kinds, tuple(patterns))


def _setting(plc: str, key: str, value: Any, where: SourceLocation) -> DelaySetting:
    if isinstance(value, str):
        delay = _delay(plc, key, value, where)
        return DelaySetting(delay, delay)  # a stated configuration: the worst case is that value too
    if isinstance(value, dict) and value and set(value) <= {"typical", "worst-case"}:
        typical = _delay(plc, key, str(value.get("typical", value.get("worst-case"))), where)
        worst = _delay(plc, key, str(value.get("worst-case", value.get("typical"))), where)
        if worst < typical:
            raise ConfigError(f"[plc.{plc}] io_timing: '{key}' has a worst case shorter than its typical delay",
                              where=where)
        return DelaySetting(typical, worst)
    raise ConfigError(f"[plc.{plc}] io_timing: '{key}' takes a delay (\"3.2 ms\") or "
                      "{ typical = \"…\", worst-case = \"…\" }", where=where)


def _delay(plc: str, key: str, text: str, where: SourceLocation) -> int:
    delay = parse_duration(text, where=where)
    if delay < 0:
        raise ConfigError(f"[plc.{plc}] io_timing: '{key}' needs a delay of 0 or more, not '{text}'", where=where)
    return delay
