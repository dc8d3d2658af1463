"""Standard IEC 61131-3 function blocks and functions, on the soft PLC's virtual clock (integer nanoseconds).

Each block is called once per scan with the current virtual time, as a PLC calls an FB instance. The
blocks keep their inputs as members, so ``#t.PT`` reads the last preset and an input left out of a call
keeps its previous value (IEC semantics). Code generated from ST calls these same classes; hand-written
Python control programs may use them directly::

    timer = TON()
    timer(IN=True, PT=200 * MS, now_ns=now)   # -> Q

Siemens instance forms: ``IEC_TIMER`` (``#t.TON(…)``, ``#t.TOF(…)``, ``#t.TP(…)``, ``#t.TONR(…)``) and
``IEC_COUNTER`` (``#c.CTU(…)``, ``#c.CTD(…)``, ``#c.CTUD(…)``).
"""
from __future__ import annotations

__all__ = [
    "CTD", "CTU", "CTUD", "F_TRIG", "IEC_COUNTER", "IEC_TIMER", "R_TRIG", "RS", "SR", "TOF", "TON", "TONR", "TP",
]

# ---- timers --------------------------------------------------------------------------------------
# One state layout for every timer (and IEC_TIMER, which can be called as any of them):
# _start is the virtual time the current timing phase began (None: not timing), _prev the last IN,
# _acc the accumulated time of TONR before the current phase.
_TIMER_SLOTS = ("IN", "PT", "Q", "ET", "R", "_start", "_prev", "_acc")


def _ton(self: _Timer, IN: bool, PT: int, now_ns: int) -> bool:  # noqa: N803 - IEC parameter names
    if IN != self.IN or not self.LATCH_PT:  # S7-1500 variants take PT only on an edge at IN
        self.PT = PT
    PT = self.PT
    self.IN = IN
    if not IN:
        self._start = None
        self.ET = 0
        self.Q = False
    else:
        if self._start is None:
            self._start = now_ns
        elapsed = now_ns - self._start
        preset = PT if PT > 0 else 0
        # PT changed while timing (IEC variant): the new preset applies at once (Q may rise on this scan).
        self.ET = elapsed if elapsed < preset else preset
        self.Q = elapsed >= preset
    return self.Q


def _tof(self: _Timer, IN: bool, PT: int, now_ns: int) -> bool:  # noqa: N803
    if IN != self.IN or not self.LATCH_PT:
        self.PT = PT
    PT = self.PT
    self.IN = IN
    if IN:
        self._start = None
        self.ET = 0
        self.Q = True
    else:
        if self._start is None and self.Q:  # falling edge: start the off delay
            self._start = now_ns
        if self._start is not None:
            elapsed = now_ns - self._start
            preset = PT if PT > 0 else 0
            if elapsed >= preset:
                self.ET = preset
                self.Q = False
            else:
                self.ET = elapsed
    return self.Q


def _tp(self: _Timer, IN: bool, PT: int, now_ns: int) -> bool:  # noqa: N803
    self.PT = PT
    if IN and not self._prev and not self.Q and (self._start is None or self.ET >= (PT if PT > 0 else 0)):
        self._start = now_ns  # rising edge with no pulse running: start a pulse (not retriggerable)
        self.Q = True
    if self._start is not None:
        elapsed = now_ns - self._start
        preset = PT if PT > 0 else 0
        if elapsed >= preset:
            self.Q = False
            self.ET = preset
            if not IN:  # after the pulse ET stays at PT while IN is held, and returns to 0 when IN drops
                self._start = None
                self.ET = 0
        else:
            self.ET = elapsed
    else:
        self.ET = 0
    self.IN = IN
    self._prev = IN
    return self.Q


def _tonr(self: _Timer, IN: bool, R: bool, PT: int, now_ns: int) -> bool:  # noqa: N803
    self.IN = IN
    self.R = R
    self.PT = PT
    preset = PT if PT > 0 else 0
    if R:
        self._start = None
        self._acc = 0
        self.ET = 0
    elif IN:
        if self._start is None:
            self._start = now_ns
            self._acc = self.ET
        total = self._acc + now_ns - self._start
        self.ET = total if total < preset else preset
    else:
        self._start = None  # keep ET: the retentive timer resumes from it
    self.Q = self.ET >= preset and not R
    return self.Q


