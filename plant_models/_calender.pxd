from plant_models._base cimport PlantModel

cdef class Calender(PlantModel):
    # parameters
    cdef readonly double cyl_area_m2, oil_volume_m3, bulk_modulus_pa, stack_stiffness_n_m, supply_bar
    cdef readonly double valve_flow_m3_s, dump_flow_m3_s, leak_m3_s_bar, overpressure_bar, gap_zero_mm
    cdef readonly double width_m, accel_m_s2, coast_decel_m_s2, brake_decel_m_s2, brake_delay_s
    cdef readonly double substep_s, noise_bar
    # inputs (PLC outputs)
    cdef public double valve_command, speed_sp
    cdef public bint dump_valve_close, drive_enable, brake_release, lock_release
    # settable plant state: what a person does
    cdef public bint trip_bar_pressed, door_open_request
    # state and outputs
    cdef readonly double pressure_bar, force_kn, line_load_kn_mm, gap_mm, roll_speed, surface_travel_m
    cdef readonly double stop_distance_m, stop_time_s
    cdef readonly bint dump_valve_open, door_closed, door_locked, trip_bar_a, trip_bar_b
    cdef readonly bint overpressure, standstill, drive_fault, unsafe_access
    cdef double _p_pa, _v, _brake_timer, _gap_drift, _k_valve, _k_dump, _compliance, _stop_timer
    cdef bint _stopping
    cdef void _update_outputs(self) noexcept nogil
