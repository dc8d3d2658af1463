"""Rig files: which PLCs, which plant models, and which wires between them."""
from __future__ import annotations

from hil.rig._loader import load_rig
from hil.rig._model import PlantSpec, PlcSpec, ProgramRef, Rig, SignalRef, TagRef, Wire

__all__ = ["PlantSpec", "PlcSpec", "ProgramRef", "Rig", "SignalRef", "TagRef", "Wire", "load_rig"]
