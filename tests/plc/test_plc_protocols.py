"""hil.plc's two protocols, the one in-process target for both vendors, and the wire layering rule."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from _plc_helpers import Follower, s7_tag

from hil.errors import PlcError
from hil.plc import Block, GuardedTarget, InProcessTarget, LogixTarget, S7Target, Steppable, Target
from hil.softplc import S7SoftPlc
from hil.softplc.logix import LogixIO, LogixSoftPlc, TagDatabase
from hil.tags import Area, DataType, Direction, LogixAddress, Tag, TagTable
from hil.units import MS

ROOT = Path(__file__).resolve().parents[2]
L5X = ROOT / "tests" / "fixtures" / "logix" / "battery_line.L5X"


class Counter:
    """Logix: counts scans into Program:MainProgram.Count."""

    cycle_ns = 10 * MS

    def check(self, db: TagDatabase) -> None:
        db.locate("Program:MainProgram.Count")

    def reset(self) -> None:
        pass

    def scan(self, io: LogixIO, now_ns: int) -> None:
        io["Program:MainProgram.Count"] = io["Program:MainProgram.Count"] + 1


def s7_tags() -> TagTable:
    return TagTable([s7_tag("In", "I0.0"), s7_tag("Out", "Q0.0")])


def test_every_target_kind_is_a_target() -> None:
    soft = S7SoftPlc(s7_tags(), Follower())
    targets = [S7Target("s7", "127.0.0.1", 1), LogixTarget("lx", "127.0.0.1", 1), InProcessTarget("ip", soft),
               GuardedTarget(S7Target("real", "127.0.0.1", 1), ["In"])]
    assert all(isinstance(target, Target) for target in targets)


def test_in_process_targets_of_both_vendors_are_steppable() -> None:
    s7 = InProcessTarget("s7", S7SoftPlc(s7_tags(), Follower()))
    soft = LogixSoftPlc(L5X, Counter())
    logix = InProcessTarget("logix", soft)
    for target in (s7, logix):
        assert isinstance(target.stepper, Steppable)
        assert target.cycle_ns == 10 * MS
        assert target.advance(35 * MS) == 3
        assert target.stepper.scans == 3
    logix.set_cpu_running(False)  # PROG: time passes, the program does not run
    logix.advance(20 * MS)
    assert soft.db.get("Program:MainProgram.Count") == 3
    logix.set_cpu_running(True)
    logix.advance(10 * MS)
    assert soft.db.get("Program:MainProgram.Count") == 4
    s7.set_cpu_running(False)
    assert s7.advance(20 * MS) == 0
    for target in (s7, logix):
        target.cold_restart()
        assert target.stepper.scans == 0


def test_one_in_process_target_reads_and_writes_both_vendors() -> None:
    s7 = InProcessTarget("s7", S7SoftPlc(s7_tags(), Follower()))
    plan_in, plan_out = s7.write_plan([s7_tags()["In"]]), s7.read_plan([s7_tags()["Out"]])
    s7.write(plan_in, {"In": True})
    s7.advance(10 * MS)
    assert s7.read(plan_out) == {"Out": True}

    soft = LogixSoftPlc(L5X, Counter())
    logix = InProcessTarget("logix", soft)
    count = Tag("Program:MainProgram.Count", LogixAddress("Program:MainProgram.Count"), DataType.DINT, Direction.INPUT)
    logix.advance(20 * MS)
    assert logix.read(logix.read_plan([count])) == {"Program:MainProgram.Count": 2}
    logix.write(logix.write_plan([count]), {"Program:MainProgram.Count": 40})
    assert soft.db.get("Program:MainProgram.Count") == 40
    with pytest.raises(PlcError, match="addressed by tag name"):
        logix.read_blocks([Block(Area.DB, 1, 0, 1)])


def test_a_real_plc_is_not_steppable() -> None:
    real = S7Target("real", "127.0.0.1", 1)
    assert real.cycle_ns is None and real.stepper is None
    with pytest.raises(PlcError, match="runs on its own clock"):
        real.advance(MS)
    with pytest.raises(PlcError, match="cannot be saved"):
        real.snapshot()


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_servers_and_clients_meet_only_in_hil_wire() -> None:
    """Clients (hil.plc) import no soft PLC internals; servers (hil.softplc) import nothing of hil.plc;
    hil.wire imports neither (issue 14: one codec, used by both sides)."""
    hil = ROOT / "hil"
    for path in (hil / "plc").rglob("*.py"):
        assert not [m for m in _imports(path) if m.startswith("hil.softplc.") and "._" in m], path
    for path in (hil / "softplc").rglob("*.py"):
        assert not [m for m in _imports(path) if m.startswith("hil.plc")], path
    for path in (hil / "wire").rglob("*.py"):
        assert not [m for m in _imports(path) if m.startswith(("hil.plc", "hil.softplc"))], path
