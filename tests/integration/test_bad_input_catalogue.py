"""The bad-input catalogue: each mistake a user can make in a tag table, a rig file, an SCL source or on
the command line gives one clear message with its location, exit status 2, and no Python traceback.

(Feature-file mistakes are in tests/plugin/test_feature_runs.py, run through pytest itself.)
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hil.cli import main

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"

TAG_TABLE_CASES = [
    ("name,address,type\nA,DB10.DBD4,REAL\nB,DB10.DBX0.8,BOOL\n", ":3:", "bit number 8 is outside 0..7"),
    ("name,address,type\nA,I0,BOOL\n", ":2:", "needs a bit number, e.g. 'I0.0'"),
    ("name,address,type\nA,MW10.1,INT\n", ":2:", "only bit (X) addresses take a '.bit' suffix"),
    ("name,address,type\nA,Z1,INT\n", ":2:", "is not an S7 address"),
    ("name,address,type\nA,DB0.DBW0,INT\n", ":2:", "DB numbers start at 1"),
    ("name,address,type\nA,DB1.DBW0,REAL\n", ":2:", "REAL needs a double-word (D) address"),
    ("name,address,type\nA,DB1.DBD0,REEL\n", ":2:", "unknown data type 'REEL'; did you mean 'REAL'"),
    ("name,address,type\nA,DB1.DBD0,REAL\nA,DB1.DBD4,REAL\n", ":3:", "tag 'A' is defined twice"),
    ("name,adress,type\nA,DB1.DBD0,REAL\n", ":1:", "no 'address' column"),
    ("name,address,type,units\nA,DB1.DBD0,REAL,°C\n", ":1:", "unknown column 'units'; did you mean 'unit'"),
    ("name,address,type,unit\nA,DB1.DBD0,REAL,degF\n", ":2:", "unknown unit 'degF'"),
    ("name,address,type,direction\nA,DB1.DBD0,REAL,in\n", ":2:", "direction must be input, output or memory"),
    ("name,address,type\nA,DB1.DBD0\n", ":2:", "missing type"),
]


@pytest.fixture
def oven(tmp_path: Path) -> Path:
    shutil.copytree(OVEN, tmp_path / "oven")
    return tmp_path / "oven"


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    error = capsys.readouterr().err
    assert error.startswith("hil: ") and "Traceback" not in error
    return error


@pytest.mark.parametrize(("table", "line", "message"), TAG_TABLE_CASES)
def test_tag_table_mistakes(oven: Path, capsys: pytest.CaptureFixture[str], table: str, line: str, message: str) -> None:
    (oven / "oven_zone.tags.csv").write_text(table, encoding="utf-8")
    error = _check(capsys, "rig", "check", str(oven / "oven_zone.rig.toml"))
    assert f"oven_zone.tags.csv{line}" in error and message in error


RIG_CASES = [
    ('[plant.zone2]\nmodel = "oven_zone"', '[plant.zone2]\nmodel = "oven_zonee"', "unknown plant model 'oven_zonee'; did you mean 'oven_zone'"),
    ('tau_s = "120 s"', 'tau_s = "120"', "duration '120' has no unit"),
    ('tau_s = "120 s"', 'tau = "120 s"', "has no parameter 'tau'; did you mean 'tau_s'"),
    ('ambient_c = "25 °C"', 'ambient_c = "25 bar"', "25 bar is a pressure, but °C (temperature) is needed"),
    ('"zone2.limit_ok"', '"zone2.limit_okay"', "unknown tag or plant signal 'zone2.limit_okay'; did you mean 'zone2.limit_ok'"),
    ('= "Oven.Zone2.HeaterPower"', '= "Oven.Zone2.HeaterPowr"', "did you mean 'Oven.Zone2.HeaterPower'"),
    ('"zone2.power" = "Oven.Zone2.HeaterPower"', '"zone2.power" = "Oven.Zone2.HeaterContactor"', "is float but"),
    ('"zone2.limit_ok" = "Oven.Zone2.LimitOK"', '"zone2.limit_ok" = "Oven.Zone2.HeaterContactor"', "is a sensor (plant → PLC) but"),
    ('"zone2.power" = "Oven.Zone2.HeaterPower"', '"zone2.power" = { tag = "Oven.Zone2.HeaterPower", scale = "linear" }', "needs range"),
    ('"zone2.limit_ok" = "Oven.Zone2.LimitOK"\n"zone2.heater_on" = "Oven.Zone2.HeaterContactor"',
     '"zone2.limit_ok" = "Oven.Cmd.Start"\n"zone2.heater_on" = "Oven.Cmd.Start"', "tag 'Oven.Cmd.Start' is wired twice"),
    ('[plc.oven]', '[plc.oven]\nhostname = "10.0.0.1"', "unknown key 'hostname'"),
    ('vendor = "s7"', 'vendor = "omron"', "vendor 'omron' is not supported"),
    ('[plant.zone2]', '[plants.zone2]', "unknown table [plants]; did you mean 'plant'"),
    ('name = "Coater oven zone 2"', 'name = "Coater oven zone 2"\nexchange_period = "ten ms"', "cannot read duration 'ten ms'"),
    ('tau_s = "120 s"', 'tau_s = "0 s"', "[plant.zone2] oven_zone: tau_s must be positive, not 0.0"),
    ('scan_cycle = "10 ms"', 'scan_cycle = "0 ms"', "scan_cycle must be positive"),
    ('scan_cycle = "10 ms"', 'scan_cycle = "10 ms"\ncyclic = { OB1 = "100 ms" }', "'OB1' is not a cyclic interrupt OB"),
    # the keys of earlier releases name their replacement
    ('name = "Coater oven zone 2"', 'name = "Coater oven zone 2"\ncycle = "10 ms"', "[rig]: 'cycle' is now 'exchange_period'"),
    ('scan_cycle = "10 ms"', 'cycle = "10 ms"', "[plc.oven]: 'cycle' is now 'scan_cycle'"),
    ('tags = "oven_zone.tags.csv"', 'tags = "oven_zone.L5X"', "a Studio 5000 export is now given as 'l5x'"),
    ('tags = "oven_zone.tags.csv"', 'tags = "missing.csv"', "tag table 'missing.csv' not found"),
    ('[plant.zone2]', '[plant.zone2\n', "rig file is not valid TOML"),
]


@pytest.mark.parametrize(("old", "new", "message"), RIG_CASES)
def test_rig_file_mistakes(oven: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str) -> None:
    rig = oven / "oven_zone.rig.toml"
    text = rig.read_text(encoding="utf-8")
    assert old in text, old
    rig.write_text(text.replace(old, new, 1), encoding="utf-8")
    error = _check(capsys, "rig", "check", str(rig))
    assert f"{rig}:" in error and message in error


def test_scl_source_mistake(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bad.scl"
    source.write_text('FUNCTION_BLOCK "X"\nVAR_INPUT a : INT; END_VAR\nBEGIN\n  #a := #b + 1;\nEND_FUNCTION_BLOCK\n',
                      encoding="utf-8")
    error = _check(capsys, "st", "check", str(source))
    assert f"{source}:4:9: unknown local variable '#b'" in error


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rig", "check", "/nonexistent/rig.toml"], "cannot read rig file"),
        (["softplc", "serve"], "give a rig file"),
        (["softplc", "serve", "--l5x", "/nonexistent.L5X", "--bind", "localhost"], "--bind takes HOST:PORT"),
        (["softplc", "serve", "--l5x", "/nonexistent.L5X", "--bind", "127.0.0.1:99999"], "--bind takes HOST:PORT"),
        # the spellings of earlier releases name their replacement
        (["check", "rig.toml"], "'hil check' is now 'hil rig check RIG'"),
        (["softplc", "serve", "--l5x", "x.L5X", "--logix", "127.0.0.1:0"], "'--logix' is now '--bind HOST:PORT'"),
        (["softplc", "serve", "rig.toml", "--host", "0.0.0.0"], "'--host' is now '--bind HOST:PORT'"),
        (["softplc", "serve", "rig.toml", "--port=102"], "'--port' is now '--bind HOST:PORT'"),
        (["softplc", "serve", "x.scl", "--cycle", "10 ms"], "'--cycle' is now '--scan-cycle'"),
    ],
)
def test_command_line_mistakes(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert message in _check(capsys, *argv)
