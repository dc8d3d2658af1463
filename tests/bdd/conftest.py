"""Pytester projects for the observation-model regressions (issue 13): a tiny rig whose PLC program is
a Python class each test writes with the bug it needs, and one feature file.

The projects run in-process (``pytester.runpytest``) on the ``inprocess`` target unless a test asks
for another: virtual time, no sockets.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

TAGS = """name,address,type,direction
Zone.TempRaw,IW64,INT,input
Zone.LimitOK,I0.0,BOOL,input
Zone.Heater,Q0.0,BOOL,output
Cmd.Start,DB1.DBX4.0,BOOL,memory
Plc.Scans,DB1.DBD0,DINT,memory
Plc.Edges,DB1.DBD8,DINT,memory
Plc.LastStart,DB1.DBX12.0,BOOL,memory
Plc.Alarm,DB1.DBX12.1,BOOL,memory
"""

RIG = """
[plc.p]
tags = "tags.csv"
program = "program.py:Program"

[plant.zone]
model = "oven_zone"
parameters = { initial_c = "100 °C", tau_s = "100 s", limit_c = "175 °C" }

[wires]
"zone.temperature" = { tag = "Zone.TempRaw", scale = "s7-4-20mA", range = ["0 °C", "400 °C"] }
"zone.limit_ok" = "Zone.LimitOK"
"zone.heater_on" = "Zone.Heater"
"""

HEADER = '''
class Program:
    cycle_ns = {cycle_ns}
    def check(self, tags): pass
    def reset(self): pass
    def scan(self, io, now_ns):
        io["Plc.Scans"] = io["Plc.Scans"] + 1
        if io["Cmd.Start"] and not io["Plc.LastStart"]:
            io["Plc.Edges"] = io["Plc.Edges"] + 1
        io["Plc.LastStart"] = io["Cmd.Start"]
'''

Project = Callable[..., pytest.RunResult]


@pytest.fixture
def project(pytester: pytest.Pytester) -> Project:
    """``project(scan_body, feature, *args, rig=RIG, cycle_ns=10 ms, target, exchange_period)``: write the project,
    run it, return the result.

    ``scan_body`` is the rest of the program's ``scan`` (indented by the caller's ``textwrap`` rules:
    plain lines, four spaces added here)."""

    def run(scan_body: str, feature: str, *args: str, rig: str = RIG, cycle_ns: int = 10_000_000,
            target: str = "inprocess", exchange_period: str | None = None) -> pytest.RunResult:
        if exchange_period is not None:  # a real-time rig: the kernel exchanges at this period
            rig = f'[rig]\nexchange_period = "{exchange_period}"\n' + rig
        body = textwrap.indent(textwrap.dedent(scan_body).strip("\n"), " " * 8)
        (pytester.path / "program.py").write_text(HEADER.format(cycle_ns=cycle_ns) + body + "\n", encoding="utf-8")
        (pytester.path / "tags.csv").write_text(TAGS, encoding="utf-8")
        (pytester.path / "zone.rig.toml").write_text(rig, encoding="utf-8")
        (pytester.path / "zone.feature").write_text(textwrap.dedent(feature).lstrip("\n"), encoding="utf-8")
        pytester.makepyfile(test_zone='from pytest_bdd import scenarios\n\nscenarios("zone.feature")\n')
        return pytester.runpytest("--hil-target", target, "-p", "no:cacheprovider", *args)

    return run
