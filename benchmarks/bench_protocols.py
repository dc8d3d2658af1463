"""Protocol round trips: stock pycomm3 → our Logix emulator next to python-snap7's client → our S7 soft PLC
(snap7's server), measured in the same run.

Each soft PLC runs in its own process (as on a rig, and so neither server competes with the client for the GIL);
the client runs here. Three operations per protocol: one read of one DINT, one write of one DINT, one read of 20
DINT tags (pycomm3: one Multiple Service Packet; snap7: one read_multi_vars of 20 items). Results are the median of
several timed batches, in operations per second. A fourth row reads one DINT with a minimal raw client (one
pre-built frame per read) next to snap7's single read: the emulator's own round trip, without pycomm3's
pure-Python cost.

    python benchmarks/bench_protocols.py [--seconds 0.5]

The last line is one JSON object (see DESIGN.md, "Benchmarks"); the ratio is ours/peer, bigger is better.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import socket
import statistics
import struct
import tempfile
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
L5X = ROOT / "tests" / "fixtures" / "logix" / "battery_line.L5X"
LOGIX_TAGS = ["Dint1", "Int1", "Sint1", "Lint1", "Real1", "Lreal1", "Usint1", "Uint1", "Udint1", "Ulint1",
              "HexDint", "DintArr[0]", "DintArr[1]", "DintArr[2]", "DintArr[3]", "DintArr[4]", "DintArr[5]",
              "Motor1.Speed", "Cell1.Code", "Program:MainProgram.Count"]
S7_TAGS = 20  # DINTs at DB1.DBD0, DBD4, …


class _IdleProgram:
    """An S7 control program that does nothing (only the protocol is measured)."""

    cycle_ns = 10_000_000

    def check(self, tags: Any) -> None:
        pass

    def reset(self) -> None:
        pass

    def scan(self, io: Any, now_ns: int) -> None:
        pass


def _serve(kind: str, folder: str, pipe: Connection) -> None:
    """Child process: start one soft PLC on an OS-assigned port, report the port, serve until told to stop."""
    if kind == "logix":
        from hil.softplc import LogixSoftPlc

        plc: Any = LogixSoftPlc(L5X)
    else:
        from hil.softplc import S7SoftPlc
        from hil.tags import load_tag_table

        table = Path(folder) / "bench_tags.csv"
        table.write_text("name,address,type\n" + "".join(f"T{i},DB1.DBD{4 * i},DINT\n" for i in range(S7_TAGS)),
                         encoding="utf-8")
        plc = S7SoftPlc(load_tag_table(table), _IdleProgram(), name="bench")
    with plc.serve():
        pipe.send(plc.port)
        pipe.recv()  # the stop signal


_CLIENT_CPU: dict[int, float] = {}  # id(operation) -> client CPU µs per call, for the table


def _rate(operation: Callable[[], object], seconds: float) -> float:
    """Operations per second: the median of 5 batches, each sized to take about ``seconds / 5``.

    Also notes the client's own CPU time per call: pycomm3 is pure Python, snap7's client is C, and the
    difference is part of what a test suite pays per exchange.
    """
    operation()
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < 0.05:
        operation()
        calls += 1
    per_batch = max(1, int(calls / (time.perf_counter() - start) * seconds / 5))
    rates = []
    cpu = time.process_time()
    for _ in range(5):
        begin = time.perf_counter()
        for _ in range(per_batch):
            operation()
        rates.append(per_batch / (time.perf_counter() - begin))
    _CLIENT_CPU[id(operation)] = (time.process_time() - cpu) / (5 * per_batch) * 1e6
    return statistics.median(rates)


def _named(operations: dict[str, Callable[[], object]], seconds: float) -> dict[str, float]:
    """Rates by name; client CPU µs per call under ``"<name>_cpu_us"``."""
    rates: dict[str, float] = {}
    for name, operation in operations.items():
        rates[name] = _rate(operation, seconds)
        rates[f"{name}_cpu_us"] = _CLIENT_CPU[id(operation)]
    return rates


class _RawLogixClient:
    """The least a client can do per read: one pre-built SendUnitData frame, one reply. Measures the emulator's
    round trip without pycomm3's own (pure-Python) cost."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        session = struct.unpack_from("<I", self._call(struct.pack("<HHII8sI", 0x65, 4, 0, 0, bytes(8), 0) + b"\1\0\0\0"), 4)[0]
        forward_open = (b"\x5b\x02\x20\x06\x24\x01\x0a\x05" + struct.pack("<IIHHIB3xIIIIBB", 0, 1, 1, 1, 1, 7, 1 << 21,
                        0x42000FA0, 1 << 21, 0x42000FA0, 0xA3, 3) + b"\x01\x00\x20\x02\x24\x01")
        cpf = struct.pack("<IHHHHHH", 0, 10, 2, 0, 0, 0xB2, len(forward_open)) + forward_open
        reply = self._call(struct.pack("<HHII8sI", 0x6F, len(cpf), session, 0, bytes(8), 0) + cpf)
        connection = struct.unpack_from("<I", reply, 44)[0]
        read = b"\x4c\x04\x91\x05Dint1\x00\x01\x00"
        body = struct.pack("<IHHHHIHHH", 0, 10, 2, 0xA1, 4, connection, 0xB1, len(read) + 2, 1) + read
        self.frame = struct.pack("<HHII8sI", 0x70, len(body), session, 0, bytes(8), 0) + body

    def _call(self, frame: bytes) -> bytes:
        self.sock.sendall(frame)
        data = self.sock.recv(65536)
        while len(data) < 24 or len(data) < 24 + struct.unpack_from("<H", data, 2)[0]:
            data += self.sock.recv(65536)
        return data

    def read(self) -> None:
        assert self._call(self.frame)[48] == 0

    def close(self) -> None:
        self.sock.close()


