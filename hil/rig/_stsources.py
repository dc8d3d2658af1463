"""Rig programs given as Structured Text sources: ``program = "oven_zone.scl"`` (or a list of files).

The sources are compiled when the rig is loaded, so a mistake in them is reported with file:line:col
before any scenario runs, and the PLC's tags come from the DB declarations plus the rig's (I/Q/M) tag
table. Optional keys of the ``[plc.<name>]`` table: ``scan_cycle`` (the OB1 cycle, default 10 ms) and
``db_numbers`` (``{ Oven = 10 }``; DBs not listed are numbered in source order).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hil.errors import ConfigError, SourceLocation
from hil.st import Design, StProgram, compile_program
from hil.tags import TagTable

__all__ = ["SourceProgramRef", "is_st_program", "load_st_program"]

_SUFFIXES = (".scl", ".st", ".udt", ".db")


def is_st_program(value: Any) -> bool:
    """Whether a rig's ``program`` value names ST sources rather than ``file.py:Class``."""
    if isinstance(value, list):
        return True
    return str(value).lower().endswith(_SUFFIXES)


@dataclass(frozen=True)
class SourceProgramRef:
    """A control program compiled from ST sources; :meth:`load` gives a fresh (cold) program instance."""

    paths: tuple[Path, ...]
    design: Design
    cycle_ns: int
    where: SourceLocation

    def load(self) -> StProgram:
        return StProgram(self.design, self.cycle_ns)


def load_st_program(name: str, entry: dict[str, Any], base: Path, at: Callable[..., SourceLocation],
                    tags: TagTable | None, cycle_ns: int) -> tuple[SourceProgramRef, TagTable]:
    """Compile the sources of ``[plc.<name>]``; returns the program and the PLC's full tag table."""
    value = entry["program"]
    files = value if isinstance(value, list) else [value]
    paths = []
    for file in files:
        path = (base / str(file)).resolve()
        if not path.is_file():
            raise ConfigError(f"[plc.{name}]: program source '{file}' not found (looked in {base})",
                              where=at("plc", name, "program"))
        paths.append(path)
    numbers = entry.get("db_numbers", {})
    if not isinstance(numbers, dict) or not all(isinstance(v, int) for v in numbers.values()):
        raise ConfigError(f"[plc.{name}]: db_numbers must be a table of DB name = number, e.g. {{ Oven = 10 }}",
                          where=at("plc", name, "db_numbers"))
    design = compile_program(paths, tags=list(tags or []), db_numbers=numbers)
    return SourceProgramRef(tuple(paths), design, cycle_ns, at("plc", name, "program")), design.tags
