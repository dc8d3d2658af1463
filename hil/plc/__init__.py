"""PLC targets behind two small protocols, :class:`Target` and :class:`Steppable`: S7 (python-snap7), Logix
(pycomm3), in-process soft PLCs of both vendors, the write guard for real PLCs; read/write plans."""
from __future__ import annotations

from hil.plc._guard import GuardedTarget, WriteRefused
from hil.plc._inprocess import InProcessTarget
from hil.plc._logix import LogixTarget
from hil.plc._plans import Block, NamePlan, ReadPlan, WritePlan
from hil.plc._protocols import Observable, Steppable, Target
from hil.plc._remote_step import LogixRemoteStepper, S7RemoteStepper
from hil.plc._s7 import S7Target
from hil.plc._target import BaseTarget

__all__ = [
    "BaseTarget",
    "Block",
    "GuardedTarget",
    "InProcessTarget",
    "LogixRemoteStepper",
    "LogixTarget",
    "NamePlan",
    "Observable",
    "ReadPlan",
    "S7RemoteStepper",
    "S7Target",
    "Steppable",
    "Target",
    "WritePlan",
    "WriteRefused",
]
