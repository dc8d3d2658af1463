"""Helpers that generated code calls: PLC-exact arithmetic, conversions and string functions.

Generated code inlines the cheap cases (integer wrap, comparisons); these cover what needs a branch or
a library call. Every function is pure and takes Python values in the engine's representation
(see :mod:`hil.st._types`).
"""
from __future__ import annotations

import math
from array import array
from dataclasses import dataclass, replace

from hil.st._errors import StRuntimeError

__all__ = [
    "f32", "idiv", "imod", "rdiv", "rpow", "ipow", "round_even", "trunc_int", "oob", "s_left", "s_right", "s_mid",
    "s_find", "s_delete", "s_insert", "s_replace", "rmath", "shl", "shr", "rol", "ror", "for_range", "chr8",
    "rfloor", "rceil", "time_ms", "copy_structs", "ovf", "Faults", "FaultRecord",
]

_F32 = array("f", [0.0])


def f32(value: float) -> float:
    """Round to the nearest float32, as a REAL store on the PLC does (overflow gives ±inf)."""
    _F32[0] = value
    return _F32[0]


def idiv(a: int, b: int, site: str = "") -> int:
    """IEC integer division: truncates toward zero (Python ``//`` floors). Division by zero gives 0; a
    program's :class:`Faults` records it at ``site`` (``POU|file:line:col``)."""
    if b == 0:
        return 0
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def imod(a: int, b: int, site: str = "") -> int:
    """IEC MOD: the remainder takes the sign of the dividend (Python ``%`` takes the divisor's)."""
    if b == 0:
        return 0
    r = abs(a) % abs(b)
    return -r if a < 0 else r


def rdiv(a: float, b: float) -> float:
    """Real division with IEEE-754 results for a zero divisor (±inf, NaN) instead of an exception."""
    if b == 0.0:
        if a == 0.0 or a != a:
            return math.nan
        negative = (a < 0) != (math.copysign(1.0, b) < 0)
        return -math.inf if negative else math.inf
    return a / b


def rpow(a: float, b: float) -> float:
    """``**`` / EXPT on reals; domain errors give NaN, overflow +inf (as the FPU does)."""
    try:
        result = math.pow(a, b)
    except (ValueError, ZeroDivisionError):
        return math.nan
    except OverflowError:
        return math.inf
    return result


def ipow(a: int, b: int) -> int:
    """``**`` on integers (before the caller wraps the result to the operand type)."""
    if b < 0:
        return 0 if abs(a) != 1 else (1 if a == 1 or b % 2 == 0 else -1)
    return a**b if b < 64 or abs(a) <= 1 else 0


def round_even(x: float) -> int:
    """REAL → integer rounding: nearest, ties to even (policy ``real_to_int``); NaN and ±inf give 0."""
    if x != x or x in (math.inf, -math.inf):
        return 0
    return round(x)


def trunc_int(x: float) -> int:
    """TRUNC: toward zero; NaN and ±inf give 0."""
    if x != x or x in (math.inf, -math.inf):
        return 0
    return int(x)


def rmath(name: str, x: float) -> float:
    """SQRT/LN/LOG/EXP/trig with NaN for domain errors (the PLC sets ENO FALSE and returns NaN)."""
    try:
        return _MATH[name](x)
    except (ValueError, OverflowError):
        return math.nan if name != "EXP" else math.inf


_MATH = {"SQRT": math.sqrt, "LN": math.log, "LOG": math.log10, "EXP": math.exp, "SIN": math.sin, "COS": math.cos,
         "TAN": math.tan, "ASIN": math.asin, "ACOS": math.acos, "ATAN": math.atan}


def oob(index: int, low: int, high: int, where: str, pou: str = "") -> int:
    """Raise for an array index out of bounds (the PLC's programming-error fault): never wrap like Python."""
    raise StRuntimeError(f"{where}: array index {index} is outside {low}..{high}")


def for_range(start: int, end: int, step: int, where: str) -> range:
    """The values a FOR loop takes (bounds and step evaluated once, when the loop starts)."""
    if step == 0:
        raise StRuntimeError(f"{where}: FOR with BY 0 never ends")
    return range(start, end + (1 if step > 0 else -1), step)


