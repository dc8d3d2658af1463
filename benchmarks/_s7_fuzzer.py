"""A mutation fuzzer for the S7 soft PLC's server (python-snap7's Server, as the soft PLC serves it).

Frames come from valid requests (setup, reads of registered and unregistered areas, multi-item
reads, writes to a DB that does not exist, SZL reads) mutated by bit flips, byte replacement,
truncation (framing kept consistent), growth and pure noise. After every fuzz frame a valid probe
read goes out on the same connection and its answer (matched by PDU reference) must come back: a
missing answer is a hang; a closed connection is counted and re-opened. Frames whose framing itself
lies (bad TPKT version or length) go over throwaway connections. Memory may change only where the
server reported a successful write.
"""
from __future__ import annotations

import random
import socket
import struct
from dataclasses import dataclass, field

from snap7.datatypes import S7Area, S7WordLen
from snap7.s7protocol import S7Protocol
from snap7.server import EVC_DATA_WRITE
from snap7.type import SrvEvent

__all__ = ["FuzzResult", "fuzz_s7"]

COTP_CR = bytes.fromhex("11e00000000100c0010ac1020100c2020101")  # connection request, TSAPs 0x0100 / 0x0101
REPLY_TIMEOUT_S = 5.0  # only a hang waits this long


def _tpkt(payload: bytes) -> bytes:
    return struct.pack(">BBH", 3, 0, len(payload) + 4) + payload


def _dt(pdu: bytes) -> bytes:
    return _tpkt(b"\x02\xf0\x80" + pdu)


@dataclass
class FuzzResult:
    frames: int = 0
    broken_framing: int = 0
    closed: int = 0
    hangs: int = 0
    writes: list[tuple[int, int, int, int]] = field(default_factory=list)  # (area, db, start, size) accepted


class _Connection:
    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=REPLY_TIMEOUT_S)
        # Two small frames back to back (fuzz, probe): without NODELAY, Nagle holds the probe for 40 ms.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(_tpkt(COTP_CR))
        self._read_frame()
        protocol = S7Protocol()
        self.sock.sendall(_dt(protocol.build_setup_communication_request()))
        self._read_frame()

    def _exact(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise ConnectionResetError("closed by the server")
            data += chunk
        return data

    def _read_frame(self) -> bytes:
        _, _, length = struct.unpack(">BBH", self._exact(4))
        return self._exact(length - 4)

    def probe(self, reference: int, request: bytes) -> None:
        """Send ``request`` and read frames until the one answering ``reference`` arrives."""
        self.sock.sendall(_dt(request))
        while True:
            frame = self._read_frame()
            if len(frame) >= 3 + 6 and struct.unpack_from(">H", frame, 3 + 4)[0] == reference:
                return

    def close(self) -> None:
        self.sock.close()


def _seeds(rng: random.Random) -> list[bytes]:
    p = S7Protocol()
    return [
        p.build_setup_communication_request(),
        p.build_read_request(S7Area.DB, 1, 0, S7WordLen.BYTE, 16),
        p.build_read_request(S7Area.DB, 99, 0, S7WordLen.BYTE, 4),
        p.build_read_request(S7Area.PE, 0, 0, S7WordLen.BYTE, 2),
        p.build_read_request(S7Area.PA, 0, 0, S7WordLen.WORD, 1),
        p.build_read_request(S7Area.MK, 0, 0, S7WordLen.BIT, 1),
        p.build_read_request(S7Area.TM, 0, 0, S7WordLen.TIMER, 1),
        p.build_multi_read_request([(0x84, 1, 0, 4), (0x81, 0, 0, 1), (0x84, 42, 0, 2)]),
        p.build_write_request(S7Area.DB, 77, 0, S7WordLen.BYTE, bytes(rng.randrange(256) for _ in range(8))),
        p.build_read_szl_request(0x0011, 0),
    ]


def _mutate(seed: bytes, rng: random.Random) -> bytes:
    data = bytearray(seed)
    choice = rng.randrange(6)
    if choice == 0:
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
    elif choice == 1:
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif choice == 2:
        data = data[: rng.randrange(len(data))]
    elif choice == 3:
        data += bytes(rng.randrange(256) for _ in range(rng.randint(1, 2000)))
    elif choice == 4:
        data = bytearray(rng.randrange(256) for _ in range(rng.randint(0, 600)))
    elif len(data) >= 10:  # a plausible header whose parameter and data lengths lie
        struct.pack_into(">HH", data, 6, rng.randrange(65536), rng.randrange(65536))
    return bytes(data)


def _broken_framing(port: int, rng: random.Random) -> None:
    """A frame whose TPKT header lies, on a connection of its own; the server must just drop it."""
    with socket.create_connection(("127.0.0.1", port), timeout=REPLY_TIMEOUT_S) as sock:
        kind = rng.randrange(3)
        if kind == 0:
            sock.sendall(struct.pack(">BBH", rng.choice([0, 1, 2, 4, 255]), 0, 22) + COTP_CR)
        elif kind == 1:
            sock.sendall(struct.pack(">BBH", 3, 0, rng.randrange(0, 7)) + bytes(10))
        else:
            sock.sendall(bytes(rng.randrange(256) for _ in range(rng.randint(1, 40))))


def fuzz_s7(port: int, frames: int, *, seed: int = 1, broken_every: int = 10) -> FuzzResult:
    """Send ``frames`` fuzzed frames to the S7 server at ``port``; returns what happened."""
    rng = random.Random(seed)
    result = FuzzResult()
    protocol = S7Protocol()
    seeds = _seeds(rng)
    connection = _Connection(port)
    try:
        for n in range(frames):
            result.frames += 1
            if broken_every and n % broken_every == broken_every - 1:
                result.broken_framing += 1
                _broken_framing(port, rng)
                continue
            frame = _mutate(rng.choice(seeds), rng)
            probe = protocol.build_read_request(S7Area.DB, 1, 0, S7WordLen.BYTE, 4)
            reference = struct.unpack_from(">H", probe, 4)[0]
            try:
                connection.sock.sendall(_dt(frame))
                connection.probe(reference, probe)
            except TimeoutError:
                result.hangs += 1
                connection.close()
                connection = _Connection(port)
            except (ConnectionError, OSError):
                result.closed += 1
                connection.close()
                connection = _Connection(port)
    finally:
        connection.close()
    return result


def write_recorder(result: FuzzResult):  # type: ignore[no-untyped-def]
    """An event listener for the soft PLC's server that records every write it accepted."""

    def on_event(event: SrvEvent) -> None:
        if event.EvtCode == EVC_DATA_WRITE:
            result.writes.append((event.EvtParam1, event.EvtParam2, event.EvtParam3, event.EvtParam4))

    return on_event
