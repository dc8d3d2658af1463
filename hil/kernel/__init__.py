"""The HIL kernel: virtual time, the lockstep PLC ↔ plant cycle, faults, the trace; the line that hosts it."""
from __future__ import annotations

from hil.kernel._faults import (
    CommFault,
    ConnectionLoss,
    Delay,
    DeviceFault,
    Drift,
    DropExchanges,
    Fault,
    Forced,
    Frozen,
    Latency,
    Noise,
    OpenCircuit,
    PlcStop,
    ShortCircuit,
    SignalFault,
    StuckAt,
)
from hil.kernel._kernel import Kernel, KernelSnapshot, MonitorState, signal_key, tag_key
from hil.kernel._line import TARGET_KINDS, Line
from hil.kernel._pacing import Pacer
from hil.kernel._realtime import CycleStats, RealTimeLoop, TimingInvalid
from hil.kernel._trace import Sample, Trace

__all__ = [
    "TARGET_KINDS",
    "CommFault",
    "CycleStats",
    "ConnectionLoss",
    "Delay",
    "DeviceFault",
    "Drift",
    "DropExchanges",
    "Fault",
    "Forced",
    "Frozen",
    "Kernel",
    "KernelSnapshot",
    "Latency",
    "MonitorState",
    "Line",
    "Noise",
    "Pacer",
    "OpenCircuit",
    "PlcStop",
    "RealTimeLoop",
    "Sample",
    "ShortCircuit",
    "SignalFault",
    "StuckAt",
    "TimingInvalid",
    "Trace",
    "signal_key",
    "tag_key",
]
