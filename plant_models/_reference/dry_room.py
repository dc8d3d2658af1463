"""Pure-Python twin of plant_models/_dry_room.pyx (same equations, same order, same API)."""
from __future__ import annotations

import math

from plant_models._checks import require_non_negative, require_positive
from plant_models._reference._base import ReferenceModel, lag

F_DP_DRIFT, F_DOOR_A_SWITCH, F_REGEN, F_SUPPLY_FAN, F_DOOR_B_LOCK = range(5)
_RHO = 1.2
_P_HPA = 1013.25


def humidity_ratio(dew_point_c: float) -> float:
    """Humidity ratio (kg/kg) at ``dew_point_c``: Magnus over ice, ``W = 0.622 e / (p - e)``."""
    e = 6.112 * math.exp(22.46 * dew_point_c / (272.62 + dew_point_c))
    return 0.622 * e / (_P_HPA - e)


def dew_point(w: float) -> float:
    """Dew point (°C) of air with humidity ratio ``w`` (kg/kg)."""
    g = math.log(w * _P_HPA / (0.622 + w) / 6.112)
    return 272.62 * g / (22.46 - g)


class DryRoom(ReferenceModel):
    """Battery dry room with airlock; see plant_models.dry_room."""

    FAULTS = ("dewpoint_sensor_drift", "door_a_switch_stuck_closed", "regen_heater_failure", "supply_fan_failure",
              "door_b_lock_failed")

    def __init__(self, room_volume_m3: float = 2000.0, supply_m3_s: float = 16.7, dehumidifier_dp_c: float = -60.0,
                 dehumidifier_tau_s: float = 600.0, outdoor_dp_c: float = 10.0, airlock_volume_m3: float = 10.0,
                 door_exchange_m3_s: float = 1.0, airlock_purge_m3_s: float = 0.2, person_g_h: float = 75.0,
                 permeation_g_h: float = 50.0, sensor_tau_s: float = 60.0, rated_dp_pa: float = 20.0,
                 regen_c_rated: float = 140.0, regen_tau_s: float = 120.0, ambient_c: float = 22.0,
                 initial_dp_c: float = -50.0, noise_c: float = 0.0, seed: int = 0) -> None:
        super().__init__()
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
        self.supply_fan_on = self.dehumidifier_on = self.door_a_lock = self.door_b_lock = False
        self.door_a_request = self.door_b_request = False
        self.people = 0
        self.humidity_g_kg = self.airlock_humidity_g_kg = self._noise = 0.0
        self.room_dp_pa = 0.0
        self.door_a_open = self.door_b_open = self.door_a_closed = self.door_b_closed = self.airlock_breach = False
        self._drift = 0.0
        self._dt_last = -1.0
        self._w = humidity_ratio(initial_dp_c)
        self._w_out = humidity_ratio(outdoor_dp_c)
        self._w_dehum = humidity_ratio(dehumidifier_dp_c)
        self._w_s = self._w
        self._w_sensor = self._w
        self._c_room = self._c_al = -1.0
        self._w_al = self._w
        self.regen_c = ambient_c
        self._update_outputs()

    def advance(self, dt: float) -> None:
        on = self._fault_on
        if dt != self._dt_last:
            self._dt_last = dt
            self._c_room = self._c_al = -1.0
        self.door_a_open = bool(self.door_a_request and not self.door_a_lock)
        self.door_b_open = bool(self.door_b_request and (not self.door_b_lock or on[F_DOOR_B_LOCK]))
        if self.door_a_open and self.door_b_open:
            self.airlock_breach = True
        regen_ok = self.dehumidifier_on and not on[F_REGEN]
        self.regen_c = lag(self.regen_c, self.regen_c_rated if regen_ok else self.ambient_c, dt, self.regen_tau_s)
        self._w_s = lag(self._w_s, self._w_dehum if regen_ok else self._w, dt, self.dehumidifier_tau_s)
        w_s = self._w_s
        q_s = self.supply_m3_s if (self.supply_fan_on and not on[F_SUPPLY_FAN]) else 0.0
        q_a = self.door_exchange_m3_s if self.door_a_open else 0.0
        q_b = self.door_exchange_m3_s if self.door_b_open else 0.0
        c = self.airlock_purge_m3_s + q_a + q_b
        if c > 0.0:
            if c != self._c_al:  # door states change rarely: one exp (and 1/c) per change, not per step
                self._c_al = c
                self._inv_c_al = 1.0 / c
                self._f_al = math.exp(-dt * c / self.airlock_volume_m3)
            target = (self.airlock_purge_m3_s * w_s + q_a * self._w_out + q_b * self._w) * self._inv_c_al
            self._w_al = target + (self._w_al - target) * self._f_al
        g_kg_s = (self.people * self.person_g_h + self.permeation_g_h) / 3600000.0
        c = q_s + q_b
        if c > 0.0:
            if c != self._c_room:
                self._c_room = c
                self._inv_c_room = 1.0 / c
                self._f_room = math.exp(-dt * c / self.room_volume_m3)
            target = (q_s * w_s + q_b * self._w_al + g_kg_s / _RHO) * self._inv_c_room
            self._w = target + (self._w - target) * self._f_room
        else:
            self._w = self._w + g_kg_s * dt / (_RHO * self.room_volume_m3)
        self.room_dp_pa = self.rated_dp_pa if q_s > 0.0 else 0.0
        if self.door_b_open:
            self.room_dp_pa = self.room_dp_pa * (0.0 if self.door_a_open else 0.2)
        if on[F_DP_DRIFT]:
            self._drift = self._drift + self._fault_value[F_DP_DRIFT] * dt
        else:
            self._drift = 0.0
        self._w_sensor = lag(self._w_sensor, self._w, dt, self.sensor_tau_s)
        self._update_outputs()

    def _update_outputs(self) -> None:
        on = self._fault_on
        self.humidity_g_kg = self._w * 1000.0
        self.airlock_humidity_g_kg = self._w_al * 1000.0
        self._noise = self.noise_c * self._gauss() if self.noise_c > 0.0 else 0.0
        self.door_a_closed = bool(not self.door_a_open or on[F_DOOR_A_SWITCH])
        self.door_b_closed = not self.door_b_open

    @property
    def dew_point_c(self) -> float:
        return dew_point(self._w_sensor) + self._drift + self._noise

    @property
    def true_dew_point_c(self) -> float:
        return dew_point(self._w)

    @property
    def supply_dew_point_c(self) -> float:
        return dew_point(self._w_s)

    @property
    def airlock_dew_point_c(self) -> float:
        return dew_point(self._w_al)

    def set_dew_point(self, celsius: float) -> None:
        self._w = humidity_ratio(celsius)
        self._w_sensor = self._w
        self._update_outputs()
