"""BOOL writes are bit writes on every target (issue 13, item 8): a test writing one bit never reverts a bit the
PLC program owns in the same byte, however the PLC's scans interleave with the test's requests.

The PLC here scans once right after every request it serves (a read, a write): the worst interleaving a real
CPU scanning on its own clock can produce. A byte read-modify-write then writes back the byte it read before
that scan, and the program's next scan finds its own bit reverted. The program owns bit 1 and toggles it every
scan, remembering what it wrote; the test writes bit 0 many times.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import snap7
from _plc_helpers import s7_tag
from snap7.server import EVC_DATA_READ, EVC_DATA_WRITE
from snap7.type import Area as Snap7Area
from snap7.type import SrvEvent, WordLen

from hil.plc import GuardedTarget, InProcessTarget, LogixTarget, S7Target
from hil.softplc import S7SoftPlc
from hil.softplc.logix import LogixIO, LogixSoftPlc, TagDatabase
from hil.tags import Area, DataType, Direction, LogixAddress, Tag, TagTable
from hil.units import MS

L5X = Path(__file__).resolve().parents[1] / "fixtures" / "logix" / "battery_line.L5X"
WRITES = 40


class Toggler:
    """Owns one BOOL (``owned``): writes it inverted every scan and counts the scans that found it changed."""

    cycle_ns = MS

    def __init__(self, owned: str) -> None:
        self.owned = owned
        self.last: bool | None = None
        self.scans = 0
        self.reverted = 0

    def check(self, tags: Any) -> None:
        pass

    def reset(self) -> None:
        self.last, self.scans, self.reverted = None, 0, 0

    def scan(self, io: Any, now_ns: int) -> None:
        if self.last is not None and bool(io[self.owned]) != self.last:
            self.reverted += 1  # somebody else wrote our bit between two scans
        self.last = not self.last
        io[self.owned] = self.last
        self.scans += 1


CMD, TOGGLE = s7_tag("Cmd", "DB1.DBX0.0"), s7_tag("Toggle", "DB1.DBX0.1")


def _write_bit_many_times(write: Callable[[bool], None], program: Toggler) -> None:
    for index in range(WRITES):
        write(index % 2 == 0)
    assert program.scans >= WRITES  # the PLC really scanned between the test's requests
    assert program.reverted == 0, f"{program.reverted} of {program.scans} scans found the program's bit reverted"


@pytest.fixture
def served() -> Iterator[tuple[S7SoftPlc, Toggler]]:
    program = Toggler("Toggle")
    with S7SoftPlc(TagTable([CMD, TOGGLE]), program).serve() as plc:

        def scan_after_request(event: SrvEvent) -> None:
            if event.EvtCode in (EVC_DATA_READ, EVC_DATA_WRITE):
                plc.advance(plc.cycle_ns)

        plc.frontend.add_event_listener(scan_after_request)
        yield plc, program


@pytest.mark.parametrize("guarded", [False, True], ids=["s7", "guarded-real-rig"])
def test_s7_bool_writes_never_revert_the_programs_bit(served: tuple[S7SoftPlc, Toggler], guarded: bool) -> None:
    plc, program = served
    inner = S7Target("line", "127.0.0.1", plc.port)
    target = GuardedTarget(inner, ["Cmd"]) if guarded else inner
    with target:
        plan = target.write_plan([CMD])
        _write_bit_many_times(lambda value: target.write(plan, {"Cmd": value}), program)
        assert target.read(target.read_plan([CMD])) == {"Cmd": False}


def test_in_process_bool_writes_never_revert_the_programs_bit() -> None:
    program = Toggler("Toggle")
    soft = S7SoftPlc(TagTable([CMD, TOGGLE]), program)

    class ScanningTarget(InProcessTarget):
        """The PLC scans after every block request the target makes."""

        def read_blocks(self, blocks):  # type: ignore[no-untyped-def]
            data = super().read_blocks(blocks)
            soft.advance(soft.cycle_ns)
            return data

        def write_blocks(self, writes):  # type: ignore[no-untyped-def]
            super().write_blocks(writes)
            soft.advance(soft.cycle_ns)

    target = ScanningTarget("line", soft)
    plan = target.write_plan([CMD])
    _write_bit_many_times(lambda value: target.write(plan, {"Cmd": value}), program)


class LogixToggler(Toggler):
    def check(self, db: TagDatabase) -> None:
        db.locate(self.owned)

    def scan(self, io: LogixIO, now_ns: int) -> None:  # type: ignore[override]
        super().scan(io, now_ns)


def test_logix_bool_writes_never_revert_the_programs_bit() -> None:
    """pycomm3 writes a bit of a DINT with Read-Modify-Write Tag (0x4E), which the soft controller applies under
    its lock (logix-cip-wire.md §18); this guards that path (it passes on the code before issue 13 too)."""
    program = LogixToggler("Dint1.1")
    with LogixSoftPlc(L5X, program, cycle_ns=MS).serve() as soft:
        handle = soft.router.handle

        def scan_after_request(message: bytes, context: Any, *, embedded: bool = False) -> bytes:
            answer = handle(message, context, embedded=embedded)
            if not embedded and message[:1] == b"\x4e":
                soft.advance(soft.cycle_ns)
            return answer

        soft.router.handle = scan_after_request  # type: ignore[method-assign]
        bit = Tag("Dint1.0", LogixAddress("Dint1.0"), DataType.BOOL, Direction.INPUT)
        with LogixTarget("line", "127.0.0.1", soft.port) as target:
            plan = target.write_plan([bit])
            _write_bit_many_times(lambda value: target.write(plan, {"Dint1.0": value}), program)


def test_the_soft_s7_server_writes_one_bit_as_a_cpu_does() -> None:
    """snap7-server-facts.md §3.1: python-snap7's server turned byte 0xF0 plus a BIT write of DBX1.1 = 1 into
    0x01; an S7 CPU sets that one bit (0xF2) and clears it again (0xF0), the other seven untouched."""
    with S7SoftPlc(TagTable([CMD, s7_tag("High", "DB1.DBX1.7")]), Toggler("Cmd")).serve() as plc:
        memory = plc.image.areas[(Area.DB, 1)]
        memory[1] = 0xF0
        client = snap7.Client()
        client.connect("127.0.0.1", 0, 1, plc.port)
        try:
            client.write_area(Snap7Area.DB, 1, 1 * 8 + 1, bytearray(b"\x01"), WordLen.Bit)
            assert memory[1] == 0xF2
            client.write_area(Snap7Area.DB, 1, 1 * 8 + 1, bytearray(b"\x00"), WordLen.Bit)
            assert memory[1] == 0xF0
            client.write_area(Snap7Area.DB, 1, 1 * 8 + 4, bytearray(b"\x00"), WordLen.Bit)
            assert memory[1] == 0xE0
        finally:
            client.disconnect()
