"""hil.plc read/write plans, and the in-process target over a scan runtime."""
from __future__ import annotations

import struct

import pytest

from hil.errors import PlcError, PlcProtocolError
from hil.plc import Block, InProcessTarget, ReadPlan, WritePlan
from hil.softplc import ProcessImage, ProgramIO, ScanRuntime
from hil.tags import Area, DataType, Direction, Tag, TagTable, parse_s7_address


def tag(name: str, address: str, data_type: str) -> Tag:
    parsed = parse_s7_address(address)
    return Tag(name, parsed, DataType[data_type], Direction.default_for(parsed.area))


TEMP = tag("Oven.TempPV", "DB10.DBD0", "REAL")
SETPOINT = tag("Oven.TempSP", "DB10.DBD4", "REAL")
FAR = tag("Oven.Far", "DB10.DBD204", "REAL")
START = tag("Oven.Start", "DB10.DBX8.0", "BOOL")
HEATER = tag("Oven.Heater", "Q0.0", "BOOL")
LIMIT = tag("Oven.LimitOK", "I0.0", "BOOL")


@pytest.mark.parametrize(
    ("tags", "blocks"),
    [
        ([TEMP, SETPOINT], [Block(Area.DB, 10, 0, 8)]),
        ([SETPOINT, TEMP], [Block(Area.DB, 10, 0, 8)]),
        ([TEMP, FAR], [Block(Area.DB, 10, 0, 4), Block(Area.DB, 10, 204, 4)]),
        ([TEMP, START], [Block(Area.DB, 10, 0, 9)]),  # 4 unused bytes are cheaper than a second request
        (
            [FAR, HEATER, TEMP, LIMIT],
            [Block(Area.I, 0, 0, 1), Block(Area.Q, 0, 0, 1), Block(Area.DB, 10, 0, 4), Block(Area.DB, 10, 204, 4)],
        ),
        ([TEMP, tag("Other.DB", "DB11.DBD4", "REAL")], [Block(Area.DB, 10, 0, 4), Block(Area.DB, 11, 4, 4)]),
    ],
)
def test_read_plan_coalesces(tags: list[Tag], blocks: list[Block]) -> None:
    assert ReadPlan(tags).blocks == blocks


def test_read_plan_max_gap_is_honoured() -> None:
    assert len(ReadPlan([TEMP, FAR], max_gap=200).blocks) == 1
    assert len(ReadPlan([TEMP, FAR], max_gap=199).blocks) == 2


def test_read_plan_decodes_by_name() -> None:
    plan = ReadPlan([HEATER, TEMP, START, SETPOINT])
    assert plan.blocks == [Block(Area.Q, 0, 0, 1), Block(Area.DB, 10, 0, 9)]
    db = struct.pack(">ff", 21.5, -3.25) + b"\x01"
    assert plan.decode([b"\x00", db]) == {
        "Oven.Heater": False,
        "Oven.TempPV": 21.5,
        "Oven.Start": True,
        "Oven.TempSP": -3.25,
    }


def test_block_str() -> None:
    assert str(Block(Area.DB, 10, 4, 8)) == "DB10[4:12]"
    assert str(Block(Area.Q, 0, 0, 2)) == "Q[0:2]"


@pytest.mark.parametrize(
    ("tags", "blocks"),
    [
        ([TEMP, SETPOINT], [Block(Area.DB, 10, 0, 8)]),  # touching: merged, fully owned
        ([TEMP, tag("X", "DB10.DBD8", "REAL")], [Block(Area.DB, 10, 0, 4), Block(Area.DB, 10, 8, 4)]),
        ([TEMP, START], [Block(Area.DB, 10, 0, 4), Block(Area.DB, 10, 8, 1, bit=0)]),
        ([HEATER], [Block(Area.Q, 0, 0, 1, bit=0)]),  # a lone BOOL shares its byte with 7 foreign bits
        ([tag(f"B{k}", f"Q0.{k}", "BOOL") for k in range(8)], [Block(Area.Q, 0, 0, 1)]),  # the plan owns the byte
        ([HEATER, tag("Byte", "QB1", "BYTE")], [Block(Area.Q, 0, 1, 1), Block(Area.Q, 0, 0, 1, bit=0)]),
    ],
)
def test_write_plan_blocks_and_bits(tags: list[Tag], blocks: list[Block]) -> None:
    assert WritePlan(tags).blocks == blocks


