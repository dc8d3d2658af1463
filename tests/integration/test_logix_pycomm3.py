"""Stock pycomm3 (no patches, no mocks) against the Logix soft PLC: open with the full tag upload, then read and
write every kind of tag the emulator serves. The soft PLC listens on 127.0.0.1 and an OS-assigned port before
``start()`` returns, so a client can connect at once (no sleeps)."""
from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pycomm3 import LogixDriver

from hil.softplc.logix import ControllerIdentity, LogixSoftPlc, TagDatabase
from hil.tags import LogixProject, load_l5x

L5X = Path(__file__).resolve().parents[1] / "fixtures" / "logix" / "battery_line.L5X"
ORIGIN_US = 1_767_225_600_000_000  # 2026-01-01T00:00:00Z: the PLC clock at virtual time 0


@pytest.fixture(scope="module")
def project() -> LogixProject:
    return load_l5x(L5X)


def make_plc(project: LogixProject, **options: Any) -> LogixSoftPlc:
    # Studio has no DWORD tags (pycomm3 reads any DWORD as 32 BOOLs); DWORD is exercised through BOOL arrays.
    return LogixSoftPlc(TagDatabase.from_project(project), time_origin_us=ORIGIN_US, **options)


@pytest.fixture
def soft(project: LogixProject) -> Iterator[LogixSoftPlc]:
    with make_plc(project).serve() as plc:
        yield plc


@pytest.fixture
def plc(soft: LogixSoftPlc) -> Iterator[LogixDriver]:
    with LogixDriver(f"127.0.0.1:{soft.port}") as driver:
        yield driver


def read_ok(plc: LogixDriver, tag: str) -> Any:
    result = plc.read(tag)
    assert result.error is None, f"{tag}: {result.error}"
    return result.value


def write_ok(plc: LogixDriver, *pairs: tuple[str, Any]) -> None:
    results = plc.write(*pairs)
    for result in results if isinstance(results, list) else [results]:
        assert result.error is None, f"{result.tag}: {result.error}"


# -- open() and controller info ---------------------------------------------------------------------------------

def test_open_uploads_the_tag_list_and_reports_the_controller(plc: LogixDriver) -> None:
    info = plc.info
    assert info["product_name"] == "1756-L83E/B"
    assert info["name"] == "BatteryLine"
    assert info["keyswitch"] == "REMOTE RUN"
    assert info["revision"] == {"major": 33, "minor": 11}
    assert set(info["programs"]) == {"MainProgram", "Oven"}
    assert info["programs"]["MainProgram"]["routines"] == ["MainRoutine"]
    assert plc.connection_size == 4000
    assert plc._cfg["use_instance_ids"] is True


def test_the_upload_discovers_types_dimensions_and_access(plc: LogixDriver) -> None:
    tags = plc.tags
    assert tags["Motor1"]["data_type_name"] == "MotorData"
    assert tags["Str1"]["data_type_name"] == "STRING"
    assert tags["Str20"]["data_type_name"] == "STRING20"
    assert tags["Flags"]["data_type_name"] == "DWORD" and tags["Flags"]["dimensions"] == [2, 0, 0]
    assert tags["Cube"]["dimensions"] == [2, 3, 4] and tags["Cube"]["dim"] == 3
    assert tags["ReadOnly1"]["external_access"] == "Read Only"
    assert tags["Dint1"]["alias"] is False
    assert "Program:MainProgram.Count" in tags and "Program:Oven.ZoneTemp" in tags
    motor = plc.data_types["MotorData"]
    assert motor["attributes"] == ["Running", "Fault", "Speed", "Hist", "Pos", "Hours"]
    assert motor["template"]["structure_size"] == 48


# -- atomic types -------------------------------------------------------------------------------------------------

ATOMIC_INITIAL = [
    ("Bool1", True), ("Sint1", -12), ("Int1", -1234), ("Dint1", 123456), ("Lint1", -9_000_000_000),
    ("Usint1", 200), ("Uint1", 60000), ("Udint1", 4_000_000_000), ("Ulint1", 18_000_000_000_000_000_000),
    ("Real1", 1.5), ("Lreal1", 2.718281828459045), ("HexDint", -1),
]


@pytest.mark.parametrize(("tag", "expected"), ATOMIC_INITIAL)
def test_atomic_initial_values_read_back(plc: LogixDriver, tag: str, expected: Any) -> None:
    assert read_ok(plc, tag) == expected


ATOMIC_WRITES = [
    ("Bool1", False), ("Sint1", -128), ("Int1", 32767), ("Dint1", -2_147_483_648), ("Lint1", 2**63 - 1),
    ("Usint1", 255), ("Uint1", 0), ("Udint1", 2**32 - 1), ("Ulint1", 2**64 - 1), ("Real1", -0.25),
    ("Lreal1", 1e300),
]


