"""Protocol round trips: stock pycomm3 → our Logix emulator next to python-snap7's client → our S7 soft PLC
(snap7's server), measured in the same run.

Each soft PLC runs in its own process (as on a rig, and so neither server competes with the client for the GIL);
the client runs here. Three operations per protocol: one read of one DINT, one write of one DINT, one read of 20
DINT tags (pycomm3: one Multiple Service Packet; snap7: one read_multi_vars of 20 items). Results are the median of
several timed batches, in operations per second.

    python benchmarks/bench_protocols.py [--seconds 0.5]

The last line is one JSON object (see DESIGN.md, "Benchmarks"); the ratio is ours/peer, bigger is better.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
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
    with plc:
        pipe.send(plc.port)
        pipe.recv()  # the stop signal


def _rate(operation: Callable[[], object], seconds: float) -> float:
    """Operations per second: the median of 5 batches, each sized to take about ``seconds / 5``."""
    operation()
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < 0.05:
        operation()
        calls += 1
    per_batch = max(1, int(calls / (time.perf_counter() - start) * seconds / 5))
    rates = []
    for _ in range(5):
        begin = time.perf_counter()
        for _ in range(per_batch):
            operation()
        rates.append(per_batch / (time.perf_counter() - begin))
    return statistics.median(rates)


def _measure_logix(port: int, seconds: float) -> dict[str, float]:
    from pycomm3 import LogixDriver

    with LogixDriver(f"127.0.0.1:{port}") as plc:
        def read_one() -> None:
            assert plc.read("Dint1").error is None

        def write_one() -> None:
            assert plc.write(("Dint1", 5)).error is None

        def read_20() -> None:
            assert all(tag.error is None for tag in plc.read(*LOGIX_TAGS))

        return {"single_read": _rate(read_one, seconds), "single_write": _rate(write_one, seconds),
                "batch_read_20": _rate(read_20, seconds)}


def _measure_s7(port: int, seconds: float) -> dict[str, float]:
    import snap7
    from snap7.type import Area

    client = snap7.Client()
    client.connect("127.0.0.1", 0, 1, port)
    items = [{"area": Area.DB, "db_number": 1, "start": 4 * i, "size": 4} for i in range(S7_TAGS)]
    try:
        return {"single_read": _rate(lambda: client.db_read(1, 0, 4), seconds),
                "single_write": _rate(lambda: client.db_write(1, 0, bytearray(b"\0\0\0\5")), seconds),
                "batch_read_20": _rate(lambda: client.read_multi_vars(items), seconds)}
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
    print(f"{'operation':<16}{'pycomm3→emulator':>20}{'snap7→snap7 server':>22}{'ratio':>9}")
    for name in ("single_read", "single_write", "batch_read_20"):
        ratio = logix[name] / s7[name]
        print(f"{name:<16}{logix[name]:>14,.0f} op/s{s7[name]:>16,.0f} op/s{ratio:>9.2f}")
        results.append({"name": name, "ours": round(logix[name], 1), "peer": round(s7[name], 1), "unit": "ops/s",
                        "ratio": round(ratio, 3), "goal": 1.0})
    print(json.dumps({"benchmark": "protocols", "results": results}))


if __name__ == "__main__":
    main()
