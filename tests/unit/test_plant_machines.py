"""Machine plant models against analytic results: calender, notching press, conveyor/AGV transfer."""
from __future__ import annotations

import pytest

from plant_models._reference.agv_transfer import AgvTransfer as RefAgv
from plant_models._reference.calender import Calender as RefCalender
from plant_models._reference.notching_press import NotchingPress as RefPress
from plant_models.agv_transfer import AgvTransfer
from plant_models.calender import Calender
from plant_models.notching_press import NotchingPress

MS = 1_000_000
CALENDERS = [pytest.param(Calender, id="compiled"), pytest.param(RefCalender, id="reference")]
PRESSES = [pytest.param(NotchingPress, id="compiled"), pytest.param(RefPress, id="reference")]
AGVS = [pytest.param(AgvTransfer, id="compiled"), pytest.param(RefAgv, id="reference")]


def _steps(model, n: int, dt_ns: int = MS) -> None:
    for _ in range(n):
        model.step(dt_ns)


# --- calender -----------------------------------------------------------------------------------
def _running_calender(cls, m_min: float, **params):
    calender = cls(**params)
    calender.drive_enable = calender.brake_release = calender.dump_valve_close = True
    calender.speed_sp = m_min
    calender.set_roll_speed(m_min)
    _steps(calender, 10)
    return calender


@pytest.mark.parametrize("cls", CALENDERS)
@pytest.mark.parametrize(("m_min", "delay_s", "decel"), [(80.0, 0.02, 10.0), (30.0, 0.05, 4.0), (100.0, 0.0, 12.0)])
def test_run_down_distance_is_v_t_plus_v2_over_2a(cls, m_min: float, delay_s: float, decel: float) -> None:
    calender = _running_calender(cls, m_min, brake_delay_s=delay_s, brake_decel_m_s2=decel, coast_decel_m_s2=0.1)
    calender.drive_enable = calender.brake_release = False  # nip trip: STO and brake drop together
    _steps(calender, 3000)
    v = m_min / 60.0
    v_at_brake = v - 0.1 * delay_s  # the rolls coast during the brake delay
    expected = (v + v_at_brake) / 2 * delay_s + v_at_brake**2 / (2 * (decel + 0.1))
    assert calender.standstill
    assert calender.stop_distance_m == pytest.approx(expected, abs=2e-3)  # within one 1 ms step of travel
    assert calender.stop_time_s == pytest.approx(delay_s + v_at_brake / (decel + 0.1), abs=2e-3)


@pytest.mark.parametrize("cls", CALENDERS)
def test_stop_meets_29_cfr_1910_216_at_80_m_min(cls) -> None:
    calender = _running_calender(cls, 80.0)
    calender.trip_bar_pressed = True
    calender.step(MS)
    assert not calender.trip_bar_a and not calender.trip_bar_b
    calender.drive_enable = calender.brake_release = calender.dump_valve_close = False  # the PLC's reaction
    _steps(calender, 2000)
    fpm = 80.0 / 0.3048
    assert calender.stop_distance_m * 1000.0 <= 0.0175 * fpm * 25.4  # 1.75 % of fpm, in inches -> mm
    calender.enable_fault("brake_worn", 0.3)
    calender.drive_enable = calender.brake_release = True
    calender.set_roll_speed(80.0)
    calender.step(MS)
    calender.drive_enable = calender.brake_release = False
    _steps(calender, 3000)
    assert calender.stop_distance_m * 1000.0 > 0.0175 * fpm * 25.4  # a worn brake fails the oracle


