"""S7 memory of compiled programs: DB offsets as TIA Portal shows them (standard access), the derived tag
table, I/Q/M tags, client writes between scans, cold restart and snapshots."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from hil.softplc import ProcessImage, S7SoftPlc
from hil.st import StProgram, compile_program
from hil.tags import Area, DataType, Direction, Tag, TagTable, parse_s7_address

LAYOUT_DB = """
TYPE "UDT_Pair"
VERSION : 0.1
   STRUCT
      on : Bool;
      level : Int;
   END_STRUCT;
END_TYPE

DATA_BLOCK "Layout"
{ S7_Optimized_Access := 'FALSE' }
VERSION : 0.1
NON_RETAIN
   STRUCT
      a : Bool;            // 0.0
      b : Bool;            // 0.1
      c : Byte;            // 1
      d : Int;             // 2
      e : Bool;            // 4.0
      f : Real;            // 6   [°C] after a BOOL the next word
      s : String[4];       // 10  header 10/11, text 12..15
      g : Char;            // 16
      st : Struct          // 18 (structs start on a word)
         x : Bool;         // 18.0
      END_STRUCT;          // size 2 -> next at 20
      h : Byte;            // 20
      flags : Array[0..9] of Bool;   // 22.0 .. 23.1
      i : DInt;            // 24
      pair : "UDT_Pair";   // 28: on 28.0, level 30
      t : Time := T#2S;    // 32 (DINT ms)
      big : LReal;         // 36
      k : SInt;            // 44
   END_STRUCT;
BEGIN
   s := 'ab';
