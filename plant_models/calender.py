"""Calender (electrode roll press): hydraulic nip, roll drive with run-down, nip trip bar, locked guard.

Physics (shared/reference/battery-line.md §2.3):

* Cylinder pressure ``p``, with oil compressibility and the stand's spring lumped into one compliance
  ``C_h = V/beta + A^2/k`` (m³/Pa)::

      C_h dp/dt = Q_valve - Q_dump - C_leak p
      Q_valve = K_v u sqrt(p_s - p)  (u > 0, to supply)   or   K_v u sqrt(p)  (u < 0, to tank)
      Q_dump  = K_d sqrt(p) while the dump valve XV-303 is open (de-energised)

  stiff, so it is integrated in explicit sub-steps of at most ``substep_s`` (0.1 ms) inside a step.
  Force ``F = p A``, line load ``F / width``, roll gap ``gap_zero - F / k`` (the cylinder squeezes
  stand and product).
* Roll surface speed ``v``: with the drive enabled it ramps toward the set point at ``accel_m_s2``;
  with torque off (STO) it coasts down at ``coast_decel_m_s2``; once the spring brake has dropped
  (``brake_release`` False for ``brake_delay_s``) it decelerates at ``brake_decel_m_s2`` (+ coast).
  The run-down therefore covers ``v t_d + v^2 / (2 a)``; ``stop_distance_m`` and ``stop_time_s`` record
  the last one (29 CFR 1910.216: at most 1.75 % of the surface speed in fpm, in inches).
* Guard door: a person's ``door_open_request`` opens it only when the power-to-unlock lock is released
  (``lock_release``) or the door is forced; ``unsafe_access`` latches if the door is ever open while the
  rolls turn (the ISO 14119 oracle). Nip trip bar: ``trip_bar_pressed`` (a person) opens both NC
  channels ``trip_bar_a``/``trip_bar_b``.

Faults: ``seized_roll`` (speed 0, drive faults), ``dump_valve_stuck`` (keeps its position),
``door_forced``, ``trip_bar_channel_stuck`` (channel B stays healthy: a discrepancy),
``pressure_sensor_stuck``, ``gap_sensor_drift`` (value: mm/s), ``brake_worn`` (value: fraction of the
brake deceleration left, 0..1).
"""
from __future__ import annotations

from plant_models._spec import ModelSpec, Parameter, Signal

try:
    from plant_models._calender import Calender
    COMPILED = True
except ImportError:  # not built: the pure-Python twin stands in, and plant_models.BACKEND says so
    from plant_models._reference.calender import Calender  # type: ignore[assignment]
    COMPILED = False

__all__ = ["MODEL", "SPEC", "Calender"]

MODEL = Calender

SPEC = ModelSpec(
    name="calender",
    doc=__doc__ or "",
    signals=(
        Signal("valve_command", "input", float, "%", doc="servo valve SV-301 (+ press, - release)",
               range=(-100.0, 100.0), io="AO"),
        Signal("dump_valve_close", "input", bool, doc="dump valve XV-303 energised (closed)", io="DO"),
        Signal("drive_enable", "input", bool, doc="roll drives torque on (STO released)", io="DO"),
        Signal("speed_sp", "input", float, "m/min", doc="roll surface speed set point", range=(0.0, 100.0),
               io="FIELDBUS"),
        Signal("brake_release", "input", bool, doc="spring brake released (power to release)", io="DO"),
        Signal("lock_release", "input", bool, doc="guard lock solenoid (power to unlock)", io="DO"),
        Signal("trip_bar_pressed", "output", bool, settable=True, doc="a person pushes the nip trip bar"),
        Signal("door_open_request", "output", bool, settable=True, doc="a person pulls the guard door"),
        Signal("pressure_bar", "output", float, "bar", doc="cylinder pressure PT-301", range=(0.0, 350.0),
               io="AI_4_20"),
        Signal("force_kn", "output", float, "kN", doc="nip force", range=(0.0, 5000.0), io="FIELDBUS"),
        Signal("line_load_kn_mm", "output", float, "kN/mm", doc="line load (oracle)"),
        Signal("gap_mm", "output", float, "mm", doc="roll gap ZT-301 (LVDT)", range=(0.0, 1.0), io="AI_4_20"),
        Signal("overpressure", "output", bool, doc="hydraulic overpressure PSH-302", io="DI"),
        Signal("dump_valve_open", "output", bool, doc="dump valve open limit switch", io="DI"),
        Signal("roll_speed", "output", float, "m/min", doc="roll surface speed (encoder)", range=(0.0, 100.0),
               io="FIELDBUS"),
        Signal("standstill", "output", bool, doc="safe standstill (< 0.06 m/min)", io="DI"),
        Signal("drive_fault", "output", bool, doc="drive overcurrent (seized roll)", io="DI"),
        Signal("door_closed", "output", bool, doc="guard door closed GS-301", io="DI"),
        Signal("door_locked", "output", bool, doc="guard lock monitoring (bolt engaged)", io="DI"),
        Signal("trip_bar_a", "output", bool, doc="nip trip bar channel A (NC, True = healthy)", io="DI"),
        Signal("trip_bar_b", "output", bool, doc="nip trip bar channel B (NC, True = healthy)", io="DI"),
        Signal("surface_travel_m", "output", float, "m", doc="roll surface travel (oracle)"),
        Signal("stop_distance_m", "output", float, "m", doc="surface travel of the last run-down (oracle)"),
        Signal("stop_time_s", "output", float, "s", doc="duration of the last run-down (oracle)"),
        Signal("unsafe_access", "output", bool, doc="door was open while the rolls turned (oracle, latched)"),
    ),
    parameters=(
        Parameter("cyl_area_m2", "m²", 0.05, "cylinder piston area"),
        Parameter("oil_volume_m3", "m³", 0.002, "oil volume under pressure"),
        Parameter("bulk_modulus_pa", "Pa", 1.6e9, "oil bulk modulus"),
        Parameter("stack_stiffness_n_m", "N/m", 5e9, "stand + product stiffness"),
        Parameter("supply_bar", "bar", 250.0, "hydraulic supply pressure"),
        Parameter("valve_flow_m3_s", "m³/s", 1e-3, "servo valve flow at full command, 100 bar drop"),
        Parameter("dump_flow_m3_s", "m³/s", 2e-3, "dump valve flow at 100 bar"),
        Parameter("leak_m3_s_bar", "m³/s/bar", 1e-7, "cylinder leakage"),
        Parameter("overpressure_bar", "bar", 280.0, "PSH set point"),
        Parameter("gap_zero_mm", "mm", 0.4, "roll gap at zero force"),
        Parameter("width_m", "m", 1.2, "coated width (line load)"),
        Parameter("accel_m_s2", "m/s²", 0.5, "drive ramp"),
        Parameter("coast_decel_m_s2", "m/s²", 0.1, "run-down by friction, torque off"),
        Parameter("brake_decel_m_s2", "m/s²", 10.0, "brake deceleration at the roll surface"),
        Parameter("brake_delay_s", "s", 0.02, "brake engagement delay"),
        Parameter("substep_s", "s", 1e-4, "hydraulic sub-step (1 µs .. 1 ms)"),
        Parameter("noise_bar", "bar", 0.0, "pressure transmitter noise (standard deviation)"),
        Parameter("seed", None, 0, "noise seed"),
    ),
    faults=Calender.FAULTS,
)
