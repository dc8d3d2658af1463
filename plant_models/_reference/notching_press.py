"""Pure-Python twin of plant_models/_notching_press.pyx (same equations, same order, same API)."""
from __future__ import annotations

import math

from plant_models._checks import require_non_negative, require_positive
from plant_models._reference._base import ReferenceModel, lag, ramp

F_OSSD_STUCK, F_CROSS_SHORT, F_LC_SLOW, F_TWO_HAND_STUCK, F_STOP_TIME, F_CLUTCH_STUCK = range(6)
_DEG_PER_SPM = 6.0
_RAD = 0.017453292519943295


class NotchingPress(ReferenceModel):
    """Mechanical notching press; see plant_models.notching_press."""

    FAULTS = ("ossd_stuck_high", "ossd_cross_short", "lc_response_degraded", "two_hand_button_stuck",
              "stop_time_degradation", "clutch_valve_stuck")

    def __init__(self, rated_spm: float = 120.0, stroke_mm: float = 30.0, flywheel_tau_s: float = 3.0,
                 clutch_tau_s: float = 0.02, brake_delay_s: float = 0.02, brake_decel_deg_s2: float = 7200.0,
                 lc_response_s: float = 0.015, safety_distance_mm: float = 310.0, hand_speed_mm_s: float = 2000.0,
                 seed: int = 0) -> None:
        super().__init__()
        require_positive("notching_press", rated_spm=rated_spm, stroke_mm=stroke_mm, flywheel_tau_s=flywheel_tau_s,
                         clutch_tau_s=clutch_tau_s, brake_decel_deg_s2=brake_decel_deg_s2,
                         hand_speed_mm_s=hand_speed_mm_s)
        require_non_negative("notching_press", brake_delay_s=brake_delay_s, lc_response_s=lc_response_s,
                             safety_distance_mm=safety_distance_mm)
        self.rated_spm, self.stroke_mm, self.flywheel_tau_s = rated_spm, stroke_mm, flywheel_tau_s
        self.clutch_tau_s, self.brake_delay_s, self.brake_decel_deg_s2 = clutch_tau_s, brake_delay_s, brake_decel_deg_s2
        self.lc_response_s, self.safety_distance_mm, self.hand_speed_mm_s = lc_response_s, safety_distance_mm, hand_speed_mm_s
        self.seed(seed)
        self.motor_on = self.clutch_a = self.clutch_b = False
        self.intrusion = self.left_pressed = self.right_pressed = False
        self.crank_angle = 0.0
        self.last_stop_time_s = self.last_stop_angle_deg = 0.0
        self.stroke_count = 0
        self.ossd1 = self.ossd2 = self.two_hand_left = self.two_hand_right = False
        self.tdc = self.standstill = self.clutch_engaged = self.hand_injury = False
        self._omega = self._omega_fly = self._lc_timer = self._hand_time = self._stop_timer = 0.0
        self._stopping = False
        self._lc_clear = True
        self._brake_timer = 1e9
        self._update_outputs()

    def advance(self, dt: float) -> None:
        on, value = self._fault_on, self._fault_value
        self._omega_fly = lag(self._omega_fly, self.rated_spm * _DEG_PER_SPM if self.motor_on else 0.0, dt,
                              self.flywheel_tau_s)
        engaged = (self.clutch_a or on[F_CLUTCH_STUCK]) and self.clutch_b
        omega_old = self._omega
        if engaged:
            self._brake_timer = 0.0
            self._omega = lag(self._omega, self._omega_fly, dt, self.clutch_tau_s)
        else:
            self._brake_timer = self._brake_timer + dt
            if self._brake_timer >= self.brake_delay_s + value[F_STOP_TIME]:
                self._omega = ramp(self._omega, 0.0, self.brake_decel_deg_s2 * dt)
        self.crank_angle = self.crank_angle + 0.5 * (omega_old + self._omega) * dt
        if self.crank_angle >= 360.0:
            self.crank_angle = self.crank_angle - 360.0
            self.stroke_count = self.stroke_count + 1
        if not engaged and omega_old > 0.0:
            if not self._stopping:
                self._stopping = True
                self._stop_timer = 0.0
            self._stop_timer = self._stop_timer + dt
            if self._omega <= 0.0:
                self.last_stop_time_s = self._stop_timer
                self.last_stop_angle_deg = self.crank_angle
        elif engaged:
            self._stopping = False
        response = self.lc_response_s + value[F_LC_SLOW]
        if self._lc_clear == self.intrusion:
            self._lc_timer = self._lc_timer + dt
            if self._lc_timer >= response:
                self._lc_clear = not self.intrusion
                self._lc_timer = 0.0
        else:
            self._lc_timer = 0.0
        if self.intrusion:
            self._hand_time = self._hand_time + dt
            if (self._hand_time * self.hand_speed_mm_s >= self.safety_distance_mm and self._omega > 1.0
                    and self.crank_angle < 180.0):
                self.hand_injury = True
        else:
            self._hand_time = 0.0
        self.clutch_engaged = bool(engaged)
        self._update_outputs()

    def _update_outputs(self) -> None:
        on = self._fault_on
        self.tdc = self.crank_angle >= 350.0 or self.crank_angle <= 10.0
        self.standstill = self._omega < 1.0
        if on[F_CROSS_SHORT]:
            self.ossd1 = False
            self.ossd2 = False
        else:
            self.ossd1 = self._lc_clear
            self.ossd2 = self._lc_clear or on[F_OSSD_STUCK]
        self.two_hand_left = bool(self.left_pressed or on[F_TWO_HAND_STUCK])
        self.two_hand_right = bool(self.right_pressed)

    @property
    def crank_speed_spm(self) -> float:
        return self._omega / _DEG_PER_SPM

    @property
    def flywheel_spm(self) -> float:
        return self._omega_fly / _DEG_PER_SPM

    @property
    def slide_position_mm(self) -> float:
        return 0.5 * self.stroke_mm * (1.0 - math.cos(self.crank_angle * _RAD))

    def set_crank(self, angle_deg: float, spm: float) -> None:
        self.crank_angle = angle_deg - 360.0 * math.floor(angle_deg / 360.0)
        self._omega = spm * _DEG_PER_SPM
        self._omega_fly = self._omega
        self._update_outputs()
