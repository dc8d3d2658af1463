"""Benchmark of the Structured Text engine: scans per second of a ~200-statement SCL program compiled by
hil.st, next to a hand-written PLC-exact Python equivalent of the same program, in the same run; and
the front end's parse time per kB.

The program (shared/reference/structured-text.md §7.2): 8 conveyor instances of a 28-statement FB (an
R_TRIG start edge and latch, two TONs, a REAL ramp with MIN, a 3-state CASE, ``hist[idx] :=
REAL_TO_INT(ramp)``, ``idx := (idx + 1) MOD 8``, an 8-iteration FOR into a DINT temp, an INT counter that
wraps, a REAL output) plus a Main that calls them. Each scan writes the jam inputs into the DB's bytes
(as an S7 client would), runs OB1 and advances the virtual clock by 10 ms. Both variants must end with
identical outputs, or the benchmark fails.

Run: ``python benchmarks/bench_st.py [--scans N]``. The last line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hil.softplc import S7SoftPlc  # noqa: E402
from hil.st import R_TRIG, TON, parse_text  # noqa: E402
from hil.st._support import f32, imod, round_even  # noqa: E402

MS = 1_000_000
CYCLE = 10 * MS

SOURCE = """
FUNCTION_BLOCK "FB_Conv"
{ S7_Optimized_Access := 'FALSE' }
VERSION : 0.1
   VAR_INPUT
      start : Bool;
      stop : Bool;
      jam : Bool;
      sp : Real;
   END_VAR
   VAR_OUTPUT
      run : Bool;
      speed : Real;
      fault : Bool;
   END_VAR
   VAR
      rt : R_TRIG;
      tJam : TON;
      tPulse : TON;
      pulse : Bool;
      latch : Bool;
      ramp : Real;
      state : Int;
      hist : Array[0..7] of Int;
      idx : Int;
      count : Int;
      total : DInt;
   END_VAR
   VAR_TEMP
      i : Int;
      acc : DInt;
   END_VAR
BEGIN
   REGION Start / stop latch
      #rt(CLK := #start);
      IF #rt.Q AND NOT #stop THEN
         #latch := TRUE;
      ELSIF #stop THEN
         #latch := FALSE;
      END_IF;
   END_REGION
   REGION Timers and ramp
      #tJam(IN := #jam AND #latch, PT := T#3S);
      // A pulse generator that works on an S7-1500: its own Q is read after the call (reading
      // #tPulse.Q before the call would update it there and reset the timer in the same cycle).
      #tPulse(IN := NOT #pulse, PT := T#100MS);
      #pulse := #tPulse.Q;
      IF #pulse AND #latch THEN
         #ramp := MIN(IN1 := #ramp + 0.05, IN2 := #sp);
      END_IF;
      IF NOT #latch THEN
         #ramp := 0.0;
      END_IF;
   END_REGION
   REGION State machine
      CASE #state OF
         0:
            IF #latch THEN
               #state := 1;
            END_IF;
         1:
            IF #tJam.Q THEN
               #state := 2;
               #latch := FALSE;
            ELSIF NOT #latch THEN
               #state := 0;
            END_IF;
         2:
            IF #stop THEN
               #state := 0;
            END_IF;
      END_CASE;
   END_REGION
   REGION History
      #hist[#idx] := REAL_TO_INT(#ramp * 100.0);
      #idx := (#idx + 1) MOD 8;
      #acc := 0;
      FOR #i := 0 TO 7 DO
         #acc := #acc + #hist[#i];
      END_FOR;
      #total := #acc;
      #count := #count + 1;
   END_REGION
   #run := #state = 1;
   #fault := #state = 2;
   #speed := #ramp * 1.5 + 0.01;
END_FUNCTION_BLOCK

FUNCTION_BLOCK "FB_Line"
{ S7_Optimized_Access := 'FALSE' }
VERSION : 0.1
   VAR_INPUT
      start : Bool;
      stop : Bool;
      jam : Array[1..8] of Bool;
   END_VAR
   VAR
      conv : Array[1..8] of "FB_Conv";
      faults : Int;
   END_VAR
   VAR_TEMP
      k : Int;
   END_VAR
