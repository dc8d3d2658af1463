"""hil.units: durations in exact integer nanoseconds, quantities with units and dimensions."""
from __future__ import annotations

import pytest

from hil.errors import InputError, UnitError
from hil.units import MS, US, Quantity, S, format_duration, parse_duration, parse_quantity, unit


@pytest.mark.parametrize(
    ("text", "expected_ns"),
    [
        ("250 ms", 250_000_000),
        ("2 s", 2_000_000_000),
        ("1 min", 60_000_000_000),
        ("1.5 s", 1_500_000_000),
        ("1 min 30 s", 90_000_000_000),
        ("20 us", 20_000),
        ("500 µs", 500_000),  # micro sign U+00B5
        ("500 μs", 500_000),  # Greek mu U+03BC
        ("7 ns", 7),
        ("1 h", 3_600_000_000_000),
        ("2s", 2_000_000_000),
        ("  3 sec  ", 3_000_000_000),
        ("1.000000001 s", 1_000_000_001),
        ("0 ms", 0),
    ],
)
def test_parse_duration_returns_integer_nanoseconds(text: str, expected_ns: int) -> None:
    result = parse_duration(text)
    assert result == expected_ns
    assert type(result) is int


def test_duration_constants() -> None:
    assert (US, MS, S) == (1_000, 1_000_000, 1_000_000_000)


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("2", ["duration '2' has no unit", "'2 s'", "'2 ms'"]),
        ("2 secs", ["unknown time unit 'secs'", "did you mean", "'sec'"]),
        ("-1 s", ["negative duration '-1 s'"]),
        ("0.5 ns", ["'0.5 ns' is not a whole number of nanoseconds"]),
        ("", ["empty duration"]),
        ("   ", ["empty duration"]),
        ("2 s 3", ["cannot read duration '2 s 3'"]),
        ("s", ["cannot read duration 's'"]),
    ],
)
def test_parse_duration_rejects(text: str, fragments: list[str]) -> None:
    with pytest.raises(UnitError) as info:
        parse_duration(text)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_unknown_duration_unit_offers_sec_first() -> None:
    with pytest.raises(UnitError) as info:
        parse_duration("2 secs")
    assert info.value.suggestions[0] == "sec"


def test_duration_error_names_where() -> None:
    with pytest.raises(UnitError) as info:
        parse_duration("5", where="oven.feature:12")
    assert str(info.value).startswith("oven.feature:12: duration '5' has no unit")


def test_unit_error_is_an_input_error_and_a_value_error() -> None:
    with pytest.raises(InputError):
        parse_duration("2")
    with pytest.raises(ValueError):
        parse_duration("2")


@pytest.mark.parametrize(
    ("ns", "text"),
    [
        (0, "0 ns"),
        (999, "999 ns"),
        (1_000, "1 µs"),
        (1_500, "1.5 µs"),
        (20_000, "20 µs"),
        (250_000_000, "250 ms"),
        (1_500_000_000, "1.5 s"),
        (90_000_000_000, "90 s"),
        (1_000_000_001, "1.000000001 s"),
        (-5, "-5 ns"),
    ],
)
def test_format_duration(ns: int, text: str) -> None:
    assert format_duration(ns) == text


@pytest.mark.parametrize("ns", [1, 999, 1_000, 1_001, 20_000, 250_000_000, 1_500_000_000, 1_000_000_001, 3_600 * S])
def test_format_then_parse_round_trips(ns: int) -> None:
    assert parse_duration(format_duration(ns)) == ns


@pytest.mark.parametrize("text", ["250 ms", "1.5 s", "20 µs", "7 ns", "2 s"])
def test_parse_then_format_round_trips(text: str) -> None:
    assert format_duration(parse_duration(text)) == text


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("185 °C", "K", 458.15),
        ("458.15 K", "°C", 185.0),
        ("0 K", "°C", -273.15),
        ("212 °F", "°C", 100.0),
        ("500 mbar", "bar", 0.5),
        ("2 bar", "mbar", 2000.0),
        ("2 A", "mA", 2000.0),
        ("250 mA", "A", 0.25),
        ("-0.5 bar", "bar", -0.5),
        ("1e3 mm", "m", 1.0),
    ],
)
def test_quantity_conversion(text: str, target: str, expected: float) -> None:
    assert parse_quantity(text).to(target) == pytest.approx(expected, abs=1e-9)


def test_parse_quantity_fields() -> None:
    quantity = parse_quantity("  185 °C ")
    assert quantity == Quantity(185.0, unit("°C"))
    assert quantity.unit.dimension == "temperature"
    assert str(quantity) == "185 °C"


def test_to_accepts_a_unit_object() -> None:
    assert parse_quantity("3 bar").to(unit("mbar")) == pytest.approx(3000.0)


def test_wrong_dimension_names_both() -> None:
    with pytest.raises(UnitError) as info:
        parse_quantity("3 bar").to("°C", where="tags.csv:4")
    assert str(info.value) == "tags.csv:4: 3 bar is a pressure, but °C (temperature) is needed"


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("185 degF", ["unknown unit 'degF' in '185 degF'", "'degC'"]),
        ("abc", ["cannot read quantity 'abc'"]),
        ("°C", ["cannot read quantity '°C'"]),
        ("", ["cannot read quantity ''"]),
    ],
)
def test_parse_quantity_rejects(text: str, fragments: list[str]) -> None:
    with pytest.raises(UnitError) as info:
        parse_quantity(text)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_parse_quantity_bare_number_does_not_split_digits_into_a_unit() -> None:
    # "185" has no unit; the error must not claim that the last digit '5' is an unknown unit.
    with pytest.raises(UnitError) as info:
        parse_quantity("185")
    assert "'185'" in str(info.value)
    assert "unknown unit '5'" not in str(info.value)


def test_unit_lookup_suggests() -> None:
    with pytest.raises(UnitError) as info:
        unit("mbr")
    assert "unknown unit 'mbr'" in str(info.value)
    assert "mbar" in info.value.suggestions
