"""The L5X loader and the Logix type layout and value codecs (no sockets)."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.errors import ConfigError, InputError
from hil.tags import ATOMIC_TYPES, MemberDecl, decode_logix, encode_logix, load_l5x, make_string_type, make_struct

L5X = Path(__file__).resolve().parents[1] / "fixtures" / "logix" / "battery_line.L5X"


def test_the_fixture_project_loads_with_its_structure() -> None:
    project = load_l5x(L5X)
    assert (project.name, project.processor, project.major_rev, project.minor_rev) == ("BatteryLine", "1756-L83E", 33, 11)
    assert list(project.data_types) == ["Point", "STRING20", "MotorData", "AlarmWord", "CellData"]
    assert [p.name for p in project.programs] == ["MainProgram", "Oven"]
    assert [t.name for t in project.programs[1].tags] == ["ZoneTemp", "Heater", "HeaterOn"]
    assert project.programs[1].tags[1].alias_for == "HeaterOn"
    task = project.tasks[0]
    assert (task.name, task.kind, task.rate_ms, task.programs) == ("MainTask", "PERIODIC", 10.0, ["MainProgram", "Oven"])


def test_st_routines_keep_their_text_and_l5x_lines_for_the_st_engine() -> None:
    routine = load_l5x(L5X).programs[0].routines[0]
    assert (routine.name, routine.kind) == ("MainRoutine", "ST")
    assert routine.text.strip().endswith("Count := Count + 1;")
    assert all(line > 0 for line, _ in routine.lines)


def test_initial_values_in_every_radix() -> None:
    tags = {t.name: t for t in load_l5x(L5X).tags}
    assert tags["HexDint"].value == -1
    assert tags["Ulint1"].value == 18_000_000_000_000_000_000
    assert tags["Str1"].value == "hello logix"
    assert tags["Matrix"].dims == (2, 3) and tags["Matrix"].value == [0, 1, 2, 10, 11, 12]
    assert tags["Motor1"].value["Pos"] == {"X": 1.0, "Y": 2.0}
    assert tags["ReadOnly1"].external_access == "Read Only" and tags["Const1"].constant
    assert tags["Bool1"].description == "a lone BOOL"


def test_motor_layout_follows_logix_alignment() -> None:
    motor = load_l5x(L5X).data_types["MotorData"]
    offsets = {m.name: (m.offset, m.bit) for m in motor.members}
    assert offsets == {"ZZZZZZZZZZMotorData0": (0, None), "Running": (0, 0), "Fault": (0, 1), "Speed": (4, None),
                       "Hist": (8, None), "Pos": (28, None), "Hours": (40, None)}
    assert (motor.size, motor.alignment) == (48, 8)


def test_bools_declared_in_python_pack_into_hidden_hosts() -> None:
    types = dict(ATOMIC_TYPES)
    flags = make_struct("Flags", [MemberDecl("A", "BOOL"), MemberDecl("B", "BOOL"), MemberDecl("N", "INT"),
                                  MemberDecl("C", "BOOL")], types)
    layout = [(m.name, m.offset, m.bit, m.hidden) for m in flags.members]
    assert layout == [("ZZZZZZZZZZFlags0", 0, None, True), ("A", 0, 0, False), ("B", 0, 1, False),
                      ("N", 2, None, False), ("ZZZZZZZZZZFlags1", 4, None, True), ("C", 4, 0, False)]
    assert flags.size == 8


def test_bool_array_members_are_packed_into_dwords() -> None:
    project = load_l5x(L5X)
    alarm = project.data_types["AlarmWord"]
    bits, count = alarm.members
    assert (bits.type.name, bits.count, bits.bool_bits, count.offset, alarm.size) == ("DWORD", 2, 40, 8, 12)
    value = next(t for t in project.tags if t.name == "Alarms1").value
    buffer = bytearray(alarm.size)
    encode_logix(alarm, value, buffer)
    assert buffer[:8] == bytes((0x82, 0, 0, 0, 0x80, 0, 0, 0)) and decode_logix(alarm, buffer) == value


def test_string_type_is_recognised_and_coded() -> None:
    string = make_string_type()
    assert string.size == 88 and string.is_string
    buffer = bytearray(88)
    encode_logix(string, "abc", buffer)
    assert buffer[:7] == b"\x03\x00\x00\x00abc" and decode_logix(string, buffer) == "abc"
    with pytest.raises(InputError, match="holds 82 characters"):
        encode_logix(string, "x" * 83, buffer)


@pytest.mark.parametrize(("type_name", "value", "message"), [
    ("SINT", 128, "takes -128 to 127"), ("UDINT", -1, "takes 0 to"), ("DINT", 1.5, "whole number"),
    ("BOOL", 2, "true/false"), ("REAL", 1e39, "float32"), ("INT", "7", "give a number"),
])
def test_atomic_encoding_refuses_what_does_not_fit(type_name: str, value: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        encode_logix(ATOMIC_TYPES[type_name], value, bytearray(8), name="T")


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bad.L5X"
    path.write_text('<?xml version="1.0"?>\n<RSLogix5000Content>\n<Controller Name="C">\n' + body
                    + "\n</Controller>\n</RSLogix5000Content>\n", encoding="utf-8")
    return path


def test_unknown_tag_type_names_file_line_and_what_is_close(tmp_path: Path) -> None:
    path = write(tmp_path, '<Tags>\n<Tag Name="A" TagType="Base" DataType="DINTT"/>\n</Tags>')
    with pytest.raises(ConfigError, match=r"bad\.L5X:5: tag 'A' has unknown data type 'DINTT'; did you mean 'DINT'"):
        load_l5x(path)


def test_unknown_member_type_names_the_member_line(tmp_path: Path) -> None:
    path = write(tmp_path, '<DataTypes>\n<DataType Name="U">\n<Members>\n'
                           '<Member Name="M" DataType="Reall" Dimension="0"/>\n</Members>\n</DataType>\n</DataTypes>')
    with pytest.raises(ConfigError, match=r"bad\.L5X:7: data type 'U': member 'M' has unknown type 'Reall'"):
        load_l5x(path)


def test_malformed_xml_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "<Tags>\n<Tag Name='A'\n</Tags>")
    with pytest.raises(ConfigError, match=r"bad\.L5X:\d+:\d+: L5X is not well-formed XML"):
        load_l5x(path)


def test_bad_values_and_dimensions_are_reported(tmp_path: Path) -> None:
    bad_value = write(tmp_path, '<Tags>\n<Tag Name="A" DataType="DINT">\n<Data Format="Decorated">\n'
                                '<DataValue DataType="DINT" Value="12x"/>\n</Data>\n</Tag>\n</Tags>')
    with pytest.raises(ConfigError, match=r":7: value '12x' is not a valid DINT"):
        load_l5x(bad_value)
    bad_dims = write(tmp_path, '<Tags>\n<Tag Name="A" DataType="DINT" Dimensions="2 2 2 2"/>\n</Tags>')
    with pytest.raises(ConfigError, match=r":5: tag 'A': arrays have 1 to 3 positive dimensions"):
        load_l5x(bad_dims)


def test_a_component_export_is_not_a_controller(tmp_path: Path) -> None:
    path = tmp_path / "rung.L5X"
    path.write_text('<?xml version="1.0"?>\n<RSLogix5000Content TargetType="Rung"/>\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="has no <Controller>"):
        load_l5x(path)
