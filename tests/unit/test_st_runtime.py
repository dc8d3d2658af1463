"""hil.st runtime blocks: TON (on-delay timer) and R_TRIG (rising edge), on integer-nanosecond virtual time."""
from __future__ import annotations

import pytest

from hil.st import R_TRIG, TON

MS = 1_000_000
PT = 100 * MS


def test_ton_initial_state() -> None:
    timer = TON()
    assert (timer.Q, timer.ET) == (False, 0)


@pytest.mark.parametrize(
    ("calls", "expected"),
    [
        # (IN, now_ns) per scan -> (Q, ET) after the last call; timing starts at the scan that sees IN rise
        ([(True, 1_000 * MS)], (False, 0)),
        ([(True, 1_000 * MS), (True, 1_099 * MS)], (False, 99 * MS)),
        ([(True, 1_000 * MS), (True, 1_100 * MS - 1)], (False, PT - 1)),
        ([(True, 1_000 * MS), (True, 1_100 * MS)], (True, PT)),  # Q rises exactly when ET reaches PT
        ([(True, 1_000 * MS), (True, 5_000 * MS)], (True, PT)),  # ET clamps at PT
        ([(True, 0), (True, 200 * MS), (False, 201 * MS)], (False, 0)),  # IN false resets Q and ET
        ([(True, 0), (True, 90 * MS), (False, 91 * MS), (True, 92 * MS), (True, 150 * MS)], (False, 58 * MS)),
        ([(True, 0), (True, 90 * MS), (False, 91 * MS), (True, 92 * MS), (True, 192 * MS)], (True, PT)),
        ([(False, 0), (False, 500 * MS), (True, 600 * MS), (True, 700 * MS)], (True, PT)),
    ],
)
def test_ton_sequences(calls: list[tuple[bool, int]], expected: tuple[bool, int]) -> None:
    timer = TON()
    result = None
    for in_, now_ns in calls:
        result = timer(in_, PT, now_ns)
    assert (timer.Q, timer.ET) == expected
    assert result is expected[0]


def test_ton_scan_by_scan() -> None:
    timer = TON()
    trace = [(timer(True, 30 * MS, t * 10 * MS), timer.ET) for t in range(5)]
    assert trace == [(False, 0), (False, 10 * MS), (False, 20 * MS), (True, 30 * MS), (True, 30 * MS)]


def test_ton_et_is_an_integer() -> None:
    timer = TON()
    timer(True, PT, 7)
    timer(True, PT, 7 + 12_345)
    assert timer.ET == 12_345
    assert type(timer.ET) is int


def test_ton_zero_preset_is_true_at_once() -> None:
    timer = TON()
    assert timer(True, 0, 5 * MS) is True
    assert timer.ET == 0


def test_ton_instances_are_independent() -> None:
    first, second = TON(), TON()
    first(True, PT, 0)
    second(True, PT, 50 * MS)
    first(True, PT, 100 * MS)
    second(True, PT, 100 * MS)
    assert (first.Q, first.ET) == (True, PT)
    assert (second.Q, second.ET) == (False, 50 * MS)


@pytest.mark.parametrize(
    ("clk", "q"),
    [
        ([True], [True]),
        ([False, True, True, False, True], [False, True, False, False, True]),
        ([True, True, True], [True, False, False]),
        ([False, False], [False, False]),
        ([0, 1, 1, 0, 1], [False, True, False, False, True]),
    ],
)
def test_r_trig_is_true_for_one_call_on_a_rising_edge(clk: list, q: list[bool]) -> None:
    trig = R_TRIG()
    outputs = [trig(value) for value in clk]
    assert outputs == q
    assert trig.Q is q[-1]
    assert all(type(output) is bool for output in outputs)
