"""The engine's type model: elementary types with their PLC semantics, strings, arrays, structs and FBs.

Python representations (what generated code holds in a variable):

========================  ================================================================
BOOL                      ``bool``
SINT … ULINT, BYTE … LWORD ``int`` kept inside the type's range (wrapped after every operation)
REAL                      ``float`` holding a float32 value (rounded after every operation)
LREAL                     ``float`` (float64)
TIME, LTIME               ``int`` nanoseconds (S7 memory holds TIME as DINT milliseconds)
CHAR, STRING[n]           ``str`` (STRING truncated to n characters on every store)
ARRAY                     ``list`` flattened row-major, indexed from the lower bounds
STRUCT / UDT / FB         an instance of a generated class with ``__slots__``
========================  ================================================================
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ANY_INT", "ANY_REAL", "ArrayT", "BOOL", "ELEMENTARY", "Elem", "FbT", "FieldT", "StringT", "StructT", "Type",
    "TIME", "REAL", "LREAL", "DINT", "INT", "describe",
]


class Type:
    """Base of all engine types."""

    def __str__(self) -> str:
        return str(getattr(self, "name", "?"))


@dataclass(frozen=True, eq=False)
class Elem(Type):
    """An elementary type. ``kind`` is bool, int (signed/unsigned integer), bits (BYTE…LWORD),
    real, time or char; ``bits`` the width."""

    name: str
    kind: str
    bits: int
    signed: bool = False

    @property
    def low(self) -> int:
        return -(1 << (self.bits - 1)) if self.signed else 0

    @property
    def high(self) -> int:
        return (1 << (self.bits - 1)) - 1 if self.signed else (1 << self.bits) - 1

    @property
    def is_integral(self) -> bool:
        return self.kind in ("int", "bits")

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("int", "bits", "real")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Elem) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


def _elem(name: str, kind: str, bits: int, signed: bool = False) -> Elem:
    return Elem(name, kind, bits, signed)


BOOL = _elem("BOOL", "bool", 1)
SINT, INT, DINT, LINT = (_elem(n, "int", b, True) for n, b in (("SINT", 8), ("INT", 16), ("DINT", 32), ("LINT", 64)))
USINT, UINT, UDINT, ULINT = (_elem(n, "int", b) for n, b in (("USINT", 8), ("UINT", 16), ("UDINT", 32), ("ULINT", 64)))
BYTE, WORD, DWORD, LWORD = (_elem(n, "bits", b) for n, b in (("BYTE", 8), ("WORD", 16), ("DWORD", 32), ("LWORD", 64)))
REAL = _elem("REAL", "real", 32, True)
LREAL = _elem("LREAL", "real", 64, True)
TIME = _elem("TIME", "time", 32, True)
LTIME = _elem("LTIME", "time", 64, True)
CHAR = _elem("CHAR", "char", 8)
# Types of untyped literals: they take the type of the other operand or of the assignment target.
ANY_INT = _elem("ANY_INT", "int", 64, True)
ANY_REAL = _elem("ANY_REAL", "real", 64, True)

ELEMENTARY: dict[str, Elem] = {t.name: t for t in (
    BOOL, SINT, INT, DINT, LINT, USINT, UINT, UDINT, ULINT, BYTE, WORD, DWORD, LWORD, REAL, LREAL, TIME, LTIME, CHAR)}


@dataclass(frozen=True, eq=False)
class StringT(Type):
    """STRING[length]: S7 memory holds a 2-byte header (max length, actual length) and ``length`` bytes."""

    length: int = 254

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"STRING[{self.length}]"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StringT) and other.length == self.length

    def __hash__(self) -> int:
        return hash(("STRING", self.length))


@dataclass(frozen=True, eq=False)
class ArrayT(Type):
    """ARRAY[lo..hi, …] OF element, stored flat (row-major) in a Python list."""

    element: Type
    dims: tuple[tuple[int, int], ...]

    @property
    def name(self) -> str:  # type: ignore[override]
        bounds = ", ".join(f"{lo}..{hi}" for lo, hi in self.dims)
        return f"ARRAY[{bounds}] OF {self.element}"

    @property
    def count(self) -> int:
        total = 1
        for lo, hi in self.dims:
            total *= hi - lo + 1
        return total

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ArrayT) and other.dims == self.dims and other.element == self.element

    def __hash__(self) -> int:
        return hash(("ARRAY", self.dims))


@dataclass(eq=False)
class FieldT:
    """A member of a struct or FB: its declared name, type, initial value (Python value or None),
    the section it was declared in and its declaration's trailing comment."""

    name: str
    type: Type
    init: Any = None
    section: str = "VAR"
    comment: str = ""
    span: Any = None

    @property
    def py(self) -> str:
        return pyname(self.name)


@dataclass(eq=False)
class StructT(Type):
    """A STRUCT or UDT: an ordered set of fields. UDTs compare by name, anonymous structs by identity."""

    name: str
    fields: dict[str, FieldT] = field(default_factory=dict)  # keys casefolded
    anonymous: bool = False
    pyclass: str = ""

    def lookup(self, name: str) -> FieldT | None:
        return self.fields.get(name.casefold())


@dataclass(eq=False)
class FbT(StructT):
    """A function block type (user FB or a runtime standard FB). Its fields are its interface and statics.

    ``builtin`` names the runtime class for standard blocks (TON, R_TRIG, …); ``methods`` lists the
    IEC_TIMER / IEC_COUNTER call forms (``#t.TON(…)``) with the runtime method that implements each.
    """

    builtin: str = ""
    timed: bool = False  # the runtime call takes the virtual clock
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    inouts: list[str] = field(default_factory=list)
    methods: dict[str, FbT] = field(default_factory=dict)
    hidden_bytes: int = 0  # size of the block's internal memory in an S7 instance DB (layout only)


def describe(t: Type) -> str:
    return str(t)


_PY_RESERVED = frozenset("""False None True and as assert async await break class continue def del elif else except
finally for from global if import in is lambda nonlocal not or pass raise return try while with yield self""".split())


def pyname(name: str) -> str:
    """A Python attribute name for an ST member name (ST names are identifiers already)."""
    if name in _PY_RESERVED or name.startswith("_") or not name.isidentifier():
        return "v_" + "".join(ch if ch.isalnum() else "_" for ch in name)
    return name
