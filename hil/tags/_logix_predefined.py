"""The predefined Logix structures that instructions work on: TIMER, COUNTER, FBD_TIMER, FBD_COUNTER,
FBD_ONESHOT. An L5X declares tags of these types without declaring the types, so the loader and the tag
database must know their layouts (verify against a controller: ST dialect policy ``std_fb_layout``).
"""
from __future__ import annotations

from hil.tags._logix import ATOMIC_TYPES, StructMember, StructType

__all__ = ["COUNTER", "FBD_COUNTER", "FBD_ONESHOT", "FBD_TIMER", "PREDEFINED", "TIMER"]


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
