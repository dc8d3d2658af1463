from plant_models._base cimport PlantModel

cdef class OvenZone(PlantModel):
    cdef public double tau_s
    cdef public double ambient_c
    cdef public double max_rise_c
    cdef public double limit_c
    cdef public double limit_hysteresis_c
    cdef double _temperature_c
    cdef double _power_pct
    cdef bint _heater_on
    cdef bint _limit_open
    cdef double _dt_last, _tau_last, _factor  # exp(-dt/tau) for the last (dt, tau)
    cdef void _update_limit(self) noexcept nogil
