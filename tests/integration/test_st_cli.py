"""``hil st check`` and ``hil softplc serve --st``: SCL sources from the command line."""
from __future__ import annotations

import json
import signal
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import snap7

from hil.cli import main

ROOT = Path(__file__).resolve().parents[2]
OVEN_SCL = ROOT / "features" / "oven" / "oven_zone.scl"
OVEN_TAGS = ROOT / "features" / "oven" / "oven_zone.tags.csv"


def test_st_check_prints_blocks_and_dbs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["st", "check", str(OVEN_SCL), "--tags", str(OVEN_TAGS)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["blocks"]["FB_OvenZone"] == "FUNCTION_BLOCK"
    assert summary["data blocks"]["Oven"] == {"number": 1, "bytes": 12}


def test_st_check_reports_file_line_col_and_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.scl"
    bad.write_text('FUNCTION_BLOCK "A"\nVAR x : Int; END_VAR\nBEGIN\n  #x := #x +;\nEND_FUNCTION_BLOCK\n', encoding="utf-8")
    assert main(["st", "check", str(bad)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"hil: {bad}:4:13: expected an expression, found ';'")
    assert "Traceback" not in error


def test_softplc_serve_st_sources_over_s7() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "hil.cli", "softplc", "serve", str(OVEN_SCL), "--tags", str(OVEN_TAGS),
         "--scan-cycle", "10 ms"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert server.stdout is not None
        ready = server.stdout.readline()
        assert "listening on 127.0.0.1:" in ready, ready + (server.stderr.read() if server.stderr else "")
        port = int(ready.split("127.0.0.1:")[1].split()[0])
        client = snap7.Client()
        client.connect("127.0.0.1", 0, 1, port)
        try:
            assert struct.unpack(">f", client.db_read(1, 0, 4))[0] == 0.0  # "Oven".Zone2.TempPV at DB1.DBD0
        finally:
            client.disconnect()
            client.destroy()
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
        assert server.returncode == 0, err
        assert out.startswith("stopped after ")
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()


def test_st_check_an_l5x(capsys: pytest.CaptureFixture[str]) -> None:
    l5x = ROOT / "tests" / "fixtures" / "st" / "dosing_cell.L5X"
    assert main(["st", "check", str(l5x)]) == 0
    summary = json.loads(capsys.readouterr().out)[str(l5x)]
    assert summary["programs"] == {"Dosing": ["Main", "Fill"]}
    assert summary["cycle"] == "10 ms"
