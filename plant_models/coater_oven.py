"""Coater drying oven with several zones (the NMP dryer after the slot-die coater).

Physics per zone ``i`` (shared/reference/battery-line.md §2.2), all with exact solutions over a step:

* Zone air temperature, a first-order lag (tau 60–300 s)::

      tau dT_i/dt = T_amb + max_rise * u_i - m_evap,i * h_fg / G - T_i,     G = heater_kw / max_rise

  with ``u_i = clamp(power_i / 100, 0, 1)`` while the heater contactor is closed (1 if the SCR is shorted).
* NMP into the oven ``m_NMP = nmp_kg_per_m * v`` (kg/s, v the web speed) while coating; zone ``i``
  evaporates ``m_evap,i = m_NMP * share_i * clamp((T_i - 40) / 80, 0, 1)`` (shares 0.10/0.25/0.30/0.20/
  0.10/0.05, renormalised to the number of zones); what is not evaporated leaves on the web
  (``residual_nmp``, a fraction).
* Vapour concentration (g/m³), well mixed: ``V dc_i/dt = 1000 m_evap,i - Q_i c_i`` with
  ``Q_i = Q_exhaust / n``; ``%LFL_i = 100 c_i / (lfl_g_m3 * (1 - 0.000721 (T_i - 25)))`` (Zabetakis).
  The analyser reading lags by ``analyser_tau_s``.
* Fans: ``tau_fan dn/dt = n_sp - n``; ``Q_exhaust = exhaust_m3_s * n * damper / 100``; the damper has a
  mechanical minimum stop (``damper_min_pct``) and a positioner lag. A DP switch proves airflow when
  ``(Q/Q_rated)^2 >= proven_fraction^2`` (dP ~ Q²).
* Purge: ``purge_volumes`` counts oven volumes (n·V) of exhaust moved while both fans are proven, and
  restarts from 0 when either loses proof (NFPA 86: >= 4 volumes before heat).
* Independent excess-temperature limit per zone: trips at ``limit_c``, latched until ``limit_reset``
  is True with the zone below ``limit_c - limit_hysteresis_c`` (manual reset).
* Web speed ramps toward its set point at ``web_accel_m_min_s``.

Per-zone signals are ``zone{k}_power`` (AO, %), ``zone{k}_temperature`` (TC, °C, settable),
``zone{k}_lfl`` (AI 4–20 mA, % LFL) and ``zone{k}_limit_ok`` (DI, limit relay healthy) for k = 1..n_zones.

Faults: ``exhaust_fan_failure``, ``recirc_fan_failure`` (motor stops), ``exhaust_belt_broken`` (motor
runs, no air), ``exhaust_damper_stuck``, ``heater_contactor_welded`` (heats regardless; EDM mirror
contact stays open), ``scr_shorted`` (full power), ``temperature_drift`` (value: °C/s on every zone TC),
``lfl_sample_blocked`` (analyser reading decays to 0: dangerous and undetected without a flow switch).
"""
from __future__ import annotations

from plant_models._indexed import with_indexed_signals
from plant_models._spec import ModelSpec, Parameter, Signal

try:
    from plant_models._coater_oven import CoaterOven as _CoaterOven
    COMPILED = True
except ImportError:  # not built: the pure-Python twin stands in, and plant_models.BACKEND says so
    from plant_models._reference.coater_oven import CoaterOven as _CoaterOven  # type: ignore[assignment]
    COMPILED = False

__all__ = ["MAX_ZONES", "MODEL", "SPEC", "CoaterOven", "zone_signals"]

MAX_ZONES = 8

_ZONE_QUANTITIES = {
    "power": ("zone_power", "set_zone_power"),
    "temperature": ("zone_temperature", "set_zone_temperature"),
    "lfl": ("zone_lfl", None),
    "limit_ok": ("zone_limit_ok", None),
}


def zone_signals(base: type, module: str | None = None) -> type:
    """``base`` (compiled or reference) with the flat ``zone{k}_*`` signal properties."""
    return with_indexed_signals(base, "zone", MAX_ZONES, _ZONE_QUANTITIES, module)


CoaterOven = zone_signals(_CoaterOven, __name__)
MODEL = CoaterOven


def _zone(k: int) -> tuple[Signal, ...]:
    return (
        Signal(f"zone{k}_power", "input", float, "%", doc=f"zone {k} heater SCR drive", range=(0.0, 100.0), io="AO"),
        Signal(f"zone{k}_temperature", "output", float, "°C", settable=True, doc=f"zone {k} air (TT, type K)",
               range=(0.0, 400.0), io="TC"),
        Signal(f"zone{k}_lfl", "output", float, "%LFL", doc=f"zone {k} exhaust LFL analyser", range=(0.0, 100.0),
               io="AI_4_20"),
        Signal(f"zone{k}_limit_ok", "output", bool, doc=f"zone {k} excess-temperature limit healthy (TSHH)", io="DI"),
    )


