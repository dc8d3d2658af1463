"""The dialect policy table: every vendor difference the engine knows, as data, each entry documented.

The engine implements the ``scl`` column (the ``iec`` dialect shares it) and the ``logix`` column for ST
routines of L5X projects (statements, tags, JSR/RET, ``[:=]``, TONR/TOFR/RTOR/CTUD/OSRI/OSFI). Entries marked *verify* follow the vendor documentation or common practice and still need a
golden trace from a real CPU / PLCSIM Advanced (see shared/reference/structured-text.md §4 and §12).
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DialectPolicy", "POLICIES"]


@dataclass(frozen=True)
class DialectPolicy:
    """One vendor's semantic choices. Each field's docstring-like comment says what the engine does."""

    name: str
    # Integer arithmetic is evaluated at the wider operand type and wraps there (INT*INT is INT).
    int_intermediate: str
    # Overflow of an integer result: two's-complement wrap (flags are not modelled).
    int_overflow: str
    # Integer division / MOD by zero: the engine returns 0 (the CPU sets ENO FALSE) - verify.
    int_div_by_zero: str
    # REAL division by zero: IEEE-754 result (+-inf, NaN).
    real_div_by_zero: str
    # REAL -> integer (REAL_TO_INT, ROUND): nearest, ties to even - verify; TRUNC truncates.
    real_to_int: str
    # MOD and integer '/': truncate toward zero; the remainder has the dividend's sign.
    div_mod_sign: str
    # AND/OR/XOR on BOOL evaluate both operands (no short-circuit) - verify.
    short_circuit: bool
    # Array index out of bounds: StRuntimeError (the CPU's programming-error fault, OB121).
    array_bounds: str
    # TIME: int64 nanoseconds inside; DINT milliseconds in S7 memory (truncated toward zero).
    time_repr: str
    # REAL: float32, rounded after every operation and every store; constants pre-rounded.
    real_precision: str
    # VAR_TEMP: initialised to the type's default on every call (optimized-block behaviour) - verify.
    temp_init: str
    # Implicit conversions allowed on assignment: widening, integer<->bit string (wraps), int->REAL.
    # REAL->integer must be explicit (a type error otherwise).
    implicit_conversions: str
    # F_TRIG with CLK FALSE on the first scan: no pulse (the edge memory starts FALSE) - verify.
    f_trig_first_scan: str
    # TON/TOF/TP update Q and ET only when called (not on access) - verify for S7-1500.
    timer_update: str
    # MUX with K out of range: the last input (the CPU sets ENO FALSE) - verify.
    mux_out_of_range: str
    # Standard FB instances in a standard-access DB: visible members in IEC order, then the internal
    # state (TON/TOF/TP/TONR and IEC_TIMER: 22 bytes as SFB3-5; counters: their members) - verify.
    std_fb_layout: str
    # Implicit narrowing integer assignment (DINT -> INT): wraps (IEC type checking off) - verify.
    narrowing: str


SCL = DialectPolicy(
    name="scl",
    int_intermediate="operand type (wider of the two; INT*INT is INT)",
    int_overflow="wrap; counted in StProgram.faults (the OV/ENO flags themselves are not modelled)",
    int_div_by_zero="0",
    real_div_by_zero="ieee754",
    real_to_int="round half to even",
    div_mod_sign="truncate toward zero",
    short_circuit=False,
    array_bounds="fault (StRuntimeError)",
    time_repr="int64 ns; DINT ms in memory",
    real_precision="float32 per operation",
    temp_init="default value on every call",
    implicit_conversions="widening; int<->bit strings; int->REAL; REAL->int refused",
    f_trig_first_scan="no pulse",
    timer_update="on call",
    mux_out_of_range="last input",
    std_fb_layout="IEC members + hidden state (SFB-like sizes)",
    narrowing="wrap",
)

LOGIX = DialectPolicy(
    name="logix",
    int_intermediate="operands promoted to DINT (LINT if one is 64-bit); the store wraps",
    int_overflow="wrap (S:V and the minor fault are not modelled)",
    int_div_by_zero="0 (the minor fault is not modelled) - verify",
    real_div_by_zero="ieee754",
    real_to_int="implicit on store: round half to even - verify",
    div_mod_sign="truncate toward zero",
    short_circuit=False,
    array_bounds="fault (StRuntimeError; the controller's major fault T4 C20)",
    time_repr="DINT ms in .PRE/.ACC; timers add the exact virtual time between executions",
    real_precision="float32 per operation",
    temp_init="n/a (no temps)",
    implicit_conversions="integer widths and REAL<->integer both ways; BOOL := integer (non-zero is TRUE)",
    f_trig_first_scan="OSFI: no pulse on the first execution (storage bit starts FALSE) - verify",
    timer_update="only when the instruction executes",
    mux_out_of_range="n/a",
    std_fb_layout="tags as the L5X lays them out (BOOL hosts, BOOL[] in DWORDs, STRING LEN/DATA)",
    narrowing="wrap",
)

POLICIES: dict[str, DialectPolicy] = {"scl": SCL, "iec": SCL, "logix": LOGIX}
