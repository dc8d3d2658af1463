"""A small in-process line for kernel tests: one 10 ms PLC (a Python program), one oven zone."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hil.line import Line
from hil.rig import load_rig

TAGS = """name,address,type,direction
Zone.TempRaw,IW64,INT,input
Zone.LimitOK,I0.0,BOOL,input
Zone.Heater,Q0.0,BOOL,output
Cmd.Start,DB1.DBX4.0,BOOL,memory
Cmd.Setpoint,DB1.DBW6,INT,memory
Plc.Scans,DB1.DBD0,DINT,memory
Plc.Edges,DB1.DBD8,DINT,memory
Plc.LastStart,DB1.DBX12.0,BOOL,memory
"""

PROGRAM = '''
class Heat:
    """Heater on while started and the limit contact is closed; counts scans and rising edges of Cmd.Start."""
    cycle_ns = 10_000_000
    def check(self, tags): pass
    def reset(self): pass
    def scan(self, io, now_ns):
        io["Plc.Scans"] = io["Plc.Scans"] + 1
        if io["Cmd.Start"] and not io["Plc.LastStart"]:
            io["Plc.Edges"] = io["Plc.Edges"] + 1
        io["Plc.LastStart"] = io["Cmd.Start"]
        io["Zone.Heater"] = io["Cmd.Start"] and io["Zone.LimitOK"]
'''

RIG = """
[plc.p]
tags = "tags.csv"
program = "heat.py:Heat"

[plant.zone]
model = "oven_zone"
parameters = { initial_c = "100 °C", tau_s = "100 s" }

[wires]
"zone.temperature" = { tag = "Zone.TempRaw", scale = "s7-4-20mA", range = ["0 °C", "400 °C"] }
"zone.limit_ok" = "Zone.LimitOK"
"zone.heater_on" = "Zone.Heater"
"""


def write_rig(folder: Path, program: str = PROGRAM, tags: str = TAGS, rig: str = RIG) -> Path:
    (folder / "tags.csv").write_text(tags, encoding="utf-8")
    (folder / "heat.py").write_text(program, encoding="utf-8")
    (folder / "rig.toml").write_text(rig, encoding="utf-8")
    return folder / "rig.toml"


@pytest.fixture
def line(tmp_path: Path) -> Iterator[Line]:
    with Line(load_rig(write_rig(tmp_path)), "inprocess") as opened:
        yield opened
