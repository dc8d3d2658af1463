"""Fault injection through the S7 wire: each fault acts on what the PLC reads and shows in the trace."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hil.errors import ConfigError, PlcConnectionError, UnknownNameError
from hil.kernel import (
    ConnectionLoss,
    Delay,
    Drift,
    DropExchanges,
    Frozen,
    Kernel,
    Latency,
    Noise,
    OpenCircuit,
    PlcStop,
    ShortCircuit,
    StuckAt,
)
from hil.line import Line
from hil.rig import load_rig
from hil.units import MS, S

TAGS = """name,address,type,direction
Zone.TempRaw,IW64,INT,input
Zone.LimitOK,I0.0,BOOL,input
Zone.Heater,Q0.0,BOOL,output
Zone.Power,QD4,REAL,output
Plc.Scans,DB1.DBD0,DINT,memory
"""

PROGRAM = '''
class Heat:
    """Heater on at 50 % whenever the limit contact is closed; counts its scans."""
    cycle_ns = 10_000_000
    def check(self, tags): pass
    def reset(self): pass
    def scan(self, io, now_ns):
        io["Plc.Scans"] = io["Plc.Scans"] + 1
        io["Zone.Heater"] = io["Zone.LimitOK"]
        io["Zone.Power"] = 50.0
'''

RIG = """
[plc.p]
tags = "tags.csv"
program = "heat.py:Heat"

[plant.zone]
model = "oven_zone"
parameters = { initial_c = "100 °C", tau_s = "100 s" }

