from plant_models._base cimport PlantModel

cdef class SlurryMixer(PlantModel):
    # parameters
    cdef readonly double vessel_volume_m3, pump_speed_m3_s, leak_pa_m3_s, n2_flow_m3_s, vent_conductance_m3_s
    cdef readonly double batch_kg, cp_j_kg_k, ua_w_k, jacket_tau_s, planetary_accel_rpm_s
    cdef readonly double disperser_accel_rpm_s, coast_decel_rpm_s, k_planetary, k_disperser
    cdef readonly double viscosity_pa_s, o2_tau_s, lid_travel_s, ambient_c, temp_switch_c, noise_o2
    # inputs (PLC outputs)
    cdef public bint planetary_enable, disperser_enable, vacuum_pump_on, vacuum_valve, n2_valve, vent_valve
    cdef public bint lid_raise, lid_lock
    cdef public double planetary_sp_rpm, disperser_sp_rpm, jacket_sp_c
    # state and outputs
    cdef readonly double planetary_rpm, disperser_rpm, shear_power_kw, slurry_c, jacket_c, pressure_kpa
    cdef readonly double o2_pct, o2_reading_pct, lid_position
    cdef public double o2_true_pct  # settable: initial O2 fraction of the headspace
    cdef readonly bint lid_closed_a, lid_closed_b, lid_locked, temp_high, n2_pressure_low, pump_running
    cdef double _p_pa, _o2_drift, _f_jacket, _f_o2, _f_slurry, _f_p, _b_last, _dt_last, _inv_volume, _lid_step
    cdef void _update_outputs(self) noexcept nogil