def _measure_logix(port: int, seconds: float) -> dict[str, float]:
    from pycomm3 import LogixDriver

    raw = _RawLogixClient(port)
    try:
        raw_rate = _named({"single_read_raw_client": raw.read}, seconds)
    finally:
        raw.close()

    with LogixDriver(f"127.0.0.1:{port}") as plc:
        def read_one() -> None:
            assert plc.read("Dint1").error is None

        def write_one() -> None:
            assert plc.write(("Dint1", 5)).error is None

        def read_20() -> None:
            assert all(tag.error is None for tag in plc.read(*LOGIX_TAGS))

        return raw_rate | _named({"single_read": read_one, "single_write": write_one, "batch_read_20": read_20}, seconds)


def _measure_s7(port: int, seconds: float) -> dict[str, float]:
    import snap7
    from snap7.type import Area

    client = snap7.Client()
    client.connect("127.0.0.1", 0, 1, port)
    items = [{"area": Area.DB, "db_number": 1, "start": 4 * i, "size": 4} for i in range(S7_TAGS)]
    try:
        return _named({"single_read": lambda: client.db_read(1, 0, 4),
                       "single_write": lambda: client.db_write(1, 0, bytearray(b"\0\0\0\5")),
                       "batch_read_20": lambda: client.read_multi_vars(items)}, seconds)
    finally:
        client.disconnect()


def _with_server(kind: str, folder: str, measure: Callable[[int, float], dict[str, float]],
                 seconds: float) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_serve, args=(kind, folder, theirs), name=f"bench-{kind}")
    child.start()
    try:
        if not ours.poll(60):
            raise RuntimeError(f"the {kind} soft PLC did not start")
        return measure(ours.recv(), seconds)
    finally:
        ours.send("stop")
        child.join(30)
        if child.is_alive():
            child.kill()
            child.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.5, help="time per measured operation (default 0.5 s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        logix = _with_server("logix", folder, _measure_logix, args.seconds)
        s7 = _with_server("s7", folder, _measure_s7, args.seconds)
    results = []
    print(f"{'operation':<24}{'pycomm3→emulator':>20}{'snap7→snap7 server':>22}{'ratio':>9}"
          f"{'client CPU/op: pycomm3':>26}{'snap7':>9}")
    rows = [(name, name) for name in ("single_read", "single_write", "batch_read_20")]
    rows.append(("single_read_raw_client", "single_read"))  # the emulator without pycomm3 vs snap7's C client
    for name, peer in rows:
        ratio = logix[name] / s7[peer]
        print(f"{name:<24}{logix[name]:>12,.0f} op/s{s7[peer]:>16,.0f} op/s{ratio:>9.2f}"
              f"{logix[name + '_cpu_us']:>23,.0f} µs{s7[peer + '_cpu_us']:>6,.0f} µs")
        results.append({"name": name, "ours": round(logix[name], 1), "peer": round(s7[peer], 1), "unit": "ops/s",
                        "ratio": round(ratio, 3), "goal": 1.0})
    print(json.dumps({"benchmark": "protocols", "results": results}))


if __name__ == "__main__":
    main()
