"""hil.tags: S7 addresses, data type codecs, tag tables from CSV and TOML."""
from __future__ import annotations

import struct
from pathlib import Path

import pytest

from hil.errors import AddressError, ConfigError, InputError, UnitError, UnknownNameError
from hil.tags import (
    Area,
    DataType,
    Direction,
    Tag,
    TagTable,
    decode,
    encode,
    load_tag_table,
    parse_data_type,
    parse_s7_address,
)


@pytest.mark.parametrize(
    ("text", "area", "db", "byte", "bit", "width", "size", "canonical"),
    [
        ("I0.0", Area.I, 0, 0, 0, "X", 1, "I0.0"),
        ("E1.2", Area.I, 0, 1, 2, "X", 1, "I1.2"),
        ("A0.1", Area.Q, 0, 0, 1, "X", 1, "Q0.1"),
        ("%IW64", Area.I, 0, 64, None, "W", 2, "IW64"),
        ("QD4", Area.Q, 0, 4, None, "D", 4, "QD4"),
        ("MW10", Area.M, 0, 10, None, "W", 2, "MW10"),
        ("MB2", Area.M, 0, 2, None, "B", 1, "MB2"),
        ("DB10.DBD4", Area.DB, 10, 4, None, "D", 4, "DB10.DBD4"),
        ("DB10.DBX8.2", Area.DB, 10, 8, 2, "X", 1, "DB10.DBX8.2"),
        ("db1.dbb0", Area.DB, 1, 0, None, "B", 1, "DB1.DBB0"),
        ("I65535.7", Area.I, 0, 65535, 7, "X", 1, "I65535.7"),
    ],
)
def test_parse_s7_address(text, area, db, byte, bit, width, size, canonical) -> None:
    address = parse_s7_address(text)
    assert (address.area, address.db, address.byte, address.bit, address.width) == (area, db, byte, bit, width)
    assert address.size == size
    assert str(address) == canonical
    assert parse_s7_address(canonical) == address


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("DB10.DBX0.8", "bit number 8 is outside 0..7"),
        ("I0", "needs a bit number, e.g. 'I0.0'"),
        ("MW10.1", "only bit (X) addresses take a '.bit' suffix"),
        ("Z1", "'Z1' is not an S7 address; expected e.g. 'I0.0'"),
        ("DB0.DBW0", "DB numbers start at 1"),
        ("I65536.0", "byte offset 65536 is beyond 65535"),
    ],
)
def test_malformed_addresses(text: str, fragment: str) -> None:
    with pytest.raises(AddressError) as info:
        parse_s7_address(text, where="tags.csv:3")
    assert str(info.value).startswith("tags.csv:3: ")
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("data_type", "value", "raw"),
    [
        (DataType.BOOL, True, b"\x01"),
        (DataType.BOOL, False, b"\x00"),
        (DataType.INT, -2, b"\xff\xfe"),
        (DataType.INT, 32767, b"\x7f\xff"),
        (DataType.DINT, -100_000, struct.pack(">i", -100_000)),
        (DataType.UINT, 65535, b"\xff\xff"),
        (DataType.REAL, 21.5, struct.pack(">f", 21.5)),
    ],
)
def test_encode_decode_round_trip(data_type: DataType, value, raw: bytes) -> None:
    assert encode(data_type, value) == raw
    assert decode(data_type, raw) == value


def test_real_round_trip_rounds_to_float32() -> None:
    raw = encode(DataType.REAL, 0.1)
    assert raw == b"\x3d\xcc\xcc\xcd"
    assert decode(DataType.REAL, raw) == struct.unpack(">f", struct.pack(">f", 0.1))[0]
    assert decode(DataType.REAL, raw) != 0.1


def test_decode_bool_bit_and_offset() -> None:
    data = b"\x00\x04"
    assert decode(DataType.BOOL, data, 1, 2) is True
    assert decode(DataType.BOOL, data, 1, 1) is False
    assert decode(DataType.INT, b"\x00\x00\x01\x00", 2) == 256


