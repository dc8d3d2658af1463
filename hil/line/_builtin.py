"""The built-in targets: soft PLCs of this package (in-process, over S7 or EtherNet/IP, on the wall
clock), soft PLCs stepped in another process, and real PLCs behind the write guard.

:func:`pytest_hil_make_target` is registered with pytest as a ``trylast`` implementation of the
``pytest_hil_make_target`` hook (as cocotb registers its built-in simulators), so a plugin's own
implementation runs first and wins by returning a target; outside pytest a :class:`~hil.line.Line`
calls it directly. The line owns what this module starts: it registers soft PLCs and remote
steppers with the line so that scenarios cold-restart them and the session stops them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

from hil.errors import ConfigError
from hil.plc import BaseTarget, GuardedTarget, InProcessTarget, LogixTarget, S7RemoteStepper, S7Target
from hil.rig import PlcSpec
from hil.softplc import LogixSoftPlc, S7SoftPlc

if TYPE_CHECKING:
    from hil.line._line import Line

__all__ = ["TARGET_KINDS", "pytest_hil_make_target"]

TARGET_KINDS = {
    "softplc": "built-in soft PLCs, reached over the real protocol on 127.0.0.1 (S7 via python-snap7)",
    "inprocess": "built-in soft PLCs, memory accessed directly without a wire (fastest; protocol not exercised)",
    "softplc-realtime": "built-in soft PLCs scanning on the wall clock, over S7; the kernel runs in real "
    "time as on a HIL rig (slow: for checking real-time behaviour)",
    "rig": "the rig file's real PLCs (host, rack, slot), in real time, behind the write guard; each must be "
    "marked test_rig = true",
}

# pytest's marker without importing pytest: the line is usable (CLI, benchmarks) without it.
_hookimpl = pluggy.HookimplMarker("pytest")


@_hookimpl(trylast=True)
def pytest_hil_make_target(spec: PlcSpec, target_kind: str, line: Line) -> BaseTarget:
    """The built-in target for ``spec`` under ``--hil-target target_kind`` (the line connects it; a soft PLC
    stepped in another process comes connected, as its stepper talks to it from the start)."""
    if target_kind == "rig":
        return _real_plc(spec, line)
    if spec.host is not None and spec.control_db is not None:
        return _remote_soft_plc(spec, line)
    if spec.program is None:
        raise ConfigError(f"PLC '{spec.name}' has no program for a built-in soft PLC; to test the real PLC at "
                          f"{spec.host}, run with --hil-target rig", where=spec.where)
    if spec.vendor == "logix":
        return _logix_soft_plc(spec, line)
    soft = S7SoftPlc(spec.tags, spec.program.load(), name=spec.name)
    line.adopt_soft_plc(spec.name, soft)
    if target_kind == "inprocess":
        return InProcessTarget(spec.name, soft)
    soft.serve()
    return S7Target(spec.name, "127.0.0.1", soft.port, stepper=None if line.real_time else soft)


def _logix_soft_plc(spec: PlcSpec, line: Line) -> BaseTarget:
    """A Logix soft PLC built from the rig's L5X, over EtherNet/IP + CIP (pycomm3) or in-process."""
    assert spec.program is not None
    program: Any = spec.program.load()  # a ControlProgram: the L5X's routines or a Python class
    soft = LogixSoftPlc(spec.project, program, name=spec.name)
    line.adopt_soft_plc(spec.name, soft)
    if line.target_kind == "inprocess":
        return InProcessTarget(spec.name, soft)
    soft.serve()
    stepper: Any = None if line.real_time else soft
    return LogixTarget(spec.name, "127.0.0.1", soft.port, stepper=stepper)


def _real_plc(spec: PlcSpec, line: Line) -> BaseTarget:
    """A real PLC: only with the rig's explicit test_rig opt-in, and behind the write guard."""
    if spec.host is None:
        raise ConfigError(f"PLC '{spec.name}' has no host; --hil-target rig tests real PLCs", where=spec.where)
    if not spec.test_rig:
        raise ConfigError(
            f"PLC '{spec.name}' at {spec.host} is a real PLC; the framework writes to it only if its rig file "
            "says test_rig = true (it may drive real machinery: see docs/rig-files.md)", where=spec.where)
    if line.rig.exchange_period_ns is None:
        raise ConfigError("a rig with real PLCs needs [rig] exchange_period = \"10 ms\"",
                          where=str(line.rig.path))
    inner: BaseTarget = (LogixTarget(spec.name, spec.host, spec.port, slot=spec.slot) if spec.vendor == "logix"
                     else S7Target(spec.name, spec.host, spec.port, rack=spec.rack, slot=spec.slot))
    guarded = GuardedTarget(inner, spec.writable, spec.where)
    unwritable = [w.tag.name for w in line.rig.wires if w.plc == spec.name and w.to_plc
                  and not guarded.allows(w.tag.name)]
    if unwritable:
        raise ConfigError(f"PLC '{spec.name}': the sensors wired to {', '.join(unwritable)} could not be written; "
                          "add them to writable", where=spec.where)
    return guarded


def _remote_soft_plc(spec: PlcSpec, line: Line) -> BaseTarget:
    """A soft PLC served by `hil softplc serve --clock virtual` elsewhere, stepped over S7."""
    if line.real_time:
        raise ConfigError(f"PLC '{spec.name}' is stepped through DB{spec.control_db}; it cannot run in real time")
    assert spec.host is not None and spec.control_db is not None
    target = S7Target(spec.name, spec.host, spec.port, rack=spec.rack, slot=spec.slot)
    target.connect()
    try:
        stepper = S7RemoteStepper(target, spec.control_db)
    except BaseException:
        target.close()
        raise
    target.attach_stepper(stepper)
    line.adopt_remote_stepper(stepper)
    return target
