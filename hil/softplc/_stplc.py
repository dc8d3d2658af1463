"""``SoftPlc``: the user's Structured Text sources running in a soft PLC, in virtual time, without a wire.

    plc = SoftPlc.from_sources(["oven_zone.scl"], tags="plc_tags.csv", cycle="10 ms")
    plc.write("Oven.Zone2.TempSP", 140.0)
    plc.run_for("500 ms")           # 50 scans of OB1
    assert plc.read("Oven.Alarm.OverTemp") is False

Names are the derived tag names (``DB name.member.member``, ``Data.arr[3]``; quotes optional) and the
PLC tags of the tag table. TIME values read and write as integer nanoseconds (or write a duration text
such as ``"2 s"``).
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hil.errors import InputError, UnknownNameError, close_matches
from hil.softplc._image import ProcessImage
from hil.softplc._runtime import ScanRuntime
from hil.softplc._s7server import S7SoftPlc
from hil.st import StProgram, compile_program
from hil.st._support import f32
from hil.st._types import Elem, StringT, Type
from hil.tags import Area, Tag, TagTable, load_tag_table
from hil.units import parse_duration

__all__ = ["LogixPlc", "SoftPlc"]

_DIALECTS = ("scl", "iec")


class SoftPlc:
    """A soft PLC running a compiled ST program on a virtual clock. Build it with :meth:`from_sources`."""

    def __init__(self, program: StProgram) -> None:
        self.image = ProcessImage(program.tags, sizes=program.area_sizes)
        self.runtime = ScanRuntime(self.image, program)

    @property
    def program(self) -> StProgram:
        """The running program (a snapshot restore replaces it in the runtime)."""
        program = self.runtime.program
        assert isinstance(program, StProgram)
        return program

    @classmethod
    def from_sources(
        cls,
        sources: Sequence[str | Path | tuple[str, str]] | str | Path,
        *,
        dialect: str = "scl",
        tags: str | Path | TagTable | Sequence[Tag] | None = None,
        cycle: str | int = "10 ms",
        db_numbers: Mapping[str, int] | None = None,
        cyclic: Mapping[str, str | int | tuple[str | int, str | int]] | None = None,
        startup: str | None = None,
    ) -> SoftPlc:
        """Compile ST sources (``.scl``/``.st`` files) into a soft PLC.

        Args:
            sources: source files (or ``(name, text)`` pairs); blocks may be spread over several files in
                any order.
            dialect: ``"scl"`` (Siemens S7-1200/1500) or ``"iec"`` (IEC 61131-3); both use the Siemens
                semantic policy for now.
            tags: the PLC tag table for ``"symbolic"`` I/Q/M tags (CSV or TOML: name, address, type).
            cycle: the OB1 cycle in virtual time.
            db_numbers: DB numbers by DB name (others: ``DBn`` names keep n, the rest are numbered in order).
            cyclic: cyclic interrupt OBs by name with their interval, e.g. ``{"Cyclic interrupt": "100 ms"}``,
                or (interval, phase): ``{"OB35": ("100 ms", "20 ms")}``.
            startup: the startup OB (OB100) if its name does not say so.
        """
        if dialect not in _DIALECTS:
            raise InputError(f"dialect '{dialect}' is not supported (supported: {', '.join(_DIALECTS)})",
                             suggestions=close_matches(dialect, _DIALECTS))
        paths = [sources] if isinstance(sources, (str, Path)) else list(sources)
        if isinstance(tags, (str, Path)):
            tag_list: Sequence[Tag] = list(load_tag_table(tags))
        else:
            tag_list = list(tags or [])
        intervals: dict[str, int | tuple[int, int]] = {
            name: (_ns(value[0]), _ns(value[1])) if isinstance(value, tuple) else _ns(value)
            for name, value in (cyclic or {}).items()}
        design = compile_program(paths, tags=tag_list, db_numbers=db_numbers, cyclic=intervals, startup=startup)
        return cls(StProgram(design, _ns(cycle)))

    @classmethod
    def from_l5x(cls, path: str | Path, *, cycle: str | int | None = None) -> LogixPlc:
        """The ST routines of a Studio 5000 ``.L5X`` export running in a Logix soft PLC (not served: call
        ``.logix.start()`` or use :class:`~hil.softplc.LogixSoftPlc` to serve it over EtherNet/IP)."""
        from hil.softplc._stlogix import LogixStProgram
        from hil.softplc.logix import LogixSoftPlc
        from hil.tags import load_l5x

        project = load_l5x(path)
        program = LogixStProgram.from_project(project, cycle_ns=_ns(cycle) if cycle is not None else None)
        return LogixPlc(LogixSoftPlc(project, program=program))

    # ---- time --------------------------------------------------------------------------------------
    @property
    def now_ns(self) -> int:
        """Virtual time since the last (re)start."""
        return self.runtime.clock.now_ns

    @property
    def scans(self) -> int:
        return self.runtime.scans

    @property
    def tags(self) -> TagTable:
        """The tags a client sees: DB members at their S7 addresses plus the I/Q/M tags."""
        return self.program.tags

    @property
    def faults(self) -> dict[str, int]:
        """Integer overflows and divisions by zero since the last (re)start: ``{"overflow": 2, …}``."""
        return self.program.faults.as_dict()

    def scan(self, count: int = 1) -> None:
        """Run ``count`` cycles (each advances virtual time by one OB1 cycle)."""
        for _ in range(count):
            self.runtime.advance(self.program.cycle_ns)

    def run_for(self, duration: str | int) -> int:
        """Advance virtual time by ``duration`` (``"500 ms"`` or ns), scanning at the cycle; returns the scans run."""
        return self.runtime.advance(_ns(duration))

    def cold_restart(self) -> None:
        """Every variable to its start value, virtual time back to zero (memory reset + STOP → RUN)."""
        self.runtime.cold_restart()

    def warm_restart(self) -> None:
        """STOP → RUN: retentive DBs keep their values, NON_RETAIN DBs restart; virtual time goes on."""
        self.program.warm_restart()

    def serve_s7(self, host: str = "127.0.0.1", port: int = 0) -> S7SoftPlc:
        """An S7 server (not yet started) serving a fresh instance of this program's memory."""
        return S7SoftPlc(self.program.tags, StProgram(self.program.design, self.program.cycle_ns), host=host,
                         port=port)

    # ---- variables ---------------------------------------------------------------------------------
    def _resolve(self, name: str) -> tuple[str, Type, Tag | None]:
        key = _normalise(name)
        design = self.program.design
        code = design.paths.get(key)
        if code is None:
            raise UnknownNameError(f"unknown variable '{name}'",
                                   suggestions=close_matches(name, [t.name for t in design.tags] + list(design.paths)))
        tag = next((t for t in design.tags if t.name.casefold() == key and t.s7.area is not Area.DB), None)
        return code, design.types[key], tag

    def read(self, name: str) -> Any:
        """The value of a DB member or PLC tag after the last scan (or the last :meth:`write`)."""
        code, _ty, tag = self._resolve(name)
        if tag is not None:
            return self.image.read(tag)
        return eval(code, self.program.ns)  # noqa: S307 - a generated accessor such as DB_Oven.Zone2.TempPV

    def write(self, name: str, value: Any) -> None:
        """Set a DB member or PLC tag; the next scan sees it (an I/Q/M tag is written to the process image)."""
        code, ty, tag = self._resolve(name)
        if tag is not None:
            self.image.write(tag, value)
            return
        self.program.ns["__value"] = _coerce(name, ty, value)
        exec(f"{code} = __value", self.program.ns)  # noqa: S102


