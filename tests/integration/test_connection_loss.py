"""Connections that drop mid-scenario, on both vendors: a clear error naming the PLC and the step, no
hang, and the next scenario reconnects. A soft PLC process that dies mid-scenario fails the scenario."""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hil.bdd import ScenarioContext
from hil.errors import PlcConnectionError, PlcError
from hil.kernel import ConnectionLoss
from hil.line import Line
from hil.rig import load_rig
from hil.units import MS

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"
RIGS = {"s7": OVEN / "oven_zone.rig.toml", "logix": OVEN / "logix" / "oven_zone.logix.rig.toml"}


class Cursor:
    location = "oven_zone.feature:12"
    text = "Then Oven.Zone2.HeaterContactor stays on for 1 s"


@pytest.mark.parametrize("vendor", ["s7", "logix"])
def test_a_lost_connection_names_the_plc_and_the_step_and_the_next_scenario_reconnects(vendor: str) -> None:
    with Line(load_rig(RIGS[vendor]), "softplc") as line:
        context = ScenarioContext(line.new_kernel())
        context.bind_cursor(Cursor())  # type: ignore[arg-type]
        context.set("Oven.Cmd.Start", "on")
        context.kernel.inject(ConnectionLoss("cable pulled", plc="oven", start_ns=50 * MS))
        with pytest.raises(PlcConnectionError) as failure:
            context.expect_stays("Oven.Zone2.HeaterPower", "at least 0 %", "1 s")
        message = str(failure.value)
        assert "PLC 'oven'" in message and "not connected" in message
        assert "during step: oven_zone.feature:12: Then Oven.Zone2.HeaterContactor stays on for 1 s (t = 50 ms" in message
        next_scenario = ScenarioContext(line.new_kernel())
        next_scenario.set("Oven.Zone2.TempSP", "140 °C")
        next_scenario.set("zone2.temperature", "140 °C")
        next_scenario.set("Oven.Cmd.Start", "on")
        next_scenario.expect_within("Oven.Zone2.HeaterContactor", "on", "100 ms")


def test_a_soft_plc_process_killed_mid_scenario_fails_it_with_the_plcs_name(tmp_path: Path) -> None:
    for source in OVEN.iterdir():
        if source.is_file():
            (tmp_path / source.name).write_bytes(source.read_bytes())
    server = subprocess.Popen(
        [sys.executable, "-m", "hil.cli", "softplc", "serve", str(tmp_path / "oven_zone.rig.toml"),
         "--clock", "virtual", "--control-db", "4242"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline().split("127.0.0.1:")[1].split()[0])  # the readiness line
        rig = tmp_path / "remote.rig.toml"
        rig.write_text((tmp_path / "oven_zone.rig.toml").read_text(encoding="utf-8").replace(
            "[plc.oven]\n", f'[plc.oven]\nhost = "127.0.0.1"\nport = {port}\ncontrol_db = 4242\n', 1), encoding="utf-8")
        with Line(load_rig(rig), "softplc") as line:
            context = ScenarioContext(line.new_kernel())
            context.set("Oven.Cmd.Start", "on")
            context.kernel.run_for(100 * MS)
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=30)
            with pytest.raises(PlcError, match="PLC 'oven'"):
                context.expect_stays("Oven.Cmd.Start", "on", "1 s")
            line.targets["oven"].close()  # the peer is gone; closing must not hang either
    finally:
        if server.poll() is None:
            server.kill()
        server.communicate()
