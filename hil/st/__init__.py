"""The language pipeline: front ends for Siemens SCL, IEC 61131-3 ST and Rockwell Logix ST (from L5X), a
checker that types the tree, checker passes, the Python emitter, and the runtime library of standard
function blocks.

    design = compile_program(["oven_zone.scl"], tags=plc_tags)   # parse + check + generate, once
    program = StProgram(design, cycle_ns=10 * MS)                 # a ControlProgram for the soft PLC

Vendor differences are the fields of a :class:`Dialect` (:data:`SCL`, :data:`IEC`, :data:`LOGIX`), each
documented with the manual it follows. Most users go through :class:`hil.softplc.S7SoftPlc`
(``S7SoftPlc.from_sources([...])``), :class:`hil.softplc.LogixSoftPlc` (``LogixSoftPlc.from_l5x("line.L5X")``)
or a rig file (``program = "oven_zone.scl"``). Errors in sources raise :class:`StError` subclasses whose
message starts with ``file:line:col`` and shows the source line.
"""
from __future__ import annotations

from hil.st._context import Diagnostic
from hil.st._dialects import DIALECTS, IEC, LOGIX, SCL, Dialect, VendorFault, dialect_named
from hil.st._errors import StError, StRuntimeError, StSyntaxError, StTypeError, StUnsupportedError
from hil.st._logix import LogixDesign, compile_l5x, tag_leaves
from hil.st._logix_lib import PREDEFINED as LOGIX_PREDEFINED
from hil.st._parser import parse_routine, parse_source, parse_text
from hil.st._program import Design, compile_program
from hil.st._stprogram import StProgram
from hil.st._support import FaultRecord, Faults, f32
from hil.st._types import ArrayT, Elem, FbT, FieldT, StringT, StructT, Type
from hil.st.runtime import CTD, CTU, CTUD, F_TRIG, IEC_COUNTER, IEC_TIMER, R_TRIG, RS, SR, TOF, TON, TONR, TP

__all__ = [
    "CTD", "CTU", "CTUD", "DIALECTS", "F_TRIG", "IEC", "IEC_COUNTER", "IEC_TIMER", "LOGIX", "LOGIX_PREDEFINED", "RS",
    "R_TRIG", "SCL", "SR", "TOF", "TON", "TONR", "TP", "ArrayT", "Design", "Diagnostic", "Dialect", "Elem", "FaultRecord", "Faults", "FbT",
    "FieldT", "LogixDesign", "StError", "StProgram", "StRuntimeError", "StSyntaxError", "StTypeError",
    "StUnsupportedError", "StringT", "StructT", "Type", "VendorFault", "compile_l5x", "compile_program", "dialect_named", "f32",
    "parse_routine", "parse_source", "parse_text", "tag_leaves",
]
