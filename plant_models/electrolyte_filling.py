"""Electrolyte filling station: vacuum chamber, Coriolis dosing, door lock, LEL and HF in the enclosure.

Physics (shared/reference/battery-line.md §2.8):

* Chamber pressure ``V dp/dt = q_leak + C_v (p_atm - p) - S p`` (vent and pump terms while their
  valves are open), linear in p and solved exactly: pump-down takes ``t = (V/S) ln(p0/p1)``
  (0.2 m³ at 100 m³/h: 1013 -> 10 mbar in 33 s) and the ultimate pressure is ``q_leak / S``.
* Door: opens on a person's request only when unlocked and within 5 mbar of atmosphere (the pressure
  difference holds it shut); an open door vents the chamber.
* Dosing: ``dm/dt = rho Q`` while the needle valve is open (``head_fraction`` of it with the pump off);
  the Coriolis meter reads flow + zero drift and totalises it; ``totaliser_reset`` starts a new cell;
  ``cell_mass_g`` is the post-weigh (tare + true dosed mass).
* Spill: a leak fills the drip tray (LSH at ``tray_alarm_g``); the pool evaporates with
  ``tau_evap`` into the enclosure, well mixed: ``V_e dc/dt = m_evap - Q_ex c``; %LEL = 100 c / c_LEL.
  HF from LiPF6 hydrolysis follows the same balance with ``hf_mg_per_g`` per gram evaporated;
  1 ppm HF = 0.818 mg/m³. Sensor lags ``lel_tau_s`` and ``hf_tau_s`` (electrochemical, slow).

Faults: ``needle_valve_stuck_open`` (overfill: the post-weigh must catch it), ``coriolis_zero_drift``
(value: g/s), ``pirani_failed_good`` (reads 0.1 mbar), ``hf_sensor_dead`` (NE43 fail-low: -0.25 ppm =
3.6 mA on 0-10 ppm), ``electrolyte_spill`` (value: g/s into the tray), ``extraction_belt_broken``,
``chamber_leak`` (value: extra leak, Pa·m³/s).
"""
from __future__ import annotations

from plant_models._spec import ModelSpec, Parameter, Signal

try:
    from plant_models._electrolyte_filling import ElectrolyteFilling
    COMPILED = True
except ImportError:  # not built: the pure-Python twin stands in, and plant_models.BACKEND says so
    from plant_models._reference.electrolyte_filling import ElectrolyteFilling  # type: ignore[assignment]
    COMPILED = False

__all__ = ["MODEL", "SPEC", "ElectrolyteFilling"]

MODEL = ElectrolyteFilling

SPEC = ModelSpec(
    name="electrolyte_filling",
    doc=__doc__ or "",
    signals=(
        Signal("vacuum_pump_on", "input", bool, doc="vacuum pump contactor", io="DO"),
        Signal("vacuum_valve", "input", bool, doc="vacuum valve XV-802", io="DO"),
        Signal("vent_valve", "input", bool, doc="vent (dry N2) valve XV-803", io="DO"),
        Signal("dosing_pump_on", "input", bool, doc="dosing pump", io="DO"),
        Signal("needle_valve", "input", bool, doc="dosing needle valve XV-801", io="DO"),
        Signal("door_lock", "input", bool, doc="chamber door lock solenoid", io="DO"),
        Signal("extraction_on", "input", bool, doc="enclosure extraction fan", io="DO"),
        Signal("totaliser_reset", "input", bool, doc="reset the fill totaliser (new cell)", io="DO"),
        Signal("door_open_request", "output", bool, settable=True, doc="an operator pulls the chamber door"),
        Signal("pressure_reading_mbar", "output", float, "mbar", doc="chamber pressure PT-801 (Pirani)",
               range=(0.1, 1000.0), io="AI_4_20"),
        Signal("pressure_mbar", "output", float, "mbar", doc="true chamber pressure (oracle)"),
        Signal("flow_g_s", "output", float, "g/s", doc="Coriolis mass flow FT-802", range=(0.0, 20.0), io="AI_4_20"),
        Signal("total_g", "output", float, "g", doc="Coriolis totaliser FQ-802", range=(0.0, 1000.0), io="FIELDBUS"),
        Signal("dosed_g", "output", float, "g", doc="true mass dosed into the cell (oracle)"),
        Signal("cell_mass_g", "output", float, "g", doc="post-weigh WT-803B", range=(0.0, 5000.0), io="FIELDBUS"),
        Signal("needle_valve_open", "output", bool, doc="needle valve open ZSO", io="DI"),
        Signal("door_closed", "output", bool, doc="chamber door closed GS-801", io="DI"),
        Signal("door_locked", "output", bool, doc="door lock monitoring", io="DI"),
        Signal("lel_pct", "output", float, "%LEL", doc="solvent vapour AT-810", range=(0.0, 100.0), io="AI_4_20"),
        Signal("hf_ppm", "output", float, "ppm", doc="HF AT-811", range=(0.0, 10.0), io="AI_4_20"),
        Signal("leak_tray", "output", bool, doc="drip-tray leak LSH-813", io="DI"),
        Signal("extraction_proven", "output", bool, doc="enclosure extraction proven PDSL-814", io="DI"),
        Signal("tray_g", "output", float, "g", doc="electrolyte in the drip tray (oracle)"),
    ),
    parameters=(
        Parameter("chamber_volume_m3", "m³", 0.2, "vacuum chamber volume V"),
        Parameter("pump_speed_m3_s", "m³/s", 0.02778, "effective pumping speed S (100 m³/h)"),
        Parameter("leak_pa_m3_s", "Pa·m³/s", 0.005, "chamber leak throughput"),
        Parameter("vent_conductance_m3_s", "m³/s", 0.01, "vent valve conductance"),
        Parameter("dosing_ml_s", "mL/s", 5.0, "dosing pump flow"),
        Parameter("density_g_ml", "g/mL", 1.25, "electrolyte density"),
        Parameter("head_fraction", None, 0.1, "flow fraction with the pump off and the valve open"),
        Parameter("cell_tare_g", "g", 1500.0, "empty cell mass"),
        Parameter("enclosure_volume_m3", "m³", 2.0, "enclosure volume"),
        Parameter("extraction_m3_s", "m³/s", 0.2, "enclosure extraction flow"),
        Parameter("lel_g_m3", "g/m³", 110.0, "electrolyte solvent LEL (DMC ~3.1 vol %)"),
        Parameter("pool_evap_tau_s", "s", 300.0, "spill pool evaporation time constant"),
        Parameter("hf_mg_per_g", "mg/g", 2.0, "HF formed per gram of electrolyte evaporated"),
        Parameter("lel_tau_s", "s", 3.0, "LEL sensor time constant"),
        Parameter("hf_tau_s", "s", 30.0, "HF sensor time constant"),
        Parameter("tray_alarm_g", "g", 50.0, "drip-tray switch level"),
        Parameter("noise_mbar", "mbar", 0.0, "pressure gauge noise (standard deviation)"),
        Parameter("seed", None, 0, "noise seed"),
    ),
    faults=ElectrolyteFilling.FAULTS,
)
