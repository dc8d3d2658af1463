"""The Structured Text language room: lexer, parser, checker and Python code generator for Siemens SCL
and IEC 61131-3 ST, and the runtime library of standard function blocks.

    design = compile_program(["oven_zone.scl"], tags=plc_tags)   # parse + check + generate, once
    program = StProgram(design, cycle_ns=10 * MS)                 # a ControlProgram for the soft PLC

Most users go through :class:`hil.softplc.S7SoftPlc` (``S7SoftPlc.from_sources([...])``),
:class:`hil.softplc.LogixSoftPlc` (``LogixSoftPlc.from_l5x("line.L5X")`` for Logix ST routines) or a rig file (``program = "oven_zone.scl"``). Errors in sources raise :class:`StError` subclasses whose message starts
with ``file:line:col`` and shows the source line.
"""
from __future__ import annotations

from hil.st._dialects import POLICIES, DialectPolicy
from hil.st._errors import StError, StRuntimeError, StSyntaxError, StTypeError, StUnsupportedError
from hil.st._logix import LogixDesign, compile_l5x, tag_leaves
from hil.st._logix_lib import PREDEFINED as LOGIX_PREDEFINED
from hil.st._parser import parse_routine, parse_source, parse_text
from hil.st._program import Design, StProgram, compile_program
from hil.st._support import Faults, f32
from hil.st._types import Elem, StringT, Type
from hil.st.runtime import CTD, CTU, CTUD, F_TRIG, IEC_COUNTER, IEC_TIMER, R_TRIG, RS, SR, TOF, TON, TONR, TP

__all__ = [
    "CTD", "CTU", "CTUD", "F_TRIG", "IEC_COUNTER", "IEC_TIMER", "POLICIES", "RS", "R_TRIG", "SR", "TOF", "TON", "TONR",
    "TP", "Design", "DialectPolicy", "Elem", "Faults", "StringT", "Type", "f32", "tag_leaves", "LOGIX_PREDEFINED", "LogixDesign", "StError", "StProgram", "StRuntimeError", "StSyntaxError",
    "StTypeError", "StUnsupportedError", "compile_l5x", "compile_program", "parse_routine", "parse_source",
    "parse_text",
]
