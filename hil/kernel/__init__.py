"""The HIL kernel: virtual time, the lockstep PLC ↔ plant cycle, faults, the trace (the line that hosts it: hil.line)."""
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
from hil.kernel._kernel import Kernel, KernelSnapshot, MonitorState
from hil.kernel._keys import Key, fault_key, key_of
from hil.kernel._observe import PlcProbe
from hil.kernel._pacing import Pacer
from hil.kernel._realtime import CycleStats, RealTimeLoop, TimingInvalid
from hil.kernel._trace import Sample, Trace

__all__ = [
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
    "Key",
    "KernelSnapshot",
    "Latency",
    "MonitorState",
    "Noise",
    "Pacer",
    "PlcProbe",
    "OpenCircuit",
    "PlcStop",
    "RealTimeLoop",
    "Sample",
    "ShortCircuit",
    "SignalFault",
    "StuckAt",
    "TimingInvalid",
    "Trace",
    "fault_key",
    "key_of",
]
