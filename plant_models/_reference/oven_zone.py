"""Pure-Python twin of plant_models/_oven_zone.pyx (same equations, same API)."""
from __future__ import annotations

import math

from plant_models._checks import require_positive
from plant_models._reference._base import ReferenceModel


class OvenZone(ReferenceModel):
    """One oven zone: first-order thermal lag toward a heater-dependent set point, plus a limit relay."""

    FAULTS = ("contactor_welded", "scr_shorted")

    def __init__(
        self,
        tau_s: float = 120.0,
        ambient_c: float = 25.0,
        max_rise_c: float = 200.0,
        limit_c: float = 175.0,
        limit_hysteresis_c: float = 5.0,
        initial_c: float = 25.0,
    ) -> None:
        super().__init__()
        require_positive("oven_zone", tau_s=tau_s)
        self.tau_s = tau_s
        self.ambient_c = ambient_c
        self.max_rise_c = max_rise_c
        self.limit_c = limit_c
        self.limit_hysteresis_c = limit_hysteresis_c
        self._temperature_c = initial_c
        self._power_pct = 0.0
        self._heater_on = False
        self._limit_open = False
        self._update_limit()

    def _update_limit(self) -> None:
        if self._temperature_c >= self.limit_c:
            self._limit_open = True
        elif self._temperature_c < self.limit_c - self.limit_hysteresis_c:
            self._limit_open = False

    def advance(self, dt_s: float) -> None:
        closed = self._heater_on or self._fault_on[0]  # a welded contactor stays closed
        drive = (1.0 if self._fault_on[1] else min(max(self._power_pct / 100.0, 0.0), 1.0)) if closed else 0.0
        target = self.ambient_c + self.max_rise_c * drive
        self._temperature_c = target + (self._temperature_c - target) * math.exp(-dt_s / self.tau_s)
        self._update_limit()

    @property
    def temperature(self) -> float:
        return self._temperature_c

    @temperature.setter
    def temperature(self, value: float) -> None:
        self._temperature_c = float(value)
        self._update_limit()

    @property
    def heater_on(self) -> bool:
        return self._heater_on

    @heater_on.setter
    def heater_on(self, value: bool) -> None:
        self._heater_on = bool(value)

    @property
    def power(self) -> float:
        return self._power_pct

    @power.setter
    def power(self, value: float) -> None:
        self._power_pct = float(value)

    @property
    def limit_ok(self) -> bool:
        return not self._limit_open

    @property
    def contactor_closed(self) -> bool:
        return self._heater_on or self._fault_on[0]
