"""Compiling SCL / IEC ST sources: :func:`compile_program` parses and checks the sources, runs the
checker passes, generates one Python module and compiles it once into a :class:`Design` (code, memory
layout, schedule, warnings); :class:`hil.st.StProgram` runs a design.

Scheduling (Siemens): the main OB (OB1: named ``Main``/``OB1``, or the only OB) runs every cycle; cyclic
interrupt OBs (OB30–OB38) given in ``cyclic`` (interval, or (interval, phase)) run before OB1 in the
cycles where ``(now - phase)`` is a multiple of their interval; a startup OB (``Startup``/``OB100``) runs
once before the first cycle after a (re)start. Any other OB is a located error: it would never run.
Without OBs, IEC PROGRAMs run every cycle in source order.
"""
from __future__ import annotations

import linecache
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hil.errors import UnknownNameError, close_matches
from hil.st import _ast as A
from hil.st import _types as T
from hil.st._compiler import Compiler
from hil.st._context import Diagnostic
from hil.st._dialects import SCL, Dialect, dialect_named
from hil.st._errors import StTypeError, StUnsupportedError
from hil.st._memory import db_code, db_tags, io_code, layout
from hil.st._parser import parse_source, parse_text
from hil.st._passes import run_passes
from hil.st._symbols import PouInfo, Symbols
from hil.tags import Area, Tag, TagTable

__all__ = ["Design", "compile_program"]

_MAIN_NAMES = {"main", "ob1", "ob_main", "main_program"}
_STARTUP = re.compile(r"startup|ob100|complete.?restart", re.IGNORECASE)


SourceFrontEnd = Callable[[str | Path, Dialect], A.Source]
"""A file front end: (path, dialect) -> the blocks it declares, as the one tree the checker takes."""

SOURCE_FRONT_ENDS: dict[str, SourceFrontEnd] = {}
"""Front ends by file suffix (casefolded, with the dot); text sources (.scl, .st, .udt, .db, …) use
:func:`~hil.st.parse_source`. TIA Portal Openness XML (issue 15: UDTs, DBs, tag tables; issue 17: LAD/FBD
networks) registers its loader here, producing the same blocks."""


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
    cyclic_names: list[str]  # the cyclic OBs' names, in the order of ``cyclic``
    paths: dict[str, str]  # user-visible variable name (casefolded) -> python expression
    types: dict[str, T.Type]
    symbols: Symbols
    dialect: Dialect
    warnings: list[Diagnostic]  # what the checker passes found (located; compilation went on)


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
            front_end = SOURCE_FRONT_ENDS.get(Path(item).suffix.casefold(), parse_source)
            parsed.append(front_end(item, chosen))
    tag_list = list(tags)
    symbols = Symbols(parsed, [(t.name, str(t.address), t.data_type.name, t.unit) for t in tag_list],
                      dict(db_numbers or {}))
    compiler = Compiler(symbols, chosen)
    text, facts = compiler.module()
    warnings = run_passes(parsed, chosen)
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
    main, startup_ob, cyclic_list, cyclic_names = _schedule(symbols, cyclic or {}, startup)
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
                  db_order, main, startup_ob, cyclic_list, cyclic_names, paths, types, symbols, chosen, warnings)


def _tag_type(ty: T.Elem) -> Any:
    from hil.tags import DataType

    return {"BOOL": DataType.BOOL, "BYTE": DataType.BYTE, "WORD": DataType.WORD, "DWORD": DataType.DWORD}[ty.name]


def _direction(area: Area) -> Any:
    from hil.tags import Direction

    return Direction.default_for(area)


def _schedule(symbols: Symbols, cyclic: Mapping[str, int | tuple[int, int]],
              startup: str | None) -> tuple[list[str], str | None, list[tuple[str, int, int]], list[str]]:
    obs = {p.name.casefold(): p for p in symbols.pous.values() if p.kind == "OB"}
    cyclic_list = []
    cyclic_names = []
    for name, interval in cyclic.items():
        ob = obs.get(name.casefold())
        if ob is None:
            raise UnknownNameError(f"no ORGANIZATION_BLOCK \"{name}\" for the cyclic interrupt",
                                   suggestions=close_matches(name, [o.name for o in obs.values()]))
        every, phase = interval if isinstance(interval, tuple) else (interval, 0)
        cyclic_list.append((ob.py, int(every), int(phase)))
        cyclic_names.append(ob.name)
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
        _refuse_unscheduled([o for o in rest if o is not named_main[0]])
    elif len(rest) == 1:
        main = [rest[0].py]
    elif rest:
        raise StTypeError(f"several ORGANIZATION_BLOCKs ({', '.join(o.name for o in rest)}) and none is the main "
                          "cycle OB; name it \"Main\" or give the others as cyclic/startup OBs",
                          rest[0].block.span)
    else:
        main = [p.py.replace("FB_", "PRG_", 1) + "._run" for p in symbols.pous.values() if p.kind == "PROGRAM"]
    return main, startup_ob, cyclic_list, cyclic_names


def _refuse_unscheduled(obs: list[PouInfo]) -> None:
    """An OB that is neither OB1, nor the startup OB, nor given an interval would never run: say so."""
    if obs:
        ob = obs[0]
        raise StTypeError(f'ORGANIZATION_BLOCK "{ob.name}" would never run: it is not the main cycle OB, not the '
                          f'startup OB, and has no interval; give a cyclic interrupt OB its cycle (cyclic = '
                          f'{{"{ob.name}" = "100 ms"}} for the PLC in the rig file, or cyclic={{"{ob.name}": "100 ms"}})',
                          ob.block.span)


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
