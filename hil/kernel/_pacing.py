"""Pacing virtual time at N times real time, for watching a run (an HMI, a trend) as it happens.

Pacing only slows the loop down to ``factor`` virtual seconds per wall second; it never changes what
happens, so a paced run's trace is bit-identical to an unpaced one.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from hil.errors import ConfigError

__all__ = ["Pacer"]


class Pacer:
    """Sleeps so that virtual time runs at most ``factor`` times faster than the wall clock."""

    def __init__(self, factor: float, *, clock: Callable[[], int] = time.monotonic_ns,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if not factor > 0:
            raise ConfigError(f"the pace must be a positive multiple of real time, not {factor}")
        self.factor = factor
        self._clock, self._sleep = clock, sleep
        self._origin: tuple[int, int] | None = None  # (wall ns, virtual ns) when pacing began

    def wait(self, virtual_ns: int) -> None:
        """Called after each cycle with the virtual time reached."""
        if self._origin is None:
            self._origin = (self._clock(), virtual_ns)
            return
        wall_origin, virtual_origin = self._origin
        due = wall_origin + (virtual_ns - virtual_origin) / self.factor
        ahead = due - self._clock()
        if ahead > 0:
            self._sleep(ahead / 1e9)
