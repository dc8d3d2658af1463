"""A compiled Structured Text program: what the soft PLC scans.

:func:`compile_program` parses and checks the sources, generates one Python module and compiles it once.
:class:`StProgram` is a :class:`hil.softplc.ControlProgram` (``cycle_ns``, ``check``, ``reset``, ``scan``)
that also owns its memory layout: :attr:`StProgram.tags` (derived from the DB declarations plus the
I/Q/M tag table) and :attr:`StProgram.area_sizes`, so the S7 soft PLC serves its DBs at TIA offsets.

Scheduling (Siemens): the main OB (OB1: named ``Main``/``OB1``, or the only OB) runs every cycle; cyclic
interrupt OBs (OB30–OB38) given in ``cyclic`` (interval, or (interval, phase)) run before OB1 in the
cycles where ``(now - phase)`` is a multiple of their interval; a startup OB (``Startup``/``OB100``) runs once before the first cycle after a (re)start. Without
OBs, IEC PROGRAMs run every cycle in source order.
"""
from __future__ import annotations

import copy
import linecache
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hil.errors import UnknownNameError, close_matches
from hil.st import _ast as A
from hil.st import _types as T
from hil.st._compiler import Compiler
from hil.st._dialects import SCL, Dialect, dialect_named
from hil.st._errors import StTypeError, StUnsupportedError
from hil.st._memory import db_code, db_tags, io_code, layout
from hil.st._parser import parse_source, parse_text
from hil.st._support import Faults
from hil.st._symbols import Symbols
from hil.tags import Area, Tag, TagTable

__all__ = ["StProgram", "compile_program", "Design"]

_MAIN_NAMES = {"main", "ob1", "ob_main", "main_program"}
_STARTUP = re.compile(r"startup|ob100|complete.?restart", re.IGNORECASE)


@dataclass
class Design:
    """Everything compiled from the sources: generated module text, its code object, layout facts."""

    source: str
    code: Any
    filename: str
    tags: TagTable
    area_sizes: dict[tuple[Area, int], int]
    db_order: list[tuple[str, str, tuple[Area, int]]]  # (DB name, python name, area key)
    main: list[str]
    startup: str | None
    cyclic: list[tuple[str, int, int]]  # (OB function, interval ns, phase ns)
    paths: dict[str, str]  # user-visible variable name (casefolded) -> python expression
    types: dict[str, T.Type]
    symbols: Symbols


