"""Oven zone 2 control program: heater control and the over-temperature interlock (OVN-S6).

Stands in for the SCL function block until the Structured Text engine runs the SCL source itself;
it is written the way the FB is: inputs read once at the top of the scan, outputs written at the end.

Interlock: the zone trips when the independent limit relay opens (immediately) or when the zone
temperature is at or above the trip point for the confirmation time (filters sensor spikes). A trip
opens the heater contactor and latches the alarm, which a reset clears only once the cause is gone.
"""
from __future__ import annotations

from hil.softplc import ProgramIO
from hil.st import R_TRIG, TON
from hil.tags import TagTable
from hil.units import MS

TRIP_C = 165.0          # zone trip point, below the independent limit (175 °C) and far below NMP's AIT (245 °C)
TRIP_CONFIRM_NS = 200 * MS
KP = 10.0               # %/°C
KI = 0.5                # %/(°C·s): with the zone (2 °C/%, tau 120 s) the loop settles in about 45 s

TAGS = (
    "Oven.Zone2.TempPV", "Oven.Zone2.TempSP", "Oven.Zone2.LimitOK", "Oven.Cmd.Start", "Oven.Cmd.Reset",
    "Oven.Alarm.OverTemp", "Oven.Zone2.HeaterContactor", "Oven.Zone2.HeaterPower",
)


class OvenZoneProgram:
    """OB1 at 10 ms calling the zone FB."""

    cycle_ns = 10 * MS

    def __init__(self) -> None:
        self.reset()

    def check(self, tags: TagTable) -> None:
        for name in TAGS:
            tags[name]

    def reset(self) -> None:
        self.overtemp_timer = TON()
        self.reset_edge = R_TRIG()
        self.integral = 0.0

    def scan(self, io: ProgramIO, now_ns: int) -> None:
        pv = io["Oven.Zone2.TempPV"]
        sp = io["Oven.Zone2.TempSP"]
        start = io["Oven.Cmd.Start"]
        limit_ok = io["Oven.Zone2.LimitOK"]
        reset_pressed = self.reset_edge(io["Oven.Cmd.Reset"])

        hot = self.overtemp_timer(pv >= TRIP_C, TRIP_CONFIRM_NS, now_ns)
        cause = hot or not limit_ok
        alarm = io["Oven.Alarm.OverTemp"]
        if cause:
            alarm = True
        elif reset_pressed:
            alarm = False

        heater_on = start and not alarm
        power = 0.0
        if heater_on:
            error = sp - pv
            dt_s = self.cycle_ns * 1e-9
            self.integral = min(max(self.integral + KI * error * dt_s, 0.0), 100.0)  # anti-windup clamp
            power = min(max(KP * error + self.integral, 0.0), 100.0)
        else:
            self.integral = 0.0

        io["Oven.Alarm.OverTemp"] = alarm
        io["Oven.Zone2.HeaterContactor"] = heater_on
        io["Oven.Zone2.HeaterPower"] = power
