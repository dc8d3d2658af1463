"""Rockwell instructions usable from Logix ST, and the predefined structures they work on.

``TONR(T)``, ``TOFR(T)``, ``RTOR(T)`` on FBD_TIMER, ``CTUD(C)`` on FBD_COUNTER, ``OSRI(O)``/``OSFI(O)`` on
FBD_ONESHOT: the instruction reads its inputs from the backing tag's members (``T.TimerEnable``, ``T.PRE``,
``T.Reset``) and writes its outputs there (``T.ACC``, ``T.EN``, ``T.TT``, ``T.DN``). TIMER and COUNTER (the
ladder structures, PRE/ACC/EN/TT/DN and CU/CD/DN/OV/UN) are readable and writable from ST.

Times: ``ACC`` and ``PRE`` are DINT milliseconds; the timers accumulate the exact virtual time between two
executions of the instruction (a real controller accumulates its own elapsed-time measurement).

:data:`PREDEFINED` holds the structures' layouts (they live with the Logix types in hil.tags, so the L5X
loader knows them; verify against a controller: policy ``std_fb_layout``).
"""
from __future__ import annotations

from typing import Any

from hil.tags import LOGIX_PREDEFINED_TYPES as PREDEFINED
from hil.tags import LogixProject

__all__ = ["INSTRUCTIONS", "PREDEFINED", "RUNTIME_FIELDS", "with_predefined_types", "ctud", "osfi", "osri", "tofr",
           "tonr", "rtor"]

_MS = 1_000_000


# Engine-only state kept next to the tag's members (never in tag memory): (name, engine type).
RUNTIME_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "FBD_TIMER": (("hil_last", "LINT"), ("hil_rem", "LINT"), ("hil_ran", "BOOL")),
    "FBD_COUNTER": (("hil_cu", "BOOL"), ("hil_cd", "BOOL")),
    "FBD_ONESHOT": (("hil_storage", "BOOL"),),
}

# instruction -> (backing type, runtime function, takes the clock)
INSTRUCTIONS: dict[str, tuple[str, str, bool]] = {
    "TONR": ("FBD_TIMER", "tonr", True), "TOFR": ("FBD_TIMER", "tofr", True), "RTOR": ("FBD_TIMER", "rtor", True),
    "CTUD": ("FBD_COUNTER", "ctud", False), "OSRI": ("FBD_ONESHOT", "osri", False),
    "OSFI": ("FBD_ONESHOT", "osfi", False),
}


def with_predefined_types(project: LogixProject) -> LogixProject:
    """Make the predefined structures known to ``project`` (as its data types) so tags can use them."""
    for name, struct in PREDEFINED.items():
        project.data_types.setdefault(name, struct)
    return project


def _elapsed_ms(t: Any, now_ns: int) -> int:
    """Whole milliseconds since the last execution, keeping the sub-millisecond rest for the next one."""
    last = t.hil_last if t.hil_ran else now_ns
    total = now_ns - last + t.hil_rem
    t.hil_last, t.hil_ran = now_ns, True
    t.hil_rem = total % _MS
    return total // _MS


def _preset(t: Any) -> int:
    t.PresetInv = t.PRE < 0
    t.InstructFault = t.PresetInv
    return t.PRE if t.PRE > 0 else 0


def _first_scan(t: Any, clear_acc: bool) -> None:
    """1756-RM003, TONR / RTOR "Execution", instruction first scan (Structured Text): EN, TT and DN are
    cleared; TONR sets ACC to 0, RTOR leaves it. Timing then restarts from this execution."""
    t.EN = t.TT = t.DN = False
    if clear_acc:
        t.ACC = 0
    t.hil_ran = False


def tonr(t: Any, now_ns: int, first_scan: bool = False) -> None:
    """TONR: on-delay; ACC counts while TimerEnable, DN at PRE; TimerEnable FALSE or Reset clears."""
    if first_scan:
        _first_scan(t, clear_acc=True)
    t.EnableOut = True
    preset = _preset(t)
    delta = _elapsed_ms(t, now_ns)
    if t.Reset or not t.TimerEnable:
        t.ACC, t.EN, t.TT, t.DN = 0, bool(t.TimerEnable and not t.Reset), False, False
        return
    if not t.EN:  # enable edge: timing starts now
        delta = 0
    t.EN = True
    if t.ACC < preset:
        t.ACC = min(t.ACC + delta, preset)
    t.DN = t.ACC >= preset
    t.TT = not t.DN


def rtor(t: Any, now_ns: int, first_scan: bool = False) -> None:
    """RTOR: retentive on-delay; ACC holds while TimerEnable is FALSE, Reset clears it."""
    if first_scan:
        _first_scan(t, clear_acc=False)
    t.EnableOut = True
    preset = _preset(t)
    delta = _elapsed_ms(t, now_ns)
    if t.Reset:
        t.ACC, t.EN, t.TT, t.DN = 0, bool(t.TimerEnable), False, False
        return
    if not t.TimerEnable:
        t.EN, t.TT = False, False
        t.DN = t.ACC >= preset
        return
    if not t.EN:
        delta = 0
    t.EN = True
    if t.ACC < preset:
        t.ACC = min(t.ACC + delta, preset)
    t.DN = t.ACC >= preset
    t.TT = not t.DN


def tofr(t: Any, now_ns: int, first_scan: bool = False) -> None:  # first scan: not modelled yet
    """TOFR: off-delay; DN follows TimerEnable up at once and drops PRE after it falls."""
    t.EnableOut = True
    preset = _preset(t)
    delta = _elapsed_ms(t, now_ns)
    if t.Reset:
        t.ACC, t.EN, t.TT, t.DN = 0, False, False, False
        return
    if t.TimerEnable:
        t.EN, t.DN, t.TT, t.ACC = True, True, False, 0
        return
    if t.EN:  # falling edge: the off delay starts now
        t.EN = False
        delta = 0
        t.TT = t.DN
    if t.TT:
        t.ACC = min(t.ACC + delta, preset)
        if t.ACC >= preset:
            t.TT, t.DN = False, False


def ctud(c: Any) -> None:
    """CTUD: count CUEnable rising edges up and CDEnable rising edges down; OV/UN on wrap; Reset clears."""
    c.EnableOut = True
    up, down = c.CUEnable and not c.hil_cu, c.CDEnable and not c.hil_cd
    c.hil_cu, c.hil_cd = bool(c.CUEnable), bool(c.CDEnable)
    c.CU, c.CD = bool(c.CUEnable), bool(c.CDEnable)
    if c.Reset:
        c.ACC, c.OV, c.UN = 0, False, False
    else:
        if up:
            if c.ACC == 2147483647:
                c.ACC, c.OV = -2147483648, True
            else:
                c.ACC += 1
        if down:
            if c.ACC == -2147483648:
                c.ACC, c.UN = 2147483647, True
            else:
                c.ACC -= 1
    c.DN = c.ACC >= c.PRE


def osri(o: Any) -> None:
    """OSRI: OutputBit is TRUE for one execution when InputBit rises."""
    o.EnableOut = True
    o.OutputBit = bool(o.InputBit and not o.hil_storage)
    o.hil_storage = bool(o.InputBit)


def osfi(o: Any) -> None:
    """OSFI: OutputBit is TRUE for one execution when InputBit falls."""
    o.EnableOut = True
    o.OutputBit = bool(not o.InputBit and o.hil_storage)
    o.hil_storage = bool(o.InputBit)
