"""The standard blocks and functions the engine knows: their interfaces and S7 instance sizes.

Standard FBs live in :mod:`hil.st.runtime`; this module describes them to the checker (parameter names
and types, which inputs the runtime call takes in which order) and to the memory layout.
"""
from __future__ import annotations

from hil.st import _types as T

__all__ = ["FUNCTIONS", "builtin_fb", "BUILTIN_FB_NAMES", "CONVERSION_TYPES"]

# name -> (runtime class, inputs in call order, outputs, takes the clock, hidden bytes in an S7 DB)
# Visible members and their order follow the classic S7 system blocks (SFB0-5) and IEC 61131-3; the
# hidden bytes model the blocks' internal state so members after an instance keep TIA's offsets
# (S7-1500 sizes to be verified against TIA: policy "std_fb_layout").
_T = T.TIME
_B = T.BOOL
_SPECS: dict[str, tuple[str, list[tuple[str, T.Type]], list[tuple[str, T.Type]], bool, int]] = {
    "TON": ("TON", [("IN", _B), ("PT", _T)], [("Q", _B), ("ET", _T)], True, 10),
    "TOF": ("TOF", [("IN", _B), ("PT", _T)], [("Q", _B), ("ET", _T)], True, 10),
    "TP": ("TP", [("IN", _B), ("PT", _T)], [("Q", _B), ("ET", _T)], True, 10),
    "TONR": ("TONR", [("IN", _B), ("R", _B), ("PT", _T)], [("Q", _B), ("ET", _T)], True, 10),
    "R_TRIG": ("R_TRIG", [("CLK", _B)], [("Q", _B)], False, 0),
    "F_TRIG": ("F_TRIG", [("CLK", _B)], [("Q", _B)], False, 0),
    "SR": ("SR", [("S1", _B), ("R", _B)], [("Q1", _B)], False, 0),
    "RS": ("RS", [("S", _B), ("R1", _B)], [("Q1", _B)], False, 0),
    "CTU": ("CTU", [("CU", _B), ("R", _B), ("PV", T.INT)], [("Q", _B), ("CV", T.INT)], False, 0),
    "CTD": ("CTD", [("CD", _B), ("LD", _B), ("PV", T.INT)], [("Q", _B), ("CV", T.INT)], False, 0),
    "CTUD": ("CTUD", [("CU", _B), ("CD", _B), ("R", _B), ("LD", _B), ("PV", T.INT)],
             [("QU", _B), ("QD", _B), ("CV", T.INT)], False, 0),
}
_ALIASES = {"TON_TIME": "TON", "TOF_TIME": "TOF", "TP_TIME": "TP", "TONR_TIME": "TONR",
            "TON_LTIME": "TON", "TOF_LTIME": "TOF", "TP_LTIME": "TP", "TONR_LTIME": "TONR"}
_COUNTER_TYPES = {"SINT": T.SINT, "INT": T.INT, "DINT": T.DINT, "LINT": T.LINT, "USINT": T.USINT, "UINT": T.UINT,
                  "UDINT": T.UDINT, "ULINT": T.ULINT}

BUILTIN_FB_NAMES = sorted(set(_SPECS) | set(_ALIASES) | {"IEC_TIMER", "IEC_COUNTER", "IEC_LTIMER"} |
                          {f"{c}_{t}" for c in ("CTU", "CTD", "CTUD") for t in _COUNTER_TYPES})


def _make(name: str, spec_name: str, cv: T.Elem = T.INT, runtime: str | None = None) -> T.FbT:
    cls, inputs, outputs, timed, hidden = _SPECS[spec_name]
    fb = T.FbT(name, builtin=runtime or cls, timed=timed, hidden_bytes=hidden)
    for pname, ptype in inputs:
        fb.fields[pname.casefold()] = T.FieldT(pname, cv if pname == "PV" else ptype, section="VAR_INPUT")
        fb.inputs.append(pname)
    for pname, ptype in outputs:
        fb.fields[pname.casefold()] = T.FieldT(pname, cv if pname == "CV" else ptype, section="VAR_OUTPUT")
        fb.outputs.append(pname)
    return fb


def builtin_fb(name: str) -> T.FbT | None:
    """A fresh description of the standard FB type ``name`` (case-insensitive), or None."""
    upper = name.upper()
    if upper in _ALIASES:
        return _make(upper, _ALIASES[upper])
    if upper in _SPECS:
        return _make(upper, upper)
    if upper in ("IEC_TIMER", "IEC_LTIMER"):
        fb = T.FbT(upper, builtin="IEC_TIMER", timed=True, hidden_bytes=10)
        for pname, ptype, section in (("IN", _B, "VAR_INPUT"), ("PT", _T, "VAR_INPUT"), ("Q", _B, "VAR_OUTPUT"),
                                      ("ET", _T, "VAR_OUTPUT")):
            fb.fields[pname.casefold()] = T.FieldT(pname, ptype, section=section)
        fb.fields["r"] = T.FieldT("R", _B, section="HIDDEN")
        fb.methods = {m.casefold(): _make(m, m) for m in ("TON", "TOF", "TP", "TONR")}
        return fb
    if upper == "IEC_COUNTER":
        fb = T.FbT(upper, builtin="IEC_COUNTER")
        for pname, ptype, section in (("CU", _B, "VAR_INPUT"), ("CD", _B, "VAR_INPUT"), ("R", _B, "VAR_INPUT"),
                                      ("LD", _B, "VAR_INPUT"), ("PV", T.INT, "VAR_INPUT"), ("Q", _B, "VAR_OUTPUT"),
                                      ("QU", _B, "VAR_OUTPUT"), ("QD", _B, "VAR_OUTPUT"), ("CV", T.INT, "VAR_OUTPUT")):
            fb.fields[pname.casefold()] = T.FieldT(pname, ptype, section=section)
        fb.methods = {m.casefold(): _make(m, m) for m in ("CTU", "CTD", "CTUD")}
        return fb
    base, _, suffix = upper.partition("_")
    if base in ("CTU", "CTD", "CTUD") and suffix in _COUNTER_TYPES:
        cv = _COUNTER_TYPES[suffix]
        return _make(upper, base, cv, runtime=f"{base}_{suffix}")
    return None


# Standard functions: name -> kind of signature the checker applies.
FUNCTIONS = {
    "ABS": "num1", "SQRT": "real1", "LN": "real1", "LOG": "real1", "EXP": "real1", "SIN": "real1", "COS": "real1",
    "TAN": "real1", "ASIN": "real1", "ACOS": "real1", "ATAN": "real1", "EXPT": "expt", "MIN": "minmax",
    "MAX": "minmax", "LIMIT": "limit", "SEL": "sel", "MUX": "mux", "TRUNC": "toint", "ROUND": "toint",
    "CEIL": "toint", "FLOOR": "toint", "LEN": "len", "LEFT": "leftright", "RIGHT": "leftright", "MID": "mid",
    "CONCAT": "concat", "FIND": "find", "DELETE": "delete", "INSERT": "insert", "REPLACE": "replace",
    "SHL": "shift", "SHR": "shift", "ROL": "shift", "ROR": "shift", "MOVE": "move",
}

CONVERSION_TYPES = frozenset({"BOOL", "SINT", "INT", "DINT", "LINT", "USINT", "UINT", "UDINT", "ULINT", "BYTE", "WORD",
                              "DWORD", "LWORD", "REAL", "LREAL", "TIME", "LTIME", "CHAR", "STRING"})
