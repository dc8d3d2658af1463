"""The dialects: every vendor difference the language pipeline knows, as one field of a :class:`Dialect`.

A :class:`Dialect` is passed from the front end (lexer, parser) through the checker to the emitter, and
each stage reads the fields that concern it; there is no ``dialect == "…"`` test anywhere else. Adding a
vendor difference means adding one field here (with its doc line: what the vendor does and where that
is documented) and reading it where it matters.

Manuals cited below:

* S7-1500 system manual: *SIMATIC S7-1500, ET 200MP System Manual* (A5E03461182), and the TIA Portal
  information system (STEP 7 help) for the SCL instructions.
* Logix ST manual: *Logix 5000 Controllers Structured Text Programming Manual* (1756-PM007).
* Logix instructions manual: *Logix 5000 Controllers General Instructions Reference Manual* (1756-RM003).
* Logix tags manual: *Logix 5000 Controllers I/O and Tag Data Programming Manual* (1756-PM004).
* Logix faults manual: *Logix 5000 Controllers Major, Minor, and I/O Faults Programming Manual* (1756-PM014).

Choices still to confirm against a real CPU (golden traces, shared/reference/structured-text.md §12) are
marked *verify* in the field's doc line.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from hil.errors import InputError, close_matches

__all__ = ["DIALECTS", "Dialect", "IEC", "LOGIX", "SCL", "VendorFault", "dialect_named"]


@dataclass(frozen=True)
class VendorFault:
    """How a CPU reports one kind of runtime error: the vendor's wording/code, and whether it stops."""

    code: str
    stops: bool  # the CPU leaves RUN (S7: STOP when no error OB handles it; Logix: a major fault)


@dataclass(frozen=True)
class Dialect:
    """One vendor's language and CPU behaviour, one field per difference."""

    name: str
    """The dialect's name as users write it (``"scl"``, ``"iec"``, ``"logix"``)."""

    module_io_names: bool
    """``Local:1:I.Data`` is one tag name: Logix module-defined I/O tags are ``Module:Slot:Type``
    (Logix tags manual, I/O module tags). SCL has no such names."""

    nonretentive_assign: bool
    """``a [:=] b``: the non-retentive assignment, whose target the controller resets to zero on prescan,
    when it enters Run (Logix ST manual, assignments). Not SCL/IEC syntax."""

    numeric_bit_member: bool
    """``Word.3`` is bit 3 of ``Word`` and ``Word.[i]`` an indirect bit (Logix tags manual and Logix ST
    manual, bit addressing). SCL writes ``Word.%X3`` (TIA help, slice access)."""

    status_flags: bool
    """``S:FS`` (first scan) and the other ``S:`` status keywords are names (Logix instructions manual,
    status flags; S:FS is set for the first scan after a Prog → Run transition). Only S:FS is modelled."""

    instruction_calls: bool
    """Statements like ``JSR(Routine)``, ``RET()`` and instruction calls on a backing tag such as
    ``TONR(MyTimer)`` (Logix instructions manual: the ST operand of TONR/TOFR/RTOR is the FBD_TIMER
    tag). SCL and IEC call FB instances instead."""

    promote_integers: bool
    """Integer operands are promoted to DINT (LINT when one is 64-bit) before arithmetic and the store
    wraps (Logix instructions manual, data conversions); S7-1500 evaluates at the wider operand type,
    so INT * INT is an INT and can overflow (TIA help, arithmetic expressions; *verify*)."""

    bool_from_integer: bool
    """``boolTag := intTag`` is allowed and any non-zero value is TRUE (Logix instructions manual, data
    conversions; *verify*). SCL refuses it without a conversion."""

    implicit_real_to_integer: bool
    """A REAL stored into an integer is converted implicitly, rounding to nearest with .5 to the even
    integer (Logix instructions manual, data conversions: fractions of .5 round to the even integer).
    S7-1500 refuses it: REAL_TO_INT / ROUND / TRUNC must be written (TIA help, implicit conversions;
    the engine raises a type error)."""

    division_by_zero: VendorFault
    """Integer ``/`` or MOD by zero. S7-1500: an error in the expression, reported through ENO = FALSE;
    the CPU stays in RUN (TIA help, EN/ENO mechanism and DIV; *verify*, as is the result 0 the engine
    gives). Logix: "A minor fault occurs if the divisor is zero", type 4 code 4, detected through
    S:MINOR (Logix instructions manual, DIV and MOD, Fault Conditions)."""

    index_out_of_range: VendorFault
    """An array index outside the declared bounds. S7-1500: a programming error (area length error):
    OB121 if loaded, else the CPU goes to STOP (S7-1500 system manual, events and OBs: programming
    error; *verify* the STOP without OB121 on current firmware). Logix: major fault type 4 (program
    fault) code 20, array subscript too large or too small (Logix faults manual, major fault codes)."""

    integer_overflow: VendorFault | None
    """An integer result that does not fit its destination. Logix: S:V is set and "each time S:V goes from
    cleared to set, it generates a minor fault (type 4, code 4)" (Logix controller information and status
    manual, 1756-PM015, status keywords). S7-1500: the value wraps and only the OV status / ENO tell
    (TIA help, EN/ENO mechanism): not a CPU fault, so None (the overflow is still counted)."""

    timer_preset_latched: bool
    """S7-1500 IEC timers take PT into their instance data only when the edge at IN changes, so a PT
    changed while the timer runs applies from the next start (TIA help TON and TOF, "Updating the
    actual values in the instance data", PT input; TP and TONR not modelled yet). IEC/CODESYS timers
    compare with PT at every call."""

    timer_outputs_on_access: bool
    """S7-1500 IEC timers (TON, TOF) update Q and ET when the instruction is called and also when Q or
    ET are accessed, so a timer no longer called still times out (TIA help TON and TOF, "Q and ET
    outputs"). Logix timers update ACC/DN only when the instruction executes (Logix instructions
    manual, TONR/RTOR/TOFR, Execution)."""


