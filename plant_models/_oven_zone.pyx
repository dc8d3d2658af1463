# cython: language_level=3, cdivision=True
"""One zone of a coater drying oven, compiled. The pure-Python twin is plant_models/_reference/oven_zone.py."""
from libc.math cimport exp

from plant_models._base cimport PlantModel
from plant_models._checks import require_positive

cdef enum:
    F_CONTACTOR_WELDED, F_SCR_SHORTED


cdef class OvenZone(PlantModel):
    """See plant_models.oven_zone for the model and its units."""

    FAULTS = ("contactor_welded", "scr_shorted")

    def __init__(self, double tau_s=120.0, double ambient_c=25.0, double max_rise_c=200.0,
                 double limit_c=175.0, double limit_hysteresis_c=5.0, double initial_c=25.0):
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

    cdef void _update_limit(self) noexcept nogil:
        # The limit relay opens at the limit and recloses only below it by the hysteresis.
        if self._temperature_c >= self.limit_c:
            self._limit_open = True
        elif self._temperature_c < self.limit_c - self.limit_hysteresis_c:
            self._limit_open = False

    cdef void advance(self, double dt_s) noexcept nogil:
        cdef double drive = 0.0
        # A welded contactor stays closed whatever the PLC commands; a shorted SCR passes full power.
        if self._heater_on or self._fault_on[F_CONTACTOR_WELDED]:
            drive = 1.0 if self._fault_on[F_SCR_SHORTED] else self._power_pct / 100.0
            if drive < 0.0:
                drive = 0.0
            elif drive > 1.0:
                drive = 1.0
        cdef double target = self.ambient_c + self.max_rise_c * drive
        # Exact solution of the first-order lag over dt: stable for any step size. The kernel steps at a
        # fixed period, so exp() runs once per (dt, tau), not once per step.
        if dt_s != self._dt_last or self.tau_s != self._tau_last:
            self._dt_last, self._tau_last = dt_s, self.tau_s
            self._factor = exp(-dt_s / self.tau_s)
        self._temperature_c = target + (self._temperature_c - target) * self._factor
        self._update_limit()

    @property
    def temperature(self):
        return self._temperature_c

    @temperature.setter
    def temperature(self, double value):
        self._temperature_c = value
        self._update_limit()

    @property
    def heater_on(self):
        return bool(self._heater_on)

    @heater_on.setter
    def heater_on(self, value):
        self._heater_on = bool(value)

    @property
    def power(self):
        return self._power_pct

    @power.setter
    def power(self, double value):
        self._power_pct = value

    @property
    def limit_ok(self):
        return not self._limit_open

    @property
    def contactor_closed(self):
        return bool(self._heater_on or self._fault_on[F_CONTACTOR_WELDED])
