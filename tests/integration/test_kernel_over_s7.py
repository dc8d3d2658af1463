"""The lockstep kernel driving the oven rig over the S7 wire: the same verdicts and traces as in-process."""
from __future__ import annotations

import hashlib
import struct

import pytest

from hil.bdd import CheckNever, ScenarioContext, VacuousCheck, parse_condition, parse_expectation
from hil.errors import ConfigError, ScenarioFailure
from hil.kernel import Delay, Kernel, Trace
from hil.line import Line
from hil.rig import Rig
from hil.units import MS


def _oven_trip(context: ScenarioContext) -> int:
    """The trip scenario of features/oven; returns the contactor's reaction time in ns."""
    context.set("Oven.Zone2.TempSP", "140 °C")
    context.set("zone2.temperature", "140 °C")
    context.set("Oven.Cmd.Start", "on")
    context.expect_within("Oven.Zone2.HeaterContactor", "on", "100 ms")
    context.set("zone2.temperature", "185 °C")
    reaction = context.expect_within("Oven.Zone2.HeaterContactor", "off", "1 s")
    context.expect_stays("Oven.Alarm.OverTemp", "on", "2 s")
    return reaction


def _digest(trace: Trace) -> str:
    """A hash of every sample, bit for bit (floats by their IEEE-754 bytes)."""
    digest = hashlib.sha256()
    for key in sorted(trace.columns):
        digest.update(key.encode())
        for value in trace.columns[key]:
            digest.update(b"-" if value is None else struct.pack(">d", float(value)))
    digest.update(struct.pack(f">{len(trace.times_ns)}q", *trace.times_ns))
    return digest.hexdigest()


def test_the_trip_scenario_runs_over_the_s7_wire(oven_line: Line) -> None:
    soft = oven_line.soft_plcs["oven"]
    reads_before, writes_before = soft.requests.snapshot()
    kernel = oven_line.new_kernel()
    reaction = _oven_trip(ScenarioContext(kernel))
    reads, writes = soft.requests.snapshot()
    # Every cycle reads the PLC's outputs and writes the sensors through the server.
    assert reads - reads_before >= kernel.cycle
    assert writes - writes_before >= kernel.cycle
    # The relay opens in the plant step after the set, the scan of that cycle trips, the next sample sees it.
    assert reaction == kernel.cycle_ns


def test_traces_are_identical_over_the_wire_and_in_process_and_repeatable(oven_rig: Rig, oven_line: Line) -> None:
    digests = []
    for _ in range(2):
        kernel = oven_line.new_kernel()
        _oven_trip(ScenarioContext(kernel))
        digests.append(_digest(kernel.trace))
    with Line(oven_rig, "inprocess") as in_process:
        kernel = in_process.new_kernel()
        _oven_trip(ScenarioContext(kernel))
        digests.append(_digest(kernel.trace))
    assert digests[0] == digests[1] == digests[2]


def test_a_broken_interlock_fails_the_trip_scenario(broken_oven_rig: Rig) -> None:
    with Line(broken_oven_rig, "softplc") as line, pytest.raises(ScenarioFailure) as failure:
        _oven_trip(ScenarioContext(line.new_kernel()))
    assert str(failure.value).splitlines() == [
        "Oven.Zone2.HeaterContactor was not off within 1 s",
        "  expected: off",
        "  observed: on at t = 1.01 s (cycle 101, 1 s after the step began at t = 10 ms)",
        "  timing resolution: every scan of PLC oven (10 ms)",
    ]


def test_a_tag_the_plant_drives_cannot_be_set_from_a_step(oven_line: Line) -> None:
    context = ScenarioContext(oven_line.new_kernel())
    with pytest.raises(ConfigError, match=r"'Oven.Zone2.TempPV' is driven by plant signal 'zone2.temperature'"):
        context.set("Oven.Zone2.TempPV", "100 °C")


def test_the_kernel_cycles_at_the_programs_task_interval(oven_line: Line) -> None:
    kernel: Kernel = oven_line.new_kernel()
    kernel.run_for(1_000_000_000)
    assert (kernel.cycle_ns, kernel.cycle, kernel.now_ns) == (10_000_000, 100, 1_000_000_000)
    assert oven_line.soft_plcs["oven"].runtime.scans == 100


def test_steps_can_observe_plant_signals_no_wire_carries(oven_line: Line) -> None:
    """An oracle signal (here the contactor's mirror contact, not wired on this rig) is read from the model."""
    context = ScenarioContext(oven_line.new_kernel())
    context.set("Oven.Zone2.TempSP", "140 °C")
    context.set("zone2.temperature", "140 °C")
    context.set("Oven.Cmd.Start", "on")
    # The scan at 10 ms closes the contactor; the sample at 10 ms drives the plant with it and reads the mirror.
    assert context.expect_within("zone2.contactor_closed", "on", "100 ms") == 10_000_000
    assert "zone2.contactor_closed" in context.kernel.trace.columns


def test_never_while_judges_the_scan_where_cause_and_effect_change_together(oven_line: Line) -> None:
    context = ScenarioContext(oven_line.new_kernel())
    context.set("Oven.Zone2.TempSP", "140 °C")
    context.set("zone2.temperature", "140 °C")
    context.set("Oven.Cmd.Start", "on")
    context.expect_within("Oven.Zone2.HeaterContactor", "on", "100 ms")
    # Slow sensors: the PLC sees 185 °C 50 ms from now; then the alarm and the contactor change in one scan.
    context.kernel.inject(Delay("slow sensor", signal="zone2.temperature", delay_ns=50 * MS))
    context.kernel.inject(Delay("slow limit", signal="zone2.limit_ok", delay_ns=50 * MS))
    context.set("zone2.temperature", "185 °C")
    began = context.kernel.now_ns
    alarm_off = parse_condition("Oven.Alarm.OverTemp is off", context.resolve)
    contactor = context.resolve("Oven.Zone2.HeaterContactor")
    CheckNever(contactor, parse_expectation("off", contactor), alarm_off, None).run(context)  # no violation
    assert context.kernel.now_ns - began == 60 * MS  # the scan at +60 ms read 185 °C (the sensor's value at +50 ms)


def test_never_while_whose_condition_never_held_is_vacuous(oven_line: Line) -> None:
    context = ScenarioContext(oven_line.new_kernel())
    context.set("Oven.Zone2.TempSP", "140 °C")
    context.set("zone2.temperature", "140 °C")
    context.set("Oven.Cmd.Start", "on")
    context.expect_within("Oven.Zone2.HeaterContactor", "on", "100 ms")
    context.set("zone2.temperature", "185 °C")  # the alarm trips in the scan that answers this stimulus
    alarm_off = parse_condition("Oven.Alarm.OverTemp is off", context.resolve)
    contactor = context.resolve("Oven.Zone2.HeaterContactor")
    with pytest.raises(VacuousCheck, match="did not hold once the PLC had answered the last stimulus"):
        CheckNever(contactor, parse_expectation("on", contactor), alarm_off, None).run(context)
