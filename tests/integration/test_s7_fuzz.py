"""Robustness of the S7 soft PLC's server: malformed, truncated, oversized and noisy frames, then a
valid client must still be served and memory may have changed only where a write was accepted.

CI sends a few thousand frames; `python benchmarks/fuzz_servers.py` sends 100,000.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import snap7

from hil.softplc import ProgramIO, S7SoftPlc
from hil.tags import Area, TagTable, load_tag_table

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from _s7_fuzzer import FuzzResult, fuzz_s7, write_recorder  # noqa: E402

CI_FRAMES = 2_000
TAGS = "name,address,type\nIn.Level,DB1.DBD0,REAL\nIn.Run,I0.0,BOOL\nOut.Lamp,Q0.0,BOOL\nFlag,M0.0,BOOL\nCount,DB1.DBD4,DINT\n"


class Idle:
    cycle_ns = 10_000_000

    def check(self, tags: TagTable) -> None:
        pass

    def reset(self) -> None:
        pass

    def scan(self, io: ProgramIO, now_ns: int) -> None:
        pass


@pytest.fixture
def plc(tmp_path: Path) -> Iterator[S7SoftPlc]:
    (tmp_path / "tags.csv").write_text(TAGS, encoding="utf-8")
    with S7SoftPlc(load_tag_table(tmp_path / "tags.csv"), Idle(), name="fuzzed").serve() as soft:
        for buffer in soft.image.areas.values():  # recognisable contents
            buffer[:] = bytes((i * 37 + 11) % 256 for i in range(len(buffer)))
        yield soft


def test_fuzzed_frames_neither_crash_nor_hang_the_server_nor_change_unwritten_memory(plc: S7SoftPlc) -> None:
    before = {key: bytes(buffer) for key, buffer in plc.image}
    result = FuzzResult()
    plc.frontend.add_event_listener(write_recorder(result))
    outcome = fuzz_s7(plc.port, CI_FRAMES, seed=7)
    result.frames, result.closed, result.hangs = outcome.frames, outcome.closed, outcome.hangs
    assert (outcome.frames, outcome.hangs) == (CI_FRAMES, 0)
    server_area = {Area.I: 0, Area.Q: 1, Area.M: 2, Area.DB: 5}  # SrvArea codes in the write events
    for (area, db), buffer in plc.image:
        written = [(start, size) for a, d, start, size in result.writes if a == server_area[area] and d == db]
        for offset, (old, new) in enumerate(zip(before[(area, db)], buffer)):
            if old != new:
                assert any(start <= offset < start + size for start, size in written), (area, db, offset)
    client = snap7.Client()
    client.connect("127.0.0.1", 0, 1, plc.port)
    try:
        client.db_write(1, 4, bytearray(b"\x00\x00\x00\x2a"))
        assert client.db_read(1, 4, 4) == bytearray(b"\x00\x00\x00\x2a")
        with pytest.raises(Exception, match="(?i)does not exist|address|area"):
            client.db_read(99, 0, 4)  # a DB that does not exist is an error, never invented data
    finally:
        client.disconnect()


def test_a_read_without_an_address_is_refused_not_answered_with_db1(plc: S7SoftPlc) -> None:
    """python-snap7's server answers an address-less read with DB1[0:4]; ours answers with an error."""
    import struct

    from _s7_fuzzer import _Connection, _dt

    connection = _Connection(plc.port)
    try:
        request = bytes.fromhex("320100000abc00020000") + bytes([0x04, 0x00])  # READ_AREA with no item
        connection.sock.sendall(_dt(request))
        header = connection._exact(4)
        reply = connection._exact(struct.unpack(">H", header[2:])[0] - 4)[3:]  # without COTP
        error_class, error_code = reply[10], reply[11]
        assert (error_class, error_code) != (0, 0)  # an error answer
        assert bytes(plc.image.areas[(Area.DB, 1)][0:4]) not in reply[12:]  # and no DB1 data in it
    finally:
        connection.close()
