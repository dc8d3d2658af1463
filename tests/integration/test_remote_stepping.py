"""A soft PLC in another process (`hil softplc serve --clock virtual`), stepped over S7 by the kernel."""
from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hil.bdd import ScenarioContext
from hil.errors import ConfigError
from hil.line import Line
from hil.rig import load_rig

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"


@pytest.fixture
def served_oven(tmp_path: Path) -> Iterator[Path]:
    """Serve the oven program in a subprocess; yield a rig that reaches it through host/port/control_db."""
    for source in OVEN.iterdir():
        if source.is_file():
            (tmp_path / source.name).write_bytes(source.read_bytes())
    server = subprocess.Popen(
        [sys.executable, "-m", "hil.cli", "softplc", "serve", str(tmp_path / "oven_zone.rig.toml"),
         "--clock", "virtual", "--control-db", "4242"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert server.stdout is not None
        ready = server.stdout.readline()  # readiness signal: printed once the server listens
        assert "virtual clock, stepped through DB4242" in ready, ready
        port = int(ready.split("127.0.0.1:")[1].split()[0])
        rig = tmp_path / "oven_zone.rig.toml"
        text = rig.read_text(encoding="utf-8").replace(
            "[plc.oven]\n", f'[plc.oven]\nhost = "127.0.0.1"\nport = {port}\ncontrol_db = 4242\n', 1
        )
        remote = tmp_path / "remote.rig.toml"
        remote.write_text(text, encoding="utf-8")
        yield remote
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
        assert server.returncode == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()


def _trip(line: Line) -> int:
    context = ScenarioContext(line.new_kernel())
    context.set("Oven.Zone2.TempSP", "140 °C")
    context.set("zone2.temperature", "140 °C")
    context.set("Oven.Cmd.Start", "on")
    context.expect_within("Oven.Zone2.HeaterContactor", "on", "100 ms")
    context.set("zone2.temperature", "170 °C")
    reaction = context.expect_within("Oven.Alarm.OverTemp", "on", "1 s")
    context.expect_within("Oven.Zone2.HeaterContactor", "off", "100 ms")
    return reaction


def test_the_kernel_steps_a_soft_plc_in_another_process(served_oven: Path) -> None:
    with Line(load_rig(served_oven), "softplc") as line:
        assert line.soft_plcs == {}  # nothing runs in this process: the PLC is the served one
        assert line.targets["oven"].cycle_ns == 10_000_000
        first = _trip(line)
        second = _trip(line)  # a cold restart through the control DB before each scenario
    # The TON needs 200 ms of the remote PLC's virtual time: the same verdict as in-process, twice.
    assert first == second == 210_000_000


def test_a_remote_soft_plc_cannot_run_in_real_time(served_oven: Path) -> None:
    with pytest.raises(ConfigError, match="stepped through DB4242; it cannot run in real time"):
        Line(load_rig(served_oven), "softplc-realtime").open()
