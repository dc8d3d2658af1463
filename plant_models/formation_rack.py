"""Formation rack: N cells (1 to 100,000+) on cycler channels, with a thermal-runaway surrogate.

Per cell ``k`` (shared/reference/battery-line.md §2.9; current ``I`` positive = charge):

* 2-RC Thevenin equivalent circuit, exact for a constant current over the step::

      dSOC/dt = (eta I - I_isc) / (3600 Q)            (eta on charge only)
      tau_j dV_j/dt = R_j I - V_j                      j = 1, 2
      V = OCV(SOC) + V_1 + V_2 + R_0 I

  OCV(SOC) is a 21-point NMC/graphite table (P42A low end), extrapolated beyond 0..1 so an overcharge
  drives the voltage up. The channel is a CC source at ``current_setpoints[k]`` limited to CV at
  ``cv_limit_v`` (charge) and ``discharge_limit_v``; it conducts while its relay (``channel_on[k]``) and
  the rack contactor are closed (a welded relay or contactor conducts regardless).
* Lumped thermal model ``m c_p dT/dt = Q - hA (T - T_air)`` (exact over the step), with
  ``Q = I (V - OCV) + OCV I_isc + k_oc I (V - V_oc)+``: the irreversible losses (so that the energy put
  in, ``∫ I V dt``, equals the chemical energy ``∫ I OCV dt`` plus this heat), the internal short
  ``I_isc = OCV / R_isc`` and an overcharge side reaction above ``overcharge_v``.
* Thermal-runaway surrogate, stage per cell: 0 normal; 1 self-heating above ``onset_c`` with the
  Arrhenius rate ``sr_rate_k_s exp(-Ea/R (1/T - 1/T_onset))`` K/s; 2 vented above ``vent_c`` (releases
  ``vent_gas_l_s`` of electrolyte vapour: the off-gas that precedes smoke); 3 runaway once
  ``dT/dt >= runaway_rate_k_s`` (jumps to ``max_c``, releases ``runaway_gas_l`` over ``runaway_s`` and
  smoke); 4 burnt out.

Rack: air ``tau_air dT_air/dt = T_room + sum(T_k - T_air) / (air_coupling N) - T_air``; off-gas and
smoke well mixed in the rack enclosure ``V dc/dt = G - Q_ex c`` (ppm by volume); off-gas detector
(lag ``offgas_tau_s``, alarm at ``offgas_trip_ppm``), smoke detector, rack contactor with EDM mirror.

Per-cell I/O are numpy arrays (the cycler's fieldbus data): ``current_setpoints`` and ``channel_on``
(writable views), ``voltages``, ``currents``, ``temperatures``, ``socs``, ``stages`` (copies).

Faults, rack: ``rack_contactor_welded``, ``offgas_sensor_poisoned`` (reads 0), ``cv_loop_failure``
(cyclers keep CC past the CV limit: overcharge), ``smoke_detector_failed``. Per cell, with
``index=k``: ``internal_short`` (value: R_isc in ohm), ``channel_relay_welded``, ``thermal_runaway``
(forces stage 3), ``temperature_probe_detached`` (probe reads the rack air), ``voltage_frozen`` (the
cycler repeats a stale voltage).
"""
from __future__ import annotations

from plant_models._spec import ModelSpec, Parameter, Signal

try:
    from plant_models._formation_rack import FormationRack
    COMPILED = True
except ImportError:  # not built: the pure-Python twin stands in, and plant_models.BACKEND says so
    from plant_models._reference.formation_rack import FormationRack  # type: ignore[assignment]
    COMPILED = False

__all__ = ["MODEL", "SPEC", "FormationRack"]

MODEL = FormationRack

_PER_CELL = "numpy array, one value per cell"

