"""PLC targets behind one interface: S7 (python-snap7), Logix (pycomm3), in-process soft PLC; read/write plans."""
from __future__ import annotations

from hil.plc._guard import GuardedTarget, WriteRefused
from hil.plc._inprocess import InProcessTarget
from hil.plc._logix import LogixRemoteStepper, LogixTarget
from hil.plc._logix_inprocess import LogixInProcessTarget
from hil.plc._plans import Block, NamePlan, ReadPlan, WritePlan
from hil.plc._remote_step import S7RemoteStepper
from hil.plc._s7 import S7Target, Steppable
from hil.plc._target import Target

__all__ = [
    "Block",
    "GuardedTarget",
    "InProcessTarget",
    "NamePlan",
    "LogixInProcessTarget",
    "LogixRemoteStepper",
    "LogixTarget",
    "ReadPlan",
    "S7RemoteStepper",
    "S7Target",
    "Steppable",
    "Target",
    "WritePlan",
    "WriteRefused",
]
