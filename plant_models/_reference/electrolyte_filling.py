"""Pure-Python twin of plant_models/_electrolyte_filling.pyx (same equations, same order, same API)."""
from __future__ import annotations

import math

from plant_models._checks import require_non_negative, require_positive
from plant_models._reference._base import ReferenceModel, lag

F_NEEDLE_STUCK, F_CORIOLIS_DRIFT, F_PIRANI_GOOD, F_HF_DEAD, F_SPILL, F_EXTRACTION_BELT, F_CHAMBER_LEAK = range(7)
_P_ATM = 101325.0
_HF_MG_M3_PER_PPM = 0.818
_DOOR_DP_PA = 500.0


class ElectrolyteFilling(ReferenceModel):
    """Electrolyte filling station; see plant_models.electrolyte_filling."""

    FAULTS = ("needle_valve_stuck_open", "coriolis_zero_drift", "pirani_failed_good", "hf_sensor_dead",
              "electrolyte_spill", "extraction_belt_broken", "chamber_leak")

    def __init__(self, chamber_volume_m3: float = 0.2, pump_speed_m3_s: float = 0.02778, leak_pa_m3_s: float = 0.005,
                 vent_conductance_m3_s: float = 0.01, dosing_ml_s: float = 5.0, density_g_ml: float = 1.25,
                 head_fraction: float = 0.1, cell_tare_g: float = 1500.0, enclosure_volume_m3: float = 2.0,
                 extraction_m3_s: float = 0.2, lel_g_m3: float = 110.0, pool_evap_tau_s: float = 300.0,
                 hf_mg_per_g: float = 2.0, lel_tau_s: float = 3.0, hf_tau_s: float = 30.0, tray_alarm_g: float = 50.0,
                 noise_mbar: float = 0.0, seed: int = 0) -> None:
        super().__init__()
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
        self.vacuum_pump_on = self.vacuum_valve = self.vent_valve = self.dosing_pump_on = False
        self.needle_valve = self.door_lock = self.extraction_on = self.totaliser_reset = False
        self.door_open_request = False
        self.pressure_mbar = self.pressure_reading_mbar = self.dosed_g = self.flow_g_s = self.total_g = 0.0
        self.cell_mass_g = self.tray_g = self.vapour_g_m3 = self.hf_mg_m3 = self.lel_pct = self.hf_ppm = 0.0
        self.door_locked = self.needle_valve_open = self.leak_tray = self.extraction_proven = False
        self._lel_filtered = self._hf_filtered = 0.0
        self._p_pa = _P_ATM
        self.door_closed = True
        self._update_outputs()

    def advance(self, dt: float) -> None:
        on, value = self._fault_on, self._fault_value
        if (self.door_open_request and self.door_closed and not self.door_lock
                and abs(self._p_pa - _P_ATM) < _DOOR_DP_PA):
            self.door_closed = False
        elif not self.door_open_request and not self.door_closed:
            self.door_closed = True
        if not self.door_closed:
            self._p_pa = _P_ATM
        else:
            a = self.leak_pa_m3_s + value[F_CHAMBER_LEAK]
            b = 0.0
            if self.vent_valve:
                a = a + self.vent_conductance_m3_s * _P_ATM
                b = b + self.vent_conductance_m3_s
            if self.vacuum_pump_on and self.vacuum_valve:
                b = b + self.pump_speed_m3_s
            a = a / self.chamber_volume_m3
            b = b / self.chamber_volume_m3
            if b > 0.0:
                self._p_pa = a / b + (self._p_pa - a / b) * math.exp(-b * dt)
            else:
                self._p_pa = self._p_pa + a * dt
        self.needle_valve_open = bool(self.needle_valve or on[F_NEEDLE_STUCK])
        self.flow_g_s = 0.0
        if self.needle_valve_open:
            self.flow_g_s = self.dosing_ml_s * self.density_g_ml
            if not self.dosing_pump_on:
                self.flow_g_s = self.flow_g_s * self.head_fraction
        if self.totaliser_reset:
            self.dosed_g = 0.0
            self.total_g = 0.0
        self.dosed_g = self.dosed_g + self.flow_g_s * dt
        self.flow_g_s = self.flow_g_s + value[F_CORIOLIS_DRIFT]
        self.total_g = self.total_g + self.flow_g_s * dt
        self.tray_g = self.tray_g + value[F_SPILL] * dt
        evap = self.tray_g / self.pool_evap_tau_s
        self.tray_g = self.tray_g - evap * dt
        q_ex = self.extraction_m3_s if (self.extraction_on and not on[F_EXTRACTION_BELT]) else 0.0
        self.extraction_proven = q_ex > 0.0
        if q_ex > 0.0:
            self.vapour_g_m3 = evap / q_ex + (self.vapour_g_m3 - evap / q_ex) * math.exp(-q_ex * dt / self.enclosure_volume_m3)
        else:
            self.vapour_g_m3 = self.vapour_g_m3 + evap * dt / self.enclosure_volume_m3
        src = evap * self.hf_mg_per_g
        if q_ex > 0.0:
            self.hf_mg_m3 = src / q_ex + (self.hf_mg_m3 - src / q_ex) * math.exp(-q_ex * dt / self.enclosure_volume_m3)
        else:
            self.hf_mg_m3 = self.hf_mg_m3 + src * dt / self.enclosure_volume_m3
        self._lel_filtered = lag(self._lel_filtered, 100.0 * self.vapour_g_m3 / self.lel_g_m3, dt, self.lel_tau_s)
        self._hf_filtered = lag(self._hf_filtered, self.hf_mg_m3 / _HF_MG_M3_PER_PPM, dt, self.hf_tau_s)
        self._update_outputs()

    def _update_outputs(self) -> None:
        on = self._fault_on
        self.pressure_mbar = self._p_pa * 0.01
        self.pressure_reading_mbar = 0.1 if on[F_PIRANI_GOOD] else self.pressure_mbar
        if self.noise_mbar > 0.0:
            self.pressure_reading_mbar = self.pressure_reading_mbar + self.noise_mbar * self._gauss()
        self.door_locked = bool(self.door_lock and self.door_closed)
        self.cell_mass_g = self.cell_tare_g + self.dosed_g
        self.leak_tray = self.tray_g >= self.tray_alarm_g
        self.lel_pct = self._lel_filtered
        self.hf_ppm = -0.25 if on[F_HF_DEAD] else self._hf_filtered

    def set_pressure_mbar(self, mbar: float) -> None:
        self._p_pa = mbar * 100.0
        self._update_outputs()
