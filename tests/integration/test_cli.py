"""The ``hil`` command: rig checks and a soft PLC served in real time to any S7 client."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import snap7

from hil.cli import main

OVEN_RIG = Path(__file__).resolve().parents[2] / "features" / "oven" / "oven_zone.rig.toml"


def test_check_prints_what_the_rig_wires(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rig", "check", str(OVEN_RIG)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["plants"] == {"zone2": "oven_zone"}
    assert "zone2.heater_on <- oven:Oven.Zone2.HeaterContactor" in summary["wires"]
    assert summary["unwired signals"] == ["zone2.contactor_closed"]  # the EDM mirror contact: no input on this rig


def test_check_reports_a_bad_rig_with_file_and_line_and_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for source in OVEN_RIG.parent.iterdir():
        if source.is_file():
            (tmp_path / source.name).write_bytes(source.read_bytes())
    rig = tmp_path / OVEN_RIG.name
    rig.write_text(rig.read_text(encoding="utf-8").replace('"zone2.limit_ok"', '"zone2.limit_okay"'), encoding="utf-8")
    assert main(["rig", "check", str(rig)]) == 2
    error = capsys.readouterr().err
    line = next(n for n, text in enumerate(rig.read_text(encoding="utf-8").splitlines(), 1) if "zone2.limit_okay" in text)
    assert error.startswith(f"hil: {rig}:{line}: unknown tag or plant signal 'zone2.limit_okay'; did you mean 'zone2.limit_ok'")
    assert "Traceback" not in error


def test_softplc_serve_answers_an_s7_client_until_interrupted() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "hil.cli", "softplc", "serve", str(OVEN_RIG)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert server.stdout is not None
        ready = server.stdout.readline()  # the readiness line, printed once the server listens
        assert "listening on 127.0.0.1:" in ready, ready + (server.stderr.read() if server.stderr else "")
        port = int(ready.split("127.0.0.1:")[1].split()[0])
        client = snap7.Client()
        client.connect("127.0.0.1", 0, 1, port)
        try:
            assert len(client.db_read(10, 0, 9)) == 9
        finally:
            client.disconnect()
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
        assert server.returncode == 0, err
        assert out.startswith("stopped after ")
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
