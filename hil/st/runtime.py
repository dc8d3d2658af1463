"""Standard IEC 61131-3 function blocks, on the soft PLC's virtual clock (integer nanoseconds).

Each block is called once per scan with the current virtual time, as a PLC calls an FB instance.
"""
from __future__ import annotations

__all__ = ["R_TRIG", "TON"]


class TON:
    """On-delay timer. ``Q`` rises when ``IN`` has been true for ``PT``; ``ET`` is the elapsed time.

    IEC semantics: timing starts on the scan that sees ``IN`` rise; ``IN`` false resets ``Q`` and ``ET``;
    ``ET`` stops at ``PT``.
    """

    __slots__ = ("ET", "Q", "_started_ns")

    def __init__(self) -> None:
        self.Q = False
        self.ET = 0
        self._started_ns: int | None = None

    def __call__(self, IN: bool, PT: int, now_ns: int) -> bool:  # noqa: N803 - IEC parameter names
        if not IN:
            self._started_ns = None
            self.ET = 0
            self.Q = False
        else:
            if self._started_ns is None:
                self._started_ns = now_ns
            self.ET = min(now_ns - self._started_ns, PT)
            self.Q = self.ET >= PT
        return self.Q


class R_TRIG:  # noqa: N801 - IEC name
    """Rising-edge detector: ``Q`` is true for the one scan in which ``CLK`` goes from false to true."""

    __slots__ = ("Q", "_last")

    def __init__(self) -> None:
        self.Q = False
        self._last = False

    def __call__(self, CLK: bool) -> bool:  # noqa: N803 - IEC parameter name
        self.Q = bool(CLK) and not self._last
        self._last = bool(CLK)
        return self.Q
