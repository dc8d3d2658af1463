"""Pure-Python twin of plant_models/_coater_oven.pyx (same equations, same order, same API)."""
from __future__ import annotations

from plant_models._checks import require_count, require_non_negative, require_positive, require_range
from plant_models._reference._base import ReferenceModel, clamp, lag, ramp

MAX_ZONES = 8
_SHARE = (0.10, 0.25, 0.30, 0.20, 0.10, 0.05, 0.0, 0.0)
_H_FG_J_KG = 535000.0
_LFL_T_COEFF = 0.000721
(F_EXHAUST_FAN, F_BELT, F_RECIRC_FAN, F_DAMPER_STUCK, F_WELDED, F_SCR_SHORTED, F_DRIFT, F_SAMPLE_BLOCKED) = range(8)


class CoaterOven(ReferenceModel):
    """Multi-zone coater drying oven; see plant_models.coater_oven."""

    FAULTS = ("exhaust_fan_failure", "exhaust_belt_broken", "recirc_fan_failure", "exhaust_damper_stuck",
              "heater_contactor_welded", "scr_shorted", "temperature_drift", "lfl_sample_blocked")

    def __init__(self, n_zones: int = 6, tau_s: float = 120.0, ambient_c: float = 25.0, max_rise_c: float = 200.0,
                 heater_kw: float = 100.0, zone_volume_m3: float = 12.5, exhaust_m3_s: float = 8.0,
                 fan_tau_s: float = 8.0, damper_tau_s: float = 3.0, damper_min_pct: float = 10.0,
                 proven_fraction: float = 0.5, lfl_g_m3: float = 53.0, analyser_tau_s: float = 2.0,
                 nmp_kg_per_m: float = 0.1, web_accel_m_min_s: float = 20.0, max_web_speed_m_min: float = 80.0,
                 limit_c: float = 160.0, limit_hysteresis_c: float = 5.0, initial_c: float = 25.0,
                 noise_c: float = 0.0, noise_lfl: float = 0.0, seed: int = 0) -> None:
        super().__init__()
        n_zones = require_count("coater_oven", "n_zones", n_zones, 1, MAX_ZONES)
        require_positive("coater_oven", tau_s=tau_s, max_rise_c=max_rise_c, heater_kw=heater_kw,
                         zone_volume_m3=zone_volume_m3, exhaust_m3_s=exhaust_m3_s, fan_tau_s=fan_tau_s,
                         damper_tau_s=damper_tau_s, lfl_g_m3=lfl_g_m3, analyser_tau_s=analyser_tau_s)
        require_non_negative("coater_oven", nmp_kg_per_m=nmp_kg_per_m, web_accel_m_min_s=web_accel_m_min_s,
                             max_web_speed_m_min=max_web_speed_m_min, limit_hysteresis_c=limit_hysteresis_c,
                             noise_c=noise_c, noise_lfl=noise_lfl)
        require_range("coater_oven", "damper_min_pct", damper_min_pct, 0.0, 100.0)
        require_range("coater_oven", "proven_fraction", proven_fraction, 0.0, 1.0)
        self.n_zones = n_zones
        self.tau_s, self.ambient_c, self.max_rise_c, self.heater_kw = tau_s, ambient_c, max_rise_c, heater_kw
        self.zone_volume_m3, self.exhaust_m3_s, self.fan_tau_s = zone_volume_m3, exhaust_m3_s, fan_tau_s
        self.damper_tau_s, self.damper_min_pct, self.proven_fraction = damper_tau_s, damper_min_pct, proven_fraction
        self.lfl_g_m3, self.analyser_tau_s, self.nmp_kg_per_m = lfl_g_m3, analyser_tau_s, nmp_kg_per_m
        self.web_accel_m_min_s, self.max_web_speed_m_min = web_accel_m_min_s, max_web_speed_m_min
        self.limit_c, self.limit_hysteresis_c = limit_c, limit_hysteresis_c
        self.noise_c, self.noise_lfl = noise_c, noise_lfl
        self.seed(seed)
        self.heater_on = self.exhaust_fan_on = self.recirc_fan_on = self.coating_on = self.limit_reset = False
        self.exhaust_damper = 100.0
        self.web_speed_sp = 0.0
        self._power = [0.0] * MAX_ZONES
        self._temp = [float(initial_c)] * MAX_ZONES
        self._conc = [0.0] * MAX_ZONES
        self._lfl_filtered = [0.0] * MAX_ZONES
        self._evap = [0.0] * MAX_ZONES
        self._temp_reading = [0.0] * MAX_ZONES
        self._lfl_reading = [0.0] * MAX_ZONES
        self._limit_tripped = [initial_c >= limit_c] * MAX_ZONES
        self.exhaust_speed = self.recirc_speed = self.web_speed = self.purge_volumes = 0.0
        self.exhaust_flow = self.drift_c = 0.0
        self.damper_position = 100.0
        self.residual_nmp = 1.0
        self.exhaust_proven = self.recirc_proven = self.exhaust_running = False
        self.heater_feedback = True
        self._update_outputs()

    def advance(self, dt: float) -> None:
        n = self.n_zones
        on = self._fault_on
        contactor = self.heater_on or on[F_WELDED]
        target = 1.0 if (self.exhaust_fan_on and not on[F_EXHAUST_FAN]) else 0.0
        self.exhaust_speed = lag(self.exhaust_speed, target, dt, self.fan_tau_s)
        target = 1.0 if (self.recirc_fan_on and not on[F_RECIRC_FAN]) else 0.0
        self.recirc_speed = lag(self.recirc_speed, target, dt, self.fan_tau_s)
        if not on[F_DAMPER_STUCK]:
            target = clamp(self.exhaust_damper, self.damper_min_pct, 100.0)
            self.damper_position = lag(self.damper_position, target, dt, self.damper_tau_s)
        self.exhaust_flow = self.exhaust_m3_s * self.exhaust_speed * self.damper_position / 100.0
        if on[F_BELT]:
            self.exhaust_flow = 0.0
        self.web_speed = ramp(self.web_speed, clamp(self.web_speed_sp, 0.0, self.max_web_speed_m_min),
                              self.web_accel_m_min_s * dt)
        m_nmp = self.nmp_kg_per_m * self.web_speed / 60.0 if self.coating_on else 0.0
        g_w_k = self.heater_kw * 1000.0 / self.max_rise_c
        q_zone = self.exhaust_flow / n
        inv_q = 1.0 / q_zone if q_zone > 1e-9 else 0.0
        share_sum = 0.0
        for i in range(n):
            share_sum += _SHARE[i]
        m_per_share = m_nmp / share_sum
        cool_k = _H_FG_J_KG / g_w_k  # K of evaporative cooling per kg/s evaporated
        evap_total = 0.0
        temp, conc, evap = self._temp, self._conc, self._evap
        for i in range(n):
            eff = clamp((temp[i] - 40.0) * 0.0125, 0.0, 1.0)
            evap[i] = m_per_share * _SHARE[i] * eff
            evap_total += evap[i]
            u = 0.0
            if contactor:
                u = 1.0 if on[F_SCR_SHORTED] else clamp(self._power[i] * 0.01, 0.0, 1.0)
            target = self.ambient_c + self.max_rise_c * u - evap[i] * cool_k
            temp[i] = lag(temp[i], target, dt, self.tau_s)
            src = evap[i] * 1000.0
            if q_zone > 1e-9:
                conc[i] = lag(conc[i], src * inv_q, dt, self.zone_volume_m3 * inv_q)
            else:
                conc[i] = conc[i] + src * dt / self.zone_volume_m3
            lfl = 100.0 * conc[i] / (self.lfl_g_m3 * (1.0 - _LFL_T_COEFF * (temp[i] - 25.0)))
            target = 0.0 if on[F_SAMPLE_BLOCKED] else lfl
            self._lfl_filtered[i] = lag(self._lfl_filtered[i], target, dt, self.analyser_tau_s)
            if temp[i] >= self.limit_c:
                self._limit_tripped[i] = True
            elif self.limit_reset and temp[i] < self.limit_c - self.limit_hysteresis_c:
                self._limit_tripped[i] = False
        self.residual_nmp = 1.0 - evap_total / m_nmp if m_nmp > 0.0 else 1.0
        if on[F_DRIFT]:
            self.drift_c = self.drift_c + self._fault_value[F_DRIFT] * dt
        else:
            self.drift_c = 0.0
        self._update_outputs()
        if self.exhaust_proven and self.recirc_proven:
            self.purge_volumes = self.purge_volumes + self.exhaust_flow * dt / (self.zone_volume_m3 * n)
        else:
            self.purge_volumes = 0.0

    def _update_outputs(self) -> None:
        ratio = self.exhaust_flow / self.exhaust_m3_s
        self.exhaust_proven = ratio * ratio >= self.proven_fraction * self.proven_fraction
        self.recirc_proven = self.recirc_speed * self.recirc_speed >= self.proven_fraction * self.proven_fraction
        self.exhaust_running = self.exhaust_speed > 0.1
        self.heater_feedback = not (self.heater_on or self._fault_on[F_WELDED])
        for i in range(self.n_zones):
            self._temp_reading[i] = self._temp[i] + self.drift_c
            if self.noise_c > 0.0:
                self._temp_reading[i] = self._temp_reading[i] + self.noise_c * self._gauss()
            self._lfl_reading[i] = self._lfl_filtered[i]
            if self.noise_lfl > 0.0:
                self._lfl_reading[i] = self._lfl_reading[i] + self.noise_lfl * self._gauss()

    def _zone(self, zone: int) -> int:
        if not 1 <= zone <= self.n_zones:
            raise IndexError(f"zone {zone} out of range 1..{self.n_zones}")
        return zone - 1

    def zone_power(self, zone: int) -> float:
        return self._power[self._zone(zone)]

    def set_zone_power(self, zone: int, pct: float) -> None:
        self._power[self._zone(zone)] = float(pct)

    def zone_temperature(self, zone: int) -> float:
        return self._temp_reading[self._zone(zone)]

    def zone_true_temperature(self, zone: int) -> float:
        return self._temp[self._zone(zone)]

    def set_zone_temperature(self, zone: int, value: float) -> None:
        i = self._zone(zone)
        self._temp[i] = float(value)
        if value >= self.limit_c:
            self._limit_tripped[i] = True
        self._update_outputs()

    def zone_lfl(self, zone: int) -> float:
        return self._lfl_reading[self._zone(zone)]

    def zone_true_lfl(self, zone: int) -> float:
        i = self._zone(zone)
        return 100.0 * self._conc[i] / (self.lfl_g_m3 * (1.0 - _LFL_T_COEFF * (self._temp[i] - 25.0)))

    def zone_concentration(self, zone: int) -> float:
        return self._conc[self._zone(zone)]

    def zone_evaporation(self, zone: int) -> float:
        return self._evap[self._zone(zone)]

    def zone_limit_ok(self, zone: int) -> bool:
        return not self._limit_tripped[self._zone(zone)]
