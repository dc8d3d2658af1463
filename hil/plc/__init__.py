"""PLC targets behind one interface: S7 (python-snap7), in-process soft PLC; read/write plans."""
from __future__ import annotations

from hil.plc._inprocess import InProcessTarget
from hil.plc._plans import Block, ReadPlan, WritePlan
from hil.plc._s7 import S7Target, Steppable
from hil.plc._target import Target

__all__ = ["Block", "InProcessTarget", "ReadPlan", "S7Target", "Steppable", "Target", "WritePlan"]
