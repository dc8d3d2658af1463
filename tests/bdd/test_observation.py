"""Issue 13, classes 1-7 and 9: a pass must mean the interlock holds.

Each test runs a small scenario against a program with the bug the class is about, and fails on the
code before the observation model (which passed these scenarios).
"""
from __future__ import annotations

from collections.abc import Callable

import pytest

Project = Callable[..., pytest.RunResult]  # the 'project' fixture of tests/bdd/conftest.py

# The interlock is missing: the heater follows the start command even with the limit contact open.
NO_INTERLOCK = 'io["Zone.Heater"] = io["Cmd.Start"]'
# The interlock: the heater runs only while started and the limit contact is closed; the alarm latches.
INTERLOCK = '''
if not io["Zone.LimitOK"]:
    io["Plc.Alarm"] = True
io["Zone.Heater"] = io["Cmd.Start"] and not io["Plc.Alarm"]
'''


def test_class_1_a_check_right_after_the_stimulus_sees_the_scan_that_answered_it(project: Project) -> None:
    result = project(NO_INTERLOCK, """
        Feature: start with the limit open
          Scenario: the heater must not start
            Given zone.temperature is set to 185 °C
            When Cmd.Start is set to on
            Then Zone.Heater is off
        """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Zone.Heater is not off*", "*observed: on at t = 10 ms*"])


def test_class_1_within_is_not_decided_on_the_sample_before_the_scan(project: Project) -> None:
    result = project(NO_INTERLOCK, """
        Feature: start with the limit open
          Scenario: the heater must not start
            Given zone.temperature is set to 185 °C
            When Cmd.Start is set to on
            Then Zone.Heater is off within 500 ms
        """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Zone.Heater was not off within 500 ms*"])


def test_class_1_a_within_that_held_before_the_stimulus_is_listed_and_fails_under_strict(project: Project) -> None:
    feature = """
        Feature: start with the limit open
          Scenario: the heater stays off
            Given zone.temperature is set to 185 °C
            And I wait 50 ms
            When Cmd.Start is set to on
            Then Zone.Heater is off within 500 ms
        """
    listed = project(INTERLOCK, feature)
    listed.assert_outcomes(passed=1)
    listed.stdout.fnmatch_lines(["*judging steps decided at their first sample*",
                                 "zone.feature:6: Then Zone.Heater is off within 500 ms: Zone.Heater was already off*"])
    strict = project(INTERLOCK, feature, "--hil-strict")
    strict.assert_outcomes(failed=1)
    strict.stdout.fnmatch_lines(["*VacuousCheck: zone.feature:6: decided at its first sample*"])


def test_class_2_a_never_while_whose_condition_never_held_is_an_error(project: Project) -> None:
    result = project(NO_INTERLOCK, """
        Feature: the interlock
          Scenario: no heating while the alarm is on
            Given Cmd.Start is set to on
            When zone.temperature is set to 185 °C
            Then Zone.Heater never becomes on while Plc.Alarm is on
        """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*VacuousCheck*'Plc.Alarm is on' did not hold*so no scan was checked*"])


def test_class_2_a_stays_shorter_than_a_scan_is_an_error(project: Project) -> None:
    result = project(INTERLOCK, """
        Feature: the interlock
          Scenario: the heater stays off
            Given zone.temperature is set to 185 °C
            And I wait 50 ms
            Then Zone.Heater stays off for 5 ms
        """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*VacuousCheck*5 ms is shorter than one scan of PLC p (10 ms)*"])


def test_class_3_a_monitor_is_judged_after_the_last_step(project: Project) -> None:
    result = project(NO_INTERLOCK, """
        Feature: the interlock
          Scenario: the heater never runs with the limit open
            Given zone.temperature is set to 185 °C
            And throughout the scenario Zone.Heater is off
            When Cmd.Start is set to on
        """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*throughout the scenario Zone.Heater is off: broken at t = 10 ms*"])


def test_class_3_a_monitor_that_saw_no_scan_is_an_error(project: Project) -> None:
    result = project(INTERLOCK, """
        Feature: the interlock
          Scenario: nothing checked
            Given zone.temperature is set to 185 °C
            And I wait 50 ms
            Then throughout the scenario Zone.Heater is off
        """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*VacuousCheck: zone.feature:5: 'Then throughout the scenario Zone.Heater is off' "
                                 "was checked on no complete scan*"])


TWO_PLCS = """
[plc.slow]
tags = "tags.csv"
program = "program.py:Program"

[plc.fast]
tags = "fast.csv"
program = "fast.py:Fast"

[plant.zone]
model = "oven_zone"
parameters = { initial_c = "100 °C", tau_s = "100 s" }

[wires]
"zone.temperature" = { tag = "Zone.TempRaw", scale = "s7-4-20mA", range = ["0 °C", "400 °C"] }
"zone.limit_ok" = "Zone.LimitOK"
"zone.heater_on" = "Zone.Heater"
"""

FAST = '''
class Fast:
    cycle_ns = 4_000_000
    def check(self, tags): pass
    def reset(self): pass
    def scan(self, io, now_ns):
        io["Fast.Scans"] = io["Fast.Scans"] + 1
'''


def test_class_4_after_one_scan_counts_scans_of_the_plc_that_owns_the_tag(project: Project,
                                                                          pytester: pytest.Pytester) -> None:
    (pytester.path / "fast.csv").write_text("name,address,type,direction\nFast.Scans,DB2.DBD0,DINT,memory\n",
                                            encoding="utf-8")
    (pytester.path / "fast.py").write_text(FAST, encoding="utf-8")
    # A 10 ms PLC beside a 4 ms one: the kernel cycles every 2 ms; one scan of 'slow' is 10 ms.
    result = project(NO_INTERLOCK, """
        Feature: two PLCs
          Scenario: the slow PLC answers in one of its own scans
            When slow:Cmd.Start is set to on
            Then slow:Zone.Heater is off after 1 scan
        """, rig=TWO_PLCS)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Zone.Heater was not off after 1 scans*", "*observed: on at t = 10 ms*"])


def test_class_7_a_step_may_not_set_a_plc_output(project: Project) -> None:
    result = project(NO_INTERLOCK, """
        Feature: writing an output
          Scenario: a step sets what the program writes
            When Zone.Heater is set to on
            Then Zone.Heater is on
        """)
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*zone.feature:3: 'Zone.Heater' is an output of PLC 'p': the PLC program writes it, "
                                 "so a step may not set it*"])


def test_class_9_back_to_back_writes_keep_their_edges(project: Project) -> None:
    result = project(NO_INTERLOCK, """
        Feature: an operator pressing twice
          Scenario: two presses at one instant are two edges
            When Cmd.Start is pressed
            And Cmd.Start is released
            And Cmd.Start is pressed
            And Cmd.Start is released
            Then Plc.Edges is 2
        """)
    result.assert_outcomes(passed=1)


# The heater closes for exactly one scan, the sixth: its result is sampled at cycle 6, an exchange
# 'every 2nd exchange ... is lost' drops.
ONE_SCAN_CLOSURE = 'io["Zone.Heater"] = io["Plc.Scans"] == 6'


def test_class_5_a_one_scan_closure_on_a_lost_exchange_is_seen(project: Project) -> None:
    result = project(ONE_SCAN_CLOSURE, """
        Feature: a lossy exchange
          Scenario: the heater never closes
            Given every 2nd exchange with PLC p is lost
            Then Zone.Heater stays off for 200 ms
        """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Zone.Heater did not stay off for 200 ms*", "*observed: on at t = 60 ms*"])


def test_class_6_a_stays_the_exchange_cannot_resolve_is_not_provable(project: Project) -> None:
    # The PLC scans every 1 ms, the rig exchanges every 10 ms: a one-scan dropout can fall between two
    # exchanges, so 'stays' cannot be proven on this target (until the judge reads the scan trace).
    result = project("pass", """
        Feature: real time
          Scenario: the heater stays off
            Then Zone.Heater stays off for 2 s
        """, "--hil-overrun-budget", "1000000", exchange_period="10 ms", cycle_ns=1_000_000, target="softplc-realtime")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*NotProvable*is not provable on this target: timing resolution: one exchange = 10 ms "
                                 "(PLC p scans every 1 ms; shorter events can be missed)*"])


@pytest.mark.parametrize("how", ["ini", "env"])
def test_strict_is_also_set_by_the_ini_file_and_the_environment(project: Project, pytester: pytest.Pytester,
                                                                 monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    if how == "ini":
        pytester.makeini("[pytest]\nhil_strict = true\n")
    else:
        monkeypatch.setenv("HIL_STRICT", "1")
    result = project(INTERLOCK, """
        Feature: start with the limit open
          Scenario: the heater stays off
            Given zone.temperature is set to 185 °C
            And I wait 50 ms
            When Cmd.Start is set to on
            Then Zone.Heater is off within 500 ms
        """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*VacuousCheck: zone.feature:6: decided at its first sample*(--hil-strict)*"])
