"""The S7-1500 behaviour of the IEC timers TON and TOF, where it differs from the plain IEC blocks of
:mod:`hil.st.runtime` (TIA Portal help, TON / TOF, "Updating the actual values in the instance data"):

* PT input: the value at PT is written into the instance only when the edge at IN changes, so a PT
  changed while the timer runs takes effect at the next start (:attr:`Dialect.timer_preset_latched`;
  the shared timer steps read the class flag ``LATCH_PT``);
* Q and ET outputs: updated when the instruction is called and also when Q or ET are accessed, so a timer
  that is no longer called still times out for whoever reads it (:attr:`Dialect.timer_outputs_on_access`;
  the emitter reads ``t.Q`` / ``t.ET`` as ``t.q_at(_NOW)`` / ``t.et_at(_NOW)``).

TP and TONR keep the IEC behaviour until their help sections are checked.
"""
from __future__ import annotations

from typing import Any

from hil.st.runtime import IEC_TIMER, TOF, TON, _Timer, _tof, _ton, _tonr, _tp

__all__ = ["S7_BUILTINS", "S7_IEC_TIMER", "S7_TOF", "S7_TON"]


def _ton_refresh(self: _Timer, now_ns: int) -> None:
    """Bring Q and ET up to ``now_ns`` from the instance data alone (no call: IN and PT as stored)."""
    if self.IN and self._start is not None and not self.Q:  # timing and not done: the only case that moves
        elapsed = now_ns - self._start
        preset = self.PT if self.PT > 0 else 0
        self.ET = elapsed if elapsed < preset else preset
        self.Q = elapsed >= preset


def _tof_refresh(self: _Timer, now_ns: int) -> None:
    if not self.IN and self._start is not None and self.Q:
        elapsed = now_ns - self._start
        preset = self.PT if self.PT > 0 else 0
        if elapsed >= preset:
            self.ET = preset
            self.Q = False
        else:
            self.ET = elapsed


class _OnAccess:
    """Reads of Q and ET that bring the instance up to date first (mixed into the S7 timer classes)."""

    __slots__ = ()

    def _refresh(self, now_ns: int) -> None:  # pragma: no cover - every S7 timer class sets its own
        raise NotImplementedError

    def q_at(self, now_ns: int) -> bool:
        """``Q`` read at ``now_ns``: updated first, as an S7-1500 does on access."""
        self._refresh(now_ns)
        return self.Q  # type: ignore[attr-defined, no-any-return]

    def et_at(self, now_ns: int) -> int:
        """``ET`` read at ``now_ns``: updated first, as an S7-1500 does on access."""
        self._refresh(now_ns)
        return self.ET  # type: ignore[attr-defined, no-any-return]


class S7_TON(TON):  # noqa: N801 - Siemens type name
    """TON as an S7-1500 runs it (see the module docstring)."""

    __slots__ = ()
    LATCH_PT = True

    def q_at(self, now_ns: int) -> bool:
        if self.IN and not self.Q:  # only a timer still timing can move: skip the call otherwise
            _ton_refresh(self, now_ns)
        return self.Q

    def et_at(self, now_ns: int) -> int:
        _ton_refresh(self, now_ns)
        return self.ET


class S7_TOF(_OnAccess, TOF):  # noqa: N801
    """TOF as an S7-1500 runs it (see the module docstring)."""

    __slots__ = ()
    LATCH_PT = True
    _refresh = _tof_refresh


def _as(kind: str, step: Any) -> Any:
    def call(self: S7_IEC_TIMER, *args: Any) -> bool:
        self._kind = kind
        return step(self, *args)  # type: ignore[no-any-return]
    call.__name__ = kind
    return call


class S7_IEC_TIMER(_OnAccess, IEC_TIMER):  # noqa: N801
    """``IEC_TIMER`` as an S7-1500 runs it: it remembers which timer it was last called as, so a read of
    Q or ET brings the right one up to date."""

    __slots__ = ("_kind",)
    LATCH_PT = True

    def __init__(self) -> None:
        super().__init__()
        self._kind = ""

    TON = _as("TON", _ton)
    TOF = _as("TOF", _tof)
    TP = _as("TP", _tp)
    TONR = _as("TONR", _tonr)

    def _refresh(self, now_ns: int) -> None:
        if self._kind == "TON":
            _ton_refresh(self, now_ns)
        elif self._kind == "TOF":
            _tof_refresh(self, now_ns)


S7_BUILTINS = {"TON": "S7_TON", "TOF": "S7_TOF", "IEC_TIMER": "S7_IEC_TIMER"}
"""The runtime classes that replace the IEC ones where :attr:`Dialect.timer_preset_latched` is set."""