SPEC = ModelSpec(
    name="formation_rack",
    doc=__doc__ or "",
    signals=(
        Signal("rack_contactor", "input", bool, doc="rack main contactor KM", io="DO"),
        Signal("current_setpoints", "input", float, "A", doc=f"channel current set points ({_PER_CELL})",
               range=(-100.0, 100.0), io="FIELDBUS"),
        Signal("channel_on", "input", bool, doc=f"channel relays ({_PER_CELL})", io="FIELDBUS"),
        Signal("voltages", "output", float, "V", doc=f"cell voltages ({_PER_CELL})", range=(0.0, 5.0), io="FIELDBUS"),
        Signal("currents", "output", float, "A", doc=f"channel currents ({_PER_CELL})", range=(-100.0, 100.0),
               io="FIELDBUS"),
        Signal("temperatures", "output", float, "°C", doc=f"cell probe temperatures ({_PER_CELL})",
               range=(-20.0, 200.0), io="FIELDBUS"),
        Signal("socs", "output", float, "1", doc=f"state of charge (oracle, {_PER_CELL})"),
        Signal("stages", "output", int, doc=f"thermal-runaway stage (oracle, {_PER_CELL})"),
        Signal("rack_contactor_feedback", "output", bool, doc="rack contactor EDM mirror (closed = open)", io="DI"),
        Signal("rack_air_reading_c", "output", float, "°C", doc="rack air temperature TT", range=(0.0, 100.0),
               io="RTD"),
        Signal("offgas_reading_ppm", "output", float, "ppm", doc="off-gas detector AT", range=(0.0, 1000.0),
               io="AI_4_20"),
        Signal("offgas_alarm", "output", bool, doc="off-gas detector alarm relay", io="DI"),
        Signal("smoke_alarm", "output", bool, doc="smoke detector", io="DI"),
        Signal("rack_air_c", "output", float, "°C", doc="true rack air temperature (oracle)"),
        Signal("max_cell_c", "output", float, "°C", doc="hottest cell (oracle)"),
        Signal("cells_venting", "output", int, doc="cells in stage 2 (oracle)"),
        Signal("cells_in_runaway", "output", int, doc="cells in stage 3 (oracle)"),
    ),
    parameters=(
        Parameter("n_cells", None, 100, "cells (channels) in the rack, 1..10,000,000"),
        Parameter("capacity_ah", "Ah", 100.0, "cell capacity Q"),
        Parameter("r0_ohm", "Ω", 0.8e-3, "series resistance"),
        Parameter("r1_ohm", "Ω", 0.4e-3, "first RC resistance"),
        Parameter("tau1_s", "s", 10.0, "first RC time constant"),
        Parameter("r2_ohm", "Ω", 0.6e-3, "second RC resistance"),
        Parameter("tau2_s", "s", 200.0, "second RC time constant"),
        Parameter("mass_kg", "kg", 1.9, "cell mass"),
        Parameter("cp_j_kg_k", "J/(kg·K)", 1000.0, "cell heat capacity"),
        Parameter("ha_w_k", "W/K", 0.8, "cell-to-air heat transfer hA"),
        Parameter("coulombic_eff", None, 1.0, "coulombic efficiency on charge"),
        Parameter("cv_limit_v", "V", 4.2, "cycler CV limit on charge"),
        Parameter("discharge_limit_v", "V", 2.8, "cycler voltage limit on discharge"),
        Parameter("overcharge_v", "V", 4.25, "overcharge side reaction threshold"),
        Parameter("overcharge_k", None, 1.0, "overcharge heat factor (W per A·V above threshold)"),
        Parameter("onset_c", "°C", 90.0, "self-heating onset (SEI decomposition)"),
        Parameter("vent_c", "°C", 120.0, "venting temperature"),
        Parameter("runaway_rate_k_s", "K/s", 1.0, "dT/dt that starts the runaway"),
        Parameter("max_c", "°C", 600.0, "runaway peak temperature"),
        Parameter("sr_rate_k_s", "K/s", 0.02, "self-heating rate at the onset temperature"),
        Parameter("sr_ea_j_mol", "J/mol", 83000.0, "self-heating activation energy"),
        Parameter("runaway_s", "s", 10.0, "runaway gas release duration"),
        Parameter("room_c", "°C", 25.0, "room temperature"),
        Parameter("air_tau_s", "s", 1200.0, "rack air time constant"),
        Parameter("air_coupling", None, 5.0, "rack ventilation conductance / total cell hA"),
        Parameter("rack_volume_m3", "m³", 20.0, "rack enclosure volume"),
        Parameter("rack_exhaust_m3_s", "m³/s", 0.5, "rack enclosure exhaust"),
        Parameter("vent_gas_l_s", "L/s", 0.2, "off-gas per venting cell"),
        Parameter("runaway_gas_l", "L", 150.0, "gas per cell in runaway"),
        Parameter("offgas_trip_ppm", "ppm", 100.0, "off-gas alarm set point"),
        Parameter("smoke_trip", None, 0.2, "smoke detector set point (smoke index: 1 per runaway cell per m³/s of exhaust)"),
        Parameter("offgas_tau_s", "s", 2.0, "off-gas detector time constant"),
        Parameter("initial_soc", None, 0.0, "state of charge at start, 0..1"),
        Parameter("noise_c", "°C", 0.0, "rack air sensor noise (standard deviation)"),
        Parameter("seed", None, 0, "noise seed"),
    ),
    faults=FormationRack.FAULTS,
)
