"""Rockwell instructions usable from Logix ST, and the predefined structures they work on.

``TONR(T)``, ``TOFR(T)``, ``RTOR(T)`` on FBD_TIMER, ``CTUD(C)`` on FBD_COUNTER, ``OSRI(O)``/``OSFI(O)`` on
FBD_ONESHOT: the instruction reads its inputs from the backing tag's members (``T.TimerEnable``, ``T.PRE``,
``T.Reset``) and writes its outputs there (``T.ACC``, ``T.EN``, ``T.TT``, ``T.DN``). TIMER and COUNTER (the
ladder structures, PRE/ACC/EN/TT/DN and CU/CD/DN/OV/UN) are readable and writable from ST.

Times: ``ACC`` and ``PRE`` are DINT milliseconds; the timers accumulate the exact virtual time between two
executions of the instruction (a real controller accumulates its own elapsed-time measurement).

:data:`PREDEFINED` holds the structures' layouts (verify against a controller: policy ``std_fb_layout``);
an L5X loader that knows them lets such tags exist (:func:`with_predefined_types`).
"""
from __future__ import annotations

from typing import Any

from hil.tags import ATOMIC_TYPES, LogixProject, StructMember, StructType

__all__ = ["INSTRUCTIONS", "PREDEFINED", "RUNTIME_FIELDS", "with_predefined_types", "ctud", "osfi", "osri", "tofr",
           "tonr", "rtor"]

_MS = 1_000_000


def _struct(name: str, members: list[tuple[str, str, int, int | None]], size: int) -> StructType:
    """Members as (name, type, byte offset, bit); BOOLs are bits of hidden DINT hosts."""
    laid = []
    for member_name, type_name, offset, bit in members:
        hidden = member_name.startswith("ZZZZZZZZZZ")
        laid.append(StructMember(member_name, ATOMIC_TYPES[type_name], 0, offset, bit, hidden))
    return StructType(name, tuple(laid), size, 4, predefined=True)


def _bits(host: str, offset: int, names: list[str], first_bit: int = 0) -> list[tuple[str, str, int, int | None]]:
    out: list[tuple[str, str, int, int | None]] = [(host, "DINT", offset, None)]
    for i, name in enumerate(names):
        bit = first_bit + i
        out.append((name, "BOOL", offset + bit // 8, bit % 8))
    return out


# TIMER/COUNTER: a control DINT (EN bit 31, TT 30, DN 29 / CU 31, CD 30, DN 29, OV 28, UN 27), PRE, ACC.
TIMER = _struct("TIMER", [("ZZZZZZZZZZTIMER0", "DINT", 0, None), ("EN", "BOOL", 3, 7), ("TT", "BOOL", 3, 6),
                          ("DN", "BOOL", 3, 5), ("PRE", "DINT", 4, None), ("ACC", "DINT", 8, None)], 12)
COUNTER = _struct("COUNTER", [("ZZZZZZZZZZCOUNTER0", "DINT", 0, None), ("CU", "BOOL", 3, 7), ("CD", "BOOL", 3, 6),
                              ("DN", "BOOL", 3, 5), ("OV", "BOOL", 3, 4), ("UN", "BOOL", 3, 3),
                              ("PRE", "DINT", 4, None), ("ACC", "DINT", 8, None)], 12)
FBD_TIMER = _struct("FBD_TIMER", _bits("ZZZZZZZZZZFBD_TIMER0", 0, ["EnableIn", "TimerEnable", "Reset"])
                    + [("PRE", "DINT", 4, None)]
                    + _bits("ZZZZZZZZZZFBD_TIMER1", 8, ["EnableOut", "EN", "TT", "DN", "InstructFault", "PresetInv"])
                    + [("ACC", "DINT", 12, None), ("Status", "DINT", 16, None)], 20)
FBD_COUNTER = _struct("FBD_COUNTER", _bits("ZZZZZZZZZZFBD_COUNTER0", 0, ["EnableIn", "CUEnable", "CDEnable", "Reset"])
                      + [("PRE", "DINT", 4, None)]
                      + _bits("ZZZZZZZZZZFBD_COUNTER1", 8, ["EnableOut", "CU", "CD", "DN", "OV", "UN"])
                      + [("ACC", "DINT", 12, None)], 16)
FBD_ONESHOT = _struct("FBD_ONESHOT", _bits("ZZZZZZZZZZFBD_ONESHOT0", 0, ["EnableIn", "InputBit", "EnableOut",
                                                                          "OutputBit"]), 4)

PREDEFINED: dict[str, StructType] = {t.name: t for t in (TIMER, COUNTER, FBD_TIMER, FBD_COUNTER, FBD_ONESHOT)}

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


def tonr(t: Any, now_ns: int) -> None:
    """TONR: on-delay; ACC counts while TimerEnable, DN at PRE; TimerEnable FALSE or Reset clears."""
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


def rtor(t: Any, now_ns: int) -> None:
    """RTOR: retentive on-delay; ACC holds while TimerEnable is FALSE, Reset clears it."""
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


def tofr(t: Any, now_ns: int) -> None:
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
