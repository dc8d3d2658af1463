"""The S7 soft PLC and the S7 target, over python-snap7 on 127.0.0.1 and an OS-assigned port."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hil.errors import PlcConnectionError, PlcProtocolError
from hil.plc import Block, S7Target
from hil.softplc import ProgramIO, S7SoftPlc
from hil.tags import Area, TagTable, load_tag_table
from hil.units import MS

TAGS_CSV = """name,address,type
In.Level,DB1.DBD0,REAL
In.Run,DB1.DBX4.0,BOOL
Out.Flag,DB1.DBX4.1,BOOL
Out.Count,DB1.DBD6,DINT
Out.Lamp,Q0.0,BOOL
"""


class CountingProgram:
    """Counts its scans into Out.Count and mirrors In.Run to Out.Lamp; sets Out.Flag; notes area locks."""

    cycle_ns = 10 * MS

    def __init__(self) -> None:
        self.lock_states: list[bool] = []
        self.plc: S7SoftPlc | None = None

    def check(self, tags: TagTable) -> None:
        tags["Out.Count"]

    def reset(self) -> None:
        self.lock_states.clear()

    def scan(self, io: ProgramIO, now_ns: int) -> None:
        if self.plc is not None and self.plc.frontend.snap7 is not None:
            self.lock_states.append(all(lock.locked() for lock in self.plc.frontend.snap7.area_locks.values()))
        io["Out.Count"] = io["Out.Count"] + 1
        io["Out.Lamp"] = io["In.Run"]
        io["Out.Flag"] = True


@pytest.fixture
def tags(tmp_path: Path) -> TagTable:
    path = tmp_path / "tags.csv"
    path.write_text(TAGS_CSV, encoding="utf-8")
    return load_tag_table(path)


@pytest.fixture
def program() -> CountingProgram:
    return CountingProgram()


@pytest.fixture
def plc(tags: TagTable, program: CountingProgram) -> Iterator[S7SoftPlc]:
    with S7SoftPlc(tags, program, name="test-plc").serve() as soft:
        program.plc = soft
        yield soft


@pytest.fixture
def target(plc: S7SoftPlc) -> Iterator[S7Target]:
    with S7Target("test-plc", "127.0.0.1", plc.port, stepper=plc) as connected:
        yield connected


def test_server_listens_on_loopback_on_an_os_assigned_port(plc: S7SoftPlc) -> None:
    assert plc.frontend.snap7 is not None and plc.frontend.snap7.server_socket is not None
    host, port = plc.frontend.snap7.server_socket.getsockname()
    assert host == "127.0.0.1"
    assert port == plc.port and port not in (0, 102)


def test_target_writes_inputs_reads_outputs_and_the_server_counts_requests(
    plc: S7SoftPlc, target: S7Target, tags: TagTable
) -> None:
    reads_before, writes_before = plc.requests.snapshot()
    target.write(target.write_plan([tags["In.Level"], tags["In.Run"]]), {"In.Level": 12.5, "In.Run": True})
    target.advance(30 * MS)  # three scans
    values = target.read(target.read_plan([tags["Out.Count"], tags["Out.Lamp"], tags["In.Level"], tags["Out.Flag"]]))
    assert values == {"Out.Count": 3, "Out.Lamp": True, "In.Level": 12.5, "Out.Flag": True}
    reads, writes = plc.requests.snapshot()
    assert reads > reads_before and writes > writes_before


def test_bit_write_keeps_the_other_bits_of_its_byte(plc: S7SoftPlc, target: S7Target, tags: TagTable) -> None:
    target.advance(10 * MS)  # the program sets Out.Flag (DB1.DBX4.1)
    plan = target.write_plan([tags["In.Run"]])  # DB1.DBX4.0: same byte
    assert plan.blocks == [Block(Area.DB, 1, 4, 1, bit=0)]  # a bit write (transport size BIT), not the byte
    target.write(plan, {"In.Run": True})
    target.write(plan, {"In.Run": False})
    assert target.read(target.read_plan([tags["Out.Flag"], tags["In.Run"]])) == {"Out.Flag": True, "In.Run": False}


def test_every_scan_holds_every_area_lock(plc: S7SoftPlc, target: S7Target, program: CountingProgram) -> None:
    target.advance(50 * MS)
    assert program.lock_states == [True] * 5


def test_reading_a_db_that_does_not_exist_is_an_error_not_data(plc: S7SoftPlc, target: S7Target) -> None:
    with pytest.raises(PlcProtocolError, match=r"PLC 'test-plc'.*DB99\[0:4\]"):
        target.read_blocks([Block(Area.DB, 99, 0, 4)])


def test_reading_beyond_an_area_is_an_error(plc: S7SoftPlc, target: S7Target) -> None:
    with pytest.raises(PlcProtocolError, match=r"DB1\[100:104\]"):
        target.read_blocks([Block(Area.DB, 1, 100, 4)])


def test_connecting_to_a_port_nobody_listens_on_names_the_plc(plc: S7SoftPlc) -> None:
    port = plc.port
    plc.close()  # the port is free again; nothing listens on it now
    with pytest.raises(PlcConnectionError, match=rf"PLC 'gone': cannot connect to 127.0.0.1:{port}"):
        S7Target("gone", "127.0.0.1", port).connect()
