from plant_models._base cimport PlantModel

cdef class ElectrolyteFilling(PlantModel):
    # parameters
    cdef readonly double chamber_volume_m3, pump_speed_m3_s, leak_pa_m3_s, vent_conductance_m3_s
    cdef readonly double dosing_ml_s, density_g_ml, head_fraction, cell_tare_g, enclosure_volume_m3
    cdef readonly double extraction_m3_s, lel_g_m3, pool_evap_tau_s, hf_mg_per_g, lel_tau_s, hf_tau_s
    cdef readonly double tray_alarm_g, noise_mbar
    # inputs (PLC outputs)
    cdef public bint vacuum_pump_on, vacuum_valve, vent_valve, dosing_pump_on, needle_valve, door_lock
    cdef public bint extraction_on, totaliser_reset
    # settable plant state: what a person does
    cdef public bint door_open_request
    # state and outputs
    cdef readonly double pressure_mbar, pressure_reading_mbar, dosed_g, flow_g_s, total_g, cell_mass_g
    cdef readonly double tray_g, vapour_g_m3, hf_mg_m3, lel_pct, hf_ppm
    cdef readonly bint door_closed, door_locked, needle_valve_open, leak_tray, extraction_proven
    cdef double _p_pa, _lel_filtered, _hf_filtered, _f_lel, _f_hf, _dt_last, _f_p, _b_last, _f_q, _q_last
    cdef void _update_outputs(self) noexcept nogil
