"""Robustness: thousands of malformed, truncated and mutated EtherNet/IP frames, then a stock pycomm3 client must
still work and no tag may have changed.

Complete frames (length field consistent) must each get exactly one reply -- except NOP, which gets none -- so
the test reads every reply and a missing one shows up as a socket timeout (a hang), not as a wall-clock sleep.
Truncated, oversize and garbage frames go over throwaway connections that the server must simply drop.
"""
from __future__ import annotations

import random
import socket
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from pycomm3 import LogixDriver

from hil.softplc.logix import LogixSoftPlc
from hil.softplc.logix._session import EncapSession

L5X = Path(__file__).resolve().parents[1] / "fixtures" / "logix" / "battery_line.L5X"
COMPLETE_FRAMES = 9_000
BROKEN_FRAMES = 1_500
REPLY_TIMEOUT_S = 5.0  # only a hang waits this long


@pytest.fixture
def soft() -> Iterator[LogixSoftPlc]:
    # Throwaway connections may pile up faster than the server reaps them; don't let the client limit refuse them.
    with LogixSoftPlc(L5X, max_clients=4096).serve() as plc:
        yield plc


def capture_pycomm3_frames(soft: LogixSoftPlc) -> list[bytes]:
    """Frames stock pycomm3 sends for open(), reads of every kind, time and info (no writes, no close)."""
    frames: list[bytes] = []
    original = EncapSession.feed

    def recording(self: EncapSession, data: bytes) -> bytes:
        frames.append(bytes(data))
        return original(self, data)

    EncapSession.feed = recording  # type: ignore[method-assign]
    try:
        with LogixDriver(f"127.0.0.1:{soft.port}") as plc:
            plc.read("Dint1", "Str1", "Motor1", "Flags[33]", "Program:MainProgram.Target.X", "Cube[1,2,3]")
            plc.read("BigDint{3000}")
            plc.read("Motor1.Hist[1]{3}")
            plc.get_plc_time()
            plc.get_plc_info()
    finally:
        EncapSession.feed = original  # type: ignore[method-assign]
    return [f for f in frames if len(f) >= 24 and struct.unpack_from("<H", f)[0] in (0x63, 0x6F, 0x70)]


