"""I/O module timing from the rig file (issue 13, class 10): each tag's module delay in the best-case,
typical and worst-case modes, from the vendor defaults, the module kinds and the tags of the rig file.

The default figures are the ones docs/rig-files.md lists with their manual sections (S7-1500 DI 16x24VDC HF
manual, Parameters: input delay 0.05 to 20 ms, default 3.2 ms; Rockwell 1756 discrete AOP help, Configure
Input Filter time: 1756-IB16 On->Off filter up to 18 ms, plus the 4 ms hardware delay of 1756-TD002).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hil.errors import ConfigError, UnitError, UnknownNameError
from hil.rig import DEFAULT_MODULES, TIMING_MODES, IoTiming, load_rig
from hil.tags import Direction

FEATURES = Path(__file__).resolve().parents[2] / "features"
MS = 1_000_000


def _oven(tmp_path: Path, extra: str) -> Path:
    shutil.copytree(FEATURES / "oven", tmp_path / "oven")
    rig = tmp_path / "oven" / "oven_zone.rig.toml"
    text = rig.read_text(encoding="utf-8")
    rig.write_text(text.replace("\n[plant.zone2]", f"\n{extra}\n[plant.zone2]", 1), encoding="utf-8")
    return rig


def test_best_case_is_ideal_io_and_the_s7_defaults_are_the_documented_modules() -> None:
    oven = load_rig(FEATURES / "oven" / "oven_zone.rig.toml").plcs["oven"]
    assert TIMING_MODES == ("best-case", "typical", "worst-case")
    for tag in ("Oven.Zone2.LimitOK", "Oven.Zone2.TempPV", "Oven.Zone2.HeaterContactor", "Oven.Zone2.HeaterPower"):
        assert oven.io_timing(tag, "best-case") == IoTiming(0, 0)
    assert oven.io_timing("Oven.Zone2.LimitOK", "typical") == IoTiming(input_delay_ns=3_200_000)  # DI default 3.2 ms
    assert oven.io_timing("Oven.Zone2.LimitOK", "worst-case") == IoTiming(input_delay_ns=20 * MS)  # slowest setting
    assert oven.io_timing("Oven.Zone2.HeaterContactor", "typical") == IoTiming(output_delay_ns=100_000)
    assert oven.io_timing("Oven.Zone2.TempPV", "typical").input_delay_ns == DEFAULT_MODULES["s7"]["AI"].typical_ns
    assert oven.io_timing("Oven.Zone2.HeaterPower", "worst-case").output_delay_ns == DEFAULT_MODULES["s7"]["AO"].worst_case_ns


def test_a_wired_db_tag_is_timed_as_its_sensor_and_an_unwired_memory_tag_not_at_all() -> None:
    oven = load_rig(FEATURES / "oven" / "oven_zone.rig.toml").plcs["oven"]
    assert oven.tags["Oven.Zone2.TempPV"].direction is Direction.MEMORY  # a DB tag the rig writes: a TC on an AI
    assert oven.io_timing("Oven.Zone2.TempPV", "typical") == IoTiming(input_delay_ns=20 * MS)
    assert oven.io_timing("Oven.Cmd.Start", "worst-case") == IoTiming(0, 0)  # an HMI command: no I/O module


def test_logix_defaults_are_the_1756_modules() -> None:
    rig = load_rig(FEATURES / "oven" / "logix" / "oven_zone.logix.rig.toml")
    filler = rig.plcs["oven"]
    di = next(w.tag for w in rig.wires if w.signal_path == "zone2.limit_ok")  # a limit contact on a DI
    assert filler.io_timing(di, "typical") == IoTiming(input_delay_ns=5 * MS)  # 4 ms hardware + 1 ms filter
    assert filler.io_timing(di, "worst-case") == IoTiming(input_delay_ns=22 * MS)  # 4 ms + the 18 ms filter


def test_the_rig_file_states_module_kinds_and_channels(tmp_path: Path) -> None:
    rig = load_rig(_oven(tmp_path, '[plc.oven.io_timing]\nDI = "1.6 ms"\nAI = { typical = "25 ms", worst-case = "200 ms" }\n'
                                   '"Oven.Zone2.Limit*" = "12.8 ms"\n"Oven.Zone2.LimitOK" = "0.4 ms"\n'))
    oven = rig.plcs["oven"]
    assert oven.io_timing("Oven.Zone2.LimitOK", "typical") == IoTiming(input_delay_ns=400_000)  # the exact name wins
    assert oven.io_timing("Oven.Zone2.LimitOK", "worst-case") == IoTiming(input_delay_ns=400_000)  # a stated setting
    assert oven.io_timing("Oven.Zone2.TempPV", "typical") == IoTiming(input_delay_ns=25 * MS)
    assert oven.io_timing("Oven.Zone2.TempPV", "worst-case") == IoTiming(input_delay_ns=200 * MS)
    assert oven.io_timing("Oven.Zone2.HeaterContactor", "typical") == IoTiming(output_delay_ns=100_000)  # default DO


@pytest.mark.parametrize(
    ("table", "error", "message"),
    [
        ('DI = "-1 ms"', UnitError, "negative duration '-1 ms'"),
        ('DI = 3', ConfigError, "'DI' takes a delay (\"3.2 ms\") or { typical"),
        ('AI = { typical = "20 ms", worst = "1 s" }', ConfigError, "'AI' takes a delay"),
        ('AI = { typical = "20 ms", worst-case = "10 ms" }', ConfigError, "worst case shorter than its typical"),
        ('"Oven.Zone2.LimitOKK" = "1 ms"', UnknownNameError, "did you mean 'Oven.Zone2.LimitOK'"),
    ],
)
def test_mistakes_are_located(tmp_path: Path, table: str, error: type[Exception], message: str) -> None:
    rig = _oven(tmp_path, f"[plc.oven.io_timing]\n{table}\n")
    with pytest.raises(error) as info:
        load_rig(rig)
    assert str(info.value).startswith(f"{rig}:") and message in str(info.value)


def test_unknown_modes_and_tags_are_refused() -> None:
    oven = load_rig(FEATURES / "oven" / "oven_zone.rig.toml").plcs["oven"]
    with pytest.raises(ConfigError, match="unknown timing mode 'typcal'.*did you mean 'typical'"):
        oven.io_timing("Oven.Zone2.LimitOK", "typcal")
    with pytest.raises(UnknownNameError, match="PLC 'oven' has no tag 'Oven.Zone2.LimitOk'; did you mean 'Oven.Zone2.LimitOK'"):
        oven.io_timing("Oven.Zone2.LimitOk", "typical")


def test_a_module_kind_stated_once_applies_to_every_channel_of_that_kind(tmp_path: Path) -> None:
    oven = load_rig(_oven(tmp_path, '[plc.oven.io_timing]\nDI = "1.6 ms"\n')).plcs["oven"]
    for mode in ("typical", "worst-case"):  # the configuration is known: no slower setting to assume
        assert oven.io_timing("Oven.Zone2.LimitOK", mode) == IoTiming(input_delay_ns=1_600_000)
    assert oven.io_timing("Oven.Zone2.LimitOK", "best-case") == IoTiming(0, 0)