def s_left(s: str, n: int) -> str:
    return s[:max(n, 0)]


def s_right(s: str, n: int) -> str:
    return s[len(s) - n:] if 0 < n else ""


def s_mid(s: str, n: int, p: int) -> str:
    """MID(IN, L, P): ``L`` characters from position ``P`` (1-based)."""
    if p < 1 or n <= 0:
        return ""
    return s[p - 1:p - 1 + n]


def s_find(s: str, sub: str) -> int:
    """FIND(IN1, IN2): 1-based position of IN2 in IN1, 0 if absent."""
    return s.find(sub) + 1 if sub else 0


def s_delete(s: str, n: int, p: int) -> str:
    if p < 1 or n <= 0:
        return s
    return s[:p - 1] + s[p - 1 + n:]


def s_insert(s: str, ins: str, p: int) -> str:
    p = max(0, min(p, len(s)))
    return s[:p] + ins + s[p:]


def s_replace(s: str, rep: str, n: int, p: int) -> str:
    if p < 1:
        return s
    return s[:p - 1] + rep + s[p - 1 + max(n, 0):]


def shl(x: int, n: int, bits: int) -> int:
    return (x << n) & ((1 << bits) - 1) if 0 <= n < bits else 0


def shr(x: int, n: int, bits: int) -> int:
    return (x & ((1 << bits) - 1)) >> n if 0 <= n < bits else 0


def rol(x: int, n: int, bits: int) -> int:
    n %= bits
    mask = (1 << bits) - 1
    x &= mask
    return ((x << n) | (x >> (bits - n))) & mask


def ror(x: int, n: int, bits: int) -> int:
    return rol(x, bits - n % bits, bits)


def chr8(code: int) -> str:
    return chr(code & 0xFF)


def rfloor(x: float) -> int:
    return 0 if x != x or x in (math.inf, -math.inf) else math.floor(x)


def rceil(x: float) -> int:
    return 0 if x != x or x in (math.inf, -math.inf) else math.ceil(x)


