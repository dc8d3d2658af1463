from plant_models._base cimport PlantModel

cdef class DryRoom(PlantModel):
    # parameters
    cdef readonly double room_volume_m3, supply_m3_s, dehumidifier_dp_c, dehumidifier_tau_s, outdoor_dp_c
    cdef readonly double airlock_volume_m3, door_exchange_m3_s, airlock_purge_m3_s, person_g_h, permeation_g_h
    cdef readonly double sensor_tau_s, rated_dp_pa, regen_c_rated, regen_tau_s, ambient_c, noise_c
    # inputs (PLC outputs)
    cdef public bint supply_fan_on, dehumidifier_on, door_a_lock, door_b_lock
    # settable plant state: what people do
    cdef public bint door_a_request, door_b_request
    cdef public int people
    # state and outputs
    cdef readonly double humidity_g_kg, airlock_humidity_g_kg, room_dp_pa, regen_c
    cdef readonly bint door_a_open, door_b_open, door_a_closed, door_b_closed, airlock_breach
    cdef double _w, _w_al, _w_out, _w_s, _w_dehum, _w_sensor, _noise, _drift, _f_dehum, _f_sensor, _f_regen, _dt_last
    cdef double _c_room, _f_room, _inv_c_room, _c_al, _f_al, _inv_c_al
    cdef void _update_outputs(self) noexcept nogil
