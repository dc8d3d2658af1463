"""Battery dry room: moisture balance, dew point, desiccant dehumidifier, airlock doors, people load.

Physics (shared/reference/battery-line.md §2.13), humidity ratio ``W`` in kg/kg:

* Dew point <-> humidity ratio by Magnus over ice: ``e = 6.112 exp(22.46 Td / (272.62 + Td))`` hPa,
  ``W = 0.622 e / (p - e)`` (-40 °C: 0.079 g/kg, -50 °C: 0.024 g/kg).
* Room, well mixed (``rho V dW/dt``)::

      rho V dW/dt = rho Q_s (W_s - W) + rho Q_x [door B open] (W_al - W) + G_people N + G_perm

  solved exactly over a step (V/Q_s = 2 min at 30 air changes per hour).
* Airlock: ``rho V_al dW_al/dt = rho Q_p (W_s - W_al) + rho Q_x [A open] (W_out - W_al)
  + rho Q_x [B open] (W - W_al)``: the outer door lets outdoor air in, the inner one passes it on.
* Dehumidifier: the supply moisture lags (``dehumidifier_tau_s``) toward that of ``dehumidifier_dp_c``
  while the regeneration heater works, toward the room's (no drying) otherwise; the regen
  temperature lags toward ``regen_c_rated``.
* Dew-point transmitter: lags ``sensor_tau_s`` on the moisture content it sees (the dew points are
  worked out when read, so a step costs no logarithm); room overpressure ``rated_dp_pa Q_s/Q_rated``, 20 % of
  it with the inner door open and none with both open (``airlock_breach`` latches).
* Doors open on a person's request only while their magnetic lock is released.

Faults: ``dewpoint_sensor_drift`` (value: K/s; positive reads wet, negative reads dry: the dangerous
one for quality), ``door_a_switch_stuck_closed``, ``regen_heater_failure``, ``supply_fan_failure``,
``door_b_lock_failed`` (the inner maglock does not hold).
"""
from __future__ import annotations

from plant_models._spec import ModelSpec, Parameter, Signal

try:
    from plant_models._dry_room import DryRoom, dew_point, humidity_ratio
    COMPILED = True
except ImportError:  # not built: the pure-Python twin stands in, and plant_models.BACKEND says so
    from plant_models._reference.dry_room import DryRoom, dew_point, humidity_ratio  # type: ignore[assignment]
    COMPILED = False

__all__ = ["MODEL", "SPEC", "DryRoom", "dew_point", "humidity_ratio"]

MODEL = DryRoom

SPEC = ModelSpec(
    name="dry_room",
    doc=__doc__ or "",
    signals=(
        Signal("supply_fan_on", "input", bool, doc="supply air fan", io="DO"),
        Signal("dehumidifier_on", "input", bool, doc="desiccant rotor and regen heater", io="DO"),
        Signal("door_a_lock", "input", bool, doc="outer airlock door maglock GL-131A", io="DO"),
        Signal("door_b_lock", "input", bool, doc="inner airlock door maglock GL-131B", io="DO"),
        Signal("door_a_request", "output", bool, settable=True, doc="a person pushes the outer door"),
        Signal("door_b_request", "output", bool, settable=True, doc="a person pushes the inner door"),
        Signal("people", "output", int, settable=True, doc="people in the room"),
        Signal("dew_point_c", "output", float, "°C", doc="room dew point AT-135", range=(-80.0, 20.0), io="AI_4_20"),
        Signal("true_dew_point_c", "output", float, "°C", doc="true room dew point (oracle)"),
        Signal("airlock_dew_point_c", "output", float, "°C", doc="airlock dew point (oracle)"),
        Signal("supply_dew_point_c", "output", float, "°C", doc="dehumidifier outlet dew point",
               range=(-80.0, 20.0), io="AI_4_20"),
        Signal("humidity_g_kg", "output", float, "g/kg", doc="room humidity ratio (oracle)"),
        Signal("room_dp_pa", "output", float, "Pa", doc="room overpressure PDT-136", range=(0.0, 50.0), io="AI_4_20"),
        Signal("regen_c", "output", float, "°C", doc="regeneration air temperature", range=(0.0, 200.0), io="TC"),
        Signal("door_a_closed", "output", bool, doc="outer door closed GS-131A", io="DI"),
        Signal("door_b_closed", "output", bool, doc="inner door closed GS-131B", io="DI"),
        Signal("airlock_breach", "output", bool, doc="both doors were open at once (oracle, latched)"),
    ),
    parameters=(
        Parameter("room_volume_m3", "m³", 2000.0, "room volume"),
        Parameter("supply_m3_s", "m³/s", 16.7, "dry supply air (30 air changes per hour)"),
        Parameter("dehumidifier_dp_c", "°C", -60.0, "supply dew point the rotor achieves"),
        Parameter("dehumidifier_tau_s", "s", 600.0, "dehumidifier response"),
        Parameter("outdoor_dp_c", "°C", 10.0, "dew point outside the airlock"),
        Parameter("airlock_volume_m3", "m³", 10.0, "airlock volume"),
        Parameter("door_exchange_m3_s", "m³/s", 1.0, "air exchanged through an open door"),
        Parameter("airlock_purge_m3_s", "m³/s", 0.2, "dry air purging the airlock"),
        Parameter("person_g_h", "g/h", 75.0, "moisture per person"),
        Parameter("permeation_g_h", "g/h", 50.0, "envelope permeation load"),
        Parameter("sensor_tau_s", "s", 60.0, "dew-point transmitter time constant"),
        Parameter("rated_dp_pa", "Pa", 20.0, "room overpressure at rated supply"),
        Parameter("regen_c_rated", "°C", 140.0, "regeneration air temperature"),
        Parameter("regen_tau_s", "s", 120.0, "regeneration heater time constant"),
        Parameter("ambient_c", "°C", 22.0, "ambient temperature"),
        Parameter("initial_dp_c", "°C", -50.0, "room dew point at start"),
        Parameter("noise_c", "°C", 0.0, "transmitter noise (standard deviation)"),
        Parameter("seed", None, 0, "noise seed"),
    ),
    faults=DryRoom.FAULTS,
)
