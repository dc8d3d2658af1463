"""The public API around compiled programs: S7SoftPlc.from_sources, read/write/scan/run_for, IEC PROGRAMs,
single-instance DBs of standard FBs, runtime faults."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.errors import InputError
from hil.softplc import S7SoftPlc
from hil.st import StRuntimeError, StTypeError

IEC_PROGRAM = """
TYPE Point : STRUCT x : INT; y : INT; END_STRUCT; END_TYPE
VAR_GLOBAL
    gCount : DINT;
    gOrigin : Point;
END_VAR
PROGRAM PLC_PRG
VAR
    t : TON;
    n : INT;
    done : BOOL;
END_VAR
t(IN := TRUE, PT := T#50ms);
done := t.Q;
n := n + 1;
gCount := gCount + 2;
gOrigin.x := n;
END_PROGRAM
"""

SINGLE_INSTANCE = """
DATA_BLOCK "IEC_Timer_0_DB"
{InstructionName := 'IEC_TIMER'; LibVersion := '1.0'}
VERSION : 1.0
NON_RETAIN
IEC_TIMER
BEGIN
END_DATA_BLOCK
DATA_BLOCK "Edge_DB"
NON_RETAIN
R_TRIG
BEGIN
END_DATA_BLOCK
DATA_BLOCK "D"
NON_RETAIN
   STRUCT
      q : Bool;
      n : Int;
      pt : Time := T#30MS;
   END_STRUCT;
BEGIN
END_DATA_BLOCK
ORGANIZATION_BLOCK "Main"
BEGIN
    "IEC_Timer_0_DB".TON(IN := TRUE, PT := "D".pt, Q => "D".q);
    "Edge_DB"(CLK := TRUE);
    "D".n := "D".n + BOOL_TO_INT("Edge_DB".Q);
END_ORGANIZATION_BLOCK
"""


def test_iec_program_and_globals() -> None:
    plc = S7SoftPlc.from_sources([("plc_prg.st", IEC_PROGRAM)], dialect="iec")
    assert plc.run_for("60 ms") == 6
    assert (plc.read("PLC_PRG.n"), plc.read("PLC_PRG.done"), plc.read("gCount"), plc.read("gOrigin.x")) == (6, True, 12, 6)
    assert plc.read("PLC_PRG.t.ET") == 50_000_000


def test_single_instance_dbs_of_standard_blocks() -> None:
    plc = S7SoftPlc.from_sources([("single.scl", SINGLE_INSTANCE)])
    plc.scan(3)
    assert plc.read("D.q") is False  # started at the first scan (10 ms): 20 ms elapsed
    plc.scan()
    assert plc.read("D.q") is True
    assert plc.read("D.n") == 1  # the R_TRIG saw one rising edge
    assert str(plc.tags["IEC_Timer_0_DB.ET"].address) == "DB1.DBD8"
    assert plc.image.read(plc.tags["IEC_Timer_0_DB.ET"]) == 30  # TIME in memory: DINT milliseconds


def test_time_written_as_text() -> None:
    plc = S7SoftPlc.from_sources([("single.scl", SINGLE_INSTANCE)])
    plc.write("D.pt", "1 s")
    plc.run_for("990 ms")
    assert plc.read("D.q") is False
    plc.run_for("20 ms")
    assert plc.read("D.q") is True


def test_unknown_dialect() -> None:
    with pytest.raises(InputError, match="dialect 'scll' is not supported.*did you mean 'scl'"):
        S7SoftPlc.from_sources([("x.scl", "")], dialect="scll")


def test_array_index_out_of_bounds_faults_at_run_time(st_case) -> None:  # type: ignore[no-untyped-def]
    plc = st_case("a : Array[1..3] of Int; i : Int := 4;", "#a[#i] := 1;")
    with pytest.raises(StRuntimeError, match=r"case\.scl:\d+:\d+: array index 4 is outside 1\.\.3"):
        plc.scan()


def test_negative_index_never_wraps_like_python(st_case) -> None:  # type: ignore[no-untyped-def]
    plc = st_case("a : Array[0..3] of Int; i : Int := -1; x : Int;", "#x := #a[#i];")
    with pytest.raises(StRuntimeError, match="array index -1 is outside 0..3"):
        plc.scan()


def test_for_by_zero_faults(st_case) -> None:  # type: ignore[no-untyped-def]
    plc = st_case("i : Int; s : Int;", "FOR #i := 1 TO 3 BY #s DO ; END_FOR;")
    with pytest.raises(StRuntimeError, match="FOR with BY 0"):
        plc.scan()


def test_cyclic_ob_interval_must_fit_the_cycle(tmp_path: Path) -> None:
    source = tmp_path / "c.scl"
    source.write_text('ORGANIZATION_BLOCK "Main"\nBEGIN\nEND_ORGANIZATION_BLOCK\n'
                      'ORGANIZATION_BLOCK "Cyclic interrupt"\nBEGIN\nEND_ORGANIZATION_BLOCK\n', encoding="utf-8")
    with pytest.raises(StTypeError, match="not a multiple of the cycle"):
        S7SoftPlc.from_sources([source], cycle="10 ms", cyclic={"Cyclic interrupt": "15 ms"})
    with pytest.raises(LookupError, match="did you mean 'Cyclic interrupt'"):
        S7SoftPlc.from_sources([source], cyclic={"Cyclic interupt": "100 ms"})


def test_several_obs_need_a_main(tmp_path: Path) -> None:
    source = tmp_path / "c.scl"
    source.write_text('ORGANIZATION_BLOCK "A"\nBEGIN\nEND_ORGANIZATION_BLOCK\n'
                      'ORGANIZATION_BLOCK "B"\nBEGIN\nEND_ORGANIZATION_BLOCK\n', encoding="utf-8")
    with pytest.raises(StTypeError, match="none is the main cycle OB"):
        S7SoftPlc.from_sources([source])


RETAIN = """
DATA_BLOCK "Counters"
VERSION : 0.1
   STRUCT
      total : DInt;      // retentive: the DB header has no NON_RETAIN
   END_STRUCT;
BEGIN
END_DATA_BLOCK
DATA_BLOCK "Work"
VERSION : 0.1
NON_RETAIN
   STRUCT
      scans : DInt;
      start : Int := 5;
   END_STRUCT;
BEGIN
END_DATA_BLOCK
ORGANIZATION_BLOCK "Main"
BEGIN
    "Counters".total := "Counters".total + 1;
    "Work".scans := "Work".scans + 1;
    "Work".start := "Work".start + 1;
END_ORGANIZATION_BLOCK
"""


def test_warm_restart_keeps_retentive_dbs_only() -> None:
    plc = S7SoftPlc.from_sources([("retain.scl", RETAIN)])
    plc.scan(4)
    plc.warm_restart()
    assert (plc.read("Counters.total"), plc.read("Work.scans"), plc.read("Work.start")) == (4, 0, 5)
    assert plc.image.read(plc.tags["Work.start"]) == 5
    plc.scan()
    assert (plc.read("Counters.total"), plc.read("Work.scans")) == (5, 1)
    plc.cold_restart()
    assert plc.read("Counters.total") == 0


PHASED = """
DATA_BLOCK "Log"
NON_RETAIN
   STRUCT
      fast : Array[0..9] of Int;
      n : Int;
      cyc : Int;
   END_STRUCT;
BEGIN
END_DATA_BLOCK
ORGANIZATION_BLOCK "Main"
BEGIN
    "Log".n := "Log".n + 1;
END_ORGANIZATION_BLOCK
ORGANIZATION_BLOCK "Cyclic interrupt"
BEGIN
    "Log".fast["Log".cyc] := "Log".n;   // which OB1 count the cyclic OB saw
    "Log".cyc := "Log".cyc + 1;
END_ORGANIZATION_BLOCK
"""


def test_cyclic_ob_runs_at_its_interval_and_phase_before_ob1() -> None:
    plc = S7SoftPlc.from_sources([("phased.scl", PHASED)], cycle="10 ms",
                               cyclic={"Cyclic interrupt": ("50 ms", "20 ms")})
    plc.run_for("200 ms")
    assert plc.read("Log.cyc") == 4  # at 20, 70, 120, 170 ms
    assert [plc.read(f"Log.fast[{i}]") for i in range(4)] == [1, 6, 11, 16]  # before OB1 of that cycle


def test_overflow_and_division_by_zero_are_counted(st_case) -> None:  # type: ignore[no-untyped-def]
    plc = st_case("x : Int := 32766; z : Int; q : Int; r : Real; y : DInt := 70000; s : Int;",
                  "#x := #x + 1; #q := 7 / #z; #r := 1.0 / INT_TO_REAL(#z); #s := #y;")
    plc.scan()
    assert plc.faults == {"overflow": 1, "div_by_zero": 2}  # the narrowing DINT -> INT wraps too
    plc.scan()
    assert plc.faults == {"overflow": 3, "div_by_zero": 4}  # 32767 + 1 wrapped
    plc.cold_restart()
    assert plc.faults == {"overflow": 0, "div_by_zero": 0}
