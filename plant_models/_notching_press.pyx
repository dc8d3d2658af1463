# cython: language_level=3, cdivision=True
"""Notching press, compiled. Model and units: plant_models/notching_press.py; twin: _reference/notching_press.py."""
from libc.math cimport cos, exp, floor

from plant_models._base cimport PlantModel, lagf, ramp

from plant_models._checks import require_non_negative, require_positive

cdef enum:
    F_OSSD_STUCK, F_CROSS_SHORT, F_LC_SLOW, F_TWO_HAND_STUCK, F_STOP_TIME, F_CLUTCH_STUCK

cdef double _DEG_PER_SPM = 6.0   # 1 stroke/min = 360°/60 s
cdef double _RAD = 0.017453292519943295


cdef class NotchingPress(PlantModel):
    """See plant_models.notching_press for the equations, signals and faults."""

    FAULTS = ("ossd_stuck_high", "ossd_cross_short", "lc_response_degraded", "two_hand_button_stuck",
              "stop_time_degradation", "clutch_valve_stuck")

    def __init__(self, double rated_spm=120.0, double stroke_mm=30.0, double flywheel_tau_s=3.0,
                 double clutch_tau_s=0.02, double brake_delay_s=0.02, double brake_decel_deg_s2=7200.0,
                 double lc_response_s=0.015, double safety_distance_mm=310.0, double hand_speed_mm_s=2000.0,
                 seed=0):
        require_positive("notching_press", rated_spm=rated_spm, stroke_mm=stroke_mm, flywheel_tau_s=flywheel_tau_s,
                         clutch_tau_s=clutch_tau_s, brake_decel_deg_s2=brake_decel_deg_s2,
                         hand_speed_mm_s=hand_speed_mm_s)
        require_non_negative("notching_press", brake_delay_s=brake_delay_s, lc_response_s=lc_response_s,
                             safety_distance_mm=safety_distance_mm)
        self.rated_spm, self.stroke_mm, self.flywheel_tau_s = rated_spm, stroke_mm, flywheel_tau_s
        self.clutch_tau_s, self.brake_delay_s, self.brake_decel_deg_s2 = clutch_tau_s, brake_delay_s, brake_decel_deg_s2
        self.lc_response_s, self.safety_distance_mm, self.hand_speed_mm_s = lc_response_s, safety_distance_mm, hand_speed_mm_s
        self.seed(seed)
        self._lc_clear = True
        self._brake_timer = 1e9
        self._dt_last = -1.0
        self._update_outputs()

    cdef void advance(self, double dt) noexcept nogil:
        cdef double omega_old, response
        cdef bint engaged
        if dt != self._dt_last:
            self._dt_last = dt
            self._f_fly = exp(-dt / self.flywheel_tau_s)
            self._f_clutch = exp(-dt / self.clutch_tau_s)
        # Flywheel: the main motor spins it up; it is what the clutch couples to the crank.
        self._omega_fly = lagf(self._omega_fly, self.rated_spm * _DEG_PER_SPM if self.motor_on else 0.0, self._f_fly)
        # Dual clutch/brake valve: engaged only with both channels energised (a stuck valve A stays on).
        engaged = (self.clutch_a or self._fault_on[F_CLUTCH_STUCK]) and self.clutch_b
        omega_old = self._omega
        if engaged:
            self._brake_timer = 0.0
            self._omega = lagf(self._omega, self._omega_fly, self._f_clutch)
        else:
            self._brake_timer = self._brake_timer + dt
            # The brake acts after its delay (+ wear, the stopping-performance monitor's target).
            if self._brake_timer >= self.brake_delay_s + self._fault_value[F_STOP_TIME]:
                self._omega = ramp(self._omega, 0.0, self.brake_decel_deg_s2 * dt)
        self.crank_angle = self.crank_angle + 0.5 * (omega_old + self._omega) * dt
        if self.crank_angle >= 360.0:
            self.crank_angle = self.crank_angle - 360.0
            self.stroke_count = self.stroke_count + 1
        # Stop-time oracle: from clutch release to standstill.
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
        # Light curtain: the OSSDs follow the beam state after the response time.
        response = self.lc_response_s + self._fault_value[F_LC_SLOW]
        if self._lc_clear == self.intrusion:   # beam state differs from the OSSD state
            self._lc_timer = self._lc_timer + dt
            if self._lc_timer >= response:
                self._lc_clear = not self.intrusion
                self._lc_timer = 0.0
        else:
            self._lc_timer = 0.0
        # ISO 13855 oracle: a hand moving at hand_speed from the curtain reaches the die after S / K.
        if self.intrusion:
            self._hand_time = self._hand_time + dt
            if (self._hand_time * self.hand_speed_mm_s >= self.safety_distance_mm and self._omega > 1.0
                    and self.crank_angle < 180.0):
                self.hand_injury = True
        else:
            self._hand_time = 0.0
        self.clutch_engaged = engaged
        self._update_outputs()

    cdef void _update_outputs(self) noexcept nogil:
        self.tdc = self.crank_angle >= 350.0 or self.crank_angle <= 10.0
        self.standstill = self._omega < 1.0
        if self._fault_on[F_CROSS_SHORT]:
            # Test pulses reveal the short: the curtain locks out with both OSSDs off.
            self.ossd1 = False
            self.ossd2 = False
        else:
            self.ossd1 = self._lc_clear
            self.ossd2 = self._lc_clear or self._fault_on[F_OSSD_STUCK]
        self.two_hand_left = self.left_pressed or self._fault_on[F_TWO_HAND_STUCK]
        self.two_hand_right = self.right_pressed

    @property
    def crank_speed_spm(self):
        """Crank speed in strokes per minute."""
        return self._omega / _DEG_PER_SPM

    @property
    def flywheel_spm(self):
        return self._omega_fly / _DEG_PER_SPM

    @property
    def slide_position_mm(self):
        """Slide below top dead centre (mm): s = (stroke/2)(1 - cos theta), computed when read."""
        return 0.5 * self.stroke_mm * (1.0 - cos(self.crank_angle * _RAD))

    def set_crank(self, double angle_deg, double spm):
        """Put the crank at ``angle_deg`` turning at ``spm`` (clutch engaged state is up to the inputs)."""
        self.crank_angle = angle_deg - 360.0 * floor(angle_deg / 360.0)
        self._omega = spm * _DEG_PER_SPM
        self._omega_fly = self._omega
        self._update_outputs()