def test_a_shared_bool_is_a_bit_write_never_a_byte() -> None:
    own = tag("Oven.Cmd.Start", "DB10.DBX8.2", "BOOL")
    plan = WritePlan([own])
    assert plan.encode({"Oven.Cmd.Start": True}) == [(Block(Area.DB, 10, 8, 1, bit=2), b"\x01")]
    assert plan.encode({"Oven.Cmd.Start": False}) == [(Block(Area.DB, 10, 8, 1, bit=2), b"\x00")]
    assert str(Block(Area.DB, 10, 8, 1, bit=2)) == "DB10.DBX8.2" and str(Block(Area.I, 0, 3, 1, bit=7)) == "I3.7"
    with pytest.raises(ValueError, match="Oven.Cmd.Start"):
        plan.encode({"Oven.Cmd.Start": 2})


def test_write_plan_encode_real_and_int() -> None:
    count = tag("Line.Count", "DB10.DBW4", "INT")
    plan = WritePlan([TEMP, count])
    assert plan.encode({"Oven.TempPV": 185.0, "Line.Count": -2}) == [
        (Block(Area.DB, 10, 0, 6), struct.pack(">f", 185.0) + b"\xff\xfe")
    ]


def test_write_plan_encode_error_names_tag() -> None:
    plan = WritePlan([tag("Line.Count", "DB10.DBW4", "INT")])
    with pytest.raises(ValueError, match=r"tag 'Line.Count' \(INT\) takes -32768 to 32767, not 40000"):
        plan.encode({"Line.Count": 40000})


class Doubler:
    """A trivial control program: TempSP = 2 * TempPV, Heater follows Start, and it sets a flag bit."""

    cycle_ns = 10_000_000

    def __init__(self) -> None:
        self.scan_times: list[int] = []
        self.checked: list[str] = []

    def check(self, tags: TagTable) -> None:
        self.checked = tags.names

    def reset(self) -> None:
        self.scan_times = []

    def scan(self, io: ProgramIO, now_ns: int) -> None:
        self.scan_times.append(now_ns)
        io["Oven.TempSP"] = io["Oven.TempPV"] * 2
        io["Oven.Heater"] = io["Oven.Start"]
        io["Oven.Flag"] = True


@pytest.fixture
def target() -> InProcessTarget:
    flag = tag("Oven.Flag", "DB10.DBX8.1", "BOOL")
    runtime = ScanRuntime(ProcessImage(TagTable([TEMP, SETPOINT, START, flag, HEATER])), Doubler())
    return InProcessTarget("oven_plc", runtime)


def test_runtime_scans_at_multiples_of_cycle(target: InProcessTarget) -> None:
    program = target.plc.program
    assert program.checked == ["Oven.TempPV", "Oven.TempSP", "Oven.Start", "Oven.Flag", "Oven.Heater"]
    assert target.cycle_ns == 10_000_000
    assert target.plc.advance(25_000_000) == 2
    assert program.scan_times == [10_000_000, 20_000_000]
    assert target.plc.clock.now_ns == 25_000_000
    assert target.plc.advance(5_000_000) == 1
    assert program.scan_times[-1] == 30_000_000


def test_in_process_round_trip(target: InProcessTarget) -> None:
    target.advance(10_000_000)  # the program sets its flag bit in DB10.DBB8
    write = target.write_plan([TEMP, START])
    assert write.blocks == [Block(Area.DB, 10, 0, 4), Block(Area.DB, 10, 8, 1, bit=0)]
    target.write(write, {"Oven.TempPV": 21.5, "Oven.Start": True})
    assert target.memory.areas[(Area.DB, 10)][8] == 0b11  # the program's flag survived the write
    target.advance(10_000_000)
    read = target.read_plan([TEMP, SETPOINT, START, tag("Oven.Flag", "DB10.DBX8.1", "BOOL"), HEATER])
    assert target.read(read) == {
        "Oven.TempPV": 21.5,
        "Oven.TempSP": 43.0,
        "Oven.Start": True,
        "Oven.Flag": True,
        "Oven.Heater": True,
    }
    assert target.read_plan([TEMP, SETPOINT, START, tag("Oven.Flag", "DB10.DBX8.1", "BOOL"), HEATER]) is read


