"""Rig files: which PLCs, which plant models, and which wires between them."""
from __future__ import annotations

from hil.rig._iotiming import DEFAULT_MODULES, TIMING_MODES, IoTiming, ModuleTiming
from hil.rig._loader import load_rig
from hil.rig._model import PlantSpec, PlcSpec, ProgramRef, Rig, SignalRef, TagRef, Wire
from hil.rig._scaling import Digital, Identity, Inverted, Linear, MilliAmps, S7Analog, S7Current, S7Thermo, Scaling

__all__ = [
    "DEFAULT_MODULES",
    "TIMING_MODES",
    "Digital",
    "Identity",
    "Inverted",
    "IoTiming",
    "Linear",
    "MilliAmps",
    "ModuleTiming",
    "PlantSpec",
    "PlcSpec",
    "ProgramRef",
    "Rig",
    "S7Analog",
    "S7Current",
    "S7Thermo",
    "Scaling",
    "SignalRef",
    "TagRef",
    "Wire",
    "load_rig",
]