def time_ms(ns: int) -> int:
    """TIME as S7 memory holds it: DINT milliseconds (truncated toward zero, wrapped to 32 bits)."""
    ms = abs(ns) // 1_000_000
    ms = -ms if ns < 0 else ms
    return ((ms + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


def copy_structs(items: list) -> list:  # type: ignore[type-arg]
    """A copy of an array of structs (ST assignment copies values)."""
    return [item._copy() for item in items]


def ovf(value: int, low: int, span: int, site: str = "") -> int:
    """Wrap an integer that left its type's range (the slow path of the inline wrap)."""
    return ((value - low) & span) + low


@dataclass
class FaultRecord:
    """One runtime error the program hit, as the CPU reports it; repeated hits at the same place count up.

    ``kind`` is ``"div_by_zero"``, ``"array_bounds"`` or ``"overflow"`` (where the dialect makes it a fault); ``code`` how the vendor reports it (from the
    dialect: S7 ENO / programming error, Logix minor or major fault type and code); ``stops`` whether the
    CPU leaves RUN for it (S7: STOP without an OB121; Logix: a major fault)."""

    kind: str
    code: str
    stops: bool
    pou: str
    where: str  # file:line:col of the expression
    first_ns: int  # virtual time of the first occurrence
    last_ns: int
    count: int = 1

    def __str__(self) -> str:
        return (f"{self.where}: {self.kind.replace('_', ' ')} in {self.pou or 'the program'} ({self.code}), "
                f"first at {self.first_ns / 1e6:g} ms, {self.count}x")


# Until a generated module says otherwise (its _FAULT_CODES constant, from the dialect).
_DEFAULT_CODES = {"div_by_zero": ("division by zero", False), "array_bounds": ("array index out of bounds", True),
                  "overflow": ("integer overflow", False)}


class Faults:
    """What a PLC would flag since the last (re)start, for tests and the kernel to assert on.

    Counters: ``overflow`` (an integer result or conversion wrapped; S7 OV/ENO, Logix S:V) and
    ``div_by_zero`` (integer or REAL division/MOD by zero). :attr:`records`: one :class:`FaultRecord` per
    place (POU, file:line:col) where an integer division/MOD by zero or an array index out of bounds
    happened, with the vendor's code and the first-seen virtual time. :attr:`minor` is the Logix
    ``S:MINOR`` view (a recorded fault that does not stop the CPU); :attr:`major` the first that does."""

    __slots__ = ("_index", "div_by_zero", "overflow", "records", "s_minor")

    def __init__(self) -> None:
        self.overflow = 0
        self.div_by_zero = 0
        self.s_minor = False  # Logix S:MINOR: set by a minor fault, cleared by the program (or a restart)
        self.records: list[FaultRecord] = []
        self._index: dict[tuple[str, str], FaultRecord] = {}

    def as_dict(self) -> dict[str, int]:
        return {"overflow": self.overflow, "div_by_zero": self.div_by_zero}

    @property
    def minor(self) -> bool:
        return any(not r.stops for r in self.records)

    @property
    def major(self) -> FaultRecord | None:
        return next((r for r in self.records if r.stops), None)

    def clear(self) -> None:
        """Forget everything (a restart)."""
        self.overflow = self.div_by_zero = 0
        self.s_minor = False
        self.records.clear()
        self._index.clear()

    def copy(self) -> Faults:
        other = Faults()
        other.overflow, other.div_by_zero, other.s_minor = self.overflow, self.div_by_zero, self.s_minor
        other.records = [replace(r) for r in self.records]
        other._index = {(r.kind, f"{r.pou}|{r.where}"): r for r in other.records}
        return other

    def record(self, kind: str, site: str, now_ns: int, codes: dict[str, tuple[str, bool]]) -> FaultRecord:
        """Count one occurrence of ``kind`` at ``site`` (``POU|file:line:col``)."""
        found = self._index.get((kind, site))
        if found is None:
            pou, _, where = site.partition("|")
            code, stops = codes.get(kind, _DEFAULT_CODES[kind])
            found = FaultRecord(kind, code, stops, pou, where, now_ns, now_ns, count=0)
            self._index[(kind, site)] = found
            self.records.append(found)
        found.count += 1
        found.last_ns = now_ns
        if not found.stops:
            self.s_minor = True
        return found

    def bind(self, ns: dict) -> None:  # type: ignore[type-arg]
        """Install counting versions of the helpers into a program's namespace (its module globals)."""
        faults = self

        def codes() -> dict[str, tuple[str, bool]]:
            return ns.get("_FAULT_CODES", _DEFAULT_CODES)  # type: ignore[no-any-return]

        def counting_ovf(value: int, low: int, span: int, site: str = "") -> int:
            faults.overflow += 1
            if site:  # a dialect where an overflow is a fault (Logix minor fault 4/4)
                faults.record("overflow", site, ns.get("_NOW", 0), codes())
            return ((value - low) & span) + low

        def counting_idiv(a: int, b: int, site: str = "") -> int:
            if b == 0:
                faults.div_by_zero += 1
                if site:
                    faults.record("div_by_zero", site, ns.get("_NOW", 0), codes())
                return 0
            q = abs(a) // abs(b)
            return q if (a < 0) == (b < 0) else -q

        def counting_imod(a: int, b: int, site: str = "") -> int:
            if b == 0:
                faults.div_by_zero += 1
                if site:
                    faults.record("div_by_zero", site, ns.get("_NOW", 0), codes())
                return 0
            r = abs(a) % abs(b)
            return -r if a < 0 else r

        def counting_rdiv(a: float, b: float) -> float:
            if b == 0.0:
                faults.div_by_zero += 1
                return rdiv(a, b)
            return a / b

        def recording_oob(index: int, low: int, high: int, where: str, pou: str = "") -> int:
            record = faults.record("array_bounds", f"{pou}|{where}", ns.get("_NOW", 0), codes())
            raise StRuntimeError(f"{where}: array index {index} is outside {low}..{high} ({record.code})")

        ns["_ovf"] = counting_ovf
        ns["_idiv"] = counting_idiv
        ns["_imod"] = counting_imod
        ns["_rdiv"] = counting_rdiv
        ns["_oob"] = recording_oob
        ns["_SF"] = self  # the status flags generated code reads (Logix S:MINOR)
