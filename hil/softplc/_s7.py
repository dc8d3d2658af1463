"""``S7SoftPlc``: a soft S7-1500, built from the user's SCL sources or a Python program, in virtual time,
served over S7 (python-snap7) on demand.

    plc = S7SoftPlc.from_sources(["oven_zone.scl"], tags="plc_tags.csv", cycle="10 ms")
    plc.write("Oven.Zone2.TempSP", 140.0)
    plc.run_for("500 ms")           # 50 scans of OB1
    assert plc.read("Oven.Alarm.OverTemp") is False
    with plc.serve("127.0.0.1:0"):  # the same PLC over S7, on an OS-assigned port (plc.port)
        ...

Names are the derived tag names (``DB name.member.member``, ``Data.arr[3]``; quotes optional) and the
PLC tags of the tag table. TIME values read and write as integer nanoseconds (or write a duration text
such as ``"2 s"``).
"""
from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hil.errors import ConfigError, InputError, UnknownNameError, close_matches
from hil.softplc._facade import SoftPlcBase, duration_ns
from hil.softplc._image import ProcessImage
from hil.softplc._runtime import ScanRuntime
from hil.softplc._s7server import RequestCounters, S7FrontEnd
from hil.softplc._stepping import ControlDb
from hil.st import Elem, StProgram, StringT, Type, compile_program, f32
from hil.tags import Area, Tag, TagTable, load_tag_table

__all__ = ["S7SoftPlc"]

_DIALECTS = ("scl", "iec")


class S7SoftPlc(SoftPlcBase):
    """A soft S7 PLC: a control program scanned in virtual time over a process image (I, Q, M, DBs).

    Args:
        tags: the tag table (it decides which areas exist and how big they are); ``None`` for a compiled ST
            program, which brings its own (its DBs at TIA offsets plus the I/Q/M tags).
        program: the control program (see :class:`~hil.softplc.ControlProgram`).
        name: the PLC's name in messages.
        control_db: serve the stepping handshake in this DB number (see :mod:`hil.softplc._stepping`), so
            a kernel in another process can advance this soft PLC in virtual time.
        cycle_ns: the OB1 cycle; default the program's.
        cyclic_obs: cyclic interrupt OB intervals (ns) by OB name, over the program's own (a rig's
            ``cyclic = {OB30 = "100 ms"}``).
    """

    def __init__(self, tags: TagTable | None, program: Any, *, name: str = "softplc",
                 control_db: int | None = None, cycle_ns: int | None = None,
                 cyclic_obs: Mapping[str, int] | None = None) -> None:
        self.name = name
        table = tags if tags is not None else program.tags
        self.image = ProcessImage(table, sizes=getattr(program, "area_sizes", None))
        self.runtime = ScanRuntime(self.image, program, cycle_ns=cycle_ns, cyclic_obs=cyclic_obs)
        self.control: ControlDb | None = None
        if control_db is not None:
            if (Area.DB, control_db) in self.image.areas:
                raise ConfigError(f"soft PLC '{name}': control DB {control_db} is already used by the program's tags")
            self.control = ControlDb(control_db, self.runtime, threading.Lock())
        self.frontend: S7FrontEnd = S7FrontEnd(self.image, name=name, control=self.control)
        self._init_trace()

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
        name: str = "softplc",
    ) -> S7SoftPlc:
        """Compile ST sources (``.scl``/``.st`` files) into a soft PLC (not served: call :meth:`serve`).

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
            ob: (duration_ns(value[0]), duration_ns(value[1])) if isinstance(value, tuple) else duration_ns(value)
            for ob, value in (cyclic or {}).items()}
        design = compile_program(paths, tags=tag_list, db_numbers=db_numbers, cyclic=intervals, startup=startup)
        return cls(None, StProgram(design, duration_ns(cycle)), name=name)

    @property
    def tags(self) -> TagTable:
        """The tags a client sees: DB members at their S7 addresses plus the I/Q/M tags."""
        return self.image.tags

    # ---- serving (see SoftPlcBase.serve) ------------------------------------------------------------
    @property
    def requests(self) -> RequestCounters:
        """Read and write requests the S7 server answered."""
        return self.frontend.requests

    # ---- CPU state ----------------------------------------------------------------------------------
    def _sync(self) -> None:
        """The CPU state follows what S7 clients asked for: a PLC STOP request (function 0x29) stops the
        scans and zeroes the outputs, a start request resumes them."""
        wanted = self.frontend.cpu_running()
        if wanted is not None and wanted != self.runtime.running:
            self.runtime.set_running(wanted)

    def set_running(self, running: bool) -> None:
        super().set_running(running)
        self.frontend.set_cpu_running(running)

    def cold_restart(self) -> None:
        super().cold_restart()
        self.frontend.set_cpu_running(True)

    def restore(self, snapshot: Any) -> None:
        super().restore(snapshot)
        self.frontend.set_cpu_running(snapshot.running)

    # ---- variables ----------------------------------------------------------------------------------
    def _resolve(self, name: str) -> tuple[str | None, Type | None, Tag | None]:
        """(python expression, type, None) for a compiled program's variable; (None, None, tag) for a tag."""
        design = getattr(self.runtime.program, "design", None)
        if design is None or not hasattr(design, "paths"):
            return None, None, self.image.tags[name]
        key = _normalise(name)
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
        assert code is not None
        return eval(code, self.runtime.program.ns)  # noqa: S307 - a generated accessor such as DB_Oven.Zone2.TempPV

    def write(self, name: str, value: Any) -> None:
        """Set a DB member or PLC tag; the next scan sees it (an I/Q/M tag is written to the process image)."""
        code, ty, tag = self._resolve(name)
        if tag is not None:
            self.image.write(tag, value)
            return
        assert code is not None and ty is not None
        ns = self.runtime.program.ns
        ns["__value"] = _coerce(name, ty, value)
        exec(f"{code} = __value", ns)  # noqa: S102


def _normalise(name: str) -> str:
    text = name.strip().replace('"', "")
    text = re.sub(r"\s*\[\s*", "[", text)
    text = re.sub(r"\s*,\s*", ",", text)
    text = re.sub(r"\s*\]", "]", text)
    return text.casefold()


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
        return duration_ns(value)
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
    return value