@pytest.mark.parametrize(
    ("data_type", "value", "fragment"),
    [
        (DataType.INT, 40000, "takes -32768 to 32767, not 40000"),
        (DataType.BOOL, 2, "takes on/off (true/false, 1/0), not 2"),
        (DataType.INT, 1.5, "takes a whole number, not 1.5"),
        (DataType.INT, "x", "takes a number, not 'x'"),
        (DataType.REAL, 1e39, "cannot hold 1e+39 (float32 range)"),
    ],
)
def test_encode_range_errors_name_the_tag(data_type: DataType, value, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        encode(data_type, value, name="Oven.Zone1.Setpoint")
    assert str(info.value) == f"tag 'Oven.Zone1.Setpoint' ({data_type.name}) {fragment}"
    with pytest.raises(InputError) as unnamed:
        encode(data_type, value)
    assert str(unnamed.value) == f"{data_type.name} {fragment}"


@pytest.mark.parametrize("name", ["UINT", "USINT", "UDINT", "WORD", "BYTE", "DWORD"])
def test_parse_data_type_keeps_the_written_type_name(name: str) -> None:
    # UINT and WORD share size and struct format; they must stay distinct types so messages name the right one.
    assert parse_data_type(name.lower()).name == name


def test_uint_range_error_names_uint() -> None:
    with pytest.raises(InputError) as info:
        encode(DataType.UINT, 70000, name="Line.Count")
    assert str(info.value) == "tag 'Line.Count' (UINT) takes 0 to 65535, not 70000"


def test_parse_data_type_suggests() -> None:
    with pytest.raises(InputError) as info:
        parse_data_type("REEL")
    assert "unknown data type 'REEL'" in str(info.value)
    assert info.value.suggestions[0] == "REAL"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


CSV_TABLE = """\
# Oven zone 1
name,address,type,direction,unit,comment
Oven.Zone1.TempPV,DB10.DBD4,REAL,,°C,zone air TT-211
  # an indented comment line
Oven.Zone1.HeaterOn,Q0.0,BOOL,,,
Oven.Zone1.Start,I0.1,BOOL
Oven.Zone1.SP,DB10.DBD8,REAL,input,°C,set point
Oven.Flag,M1.0,BOOL
"""


def test_load_csv(tmp_path: Path) -> None:
    path = _write(tmp_path / "tags.csv", CSV_TABLE)
    table = load_tag_table(path)
    assert table.names == ["Oven.Zone1.TempPV", "Oven.Zone1.HeaterOn", "Oven.Zone1.Start", "Oven.Zone1.SP", "Oven.Flag"]
    rows = {t.name: (str(t.address), t.data_type, t.direction, t.unit, t.comment, str(t.where)) for t in table}
    assert rows["Oven.Zone1.TempPV"] == (
        "DB10.DBD4", DataType.REAL, Direction.MEMORY, "°C", "zone air TT-211", f"{path}:3"
    )
    assert rows["Oven.Zone1.HeaterOn"] == ("Q0.0", DataType.BOOL, Direction.OUTPUT, None, "", f"{path}:5")
    assert rows["Oven.Zone1.Start"] == ("I0.1", DataType.BOOL, Direction.INPUT, None, "", f"{path}:6")
    assert rows["Oven.Zone1.SP"][2] is Direction.INPUT
    assert rows["Oven.Flag"][2] is Direction.MEMORY
    assert len(table) == 5 and "Oven.Flag" in table and "Oven.flag" not in table


def test_load_toml(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "tags.toml",
        '# zone 1\n[tags."Oven.Zone1.TempPV"]\naddress = "DB10.DBD4"\ntype = "REAL"\nunit = "°C"\n\n'
        '[tags."Oven.Zone1.HeaterOn"]\naddress = "Q0.0"\ntype = "bool"\ndirection = "memory"\ncomment = "KM-217"\n\n'
        '[tags.Start]\naddress = "I0.1"\ntype = "BOOL"\n',
    )
    table = load_tag_table(path)
    temp, heater, start = table
    assert (temp.name, str(temp.address), temp.direction, temp.unit, str(temp.where)) == (
        "Oven.Zone1.TempPV", "DB10.DBD4", Direction.MEMORY, "°C", f"{path}:2"
    )
    assert (heater.data_type, heater.direction, heater.comment, str(heater.where)) == (
        DataType.BOOL, Direction.MEMORY, "KM-217", f"{path}:7"
    )
    assert (start.direction, str(start.where)) == (Direction.INPUT, f"{path}:13")


@pytest.mark.parametrize(
    ("text", "error", "line", "fragment"),
    [
        ("name,address,type\nA,I0.0,BOOL\nB,DB10.DBX0.8,BOOL\n", AddressError, 3, "bit number 8 is outside 0..7"),
        ("name,address,type\nA,DB10.DBW0,REAL\n", AddressError, 2,
         "tag 'A': REAL needs a double-word (D) address, but 'DB10.DBW0' is a word (W) address"),
        ("name,address,type\nA,I0.0,BOOL\nA,I0.1,BOOL\n", ConfigError, 3,
         "tag 'A' is defined twice (first at {path}:2)"),
        ("name,address,type,unti\nA,I0.0,BOOL,\n", ConfigError, 1, "unknown column 'unti'; did you mean 'unit'?"),
        ("name,address,type,unit\nA,DB1.DBD0,REAL,degF\n", UnitError, 2,
         "tag 'A': unknown unit 'degF'; did you mean 'degC'?"),
        ("name,address,type,direction\nA,DB1.DBD0,REAL,inptu\n", ConfigError, 2, "did you mean 'input'?"),
        ("name,address,type\nA,I0.0,BOOL,x\n", ConfigError, 2, "4 fields but the header has 3"),
        ("name,address,type\nA,,BOOL\n", ConfigError, 2, "missing address"),
        ("name,adress,type\nA,I0.0,BOOL\n", ConfigError, 1, "the header has no 'address' column"),
    ],
)
def test_csv_errors_carry_file_and_line(tmp_path: Path, text: str, error: type, line: int, fragment: str) -> None:
    path = _write(tmp_path / "tags.csv", text)
    with pytest.raises(error) as info:
        load_tag_table(path)
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert fragment.format(path=path) in str(info.value)


@pytest.mark.parametrize(
    ("text", "error", "prefix", "fragment"),
    [
        ('[tags.A]\naddress = "I0.0"\ntype = BOOL\n', ConfigError, ":3:8: ",
         "tag table is not valid TOML: Invalid value"),
        ('[tags.A]\naddress = "I0.0"\ntype = "BOOL"\n\n[tags.B]\naddress = "DB10.DBW0"\ntype = "REAL"\n',
         AddressError, ":5: ", "REAL needs a double-word (D) address"),
        ('[tags.A]\naddress = "I0.0"\ntyp = "BOOL"\n', ConfigError, ":1: ", "unknown key 'typ'; did you mean 'type'?"),
        ('[tags.A]\naddress = "I0.0"\n', ConfigError, ":1: ", "tag 'A': missing type"),
        ('[tags.A]\naddress = "I0.0"\ntype = "BOOL"\n[tags.A]\n', ConfigError, ":4:",
         "Cannot declare ('tags', 'A') twice"),
        ("x = 1\n", ConfigError, ": ", "expected a [tags] table"),
    ],
)
def test_toml_errors_carry_file_and_line(tmp_path: Path, text: str, error: type, prefix: str, fragment: str) -> None:
    path = _write(tmp_path / "tags.toml", text)
    with pytest.raises(error) as info:
        load_tag_table(path)
    assert str(info.value).startswith(f"{path}{prefix}")
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("tags.txt", "", "tag tables are .csv or .toml files, not '.txt'"),
        ("empty.csv", "# only a comment\n", "tag table is empty"),
        ("missing.csv", None, "cannot read tag table"),
    ],
)
def test_unloadable_files(tmp_path: Path, name: str, content: str | None, fragment: str) -> None:
    path = tmp_path / name
    if content is not None:
        _write(path, content)
    with pytest.raises(ConfigError) as info:
        load_tag_table(path)
    assert str(info.value).startswith(f"{path}: ")
    assert fragment in str(info.value)


def test_lookup_of_unknown_tag_suggests_close_name() -> None:
    tags = [
        Tag("Oven.Zone1.TempPV", parse_s7_address("DB10.DBD0"), DataType.REAL, Direction.INPUT),
        Tag("Conveyor.Speed", parse_s7_address("DB10.DBD4"), DataType.REAL, Direction.MEMORY),
    ]
    table = TagTable(tags, source="oven.csv")
    with pytest.raises(UnknownNameError) as info:
        table["Oven.Zone1.TempPv"]
    assert str(info.value).startswith("unknown tag 'Oven.Zone1.TempPv' in oven.csv; did you mean 'Oven.Zone1.TempPV'")
    assert info.value.suggestions == ("Oven.Zone1.TempPV",)
    assert isinstance(info.value, LookupError)
    assert table["Conveyor.Speed"] is tags[1]
