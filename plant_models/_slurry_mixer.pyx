# cython: language_level=3, cdivision=True
"""Slurry mixer, compiled. Model and units: plant_models/slurry_mixer.py; twin: _reference/slurry_mixer.py."""
from libc.math cimport exp

from plant_models._base cimport PlantModel, clamp, lagf, ramp

from plant_models._checks import require_non_negative, require_positive

cdef enum:
    F_O2_DRIFT, F_LID_SWITCH, F_N2_LOSS, F_PUMP_WELDED, F_TCU

cdef double _P_ATM = 101325.0
cdef double _O2_AIR = 20.9
cdef double _N2_REG_PA = 110000.0  # N2 blanket regulator set pressure (abs)
cdef double _RPM_TO_RAD_S = 0.10471975511965977


cdef class SlurryMixer(PlantModel):
    """See plant_models.slurry_mixer for the equations, signals and faults."""

    FAULTS = ("o2_analyser_drift", "lid_switch_stuck", "n2_supply_loss", "vacuum_pump_contactor_welded",
              "tcu_failure")

    def __init__(self, double vessel_volume_m3=1.0, double pump_speed_m3_s=0.03, double leak_pa_m3_s=0.5,
                 double n2_flow_m3_s=0.01, double vent_conductance_m3_s=0.05, double batch_kg=800.0,
                 double cp_j_kg_k=2000.0, double ua_w_k=400.0, double jacket_tau_s=180.0,
                 double planetary_accel_rpm_s=10.0, double disperser_accel_rpm_s=300.0,
                 double coast_decel_rpm_s=20.0, double k_planetary=40.0, double k_disperser=0.02,
                 double viscosity_pa_s=20.0, double o2_tau_s=2.0, double lid_travel_s=10.0,
                 double ambient_c=22.0, double temp_switch_c=45.0, double noise_o2=0.0, seed=0):
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
        self.slurry_c = ambient_c
        self.jacket_c = ambient_c
        self.jacket_sp_c = ambient_c
        self._p_pa = _P_ATM
        self.o2_true_pct = _O2_AIR
        self.o2_pct = _O2_AIR
        self._dt_last = -1.0
        self._update_outputs()

    cdef void advance(self, double dt) noexcept nogil:
        cdef double p_inf, w_p, w_d, torque_p, torque_d, a, b, p_old, f_air, f_n2, f_out, y, target
        if dt != self._dt_last:
            self._dt_last = dt
            self._f_jacket = exp(-dt / self.jacket_tau_s)
            self._f_o2 = exp(-dt / self.o2_tau_s)
            self._lid_step = dt / self.lid_travel_s
            self._f_slurry = exp(-dt * self.ua_w_k / (self.batch_kg * self.cp_j_kg_k))
            self._b_last = -1.0
        # --- lid: a pneumatic lift, blocked while the guard lock holds it -------------------------
        # The lock bolt holds a closed lid as soon as its solenoid is commanded.
        self.lid_locked = self.lid_lock and self.lid_position <= 0.0
        if self.lid_raise and not self.lid_locked:
            self.lid_position = ramp(self.lid_position, 1.0, self._lid_step)
        elif not self.lid_raise:
            self.lid_position = ramp(self.lid_position, 0.0, self._lid_step)
        # --- drives: VFD ramps; STO (enable off) lets the tools coast down --------------------------
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
        # Viscous load: torque = k eta w, so the shear power k eta w^2 all ends up as heat in the slurry.
        w_p = self.planetary_rpm * _RPM_TO_RAD_S
        w_d = self.disperser_rpm * _RPM_TO_RAD_S
        torque_p = self.k_planetary * self.viscosity_pa_s * w_p
        torque_d = self.k_disperser * self.viscosity_pa_s * w_d
        self.shear_power_kw = (torque_p * w_p + torque_d * w_d) * 0.001
        # --- thermal: jacket (TCU) lag, slurry M c_p dT/dt = P - UA (T - T_j) ------------------------
        target = self.ambient_c if self._fault_on[F_TCU] else self.jacket_sp_c
        self.jacket_c = lagf(self.jacket_c, target, self._f_jacket)
        target = self.jacket_c + self.shear_power_kw * 1000.0 / self.ua_w_k
        self.slurry_c = lagf(self.slurry_c, target, self._f_slurry)
        # --- vessel gas: V dp/dt = q_leak + F_N2 + C_v (p_atm - p) - S p (linear in p: exact) -------
        self.pump_running = self.vacuum_pump_on or self._fault_on[F_PUMP_WELDED]
        p_old = self._p_pa
        f_n2 = 0.0
        if self.n2_valve and not self._fault_on[F_N2_LOSS]:
            # The blanket regulator closes over its last 5 kPa below the set pressure.
            f_n2 = self.n2_flow_m3_s * _P_ATM * clamp((_N2_REG_PA - p_old) / 5000.0, 0.0, 1.0)
        if self.lid_position > 0.0:
            self._p_pa = _P_ATM      # an open lid equalises at once, and room air mixes in
            f_air = 0.0
            f_out = 0.0
            self.o2_true_pct = lagf(self.o2_true_pct, _O2_AIR, self._f_o2)
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
                if b != self._b_last:  # valve states change rarely: one exp per change
                    self._b_last = b
                    self._f_p = exp(-b * dt)
                p_inf = a / b
                self._p_pa = p_inf + (self._p_pa - p_inf) * self._f_p
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
        self.o2_pct = lagf(self.o2_pct, self.o2_true_pct, self._f_o2)
        if self._fault_on[F_O2_DRIFT]:
            self._o2_drift = self._o2_drift + self._fault_value[F_O2_DRIFT] * dt
        else:
            self._o2_drift = 0.0
        self._update_outputs()

    cdef void _update_outputs(self) noexcept nogil:
        self.pressure_kpa = self._p_pa * 0.001
        self.o2_reading_pct = self.o2_pct + self._o2_drift
        if self.noise_o2 > 0.0:
            self.o2_reading_pct = self.o2_reading_pct + self.noise_o2 * self._gauss()
        self.lid_closed_a = self.lid_position <= 0.0 or self._fault_on[F_LID_SWITCH]
        self.lid_closed_b = self.lid_position <= 0.0
        self.lid_locked = self.lid_lock and self.lid_position <= 0.0
        self.temp_high = self.slurry_c >= self.temp_switch_c
        self.n2_pressure_low = self._fault_on[F_N2_LOSS]

    def set_pressure_kpa(self, double kpa):
        """Put the vessel at ``kpa`` absolute (initialise a vessel already under vacuum)."""
        self._p_pa = kpa * 1000.0
        self._update_outputs()

    def set_slurry_temperature(self, double celsius):
        self.slurry_c = celsius
        self._update_outputs()
