from plant_models._base cimport PlantModel

cdef enum:
    MAX_ZONES = 8

cdef class CoaterOven(PlantModel):
    # parameters
    cdef readonly int n_zones
    cdef readonly double tau_s, ambient_c, max_rise_c, heater_kw, zone_volume_m3, exhaust_m3_s
    cdef readonly double fan_tau_s, damper_tau_s, damper_min_pct, proven_fraction, lfl_g_m3
    cdef readonly double analyser_tau_s, nmp_kg_per_m, web_accel_m_min_s, max_web_speed_m_min
    cdef readonly double limit_c, limit_hysteresis_c, noise_c, noise_lfl
    # inputs (PLC outputs)
    cdef public bint heater_on, exhaust_fan_on, recirc_fan_on, coating_on, limit_reset
    cdef public double exhaust_damper, web_speed_sp
    cdef double _power[MAX_ZONES]
    # state
    cdef double _temp[MAX_ZONES]
    cdef double _conc[MAX_ZONES]
    cdef double _lfl_filtered[MAX_ZONES]
    cdef double _temp_reading[MAX_ZONES]
    cdef double _lfl_reading[MAX_ZONES]
    cdef bint _limit_tripped[MAX_ZONES]
    cdef double _evap[MAX_ZONES]
    cdef readonly double exhaust_speed, recirc_speed, damper_position, web_speed, purge_volumes
    cdef readonly double exhaust_flow, residual_nmp, drift_c
    cdef readonly bint exhaust_proven, recirc_proven, exhaust_running, heater_feedback
    cdef double _dt_last, _f_tau, _f_fan, _f_damper, _f_analyser
    cdef void _update_outputs(self) noexcept nogil
    cdef int _zone(self, int zone) except -1