def test_cold_restart_zeroes_memory(target: InProcessTarget) -> None:
    target.write(target.write_plan([TEMP]), {"Oven.TempPV": 5.0})
    target.advance(20_000_000)
    target.plc.cold_restart()
    assert all(not any(buffer) for buffer in target.memory.areas.values())
    assert target.plc.program.scan_times == []
    assert (target.plc.clock.now_ns, target.plc.scans) == (0, 0)


@pytest.mark.parametrize(
    ("block", "text"),
    [
        (Block(Area.DB, 11, 0, 4), "PLC 'oven_plc': DB11[0:4] is outside the soft PLC's memory"),
        (Block(Area.DB, 10, 8, 4), "PLC 'oven_plc': DB10[8:12] is outside the soft PLC's memory"),
        (Block(Area.M, 0, 0, 1), "PLC 'oven_plc': M[0:1] is outside the soft PLC's memory"),
    ],
)
def test_in_process_out_of_range(target: InProcessTarget, block: Block, text: str) -> None:
    with pytest.raises(PlcProtocolError) as info:
        target.read_blocks([block])
    assert str(info.value) == text
    assert isinstance(info.value, PlcError)


def test_runtime_refuses_non_positive_cycle() -> None:
    program = Doubler()
    program.cycle_ns = 0
    with pytest.raises(ValueError, match="cycle time must be positive, not 0 ns"):
        ScanRuntime(ProcessImage(TagTable([TEMP])), program)


def test_writes_never_read_and_an_unchanged_input_bit_is_written_again_only_after_another_write() -> None:
    other_input = tag("Oven.DoorClosed", "I0.1", "BOOL")
    runtime = ScanRuntime(ProcessImage(TagTable([LIMIT, other_input, TEMP])), Doubler())
    reads: list[list[Block]] = []
    writes: list[list[Block]] = []

    class CountingTarget(InProcessTarget):
        def read_blocks(self, blocks):  # type: ignore[no-untyped-def]
            reads.append(list(blocks))
            return super().read_blocks(blocks)

        def write_blocks(self, blocks):  # type: ignore[no-untyped-def]
            if blocks:
                writes.append([block for block, _ in blocks])
            super().write_blocks(blocks)

    target = CountingTarget("plc", runtime)
    limit_plan, door_plan = target.write_plan([LIMIT]), target.write_plan([other_input])
    target.write(limit_plan, {"Oven.LimitOK": True})
    target.write(limit_plan, {"Oven.LimitOK": True})  # unchanged input: not written again
    target.write(door_plan, {"Oven.DoorClosed": True})  # another bit of the same byte: the limit bit is intact
    target.write(limit_plan, {"Oven.LimitOK": True})
    limit_bit, door_bit = Block(Area.I, 0, 0, 1, bit=0), Block(Area.I, 0, 0, 1, bit=1)
    assert reads == [] and writes == [[limit_bit], [door_bit]]
    target.write(target.write_plan([LIMIT, other_input]), {"Oven.LimitOK": False, "Oven.DoorClosed": True})
    target.write(limit_plan, {"Oven.LimitOK": True})  # the two-bit plan wrote bit 0: written again
    assert writes[-1] == [limit_bit]
    assert target.memory.areas[(Area.I, 0)][0] == 0b11


def test_an_unchanged_input_block_is_not_written_again_until_forgotten() -> None:
    runtime = ScanRuntime(ProcessImage(TagTable([LIMIT, TEMP])), Doubler())
    writes: list[list[Block]] = []

    class CountingTarget(InProcessTarget):
        def write_blocks(self, blocks):  # type: ignore[no-untyped-def]
            writes.append([block for block, _ in blocks])
            super().write_blocks(blocks)

    target = CountingTarget("plc", runtime)
    plan = target.write_plan([LIMIT, TEMP])
    for value in (True, True, False):
        target.write(plan, {"Oven.LimitOK": value, "Oven.TempPV": 20.0})
    input_block, db_block = Block(Area.I, 0, 0, 1, bit=0), Block(Area.DB, 10, 0, 4)
    assert writes == [[db_block, input_block], [db_block], [db_block, input_block]]  # DB bytes are always written
    runtime.cold_restart()  # the PLC's inputs are zero now, behind the plan's back
    target.forget_written()
    target.write(plan, {"Oven.LimitOK": False, "Oven.TempPV": 20.0})
    assert writes[-1] == [db_block, input_block]
