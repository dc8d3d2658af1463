"""The Logix ST routines of an L5X project, compiled by :mod:`hil.st`, as the scan hook of a
:class:`~hil.softplc.logix.LogixSoftPlc` (its ``LogixProgram`` protocol).

    project = load_l5x("line.L5X")
    plc = LogixSoftPlc(project, program=LogixStProgram.from_project(project))

Each scan copies the tag buffers a client changed since the last scan into the program's variables, runs
the tasks' programs (main routine; JSR for the others) and writes changed tags back, so EtherNet/IP
clients read tags exactly where the L5X layout puts them.
"""
from __future__ import annotations

import struct
from typing import Any

from hil.errors import ConfigError
from hil.st._logix import LogixDesign, compile_l5x, tag_leaves
from hil.st._support import Faults
from hil.tags import LogixProject

__all__ = ["LogixStProgram"]


class LogixStProgram:
    """A compiled L5X project: ``cycle_ns``, ``check(db)``, ``reset()``, ``scan(io, now_ns)``."""

    def __init__(self, design: LogixDesign) -> None:
        self.design = design
        self.cycle_ns = design.cycle_ns
        self.ns: dict[str, Any] = {"__name__": "hil_st_logix_program"}
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

    def reset(self) -> None:
        """Cold restart: variables reload from the tags' memory; [:=] targets clear on the prescan."""
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
