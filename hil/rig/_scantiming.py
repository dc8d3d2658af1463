"""A PLC's task timing in the rig file: ``scan_cycle`` (OB1, or a Logix periodic task) and ``cyclic`` OBs.

    [plc.oven]
    scan_cycle = "10 ms"                          # the OB1 cycle of an SCL program (default 10 ms)
    cyclic = { OB30 = "100 ms", OB35 = "20 ms" }  # cyclic interrupt OBs and their intervals

An S7-1500 numbers its cyclic interrupt OBs 30 to 38, or 123 and above for user-numbered ones (S7-1500
system manual, "Organization blocks"/"Cyclic interrupt OBs"). The interval given here overrides the one
the source declares; a cyclic OB the soft PLC cannot schedule is an error, never silently dropped (the
softplc and lang rooms see to that at load).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hil.errors import ConfigError, SourceLocation
from hil.units import parse_duration

__all__ = ["DEFAULT_SCAN_CYCLE_NS", "ScanTiming", "load_scan_timing"]

DEFAULT_SCAN_CYCLE_NS = 10_000_000  # an SCL program's OB1 cycle when the rig gives none
_CYCLIC_OB = re.compile(r"OB(\d+)")


@dataclass(frozen=True)
class ScanTiming:
    """``scan_cycle`` (None: the program's own) and ``cyclic`` OB intervals of one PLC, in ns."""

    scan_cycle_ns: int | None = None
    cyclic_obs: dict[str, int] = field(default_factory=dict)


def load_scan_timing(name: str, vendor: str, entry: dict[str, Any],
                     at: Callable[..., SourceLocation]) -> ScanTiming:
    """``scan_cycle`` and ``cyclic`` of ``[plc.<name>]``, checked; errors name the rig file line."""
    scan_cycle = None
    if "scan_cycle" in entry:
        where = at("plc", name, "scan_cycle")
        scan_cycle = parse_duration(str(entry["scan_cycle"]), where=where)
        if scan_cycle <= 0:
            raise ConfigError(f"[plc.{name}]: scan_cycle must be positive, not '{entry['scan_cycle']}'", where=where)
    table = entry.get("cyclic", {})
    where = at("plc", name, "cyclic")
    if "cyclic" in entry and vendor != "s7":
        raise ConfigError(f"[plc.{name}]: cyclic OBs are S7 organization blocks; a Logix PLC's periodic tasks "
                          "and their periods come from its L5X", where=where)
    if not isinstance(table, dict):
        raise ConfigError(f"[plc.{name}]: cyclic is a table of OB = interval, e.g. {{ OB30 = \"100 ms\" }}", where=where)
    cyclic: dict[str, int] = {}
    for ob, text in table.items():
        match = _CYCLIC_OB.fullmatch(ob)
        number = int(match.group(1)) if match else 0
        if not (30 <= number <= 38 or number >= 123):
            raise ConfigError(f"[plc.{name}] cyclic: '{ob}' is not a cyclic interrupt OB (OB30 to OB38, or OB123 "
                              "and above)", where=where)
        interval = parse_duration(str(text), where=where)
        if interval <= 0:
            raise ConfigError(f"[plc.{name}] cyclic: {ob} needs a positive interval, not '{text}'", where=where)
        cyclic[ob] = interval
    return ScanTiming(scan_cycle, cyclic)