[wires]
"zone.temperature" = { tag = "Zone.TempRaw", scale = "s7-4-20mA", range = ["0 °C", "400 °C"] }
"zone.limit_ok" = "Zone.LimitOK"
"zone.heater_on" = "Zone.Heater"
"zone.power" = "Zone.Power"
"""


@pytest.fixture
def line(tmp_path: Path) -> Iterator[Line]:
    (tmp_path / "tags.csv").write_text(TAGS, encoding="utf-8")
    (tmp_path / "heat.py").write_text(PROGRAM, encoding="utf-8")
    (tmp_path / "rig.toml").write_text(RIG, encoding="utf-8")
    with Line(load_rig(tmp_path / "rig.toml"), "softplc") as opened:
        yield opened


def _watch_all(kernel: Kernel) -> None:
    for name in ("Zone.TempRaw", "Zone.LimitOK", "Plc.Scans"):
        ref = kernel.rig.resolve(name)
        kernel.watch(ref)  # type: ignore[arg-type]


def _raw_seen_by_plc(kernel: Kernel) -> list[int]:
    return list(kernel.trace.column("p:Zone.TempRaw"))  # type: ignore[arg-type]


RAW_100_C = 6912  # 100 °C on 0..400 °C is 8 mA: (8 - 4) / 16 * 27648


def test_stuck_at_replaces_the_measurement_and_shows_in_the_trace(line: Line) -> None:
    kernel = line.new_kernel()
    _watch_all(kernel)
    kernel.inject(StuckAt("tt stuck", start_ns=50 * MS, end_ns=100 * MS, signal="zone.temperature", value=200.0))
    kernel.run_for(200 * MS)
    raw = _raw_seen_by_plc(kernel)
    # The PLC's input at t shows the fault as it stood at t: 200 °C = 12 mA from 50 ms up to 100 ms (excluded),
    # read back from the PLC's input image.
    assert raw[5:10] == [13824] * 5
    assert abs(raw[4] - RAW_100_C) < 20 and abs(raw[10] - RAW_100_C) < 20
    active = kernel.trace.column("fault:tt stuck")
    assert active[4] is False and active[5] is True and active[10] is False


@pytest.mark.parametrize(("fault", "raw"), [(OpenCircuit("break", signal="zone.temperature"), 32767),
                                             (ShortCircuit("short", signal="zone.temperature"), 31104)])
def test_electrical_faults_read_as_the_input_card_shows_them(line: Line, fault: OpenCircuit, raw: int) -> None:
    kernel = line.new_kernel()
    _watch_all(kernel)
    kernel.inject(fault)
    kernel.run_for(30 * MS)
    assert _raw_seen_by_plc(kernel)[-1] == raw


def test_an_open_contact_trips_the_logic_that_reads_it(line: Line) -> None:
    kernel = line.new_kernel()
    kernel.inject(OpenCircuit("limit wire", signal="zone.limit_ok"))
    ok, _ = kernel.run_until(lambda s: s.values["p:Zone.Heater"] is False, 100 * MS)
    assert ok and kernel.plants["zone"].heater_on is False


def test_frozen_drift_delay_and_noise_change_the_measurement(line: Line) -> None:
    kernel = line.new_kernel()
    _watch_all(kernel)
    kernel.inject(Drift("drift", signal="zone.temperature", rate_per_s=100.0))
    kernel.run_for(1 * S)
    drifted = _raw_seen_by_plc(kernel)[-1]
    assert drifted - RAW_100_C > 6000  # +100 °C after 1 s ≈ +6912 counts, less the zone's slow change
    kernel.clear("drift")
    kernel.inject(Frozen("frozen", signal="zone.temperature"))
    kernel.run_for(1 * S)
    assert len(set(_raw_seen_by_plc(kernel)[-50:])) == 1
    kernel.clear("frozen")
    kernel.inject(Delay("slow line", signal="zone.temperature", delay_ns=500 * MS))
    kernel.inject(Noise("noise", signal="zone.temperature", sigma=2.0, seed=3))
    kernel.run_for(1 * S)
    tail = _raw_seen_by_plc(kernel)[-20:]
    assert len(set(tail)) > 10


def test_noise_is_repeatable_for_a_seed(line: Line) -> None:
    runs = []
    for _ in range(2):
        kernel = line.new_kernel()
        _watch_all(kernel)
        kernel.inject(Noise("noise", signal="zone.temperature", sigma=5.0, seed=42))
        kernel.run_for(300 * MS)
        runs.append(_raw_seen_by_plc(kernel))
    assert runs[0] == runs[1] and len(set(runs[0])) > 10


def test_plc_stop_over_the_wire_halts_scans_and_zeroes_outputs(line: Line) -> None:
    kernel = line.new_kernel()
    _watch_all(kernel)
    kernel.inject(PlcStop("stop", plc="p", start_ns=100 * MS, end_ns=300 * MS))
    kernel.run_for(400 * MS)
    scans = kernel.trace.column("p:Plc.Scans")
    heater = kernel.trace.column("p:Zone.Heater")
    assert scans[15] == scans[30]                 # no scans while stopped
    assert heater[9] is True and heater[11] is False and heater[29] is False and heater[35] is True
    assert scans[39] > scans[30]                  # scanning again after the hot start


def test_dropped_exchanges_and_latency_delay_the_plant_but_not_the_judge(line: Line) -> None:
    kernel = line.new_kernel()
    _watch_all(kernel)
    kernel.inject(DropExchanges("lossy", plc="p", every=2))
    kernel.run_for(200 * MS)
    scans = kernel.trace.column("p:Plc.Scans")
    # The judge reads the soft PLC past the lost exchanges: every scan is seen (issue 13, class 5).
    assert scans[10:15] == [10, 11, 12, 13, 14]
    kernel.clear("lossy")
    kernel.inject(Latency("slow", plc="p", latency_ns=50 * MS))
    kernel.run_for(100 * MS)
    kernel.inject(OpenCircuit("limit wire", signal="zone.limit_ok"))  # the PLC drops the heater at its next scan
    opened = kernel.cycle
    kernel.run_for(200 * MS)
    heater_tag, heater_plant = kernel.trace.column("p:Zone.Heater"), kernel.trace.column("zone.heater_on")
    assert heater_tag.index(False, opened) == opened + 1      # the judge sees the scan that opened it
    assert heater_plant.index(False, opened) == opened + 6    # the plant gets it 50 ms (5 cycles) later


def test_connection_loss_fails_clearly_and_the_next_scenario_reconnects(line: Line) -> None:
    kernel = line.new_kernel()
    kernel.inject(ConnectionLoss("cable", plc="p", start_ns=50 * MS))
    with pytest.raises(PlcConnectionError, match="PLC 'p' is not connected"):
        kernel.run_for(100 * MS)
    assert kernel.now_ns == 50 * MS
    next_scenario = line.new_kernel()
    next_scenario.run_for(50 * MS)
    assert next_scenario.sample().values["p:Zone.Heater"] is True


def test_faults_are_checked_when_injected(line: Line) -> None:
    kernel = line.new_kernel()
    with pytest.raises(UnknownNameError, match="'zone.temprature' is not a wired plant signal; did you mean 'zone.temperature'"):
        kernel.inject(StuckAt("x", signal="zone.temprature", value=1.0))
    with pytest.raises(ConfigError, match="open circuit has no defined reading on a wire with scaling '\\(none\\)'"):
        kernel.inject(OpenCircuit("x", signal="zone.power"))
    with pytest.raises(UnknownNameError, match="fault 'x': no PLC 'q'"):
        kernel.inject(PlcStop("x", plc="q"))
    with pytest.raises(UnknownNameError, match="no active fault named 'nope'"):
        kernel.clear("nope")


def test_snapshot_restores_plant_plc_and_time_exactly(line: Line) -> None:
    warm = line.new_kernel()
    warm.run_for(2 * S)
    snapshot = warm.snapshot()
    temperatures = []
    for _ in range(2):
        kernel = line.new_kernel(snapshot)
        assert kernel.now_ns == 2 * S
        _watch_all(kernel)
        kernel.run_for(500 * MS)
        temperatures.append((kernel.trace.column("zone.temperature"), kernel.trace.column("p:Plc.Scans")))
    assert temperatures[0] == temperatures[1]
    assert temperatures[0][1][0] == 200  # the PLC resumed with its scan counter from the snapshot