@pytest.mark.parametrize("cls", CALENDERS)
def test_hydraulic_pressure_builds_and_dumps(cls) -> None:
    calender = cls()
    calender.dump_valve_close = True
    calender.valve_command = 100.0
    _steps(calender, 500)
    assert calender.pressure_bar == pytest.approx(250.0, rel=1e-3)  # the supply pressure
    assert calender.force_kn == pytest.approx(250e5 * 0.05 / 1000.0, rel=1e-3)
    assert calender.gap_mm == pytest.approx(0.4 - 250e5 * 0.05 / 5e9 * 1000.0, rel=1e-3)
    assert not calender.overpressure
    calender.valve_command = 0.0
    calender.dump_valve_close = False
    _steps(calender, 100)
    assert calender.dump_valve_open and calender.pressure_bar < 5.0  # nip opened within 100 ms
    calender.enable_fault("pressure_sensor_stuck")
    calender.dump_valve_close = True
    calender.valve_command = 100.0
    _steps(calender, 500)
    assert calender.pressure_bar < 5.0 and calender.force_kn > 1000.0  # the transmitter lies


@pytest.mark.parametrize("cls", CALENDERS)
def test_guard_lock_holds_until_released(cls) -> None:
    calender = _running_calender(cls, 20.0)
    calender.door_open_request = True
    _steps(calender, 100)
    assert calender.door_closed and calender.door_locked and not calender.unsafe_access
    calender.enable_fault("door_forced")
    calender.step(MS)
    assert not calender.door_closed and calender.unsafe_access  # forced open while the rolls turn


@pytest.mark.parametrize("cls", CALENDERS)
def test_seized_roll_stops_and_faults_the_drive(cls) -> None:
    calender = _running_calender(cls, 50.0)
    calender.enable_fault("seized_roll")
    calender.step(MS)
    assert calender.roll_speed == 0.0 and calender.drive_fault


# --- notching press -----------------------------------------------------------------------------
def _stroking_press(cls, **params):
    press = cls(**params)
    press.motor_on = press.clutch_a = press.clutch_b = True
    press.set_crank(0.0, 120.0)
    _steps(press, 200)
    return press


@pytest.mark.parametrize("cls", PRESSES)
@pytest.mark.parametrize("extra_s", [0.0, 0.05])
def test_stopping_time_is_delay_plus_w_over_a(cls, extra_s: float) -> None:
    press = _stroking_press(cls)
    if extra_s:
        press.enable_fault("stop_time_degradation", extra_s)
    omega = press.crank_speed_spm * 6.0
    press.clutch_b = False
    _steps(press, 1000)
    assert press.standstill
    assert press.last_stop_time_s == pytest.approx(0.02 + extra_s + omega / 7200.0, abs=1.5e-3)


@pytest.mark.parametrize("cls", PRESSES)
def test_light_curtain_responds_after_its_response_time(cls) -> None:
    press = cls(lc_response_s=0.015)
    press.step(MS)
    press.intrusion = True
    times = []
    for ms in range(1, 40):
        press.step(MS)
        times.append((ms, press.ossd1, press.ossd2))
    first_off = next(ms for ms, a, b in times if not a and not b)
    assert first_off == 15


@pytest.mark.parametrize("cls", PRESSES)
@pytest.mark.parametrize(("distance_mm", "injured"), [(400.0, False), (150.0, True)])
def test_iso_13855_distance_decides_whether_the_hand_reaches_the_die(cls, distance_mm: float, injured: bool) -> None:
    # S = K T: T = 15 ms curtain + 1 ms PLC + stop time (20 ms + 120 spm * 6 / 7200 s) = 136 ms -> 272 mm.
    press = _stroking_press(cls, safety_distance_mm=distance_mm)
    while not 10.0 < press.crank_angle < 20.0:  # break the beam early in the closing stroke
        press.step(MS)
    press.intrusion = True
    for _ in range(500):
        press.step(MS)
        if not press.ossd1:  # the PLC under test: OSSD off -> release the clutch valves
            press.clutch_a = press.clutch_b = False
    assert press.hand_injury is injured


@pytest.mark.parametrize("cls", PRESSES)
def test_safety_faults_show_on_the_inputs(cls) -> None:
    press = cls()
    press.intrusion = True
    press.enable_fault("ossd_stuck_high")
    _steps(press, 30)
    assert not press.ossd1 and press.ossd2  # discrepancy
    press.clear_fault("ossd_stuck_high")
    press.intrusion = False
    press.enable_fault("ossd_cross_short")
    _steps(press, 30)
    assert not press.ossd1 and not press.ossd2
    press.enable_fault("two_hand_button_stuck")
    press.step(MS)
    assert press.two_hand_left and not press.two_hand_right


