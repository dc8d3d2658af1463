"""``hil softplc serve --l5x``: an L5X project served as a Logix soft PLC to stock pycomm3, until interrupted."""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from pycomm3 import LogixDriver

from hil.cli import main

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
    assert main(["softplc", "serve", "--l5x", str(L5X), "--logix", "localhost"]) == 2


def test_serve_needs_a_rig_or_an_l5x() -> None:
    assert main(["softplc", "serve"]) == 2