def _normalise(name: str) -> str:
    text = name.strip().replace('"', "")
    text = re.sub(r"\s*\[\s*", "[", text)
    text = re.sub(r"\s*,\s*", ",", text)
    text = re.sub(r"\s*\]", "]", text)
    return text.casefold()


def _ns(value: str | int) -> int:
    if isinstance(value, bool):
        raise InputError(f"expected a duration, not {value!r}")
    if isinstance(value, int):
        return value
    return parse_duration(value)


def _coerce(name: str, ty: Type, value: Any) -> Any:
    if isinstance(ty, StringT):
        if not isinstance(value, str):
            raise InputError(f"'{name}' is {ty}: write a string, not {value!r}")
        return value[: ty.length]
    assert isinstance(ty, Elem)
    if ty.kind == "bool":
        if isinstance(value, bool) or value in (0, 1):
            return bool(value)
        raise InputError(f"'{name}' is BOOL: write true/false, not {value!r}")
    if ty.kind == "time":
        return _ns(value)
    if ty.kind == "char":
        if isinstance(value, str) and len(value) == 1:
            return value
        raise InputError(f"'{name}' is CHAR: write one character, not {value!r}")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"'{name}' is {ty.name}: write a number, not {value!r}")
    if ty.kind == "real":
        return f32(float(value)) if ty.name == "REAL" else float(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise InputError(f"'{name}' is {ty.name}: write a whole number, not {value!r}")
        value = int(value)
    if not ty.low <= value <= ty.high:
        raise InputError(f"'{name}' is {ty.name}: {value} is outside {ty.low}..{ty.high}")
    if math.isnan(float(value)):  # pragma: no cover - ints are never NaN
        raise InputError(f"'{name}': NaN")
    return value


class LogixPlc:
    """A Logix soft PLC running L5X ST routines, with the same small API as :class:`SoftPlc`.

    Names are Logix tag paths: ``Valves[0].Open``, ``Program:Dosing.Amount`` (or ``Dosing.Amount``).
    """

    def __init__(self, logix: Any) -> None:
        self.logix = logix

    @property
    def cycle_ns(self) -> int:
        return int(self.logix.cycle_ns)

    @property
    def scans(self) -> int:
        return int(self.logix.scans)

    def _path(self, name: str) -> str:
        head, dot, rest = name.partition(".")
        if dot and not name.startswith("Program:") and head in self.logix.db.programs:
            return f"Program:{head}.{rest}"
        return name

    @property
    def faults(self) -> dict[str, int]:
        """Integer overflows (S:V) and divisions by zero since the last (re)start."""
        program = self.logix.program
        return program.faults.as_dict() if program is not None else {"overflow": 0, "div_by_zero": 0}

    def read(self, name: str) -> Any:
        return self.logix.db.get(self._path(name))

    def write(self, name: str, value: Any) -> None:
        self.logix.db.set(self._path(name), value)

    def scan(self, count: int = 1) -> None:
        self.logix.advance(count * self.cycle_ns)

    def run_for(self, duration: str | int) -> int:
        return int(self.logix.advance(_ns(duration)))

    def cold_restart(self) -> None:
        self.logix.cold_restart()
