"""Today's soft PLC objects under the names the soft PLC facades are getting (temporary; see the contract).

The softplc room is unifying ``S7SoftPlc`` and ``LogixSoftPlc`` behind one set of names (``memory``, ``scans``,
``set_running``, ``snapshot``/``restore``, ...). Until that lands, :func:`soft_plc_view` presents what exists
today (``S7SoftPlc``/``ScanRuntime`` with a process image; ``LogixSoftPlc`` with a tag database and a keyswitch)
under those names. An object that already has them is returned as it is, so this module can be deleted, with
its call sites in :mod:`hil.plc._target` and :mod:`hil.plc._inprocess`, once every facade has them.
"""
from __future__ import annotations

from typing import Any

from hil.errors import PlcError

__all__ = ["SoftPlcLike", "SoftPlcView", "soft_plc_view"]

SoftPlcLike = Any  # a soft PLC facade of today (S7SoftPlc, LogixSoftPlc, ScanRuntime), adapted by soft_plc_view

_CONTRACT = ("memory", "scans", "advance", "set_running", "snapshot", "restore", "cold_restart", "cycle_ns")


class SoftPlcView:
    """``plc`` under the facade names: Steppable, plus ``memory`` (S7 process image or Logix tag database)."""

    def __init__(self, plc: Any) -> None:
        self.plc = plc
        runtime = getattr(plc, "runtime", None)  # S7SoftPlc: the ScanRuntime inside
        is_runtime = hasattr(plc, "image") or hasattr(plc, "memory")
        self._runtime = runtime if runtime is not None else (plc if is_runtime else None)
        memory = getattr(plc, "memory", None)
        if memory is None and self._runtime is not None:
            memory = getattr(self._runtime, "memory", None) or self._runtime.image
        self.memory = memory if memory is not None else getattr(plc, "db", None)

    @property
    def cycle_ns(self) -> int:
        return int(self.plc.cycle_ns)

    @property
    def scans(self) -> int:
        return int(self._runtime.scans if self._runtime is not None else self.plc.scans)

    def advance(self, duration_ns: int) -> int:
        return int(self.plc.advance(duration_ns))

    def cold_restart(self) -> None:
        self.plc.cold_restart()

    def set_running(self, running: bool) -> None:
        if self._runtime is not None:
            self._runtime.set_running(running)
        else:  # today's LogixSoftPlc: the keyswitch
            self.plc.mode = "REMOTE RUN" if running else "REMOTE PROG"

    def snapshot(self) -> Any:
        if not hasattr(self.plc, "snapshot"):
            raise PlcError(f"soft PLC '{getattr(self.plc, 'name', '?')}': its state cannot be saved yet")
        return self.plc.snapshot()

    def restore(self, snapshot: Any) -> None:
        if not hasattr(self.plc, "restore"):
            raise PlcError(f"soft PLC '{getattr(self.plc, 'name', '?')}': its state cannot be restored yet")
        self.plc.restore(snapshot)


def soft_plc_view(plc: Any) -> Any:
    """``plc`` itself if it has the facade names already, else a :class:`SoftPlcView` of it."""
    if all(hasattr(plc, name) for name in _CONTRACT):
        return plc
    return SoftPlcView(plc)
