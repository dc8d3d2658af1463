"""Notching press (mechanical die press) with light curtain and two-hand control.

Physics (shared/reference/battery-line.md §2.5, §0.4):

* Flywheel speed ``tau_fly dw_f/dt = w_rated - w_f`` while the main motor runs (0 otherwise).
* Crank: with the dual clutch/brake valve engaged (both channels) the crank follows the flywheel with
  the clutch lag ``clutch_tau_s``; released, the brake acts after ``brake_delay_s`` and decelerates at
  ``brake_decel_deg_s2``, so the stopping time is ``T = t_d + w / a`` (0.12 s at 120 spm by default).
  ``last_stop_time_s`` and ``last_stop_angle_deg`` record the last stop (stopping-performance monitor
  oracle). Slide ``s = (stroke/2) (1 - cos theta)``; ``tdc`` is a cam 350..10°.
* Light curtain: OSSD1/OSSD2 follow the beam after ``lc_response_s``. ISO 13855 oracle: a hand entering
  at ``hand_speed_mm_s`` (K = 2000 mm/s) reaches the die ``safety_distance_mm / K`` after breaking the
  beam; if the crank still turns in its closing half (0..180°) then, ``hand_injury`` latches.
* Two-hand control: the operator's ``left_pressed``/``right_pressed`` appear on the DI contacts (the
  500 ms synchronism check is the PLC's job).

Faults: ``ossd_stuck_high`` (OSSD2 stays on), ``ossd_cross_short`` (curtain locks out: both off),
``lc_response_degraded`` (value: extra response, s), ``two_hand_button_stuck`` (left button stays
pressed: anti-tie-down), ``stop_time_degradation`` (value: extra brake delay, s: brake wear),
``clutch_valve_stuck`` (valve A stays energised; the press still stops through valve B).
"""
from __future__ import annotations

from plant_models._spec import ModelSpec, Parameter, Signal

try:
    from plant_models._notching_press import NotchingPress
    COMPILED = True
except ImportError:  # not built: the pure-Python twin stands in, and plant_models.BACKEND says so
    from plant_models._reference.notching_press import NotchingPress  # type: ignore[assignment]
    COMPILED = False

__all__ = ["MODEL", "SPEC", "NotchingPress"]

MODEL = NotchingPress

SPEC = ModelSpec(
    name="notching_press",
    doc=__doc__ or "",
    signals=(
        Signal("motor_on", "input", bool, doc="main motor contactor", io="DO"),
        Signal("clutch_a", "input", bool, doc="clutch/brake valve channel A", io="DO"),
        Signal("clutch_b", "input", bool, doc="clutch/brake valve channel B", io="DO"),
        Signal("intrusion", "output", bool, settable=True, doc="a hand breaks the light curtain"),
        Signal("left_pressed", "output", bool, settable=True, doc="operator presses the left button"),
        Signal("right_pressed", "output", bool, settable=True, doc="operator presses the right button"),
        Signal("ossd1", "output", bool, doc="light curtain OSSD 1 (True = clear)", io="DI"),
        Signal("ossd2", "output", bool, doc="light curtain OSSD 2 (True = clear)", io="DI"),
        Signal("two_hand_left", "output", bool, doc="two-hand left button", io="DI"),
        Signal("two_hand_right", "output", bool, doc="two-hand right button", io="DI"),
        Signal("crank_angle", "output", float, "°", doc="crank angle (resolver, 0 = TDC)", range=(0.0, 360.0),
               io="FIELDBUS"),
        Signal("crank_speed_spm", "output", float, "1/min", doc="strokes per minute", range=(0.0, 200.0),
               io="FIELDBUS"),
        Signal("flywheel_spm", "output", float, "1/min", doc="flywheel speed in strokes per minute"),
        Signal("slide_position_mm", "output", float, "mm", doc="slide below TDC", range=(0.0, 100.0), io="AI_4_20"),
        Signal("tdc", "output", bool, doc="top-dead-centre cam", io="DI"),
        Signal("standstill", "output", bool, doc="crank at standstill", io="DI"),
        Signal("clutch_engaged", "output", bool, doc="clutch engaged (oracle)"),
        Signal("stroke_count", "output", int, doc="strokes completed", io="FIELDBUS"),
        Signal("last_stop_time_s", "output", float, "s", doc="duration of the last stop (oracle)"),
        Signal("last_stop_angle_deg", "output", float, "°", doc="crank angle at the last standstill (oracle)"),
        Signal("hand_injury", "output", bool, doc="a hand reached the die while it closed (oracle, latched)"),
    ),
    parameters=(
        Parameter("rated_spm", "1/min", 120.0, "strokes per minute at full flywheel speed"),
        Parameter("stroke_mm", "mm", 30.0, "slide stroke"),
        Parameter("flywheel_tau_s", "s", 3.0, "flywheel spin-up time constant"),
        Parameter("clutch_tau_s", "s", 0.02, "clutch engagement time constant"),
        Parameter("brake_delay_s", "s", 0.02, "brake engagement delay"),
        Parameter("brake_decel_deg_s2", "°/s²", 7200.0, "brake deceleration of the crank"),
        Parameter("lc_response_s", "s", 0.015, "light curtain response time"),
        Parameter("safety_distance_mm", "mm", 310.0, "light curtain to die distance S"),
        Parameter("hand_speed_mm_s", "mm/s", 2000.0, "hand approach speed K"),
        Parameter("seed", None, 0, "noise seed"),
    ),
    faults=NotchingPress.FAULTS,
)