class _Timer:
    __slots__ = _TIMER_SLOTS
    # True in the S7-1500 variants (hil.st._s7timers): PT is taken only when IN changes.
    LATCH_PT = False

    def __init__(self) -> None:
        self.IN = False
        self.PT = 0
        self.Q = False
        self.ET = 0
        self.R = False
        self._start: int | None = None
        self._prev = False
        self._acc = 0


class TON(_Timer):
    """On-delay timer. ``Q`` rises when ``IN`` has been true for ``PT``; ``ET`` is the elapsed time.

    IEC semantics: timing starts on the scan that sees ``IN`` rise; ``IN`` false resets ``Q`` and ``ET``
    at once (also when it drops on the very scan ``ET`` reaches ``PT``); ``ET`` stops at ``PT``; a ``PT``
    changed while timing applies at once.
    """

    __slots__ = ()
    __call__ = _ton


class TOF(_Timer):
    """Off-delay timer: ``Q`` follows ``IN`` up at once and falls ``PT`` after ``IN`` falls."""

    __slots__ = ()
    __call__ = _tof


class TP(_Timer):
    """Pulse timer: a rising edge of ``IN`` gives a pulse of exactly ``PT``; edges during it are ignored."""

    __slots__ = ()
    __call__ = _tp


class TONR(_Timer):
    """Retentive on-delay timer (Siemens TONR_TIME): ``ET`` accumulates while ``IN`` is true; ``R`` clears it."""

    __slots__ = ()
    __call__ = _tonr


class IEC_TIMER(_Timer):  # noqa: N801 - Siemens type name
    """Siemens ``IEC_TIMER`` multi-instance: one memory, called as ``#t.TON(…)``, ``#t.TOF(…)``, ``#t.TP(…)``
    or ``#t.TONR(…)``."""

    __slots__ = ()
    TON = _ton
    TOF = _tof
    TP = _tp
    TONR = _tonr


# ---- edges and bistables -------------------------------------------------------------------------

class R_TRIG:  # noqa: N801 - IEC name
    """Rising-edge detector: ``Q`` is true for the one scan in which ``CLK`` goes from false to true.

    The edge memory starts false, so ``CLK`` already true on the first scan gives a pulse (IEC)."""

    __slots__ = ("CLK", "Q", "_last")

    def __init__(self) -> None:
        self.CLK = False
        self.Q = False
        self._last = False

    def __call__(self, CLK: bool) -> bool:  # noqa: N803 - IEC parameter name
        CLK = bool(CLK)
        self.CLK = CLK
        self.Q = CLK and not self._last
        self._last = CLK
        return self.Q


class F_TRIG:  # noqa: N801
    """Falling-edge detector: ``Q`` is true for the one scan in which ``CLK`` goes from true to false.

    The edge memory starts false, so ``CLK`` false on the first scan gives no pulse (see the dialect
    policy ``f_trig_first_scan``)."""

    __slots__ = ("CLK", "Q", "_last")

    def __init__(self) -> None:
        self.CLK = False
        self.Q = False
        self._last = False

    def __call__(self, CLK: bool) -> bool:  # noqa: N803
        CLK = bool(CLK)
        self.CLK = CLK
        self.Q = self._last and not CLK
        self._last = CLK
        return self.Q


class SR:
    """Set-dominant bistable: ``Q1 := S1 OR (NOT R AND Q1)``."""

    __slots__ = ("Q1", "R", "S1")

    def __init__(self) -> None:
        self.S1 = self.R = self.Q1 = False

    def __call__(self, S1: bool, R: bool) -> bool:  # noqa: N803
        self.S1, self.R = S1, R
        self.Q1 = bool(S1 or (not R and self.Q1))
        return self.Q1


class RS:
    """Reset-dominant bistable: ``Q1 := NOT R1 AND (S OR Q1)``."""

    __slots__ = ("Q1", "R1", "S")

    def __init__(self) -> None:
        self.S = self.R1 = self.Q1 = False

    def __call__(self, S: bool, R1: bool) -> bool:  # noqa: N803
        self.S, self.R1 = S, R1
        self.Q1 = bool(not R1 and (S or self.Q1))
        return self.Q1