class Client:
    """A raw EtherNet/IP client with a registered session and an open class-3 connection."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=REPLY_TIMEOUT_S)
        # NOPs get no reply; without NODELAY the next frame waits for the server's delayed ACK (40 ms).
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        reply = self.request(struct.pack("<HHII8sI", 0x65, 4, 0, 0, b"fuzzfuzz", 0) + b"\x01\x00\x00\x00")
        assert reply is not None
        self.session = struct.unpack_from("<I", reply, 4)[0]
        forward_open = (b"\x5b\x02\x20\x06\x24\x01\x0a\x05" + struct.pack("<IIHHIB3xIIIIBB", 0, 0x1234, 7, 0x1009, 42, 7,
                        0x204001, 0x42000FA0, 0x204001, 0x42000FA0, 0xA3, 3) + b"\x01\x00\x20\x02\x24\x01")
        cpf = struct.pack("<IHHHHHH", 0, 10, 2, 0, 0, 0xB2, len(forward_open)) + forward_open
        reply = self.request(struct.pack("<HHII8sI", 0x6F, len(cpf), self.session, 0, b"fuzzfuzz", 0) + cpf)
        assert reply is not None and reply[42] == 0, reply
        self.connection = struct.unpack_from("<I", reply, 44)[0]

    def request(self, frame: bytes, expect_reply: bool = True) -> bytes | None:
        self.sock.sendall(frame)
        if not expect_reply:
            return None
        header = self._exactly(24)
        if header is None:
            return None
        (length,) = struct.unpack_from("<H", header, 2)
        body = self._exactly(length)
        assert body is not None, "reply cut short"
        return header + body

    def _exactly(self, size: int) -> bytes | None:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))  # raises socket.timeout on a hang
            if not chunk:
                return None
            data += chunk
        return data

    def close(self) -> None:
        self.sock.close()


def mutate(rng: random.Random, frame: bytes, client: Client) -> bytes:
    """A frame from pycomm3 retargeted to our session/connection, then damaged; the length field stays true."""
    body = bytearray(frame[24:])
    command = struct.unpack_from("<H", frame)[0]
    if command == 0x70 and len(body) >= 16:
        struct.pack_into("<I", body, 12, client.connection)
    cip = {0x6F: 16, 0x70: 22}.get(command, 0)  # where the CIP request starts in the body
    spots = range(cip, len(body)) if cip < len(body) and rng.random() < 0.8 else range(len(body))
    how = rng.randrange(5)
    if how == 0 and spots:
        for _ in range(rng.randint(1, 4)):
            body[rng.choice(spots)] ^= 1 << rng.randrange(8)
    elif how == 1 and spots:
        for _ in range(rng.randint(1, 6)):
            body[rng.choice(spots)] = rng.randrange(256)
    elif how == 2 and spots:
        del body[rng.choice(spots):]
    elif how == 3:
        body += rng.randbytes(rng.randint(1, 40))
    elif how == 4 and len(body) > cip + 4:  # damage the CIP request header: service, path size, first segment
        for offset in rng.sample(range(cip, min(len(body), cip + 6)), 2):
            body[offset] = rng.randrange(256)
    if cip and len(body) >= cip and rng.random() < 0.8:  # keep the CPF data item's length true: reach CIP
        item_start = cip - 2 if command == 0x70 else cip  # the connected data item starts with the sequence count
        struct.pack_into("<H", body, item_start - 2, len(body) - item_start)
    session = client.session if rng.random() < 0.95 else rng.randrange(1 << 32)
    return struct.pack("<HHII8sI", command, len(body), session, 0, b"fuzzfuzz", 0) + bytes(body)


def random_frame(rng: random.Random, client: Client) -> bytes:
    """A frame of random content with a true length field: random or known command, random data."""
    command = rng.choice([0x00, 0x04, 0x63, 0x64, 0x65, 0x6F, 0x70, rng.randrange(1 << 16)])
    if command == 0x66:
        command = 0x67
    body = rng.randbytes(rng.choice([0, 1, 3, 4, 8, 16, 40, rng.randrange(300)]))
    session = client.session if rng.random() < 0.8 else rng.randrange(1 << 32)
    return struct.pack("<HHII8sI", command, len(body), session, 0, b"fuzzfuzz", 0) + body


def test_malformed_frames_neither_crash_nor_hang_nor_change_tags(soft: LogixSoftPlc) -> None:
    valid = capture_pycomm3_frames(soft)
    assert len(valid) >= 15
    before = soft.db.snapshot()
    rng = random.Random(20261129)
    sent = replies = reconnects = 0
    client = Client(soft.port)
    try:
        for i in range(COMPLETE_FRAMES):
            frame = mutate(rng, rng.choice(valid), client) if i % 2 else random_frame(rng, client)
            command = struct.unpack_from("<H", frame)[0]
            reply = client.request(frame, expect_reply=command != 0x00)
            sent += 1
            if reply is not None:
                replies += 1
                assert reply[:2] == frame[:2], "a reply answers the request's command"
            elif command != 0x00:  # the server hung up on us (it may: e.g. a closed session): start over
                client.close()
                client = Client(soft.port)
                reconnects += 1
    finally:
        client.close()
    for i in range(BROKEN_FRAMES):
        with socket.create_connection(("127.0.0.1", soft.port), timeout=REPLY_TIMEOUT_S) as raw:
            kind = i % 3
            if kind == 0:  # shorter than a header
                raw.sendall(rng.randbytes(rng.randint(1, 23)))
            elif kind == 1:  # header promising more than is sent
                length = rng.randint(10, 4000)
                raw.sendall(struct.pack("<HHII8sI", 0x6F, length, 1, 0, b"fuzzfuzz", 0) + rng.randbytes(length // 2))
            else:  # length beyond the request limit: answered 0x0065, then closed
                raw.sendall(struct.pack("<HHII8sI", 0x70, 60000, 1, 0, b"fuzzfuzz", 0))
                answer = raw.recv(64)
                assert answer[8:12] == b"\x65\x00\x00\x00"
                assert raw.recv(64) == b""
        sent += 1
    assert sent >= 10_000
    assert soft.frontend.server.stats["internal_errors"] == 0
    assert soft.frontend.server.stats["cip"] >= COMPLETE_FRAMES // 3, "too few frames reached the CIP layer to mean much"
    assert soft.db.snapshot() == before, "a malformed frame changed a tag"
    with LogixDriver(f"127.0.0.1:{soft.port}") as plc:
        assert plc.read("Dint1").value == 123456
        assert plc.write(("Dint1", 99)).error is None
    assert soft.db.get("Dint1") == 99
    print(f"\nfuzz: {sent} frames, {replies} replies, {soft.frontend.server.stats['cip']} reached CIP, "
          f"{reconnects} reconnects, 0 crashes, 0 hangs")
