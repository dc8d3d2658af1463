"""Process plant models against analytic results: coater oven, slurry mixer, electrolyte filling, dry room."""
from __future__ import annotations

import math

import pytest

from plant_models._reference.coater_oven import CoaterOven as RefCoater
from plant_models._reference.dry_room import DryRoom as RefDryRoom
from plant_models._reference.electrolyte_filling import ElectrolyteFilling as RefFilling
from plant_models._reference.slurry_mixer import SlurryMixer as RefMixer
from plant_models.coater_oven import CoaterOven, zone_signals
from plant_models.dry_room import DryRoom, dew_point, humidity_ratio
from plant_models.electrolyte_filling import ElectrolyteFilling
from plant_models.slurry_mixer import SlurryMixer

MS = 1_000_000
SECOND = 1_000_000_000
COATERS = [pytest.param(CoaterOven, id="compiled"), pytest.param(zone_signals(RefCoater), id="reference")]
MIXERS = [pytest.param(SlurryMixer, id="compiled"), pytest.param(RefMixer, id="reference")]
FILLERS = [pytest.param(ElectrolyteFilling, id="compiled"), pytest.param(RefFilling, id="reference")]
ROOMS = [pytest.param(DryRoom, id="compiled"), pytest.param(RefDryRoom, id="reference")]


def _run(model, seconds: float, dt_ms: int = 10) -> None:
    model.run(dt_ms * MS, round(seconds * 1000 / dt_ms))


# --- coater oven --------------------------------------------------------------------------------
@pytest.mark.parametrize("cls", COATERS)
@pytest.mark.parametrize("tau_s", [60.0, 300.0])
def test_zone_temperature_reaches_63_percent_at_tau(cls, tau_s: float) -> None:
    oven = cls(n_zones=3, tau_s=tau_s, ambient_c=25.0, max_rise_c=200.0)
    oven.heater_on = True
    oven.zone2_power = 50.0
    for _ in range(round(tau_s * 100)):
        oven.step(10 * MS)
    expected = 25.0 + 100.0 * (1.0 - math.exp(-1.0))  # 63.2 % of the 100 K step
    assert oven.zone2_temperature == pytest.approx(expected, abs=1e-9)
    assert oven.zone1_temperature == pytest.approx(25.0)


@pytest.mark.parametrize("cls", COATERS)
def test_vapour_reaches_steady_state_and_lfl(cls) -> None:
    oven = cls(n_zones=6, tau_s=60.0, initial_c=130.0, exhaust_m3_s=6.0)
    oven.set_zone_temperature(3, 130.0)
    oven.heater_on = oven.exhaust_fan_on = oven.recirc_fan_on = oven.coating_on = True
    for k in range(1, 7):
        oven.set_zone_power(k, 60.0)
    oven.web_speed_sp = 60.0
    for _ in range(15000):  # 1500 s: 25 thermal and 100 concentration time constants
        oven.step(100 * MS)
    evap = oven.zone_evaporation(3)
    q_zone = oven.exhaust_flow / 6
    assert oven.web_speed == 60.0
    assert oven.zone_concentration(3) == pytest.approx(1000.0 * evap / q_zone, rel=1e-6)
    t = oven.zone_true_temperature(3)
    assert oven.zone_true_lfl(3) == pytest.approx(100.0 * oven.zone_concentration(3) / (53.0 * (1 - 0.000721 * (t - 25))))
    assert oven.zone3_lfl == pytest.approx(oven.zone_true_lfl(3), rel=1e-3)  # analyser settled
    assert 0.0 <= oven.residual_nmp < 0.05


@pytest.mark.parametrize("cls", COATERS)
def test_damper_slam_raises_lfl_with_the_longer_time_constant(cls) -> None:
    # battery-line §2.2: exhaust damper to 20 % -> concentration steady state x5, tau' = 5 V/Q.
    oven = cls(n_zones=1, zone_volume_m3=12.5, exhaust_m3_s=1.0, damper_min_pct=0.0, damper_tau_s=1e-3,
               fan_tau_s=1e-3, heater_kw=400.0, initial_c=200.0, tau_s=60.0)
    oven.exhaust_fan_on = oven.recirc_fan_on = oven.heater_on = oven.coating_on = True
    oven.zone1_power = 100.0
    oven.web_speed_sp = 6.0  # 0.01 kg/s of NMP
    _run(oven, 1200.0, 100)
    c0 = oven.zone_concentration(1)
    assert c0 == pytest.approx(1000.0 * 0.01 / 1.0, rel=1e-6)  # c = m_evap / Q, all evaporated above 120 °C
    oven.exhaust_damper = 20.0
    _run(oven, 62.5, 1)  # tau' = 12.5 m³ / 0.2 m³/s
    assert oven.zone_concentration(1) == pytest.approx(5 * c0 + (c0 - 5 * c0) * math.exp(-1.0), rel=1e-3)


