"""Pure-Python twin of plant_models/_slurry_mixer.pyx (same equations, same order, same API)."""
from __future__ import annotations

import math

from plant_models._checks import require_non_negative, require_positive
from plant_models._reference._base import ReferenceModel, clamp, lag, ramp

F_O2_DRIFT, F_LID_SWITCH, F_N2_LOSS, F_PUMP_WELDED, F_TCU = range(5)
_P_ATM = 101325.0
_O2_AIR = 20.9
_N2_REG_PA = 110000.0
_RPM_TO_RAD_S = 0.10471975511965977


class SlurryMixer(ReferenceModel):
    """Vacuum planetary slurry mixer; see plant_models.slurry_mixer."""

    FAULTS = ("o2_analyser_drift", "lid_switch_stuck", "n2_supply_loss", "vacuum_pump_contactor_welded",
              "tcu_failure")

    def __init__(self, vessel_volume_m3: float = 1.0, pump_speed_m3_s: float = 0.03, leak_pa_m3_s: float = 0.5,
                 n2_flow_m3_s: float = 0.01, vent_conductance_m3_s: float = 0.05, batch_kg: float = 800.0,
                 cp_j_kg_k: float = 2000.0, ua_w_k: float = 400.0, jacket_tau_s: float = 180.0,
                 planetary_accel_rpm_s: float = 10.0, disperser_accel_rpm_s: float = 300.0,
                 coast_decel_rpm_s: float = 20.0, k_planetary: float = 40.0, k_disperser: float = 0.02,
                 viscosity_pa_s: float = 20.0, o2_tau_s: float = 2.0, lid_travel_s: float = 10.0,
                 ambient_c: float = 22.0, temp_switch_c: float = 45.0, noise_o2: float = 0.0, seed: int = 0) -> None:
        super().__init__()
        require_positive("slurry_mixer", vessel_volume_m3=vessel_volume_m3, batch_kg=batch_kg, cp_j_kg_k=cp_j_kg_k,
                         ua_w_k=ua_w_k, jacket_tau_s=jacket_tau_s, o2_tau_s=o2_tau_s,
                         lid_travel_s=lid_travel_s, planetary_accel_rpm_s=planetary_accel_rpm_s,
                         disperser_accel_rpm_s=disperser_accel_rpm_s)
        require_non_negative("slurry_mixer", pump_speed_m3_s=pump_speed_m3_s, leak_pa_m3_s=leak_pa_m3_s,
                             n2_flow_m3_s=n2_flow_m3_s, vent_conductance_m3_s=vent_conductance_m3_s,
                             coast_decel_rpm_s=coast_decel_rpm_s, k_planetary=k_planetary,
                             k_disperser=k_disperser, viscosity_pa_s=viscosity_pa_s, noise_o2=noise_o2)
        self.vessel_volume_m3, self.pump_speed_m3_s, self.leak_pa_m3_s = vessel_volume_m3, pump_speed_m3_s, leak_pa_m3_s
        self.n2_flow_m3_s, self.vent_conductance_m3_s, self.batch_kg = n2_flow_m3_s, vent_conductance_m3_s, batch_kg
        self.cp_j_kg_k, self.ua_w_k, self.jacket_tau_s = cp_j_kg_k, ua_w_k, jacket_tau_s
        self.planetary_accel_rpm_s, self.disperser_accel_rpm_s = planetary_accel_rpm_s, disperser_accel_rpm_s
        self.coast_decel_rpm_s, self.k_planetary, self.k_disperser = coast_decel_rpm_s, k_planetary, k_disperser
        self.viscosity_pa_s, self.o2_tau_s, self.lid_travel_s = viscosity_pa_s, o2_tau_s, lid_travel_s
        self.ambient_c, self.temp_switch_c, self.noise_o2 = ambient_c, temp_switch_c, noise_o2
        self.seed(seed)
        self._inv_volume = 1.0 / vessel_volume_m3
        self.planetary_enable = self.disperser_enable = self.vacuum_pump_on = False
        self.vacuum_valve = self.n2_valve = self.vent_valve = self.lid_raise = self.lid_lock = False
        self.planetary_sp_rpm = self.disperser_sp_rpm = 0.0
        self.planetary_rpm = self.disperser_rpm = self.shear_power_kw = self.pressure_kpa = 0.0
        self.o2_reading_pct = self.lid_position = self._o2_drift = 0.0
        self.lid_closed_a = self.lid_closed_b = self.lid_locked = self.temp_high = False
        self.n2_pressure_low = self.pump_running = False
        self.slurry_c = ambient_c
        self.jacket_c = ambient_c
        self.jacket_sp_c = ambient_c
        self._p_pa = _P_ATM
        self.o2_true_pct = _O2_AIR
        self.o2_pct = _O2_AIR
        self._update_outputs()

    def advance(self, dt: float) -> None:
        on = self._fault_on
        # The lock bolt holds a closed lid as soon as its solenoid is commanded.
        self.lid_locked = bool(self.lid_lock and self.lid_position <= 0.0)
        if self.lid_raise and not self.lid_locked:
            self.lid_position = ramp(self.lid_position, 1.0, dt / self.lid_travel_s)
        elif not self.lid_raise:
            self.lid_position = ramp(self.lid_position, 0.0, dt / self.lid_travel_s)
        if self.planetary_enable:
            self.planetary_rpm = ramp(self.planetary_rpm, clamp(self.planetary_sp_rpm, 0.0, 80.0),
                                      self.planetary_accel_rpm_s * dt)
        else:
            self.planetary_rpm = ramp(self.planetary_rpm, 0.0, self.coast_decel_rpm_s * dt)
        if self.disperser_enable:
            self.disperser_rpm = ramp(self.disperser_rpm, clamp(self.disperser_sp_rpm, 0.0, 3000.0),
                                      self.disperser_accel_rpm_s * dt)
        else:
            self.disperser_rpm = ramp(self.disperser_rpm, 0.0, 10.0 * self.coast_decel_rpm_s * dt)
        w_p = self.planetary_rpm * _RPM_TO_RAD_S
        w_d = self.disperser_rpm * _RPM_TO_RAD_S
        torque_p = self.k_planetary * self.viscosity_pa_s * w_p
        torque_d = self.k_disperser * self.viscosity_pa_s * w_d
        self.shear_power_kw = (torque_p * w_p + torque_d * w_d) * 0.001
        target = self.ambient_c if on[F_TCU] else self.jacket_sp_c
        self.jacket_c = lag(self.jacket_c, target, dt, self.jacket_tau_s)
        target = self.jacket_c + self.shear_power_kw * 1000.0 / self.ua_w_k
        self.slurry_c = target + (self.slurry_c - target) * math.exp(-dt * self.ua_w_k / (self.batch_kg * self.cp_j_kg_k))
        self.pump_running = bool(self.vacuum_pump_on or on[F_PUMP_WELDED])
        p_old = self._p_pa
        f_n2 = 0.0
        if self.n2_valve and not on[F_N2_LOSS]:
            f_n2 = self.n2_flow_m3_s * _P_ATM * clamp((_N2_REG_PA - p_old) / 5000.0, 0.0, 1.0)
        if self.lid_position > 0.0:
            self._p_pa = _P_ATM
            self.o2_true_pct = lag(self.o2_true_pct, _O2_AIR, dt, self.o2_tau_s)
        else:
            a = self.leak_pa_m3_s + f_n2
            b = 0.0
            if self.vent_valve:
                a = a + self.vent_conductance_m3_s * _P_ATM
                b = b + self.vent_conductance_m3_s
            if self.pump_running and self.vacuum_valve:
                b = b + self.pump_speed_m3_s
            a = a * self._inv_volume
            b = b * self._inv_volume
            if b > 0.0:
                p_inf = a / b
                self._p_pa = p_inf + (self._p_pa - p_inf) * math.exp(-b * dt)
            else:
                self._p_pa = self._p_pa + a * dt
            # O2 partial pressure y = x p: air leaks/vents in at 20.9 %; what leaves (pump, vent) is
            # whatever the pressure solution says left, at the vessel's own x, so pumping keeps x exactly.
            f_air = self.leak_pa_m3_s
            if self.vent_valve and p_old < _P_ATM:
                f_air = f_air + self.vent_conductance_m3_s * (_P_ATM - p_old)
            f_out = 0.0
            if dt > 0.0:
                f_out = f_air + f_n2 - (self._p_pa - p_old) * self.vessel_volume_m3 / dt
                if f_out < 0.0:
                    f_out = 0.0
            y = self.o2_true_pct * p_old + dt * (_O2_AIR * f_air - self.o2_true_pct * f_out) * self._inv_volume
            self.o2_true_pct = clamp(y / self._p_pa, 0.0, _O2_AIR) if self._p_pa > 1.0 else self.o2_true_pct
        self.o2_pct = lag(self.o2_pct, self.o2_true_pct, dt, self.o2_tau_s)
        if on[F_O2_DRIFT]:
            self._o2_drift = self._o2_drift + self._fault_value[F_O2_DRIFT] * dt
        else:
            self._o2_drift = 0.0
        self._update_outputs()

    def _update_outputs(self) -> None:
        on = self._fault_on
        self.pressure_kpa = self._p_pa * 0.001
        self.o2_reading_pct = self.o2_pct + self._o2_drift
        if self.noise_o2 > 0.0:
            self.o2_reading_pct = self.o2_reading_pct + self.noise_o2 * self._gauss()
        self.lid_closed_a = self.lid_position <= 0.0 or on[F_LID_SWITCH]
        self.lid_closed_b = self.lid_position <= 0.0
        self.lid_locked = bool(self.lid_lock and self.lid_position <= 0.0)
        self.temp_high = self.slurry_c >= self.temp_switch_c
        self.n2_pressure_low = on[F_N2_LOSS]

    def set_pressure_kpa(self, kpa: float) -> None:
        self._p_pa = kpa * 1000.0
        self._update_outputs()

    def set_slurry_temperature(self, celsius: float) -> None:
        self.slurry_c = float(celsius)
        self._update_outputs()