@pytest.mark.parametrize("cls", PRESSES)
def test_one_stuck_clutch_valve_still_stops_the_press(cls) -> None:
    press = _stroking_press(cls)
    press.enable_fault("clutch_valve_stuck")
    press.clutch_a = False
    _steps(press, 10)
    assert press.clutch_engaged
    press.clutch_b = False
    _steps(press, 500)
    assert press.standstill and not press.clutch_engaged


# --- conveyor / AGV transfer --------------------------------------------------------------------
@pytest.mark.parametrize("cls", AGVS)
@pytest.mark.parametrize(("v", "brake", "reaction"), [(1.0, 1.0, 0.1), (1.5, 2.0, 0.2)])
def test_agv_braking_distance(cls, v: float, brake: float, reaction: float) -> None:
    agv = cls(approach_m=50.0, agv_speed_m_s=v, agv_brake_m_s2=brake, agv_reaction_s=reaction, agv_accel_m_s2=1.0)
    agv.agv_dispatch = True
    _steps(agv, 10000)
    assert agv.agv_speed == pytest.approx(v)
    agv.person_in_field = True
    _steps(agv, 5000)
    assert agv.agv_speed == 0.0 and agv.agv_state == 1
    assert agv.agv_stop_distance_m == pytest.approx(v * reaction + v * v / (2 * brake), abs=2e-3)


def _docked(cls):
    agv = cls(approach_m=2.0)
    agv.agv_dispatch = agv.conveyor_run = True
    _steps(agv, 20000)
    assert agv.agv_in_pos and agv.agv_state == 2
    return agv


@pytest.mark.parametrize("cls", AGVS)
def test_handshake_transfers_the_carrier(cls) -> None:
    agv = _docked(cls)
    agv.station_ready = agv.transfer_active = True
    heartbeat = False
    for ms in range(6000):
        if ms % 100 == 0:
            heartbeat = not heartbeat
            agv.station_heartbeat = heartbeat
        agv.step(MS)
        if agv.agv_transfer_done:
            break
    assert agv.agv_transfer_done and agv.carriers_on_conveyor == 1 and not agv.carrier_on_agv
    _steps(agv, 15000)
    assert agv.carrier_positions() == [pytest.approx(3.0 - 0.3)] and agv.pe_stop  # at the stopper
    agv.stopper_up = False
    _steps(agv, 5000)
    assert agv.delivered == 1 and agv.carriers_on_conveyor == 0


@pytest.mark.parametrize("cls", AGVS)
def test_heartbeat_loss_holds_without_automatic_restart(cls) -> None:
    agv = _docked(cls)
    agv.station_ready = agv.transfer_active = True
    agv.station_heartbeat = True
    agv.step(MS)
    assert agv.agv_rollers_running
    agv.enable_fault("comm_loss")
    held_at = None
    for ms in range(1000):
        agv.station_heartbeat = (ms // 100) % 2 == 0  # the station keeps toggling: the link is lost
        agv.step(MS)
        if agv.agv_fault and held_at is None:
            held_at = ms
    assert held_at is not None and held_at <= 501
    assert not agv.agv_rollers_running
    agv.clear_fault("comm_loss")
    for ms in range(1000):
        agv.station_heartbeat = (ms // 100) % 2 == 0
        agv.step(MS)
    assert agv.agv_fault  # the link is back, but no automatic restart
    agv.agv_reset = True
    agv.step(MS)
    assert not agv.agv_fault


@pytest.mark.parametrize("cls", AGVS)
def test_jam_trips_the_motor_and_eyes_see_carriers(cls) -> None:
    agv = cls()
    agv.add_carrier(0.5)
    agv.conveyor_run = True
    agv.enable_fault("conveyor_jam")
    _steps(agv, 2100)
    assert agv.motor_overload and agv.carrier_positions() == [0.5] and agv.pe_entry
    with pytest.raises(ValueError, match="overlap"):
        agv.add_carrier(0.3)
