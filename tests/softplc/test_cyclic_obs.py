"""Cyclic interrupt OBs (OB30–OB38) in the one scheduler (issue 13, item 12): each runs at its interval on the
virtual clock, interleaved with OB1, with the interval from the program or overridden by the rig, and an OB
the runtime cannot schedule is an error, never silently dropped.

S7-1500 System Manual, "Cyclic interrupt OBs" (OB30 to OB38): a cyclic interrupt OB starts at fixed intervals
(its "cyclic time", with an optional phase shift), interrupting the cyclic program (OB1), independently of the
OB1 cycle; it has a higher priority than OB1, so when both fall due at the same instant it runs first.
"""
from __future__ import annotations

from typing import Any

import pytest

from hil.errors import ConfigError
from hil.softplc import ProcessImage, S7SoftPlc, ScanRuntime
from hil.tags import TagTable
from hil.units import MS


class Program:
    """OB1 every 10 ms and the cyclic OBs it declares; logs what ran when."""

    cycle_ns = 10 * MS

    def __init__(self, cyclic: list[tuple[Any, ...]]) -> None:
        self.cyclic_obs = cyclic
        self.log: list[tuple[str, int]] = []

    def check(self, tags: TagTable) -> None:
        pass

    def reset(self, kind: str) -> None:
        self.log.append(("reset", kind))

    def scan(self, io: Any, now_ns: int) -> None:
        self.log.append(("OB1", now_ns // MS))

    def run_ob(self, name: str, io: Any, now_ns: int) -> None:
        self.log.append((name, now_ns // MS))


def runtime(program: Program, overrides: dict[str, int] | None = None) -> ScanRuntime:
    return ScanRuntime(ProcessImage(TagTable([])), program, cyclic_obs=overrides)


def test_a_cyclic_ob_runs_at_its_own_interval_interleaved_with_ob1() -> None:
    program = Program([("OB30", 25 * MS)])
    rt = runtime(program)
    assert rt.advance(60 * MS) == 6  # six OB1 scans; the cyclic OB runs do not count as scans
    assert program.log == [("OB1", 10), ("OB1", 20), ("OB30", 25), ("OB1", 30), ("OB1", 40), ("OB30", 50),
                           ("OB1", 50), ("OB1", 60)]  # at 50 ms both are due: the interrupt OB first


def test_the_rig_overrides_the_interval_of_the_source() -> None:
    program = Program([("OB35", 100 * MS)])
    rt = runtime(program, {"OB35": 15 * MS})
    rt.advance(30 * MS)
    assert [entry for entry in program.log if entry[0] == "OB35"] == [("OB35", 15), ("OB35", 30)]


def test_a_phase_shift_moves_the_first_start() -> None:
    program = Program([("OB32", 50 * MS, 20 * MS)])
    rt = runtime(program)
    rt.advance(200 * MS)
    assert [t for name, t in program.log if name == "OB32"] == [20, 70, 120, 170]


def test_a_cyclic_ob_without_an_interval_is_an_error_not_dropped() -> None:
    with pytest.raises(ConfigError, match=r"cyclic interrupt OB 'OB35' has no interval.*cyclic = \{OB35 = "):
        runtime(Program([("OB35", None)]))


def test_an_override_for_an_ob_the_program_lacks_is_an_error_with_suggestions() -> None:
    with pytest.raises(ConfigError, match="no cyclic interrupt OB 'OB53'.*OB35"):
        runtime(Program([("OB35", 100 * MS)]), {"OB53": 10 * MS})


def test_a_program_that_declares_cyclic_obs_must_be_able_to_run_them() -> None:
    class NoRunner:
        cycle_ns = 10 * MS
        cyclic_obs = [("OB30", 100 * MS)]

        def check(self, tags: TagTable) -> None:
            pass

        def reset(self) -> None:
            pass

        def scan(self, io: Any, now_ns: int) -> None:
            pass

    with pytest.raises(ConfigError, match="cannot run cyclic interrupt OB 'OB30'"):
        ScanRuntime(ProcessImage(TagTable([])), NoRunner())


def test_no_cyclic_ob_runs_in_stop_and_the_schedule_keeps_its_grid() -> None:
    program = Program([("OB30", 25 * MS)])
    rt = runtime(program)
    rt.advance(30 * MS)
    rt.set_running(False)
    rt.advance(40 * MS)
    rt.set_running(True)
    rt.advance(30 * MS)
    assert [t for name, t in program.log if name == "OB30"] == [25, 75, 100]  # none at 50 (STOP)


def test_a_snapshot_keeps_the_cyclic_schedule() -> None:
    program = Program([("OB30", 25 * MS)])
    rt = runtime(program)
    rt.advance(30 * MS)
    snapshot = rt.snapshot()
    rt.advance(30 * MS)
    rt.restore(snapshot)
    restored: Program = rt.program
    restored.log.clear()
    rt.advance(30 * MS)
    assert restored.log == [("OB1", 40), ("OB30", 50), ("OB1", 50), ("OB1", 60)]


def test_the_facade_takes_the_rigs_cyclic_table() -> None:
    program = Program([("OB30", 100 * MS)])
    plc = S7SoftPlc(TagTable([]), program, cyclic_obs={"OB30": 20 * MS})
    plc.run_for("40 ms")
    assert [t for name, t in program.log if name == "OB30"] == [20, 40]
