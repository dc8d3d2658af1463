"""Rig files whose PLC program is SCL sources: compiled when the rig loads, tags derived from the DBs."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hil.errors import ConfigError
from hil.rig import load_rig
from hil.st import StError, StProgram

OVEN = Path(__file__).resolve().parents[3] / "features" / "oven"


def copy_oven(tmp_path: Path) -> Path:
    for source in OVEN.iterdir():
        if source.is_file():
            shutil.copy(source, tmp_path / source.name)
    return tmp_path / "oven_zone.rig.toml"


def test_the_oven_rig_runs_the_scl_program() -> None:
    rig = load_rig(OVEN / "oven_zone.rig.toml")
    spec = rig.plcs["oven"]
    program = spec.program.load()  # type: ignore[union-attr]
    assert isinstance(program, StProgram)
    assert program.cycle_ns == 10_000_000
    assert str(spec.tags["Oven.Zone2.TempPV"].address) == "DB10.DBD0"
    assert spec.tags["Oven.Zone2.TempSP"].unit == "°C"
    assert str(spec.tags["Oven.Alarm.OverTemp"].address) == "DB10.DBX10.0"
    assert str(spec.tags["Oven.Zone2.HeaterContactor"].address) == "Q0.0"


def test_an_error_in_the_sources_names_the_scl_file(tmp_path: Path) -> None:
    rig = copy_oven(tmp_path)
    scl = tmp_path / "oven_zone.scl"
    scl.write_text(scl.read_text(encoding="utf-8").replace("#hot := #tOverTemp.Q;", "#hot := #tOverTemp.QQ;"),
                   encoding="utf-8")
    with pytest.raises(StError, match=r"oven_zone\.scl:\d+:\d+: IEC_TIMER has no member 'QQ'; did you mean 'Q'"):
        load_rig(rig)


def test_a_missing_source_is_reported_at_the_rig_line(tmp_path: Path) -> None:
    rig = copy_oven(tmp_path)
    rig.write_text(rig.read_text(encoding="utf-8").replace('"oven_zone.scl"', '"missing.scl"'), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"oven_zone\.rig\.toml:\d+: \[plc\.oven\]: program source 'missing\.scl'"):
        load_rig(rig)


def test_db_numbers_must_name_declared_dbs(tmp_path: Path) -> None:
    rig = copy_oven(tmp_path)
    rig.write_text(rig.read_text(encoding="utf-8").replace("Oven = 10", "Ovne = 10"), encoding="utf-8")
    with pytest.raises(StError, match="a DB number is given for 'Ovne'.*did you mean 'Oven'"):
        load_rig(rig)
