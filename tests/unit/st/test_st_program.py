"""The program protocol a compiled SCL program offers the soft PLC runtime: reset(kind), startup, scan.

S7-1500 system manual, "Operating modes", STARTUP: on a warm restart the non-retentive data get their
start values and retentive data keep their values; the startup OB (OB100) runs once before the first
cycle; a cold restart (memory reset) gives every variable its start value.
"""
from __future__ import annotations

import pytest
from st_direct import MS, S7Direct

SOURCE = """DATA_BLOCK "Keep"
   STRUCT
      n : Int := 5;
   END_STRUCT;
BEGIN
END_DATA_BLOCK
DATA_BLOCK "Lose"
NON_RETAIN
   STRUCT
      n : Int := 5;
      starts : Int;
   END_STRUCT;
BEGIN
END_DATA_BLOCK
ORGANIZATION_BLOCK "Startup"
BEGIN
    "Lose".starts := "Lose".starts + 1;
END_ORGANIZATION_BLOCK
ORGANIZATION_BLOCK "Main"
BEGIN
    "Keep".n := "Keep".n + 1;
    "Lose".n := "Lose".n + 1;
END_ORGANIZATION_BLOCK
"""


def test_warm_and_cold_restart() -> None:
    plc = S7Direct([("restart.scl", SOURCE)])
    plc.scan(3)
    assert (plc.read("Keep.n"), plc.read("Lose.n"), plc.read("Lose.starts")) == (8, 8, 1)
    plc.program.reset("warm")
    plc.scan()
    assert (plc.read("Keep.n"), plc.read("Lose.n"), plc.read("Lose.starts")) == (9, 6, 1)
    plc.program.reset("cold")
    plc.scan()
    assert (plc.read("Keep.n"), plc.read("Lose.n"), plc.read("Lose.starts")) == (6, 6, 1)
    with pytest.raises(ValueError, match="'cold' or 'warm'"):
        plc.program.reset("hot")


def test_startup_runs_ob100_once_before_the_first_cycle() -> None:
    plc = S7Direct([("restart.scl", SOURCE)])
    plc.program.startup(None, 0)
    plc.program.startup(None, 0)  # once per start
    assert (plc.read("Lose.starts"), plc.read("Lose.n")) == (1, 5)
    plc.scan()
    assert (plc.read("Lose.starts"), plc.read("Lose.n")) == (1, 6)
    plc.program.reset("warm")
    plc.program.startup(None, 20 * MS)
    assert plc.read("Lose.starts") == 1  # NON_RETAIN: back to its start value 0, then OB100 counted it
