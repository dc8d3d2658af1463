"""The HIL kernel: virtual time, the lockstep PLC ↔ plant cycle, the trace; and the line that hosts it."""
from __future__ import annotations

from hil.kernel._kernel import Kernel, signal_key, tag_key
from hil.kernel._line import TARGET_KINDS, Line
from hil.kernel._trace import Sample, Trace

__all__ = ["TARGET_KINDS", "Kernel", "Line", "Sample", "Trace", "signal_key", "tag_key"]
