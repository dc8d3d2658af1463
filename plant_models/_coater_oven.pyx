# cython: language_level=3, cdivision=True
"""Coater drying oven with several zones, compiled. Model and units: plant_models/coater_oven.py.

The pure-Python twin is plant_models/_reference/coater_oven.py; keep the two in step, expression for
expression, so that they agree bit for bit.
"""
from libc.math cimport exp

from plant_models._base cimport PlantModel, clamp, lagf, ramp

from plant_models._checks import require_count, require_non_negative, require_positive, require_range

# The share of the web's NMP that each zone evaporates when hot (early zones dry most) [battery-line §2.2].
cdef double[8] _SHARE = [0.10, 0.25, 0.30, 0.20, 0.10, 0.05, 0.0, 0.0]
cdef double _H_FG_J_KG = 535000.0      # NMP latent heat of vaporisation
cdef double _LFL_T_COEFF = 0.000721    # Zabetakis: LFL falls 0.0721 %/K above 25 °C

# Fault slots: the position in FAULTS.
cdef enum:
    F_EXHAUST_FAN, F_BELT, F_RECIRC_FAN, F_DAMPER_STUCK, F_WELDED, F_SCR_SHORTED, F_DRIFT, F_SAMPLE_BLOCKED


cdef class CoaterOven(PlantModel):
    """See plant_models.coater_oven for the equations, signals and faults."""

    FAULTS = ("exhaust_fan_failure", "exhaust_belt_broken", "recirc_fan_failure", "exhaust_damper_stuck",
              "heater_contactor_welded", "scr_shorted", "temperature_drift", "lfl_sample_blocked")

    def __init__(self, n_zones=6, double tau_s=120.0, double ambient_c=25.0, double max_rise_c=200.0,
                 double heater_kw=100.0, double zone_volume_m3=12.5, double exhaust_m3_s=8.0,
                 double fan_tau_s=8.0, double damper_tau_s=3.0, double damper_min_pct=10.0,
                 double proven_fraction=0.5, double lfl_g_m3=53.0, double analyser_tau_s=2.0,
                 double nmp_kg_per_m=0.1, double web_accel_m_min_s=20.0, double max_web_speed_m_min=80.0,
                 double limit_c=160.0, double limit_hysteresis_c=5.0, double initial_c=25.0,
                 double noise_c=0.0, double noise_lfl=0.0, seed=0):
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
        self._dt_last = -1.0
        cdef int i
        for i in range(MAX_ZONES):
            self._power[i] = 0.0
            self._temp[i] = initial_c
            self._conc[i] = 0.0
            self._lfl_filtered[i] = 0.0
            self._evap[i] = 0.0
            self._limit_tripped[i] = initial_c >= limit_c
        self.exhaust_damper = 100.0
        self.damper_position = 100.0
        self.residual_nmp = 1.0
        self._update_outputs()

    cdef void advance(self, double dt) noexcept nogil:
        cdef int i, n = self.n_zones
        cdef double target, u, g_w_k, f_conc, inv_q, m_per_share, cool_k, eff, share_sum = 0.0, evap_total = 0.0, m_nmp, q_zone, lfl, src
        cdef bint contactor = self.heater_on or self._fault_on[F_WELDED]
        if dt != self._dt_last:  # the kernel steps at a fixed period: one set of exp() per period
            self._dt_last = dt
            self._f_tau = exp(-dt / self.tau_s)
            self._f_fan = exp(-dt / self.fan_tau_s)
            self._f_damper = exp(-dt / self.damper_tau_s)
            self._f_analyser = exp(-dt / self.analyser_tau_s)
        # Fans: the motor follows its run command through the VFD ramp; a belt break leaves the motor
        # turning with no air moved, which is why airflow is proven by pressure, not by motor status.
        target = 1.0 if (self.exhaust_fan_on and not self._fault_on[F_EXHAUST_FAN]) else 0.0
        self.exhaust_speed = lagf(self.exhaust_speed, target, self._f_fan)
        target = 1.0 if (self.recirc_fan_on and not self._fault_on[F_RECIRC_FAN]) else 0.0
        self.recirc_speed = lagf(self.recirc_speed, target, self._f_fan)
        if not self._fault_on[F_DAMPER_STUCK]:
            target = clamp(self.exhaust_damper, self.damper_min_pct, 100.0)
            self.damper_position = lagf(self.damper_position, target, self._f_damper)
        self.exhaust_flow = self.exhaust_m3_s * self.exhaust_speed * self.damper_position / 100.0
        if self._fault_on[F_BELT]:
            self.exhaust_flow = 0.0
        # Web: the line drive ramps toward its set point.
        self.web_speed = ramp(self.web_speed, clamp(self.web_speed_sp, 0.0, self.max_web_speed_m_min),
                              self.web_accel_m_min_s * dt)
        m_nmp = self.nmp_kg_per_m * self.web_speed / 60.0 if self.coating_on else 0.0
        g_w_k = self.heater_kw * 1000.0 / self.max_rise_c
        q_zone = self.exhaust_flow / n
        inv_q = 1.0 / q_zone if q_zone > 1e-9 else 0.0
        f_conc = exp(-dt / (self.zone_volume_m3 * inv_q)) if q_zone > 1e-9 else 1.0
        for i in range(n):
            share_sum += _SHARE[i]
        m_per_share = m_nmp / share_sum
        cool_k = _H_FG_J_KG / g_w_k  # K of evaporative cooling per kg/s evaporated
        for i in range(n):
            # Evaporation needs heat: none below 40 °C, all of the zone's share from 120 °C.
            eff = clamp((self._temp[i] - 40.0) * 0.0125, 0.0, 1.0)
            self._evap[i] = m_per_share * _SHARE[i] * eff
            evap_total += self._evap[i]
            u = 0.0
            if contactor:
                u = 1.0 if self._fault_on[F_SCR_SHORTED] else clamp(self._power[i] * 0.01, 0.0, 1.0)
            # C dT/dt = P u - G (T - T_amb) - m_evap h_fg, with tau = C / G.
            target = self.ambient_c + self.max_rise_c * u - self._evap[i] * cool_k
            self._temp[i] = lagf(self._temp[i], target, self._f_tau)
            # V dc/dt = m_evap - Q c (well mixed zone, c in g/m3).
            src = self._evap[i] * 1000.0
            if q_zone > 1e-9:
                self._conc[i] = lagf(self._conc[i], src * inv_q, f_conc)
            else:
                self._conc[i] = self._conc[i] + src * dt / self.zone_volume_m3
            lfl = 100.0 * self._conc[i] / (self.lfl_g_m3 * (1.0 - _LFL_T_COEFF * (self._temp[i] - 25.0)))
            target = 0.0 if self._fault_on[F_SAMPLE_BLOCKED] else lfl
            self._lfl_filtered[i] = lagf(self._lfl_filtered[i], target, self._f_analyser)
            # Independent limit thermocouple: trips at the limit, latched until a manual reset below it.
            if self._temp[i] >= self.limit_c:
                self._limit_tripped[i] = True
            elif self.limit_reset and self._temp[i] < self.limit_c - self.limit_hysteresis_c:
                self._limit_tripped[i] = False
        self.residual_nmp = 1.0 - evap_total / m_nmp if m_nmp > 0.0 else 1.0
        if self._fault_on[F_DRIFT]:
            self.drift_c = self.drift_c + self._fault_value[F_DRIFT] * dt
        else:
            self.drift_c = 0.0
        self._update_outputs()
        # NFPA 86 purge: oven volumes of fresh air moved while all fans are proven; lost proof restarts it.
        if self.exhaust_proven and self.recirc_proven:
            self.purge_volumes = self.purge_volumes + self.exhaust_flow * dt / (self.zone_volume_m3 * n)
        else:
            self.purge_volumes = 0.0

    cdef void _update_outputs(self) noexcept nogil:
        cdef int i
        cdef double ratio = self.exhaust_flow / self.exhaust_m3_s
        # Differential-pressure switches: dP ~ Q^2, set at proven_fraction of rated flow.
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

    cdef int _zone(self, int zone) except -1:
        if not 1 <= zone <= self.n_zones:
            raise IndexError(f"zone {zone} out of range 1..{self.n_zones}")
        return zone - 1

    def zone_power(self, int zone):
        return self._power[self._zone(zone)]

    def set_zone_power(self, int zone, double pct):
        self._power[self._zone(zone)] = pct

    def zone_temperature(self, int zone):
        """The zone thermocouple reading (°C): true temperature + drift + noise."""
        return self._temp_reading[self._zone(zone)]

    def zone_true_temperature(self, int zone):
        return self._temp[self._zone(zone)]

    def set_zone_temperature(self, int zone, double value):
        """Put the zone air at ``value`` °C (initialise to steady state, or force an excursion)."""
        cdef int i = self._zone(zone)
        self._temp[i] = value
        if value >= self.limit_c:
            self._limit_tripped[i] = True
        self._update_outputs()

    def zone_lfl(self, int zone):
        """The zone-exhaust LFL analyser reading (% LFL), with its lag."""
        return self._lfl_reading[self._zone(zone)]

    def zone_true_lfl(self, int zone):
        cdef int i = self._zone(zone)
        return 100.0 * self._conc[i] / (self.lfl_g_m3 * (1.0 - _LFL_T_COEFF * (self._temp[i] - 25.0)))

    def zone_concentration(self, int zone):
        """NMP vapour in the zone air (g/m³)."""
        return self._conc[self._zone(zone)]

    def zone_evaporation(self, int zone):
        """NMP evaporating in the zone (kg/s)."""
        return self._evap[self._zone(zone)]

    def zone_limit_ok(self, int zone):
        return not self._limit_tripped[self._zone(zone)]
