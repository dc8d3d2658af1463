"""A compiled SCL program served over S7: python-snap7 reads its DBs at the offsets TIA Portal shows."""
from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
import snap7

from hil.softplc import S7SoftPlc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "st"


@pytest.fixture
def served() -> Iterator[tuple[S7SoftPlc, snap7.Client]]:
    plc = S7SoftPlc.from_sources([FIXTURES / "conveyor.scl"], tags=FIXTURES / "conveyor_tags.csv",
                                 db_numbers={"ConveyorData": 5, "Conveyor1_DB": 6})
    with plc.serve() as soft:
        client = snap7.Client()
        client.connect("127.0.0.1", 0, 1, soft.port)
        try:
            yield soft, client
        finally:
            client.disconnect()
            client.destroy()


def test_snap7_reads_the_db_at_tia_offsets(served: tuple[S7SoftPlc, snap7.Client]) -> None:
    soft, client = served
    tags = soft.image.tags
    speed = tags["ConveyorData.SpeedSP"].address
    client.db_write(5, speed.byte, struct.pack(">f", 0.75))       # an HMI writes the speed set point
    start = tags["ConveyorData.Cmd.Start"].address
    data = bytearray(client.db_read(5, start.byte, 1))
    data[0] |= 1 << (start.bit or 0)
    client.db_write(5, start.byte, bytes(data))
    client.eb_write(0, 1, bytearray(b"\x01"))                      # I0.0 drive ready, I0.1 no jam
    soft.advance(2_000_000_000)                                    # 2 s of OB1 at 10 ms
    running = tags["ConveyorData.Status.Running"].address
    assert client.db_read(5, running.byte, 1)[0] >> (running.bit or 0) & 1 == 1
    count = tags["ConveyorData.Status.Starts"].address
    assert struct.unpack(">h", client.db_read(5, count.byte, 2))[0] == 1
    text = tags["ConveyorData.Status.Running"].address.byte + 2  # Status.StateText: STRING[8] after the BOOLs
    assert client.db_read(5, text, 10) == bytes([8, 7]) + b"RUNNING\x00"  # max 8, current 7, characters
    out = struct.unpack(">f", client.ab_read(4, 4))[0]             # QD4: the speed output after the ramp
    assert out == pytest.approx(0.75)
