"""A compiled SCL / IEC ST program as the soft PLC runs it: the program protocol of :mod:`hil.softplc`.

:class:`StProgram` provides ``cycle_ns``, ``check(tags)``, ``reset(kind)`` (``"cold"``: every variable to
its start value; ``"warm"``: non-retain DBs to their start values, retentive DBs kept, outputs and bit
memory cleared; S7-1500 system manual, "Operating modes"), ``startup(io, now_ns)`` (OB100),
``scan(io, now_ns)`` (cyclic interrupt OBs due now, then OB1), ``cyclic_obs`` with ``run_ob`` (for a
runtime that schedules the cyclic interrupt OBs itself) and ``faults`` (:class:`~hil.st.Faults`: the
runtime errors recorded with kind, POU, file:line:col and first-seen time). It also owns its memory
layout: :attr:`StProgram.tags` (derived from the DB declarations plus the I/Q/M tag table) and
:attr:`StProgram.area_sizes`, so the S7 soft PLC serves its DBs at TIA offsets.
"""
from __future__ import annotations

import copy
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hil.st._errors import StTypeError
from hil.st._program import Design
from hil.st._support import Faults
from hil.tags import Area, TagTable

__all__ = ["StProgram"]

_RESTARTS = ("cold", "warm")


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
        self.reset("cold")

    @property
    def tags(self) -> TagTable:
        return self.design.tags

    @property
    def area_sizes(self) -> dict[tuple[Area, int], int]:
        return dict(self.design.area_sizes)

    @property
    def cyclic_obs(self) -> tuple[tuple[str, int, int], ...]:
        """The cyclic interrupt OBs (OB30–OB38) as ``(name, interval_ns, phase_ns)``, in the order of the
        schedule; the soft PLC runtime runs them through :meth:`run_ob`."""
        return tuple((name, interval, phase) for name, (_py, interval, phase) in zip(self.design.cyclic_names,
                                                                                    self.design.cyclic))

    def check(self, tags: TagTable) -> None:
        """Every tag the soft PLC serves in one of this program's DBs must lie inside that DB."""
        for tag in tags:
            key = (tag.s7.area, tag.s7.db)
            if tag.s7.area is Area.DB:
                size = self.design.area_sizes.get(key)
                if size is None or tag.s7.byte + tag.s7.size > size:
                    raise StTypeError(f"tag '{tag.name}' at {tag.address} is outside the program's DBs")

    def reset(self, kind: str = "cold") -> None:
        """A restart of the CPU: ``"cold"`` (every variable back to its declared start value) or ``"warm"``
        (see :meth:`warm_restart`). Either way the startup OB runs again before the next cycle and the
        recorded faults are cleared (S7-1500 system manual, "Operating modes": STARTUP after STOP)."""
        if kind not in _RESTARTS:
            raise ValueError(f"a restart is 'cold' or 'warm', not {kind!r}")
        if kind == "warm":
            self.warm_restart()
            return
        self.ns["_init"]()
        self.faults.clear()
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
        for buffer in (ns.get("_Q"), ns.get("_M")):
            if isinstance(buffer, bytearray):
                buffer[:] = bytes(len(buffer))
        ns["_SH"] = [b""] * len(self.design.db_order)
        self.faults.clear()
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

    def startup(self, io: Any, now_ns: int) -> None:
        """Run the startup OB (OB100) now, once after a (re)start; a no-op without one or when it ran."""
        self._ensure_bound(io)
        if self._startup_pending:
            self._startup_pending = False
            self.ns["_cycle"](now_ns, [self.ns[self.design.startup]])  # type: ignore[index]

    def scan(self, io: Any, now_ns: int, *, cyclic: bool = False) -> None:
        """Run one cycle at virtual time ``now_ns`` (the ControlProgram protocol): the startup OB if it
        has not run since the last restart, then OB1. The soft PLC runtime schedules the cyclic interrupt
        OBs itself (:attr:`cyclic_obs`, :meth:`run_ob`); ``cyclic=True`` runs those due now as well, for a
        caller that scans the program without that runtime."""
        self._ensure_bound(io)
        self.run_cycle(now_ns, cyclic=cyclic)

    def run_ob(self, name: str, io: Any, now_ns: int) -> None:
        """Run the cyclic interrupt OB ``name`` (one of :attr:`cyclic_obs`) as its own activation."""
        self._ensure_bound(io)
        for ob_name, (py, _interval, _phase) in zip(self.design.cyclic_names, self.design.cyclic):
            if ob_name.casefold() == name.casefold():
                self.ns["_cycle"](now_ns, [self.ns[py]])
                return
        raise KeyError(f"no cyclic interrupt OB {name!r} (cyclic OBs: {', '.join(self.design.cyclic_names) or 'none'})")

    def _ensure_bound(self, io: Any) -> None:
        if not self._bound:
            self.bind(io.image.areas)

    def __deepcopy__(self, memo: dict[int, Any]) -> StProgram:
        return _clone(self, memo)

    def run_cycle(self, now_ns: int, *, cyclic: bool = True) -> None:
        ns = self.ns
        obs: list[Callable[[], None]] = []
        if self._startup_pending:
            obs.append(ns[self.design.startup])  # type: ignore[index]
            self._startup_pending = False
        if cyclic:
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
    clone.faults = program.faults.copy()
    clone.faults.bind(clone.ns)
    state: Sequence[str] = ["IO", "G", "_NOW"] + [py for _n, py, _k in program.design.db_order] + \
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