# ---- counters ------------------------------------------------------------------------------------
_COUNTER_SLOTS = ("CU", "CD", "R", "LD", "PV", "Q", "QU", "QD", "CV", "_cu", "_cd")


def _ctu(self: _Counter, CU: bool, R: bool, PV: int) -> bool:  # noqa: N803
    self.CU, self.R, self.PV = CU, R, PV
    if R:
        self.CV = 0
    elif CU and not self._cu and self.CV < self._high:
        self.CV += 1
    self._cu = CU
    self.Q = self.CV >= PV
    return self.Q


def _ctd(self: _Counter, CD: bool, LD: bool, PV: int) -> bool:  # noqa: N803
    self.CD, self.LD, self.PV = CD, LD, PV
    if LD:
        self.CV = PV
    elif CD and not self._cd and self.CV > self._low:
        self.CV -= 1
    self._cd = CD
    self.Q = self.CV <= 0
    return self.Q


def _ctud(self: _Counter, CU: bool, CD: bool, R: bool, LD: bool, PV: int) -> bool:  # noqa: N803
    self.CU, self.CD, self.R, self.LD, self.PV = CU, CD, R, LD, PV
    up = CU and not self._cu
    down = CD and not self._cd
    if R:  # R has priority over LD
        self.CV = 0
    elif LD:
        self.CV = PV
    elif up and not down:
        if self.CV < self._high:
            self.CV += 1
    elif down and not up and self.CV > self._low:
        self.CV -= 1
    self._cu, self._cd = CU, CD
    self.QU = self.CV >= PV
    self.QD = self.CV <= 0
    return self.QU


class _Counter:
    __slots__ = _COUNTER_SLOTS
    _low, _high = -32768, 32767  # CV is INT unless a typed variant (CTU_DINT, …) says otherwise

    def __init__(self) -> None:
        self.CU = self.CD = self.R = self.LD = False
        self.PV = 0
        self.Q = self.QU = self.QD = False
        self.CV = 0
        self._cu = self._cd = False


class CTU(_Counter):
    """Up counter: a rising edge of ``CU`` increments ``CV`` (up to the type's maximum); ``R`` clears it;
    ``Q := CV >= PV``."""

    __slots__ = ()
    __call__ = _ctu


class CTD(_Counter):
    """Down counter: ``LD`` loads ``PV``; a rising edge of ``CD`` decrements ``CV``; ``Q := CV <= 0``."""

    __slots__ = ()
    __call__ = _ctd


class CTUD(_Counter):
    """Up/down counter: ``R`` before ``LD``; simultaneous ``CU`` and ``CD`` edges do nothing."""

    __slots__ = ()
    __call__ = _ctud


class IEC_COUNTER(_Counter):  # noqa: N801
    """Siemens ``IEC_COUNTER`` multi-instance, called as ``#c.CTU(…)``, ``#c.CTD(…)`` or ``#c.CTUD(…)``."""

    __slots__ = ()
    CTU = _ctu
    CTD = _ctd
    CTUD = _ctud


def counter_class(base: type[_Counter], name: str, low: int, high: int) -> type[_Counter]:
    """A typed counter (CTU_DINT, CTUD_UDINT, …): the same block with CV limited to another range."""
    return type(name, (base,), {"__slots__": (), "_low": low, "_high": high})


_COUNTER_RANGES = {"SINT": (-128, 127), "INT": (-32768, 32767), "DINT": (-(1 << 31), (1 << 31) - 1),
                   "LINT": (-(1 << 63), (1 << 63) - 1), "USINT": (0, 255), "UINT": (0, 65535),
                   "UDINT": (0, (1 << 32) - 1), "ULINT": (0, (1 << 64) - 1)}
for _base in (CTU, CTD, CTUD):
    for _suffix, (_low, _high) in _COUNTER_RANGES.items():
        _name = f"{_base.__name__}_{_suffix}"
        globals()[_name] = counter_class(_base, _name, _low, _high)
        __all__.append(_name)
