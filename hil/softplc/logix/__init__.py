"""The Logix soft PLC: an EtherNet/IP + CIP controller emulator that stock pycomm3 drives, over a tag database
filled from an L5X project, scanned in virtual time."""
from __future__ import annotations

from hil.softplc.logix._objects import KEYSWITCH, ControllerIdentity
from hil.softplc.logix._softplc import LogixFrontEnd, LogixSoftPlc
from hil.softplc.logix._tagdb import Location, LogixIO, PathError, Symbol, TagDatabase, parse_text_path

__all__ = [
    "KEYSWITCH",
    "ControllerIdentity",
    "Location",
    "LogixFrontEnd",
    "LogixIO",
    "LogixSoftPlc",
    "PathError",
    "Symbol",
    "TagDatabase",
    "parse_text_path",
]
