"""The Logix target (hil.plc.LogixTarget over pycomm3) and the Logix soft PLC's scans in virtual time."""
from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from hil.errors import PlcConnectionError, PlcError, PlcProtocolError
from hil.plc import LogixTarget
from hil.softplc.logix import LogixIO, LogixSoftPlc, TagDatabase
from hil.units import MS

L5X = Path(__file__).resolve().parents[1] / "fixtures" / "logix" / "battery_line.L5X"


class CountingProgram:
    """Counts scans into Program:MainProgram.Count and runs the oven's heater rule (the L5X's ST, by hand)."""

    cycle_ns = 10 * MS

    def __init__(self) -> None:
        self.resets = 0

    def check(self, db: TagDatabase) -> None:
        db.locate("Program:MainProgram.Count")
        db.locate("Program:Oven.HeaterOn")

    def reset(self) -> None:
        self.resets += 1

    def scan(self, io: LogixIO, now_ns: int) -> None:
        main, oven = io.program("MainProgram"), io.program("Oven")  # names resolve as in the routines
        main["Count"] = main["Count"] + 1
        oven["HeaterOn"] = oven["ZoneTemp"] < 80.0 and not oven["Motor1.Fault"]


@pytest.fixture
def soft() -> Iterator[LogixSoftPlc]:
    with LogixSoftPlc(L5X, CountingProgram()).serve() as plc:
        yield plc


@pytest.fixture
def target(soft: LogixSoftPlc) -> Iterator[LogixTarget]:
    with LogixTarget("line", "127.0.0.1", soft.port, stepper=soft) as connected:
        yield connected  # type: ignore[misc]


def test_batched_read_and_write_by_name(target: LogixTarget, soft: LogixSoftPlc) -> None:
    names = ["Dint1", "Real1", "Str1", "Motor1.Speed", "Flags[33]", "Program:MainProgram.Step"]
    assert target.read_tags(names) == {"Dint1": 123456, "Real1": 1.5, "Str1": "hello logix", "Motor1.Speed": 12.5,
                                       "Flags[33]": True, "Program:MainProgram.Step": 3}
    target.write_tags({"Dint1": 5, "Motor1.Running": False, "Dint1.4": True, "Program:Oven.ZoneTemp": 95.0})
    assert soft.db.get("Dint1") == 21 and soft.db.get("Motor1.Running") is False
    assert soft.db.get("Program:Oven.ZoneTemp") == 95.0


def test_scans_run_in_virtual_time_through_the_target(target: LogixTarget, soft: LogixSoftPlc) -> None:
    assert target.cycle_ns == 10 * MS
    target.advance(105 * MS)
    assert soft.scans == 10 and soft.clock.now_ns == 105 * MS
    assert target.read_tags(["Program:MainProgram.Count", "Program:Oven.HeaterOn"]) == {
        "Program:MainProgram.Count": 10, "Program:Oven.HeaterOn": True}
    target.write_tags({"Program:Oven.ZoneTemp": 120.0})
    target.advance(5 * MS)  # the 11th scan falls due at 110 ms
    assert target.read_tags(["Program:Oven.HeaterOn"]) == {"Program:Oven.HeaterOn": False}


def test_prog_mode_lets_time_pass_without_scans(soft: LogixSoftPlc) -> None:
    """PROG counts no scans (as S7 STOP): "after N scans" must mean scans that ran (issue 14)."""
    soft.mode = "REMOTE PROG"
    assert soft.advance(50 * MS) == 0 and soft.scans == 0 and soft.now_ns == 50 * MS
    assert soft.db.get("Program:MainProgram.Count") == 0
    soft.mode = "RUN"
    assert soft.advance(10 * MS) == 1 and soft.scans == 1
    assert soft.db.get("Program:MainProgram.Count") == 1


def test_cold_restart_restores_initial_values(target: LogixTarget, soft: LogixSoftPlc) -> None:
    target.write_tags({"Dint1": -1, "Str1": "changed"})
    soft.advance(30 * MS)
    soft.cold_restart()
    assert soft.clock.now_ns == 0 and soft.scans == 0
    assert target.read_tags(["Dint1", "Str1", "Program:MainProgram.Count"]) == {
        "Dint1": 123456, "Str1": "hello logix", "Program:MainProgram.Count": 0}


def test_a_refused_write_names_the_tag_and_the_status(target: LogixTarget) -> None:
    with pytest.raises(PlcProtocolError, match=r"PLC 'line'.*write of tag 'ReadOnly1' failed: Permission denied \(CIP general status 0x0F\)"):
        target.write_tags({"ReadOnly1": 1})


def test_an_unknown_tag_names_what_is_close(target: LogixTarget) -> None:
    with pytest.raises(PlcProtocolError, match=r"tag 'Dint2'.*did you mean 'Dint1'"):
        target.read_tags(["Dint1", "Dint2"])


def test_an_out_of_range_read_is_a_protocol_error(target: LogixTarget) -> None:
    with pytest.raises(PlcProtocolError, match=r"read of tag 'DintArr\[12\]'"):
        target.read_tags(["DintArr[12]"])


def test_losing_the_connection_names_the_plc(soft: LogixSoftPlc) -> None:
    target = LogixTarget("line", "127.0.0.1", soft.port)
    target.connect()
    try:
        soft.close()
        with pytest.raises(PlcConnectionError, match=r"PLC 'line' at 127\.0\.0\.1:\d+/0"):
            target.read_tags(["Dint1"])
    finally:
        with pytest.raises(PlcConnectionError):
            target.close()


def test_nothing_listening_is_a_connection_error() -> None:
    with socket.socket() as probe:  # a port that was just free and has no listener
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(PlcConnectionError, match=r"PLC 'line': cannot connect to 127\.0\.0\.1"):
        LogixTarget("line", "127.0.0.1", port).connect()


def test_byte_block_access_is_refused_with_a_reason(target: LogixTarget) -> None:
    with pytest.raises(PlcError, match="addressed by tag name"):
        target.read_blocks([])


def test_a_real_controller_cannot_be_advanced(soft: LogixSoftPlc) -> None:
    with LogixTarget("real", "127.0.0.1", soft.port, init_tags=False) as real:
        assert real.cycle_ns is None
        with pytest.raises(PlcError, match="own clock"):
            real.advance(MS)


def test_remote_stepping_over_cip(soft: LogixSoftPlc) -> None:
    with LogixSoftPlc(L5X, CountingProgram(), remote_stepping=True).serve() as remote, \
            LogixTarget("remote", "127.0.0.1", remote.port, remote_stepping=True) as target:
        assert target.cycle_ns == 10 * MS
        target.advance(105 * MS)
        assert remote.scans == 10 and target.read_tags(["Program:MainProgram.Count"]) == {"Program:MainProgram.Count": 10}
        target.cold_restart()
        assert remote.scans == 0 and remote.db.get("Program:MainProgram.Count") == 0


def test_a_plc_without_remote_stepping_refuses_it(soft: LogixSoftPlc) -> None:
    target = LogixTarget("line", "127.0.0.1", soft.port, remote_stepping=True)
    with pytest.raises(PlcProtocolError, match=r"virtual time request 0x01 failed: .*--clock virtual"):
        target.connect()
    with pytest.raises(PlcConnectionError, match="not connected"):
        target.read_tags(["Dint1"])