@pytest.mark.parametrize(("tag", "value"), ATOMIC_WRITES)
def test_atomic_writes_land_in_the_tag_database(plc: LogixDriver, soft: LogixSoftPlc, tag: str, value: Any) -> None:
    write_ok(plc, (tag, value))
    assert soft.db.get(tag) == value
    assert read_ok(plc, tag) == value


# -- arrays ---------------------------------------------------------------------------------------------------------

def test_whole_array_and_slices(plc: LogixDriver) -> None:
    assert read_ok(plc, "DintArr{10}") == list(range(10, 20))
    assert read_ok(plc, "DintArr[3]{4}") == [13, 14, 15, 16]
    assert read_ok(plc, "RealArr{4}") == [0.5, 1.5, 2.5, 3.5]


def test_multi_dimensional_indexes_are_row_major(plc: LogixDriver) -> None:
    assert read_ok(plc, "Matrix[1,2]") == 12
    assert read_ok(plc, "Matrix[0,1]") == 1
    assert read_ok(plc, "Cube[1,2,3]") == 123
    assert read_ok(plc, "Cube{24}")[23] == 123


def test_array_slice_write(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    write_ok(plc, ("DintArr[4]{3}", [-1, -2, -3]))
    assert soft.db.get("DintArr") == [10, 11, 12, 13, -1, -2, -3, 17, 18, 19]


def test_fragmented_read_of_3000_dints(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    soft.db.set("BigDint", [i * 7 - 5000 for i in range(3000)])
    assert read_ok(plc, "BigDint{3000}") == [i * 7 - 5000 for i in range(3000)]


def test_fragmented_write_of_3000_dints(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    values = [(i * 2654435761) % 2**31 for i in range(3000)]
    write_ok(plc, ("BigDint{3000}", values))
    assert soft.db.get("BigDint") == values


def test_fragmented_read_at_an_offset(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    soft.db.set("BigDint", list(range(3000)))
    assert read_ok(plc, "BigDint[1000]{1500}") == list(range(1000, 2500))


def test_out_of_range_index_is_a_tag_error(plc: LogixDriver) -> None:
    result = plc.read("DintArr[10]")
    assert result.value is None and result.error


# -- BOOL arrays and bits -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("index", "expected"), [(0, True), (1, False), (5, True), (33, True), (40, False), (63, True)])
def test_single_bool_array_elements(plc: LogixDriver, index: int, expected: bool) -> None:
    assert read_ok(plc, f"Flags[{index}]") is expected


def test_bool_array_element_write_leaves_neighbours_alone(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    before = soft.db.get("Flags")
    write_ok(plc, ("Flags[40]", True))
    write_ok(plc, ("Flags[5]", False))
    after = soft.db.get("Flags")
    assert after[40] is True and after[5] is False
    assert [b for i, b in enumerate(after) if i not in (5, 40)] == [b for i, b in enumerate(before) if i not in (5, 40)]


def test_bool_array_read_as_a_range(plc: LogixDriver) -> None:
    assert read_ok(plc, "Flags[32]{32}") == [i in (33, 63) for i in range(32, 64)]


@pytest.mark.parametrize("bit", [0, 3, 17, 31])
def test_dint_bit_set_and_clear_by_read_modify_write(plc: LogixDriver, soft: LogixSoftPlc, bit: int) -> None:
    soft.db.set("Dint1", 0)
    write_ok(plc, (f"Dint1.{bit}", True))
    assert soft.db.get("Dint1") & 0xFFFFFFFF == 1 << bit
    assert read_ok(plc, f"Dint1.{bit}") is True
    soft.db.set("Dint1", -1)
    write_ok(plc, (f"Dint1.{bit}", False))
    assert soft.db.get("Dint1") & 0xFFFFFFFF == 0xFFFFFFFF & ~(1 << bit)


def test_several_bits_of_one_tag_in_one_write(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    soft.db.set("Int1", 0)
    write_ok(plc, ("Int1.1", True), ("Int1.4", True), ("Int1.15", True))
    assert soft.db.get("Int1") == (1 << 1 | 1 << 4) - (1 << 15)


# -- strings ------------------------------------------------------------------------------------------------------------

def test_strings_read_write_and_length(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    assert read_ok(plc, "Str1") == "hello logix"
    assert read_ok(plc, "Str1.LEN") == 11
    write_ok(plc, ("Str1", "Formation rack 7"))
    assert soft.db.get("Str1") == "Formation rack 7"
    assert read_ok(plc, "Str1") == "Formation rack 7"


def test_custom_string_type(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    assert read_ok(plc, "Str20") == "short"
    write_ok(plc, ("Str20", "twenty characters!!!"))
    assert soft.db.get("Str20") == "twenty characters!!!"


# -- structures ---------------------------------------------------------------------------------------------------------

def test_whole_udt_read(plc: LogixDriver) -> None:
    assert read_ok(plc, "Motor1") == {"Running": True, "Fault": False, "Speed": 12.5, "Hist": [1, 2, 3, 4, 5],
                                      "Pos": {"X": 1.0, "Y": 2.0}, "Hours": 77}


@pytest.mark.parametrize(("member", "expected"), [
    ("Motor1.Speed", 12.5), ("Motor1.Running", True), ("Motor1.Fault", False), ("Motor1.Hist[2]", 3),
    ("Motor1.Hist[1]{3}", [2, 3, 4]), ("Motor1.Pos.Y", 2.0), ("Motor1.Hours", 77), ("Motors[2].Speed", 2.0),
    ("Cell1.Motor.Fault", True), ("Cell1.Temps[3]", 24), ("Cell1.Name", "C001"), ("Cell1.Ok", True),
    ("Cell1.Code", 7), ("Alarms1.Count", 3), ("Alarms1.Bits[39]", True), ("Alarms1.Bits[38]", False),
])
def test_udt_members(plc: LogixDriver, member: str, expected: Any) -> None:
    assert read_ok(plc, member) == expected


def test_udt_member_writes(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    write_ok(plc, ("Motor1.Pos.Y", -3.5), ("Motor1.Running", False), ("Cell1.Temps[2]", -40), ("Cell1.Motor.Running", True))
    assert soft.db.get("Motor1.Pos.Y") == -3.5
    assert soft.db.get("Motor1.Running") is False and soft.db.get("Motor1.Fault") is False
    assert soft.db.get("Cell1.Temps") == [21, 22, -40, 24]
    assert soft.db.get("Cell1.Motor.Running") is True and soft.db.get("Cell1.Motor.Fault") is True


def test_bool_array_member_bit_write(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    write_ok(plc, ("Alarms1.Bits[7]", False))
    write_ok(plc, ("Alarms1.Bits[33]", True))
    assert [i for i, bit in enumerate(soft.db.get("Alarms1.Bits")) if bit] == [1, 33, 39]


def test_whole_udt_round_trip(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    value = {"Running": False, "Fault": True, "Speed": -1.25, "Hist": [9, 8, 7, 6, 5], "Pos": {"X": 4.0, "Y": 8.0},
             "Hours": 2**40}
    write_ok(plc, ("Motors[1]", value))
    assert soft.db.get("Motors[1]") == value
    assert read_ok(plc, "Motors[1]") == value


# -- program scope --------------------------------------------------------------------------------------------------------

def test_program_scoped_tags(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    assert read_ok(plc, "Program:MainProgram.Step") == 3
    assert read_ok(plc, "Program:MainProgram.Target.X") == 5.5
    assert read_ok(plc, "Program:MainProgram.Log{4}") == [4, 3, 2, 1]
    write_ok(plc, ("Program:Oven.HeaterOn", True), ("Program:MainProgram.Count", 41))
    assert soft.db.get("Program:Oven.HeaterOn") is True
    assert soft.db.get("Program:MainProgram.Count") == 41


# -- alias tags ---------------------------------------------------------------------------------------------------------------

def test_alias_tags_share_their_targets_storage(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    assert plc.tags["MotorSpeed"]["alias"] is True and plc.tags["Motor1"]["alias"] is False
    assert [r.value for r in plc.read("MotorSpeed", "CellTemps{4}", "CellTemps[2]", "Dint1Bit3")] == [
        12.5, [21, 22, 23, 24], 23, False]
    write_ok(plc, ("MotorSpeed", 3.5), ("CellTemps[0]", -7), ("Dint1Bit3", True), ("Program:Oven.Heater", True))
    assert soft.db.get("Motor1.Speed") == 3.5 and soft.db.get("Cell1.Temps[0]") == -7
    assert soft.db.get("Dint1") == 123456 | 8 and soft.db.get("Program:Oven.HeaterOn") is True
    assert "DoorClosed" not in plc.tags  # an alias of an I/O module tag cannot be served
    assert soft.db.unserved == [("DoorClosed", "alias of I/O tag 'Local:1:I.Data.0'")]


# -- many tags per call ---------------------------------------------------------------------------------------------------

def test_thirty_tags_in_one_read(plc: LogixDriver) -> None:
    names = [name for name, _ in ATOMIC_INITIAL] + [
        "Str1", "Motor1", "Motor1.Speed", "Flags[33]", "Matrix[1,1]", "Cell1.Name", "Program:MainProgram.Step",
        "Program:Oven.ZoneTemp", "DintArr{10}", "Dint1.6", "ReadOnly1", "Const1", "Motors[0].Hours", "Cube[0,1,2]",
        "Str20", "Cell1.Temps{4}", "Uint1", "Motors[2].Pos.X",
    ]
    results = plc.read(*names)
    assert len(results) == 30
    assert all(r.error is None for r in results), [r for r in results if r.error]
    assert results[names.index("Cube[0,1,2]")].value == 12
    assert math.isclose(results[names.index("Const1")].value, 9.81, rel_tol=1e-6)


def test_mixed_multi_write_with_a_bit(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    soft.db.set("Udint1", 0)
    write_ok(plc, ("Sint1", 5), ("Real1", 6.5), ("Udint1.2", True), ("Str1", "x"), ("Program:MainProgram.Step", 9))
    assert (soft.db.get("Sint1"), soft.db.get("Real1"), soft.db.get("Udint1")) == (5, 6.5, 4)
    assert soft.db.get("Str1") == "x" and soft.db.get("Program:MainProgram.Step") == 9


# -- access rules, clock, mode ----------------------------------------------------------------------------------------------

def test_read_only_and_constant_tags_refuse_writes(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    for tag, value in (("ReadOnly1", 6), ("Const1", 1.0)):
        result = plc.write((tag, value))
        assert result.error, tag
    assert soft.db.get("ReadOnly1") == 5


def test_get_and_set_plc_time(plc: LogixDriver, soft: LogixSoftPlc) -> None:
    assert plc.get_plc_time().value["microseconds"] == ORIGIN_US
    soft.advance(1_500_000_000)
    assert plc.get_plc_time().value["microseconds"] == ORIGIN_US + 1_500_000
    moment = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)
    assert plc.set_plc_time(int(moment.timestamp() * 1_000_000)).error is None
    assert plc.get_plc_time().value["datetime"] == moment
    soft.advance(2_000_000_000)
    assert plc.get_plc_time().value["datetime"] == moment + timedelta(seconds=2)


def test_keyswitch_is_reported(soft: LogixSoftPlc, plc: LogixDriver) -> None:
    soft.mode = "PROG"
    assert plc.get_plc_info()["keyswitch"] == "PROG"
    soft.mode = "RUN"
    assert plc.get_plc_info()["keyswitch"] == "RUN"


# -- older controllers, several clients -------------------------------------------------------------------------------------

def test_v19_controller_falls_back_to_500_byte_connections(project: LogixProject) -> None:
    identity = ControllerIdentity(revision=(19, 11))
    with make_plc(project, large_forward_open=False, identity=identity).serve() as soft, \
            LogixDriver(f"127.0.0.1:{soft.port}") as plc:
        assert plc.connection_size == 500
        assert plc._cfg["use_instance_ids"] is False
        soft.db.set("BigDint", list(range(3000)))
        assert read_ok(plc, "BigDint{3000}") == list(range(3000))
        results = plc.read(*[f"DintArr[{i}]" for i in range(10)], *[f"Motors[{i}].Speed" for i in range(3)])
        assert [r.value for r in results] == [*range(10, 20), 0.0, 1.0, 2.0]


@pytest.mark.parametrize(("major", "access"), [(20, "Read/Write"), (17, "Unknown")])
def test_older_revisions_use_symbolic_addressing(project: LogixProject, major: int, access: str) -> None:
    """Below v21 pycomm3 addresses tags by name; below v18 it does not ask for external access (attribute 10)."""
    with make_plc(project, identity=ControllerIdentity(revision=(major, 4))).serve() as soft, \
            LogixDriver(f"127.0.0.1:{soft.port}") as plc:
        assert plc._cfg["use_instance_ids"] is False
        assert plc.tags["Dint1"]["external_access"] == access
        assert read_ok(plc, "Motor1.Pos.X") == 1.0
        write_ok(plc, ("Cell1.Temps[1]", 5), ("Dint1.2", False))
        assert soft.db.get("Cell1.Temps[1]") == 5 and soft.db.get("Dint1") == 123456 & ~4


def test_several_clients_at_once(soft: LogixSoftPlc) -> None:
    address = f"127.0.0.1:{soft.port}"
    with LogixDriver(address) as first, LogixDriver(address) as second, LogixDriver(address, init_tags=False) as third:
        write_ok(first, ("Dint1", 11))
        assert read_ok(second, "Dint1") == 11
        write_ok(second, ("Dint1", 12))
        assert read_ok(first, "Dint1") == 12
        assert third.get_plc_name() == "BatteryLine"
        assert soft.frontend.server.client_count == 3
