# cython: language_level=3, cdivision=True
"""Electrolyte filling station, compiled. Model and units: plant_models/electrolyte_filling.py;
twin: _reference/electrolyte_filling.py."""
from libc.math cimport exp, fabs

from plant_models._base cimport PlantModel, lagf

from plant_models._checks import require_non_negative, require_positive

cdef enum:
    F_NEEDLE_STUCK, F_CORIOLIS_DRIFT, F_PIRANI_GOOD, F_HF_DEAD, F_SPILL, F_EXTRACTION_BELT, F_CHAMBER_LEAK

cdef double _P_ATM = 101325.0
cdef double _HF_MG_M3_PER_PPM = 0.818   # 20.01 g/mol / 24.45 L/mol at 25 °C
cdef double _DOOR_DP_PA = 500.0          # 5 mbar: above this the pressure holds the door shut


cdef class ElectrolyteFilling(PlantModel):
    """See plant_models.electrolyte_filling for the equations, signals and faults."""

    FAULTS = ("needle_valve_stuck_open", "coriolis_zero_drift", "pirani_failed_good", "hf_sensor_dead",
              "electrolyte_spill", "extraction_belt_broken", "chamber_leak")

    def __init__(self, double chamber_volume_m3=0.2, double pump_speed_m3_s=0.02778, double leak_pa_m3_s=0.005,
                 double vent_conductance_m3_s=0.01, double dosing_ml_s=5.0, double density_g_ml=1.25,
                 double head_fraction=0.1, double cell_tare_g=1500.0, double enclosure_volume_m3=2.0,
                 double extraction_m3_s=0.2, double lel_g_m3=110.0, double pool_evap_tau_s=300.0,
                 double hf_mg_per_g=2.0, double lel_tau_s=3.0, double hf_tau_s=30.0, double tray_alarm_g=50.0,
                 double noise_mbar=0.0, seed=0):
        require_positive("electrolyte_filling", chamber_volume_m3=chamber_volume_m3,
                         enclosure_volume_m3=enclosure_volume_m3, density_g_ml=density_g_ml, lel_g_m3=lel_g_m3,
                         pool_evap_tau_s=pool_evap_tau_s, lel_tau_s=lel_tau_s, hf_tau_s=hf_tau_s)
        require_non_negative("electrolyte_filling", pump_speed_m3_s=pump_speed_m3_s, leak_pa_m3_s=leak_pa_m3_s,
                             vent_conductance_m3_s=vent_conductance_m3_s, dosing_ml_s=dosing_ml_s,
                             head_fraction=head_fraction, cell_tare_g=cell_tare_g, extraction_m3_s=extraction_m3_s,
                             hf_mg_per_g=hf_mg_per_g, tray_alarm_g=tray_alarm_g, noise_mbar=noise_mbar)
        self.chamber_volume_m3, self.pump_speed_m3_s, self.leak_pa_m3_s = chamber_volume_m3, pump_speed_m3_s, leak_pa_m3_s
        self.vent_conductance_m3_s, self.dosing_ml_s, self.density_g_ml = vent_conductance_m3_s, dosing_ml_s, density_g_ml
        self.head_fraction, self.cell_tare_g, self.enclosure_volume_m3 = head_fraction, cell_tare_g, enclosure_volume_m3
        self.extraction_m3_s, self.lel_g_m3, self.pool_evap_tau_s = extraction_m3_s, lel_g_m3, pool_evap_tau_s
        self.hf_mg_per_g, self.lel_tau_s, self.hf_tau_s = hf_mg_per_g, lel_tau_s, hf_tau_s
        self.tray_alarm_g, self.noise_mbar = tray_alarm_g, noise_mbar
        self.seed(seed)
        self._p_pa = _P_ATM
        self.door_closed = True
        self._dt_last = -1.0
        self._update_outputs()

    cdef void advance(self, double dt) noexcept nogil:
        cdef double a, b, q_ex, evap, src
        if dt != self._dt_last:
            self._dt_last = dt
            self._f_lel = exp(-dt / self.lel_tau_s)
            self._f_hf = exp(-dt / self.hf_tau_s)
            self._b_last = -1.0
            self._q_last = -1.0
        # --- door: the lock, or the pressure difference, holds it shut ------------------------------
        if (self.door_open_request and self.door_closed and not self.door_lock
                and fabs(self._p_pa - _P_ATM) < _DOOR_DP_PA):
            self.door_closed = False
        elif not self.door_open_request and not self.door_closed:
            self.door_closed = True
        # --- chamber: V dp/dt = q_leak + C_v (p_atm - p) - S p, linear in p, solved exactly ---------
        if not self.door_closed:
            self._p_pa = _P_ATM
        else:
            a = self.leak_pa_m3_s + self._fault_value[F_CHAMBER_LEAK]
            b = 0.0
            if self.vent_valve:
                a = a + self.vent_conductance_m3_s * _P_ATM
                b = b + self.vent_conductance_m3_s
            if self.vacuum_pump_on and self.vacuum_valve:
                b = b + self.pump_speed_m3_s
            a = a / self.chamber_volume_m3
            b = b / self.chamber_volume_m3
            if b > 0.0:
                if b != self._b_last:  # valve states change rarely: one exp per change
                    self._b_last = b
                    self._f_p = exp(-b * dt)
                self._p_pa = a / b + (self._p_pa - a / b) * self._f_p
            else:
                self._p_pa = self._p_pa + a * dt
        # --- dosing: Coriolis-metered flow into the cell while the needle valve is open ------------
        self.needle_valve_open = self.needle_valve or self._fault_on[F_NEEDLE_STUCK]
        self.flow_g_s = 0.0
        if self.needle_valve_open:
            self.flow_g_s = self.dosing_ml_s * self.density_g_ml
            if not self.dosing_pump_on:
                self.flow_g_s = self.flow_g_s * self.head_fraction   # tank head alone still pushes some
        if self.totaliser_reset:
            self.dosed_g = 0.0
            self.total_g = 0.0
        self.dosed_g = self.dosed_g + self.flow_g_s * dt
        self.flow_g_s = self.flow_g_s + self._fault_value[F_CORIOLIS_DRIFT]
        self.total_g = self.total_g + self.flow_g_s * dt
        # --- spill: drip tray pool evaporates into the enclosure, V dc/dt = m_evap - Q c -----------
        self.tray_g = self.tray_g + self._fault_value[F_SPILL] * dt
        evap = self.tray_g / self.pool_evap_tau_s
        self.tray_g = self.tray_g - evap * dt
        q_ex = self.extraction_m3_s if (self.extraction_on and not self._fault_on[F_EXTRACTION_BELT]) else 0.0
        self.extraction_proven = q_ex > 0.0
        if q_ex > 0.0 and q_ex != self._q_last:
            self._q_last = q_ex
            self._f_q = exp(-q_ex * dt / self.enclosure_volume_m3)
        if q_ex > 0.0:
            self.vapour_g_m3 = evap / q_ex + (self.vapour_g_m3 - evap / q_ex) * self._f_q
        else:
            self.vapour_g_m3 = self.vapour_g_m3 + evap * dt / self.enclosure_volume_m3
        # LiPF6 hydrolysis with residual moisture: HF in proportion to the electrolyte evaporated.
        src = evap * self.hf_mg_per_g
        if q_ex > 0.0:
            self.hf_mg_m3 = src / q_ex + (self.hf_mg_m3 - src / q_ex) * self._f_q
        else:
            self.hf_mg_m3 = self.hf_mg_m3 + src * dt / self.enclosure_volume_m3
        self._lel_filtered = lagf(self._lel_filtered, 100.0 * self.vapour_g_m3 / self.lel_g_m3, self._f_lel)
        self._hf_filtered = lagf(self._hf_filtered, self.hf_mg_m3 / _HF_MG_M3_PER_PPM, self._f_hf)
        self._update_outputs()

    cdef void _update_outputs(self) noexcept nogil:
        self.pressure_mbar = self._p_pa * 0.01
        self.pressure_reading_mbar = 0.1 if self._fault_on[F_PIRANI_GOOD] else self.pressure_mbar
        if self.noise_mbar > 0.0:
            self.pressure_reading_mbar = self.pressure_reading_mbar + self.noise_mbar * self._gauss()
        self.door_locked = self.door_lock and self.door_closed
        self.cell_mass_g = self.cell_tare_g + self.dosed_g
        self.leak_tray = self.tray_g >= self.tray_alarm_g
        self.lel_pct = self._lel_filtered
        # End of life: NE43 fail-low, 3.6 mA on a 0-10 ppm range = -0.25 ppm.
        self.hf_ppm = -0.25 if self._fault_on[F_HF_DEAD] else self._hf_filtered

    def set_pressure_mbar(self, double mbar):
        """Put the chamber at ``mbar`` absolute."""
        self._p_pa = mbar * 100.0
        self._update_outputs()