@pytest.mark.parametrize("cls", COATERS)
def test_purge_counts_oven_volumes_with_proven_airflow(cls) -> None:
    oven = cls(n_zones=4, zone_volume_m3=25.0, exhaust_m3_s=10.0, fan_tau_s=1e-3)
    oven.exhaust_fan_on = oven.recirc_fan_on = True
    for _ in range(400):  # 40 s at 10 m³/s through 100 m³: 4 volumes (battery-line §2.2 example)
        oven.step(100 * MS)
    assert oven.exhaust_proven and oven.recirc_proven
    assert oven.purge_volumes == pytest.approx(4.0, rel=1e-3)
    oven.enable_fault("exhaust_belt_broken")
    oven.step(100 * MS)
    assert oven.exhaust_running and not oven.exhaust_proven  # motor turning is not airflow
    assert oven.purge_volumes == 0.0


@pytest.mark.parametrize("cls", COATERS)
def test_excess_temperature_limit_latches_until_manual_reset(cls) -> None:
    oven = cls(n_zones=1, tau_s=10.0, limit_c=160.0, limit_hysteresis_c=5.0)
    oven.enable_fault("heater_contactor_welded")  # the contactor is commanded open but heats anyway
    oven.zone1_power = 100.0
    oven.step(MS)
    assert oven.heater_feedback is False  # EDM mirror contact open: welded
    for _ in range(600):
        oven.step(100 * MS)
    assert not oven.zone1_limit_ok
    oven.clear_fault("heater_contactor_welded")
    for _ in range(600):
        oven.step(100 * MS)
    assert oven.zone1_temperature < 100.0 and not oven.zone1_limit_ok  # cooled, still latched
    oven.limit_reset = True
    oven.step(100 * MS)
    assert oven.zone1_limit_ok


@pytest.mark.parametrize("cls", COATERS)
def test_sample_line_blocked_reads_zero(cls) -> None:
    oven = cls(n_zones=1)
    oven.set_zone_temperature(1, 150.0)
    oven.exhaust_fan_on = oven.recirc_fan_on = oven.coating_on = oven.heater_on = True
    oven.zone1_power = 60.0
    oven.web_speed_sp = 60.0
    _run(oven, 60.0, 100)
    assert oven.zone1_lfl > 5.0
    oven.enable_fault("lfl_sample_blocked")
    _run(oven, 20.0, 100)
    assert oven.zone1_lfl < 0.01 and oven.zone_true_lfl(1) > 5.0


# --- slurry mixer -------------------------------------------------------------------------------
@pytest.mark.parametrize("cls", MIXERS)
def test_mixer_pump_down_time(cls) -> None:
    mixer = cls(vessel_volume_m3=2.0, pump_speed_m3_s=0.05, leak_pa_m3_s=0.0)
    mixer.vacuum_pump_on = mixer.vacuum_valve = True
    t = 2.0 / 0.05 * math.log(101.325 / 5.0)  # (V/S) ln(p0/p1) to 5 kPa
    steps = round(t / 0.01)
    for _ in range(steps):
        mixer.step(10 * MS)
    assert mixer.pressure_kpa == pytest.approx(101.325 * math.exp(-0.05 / 2.0 * steps * 0.01), rel=1e-9)
    assert mixer.pressure_kpa == pytest.approx(5.0, rel=2e-4)
    assert mixer.o2_true_pct == pytest.approx(20.9)  # pumping does not change the composition


@pytest.mark.parametrize("cls", MIXERS)
def test_vacuum_nitrogen_swing_dilutes_oxygen(cls) -> None:
    mixer = cls(leak_pa_m3_s=0.0, n2_flow_m3_s=0.05, pump_speed_m3_s=0.1)
    mixer.vacuum_pump_on = True
    for _cycle in range(2):
        mixer.vacuum_valve, mixer.n2_valve = True, False
        while mixer.pressure_kpa > 10.0:
            mixer.step(10 * MS)
        p_low = mixer.pressure_kpa
        mixer.vacuum_valve, mixer.n2_valve = False, True
        x_before = mixer.o2_true_pct
        for _ in range(6000):
            mixer.step(10 * MS)
        # x p is conserved while N2 (no O2) fills: x_n = x_0 p_low / p_high.
        assert mixer.o2_true_pct == pytest.approx(x_before * p_low / mixer.pressure_kpa, rel=1e-3)
    assert mixer.o2_true_pct < 0.3


