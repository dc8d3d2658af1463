"""Slurry mixer (double planetary + disperser, vacuum, jacketed, N2 inerted).

Physics (shared/reference/battery-line.md §2.1):

* Drives: VFD ramps toward the set points while enabled; with STO (enable off) the tools coast down.
* Shear heating: viscous load torque ``tau = k eta w`` per tool, shear power ``P = sum k eta w^2``.
* Slurry ``M c_p dT/dt = P - UA (T - T_j)`` (exact over a step); jacket ``tau_j dT_j/dt = T_sp - T_j``.
* Vessel pressure ``V dp/dt = q_leak + p_atm Q_N2 r + C_v (p_atm - p) - S p`` (vent and pump terms only
  while their valves are open; r closes the N2 regulator over the 5 kPa below 110 kPa abs): linear
  in p over a step, solved exactly, so pump-down takes ``(V/S) ln(p0/p1)``.
* O2 in the headspace by mole balance on the O2 partial pressure ``y = x p``::

      V dy/dt = 20.9 % (q_leak + vent inflow) - x (S p + vent outflow)

  so pumping keeps x, an N2 back-fill dilutes ``x_n = x_0 (p_low/p_high)^n`` and a continuous purge
  at constant pressure decays ``x = x_0 exp(-Q t / V)``. The analyser lags by ``o2_tau_s``.
* Lid: pneumatic lift over ``lid_travel_s``, blocked while locked; an open lid equalises the vessel to
  atmosphere. Dual lid-closed switches, lock monitoring, independent slurry high-temperature switch.

Faults: ``o2_analyser_drift`` (value: %/s; negative = the dangerous drift low), ``lid_switch_stuck``
(channel A reads closed), ``n2_supply_loss`` (no N2, PSL trips), ``vacuum_pump_contactor_welded``,
``tcu_failure`` (jacket drifts to ambient).
"""
from __future__ import annotations

from plant_models._spec import ModelSpec, Parameter, Signal

try:
    from plant_models._slurry_mixer import SlurryMixer
    COMPILED = True
except ImportError:  # not built: the pure-Python twin stands in, and plant_models.BACKEND says so
    from plant_models._reference.slurry_mixer import SlurryMixer  # type: ignore[assignment]
    COMPILED = False

__all__ = ["MODEL", "SPEC", "SlurryMixer"]

MODEL = SlurryMixer

