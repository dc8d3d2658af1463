# cython: language_level=3, cdivision=True
"""Dry room with airlock, compiled. Model and units: plant_models/dry_room.py; twin: _reference/dry_room.py."""
from libc.math cimport exp, log

from plant_models._base cimport PlantModel, lagf

from plant_models._checks import require_non_negative, require_positive

cdef enum:
    F_DP_DRIFT, F_DOOR_A_SWITCH, F_REGEN, F_SUPPLY_FAN, F_DOOR_B_LOCK

cdef double _RHO = 1.2          # kg/m³ dry air
cdef double _P_HPA = 1013.25


cdef inline double humidity_from_dew_point(double td) noexcept nogil:
    # Magnus over ice (battery-line §2.13): e in hPa, W in kg/kg.
    cdef double e = 6.112 * exp(22.46 * td / (272.62 + td))
    return 0.622 * e / (_P_HPA - e)


cdef inline double dew_point_from_humidity(double w) noexcept nogil:
    cdef double g = log(w * _P_HPA / (0.622 + w) / 6.112)
    return 272.62 * g / (22.46 - g)


cdef class DryRoom(PlantModel):
    """See plant_models.dry_room for the equations, signals and faults."""

    FAULTS = ("dewpoint_sensor_drift", "door_a_switch_stuck_closed", "regen_heater_failure", "supply_fan_failure",
              "door_b_lock_failed")

    def __init__(self, double room_volume_m3=2000.0, double supply_m3_s=16.7, double dehumidifier_dp_c=-60.0,
                 double dehumidifier_tau_s=600.0, double outdoor_dp_c=10.0, double airlock_volume_m3=10.0,
                 double door_exchange_m3_s=1.0, double airlock_purge_m3_s=0.2, double person_g_h=75.0,
                 double permeation_g_h=50.0, double sensor_tau_s=60.0, double rated_dp_pa=20.0,
                 double regen_c_rated=140.0, double regen_tau_s=120.0, double ambient_c=22.0,
                 double initial_dp_c=-50.0, double noise_c=0.0, seed=0):
        require_positive("dry_room", room_volume_m3=room_volume_m3, supply_m3_s=supply_m3_s,
                         dehumidifier_tau_s=dehumidifier_tau_s, airlock_volume_m3=airlock_volume_m3,
                         sensor_tau_s=sensor_tau_s, regen_tau_s=regen_tau_s)
        require_non_negative("dry_room", door_exchange_m3_s=door_exchange_m3_s, airlock_purge_m3_s=airlock_purge_m3_s,
                             person_g_h=person_g_h, permeation_g_h=permeation_g_h, rated_dp_pa=rated_dp_pa,
                             noise_c=noise_c)
        self.room_volume_m3, self.supply_m3_s, self.dehumidifier_dp_c = room_volume_m3, supply_m3_s, dehumidifier_dp_c
        self.dehumidifier_tau_s, self.outdoor_dp_c, self.airlock_volume_m3 = dehumidifier_tau_s, outdoor_dp_c, airlock_volume_m3
        self.door_exchange_m3_s, self.airlock_purge_m3_s, self.person_g_h = door_exchange_m3_s, airlock_purge_m3_s, person_g_h
        self.permeation_g_h, self.sensor_tau_s, self.rated_dp_pa = permeation_g_h, sensor_tau_s, rated_dp_pa
        self.regen_c_rated, self.regen_tau_s, self.ambient_c, self.noise_c = regen_c_rated, regen_tau_s, ambient_c, noise_c
        self.seed(seed)
        self._w = humidity_from_dew_point(initial_dp_c)
        self._w_out = humidity_from_dew_point(outdoor_dp_c)
        self._w_dehum = humidity_from_dew_point(dehumidifier_dp_c)
        self._w_s = self._w
        self._w_sensor = self._w
        self._c_room = self._c_al = -1.0
        self._w_al = self._w
        self.regen_c = ambient_c
        self._dt_last = -1.0
        self._update_outputs()

    cdef void advance(self, double dt) noexcept nogil:
        cdef double q_s, w_s, g_kg_s, c, target, q_a, q_b
        if dt != self._dt_last:
            self._dt_last = dt
            self._f_dehum = exp(-dt / self.dehumidifier_tau_s)
            self._f_sensor = exp(-dt / self.sensor_tau_s)
            self._f_regen = exp(-dt / self.regen_tau_s)
            self._c_room = -1.0
            self._c_al = -1.0
        # --- doors: a person opens a door only if its magnetic lock does not hold ------------------
        self.door_a_open = self.door_a_request and not self.door_a_lock
        self.door_b_open = self.door_b_request and (not self.door_b_lock or self._fault_on[F_DOOR_B_LOCK])
        if self.door_a_open and self.door_b_open:
            self.airlock_breach = True
        # --- desiccant dehumidifier and its regeneration heater ----------------------------------
        cdef bint regen_ok = self.dehumidifier_on and not self._fault_on[F_REGEN]
        self.regen_c = lagf(self.regen_c, self.regen_c_rated if regen_ok else self.ambient_c, self._f_regen)
        # The outlet moisture lags toward what the rotor achieves; without regeneration the rotor
        # saturates and passes the return air through undried.
        self._w_s = lagf(self._w_s, self._w_dehum if regen_ok else self._w, self._f_dehum)
        w_s = self._w_s
        q_s = self.supply_m3_s if (self.supply_fan_on and not self._fault_on[F_SUPPLY_FAN]) else 0.0
        q_a = self.door_exchange_m3_s if self.door_a_open else 0.0
        q_b = self.door_exchange_m3_s if self.door_b_open else 0.0
        # --- airlock: rho V_al dW_al/dt = rho Q_p (W_s - W_al) + rho Q_a (W_out - W_al) + rho Q_b (W - W_al)
        c = self.airlock_purge_m3_s + q_a + q_b
        if c > 0.0:
            if c != self._c_al:  # door states change rarely: one exp (and 1/c) per change, not per step
                self._c_al = c
                self._inv_c_al = 1.0 / c
                self._f_al = exp(-dt * c / self.airlock_volume_m3)
            target = (self.airlock_purge_m3_s * w_s + q_a * self._w_out + q_b * self._w) * self._inv_c_al
            self._w_al = target + (self._w_al - target) * self._f_al
        # --- room: rho V dW/dt = rho Q_s (W_s - W) + rho Q_b (W_al - W) + G_people + G_perm ---------
        g_kg_s = (self.people * self.person_g_h + self.permeation_g_h) / 3600000.0
        c = q_s + q_b
        if c > 0.0:
            if c != self._c_room:
                self._c_room = c
                self._inv_c_room = 1.0 / c
                self._f_room = exp(-dt * c / self.room_volume_m3)
            target = (q_s * w_s + q_b * self._w_al + g_kg_s / _RHO) * self._inv_c_room
            self._w = target + (self._w - target) * self._f_room
        else:
            self._w = self._w + g_kg_s * dt / (_RHO * self.room_volume_m3)
        # --- room overpressure: set by the supply surplus, lost through an open inner door ----------
        self.room_dp_pa = self.rated_dp_pa if q_s > 0.0 else 0.0
        if self.door_b_open:
            self.room_dp_pa = self.room_dp_pa * (0.0 if self.door_a_open else 0.2)
        if self._fault_on[F_DP_DRIFT]:
            self._drift = self._drift + self._fault_value[F_DP_DRIFT] * dt
        else:
            self._drift = 0.0
        # The transmitter lags on the moisture it sees; its dew point is worked out when read.
        self._w_sensor = lagf(self._w_sensor, self._w, self._f_sensor)
        self._update_outputs()

    cdef void _update_outputs(self) noexcept nogil:
        self.humidity_g_kg = self._w * 1000.0
        self.airlock_humidity_g_kg = self._w_al * 1000.0
        self._noise = self.noise_c * self._gauss() if self.noise_c > 0.0 else 0.0
        self.door_a_closed = not self.door_a_open or self._fault_on[F_DOOR_A_SWITCH]
        self.door_b_closed = not self.door_b_open

    @property
    def dew_point_c(self):
        """The transmitter reading (°C): its lagged moisture as a dew point, + drift + noise."""
        return dew_point_from_humidity(self._w_sensor) + self._drift + self._noise

    @property
    def true_dew_point_c(self):
        return dew_point_from_humidity(self._w)

    @property
    def supply_dew_point_c(self):
        return dew_point_from_humidity(self._w_s)

    @property
    def airlock_dew_point_c(self):
        """Airlock dew point (°C, oracle)."""
        return dew_point_from_humidity(self._w_al)

    def set_dew_point(self, double celsius):
        """Put the room (and the transmitter) at dew point ``celsius``."""
        self._w = humidity_from_dew_point(celsius)
        self._w_sensor = self._w
        self._update_outputs()


def humidity_ratio(double dew_point_c):
    """Humidity ratio (kg/kg) of air at ``dew_point_c`` (Magnus over ice, 1013.25 hPa)."""
    return humidity_from_dew_point(dew_point_c)


def dew_point(double humidity_ratio_kg_kg):
    """Dew point (°C) of air with ``humidity_ratio_kg_kg`` (inverse of :func:`humidity_ratio`)."""
    return dew_point_from_humidity(humidity_ratio_kg_kg)