@pytest.mark.parametrize("cls", MIXERS)
def test_continuous_purge_decays_exponentially(cls) -> None:
    mixer = cls(vessel_volume_m3=1.0, n2_flow_m3_s=0.01, vent_conductance_m3_s=1e-3, leak_pa_m3_s=0.0)
    mixer.set_pressure_kpa(108.0)
    mixer.n2_valve = mixer.vent_valve = True
    for _ in range(10000):  # 100 s: settle the regulator against the vent
        mixer.step(10 * MS)
    x0, p = mixer.o2_true_pct, mixer.pressure_kpa
    q_out = 1e-3 * (p - 101.325) / 101.325  # vent flow at atmospheric volume, m³/s
    for _ in range(10000):
        mixer.step(10 * MS)
    assert mixer.o2_true_pct == pytest.approx(x0 * math.exp(-q_out * 101.325 / p * 100.0), rel=2e-2)


@pytest.mark.parametrize("cls", MIXERS)
def test_shear_heating_steady_state(cls) -> None:
    mixer = cls(batch_kg=10.0, ua_w_k=2000.0, jacket_tau_s=1.0)  # M c_p / UA = 10 s
    mixer.planetary_enable = mixer.disperser_enable = True
    mixer.planetary_sp_rpm, mixer.disperser_sp_rpm = 40.0, 1500.0
    _run(mixer, 400.0, 100)
    power_w = mixer.shear_power_kw * 1000.0
    w_p, w_d = 40.0 * math.pi / 30.0, 1500.0 * math.pi / 30.0
    assert power_w == pytest.approx(20.0 * (40.0 * w_p**2 + 0.02 * w_d**2), rel=1e-9)
    assert mixer.slurry_c == pytest.approx(mixer.jacket_c + power_w / 2000.0, rel=1e-9)
    assert mixer.temp_high == (mixer.slurry_c >= 45.0)


@pytest.mark.parametrize("cls", MIXERS)
def test_lid_cannot_rise_while_locked(cls) -> None:
    mixer = cls(lid_travel_s=1.0)
    mixer.lid_lock, mixer.lid_raise = True, True
    _run(mixer, 2.0)
    assert mixer.lid_locked and mixer.lid_closed_a and mixer.lid_closed_b
    mixer.lid_lock = False
    _run(mixer, 2.0)
    assert not mixer.lid_closed_b and mixer.pressure_kpa == pytest.approx(101.325)
    mixer.enable_fault("lid_switch_stuck")
    mixer.step(10 * MS)
    assert mixer.lid_closed_a and not mixer.lid_closed_b  # discrepancy for the PLC to catch


# --- electrolyte filling ------------------------------------------------------------------------
@pytest.mark.parametrize("cls", FILLERS)
def test_chamber_pump_down_matches_v_over_s_ln(cls) -> None:
    filler = cls(chamber_volume_m3=0.2, pump_speed_m3_s=100.0 / 3600.0, leak_pa_m3_s=0.0)
    filler.vacuum_pump_on = filler.vacuum_valve = True
    t = 0.2 / (100.0 / 3600.0) * math.log(1013.25 / 10.0)
    assert t == pytest.approx(33.2, abs=0.1)  # battery-line §2.8 example: 1013 -> 10 mbar in about 33 s
    steps = 0
    while filler.pressure_mbar > 10.0:
        filler.step(MS)
        steps += 1
    assert steps * 1e-3 == pytest.approx(t, abs=2e-3)


@pytest.mark.parametrize("cls", FILLERS)
def test_leak_sets_the_ultimate_pressure(cls) -> None:
    filler = cls(chamber_volume_m3=0.2, pump_speed_m3_s=0.02, leak_pa_m3_s=0.01)
    filler.vacuum_pump_on = filler.vacuum_valve = True
    _run(filler, 600.0, 100)
    assert filler.pressure_mbar == pytest.approx(0.01 / 0.02 / 100.0, rel=1e-6)  # p_ult = q / S
    filler.enable_fault("chamber_leak", 0.09)
    _run(filler, 600.0, 100)
    assert filler.pressure_mbar == pytest.approx(0.1 / 0.02 / 100.0, rel=1e-6)


@pytest.mark.parametrize("cls", FILLERS)
def test_door_is_held_shut_by_vacuum_and_lock(cls) -> None:
    filler = cls()
    filler.vacuum_pump_on = filler.vacuum_valve = True
    _run(filler, 10.0)
    filler.door_open_request = True
    _run(filler, 1.0)
    assert filler.door_closed  # unlocked, but 100s of mbar below atmosphere hold it shut
    filler.vacuum_valve, filler.vent_valve = False, True
    filler.door_lock = True
    _run(filler, 300.0)  # 15 vent time constants (V / C_v = 20 s)
    assert filler.door_closed and filler.door_locked
    filler.door_lock = False
    filler.step(10 * MS)
    assert not filler.door_closed