END_DATA_BLOCK
"""

EXPECTED = {
    "Layout.a": "DB1.DBX0.0", "Layout.b": "DB1.DBX0.1", "Layout.c": "DB1.DBB1", "Layout.d": "DB1.DBW2",
    "Layout.e": "DB1.DBX4.0", "Layout.f": "DB1.DBD6", "Layout.g": "DB1.DBB16", "Layout.st.x": "DB1.DBX18.0",
    "Layout.h": "DB1.DBB20", "Layout.flags[0]": "DB1.DBX22.0", "Layout.flags[7]": "DB1.DBX22.7",
    "Layout.flags[9]": "DB1.DBX23.1", "Layout.i": "DB1.DBD24", "Layout.pair.on": "DB1.DBX28.0",
    "Layout.pair.level": "DB1.DBW30", "Layout.t": "DB1.DBD32", "Layout.k": "DB1.DBB44",
}


def test_db_layout_matches_tia_standard_access() -> None:
    design = compile_program([("layout.db", LAYOUT_DB)])
    addresses = {tag.name: str(tag.address) for tag in design.tags}
    assert {name: addresses.get(name) for name in EXPECTED} == EXPECTED
    assert design.area_sizes[(Area.DB, 1)] == 46
    assert "Layout.s" not in addresses and "Layout.big" not in addresses  # no S7 absolute address type
    assert design.tags["Layout.f"].unit == "°C"  # a [unit] in the declaration comment
    assert design.tags["Layout.t"].data_type is DataType.DINT


def test_db_bytes_hold_values_at_their_offsets() -> None:
    design = compile_program([("layout.db", LAYOUT_DB)])
    program = StProgram(design, 10_000_000)
    image = ProcessImage(design.tags, sizes=design.area_sizes)
    program.bind(image.areas)
    db = image.areas[(Area.DB, 1)]
    assert db[10:14] == b"\x04\x02ab"  # STRING[4] header: max 4, current 2
    assert db[32:36] == (2000).to_bytes(4, "big")  # TIME as DINT milliseconds
    program.ns["DB_Layout"].flags[9] = True
    program.ns["DB_Layout"].f = 1.5
    program.run_cycle(10_000_000)
    assert db[23] == 0b10
    assert db[6:10] == bytes.fromhex("3fc00000")


def test_client_writes_between_scans_are_seen(tmp_path: Path) -> None:
    source = tmp_path / "p.scl"
    source.write_text(LAYOUT_DB + 'ORGANIZATION_BLOCK "Main"\nBEGIN\n "Layout".i := "Layout".d * 2;\n'
                      "END_ORGANIZATION_BLOCK\n", encoding="utf-8")
    plc = S7SoftPlc.from_sources([source])
    plc.image.write(plc.tags["Layout.d"], 21)  # as an S7 client writes DB1.DBW2
    plc.scan()
    assert plc.read("Layout.i") == 42
    assert plc.image.read(plc.tags["Layout.i"]) == 42
    plc.write("Layout.d", -4)
    plc.scan()
    assert plc.image.read(plc.tags["Layout.i"]) == -8


def test_io_tags_and_direct_addresses(tmp_path: Path) -> None:
    source = tmp_path / "io.scl"
    source.write_text(
        'ORGANIZATION_BLOCK "Main"\nBEGIN\n'
        '  "Motor_On" := "Start_PB" AND NOT %I0.1;\n'
        '  %QW2 := %IW4 + 1;\n'
        '  "Speed" := "Speed" + 0.5;\n'
        'END_ORGANIZATION_BLOCK\n', encoding="utf-8")
    tags = [Tag("Start_PB", parse_s7_address("I0.0"), DataType.BOOL, Direction.INPUT),
            Tag("Motor_On", parse_s7_address("Q0.0"), DataType.BOOL, Direction.OUTPUT),
            Tag("Speed", parse_s7_address("MD10"), DataType.REAL, Direction.MEMORY)]
    plc = S7SoftPlc.from_sources([source], tags=TagTable(tags))
    plc.write("Start_PB", True)
    plc.write("%IW4", 41)
    plc.scan(2)
    assert plc.read("Motor_On") is True
    assert plc.read("%QW2") == 42
    assert plc.read("Speed") == 1.0
    plc.write("%I0.1", True)
    plc.scan()
    assert plc.read("Motor_On") is False


def test_cold_restart_restores_initial_values(tmp_path: Path) -> None:
    source = tmp_path / "c.scl"
    source.write_text(LAYOUT_DB + 'ORGANIZATION_BLOCK "Main"\nBEGIN\n "Layout".d := "Layout".d + 1;\n'
                      "END_ORGANIZATION_BLOCK\n", encoding="utf-8")
    plc = S7SoftPlc.from_sources([source])
    plc.run_for("50 ms")
    assert plc.read("Layout.d") == 5
    plc.cold_restart()
    assert plc.image.read(plc.tags["Layout.t"]) == 2000  # initial values back in memory at once
    plc.scan()
    assert plc.read("Layout.d") == 1
    assert plc.read("Layout.s") == "ab"


def test_snapshot_copy_is_independent(tmp_path: Path) -> None:
    source = tmp_path / "s.scl"
    source.write_text(LAYOUT_DB + 'ORGANIZATION_BLOCK "Main"\nBEGIN\n "Layout".d := "Layout".d + 1;\n'
                      "END_ORGANIZATION_BLOCK\n", encoding="utf-8")
    plc = S7SoftPlc.from_sources([source])
    plc.scan(3)
    snapshot = plc.runtime.snapshot()
    plc.scan(4)
    assert plc.read("Layout.d") == 7
    plc.runtime.restore(snapshot)
    plc.scan()
    assert plc.read("Layout.d") == 4
    clone = copy.deepcopy(plc.program)
    clone.ns["DB_Layout"].d = 100
    assert plc.read("Layout.d") == 4


def test_unknown_variable_suggests(tmp_path: Path) -> None:
    source = tmp_path / "u.scl"
    source.write_text(LAYOUT_DB, encoding="utf-8")
    plc = S7SoftPlc.from_sources([source])
    with pytest.raises(LookupError, match="did you mean 'Layout.pair.level'"):
        plc.read("Layout.pair.levle")
    with pytest.raises(ValueError, match="outside -32768..32767"):
        plc.write("Layout.d", 40000)