BEGIN
   #faults := 0;
   FOR #k := 1 TO 8 DO
      #conv[#k](start := #start, stop := #stop, jam := #jam[#k], sp := 0.4);
      IF #conv[#k].fault THEN
         #faults := #faults + 1;
      END_IF;
   END_FOR;
END_FUNCTION_BLOCK

DATA_BLOCK "Line_DB"
{ S7_Optimized_Access := 'FALSE' }
VERSION : 0.1
NON_RETAIN
"FB_Line"
BEGIN
END_DATA_BLOCK

ORGANIZATION_BLOCK "Main"
VERSION : 0.1
BEGIN
   "Line_DB"();
END_ORGANIZATION_BLOCK
"""


# ---- the hand-written, PLC-exact Python equivalent (runtime-function-call style, §7.3 row 1) ---------

def wrap_int(v: int) -> int:
    return v if -32768 <= v <= 32767 else ((v + 32768) & 0xFFFF) - 32768


def wrap_dint(v: int) -> int:
    return v if -2147483648 <= v <= 2147483647 else ((v + 2147483648) & 0xFFFFFFFF) - 2147483648


class Conv:
    __slots__ = ("start", "stop", "jam", "sp", "run", "speed", "fault", "rt", "tJam", "tPulse", "pulse", "latch", "ramp",
                 "state", "hist", "idx", "count", "total")

    def __init__(self) -> None:
        self.start = self.stop = self.jam = False
        self.sp = 0.0
        self.run = self.fault = False
        self.speed = 0.0
        self.rt, self.tJam, self.tPulse = R_TRIG(), TON(), TON()
        self.pulse = False
        self.latch = False
        self.ramp = 0.0
        self.state = 0
        self.hist = [0] * 8
        self.idx = 0
        self.count = 0
        self.total = 0

    def scan(self, now: int) -> None:
        self.rt(self.start)
        if self.rt.Q and not self.stop:
            self.latch = True
        elif self.stop:
            self.latch = False
        self.tJam(self.jam and self.latch, 3000 * MS, now)
        self.tPulse(not self.pulse, 100 * MS, now)
        self.pulse = self.tPulse.Q
        if self.pulse and self.latch:
            self.ramp = min(f32(self.ramp + f32(0.05)), self.sp)
        if not self.latch:
            self.ramp = 0.0
        state = self.state
        if state == 0:
            if self.latch:
                self.state = 1
        elif state == 1:
            if self.tJam.Q:
                self.state = 2
                self.latch = False
            elif not self.latch:
                self.state = 0
        elif state == 2:
            if self.stop:
                self.state = 0
        self.hist[self.idx] = wrap_int(round_even(f32(self.ramp * 100.0)))
        self.idx = wrap_int(imod(wrap_int(self.idx + 1), 8))
        acc = 0
        for i in range(8):
            acc = wrap_dint(acc + self.hist[i])
        self.total = acc
        self.count = wrap_int(self.count + 1)
        self.run = self.state == 1
        self.fault = self.state == 2
        self.speed = f32(f32(self.ramp * 1.5) + f32(0.01))


class Line:
    def __init__(self) -> None:
        self.start = self.stop = False
        self.jam = [False] * 8
        self.conv = [Conv() for _ in range(8)]
        self.faults = 0

    def scan(self, now: int) -> None:
        self.faults = 0
        for k in range(8):
            c = self.conv[k]
            c.start, c.stop, c.jam, c.sp = self.start, self.stop, self.jam[k], f32(0.4)
            c.scan(now)
            if c.fault:
                self.faults = wrap_int(self.faults + 1)


def stimulus(scans: int) -> list[list[bool]]:
    rng = random.Random(7)
    jams = [False] * 8
    out = []
    for _ in range(scans):
        for k in range(8):
            if rng.random() < 0.002:
                jams[k] = not jams[k]
        out.append(list(jams))
    return out


def run_engine(scans: int, stim: list[list[bool]]) -> tuple[float, list[object]]:
    plc = S7SoftPlc.from_sources([("bench_st.scl", SOURCE)], cycle="10 ms")
    tags = plc.tags
    start = tags["Line_DB.start"].address
    jam_bits = [tags[f"Line_DB.jam[{k}]"].address for k in range(1, 9)]
    buffer = plc.image.areas[(start.area, start.db)]
    buffer[start.byte] |= 1 << (start.bit or 0)
    advance = plc.runtime.advance
    t0 = time.perf_counter()
    for jams in stim:
        for address, jam in zip(jam_bits, jams):  # inputs arrive in the DB's bytes, as from an S7 client
            mask = 1 << (address.bit or 0)
            buffer[address.byte] = (buffer[address.byte] | mask) if jam else (buffer[address.byte] & ~mask & 0xFF)
        advance(CYCLE)
    elapsed = time.perf_counter() - t0
    result = [plc.read("Line_DB.faults")] + [plc.read(f"Line_DB.conv[{k}].{m}") for k in range(1, 9)
                                             for m in ("speed", "count", "total", "state")]
    return scans / elapsed, result


def run_hand(scans: int, stim: list[list[bool]]) -> tuple[float, list[object]]:
    line = Line()
    line.start = True
    t0 = time.perf_counter()
    now = 0
    for jams in stim:
        line.jam = jams
        now += CYCLE
        line.scan(now)
    elapsed = time.perf_counter() - t0
    result = [line.faults] + [getattr(c, m) for c in line.conv for m in ("speed", "count", "total", "state")]
    return scans / elapsed, result


def parse_ms_per_kb() -> float:
    sources = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "st").glob("*.scl"))]
    sources.append(SOURCE)
    sources.append((ROOT / "features" / "oven" / "oven_zone.scl").read_text(encoding="utf-8"))
    text_kb = sum(len(s.encode("utf-8")) for s in sources) / 1024
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for text in sources:
            parse_text(text, "<bench>")
        best = min(best, time.perf_counter() - t0)
    return best * 1000 / text_kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    stim = stimulus(args.scans)
    engine_runs, hand_runs = [], []
    for _ in range(args.repeat):
        ours, ours_result = run_engine(args.scans, stim)
        peer, peer_result = run_hand(args.scans, stim)
        if ours_result != peer_result:
            raise SystemExit(f"engine and hand-written results differ:\n{ours_result}\n{peer_result}")
        engine_runs.append(ours)
        hand_runs.append(peer)
    ours, peer = max(engine_runs), max(hand_runs)
    parse = parse_ms_per_kb()
    print(f"ST engine benchmark: {args.scans} scans x {args.repeat} runs, 8 x 28-statement FB + Main "
          f"(faults at the end: {ours_result[0]})")
    print(f"{'variant':<48} {'best scans/s':>14} {'median':>10} {'µs/scan':>9}")
    for name, runs in (("hil.st generated code (incl. DB copy in/out)", engine_runs),
                       ("hand-written PLC-exact Python", hand_runs)):
        print(f"{name:<48} {max(runs):>14,.0f} {statistics.median(runs):>10,.0f} {1e6 / statistics.median(runs):>9.1f}")
    print(f"{'ratio engine / hand-written':<48} {ours / peer:>14.2f}   (goal >= 0.5)")
    print(f"{'parse time (lexer + parser)':<48} {parse:>11.2f} ms/kB")
    print(json.dumps({"benchmark": "st", "results": [
        {"name": "conveyor_8x28_scans", "ours": round(ours, 1), "peer": round(peer, 1), "unit": "scans/s",
         "ratio": round(ours / peer, 3), "goal": 0.5},
        {"name": "parse_time_per_kB", "ours": round(parse, 3), "peer": None, "unit": "ms/kB", "ratio": None,
         "goal": None},
    ]}))


if __name__ == "__main__":
    main()
