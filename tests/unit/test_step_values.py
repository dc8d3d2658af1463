"""hil.bdd values as written in steps: parsed against the tag or plant signal they are for."""
from __future__ import annotations

import struct

import pytest

import plant_models
from hil.bdd import Expectation, parse_expectation, parse_value
from hil.errors import InputError, UnitError
from hil.rig import SignalRef, TagRef
from hil.tags import DataType, Direction, Tag, parse_s7_address


def tag_ref(name: str, address: str, data_type: DataType, unit: str | None = None) -> TagRef:
    parsed = parse_s7_address(address)
    return TagRef("oven_plc", Tag(name, parsed, data_type, Direction.default_for(parsed.area), unit))


def float32(value: float) -> float:
    return struct.unpack(">f", struct.pack(">f", value))[0]


TEMP = tag_ref("Oven.Zone2.TempPV", "DB10.DBD0", DataType.REAL, "°C")
START = tag_ref("Oven.Cmd.Start", "DB10.DBX8.0", DataType.BOOL)
COUNT = tag_ref("Line.Count", "DB10.DBW4", DataType.INT)
RATIO = tag_ref("Line.Ratio", "DB10.DBD8", DataType.REAL)
PRESSURE = tag_ref("Dryer.Pressure", "DB10.DBW12", DataType.INT, "mbar")
ZONE_TEMP = SignalRef("zone2", plant_models.spec("oven_zone").signal("temperature"))
ZONE_HEATER = SignalRef("zone2", plant_models.spec("oven_zone").signal("heater_on"))


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("on", START, True),
        ("off", START, False),
        (" OFF ", START, False),
        ("true", START, True),
        ("0", START, False),
        ("on", ZONE_HEATER, True),
        ("185 °C", TEMP, 185.0),
        ("458.15 K", TEMP, 185.0),
        ("185", TEMP, 185.0),
        ("1", TEMP, 1.0),
        ("185 °C", ZONE_TEMP, 185.0),
        ("458.15 K", ZONE_TEMP, 185.0),
        ("12", COUNT, 12),
        ("-3", COUNT, -3),
        ("0.5", RATIO, 0.5),
        ("2 bar", PRESSURE, 2000),
    ],
)
def test_parse_value(text: str, ref: TagRef | SignalRef, expected: bool | int | float) -> None:
    value = parse_value(text, ref)
    assert type(value) is type(expected)
    if isinstance(expected, float):
        assert value == pytest.approx(expected, abs=1e-9)
    else:
        assert value == expected


@pytest.mark.parametrize(
    ("text", "ref", "error", "message"),
    [
        ("3 bar", TEMP, UnitError, "3 bar is a pressure, but °C (temperature) is needed"),
        ("on", TEMP, InputError, "'Oven.Zone2.TempPV' is a number, not a BOOL; 'on' does not fit"),
        ("off", ZONE_TEMP, InputError, "'zone2.temperature' is a number, not a BOOL; 'off' does not fit"),
        ("yes", START, InputError, "'Oven.Cmd.Start' is a BOOL and takes on/off (true/false), not 'yes'"),
        ("2", START, InputError, "'Oven.Cmd.Start' is a BOOL and takes on/off (true/false), not '2'"),
        ("1.5", COUNT, InputError, "'Line.Count' takes a whole number, not '1.5'"),
        ("12 °C", RATIO, UnitError,
         "'Line.Ratio' has no unit in its tag table or model; write a bare number, not '12 °C'"),
        ("abc", RATIO, InputError, "'Line.Ratio' takes a number, not 'abc'"),
        ("185 degF", TEMP, UnitError, "unknown unit 'degF' in '185 degF'; did you mean 'degC'?"),
    ],
)
def test_parse_value_rejects(text: str, ref: TagRef | SignalRef, error: type, message: str) -> None:
    with pytest.raises(error) as info:
        parse_value(text, ref, where="oven.feature:7")
    assert str(info.value) == f"oven.feature:7: {message}"


def test_integer_tag_takes_an_exact_whole_value_after_unit_conversion() -> None:
    # 1.013 bar is exactly 1013 mbar; float rounding in the conversion must not make it "not whole".
    assert parse_value("1.013 bar", PRESSURE) == 1013


