from plant_models._base cimport PlantModel

cdef enum:
    MAX_CARRIERS = 16

cdef class AgvTransfer(PlantModel):
    # parameters
    cdef readonly double length_m, carrier_m, conveyor_m_s, conveyor_accel_m_s2, approach_m, agv_speed_m_s
    cdef readonly double agv_accel_m_s2, agv_brake_m_s2, agv_reaction_s, roller_m_s, heartbeat_timeout_s
    cdef readonly double heartbeat_period_s, overload_s
    # inputs (PLC outputs)
    cdef public bint conveyor_run, stopper_up, station_ready, transfer_active, station_heartbeat
    # settable plant state: the AGV's own world
    cdef public bint agv_dispatch, person_in_field, agv_reset
    # state and outputs
    cdef readonly double conveyor_speed, agv_distance_m, agv_speed, agv_stop_distance_m, transfer_progress
    cdef readonly int carriers_on_conveyor, delivered, agv_state
    cdef readonly bint pe_entry, pe_stop, motor_overload, agv_in_pos, agv_transfer_done, agv_heartbeat
    cdef readonly bint agv_rollers_running, agv_fault, carrier_on_agv
    cdef double _pos[MAX_CARRIERS]
    cdef double _jam_timer, _hb_timer, _hb_out_timer, _brake_timer
    cdef bint _last_station_hb, _braking
    cdef void _move_carriers(self, double dt) noexcept nogil
    cdef void _move_agv(self, double dt) noexcept nogil
    cdef void _update_outputs(self) noexcept nogil