def compile_program(sources: Sequence[str | Path | tuple[str, str]], *, tags: Sequence[Tag] | TagTable = (),
                    db_numbers: Mapping[str, int] | None = None,
                    cyclic: Mapping[str, int | tuple[int, int]] | None = None,
                    startup: str | None = None, dialect: Dialect | str = SCL) -> Design:
    """Parse, check and compile ``sources`` (paths, or ``(name, text)`` pairs) into a :class:`Design`.

    ``dialect`` is :data:`~hil.st.SCL` (the default) or :data:`~hil.st.IEC` (or their names).

    Raises:
        StSyntaxError, StTypeError, StUnsupportedError: with file:line:col, before anything runs.
    """
    chosen = dialect_named(dialect) if isinstance(dialect, str) else dialect
    parsed: list[A.Source] = []
    for item in sources:
        if isinstance(item, tuple):
            parsed.append(parse_text(item[1], item[0], chosen))
        else:
            parsed.append(parse_source(item, chosen))
    tag_list = list(tags)
    symbols = Symbols(parsed, [(t.name, str(t.address), t.data_type.name, t.unit) for t in tag_list],
                      dict(db_numbers or {}))
    compiler = Compiler(symbols, chosen)
    text, facts = compiler.module()
    lines = [text, "import struct as _struct", "from hil.st._support import time_ms as _time_ms"]
    area_sizes: dict[tuple[Area, int], int] = {}
    derived: list[Tag] = []
    db_order = []
    paths: dict[str, str] = {}
    types: dict[str, T.Type] = {}
    for db in symbols.dbs.values():
        leaves, size = layout(db.type)
        lines += db_code(db.py, leaves, size)
        area_sizes[(Area.DB, db.number)] = max(size, 2)
        derived += db_tags(db.name, db.number, leaves)
        db_order.append((db.name, db.py, (Area.DB, db.number)))
        for leaf in leaves:
            paths[f"{db.name}.{leaf.path}".casefold()] = f"{db.py}{leaf.code}"
            types[f"{db.name}.{leaf.path}".casefold()] = leaf.type
    # Variables outside S7 memory (IEC PROGRAM instances, VAR_GLOBAL) are readable by name too.
    for pou in symbols.pous.values():
        if pou.kind == "PROGRAM" and pou.fb is not None:
            for leaf in layout(pou.fb)[0]:
                paths[f"{pou.name}.{leaf.path}".casefold()] = pou.py.replace("FB_", "PRG_", 1) + leaf.code
                types[f"{pou.name}.{leaf.path}".casefold()] = leaf.type
    if symbols.globals:
        for leaf in layout(T.StructT("globals", dict(symbols.globals)))[0]:
            paths[leaf.path.casefold()] = "G" + leaf.code
            types[leaf.path.casefold()] = leaf.type
    io_syms = [(t.py, t.type, t.address) for t in facts["tags"]]
    for _py, ty, address in io_syms:
        key = (address.area, 0)
        area_sizes[key] = max(area_sizes.get(key, 0), address.byte + max(ty.bits // 8, 1))
    for key in ((Area.I, 0), (Area.Q, 0), (Area.M, 0)):
        area_sizes.setdefault(key, 0)
    lines += io_code(io_syms)
    main, startup_ob, cyclic_list = _schedule(symbols, cyclic or {}, startup)
    filename = f"<hil.st program {', '.join(str(getattr(s, 'path', '?')) for s in parsed)}>"
    lines += _cycle_code(db_order)
    source = "\n".join(lines) + "\n"
    try:
        code = compile(source, filename, "exec")
    except SyntaxError as exc:  # a generator bug: say so cleanly instead of showing generated code
        raise StUnsupportedError(f"the engine cannot compile this program yet (generated code line {exc.lineno}: "
                                 f"{exc.msg}); please report it with the source") from exc
    # Keep the generated source where tracebacks (and debuggers) look for it.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    table_tags = list(tag_list) + [t for t in derived] + [
        Tag(sym.name, sym.address, _tag_type(sym.type), _direction(sym.address.area))
        for sym in symbols.direct.values() if sym.name.casefold() not in {t.name.casefold() for t in tag_list}]
    for tag in tag_list:
        if tag.s7.area is Area.DB:
            continue
        sym = symbols.tags.get(tag.name.casefold())
        if sym is not None:
            paths[tag.name.casefold()] = f"IO.{sym.py}"
            types[tag.name.casefold()] = sym.type
    for sym in symbols.direct.values():
        paths[sym.name.casefold()] = f"IO.{sym.py}"
        types[sym.name.casefold()] = sym.type
    return Design(source, code, filename, TagTable(table_tags, source="the program's DBs and tag table"), area_sizes,
                  db_order, main, startup_ob, cyclic_list, paths, types, symbols)


def _tag_type(ty: T.Elem) -> Any:
    from hil.tags import DataType

    return {"BOOL": DataType.BOOL, "BYTE": DataType.BYTE, "WORD": DataType.WORD, "DWORD": DataType.DWORD}[ty.name]


def _direction(area: Area) -> Any:
    from hil.tags import Direction

    return Direction.default_for(area)


def _schedule(symbols: Symbols, cyclic: Mapping[str, int | tuple[int, int]],
              startup: str | None) -> tuple[list[str], str | None, list[tuple[str, int, int]]]:
    obs = {p.name.casefold(): p for p in symbols.pous.values() if p.kind == "OB"}
    cyclic_list = []
    for name, interval in cyclic.items():
        ob = obs.get(name.casefold())
        if ob is None:
            raise UnknownNameError(f"no ORGANIZATION_BLOCK \"{name}\" for the cyclic interrupt",
                                   suggestions=close_matches(name, [o.name for o in obs.values()]))
        every, phase = interval if isinstance(interval, tuple) else (interval, 0)
        cyclic_list.append((ob.py, int(every), int(phase)))
    startup_ob = None
    if startup is not None:
        if startup.casefold() not in obs:
            raise UnknownNameError(f"no ORGANIZATION_BLOCK \"{startup}\" for startup",
                                   suggestions=close_matches(startup, [o.name for o in obs.values()]))
        startup_ob = obs[startup.casefold()].py
    else:
        found = [o for o in obs.values() if _STARTUP.search(o.name)]
        startup_ob = found[0].py if found else None
    taken = {py for py, _, _ in cyclic_list} | ({startup_ob} if startup_ob else set())
    rest = [o for o in obs.values() if o.py not in taken]
    named_main = [o for o in rest if o.name.casefold() in _MAIN_NAMES]
    if named_main:
        main = [named_main[0].py]
    elif len(rest) == 1:
        main = [rest[0].py]
    elif rest:
        raise StTypeError(f"several ORGANIZATION_BLOCKs ({', '.join(o.name for o in rest)}) and none is the main "
                          "cycle OB; name it \"Main\" or give the others as cyclic/startup OBs",
                          rest[0].block.span)
    else:
        main = [p.py.replace("FB_", "PRG_", 1) + "._run" for p in symbols.pous.values() if p.kind == "PROGRAM"]
    return main, startup_ob, cyclic_list


def _cycle_code(db_order: list[tuple[str, str, tuple[Area, int]]]) -> list[str]:
    """``_cycle(now, obs)``: copy changed DB bytes in, read inputs, run the OBs, write memory back."""
    lines = ["def _cycle(now, obs):", "    global _NOW", "    _NOW = now"]
    for i, (_name, py, _key) in enumerate(db_order):
        lines.append(f"    if _B_{py} != _SH[{i}]:")
        lines.append(f"        _load_{py}(_B_{py})")
    lines += ["    old = _io_load()", "    for ob in obs:", "        ob()"]
    for i, (_name, py, _key) in enumerate(db_order):
        lines += [f"    n = _store_{py}()", f"    if n != _B_{py}:", f"        _B_{py}[:] = n", f"    _SH[{i}] = n"]
    lines.append("    _io_store(old)")
    return lines


class StProgram:
    """A compiled ST program instance: a :class:`~hil.softplc.ControlProgram` with its own memory layout.

    Args:
        design: what :func:`compile_program` produced (one design can back many program instances).
        cycle_ns: the OB1 cycle (the scan interval in virtual time).
    """

    def __init__(self, design: Design, cycle_ns: int) -> None:
        if cycle_ns <= 0:
            raise ValueError(f"the cycle time must be positive, not {cycle_ns} ns")
        self.design = design
        self.cycle_ns = cycle_ns
        for _ob, interval, phase in design.cyclic:
            if interval % cycle_ns or phase % cycle_ns:
                raise StTypeError(f"a cyclic OB interval of {interval} ns (phase {phase} ns) is not a multiple of the cycle "
                                  f"{cycle_ns} ns")
        self.ns: dict[str, Any] = {"__name__": "hil_st_program"}
        exec(design.code, self.ns)  # noqa: S102 - our generated code, compiled once
        self.faults = Faults()
        self.faults.bind(self.ns)
        self._buffers: dict[tuple[Area, int], bytearray] = {}
        self._bound = False
        self.reset()

    @property
    def tags(self) -> TagTable:
        return self.design.tags

    @property
    def area_sizes(self) -> dict[tuple[Area, int], int]:
        return dict(self.design.area_sizes)

    def check(self, tags: TagTable) -> None:
        """Every tag the soft PLC serves in one of this program's DBs must lie inside that DB."""
        for tag in tags:
            key = (tag.s7.area, tag.s7.db)
            if tag.s7.area is Area.DB:
                size = self.design.area_sizes.get(key)
                if size is None or tag.s7.byte + tag.s7.size > size:
                    raise StTypeError(f"tag '{tag.name}' at {tag.address} is outside the program's DBs")

    def reset(self) -> None:
        """Cold restart: every variable back to its declared initial value; the startup OB runs again."""
        self.ns["_init"]()
        self.faults.overflow = self.faults.div_by_zero = 0
        self._startup_pending = self.design.startup is not None
        self.ns["_SH"] = [b""] * len(self.design.db_order)
        if self._bound:
            self._write_all()

    def warm_restart(self) -> None:
        """Warm restart (STOP → RUN): retentive DBs keep their values; non-retentive DBs (NON_RETAIN) get
        their start values back, the outputs and bit memory are cleared, and the startup OB runs again."""
        ns = self.ns
        for db in self.design.symbols.dbs.values():
            if not db.block.retain:
                ns[f"_init_{db.py}"]()
        for name, buffer in (("_Q", ns.get("_Q")), ("_M", ns.get("_M"))):
            if isinstance(buffer, bytearray):
                buffer[:] = bytes(len(buffer))
        ns["_SH"] = [b""] * len(self.design.db_order)
        self._startup_pending = self.design.startup is not None
        if self._bound:
            for i, (_name, py, _key) in enumerate(self.design.db_order):
                data = ns[f"_store_{py}"]()
                ns[f"_B_{py}"][:] = data
                ns["_SH"][i] = data
            ns["_io_load"]()  # the tags' variables follow the cleared image

    def bind(self, areas: Mapping[tuple[Area, int], bytearray]) -> None:
        """Use these byte images as the PLC's memory (the S7 server serves the same bytearrays)."""
        ns = self.ns
        for _name, py, key in self.design.db_order:
            ns[f"_B_{py}"] = areas[key]
        for letter, area in (("_I", Area.I), ("_Q", Area.Q), ("_M", Area.M)):
            ns[letter] = areas.get((area, 0), bytearray(self.design.area_sizes.get((area, 0), 0)))
        self._bound = True
        self._write_all()

    def _write_all(self) -> None:
        ns = self.ns
        for i, (_name, py, _key) in enumerate(self.design.db_order):
            data = ns[f"_store_{py}"]()
            ns[f"_B_{py}"][:] = data
            ns["_SH"][i] = data
        io_count = len(self.design.symbols.tags) + len(self.design.symbols.direct)
        ns["_io_store"]((math.nan,) * io_count)  # NaN differs from every value: every tag is written

    def scan(self, io: Any, now_ns: int) -> None:
        """Run one cycle at virtual time ``now_ns`` (the ControlProgram protocol)."""
        if not self._bound:
            self.bind(io.image.areas)
        self.run_cycle(now_ns)

    def __deepcopy__(self, memo: dict[int, Any]) -> StProgram:
        return _clone(self, memo)

    def run_cycle(self, now_ns: int) -> None:
        ns = self.ns
        obs = []
        if self._startup_pending:
            obs.append(ns[self.design.startup])  # type: ignore[index]
            self._startup_pending = False
        for ob, interval, phase in self.design.cyclic:
            if now_ns >= phase and (now_ns - phase) % interval == 0:
                obs.append(ns[ob])
        for main in self.design.main:
            obj, _, method = main.partition(".")
            obs.append(getattr(ns[obj], method) if method else ns[obj])
        ns["_cycle"](now_ns, obs)


def _retarget(obj: Any, classes: Mapping[str, type], module: str, seen: set[int]) -> None:
    """Point deep-copied generated objects at the clone's classes (same names and slots)."""
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, list):
        for item in obj:
            _retarget(item, classes, module, seen)
        return
    cls = type(obj)
    if getattr(cls, "__module__", None) == module and cls.__name__ in classes:
        obj.__class__ = classes[cls.__name__]
        for slot in cls.__slots__:
            _retarget(getattr(obj, slot), classes, module, seen)


