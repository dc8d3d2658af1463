from plant_models._base cimport PlantModel

cdef enum:
    OCV_POINTS = 21   # OCV table on a uniform SOC grid 0, 0.05, ..., 1.0

cdef class FormationRack(PlantModel):
    # parameters (shared by every cell of the rack)
    cdef readonly int n_cells
    cdef readonly double capacity_ah, r0_ohm, r1_ohm, tau1_s, r2_ohm, tau2_s, mass_kg, cp_j_kg_k, ha_w_k
    cdef readonly double coulombic_eff, cv_limit_v, discharge_limit_v, overcharge_v, overcharge_k
    cdef readonly double onset_c, vent_c, runaway_rate_k_s, max_c, sr_rate_k_s, sr_ea_j_mol, runaway_s
    cdef readonly double room_c, air_tau_s, air_coupling, rack_volume_m3, rack_exhaust_m3_s
    cdef readonly double vent_gas_l_s, runaway_gas_l, offgas_trip_ppm, smoke_trip, offgas_tau_s, noise_c
    # inputs
    cdef public bint rack_contactor
    # rack state and outputs
    cdef readonly double rack_air_c, rack_air_reading_c, offgas_ppm, offgas_reading_ppm, smoke
    cdef readonly bint rack_contactor_feedback, offgas_alarm, smoke_alarm
    cdef readonly int cells_venting, cells_in_runaway
    cdef readonly double max_cell_c
    cdef double _ocv[OCV_POINTS]
    cdef double _ocv_slope[OCV_POINTS]
    cdef double _dt_last, _f1, _f2, _fth, _fair, _r1b, _r2b, _r_eff_inv
    # per-cell arrays: numpy owns the memory, the memoryviews give C access
    cdef object _arrays, _scratch
    cdef double[::1] _soc, _v1, _v2, _temp, _vcell, _current, _i_set, _g_isc, _tr_timer, _t_new
    cdef unsigned char[::1] _channel_on, _welded, _stage
    cdef dict _cell_faults, _params
    cdef double _offgas_filtered, _f_rack, _f_offgas, _gas_l_s, _smoke_rate
    cdef void _bind(self)
    cdef void _fill_ocv(self)
    cdef void _outputs(self) noexcept nogil
    cdef int _cell(self, k) except -1
    cdef double _slow_cell(self, int k, double t_old, double t_new, double dt) noexcept nogil