SPEC = ModelSpec(
    name="coater_oven",
    doc=__doc__ or "",
    signals=(
        Signal("heater_on", "input", bool, doc="heater safety contactors KM closed", io="DO"),
        Signal("exhaust_fan_on", "input", bool, doc="exhaust fan run command", io="DO"),
        Signal("recirc_fan_on", "input", bool, doc="recirculation fan run command", io="DO"),
        Signal("exhaust_damper", "input", float, "%", doc="exhaust damper command", range=(0.0, 100.0), io="AO"),
        Signal("web_speed_sp", "input", float, "m/min", doc="line speed set point", range=(0.0, 80.0), io="AO"),
        Signal("coating_on", "input", bool, doc="slot-die valve open, slurry pump running", io="DO"),
        Signal("limit_reset", "input", bool, doc="excess-temperature limit manual reset", io="DO"),
        Signal("exhaust_proven", "output", bool, doc="exhaust airflow proven (PDSL)", io="DI"),
        Signal("recirc_proven", "output", bool, doc="recirculation airflow proven (PDSL)", io="DI"),
        Signal("exhaust_running", "output", bool, doc="exhaust fan motor running (VFD status)", io="DI"),
        Signal("heater_feedback", "output", bool, doc="heater contactor EDM mirror contact (closed = open)", io="DI"),
        Signal("exhaust_flow", "output", float, "m³/s", doc="total exhaust flow (FT)", range=(0.0, 10.0),
               io="AI_4_20"),
        Signal("damper_position", "output", float, "%", doc="exhaust damper position", range=(0.0, 100.0),
               io="AI_4_20"),
        Signal("web_speed", "output", float, "m/min", doc="line speed", range=(0.0, 80.0), io="FIELDBUS"),
        Signal("purge_volumes", "output", float, "1", doc="oven volumes purged with proven airflow (oracle)"),
        Signal("residual_nmp", "output", float, "1", doc="fraction of NMP leaving on the web (oracle)"),
        *(signal for k in range(1, MAX_ZONES + 1) for signal in _zone(k)),
    ),
    parameters=(
        Parameter("n_zones", None, 6, "number of zones, 1-8"),
        Parameter("tau_s", "s", 120.0, "zone thermal time constant (60-300 s)"),
        Parameter("ambient_c", "°C", 25.0, "ambient / fresh-air temperature"),
        Parameter("max_rise_c", "°C", 200.0, "steady rise above ambient at full heater power, dry"),
        Parameter("heater_kw", "kW", 100.0, "heater power per zone"),
        Parameter("zone_volume_m3", "m³", 12.5, "air volume per zone"),
        Parameter("exhaust_m3_s", "m³/s", 8.0, "exhaust flow at full fan speed, damper open"),
        Parameter("fan_tau_s", "s", 8.0, "fan speed time constant"),
        Parameter("damper_tau_s", "s", 3.0, "damper positioner time constant"),
        Parameter("damper_min_pct", "%", 10.0, "damper mechanical minimum stop"),
        Parameter("proven_fraction", None, 0.5, "airflow fraction at which the DP switch proves"),
        Parameter("lfl_g_m3", "g/m³", 53.0, "NMP lower flammable limit at 25 °C (1.3 vol %)"),
        Parameter("analyser_tau_s", "s", 2.0, "LFL analyser time constant"),
        Parameter("nmp_kg_per_m", "kg/m", 0.1, "NMP carried per metre of web (0.1 kg/s at 60 m/min)"),
        Parameter("web_accel_m_min_s", "m/min/s", 20.0, "line acceleration limit"),
        Parameter("max_web_speed_m_min", "m/min", 80.0, "line speed limit"),
        Parameter("limit_c", "°C", 160.0, "excess-temperature limit"),
        Parameter("limit_hysteresis_c", "°C", 5.0, "limit reset hysteresis"),
        Parameter("initial_c", "°C", 25.0, "zone temperature at start"),
        Parameter("noise_c", "°C", 0.0, "thermocouple noise (standard deviation)"),
        Parameter("noise_lfl", "%LFL", 0.0, "analyser noise (standard deviation)"),
        Parameter("seed", None, 0, "noise seed"),
    ),
    faults=_CoaterOven.FAULTS,
)
