"""What the scan runtime runs: one program protocol for both vendors.

A compiled ST program (:class:`hil.st.StProgram`, the L5X routines in :class:`~hil.softplc.LogixStProgram`)
or a Python class written for a test implements it. Required: ``cycle_ns``, ``check``, ``reset``, ``scan``.
Optional, with the runtime's default when absent (so a ten-line test program stays ten lines):

* ``reset(kind)``: ``kind`` is ``"cold"`` (every variable to its start value) or ``"warm"`` (non-retain data
  to start values, RETAIN kept; S7-1500 System Manual, "Operating modes"). A ``reset()`` without the
  argument is called for a cold restart only; for a warm one the runtime calls ``warm_restart()`` if the
  program has it, else nothing (a program without retain semantics has nothing to reset).
* ``startup(io, now_ns)``: run once before the first scan after a start (S7: OB100; Logix: the prescan,
  with ``S:FS`` set on the first scan after it).
* ``cyclic_obs``: the cyclic interrupt OBs (OB30–OB38) as ``(name, interval_ns or None[, phase_ns])``, scheduled
  by the runtime; ``run_ob(name, io, now_ns)`` runs one of them.
* ``faults``: runtime errors recorded by the program (see :mod:`hil.st`).
"""
from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from hil.softplc._image import ProgramIO

__all__ = ["ControlProgram", "ProgramIO", "RestartKind"]

RestartKind = str  # "cold" | "warm"


@runtime_checkable
class ControlProgram(Protocol):
    """A PLC program. ``cycle_ns`` is the task interval it declares (the OB1 / periodic-task period)."""

    cycle_ns: int

    def check(self, memory: Any) -> None:
        """Raise if the program uses tags the memory does not define (called once, before the first scan)."""

    def reset(self) -> None:
        """Forget all state (a cold restart); see the module docstring for ``reset(kind)``."""

    def scan(self, io: Any, now_ns: int) -> None:
        """Run one scan of the cyclic program at virtual time ``now_ns``."""


def reset_program(program: Any, kind: RestartKind) -> None:
    """``program.reset(kind)``, or what an older program offers for it (see the module docstring)."""
    reset = program.reset
    if _takes_argument(reset):
        reset(kind)
    elif kind == "cold":
        reset()
    else:
        warm = getattr(program, "warm_restart", None)
        if callable(warm):
            warm()


def cyclic_obs(program: Any) -> Sequence[tuple[Any, ...]]:
    return tuple(getattr(program, "cyclic_obs", ()))


def _takes_argument(method: Any) -> bool:
    try:
        parameters = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: assume the old protocol
        return False
    return any(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL) for p in parameters)
