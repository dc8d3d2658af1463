"""The rig keys of issue 14: one word, one meaning; the spellings of earlier releases are refused with the
new name and the rig file's line."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hil.errors import ConfigError, UnknownNameError
from hil.rig import load_rig

FEATURES = Path(__file__).resolve().parents[2] / "features"


def _oven(tmp_path: Path, old: str, new: str) -> Path:
    shutil.copytree(FEATURES / "oven", tmp_path / "oven")
    rig = tmp_path / "oven" / "oven_zone.rig.toml"
    text = rig.read_text(encoding="utf-8")
    assert old in text, old
    rig.write_text(text.replace(old, new, 1), encoding="utf-8")
    return rig


def test_scan_cycle_exchange_period_and_cyclic_obs_reach_the_model(tmp_path: Path) -> None:
    rig_path = _oven(tmp_path, 'scan_cycle = "10 ms"', 'scan_cycle = "4 ms"\ncyclic = { OB30 = "100 ms", OB123 = "2 s" }')
    text = rig_path.read_text(encoding="utf-8").replace("[rig]\n", '[rig]\nexchange_period = "20 ms"\n', 1)
    rig_path.write_text(text, encoding="utf-8")
    rig = load_rig(rig_path)
    assert rig.exchange_period_ns == 20_000_000
    oven = rig.plcs["oven"]
    assert oven.scan_cycle_ns == 4_000_000
    assert oven.cyclic_obs == {"OB30": 100_000_000, "OB123": 2_000_000_000}
    assert oven.program is not None and oven.program.load().cycle_ns == 4_000_000  # the SCL program's OB1


def test_defaults_an_scl_program_scans_every_10_ms_and_the_exchange_follows_the_plcs(tmp_path: Path) -> None:
    rig = load_rig(_oven(tmp_path, 'scan_cycle = "10 ms"                            # OB1 cycle\n', ""))
    assert rig.exchange_period_ns is None
    assert (rig.plcs["oven"].scan_cycle_ns, rig.plcs["oven"].cyclic_obs) == (10_000_000, {})


def test_a_logix_plc_takes_its_project_from_l5x() -> None:
    rig = load_rig(FEATURES / "oven" / "logix" / "oven_zone.logix.rig.toml")
    filler = rig.plcs["oven"]
    assert filler.vendor == "logix" and filler.project is not None and filler.scan_cycle_ns is None
    assert "Oven.Zone2.TempPV" in filler.tags


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ('[rig]\n', '[rig]\ncycle = "10 ms"\n', 3, "[rig]: 'cycle' is now 'exchange_period'"),
        ('scan_cycle = "10 ms"', 'cycle = "10 ms"', 9, "[plc.oven]: 'cycle' is now 'scan_cycle'"),
        ('tags = "oven_zone.tags.csv"', 'tags = "oven.L5X"', 7, "a Studio 5000 export is now given as 'l5x'"),
        ('vendor = "s7"', 'vendor = "s7"\nl5x = "x.L5X"', 7, "l5x is the project of a Logix PLC; add vendor = \"logix\""),
        ('scan_cycle = "10 ms"', 'scan_cycle = "10 ms"\ncyclic = { OB35 = "0 ms" }', 10, "OB35 needs a positive interval"),
        ('scan_cycle = "10 ms"', 'scan_cycle = "10 ms"\ncyclic = { OB40 = "10 ms" }', 10,
         "'OB40' is not a cyclic interrupt OB (OB30 to OB38, or OB123 and above)"),
        ('scan_cycle = "10 ms"', 'scan_cycle = "10 ms"\ncyclic = "OB30"', 10, "cyclic is a table of OB = interval"),
        ('scan_cycle = "10 ms"', 'scan_cyle = "10 ms"', 9, "unknown key 'scan_cyle'; did you mean 'scan_cycle'"),
    ],
)
def test_old_and_wrong_keys_are_refused_with_their_line(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    rig = _oven(tmp_path, old, new)
    with pytest.raises(ConfigError) as info:
        load_rig(rig)
    assert str(info.value).startswith(f"{rig}:{line}: ") and message in str(info.value)


def test_a_logix_plc_with_tags_instead_of_l5x_is_told_the_new_key(tmp_path: Path) -> None:
    shutil.copytree(FEATURES / "oven" / "logix", tmp_path / "logix")
    rig = tmp_path / "logix" / "oven_zone.logix.rig.toml"
    rig.write_text(rig.read_text(encoding="utf-8").replace('l5x = "oven_zone.L5X"', 'tags = "oven_zone.L5X"'),
                   encoding="utf-8")
    with pytest.raises(ConfigError, match=r"oven_zone\.logix\.rig\.toml:8: \[plc.oven\]: a Studio 5000 export is now "
                                          r"given as 'l5x'"):
        load_rig(rig)


def test_cyclic_obs_belong_to_s7_plcs(tmp_path: Path) -> None:
    shutil.copytree(FEATURES / "oven" / "logix", tmp_path / "logix")
    rig = tmp_path / "logix" / "oven_zone.logix.rig.toml"
    rig.write_text(rig.read_text(encoding="utf-8").replace('vendor = "logix"', 'vendor = "logix"\ncyclic = { OB30 = "1 s" }'),
                   encoding="utf-8")
    with pytest.raises(ConfigError, match="a Logix PLC's periodic tasks and their periods come from its L5X"):
        load_rig(rig)


@pytest.mark.parametrize(
    ("old", "new", "error", "message"),
    [
        # plant_models raises its own errors; the rig names the parameter's line and the close names
        ('tau_s = "120 s"', 'tau_s = -5', ConfigError, ":14: [plant.zone2] oven_zone: tau_s must be positive, not -5.0"),
        ('model = "oven_zone"', 'model = "oven_zne"', UnknownNameError, ":13: unknown plant model 'oven_zne'; did you mean 'oven_zone'?"),
    ],
)
def test_plant_model_errors_become_located_hil_errors(tmp_path: Path, old: str, new: str, error: type[Exception],
                                                      message: str) -> None:
    rig = _oven(tmp_path, old, new)
    with pytest.raises(error) as info:
        load_rig(rig)
    assert str(info.value).startswith(f"{rig}{message}")
