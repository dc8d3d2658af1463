"""Pure-Python twin of plant_models/_agv_transfer.pyx (same logic, same order, same API)."""
from __future__ import annotations

import math

from plant_models._checks import require_non_negative, require_positive
from plant_models._reference._base import ReferenceModel, clamp, ramp
from plant_models.errors import PlantConfigError

F_JAM, F_ENTRY_EYE, F_STOP_EYE, F_COMM_LOSS, F_AGV_BRAKE = range(5)
AWAY, APPROACH, DOCKED, TRANSFER, DONE, LEAVE, HOLD = range(7)
MAX_CARRIERS = 16
_STOP_OFFSET = 0.3
_ENTRY_EYE = 0.2
_DOCK_TOLERANCE = 0.005


class AgvTransfer(ReferenceModel):
    """Station conveyor with AGV docking transfer; see plant_models.agv_transfer."""

    FAULTS = ("conveyor_jam", "entry_eye_blocked", "stop_eye_dead", "comm_loss", "agv_brake_worn")

    def __init__(self, length_m: float = 3.0, carrier_m: float = 0.4, conveyor_m_s: float = 0.3,
                 conveyor_accel_m_s2: float = 0.5, approach_m: float = 10.0, agv_speed_m_s: float = 1.0,
                 agv_accel_m_s2: float = 0.5, agv_brake_m_s2: float = 1.0, agv_reaction_s: float = 0.1,
                 roller_m_s: float = 0.3, heartbeat_timeout_s: float = 0.5, heartbeat_period_s: float = 0.1,
                 overload_s: float = 2.0, seed: int = 0) -> None:
        super().__init__()
        require_positive("agv_transfer", length_m=length_m, carrier_m=carrier_m, conveyor_m_s=conveyor_m_s,
                         conveyor_accel_m_s2=conveyor_accel_m_s2, approach_m=approach_m, agv_speed_m_s=agv_speed_m_s,
                         agv_accel_m_s2=agv_accel_m_s2, agv_brake_m_s2=agv_brake_m_s2, roller_m_s=roller_m_s,
                         heartbeat_timeout_s=heartbeat_timeout_s, heartbeat_period_s=heartbeat_period_s)
        require_non_negative("agv_transfer", agv_reaction_s=agv_reaction_s, overload_s=overload_s)
        if length_m < carrier_m + _STOP_OFFSET + _ENTRY_EYE:
            raise PlantConfigError(f"length_m {length_m} is too short for a {carrier_m} m carrier",
                                   model="agv_transfer", parameter="length_m")
        self.length_m, self.carrier_m, self.conveyor_m_s = length_m, carrier_m, conveyor_m_s
        self.conveyor_accel_m_s2, self.approach_m, self.agv_speed_m_s = conveyor_accel_m_s2, approach_m, agv_speed_m_s
        self.agv_accel_m_s2, self.agv_brake_m_s2, self.agv_reaction_s = agv_accel_m_s2, agv_brake_m_s2, agv_reaction_s
        self.roller_m_s, self.heartbeat_timeout_s = roller_m_s, heartbeat_timeout_s
        self.heartbeat_period_s, self.overload_s = heartbeat_period_s, overload_s
        self.seed(seed)
        self.conveyor_run = self.station_ready = self.transfer_active = self.station_heartbeat = False
        self.agv_dispatch = self.person_in_field = self.agv_reset = False
        self.conveyor_speed = self.agv_speed = self.agv_stop_distance_m = self.transfer_progress = 0.0
        self.carriers_on_conveyor = self.delivered = self.agv_state = 0
        self.pe_entry = self.pe_stop = self.motor_overload = self.agv_in_pos = self.agv_transfer_done = False
        self.agv_heartbeat = self.agv_rollers_running = self.agv_fault = self.carrier_on_agv = False
        self._pos = [0.0] * MAX_CARRIERS
        self._jam_timer = self._hb_timer = self._hb_out_timer = self._brake_timer = 0.0
        self._last_station_hb = self._braking = False
        self.agv_distance_m = approach_m
        self.stopper_up = True
        self._update_outputs()

    def advance(self, dt: float) -> None:
        on = self._fault_on
        self.conveyor_speed = ramp(self.conveyor_speed, self.conveyor_m_s if self.conveyor_run else 0.0,
                                   self.conveyor_accel_m_s2 * dt)
        self._move_carriers(dt)
        edge = bool(self.station_heartbeat) != bool(self._last_station_hb) and not on[F_COMM_LOSS]
        if not on[F_COMM_LOSS]:
            self._last_station_hb = bool(self.station_heartbeat)
        if edge:
            self._hb_timer = 0.0
        else:
            self._hb_timer = self._hb_timer + dt
        if not on[F_COMM_LOSS]:
            self._hb_out_timer = self._hb_out_timer + dt
            if self._hb_out_timer >= self.heartbeat_period_s:
                self._hb_out_timer = 0.0
                self.agv_heartbeat = not self.agv_heartbeat
        self._move_agv(dt)
        self._update_outputs()

    def _move_carriers(self, dt: float) -> None:
        pos = self._pos
        step = self.conveyor_speed * dt
        if self._fault_on[F_JAM]:
            step = 0.0
            if self.conveyor_run:
                self._jam_timer = self._jam_timer + dt
        else:
            self._jam_timer = 0.0
        for k in range(self.carriers_on_conveyor):
            limit = 1e9
            if self.stopper_up and pos[k] <= self.length_m - _STOP_OFFSET:
                limit = self.length_m - _STOP_OFFSET
            if k > 0 and pos[k - 1] - self.carrier_m < limit:
                limit = pos[k - 1] - self.carrier_m
            pos[k] = clamp(pos[k] + step, pos[k], limit if limit > pos[k] else pos[k])
        if self.carriers_on_conveyor > 0 and pos[0] - self.carrier_m >= self.length_m:
            for k in range(self.carriers_on_conveyor - 1):
                pos[k] = pos[k + 1]
            self.carriers_on_conveyor = self.carriers_on_conveyor - 1
            self.delivered = self.delivered + 1

    def _move_agv(self, dt: float) -> None:
        v_old = self.agv_speed
        brake = self.agv_brake_m_s2
        n = self.carriers_on_conveyor
        if self._fault_on[F_AGV_BRAKE]:
            brake = brake * clamp(self._fault_value[F_AGV_BRAKE], 0.0, 1.0)
        if self.agv_state == AWAY and self.agv_dispatch:
            self.agv_state = APPROACH
            self.carrier_on_agv = True
        if self.agv_state == APPROACH or self.agv_state == LEAVE:
            if self.person_in_field:
                if not self._braking:
                    self._braking = True
                    self._brake_timer = 0.0
                    self.agv_stop_distance_m = 0.0
                self._brake_timer = self._brake_timer + dt
                if self._brake_timer >= self.agv_reaction_s:
                    self.agv_speed = ramp(self.agv_speed, 0.0, brake * dt)
            else:
                self._braking = False
                v_max = self.agv_speed_m_s
                if self.agv_state == APPROACH:
                    v_max = clamp(math.sqrt(2.0 * self.agv_accel_m_s2 * self.agv_distance_m), 0.02, self.agv_speed_m_s)
                self.agv_speed = ramp(self.agv_speed, v_max, self.agv_accel_m_s2 * dt)
            if self._braking:
                self.agv_stop_distance_m = self.agv_stop_distance_m + 0.5 * (v_old + self.agv_speed) * dt
            if self.agv_state == APPROACH:
                self.agv_distance_m = self.agv_distance_m - 0.5 * (v_old + self.agv_speed) * dt
                if self.agv_distance_m <= _DOCK_TOLERANCE:
                    self.agv_distance_m = 0.0
                    self.agv_speed = 0.0
                    self.agv_state = DOCKED
            else:
                self.agv_distance_m = self.agv_distance_m + 0.5 * (v_old + self.agv_speed) * dt
                if self.agv_distance_m >= self.approach_m:
                    self.agv_distance_m = self.approach_m
                    self.agv_speed = 0.0
                    self.agv_state = AWAY
        elif self.agv_state == DOCKED:
            if self.carrier_on_agv and self.station_ready and self.transfer_active:
                self.agv_state = TRANSFER
                self._hb_timer = 0.0
            elif not self.carrier_on_agv and not self.transfer_active:
                self.agv_state = LEAVE
        elif self.agv_state == TRANSFER:
            if self._hb_timer > self.heartbeat_timeout_s:
                self.agv_state = HOLD
            elif not self.transfer_active:
                self.agv_state = DOCKED
            else:
                if self.conveyor_speed > 0.05 or self.transfer_progress < 0.5:
                    self.transfer_progress = self.transfer_progress + self.roller_m_s * dt / self.carrier_m
                if self.transfer_progress > 0.5 and self.conveyor_speed <= 0.05:
                    self.transfer_progress = 0.5
                if self.transfer_progress >= 1.0 and n < MAX_CARRIERS and (n == 0 or self._pos[n - 1] - self.carrier_m >= 0.0):
                    self._pos[n] = 0.0
                    self.carriers_on_conveyor = n + 1
                    self.transfer_progress = 0.0
                    self.carrier_on_agv = False
                    self.agv_state = DONE
        elif self.agv_state == DONE:
            if not self.transfer_active:
                self.agv_state = LEAVE
        elif self.agv_state == HOLD:
            if self.agv_reset and self._hb_timer <= self.heartbeat_timeout_s:
                self.agv_state = DOCKED

    def _update_outputs(self) -> None:
        on = self._fault_on
        self.pe_entry = on[F_ENTRY_EYE]
        self.pe_stop = False
        for k in range(self.carriers_on_conveyor):
            front = self._pos[k]
            if front >= _ENTRY_EYE and front - self.carrier_m <= _ENTRY_EYE:
                self.pe_entry = True
            if (not on[F_STOP_EYE] and front >= self.length_m - _STOP_OFFSET - 0.05
                    and front - self.carrier_m <= self.length_m - _STOP_OFFSET - 0.05):
                self.pe_stop = True
        self.motor_overload = self._jam_timer >= self.overload_s
        self.agv_in_pos = self.agv_state in (DOCKED, TRANSFER, DONE, HOLD)
        self.agv_transfer_done = self.agv_state == DONE
        self.agv_rollers_running = self.agv_state == TRANSFER and self.transfer_progress < 1.0
        self.agv_fault = self.agv_state == HOLD

    def carrier_positions(self) -> list[float]:
        return [self._pos[k] for k in range(self.carriers_on_conveyor)]

    def add_carrier(self, position_m: float = 0.0) -> None:
        n = self.carriers_on_conveyor
        if n >= MAX_CARRIERS:
            raise ValueError(f"the conveyor holds at most {MAX_CARRIERS} carriers")
        if n > 0 and position_m > self._pos[n - 1] - self.carrier_m:
            raise ValueError(f"a carrier at {position_m} m would overlap the one at {self._pos[n - 1]} m")
        self._pos[n] = float(position_m)
        self.carriers_on_conveyor = n + 1
        self._update_outputs()
