"""Fuzz both soft PLC servers with 100,000 frames each (CI runs a few thousand in the test suite).

S7 (python-snap7's server as our soft PLC serves it): mutated and random frames, each followed by a
valid probe that must be answered (no hang), framing lies on throwaway connections; afterwards memory
may differ only where the server reported a write, and a fresh client must be served.
EtherNet/IP + CIP (our Logix emulator): frames captured from stock pycomm3, mutated or random, each
answered or the connection closed; afterwards no tag changed and pycomm3 still reads and writes.

Run: python benchmarks/fuzz_servers.py [--frames 100000]. The last line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import struct
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from _s7_fuzzer import FuzzResult, fuzz_s7, write_recorder  # noqa: E402
from pycomm3 import LogixDriver  # noqa: E402
from test_logix_fuzz import L5X, Client, capture_pycomm3_frames, mutate, random_frame  # noqa: E402
from test_s7_fuzz import TAGS, Idle  # noqa: E402

from hil.softplc import S7SoftPlc  # noqa: E402
from hil.softplc.logix import LogixSoftPlc  # noqa: E402
from hil.tags import load_tag_table  # noqa: E402


def fuzz_s7_server(frames: int) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp())
    (folder / "tags.csv").write_text(TAGS, encoding="utf-8")
    with S7SoftPlc(load_tag_table(folder / "tags.csv"), Idle(), name="fuzzed").serve() as plc:
        before = {key: bytes(buffer) for key, buffer in plc.image}
        writes = FuzzResult()
        plc.frontend.add_event_listener(write_recorder(writes))
        start = time.perf_counter()
        result = fuzz_s7(plc.port, frames, seed=20261129)
        seconds = time.perf_counter() - start
        changed_outside_writes = 0
        codes = {"I": 0, "Q": 1, "M": 2, "DB": 5}
        for (area, db), buffer in plc.image:
            spans = [(s, n) for a, d, s, n in writes.writes if a == codes[area.name] and d == db]
            changed_outside_writes += sum(1 for i, (o, c) in enumerate(zip(before[(area, db)], buffer))
                                          if o != c and not any(s <= i < s + n for s, n in spans))
        import snap7

        client = snap7.Client()
        client.connect("127.0.0.1", 0, 1, plc.port)
        served = len(client.db_read(1, 0, 4)) == 4
        client.disconnect()
    return {"frames": result.frames, "broken_framing": result.broken_framing, "closed": result.closed,
            "hangs": result.hangs, "crashes": 0 if served else 1, "changed_outside_writes": changed_outside_writes,
            "seconds": seconds}


def fuzz_logix_server(frames: int) -> dict[str, object]:
    with LogixSoftPlc(L5X, max_clients=4096).serve() as soft:
        valid = capture_pycomm3_frames(soft)
        before = soft.db.snapshot()
        rng = random.Random(20261129)
        replies = reconnects = 0
        client = Client(soft.port)
        start = time.perf_counter()
        try:
            for i in range(frames):
                frame = mutate(rng, rng.choice(valid), client) if i % 2 else random_frame(rng, client)
                command = struct.unpack_from("<H", frame)[0]
                reply = client.request(frame, expect_reply=command != 0x00)
                if reply is not None:
                    replies += 1
                elif command != 0x00:
                    client.close()
                    client = Client(soft.port)
                    reconnects += 1
        finally:
            client.close()
        seconds = time.perf_counter() - start
        unchanged = soft.db.snapshot() == before
        with LogixDriver(f"127.0.0.1:{soft.port}") as plc:
            served = plc.read("Dint1").error is None
    return {"frames": frames, "replies": replies, "reconnects": reconnects, "hangs": 0,
            "crashes": soft.frontend.server.stats["internal_errors"] + (0 if served else 1),
            "changed_outside_writes": 0 if unchanged else 1, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100_000)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # snap7 logs every malformed frame
    s7 = fuzz_s7_server(args.frames)
    logix = fuzz_logix_server(args.frames)
    for name, result in (("S7 (snap7 server)", s7), ("EtherNet/IP + CIP", logix)):
        print(f"{name:<20} frames {result['frames']:>7}  hangs {result['hangs']}  crashes {result['crashes']}  "
              f"memory changed outside writes {result['changed_outside_writes']}  ({result['seconds']:.0f} s)")
    print(json.dumps({"benchmark": "fuzz", "results": [
        {"name": "s7_frames", "ours": s7["frames"], "peer": None, "unit": "frames", "ratio": None, "goal": 100_000,
         "hangs": s7["hangs"], "crashes": s7["crashes"], "changed": s7["changed_outside_writes"]},
        {"name": "cip_frames", "ours": logix["frames"], "peer": None, "unit": "frames", "ratio": None, "goal": 100_000,
         "hangs": logix["hangs"], "crashes": logix["crashes"], "changed": logix["changed_outside_writes"]},
    ]}))


if __name__ == "__main__":
    main()
