"""One zone of a coater drying oven (the NMP solvent dryer after the slot-die coater).

Physics: the zone air temperature ``T`` follows a first-order lag toward a set point that depends on
the heater drive ``u`` (0..1):

    dT/dt = (T_amb + max_rise * u - T) / tau,   u = clamp(power / 100, 0, 1) if the contactor is on, else 0

which is ``C dT/dt = P u - G (T - T_amb)`` with ``tau = C / G`` and ``max_rise = P / G``
(shared/reference/battery-line.md §2.2: tau 60-300 s). The step uses the exact solution over ``dt``,
so any step size is stable.

An independent excess-temperature limit relay (TSHH) opens its contact at ``limit`` and recloses only
below ``limit - limit_hysteresis``; ``limit_ok`` is the contact (True = closed = healthy), wired
normally-closed so that a broken wire reads as a trip.

Signals: ``heater_on`` (input, contactor KM), ``power`` (input, SCR drive in %), ``temperature``
(output, °C, settable), ``limit_ok`` (output, limit relay contact), ``contactor_closed`` (output, the
contactor's mirror contact for external device monitoring).

Faults (``enable_fault``): ``contactor_welded`` (the contactor stays closed whatever the PLC commands,
and its mirror contact says so) and ``scr_shorted`` (full heater power whenever the contactor is
closed): the classic causes of an oven running away, which the excess-temperature trip must catch.
"""
from __future__ import annotations

from plant_models._spec import ModelSpec, Parameter, Signal

try:
    from plant_models._oven_zone import OvenZone
    COMPILED = True
except ImportError:  # not built: the pure-Python twin stands in, and plant_models.BACKEND says so
    from plant_models._reference.oven_zone import OvenZone  # type: ignore[assignment]
    COMPILED = False

__all__ = ["MODEL", "SPEC", "OvenZone"]

MODEL = OvenZone

SPEC = ModelSpec(
    name="oven_zone",
    doc=__doc__ or "",
    signals=(
        Signal("heater_on", "input", bool, doc="heater safety contactor closed", io="DO"),
        Signal("power", "input", float, "%", doc="heater SCR drive, 0-100 %", range=(0.0, 100.0), io="AO"),
        Signal("temperature", "output", float, "°C", settable=True, doc="zone air temperature",
               range=(0.0, 400.0), io="TC"),
        Signal("limit_ok", "output", bool, doc="excess-temperature limit contact closed (healthy)", io="DI"),
        Signal("contactor_closed", "output", bool, doc="the contactor's positively guided mirror contact (EDM)",
               io="DI"),
    ),
    faults=OvenZone.FAULTS,
    parameters=(
        Parameter("tau_s", "s", 120.0, "thermal time constant"),
        Parameter("ambient_c", "°C", 25.0, "ambient temperature"),
        Parameter("max_rise_c", "°C", 200.0, "steady-state rise above ambient at full heater power"),
        Parameter("limit_c", "°C", 175.0, "excess-temperature limit"),
        Parameter("limit_hysteresis_c", "°C", 5.0, "limit relay reclose hysteresis"),
        Parameter("initial_c", "°C", 25.0, "zone temperature at start"),
    ),
)