SCL = Dialect(
    name="scl",
    module_io_names=False,
    nonretentive_assign=False,
    numeric_bit_member=False,
    status_flags=False,
    instruction_calls=False,
    promote_integers=False,
    bool_from_integer=False,
    implicit_real_to_integer=False,
    division_by_zero=VendorFault("S7 ENO = FALSE (integer division by zero)", stops=False),
    index_out_of_range=VendorFault("S7 programming error: area length error (OB121, else STOP)", stops=True),
    integer_overflow=None,
    timer_preset_latched=True,
    timer_outputs_on_access=True,
)
"""Siemens S7-1200/1500 SCL (TIA Portal)."""

IEC = replace(SCL, name="iec", timer_preset_latched=False, timer_outputs_on_access=False)
"""IEC 61131-3 ST / CODESYS: the engine runs it with the S7-1500 semantics (the same choices as SCL),
except for the S7-specific IEC timer instance updates."""

LOGIX = Dialect(
    name="logix",
    module_io_names=True,
    nonretentive_assign=True,
    numeric_bit_member=True,
    status_flags=True,
    instruction_calls=True,
    promote_integers=True,
    bool_from_integer=True,
    implicit_real_to_integer=True,
    division_by_zero=VendorFault("Logix minor fault type 4 code 4 (S:MINOR)", stops=False),
    index_out_of_range=VendorFault("Logix major fault type 4 code 20 (array subscript out of range)", stops=True),
    integer_overflow=VendorFault("Logix minor fault type 4 code 4 (S:V, value does not fit)", stops=False),
    timer_preset_latched=False,
    timer_outputs_on_access=False,
)
"""Rockwell Logix 5000 ST routines (Studio 5000, from an L5X export)."""

DIALECTS: dict[str, Dialect] = {d.name: d for d in (SCL, IEC, LOGIX)}
"""Every dialect by name."""


def dialect_named(name: str) -> Dialect:
    """The dialect called ``name``; an :class:`~hil.errors.InputError` naming the close ones otherwise."""
    found = DIALECTS.get(name.casefold())
    if found is None:
        raise InputError(f"dialect '{name}' is not supported (supported: {', '.join(DIALECTS)})",
                         suggestions=close_matches(name, list(DIALECTS)))
    return found
