"""A 'real' PLC on a HIL rig: the opt-in, the write guard, the safe state and real-time scenarios.

The real PLC is played by `hil softplc serve` in another process, scanning on the wall clock: to the
framework it is just an S7 CPU at an address, exactly as a rig's S7-1500 would be.
"""
from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import snap7

from hil.bdd import ScenarioContext
from hil.errors import ConfigError
from hil.kernel import RealTimeLoop
from hil.line import Line
from hil.plc import WriteRefused
from hil.rig import load_rig

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"
REAL = """host = "127.0.0.1"
port = {port}
test_rig = {test_rig}
writable = {writable}
safe_state = {{ "Oven.Cmd.Start" = false }}
"""
SENSORS = '["Oven.Zone2.TempPV", "Oven.Zone2.LimitOK", "Oven.Cmd.*"]'


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    for source in OVEN.iterdir():
        if source.is_file():
            (tmp_path / source.name).write_bytes(source.read_bytes())
    server = subprocess.Popen([sys.executable, "-m", "hil.cli", "softplc", "serve", str(tmp_path / "oven_zone.rig.toml")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        ready = server.stdout.readline()  # printed once the server listens
        assert "real-time clock" in ready, ready
        yield tmp_path, int(ready.split("127.0.0.1:")[1].split()[0])
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()


def _rig(folder: Path, port: int, *, test_rig: bool = True, writable: str = SENSORS) -> Path:
    text = (folder / "oven_zone.rig.toml").read_text(encoding="utf-8")
    text = text.replace('[rig]\n', '[rig]\nexchange_period = "10 ms"\n', 1)
    text = text.replace("[plc.oven]\n", "[plc.oven]\n" + REAL.format(port=port, test_rig=str(test_rig).lower(),
                                                                      writable=writable), 1)
    path = folder / "real.rig.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_real_plc_is_refused_without_the_test_rig_opt_in(served: tuple[Path, int]) -> None:
    folder, port = served
    with pytest.raises(ConfigError, match="is a real PLC; the framework writes to it only if its rig file says test_rig = true"):
        Line(load_rig(_rig(folder, port, test_rig=False)), "rig").open()


def test_sensors_the_guard_would_refuse_stop_the_line_before_it_starts(served: tuple[Path, int]) -> None:
    folder, port = served
    with pytest.raises(ConfigError, match="the sensors wired to Oven.Zone2.LimitOK could not be written"):
        Line(load_rig(_rig(folder, port, writable='["Oven.Zone2.TempPV", "Oven.Cmd.*"]')), "rig").open()


def test_the_guard_refuses_tags_the_rig_does_not_allow(served: tuple[Path, int]) -> None:
    folder, port = served
    with Line(load_rig(_rig(folder, port)), "rig") as line:
        kernel = line.new_kernel()
        context = ScenarioContext(kernel)
        context.set("Oven.Cmd.Start", "on")  # allowed by "Oven.Cmd.*"
        with pytest.raises(WriteRefused, match=r"PLC 'oven' is a real PLC: writing 'Oven.Zone2.TempSP' is refused"):
            context.set("Oven.Zone2.TempSP", "150 °C")


def test_a_real_time_scenario_runs_and_the_safe_state_is_written_on_close(served: tuple[Path, int]) -> None:
    folder, port = served
    rig = load_rig(_rig(folder, port, writable=SENSORS[:-1] + ', "Oven.Zone2.TempSP"]'))
    with Line(rig, "rig") as line:
        kernel = line.new_kernel()
        with RealTimeLoop(kernel, overrun_budget=1000, use_fifo=False) as loop:
            context = ScenarioContext(kernel, driver=loop)
            context.set("Oven.Zone2.TempSP", "140 °C")
            context.set("zone2.temperature", "140 °C")
            # A real PLC has been running before the rig wrote its inputs: it may have latched a trip on
            # the unwired (open) limit contact, as the real one would. Reset it, as an operator would.
            context.expect_within("zone2.limit_ok", "on", "100 ms")
            context.set("Oven.Cmd.Reset", "on")
            context.expect_within("Oven.Alarm.OverTemp", "off", "1 s")
            context.set("Oven.Cmd.Start", "on")
            context.expect_within("Oven.Zone2.HeaterContactor", "on", "1 s")
            context.set("zone2.temperature", "185 °C")
            context.expect_within("Oven.Zone2.HeaterContactor", "off", "1 s")
    start = rig.plcs["oven"].tags["Oven.Cmd.Start"].address
    client = snap7.Client()
    client.connect("127.0.0.1", 0, 1, port)
    try:
        assert client.db_read(start.db, start.byte, 1)[0] >> (start.bit or 0) & 1 == 0  # the safe state
    finally:
        client.disconnect()