@pytest.mark.parametrize(
    ("text", "observed", "matches"),
    [
        ("140 °C ± 2 °C", 141.5, True),
        ("140 °C ± 2 °C", 142.5, False),
        ("140 °C ± 2 °C", 138.0, True),
        ("140 °C ± 2 °C", 137.9, False),
        ("140 °C +/- 2 K", 141.9, True),
        ("140 °C +- 2", 142.1, False),
        ("413.15 K ± 2 K", 141.5, True),
        ("140 °C", 140.0, True),
        ("140 °C", 140.5, False),
        ("140 °C", None, False),
    ],
)
def test_expectation_with_tolerance(text: str, observed: float | None, matches: bool) -> None:
    assert parse_expectation(text, TEMP).matches(observed) is matches


@pytest.mark.parametrize(
    ("tolerance", "expected"),
    [("2 °C", 2.0), ("2 K", 2.0), ("2", 2.0), ("1.8 °F", 1.0)],
)
def test_tolerance_is_a_difference(tolerance: str, expected: float) -> None:
    expectation = parse_expectation(f"140 °C ± {tolerance}", TEMP)
    assert expectation.value == 140.0
    assert expectation.tolerance == pytest.approx(expected, abs=1e-12)


def test_expectation_fields() -> None:
    assert parse_expectation("  140 °C ± 2 K ", TEMP) == Expectation("equal", 140.0, "140 °C ± 2 K", True, 2.0)
    assert parse_expectation("on", START) == Expectation("equal", True, "on", False)
    assert parse_expectation("140 °C", ZONE_TEMP).is_real is False


def test_real_exact_expectation_compares_at_float32() -> None:
    expectation = parse_expectation("0.1", RATIO)
    assert expectation.matches(float32(0.1)) is True
    assert expectation.matches(0.1) is False  # the PLC cannot hold the float64 0.1
    assert expectation.matches(float32(0.1000001)) is False


def test_plant_signal_exact_expectation_is_float64() -> None:
    expectation = parse_expectation("140 °C", ZONE_TEMP)
    assert expectation.matches(140.0) is True
    assert expectation.matches(140.000001) is False


@pytest.mark.parametrize(
    ("text", "ref", "observed", "matches"),
    [
        ("on", START, True, True),
        ("on", START, 1, True),
        ("on", START, False, False),
        ("off", ZONE_HEATER, False, True),
        ("5", COUNT, 5, True),
        ("5", COUNT, 6, False),
    ],
)
def test_exact_expectations(text: str, ref: TagRef | SignalRef, observed: object, matches: bool) -> None:
    assert parse_expectation(text, ref).matches(observed) is matches


def test_tolerance_on_a_bool_is_refused() -> None:
    with pytest.raises(InputError) as info:
        parse_expectation("on ± 1", START, where="oven.feature:9")
    assert str(info.value) == "oven.feature:9: a tolerance makes no sense for on/off ('on ± 1')"


def test_tolerance_of_the_wrong_dimension_is_refused() -> None:
    with pytest.raises(UnitError, match=r"2 bar is a pressure, but °C \(temperature\) is needed"):
        parse_expectation("140 °C ± 2 bar", TEMP)


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("between 130 °C and 150 °C", [130.0, 140.0, 150.0], [129.9, 150.1]),
        ("above 25 °C", [25.1], [25.0, 10.0]),
        ("below 3 °C", [2.9], [3.0]),
        ("at least 2 °C", [2.0, 3.0], [1.9]),
        ("at most 5 °C", [5.0, 4.0], [5.1]),
        ("not 140 °C ± 1 °C", [138.9, 141.1], [140.5]),
        ("> 100 °C", [100.5], [100.0]),
    ],
)
def test_comparisons(text: str, inside: list[float], outside: list[float]) -> None:
    expectation = parse_expectation(text, TEMP)
    assert all(expectation.matches(v) for v in inside)
    assert not any(expectation.matches(v) for v in outside)


def test_comparisons_refuse_on_off_and_reversed_bounds() -> None:
    with pytest.raises(InputError, match="is on/off; 'above 1' compares numbers"):
        parse_expectation("above 1", START)
    with pytest.raises(InputError, match="the lower bound comes first"):
        parse_expectation("between 150 °C and 130 °C", TEMP)
