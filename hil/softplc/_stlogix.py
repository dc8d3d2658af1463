"""The Logix ST routines of an L5X project, compiled by :mod:`hil.st`, as the scan hook of a
:class:`~hil.softplc.logix.LogixSoftPlc` (its ``LogixProgram`` protocol).

    project = load_l5x("line.L5X")
    plc = LogixSoftPlc(project, program=LogixStProgram.from_project(project))

Each scan copies the tag buffers a client changed since the last scan into the program's variables, runs
the tasks' programs (main routine; JSR for the others) and writes changed tags back, so EtherNet/IP
clients read tags exactly where the L5X layout puts them.
"""
from __future__ import annotations

import copy
import struct
from typing import Any

from hil.errors import ConfigError
from hil.st import Faults, LogixDesign, compile_l5x, tag_leaves
from hil.tags import LogixProject

__all__ = ["LogixStProgram"]

_MODULE = "hil_st_logix_program"


class LogixStProgram:
    """A compiled L5X project: ``cycle_ns``, ``check(db)``, ``reset(kind)``, ``scan(io, now_ns)``."""

    def __init__(self, design: LogixDesign) -> None:
        self.design = design
        self.cycle_ns = design.cycle_ns
        self.ns: dict[str, Any] = {"__name__": _MODULE}
        exec(design.code, self.ns)  # noqa: S102 - generated once from the checked routines
        self.faults = Faults()  # integer overflows (S:V) and divisions by zero, for tests
        self.faults.bind(self.ns)
        self._db: Any = None
        self._buffers: list[bytearray] = []
        self.reset()

    @classmethod
    def from_project(cls, project: LogixProject, cycle_ns: int | None = None) -> LogixStProgram:
        return cls(compile_l5x(project, cycle_ns=cycle_ns))

    def check(self, db: Any) -> None:
        """Bind to the tag database: every tag the routines may use must exist in it."""
        self._bind(db)

    def reset(self, kind: str = "cold") -> None:
        """Cold restart: variables reload from the tags' memory; [:=] targets clear on the prescan.

        A Logix controller has no warm/cold distinction of its own: every restart reloads the tags (which
        keep their values unless the project is downloaded again) and prescans, so both kinds do the same."""
        self.ns["_init"]()
        self.faults.overflow = self.faults.div_by_zero = 0
        self._shadow: list[bytes | None] = [None] * len(self._buffers)
        self._prescan = True
        self._started: set[str] = set()

    def scan(self, io: Any, now_ns: int) -> None:
        if self._db is not io.db:
            self._bind(io.db)
        ns = self.ns
        ns["_NOW"] = now_ns
        loads, stores, shadow = ns["_LOADS"], ns["_STORES"], self._shadow
        for i, buffer in enumerate(self._buffers):
            if buffer != shadow[i]:
                loads[i](buffer)
        if self._prescan:
            for name in self.design.prescan:
                ns[name]._prescan()
            self._prescan = False
            self._started = set()
        for period, programs in self.design.tasks:
            if period is None or now_ns % period == 0:
                for name in programs:
                    ns["_FS"] = name not in self._started  # S:FS: the program's first scan after a start
                    ns[name]._run()
                    self._started.add(name)
        for i, buffer in enumerate(self._buffers):
            data = stores[i](buffer)
            if data != buffer:
                buffer[:] = data
            shadow[i] = data

    def __deepcopy__(self, memo: dict[int, Any]) -> LogixStProgram:
        """A copy for snapshots: a fresh namespace holding copies of the routines' variables (instances of the
        generated classes are moved to the copy's classes, whose methods see the copy's globals). The copy
        binds to the tag database again on its first scan and reloads every tag from it."""
        clone = LogixStProgram.__new__(LogixStProgram)
        clone.design, clone.cycle_ns = self.design, self.cycle_ns
        clone.ns = {"__name__": _MODULE}
        exec(self.design.code, clone.ns)  # noqa: S102
        clone.faults = Faults()
        clone.faults.overflow, clone.faults.div_by_zero = self.faults.overflow, self.faults.div_by_zero
        clone.faults.bind(clone.ns)
        classes = {k: v for k, v in clone.ns.items() if isinstance(v, type)}
        for key, value in self.ns.items():
            if type(value).__module__ == _MODULE or key in ("_NOW", "_FS"):
                copied = copy.deepcopy(value, memo)
                _retarget(copied, classes, set())
                clone.ns[key] = copied
        clone._db, clone._buffers = None, []
        clone._shadow = []
        clone._prescan, clone._started = self._prescan, set(self._started)
        return clone

    def _bind(self, db: Any) -> None:
        design = self.design
        lines = ["_LOADS = []", "_STORES = []"]
        buffers: list[bytearray] = []
        scopes: list[tuple[str | None, str, Any]] = [(None, "G", design.symbols.globals)]
        for program_name, instance in design.instance_of.items():
            pou = design.symbols.pous[program_name.casefold()]
            assert pou.fb is not None
            scopes.append((program_name, instance, pou.fb.fields))
        for program, owner, fields in scopes:
            for field in fields.values():
                if ((program or "").casefold(), field.name.casefold()) not in design.used:
                    continue  # a tag no routine names: its bytes stay the client's alone
                try:
                    symbol = db.symbol(field.name, program)
                except Exception as exc:
                    raise ConfigError(f"tag '{field.name}' of the L5X is not in the soft PLC's tag database: {exc}") \
                        from exc
                leaves = tag_leaves(symbol.element_type, symbol.dims, symbol.bool_bits, f"{owner}.{field.py}",
                                    symbol.base)
                index = len(buffers)
                buffers.append(symbol.buffer)
                lines += _load_store(index, leaves)
        source = "\n".join(lines) + "\n"
        self.ns["_struct"] = struct
        exec(compile(source, f"<hil.st logix memory {design.project.source}>", "exec"), self.ns)  # noqa: S102
        self._buffers = buffers
        self._shadow = [None] * len(buffers)
        self._db = db


def _retarget(obj: Any, classes: dict[str, type], seen: set[int]) -> None:
    """Point a deep-copied generated object (and those in its slots and lists) at the copy's classes."""
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, list):
        for item in obj:
            _retarget(item, classes, seen)
        return
    cls = type(obj)
    if cls.__module__ == _MODULE and cls.__name__ in classes:
        obj.__class__ = classes[cls.__name__]
        for slot in getattr(cls, "__slots__", ()):
            if hasattr(obj, slot):
                _retarget(getattr(obj, slot), classes, seen)


def _load_store(index: int, leaves: list[tuple[str, str, int, int | None]]) -> list[str]:
    load = [f"def _load_{index}(buf):"]
    store = [f"def _store_{index}(buf):", "    b = bytearray(buf)"]
    for code, fmt, offset, bit in leaves:
        if fmt == "?":
            load.append(f"    {code} = (buf[{offset}] >> {bit}) & 1 == 1")
            mask = 1 << (bit or 0)
            store.append(f"    b[{offset}] = (b[{offset}] | {mask}) if {code} else (b[{offset}] & {0xFF ^ mask})")
        else:
            load.append(f"    {code} = _struct.unpack_from({fmt!r}, buf, {offset})[0]")
            store.append(f"    _struct.pack_into({fmt!r}, b, {offset}, {code})")
    load.append("    return None")
    store.append("    return b")
    return load + store + [f"_LOADS.append(_load_{index})", f"_STORES.append(_store_{index})"]
