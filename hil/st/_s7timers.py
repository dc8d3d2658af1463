"""The S7-1500 behaviour of the IEC timers TON and TOF, where it differs from the plain IEC blocks of
:mod:`hil.st.runtime` (TIA Portal help, TON / TOF, "Updating the actual values in the instance data"):

* PT input: the value at PT is written into the instance only when IN changes (an edge), so a PT
  changed while the timer runs takes effect at the next start (:attr:`Dialect.timer_preset_latched`);
* Q and ET outputs: updated when the instruction is called and also when Q or ET are read, so a timer
  that is no longer called still times out for whoever reads it (:attr:`Dialect.timer_outputs_on_access`;
  the emitter reads ``t.Q`` / ``t.ET`` through :func:`t_q` / :func:`t_et`).

TP and TONR keep the IEC behaviour until their help sections are checked.
"""
from __future__ import annotations

from typing import Any

from hil.st.runtime import IEC_TIMER, TOF, TON, _Timer, _tof, _ton, _tonr, _tp

__all__ = ["S7_IEC_TIMER", "S7_TOF", "S7_TON", "t_et", "t_q"]


def _ton_latched(self: _Timer, IN: bool, PT: int, now_ns: int) -> bool:  # noqa: N803 - IEC parameter names
    if IN != self.IN:  # an edge at IN: the instance takes PT (TIA help TON, "PT input")
        self.PT = PT
    return _ton(self, IN, self.PT, now_ns)


def _tof_latched(self: _Timer, IN: bool, PT: int, now_ns: int) -> bool:  # noqa: N803
    if IN != self.IN:  # an edge at IN: the instance takes PT (TIA help TOF, "PT input")
        self.PT = PT
    return _tof(self, IN, self.PT, now_ns)


def _ton_refresh(self: _Timer, now_ns: int) -> None:
    """Bring Q and ET up to ``now_ns`` from the instance data alone (no call: IN and PT as stored)."""
    if self.IN and self._start is not None:
        elapsed = now_ns - self._start
        preset = self.PT if self.PT > 0 else 0
        self.ET = elapsed if elapsed < preset else preset
        self.Q = elapsed >= preset


def _tof_refresh(self: _Timer, now_ns: int) -> None:
    if not self.IN and self._start is not None:
        elapsed = now_ns - self._start
        preset = self.PT if self.PT > 0 else 0
        if elapsed >= preset:
            self.ET = preset
            self.Q = False
        else:
            self.ET = elapsed


class S7_TON(TON):  # noqa: N801 - Siemens type name
    """TON as an S7-1500 runs it (see the module docstring)."""

    __slots__ = ()
    __call__ = _ton_latched
    _refresh = _ton_refresh


class S7_TOF(TOF):  # noqa: N801
    """TOF as an S7-1500 runs it (see the module docstring)."""

    __slots__ = ()
    __call__ = _tof_latched
    _refresh = _tof_refresh


def _as(kind: str, step: Any) -> Any:
    def call(self: S7_IEC_TIMER, *args: Any) -> bool:
        self._kind = kind
        return step(self, *args)  # type: ignore[no-any-return]
    call.__name__ = kind
    return call


class S7_IEC_TIMER(IEC_TIMER):  # noqa: N801
    """``IEC_TIMER`` as an S7-1500 runs it: it remembers which timer it was last called as, so a read of
    Q or ET brings the right one up to date."""

    __slots__ = ("_kind",)

    def __init__(self) -> None:
        super().__init__()
        self._kind = ""

    TON = _as("TON", _ton_latched)
    TOF = _as("TOF", _tof_latched)
    TP = _as("TP", _tp)
    TONR = _as("TONR", _tonr)

    def _refresh(self, now_ns: int) -> None:
        if self._kind == "TON":
            _ton_refresh(self, now_ns)
        elif self._kind == "TOF":
            _tof_refresh(self, now_ns)


def t_q(timer: Any, now_ns: int) -> bool:
    """``timer.Q`` read at ``now_ns``: updated first, as an S7-1500 does on access."""
    timer._refresh(now_ns)
    return timer.Q  # type: ignore[no-any-return]


def t_et(timer: Any, now_ns: int) -> int:
    """``timer.ET`` read at ``now_ns``: updated first, as an S7-1500 does on access."""
    timer._refresh(now_ns)
    return timer.ET  # type: ignore[no-any-return]


S7_BUILTINS = {"TON": "S7_TON", "TOF": "S7_TOF", "IEC_TIMER": "S7_IEC_TIMER"}
"""The runtime classes that replace the IEC ones where :attr:`Dialect.timer_preset_latched` is set."""
