from plant_models._base cimport PlantModel

cdef class NotchingPress(PlantModel):
    # parameters
    cdef readonly double rated_spm, stroke_mm, flywheel_tau_s, clutch_tau_s, brake_delay_s, brake_decel_deg_s2
    cdef readonly double lc_response_s, safety_distance_mm, hand_speed_mm_s
    # inputs (PLC outputs)
    cdef public bint motor_on, clutch_a, clutch_b
    # settable plant state: what a person does
    cdef public bint intrusion, left_pressed, right_pressed
    # state and outputs
    cdef readonly double crank_angle
    cdef readonly double last_stop_time_s, last_stop_angle_deg
    cdef readonly long long stroke_count
    cdef readonly bint ossd1, ossd2, two_hand_left, two_hand_right, tdc, standstill, clutch_engaged
    cdef readonly bint hand_injury
    cdef double _omega, _omega_fly, _brake_timer, _lc_timer, _hand_time, _stop_timer, _f_fly, _f_clutch, _dt_last
    cdef bint _lc_clear, _stopping
    cdef void _update_outputs(self) noexcept nogil