def _clone(program: StProgram, memo: dict[int, Any]) -> StProgram:
    """A deep copy for snapshots: a fresh module namespace holding copies of the variables, bound to the
    same memory buffers (the caller restores their bytes) and the same shadow copies."""
    clone = StProgram.__new__(StProgram)
    clone.design = program.design
    clone.cycle_ns = program.cycle_ns
    clone.ns = {"__name__": "hil_st_program"}
    exec(program.design.code, clone.ns)  # noqa: S102
    clone.faults = Faults()
    clone.faults.overflow, clone.faults.div_by_zero = program.faults.overflow, program.faults.div_by_zero
    clone.faults.bind(clone.ns)
    state = ["IO", "G", "_NOW"] + [py for _n, py, _k in program.design.db_order] + \
        [m.partition(".")[0] for m in program.design.main if "." in m]
    classes = {k: v for k, v in clone.ns.items() if isinstance(v, type)}
    for key in state:
        value = copy.deepcopy(program.ns[key], memo)
        _retarget(value, classes, "hil_st_program", set())
        clone.ns[key] = value
    clone.ns["_SH"] = list(program.ns["_SH"])
    for key, value in program.ns.items():
        if key.startswith("_B_") or key in ("_I", "_Q", "_M"):
            clone.ns[key] = value
    clone._buffers = program._buffers
    clone._bound = program._bound
    clone._startup_pending = program._startup_pending
    return clone