SPEC = ModelSpec(
    name="slurry_mixer",
    doc=__doc__ or "",
    signals=(
        Signal("planetary_enable", "input", bool, doc="planetary drive STO released", io="DO"),
        Signal("planetary_sp_rpm", "input", float, "rpm", doc="planetary speed set point", range=(0.0, 60.0),
               io="FIELDBUS"),
        Signal("disperser_enable", "input", bool, doc="disperser drive STO released", io="DO"),
        Signal("disperser_sp_rpm", "input", float, "rpm", doc="disperser speed set point", range=(0.0, 3000.0),
               io="FIELDBUS"),
        Signal("jacket_sp_c", "input", float, "°C", doc="TCU set point", range=(5.0, 60.0), io="AO"),
        Signal("vacuum_pump_on", "input", bool, doc="vacuum pump contactor KM-101", io="DO"),
        Signal("vacuum_valve", "input", bool, doc="vacuum valve XV-101", io="DO"),
        Signal("n2_valve", "input", bool, doc="N2 valve XV-102", io="DO"),
        Signal("vent_valve", "input", bool, doc="vent valve XV-103", io="DO"),
        Signal("lid_raise", "input", bool, doc="lid lift valve", io="DO"),
        Signal("lid_lock", "input", bool, doc="lid guard-lock solenoid GL-101", io="DO"),
        Signal("planetary_rpm", "output", float, "rpm", doc="planetary speed ST-101", range=(0.0, 80.0),
               io="FIELDBUS"),
        Signal("disperser_rpm", "output", float, "rpm", doc="disperser speed ST-102", range=(0.0, 3000.0),
               io="FIELDBUS"),
        Signal("shear_power_kw", "output", float, "kW", doc="motor power JT-101", range=(0.0, 200.0), io="FIELDBUS"),
        Signal("slurry_c", "output", float, "°C", doc="slurry temperature TT-101", range=(-50.0, 150.0), io="RTD"),
        Signal("jacket_c", "output", float, "°C", doc="jacket temperature TT-102", range=(-50.0, 150.0), io="RTD"),
        Signal("temp_high", "output", bool, doc="independent slurry high temperature TSHH-101", io="DI"),
        Signal("pressure_kpa", "output", float, "kPa", doc="vessel pressure PT-101 (abs)", range=(0.0, 120.0),
               io="AI_4_20"),
        Signal("o2_reading_pct", "output", float, "%", doc="O2 analyser AT-101", range=(0.0, 25.0), io="AI_4_20"),
        Signal("o2_true_pct", "output", float, "%", settable=True, doc="true headspace O2 (oracle)"),
        Signal("n2_pressure_low", "output", bool, doc="N2 supply pressure low PSL-102", io="DI"),
        Signal("pump_running", "output", bool, doc="vacuum pump contactor EDM (closed = running)", io="DI"),
        Signal("lid_closed_a", "output", bool, doc="lid closed channel A GS-101A", io="DI"),
        Signal("lid_closed_b", "output", bool, doc="lid closed channel B GS-101B", io="DI"),
        Signal("lid_locked", "output", bool, doc="lid lock monitoring", io="DI"),
        Signal("lid_position", "output", float, "1", doc="lid lift, 0 = closed .. 1 = open (oracle)"),
    ),
    parameters=(
        Parameter("vessel_volume_m3", "m³", 1.0, "headspace volume"),
        Parameter("pump_speed_m3_s", "m³/s", 0.03, "effective pumping speed S"),
        Parameter("leak_pa_m3_s", "Pa·m³/s", 0.5, "air leak throughput"),
        Parameter("n2_flow_m3_s", "m³/s", 0.01, "N2 flow (at atmospheric pressure)"),
        Parameter("vent_conductance_m3_s", "m³/s", 0.05, "vent valve conductance"),
        Parameter("batch_kg", "kg", 800.0, "slurry mass"),
        Parameter("cp_j_kg_k", "J/(kg·K)", 2000.0, "slurry heat capacity"),
        Parameter("ua_w_k", "W/K", 400.0, "jacket heat transfer UA"),
        Parameter("jacket_tau_s", "s", 180.0, "TCU / jacket time constant"),
        Parameter("planetary_accel_rpm_s", "rpm/s", 10.0, "planetary ramp"),
        Parameter("disperser_accel_rpm_s", "rpm/s", 300.0, "disperser ramp"),
        Parameter("coast_decel_rpm_s", "rpm/s", 20.0, "planetary coast-down (disperser 10x)"),
        Parameter("k_planetary", "m³", 40.0, "planetary viscous torque factor (N·m per Pa·s per rad/s)"),
        Parameter("k_disperser", "m³", 0.02, "disperser viscous torque factor"),
        Parameter("viscosity_pa_s", "Pa·s", 20.0, "slurry viscosity (5-50 Pa·s)"),
        Parameter("o2_tau_s", "s", 2.0, "O2 analyser time constant (and lid-open mixing)"),
        Parameter("lid_travel_s", "s", 10.0, "lid travel time"),
        Parameter("ambient_c", "°C", 22.0, "ambient temperature"),
        Parameter("temp_switch_c", "°C", 45.0, "TSHH set point"),
        Parameter("noise_o2", "%", 0.0, "O2 analyser noise (standard deviation)"),
        Parameter("seed", None, 0, "noise seed"),
    ),
    faults=SlurryMixer.FAULTS,
)
