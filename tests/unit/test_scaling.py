"""Wire scalings: engineering ↔ raw values as S7 cards and NAMUR NE43 transmitters produce them."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.errors import ConfigError, UnitError
from hil.rig import Identity, Inverted, Linear, MilliAmps, S7Analog, S7Current, S7Thermo, load_rig


@pytest.mark.parametrize(
    ("value", "raw"),
    [(0.0, 0), (50.0, 13824), (100.0, 27648), (117.0, 32348), (118.0, 32767), (-17.0, -4700), (-18.0, -32768)],
)
def test_s7_analog_nominal_overrange_and_overflow(value: float, raw: int) -> None:
    assert S7Analog(0.0, 100.0).to_raw(value) == raw


@pytest.mark.parametrize(
    ("value", "raw"),
    [(0.0, 0), (200.0, 13824), (400.0, 27648), (500.0, 28512), (-100.0, -346)],  # NE43 band 3.8..20.5 mA
)
def test_s7_4_20ma_saturates_at_the_ne43_band(value: float, raw: int) -> None:
    assert S7Current(0.0, 400.0).to_raw(value) == raw


def test_s7_4_20ma_wire_break_and_fail_high() -> None:
    scaling = S7Current(0.0, 100.0)
    assert scaling.open_circuit() == 32767
    assert scaling.short_circuit() == 31104  # 22 mA


def test_milliamps_transmitter_and_faults() -> None:
    scaling = MilliAmps(0.0, 100.0)
    assert scaling.to_raw(25.0) == pytest.approx(8.0)
    assert scaling.to_raw(200.0) == pytest.approx(20.5)
    assert (scaling.open_circuit(), scaling.short_circuit()) == (0.0, 22.0)
    assert scaling.to_engineering(12.0) == pytest.approx(50.0)


def test_thermocouple_counts_and_burnout() -> None:
    scaling = S7Thermo()
    assert scaling.to_raw(123.44) == 1234
    assert scaling.to_engineering(1234) == pytest.approx(123.4)
    assert scaling.open_circuit() == 32767
    assert scaling.short_circuit() == 250


def test_linear_clamps_and_rounds_for_integer_tags() -> None:
    scaling = Linear(0.0, 10.0, 0.0, 1000.0, -32768.0, 32767.0, integer=True)
    assert scaling.to_raw(2.5) == 250
    assert scaling.to_raw(1000.0) == 32767
    assert scaling.to_engineering(500) == pytest.approx(5.0)


def test_inverted_contact_and_identity_unit_conversion() -> None:
    assert Inverted().to_raw(True) is False and Inverted().open_circuit() is False
    kelvin = Identity(factor=1.0, offset=273.15)
    assert kelvin.to_raw(25.0) == pytest.approx(298.15)
    with pytest.raises(ConfigError, match="no defined reading"):
        Identity().open_circuit()


TAGS = """name,address,type,direction,unit
Temp.Raw,IW64,INT,input,
Temp.Tc,IW66,INT,input,
Temp.K,DB1.DBD0,REAL,input,K
Limit.Trip,I0.0,BOOL,input,
Power.AO,QW64,INT,output,
Heater.On,Q0.0,BOOL,output,
"""


def _rig(tmp_path: Path, wires: str) -> Path:
    (tmp_path / "tags.csv").write_text(TAGS, encoding="utf-8")
    (tmp_path / "p.py").write_text("class P:\n    cycle_ns = 10_000_000\n    def check(self, t): pass\n"
                                   "    def reset(self): pass\n    def scan(self, io, now): pass\n", encoding="utf-8")
    rig = tmp_path / "rig.toml"
    rig.write_text(f'[plc.p]\ntags = "tags.csv"\nprogram = "p.py:P"\n[plant.z]\nmodel = "oven_zone"\n[wires]\n{wires}',
                   encoding="utf-8")
    return rig


def test_rig_builds_scalings_from_wire_options(tmp_path: Path) -> None:
    rig = load_rig(_rig(tmp_path, '"z.temperature" = { tag = "Temp.Raw", scale = "s7-4-20mA", range = ["0 °C", "400 °C"] }\n'
                                  '"z.limit_ok" = { tag = "Limit.Trip", invert = true }\n'
                                  '"z.power" = { tag = "Power.AO", scale = "s7-analog", range = [0, 100] }\n'))
    scalings = {w.signal.name: w.scaling for w in rig.wires}
    assert scalings == {"temperature": S7Current(0.0, 400.0), "limit_ok": Inverted(), "power": S7Analog(0.0, 100.0)}


def test_rig_converts_units_between_signal_and_tag(tmp_path: Path) -> None:
    rig = load_rig(_rig(tmp_path, '"z.temperature" = "Temp.K"\n'))
    assert rig.wires[0].scaling.to_raw(0.0) == pytest.approx(273.15)


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        ('"z.temperature" = { tag = "Temp.Raw", scale = "s7-4-20ma", range = [0, 400] }', "unknown scale 's7-4-20ma'; did you mean 's7-4-20mA'"),
        ('"z.temperature" = { tag = "Temp.Raw", scale = "s7-analog" }', "needs range = [low, high]"),
        ('"z.temperature" = { tag = "Temp.K", scale = "s7-analog", range = [0, 1] }', "needs a INT/WORD/DINT tag, but 'Temp.K' is REAL"),
        ('"z.temperature" = { tag = "Temp.Raw", scale = "mA", range = [0, 1] }', "needs a REAL/LREAL tag"),
        ('"z.temperature" = { tag = "Temp.Raw", scale = "linear", range = [0, 1] }', "linear scaling needs raw = [raw_lo, raw_hi]"),
        ('"z.temperature" = { tag = "Temp.Raw", scale = "s7-analog", range = ["0 bar", "1 bar"] }', "0 bar is a pressure"),
        ('"z.heater_on" = { tag = "Heater.On", scale = "s7-analog", range = [0, 1] }', "a BOOL signal takes no scale"),
        ('"z.power" = { tag = "Heater.On", invert = true }', "'invert' is for BOOL signals"),
        ('"z.temperature" = { tag = "Temp.Raw", scal = "s7-analog" }', "unknown key 'scal'; did you mean 'scale'"),
        ('"z.temperature" = "Limit.Trip"', "signal 'temperature' is float but 'Limit.Trip' is BOOL"),
    ],
)
def test_rig_wire_errors_name_the_line(tmp_path: Path, wire: str, message: str) -> None:
    path = _rig(tmp_path, wire + "\n")
    with pytest.raises((ConfigError, UnitError)) as error:
        load_rig(path)
    assert str(error.value).startswith(f"{path}:7:")
    assert message in str(error.value)
