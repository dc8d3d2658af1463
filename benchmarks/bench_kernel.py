"""Kernel throughput in virtual time, and real-time loop quality, measured side by side in one run.

(a) a 10-machine line at a 10 ms PLC cycle in virtual time, in-process; (b) the same over the S7 wire;
(c) the same line on a ControlLogix soft PLC over EtherNet/IP + CIP (pycomm3);
(d) ours over the S7 wire against a naive loop (one snap7 request per tag, pure-Python model);
(e) real time at 1 kHz with 256 I/O points over the S7 wire to a PLC in another process (as on a rig):
overrun percentage, period p50/p99/max.

Run: python benchmarks/bench_kernel.py [--seconds 20] [--realtime-seconds 5]
The last line printed is one JSON object (see shared/DESIGN.md).
"""
from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import snap7
from snap7.type import Area as Snap7Area

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _synthetic_line import write_line  # noqa: E402

from hil.kernel import RealTimeLoop  # noqa: E402
from hil.line import Line  # noqa: E402
from hil.rig import load_rig  # noqa: E402
from hil.tags import DataType, decode, encode  # noqa: E402
from plant_models._reference.oven_zone import OvenZone as PythonOvenZone  # noqa: E402

S = 1_000_000_000


def virtual_multiple(rig_path: Path, kind: str, seconds: float) -> float:
    """Virtual seconds per wall second for ``seconds`` of virtual time."""
    with Line(load_rig(rig_path), kind) as line:
        kernel = line.new_kernel()
        kernel.run_for(S // 10)  # warm-up: plans built, caches hot
        start = time.perf_counter()
        kernel.run_for(int(seconds * S))
        return seconds / (time.perf_counter() - start)


def naive_multiple(rig_path: Path, seconds: float) -> float:
    """The loop people write first: one snap7 request per tag, pure-Python models, no plans."""
    rig = load_rig(rig_path)
    with Line(rig, "softplc") as line:
        soft = line.soft_plcs["line"]
        client = snap7.Client()
        client.connect("127.0.0.1", 0, 1, soft.port)
        try:
            plants = {name: PythonOvenZone(**spec.parameters) for name, spec in rig.plants.items()}
            actuators = [w for w in rig.wires if not w.to_plc]
            sensors = [w for w in rig.wires if w.to_plc]
            cycles = int(seconds * S) // soft.cycle_ns
            start = time.perf_counter()
            for _ in range(cycles):
                for wire in actuators:
                    a = wire.tag.address
                    data = client.read_area(Snap7Area(a.area.value), a.db, a.byte, a.size)
                    setattr(plants[wire.plant], wire.signal.name, decode(wire.tag.data_type, data, 0, a.bit or 0))
                for model in plants.values():
                    model.step(soft.cycle_ns)
                for wire in sensors:
                    a = wire.tag.address
                    value = getattr(plants[wire.plant], wire.signal.name)
                    if wire.tag.data_type is DataType.BOOL:  # read-modify-write, as snap7's own helpers do
                        byte = client.read_area(Snap7Area(a.area.value), a.db, a.byte, 1)
                        byte[0] = byte[0] | (1 << (a.bit or 0)) if value else byte[0] & ~(1 << (a.bit or 0))
                        client.write_area(Snap7Area(a.area.value), a.db, a.byte, byte)
                    else:
                        client.write_area(Snap7Area(a.area.value), a.db, a.byte, bytearray(encode(wire.tag.data_type, value)))
                soft.advance(soft.cycle_ns)
            return seconds / (time.perf_counter() - start)
        finally:
            client.disconnect()


def real_time_quality(rig_path: Path, seconds: float) -> dict[str, float]:
    """As on a HIL rig: the PLC is another process (here `hil softplc serve` on the wall clock), reached
    over S7 behind the write guard; the kernel's loop thread runs at the rig's 1 ms cycle."""
    server = subprocess.Popen([sys.executable, "-m", "hil.cli", "softplc", "serve", str(rig_path)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline().split("127.0.0.1:")[1].split()[0])
        rig = rig_path.with_name("real.rig.toml")
        rig.write_text(rig_path.read_text(encoding="utf-8").replace(
            "[plc.line]\n", f'[plc.line]\nhost = "127.0.0.1"\nport = {port}\ntest_rig = true\nwritable = ["*"]\n', 1),
            encoding="utf-8")
        with Line(load_rig(rig), "rig") as line:
            kernel = line.new_kernel()
            loop = RealTimeLoop(kernel, overrun_budget=10**9)
            with loop:
                loop.run_for(int(seconds * S))
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
    stats = loop.stats
    return {
        "cycles": stats.cycles,
        "overrun_pct": 100.0 * stats.overruns / max(stats.cycles + stats.overruns, 1),
        "p50_ms": stats.percentile(0.5) / 1e6,
        "p99_ms": stats.percentile(0.99) / 1e6,
        "max_ms": max(stats.periods_ns, default=0) / 1e6,
        "scheduling": loop.scheduling,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="virtual seconds per measurement")
    parser.add_argument("--realtime-seconds", type=float, default=5.0, help="wall seconds of the 1 kHz run")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench_kernel_"))
    ten = write_line(folder / "ten", 10)
    ten_logix = write_line(folder / "ten_logix", 10, vendor="logix")
    big = write_line(folder / "rt", 64, plc_cycle_ms=10, rig_cycle_ms=1)  # 64 zones x 4 = 256 I/O points

    in_process = virtual_multiple(ten, "inprocess", args.seconds)
    over_s7 = virtual_multiple(ten, "softplc", args.seconds)
    over_cip = virtual_multiple(ten_logix, "softplc", args.seconds)
    naive = naive_multiple(ten, args.seconds / 4)
    rt = real_time_quality(big, args.realtime_seconds)

    print(f"{'measurement':<52} {'value':>12}")
    print(f"{'(a) 10 machines, 10 ms cycle, in-process':<52} {in_process:>10.1f} x real time")
    print(f"{'(b) 10 machines, 10 ms cycle, over S7':<52} {over_s7:>10.1f} x real time")
    print(f"{'(c) 10 machines, 10 ms cycle, over CIP':<52} {over_cip:>10.1f} x real time")
    print(f"{'    naive loop over S7 (a request per tag, Python model)':<52} {naive:>10.1f} x real time")
    print(f"{'(d) ours over S7 / naive over S7':<52} {over_s7 / naive:>10.1f} x")
    print(f"{'(e) 1 kHz, 256 I/O over S7: overruns':<52} {rt['overrun_pct']:>10.2f} %")
    print(f"{'    period p50 / p99 / max':<52} {rt['p50_ms']:.3f} / {rt['p99_ms']:.3f} / {rt['max_ms']:.3f} ms")
    print(f"{'    loop thread scheduling':<52} {rt['scheduling']}")
    results = [
        {"name": "line10_inprocess", "ours": in_process, "peer": None, "unit": "x real time", "ratio": None, "goal": 100},
        {"name": "line10_s7", "ours": over_s7, "peer": None, "unit": "x real time", "ratio": None, "goal": 20},
        {"name": "line10_cip", "ours": over_cip, "peer": None, "unit": "x real time", "ratio": None, "goal": 20},
        {"name": "line10_s7_vs_naive", "ours": over_s7, "peer": naive, "unit": "x real time",
         "ratio": over_s7 / naive, "goal": 5},
        {"name": "realtime_1khz_256io_overrun_pct", "ours": rt["overrun_pct"], "peer": None, "unit": "%",
         "ratio": None, "goal": 1, "p50_ms": rt["p50_ms"], "p99_ms": rt["p99_ms"], "max_ms": rt["max_ms"]},
    ]
    print(json.dumps({"benchmark": "kernel", "results": results}))


if __name__ == "__main__":
    main()