@pytest.mark.parametrize("cls", FILLERS)
def test_dosing_integrates_and_overfills_with_a_stuck_valve(cls) -> None:
    filler = cls(dosing_ml_s=4.0, density_g_ml=1.25)
    filler.dosing_pump_on = filler.needle_valve = True
    _run(filler, 10.0, 1)
    assert filler.dosed_g == pytest.approx(50.0, rel=1e-9) and filler.total_g == pytest.approx(50.0, rel=1e-9)
    filler.enable_fault("needle_valve_stuck_open")
    filler.needle_valve = filler.dosing_pump_on = False
    _run(filler, 10.0, 1)
    assert filler.dosed_g == pytest.approx(55.0, rel=1e-9)  # head flow goes on: the post-weigh sees it
    assert filler.cell_mass_g == pytest.approx(1555.0)


@pytest.mark.parametrize("cls", FILLERS)
def test_spill_raises_lel_and_hf(cls) -> None:
    filler = cls(pool_evap_tau_s=100.0, extraction_m3_s=0.1)
    filler.extraction_on = True
    filler.enable_fault("electrolyte_spill", 0.5)
    _run(filler, 2000.0, 100)
    # Pool and enclosure at steady state: evaporation = spill rate.
    assert filler.tray_g == pytest.approx(50.0, rel=1e-2) and filler.leak_tray is (filler.tray_g >= 50.0)
    assert filler.lel_pct == pytest.approx(100.0 * 0.5 / 0.1 / 110.0, rel=1e-2)
    assert filler.hf_ppm == pytest.approx(0.5 * 2.0 / 0.1 / 0.818, rel=1e-2)
    filler.enable_fault("hf_sensor_dead")
    filler.step(MS)
    assert filler.hf_ppm == -0.25


# --- dry room -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("td", "g_kg"), [(-35.0, 0.137), (-40.0, 0.079), (-50.0, 0.024), (-60.0, 0.0066)])
def test_humidity_ratio_matches_the_reference_table(td: float, g_kg: float) -> None:
    assert humidity_ratio(td) * 1000.0 == pytest.approx(g_kg, rel=0.02)
    assert dew_point(humidity_ratio(td)) == pytest.approx(td, abs=1e-9)


@pytest.mark.parametrize("cls", ROOMS)
def test_people_load_sets_the_steady_humidity(cls) -> None:
    room = cls(room_volume_m3=1000.0, supply_m3_s=10.0, dehumidifier_tau_s=1.0, permeation_g_h=0.0)
    room.supply_fan_on = room.dehumidifier_on = True
    room.people = 8
    _run(room, 3600.0, 100)
    w_s = humidity_ratio(-60.0)
    expected = w_s + 8 * 75.0 / 3.6e6 / (1.2 * 10.0)  # W = W_s + G / (rho Q)
    assert room.humidity_g_kg / 1000.0 == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("cls", ROOMS)
def test_room_humidity_lags_with_v_over_q(cls) -> None:
    room = cls(room_volume_m3=1000.0, supply_m3_s=10.0, permeation_g_h=0.0, initial_dp_c=-40.0,
               dehumidifier_dp_c=-40.0)
    room.set_dew_point(-30.0)
    room.supply_fan_on = room.dehumidifier_on = True
    w0, w_s = humidity_ratio(-30.0), humidity_ratio(-40.0)
    _run(room, 100.0, 100)  # V/Q = 100 s
    assert room.humidity_g_kg / 1000.0 == pytest.approx(w_s + (w0 - w_s) * math.exp(-1.0), rel=1e-6)


@pytest.mark.parametrize("cls", ROOMS)
def test_airlock_locks_and_open_doors_bring_moisture(cls) -> None:
    room = cls(room_volume_m3=200.0)
    room.supply_fan_on = room.dehumidifier_on = True
    room.door_b_lock = True
    room.door_a_request = room.door_b_request = True
    _run(room, 30.0, 100)
    assert not room.door_a_closed and room.door_b_closed and not room.airlock_breach
    dry = room.true_dew_point_c
    room.enable_fault("door_b_lock_failed")
    _run(room, 60.0, 100)
    assert room.airlock_breach and room.room_dp_pa == 0.0
    assert room.true_dew_point_c > dry + 5.0
