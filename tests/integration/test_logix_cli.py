"""``hil softplc serve --l5x``: an L5X project served as a Logix soft PLC to stock pycomm3, until interrupted."""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from pycomm3 import LogixDriver

from hil.cli import main
from hil.plc import LogixTarget

L5X = Path(__file__).resolve().parents[1] / "fixtures" / "logix" / "battery_line.L5X"


def test_serve_l5x_answers_pycomm3_until_interrupted() -> None:
    server = subprocess.Popen([sys.executable, "-m", "hil.cli", "softplc", "serve", "--l5x", str(L5X)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        ready = server.stdout.readline()  # printed once the server listens
        assert "listening on 127.0.0.1:" in ready and "EtherNet/IP" in ready, ready
        port = int(ready.split("127.0.0.1:")[1].split()[0])
        with LogixDriver(f"127.0.0.1:{port}") as plc:
            assert plc.read("Motor1.Speed").value == 12.5
            assert plc.write(("Program:MainProgram.Count", 3)).error is None
            assert plc.read("Program:MainProgram.Count").value == 3
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
        assert server.returncode == 0, err
        assert out.startswith("stopped after ")
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()


def test_serve_refuses_a_malformed_logix_address(capsys: object) -> None:
    assert main(["softplc", "serve", "--l5x", str(L5X), "--bind", "localhost"]) == 2


def test_serve_needs_a_rig_or_an_l5x() -> None:
    assert main(["softplc", "serve"]) == 2


def test_serve_l5x_in_virtual_time_is_stepped_by_a_remote_kernel() -> None:
    server = subprocess.Popen([sys.executable, "-m", "hil.cli", "softplc", "serve", "--l5x", str(L5X), "--clock", "virtual"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        ready = server.stdout.readline()
        assert "virtual clock" in ready, ready
        port = int(ready.split("127.0.0.1:")[1].split()[0])
        with LogixTarget("remote", "127.0.0.1", port, remote_stepping=True) as target:
            assert target.cycle_ns == 10_000_000
            start = target.driver.get_plc_time().value["microseconds"]
            target.advance(1_000_000_000)  # nothing runs on the server's own: only these steps move its time
            assert target.driver.get_plc_time().value["microseconds"] - start == 1_000_000
            target.write_tags({"Dint1": 1})
            target.cold_restart()
            assert target.read_tags(["Dint1"]) == {"Dint1": 123456}
            target.advance(55_000_000)
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
        assert server.returncode == 0, err
        assert out.startswith("stopped after 5 scans")
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
