from plant_models._base import PlantModel

class Calender(PlantModel):
    cyl_area_m2: float
    oil_volume_m3: float
    bulk_modulus_pa: float
    stack_stiffness_n_m: float
    supply_bar: float
    valve_flow_m3_s: float
    dump_flow_m3_s: float
    leak_m3_s_bar: float
    overpressure_bar: float
    gap_zero_mm: float
    width_m: float
    accel_m_s2: float
    coast_decel_m_s2: float
    brake_decel_m_s2: float
    brake_delay_s: float
    substep_s: float
    noise_bar: float
    valve_command: float
    speed_sp: float
    dump_valve_close: bool
    drive_enable: bool
    brake_release: bool
    lock_release: bool
    trip_bar_pressed: bool
    door_open_request: bool
    pressure_bar: float
    force_kn: float
    line_load_kn_mm: float
    gap_mm: float
    roll_speed: float
    surface_travel_m: float
    stop_distance_m: float
    stop_time_s: float
    dump_valve_open: bool
    door_closed: bool
    door_locked: bool
    trip_bar_a: bool
    trip_bar_b: bool
    overpressure: bool
    standstill: bool
    drive_fault: bool
    unsafe_access: bool
    def __init__(
        self,
        cyl_area_m2: float = ...,
        oil_volume_m3: float = ...,
        bulk_modulus_pa: float = ...,
        stack_stiffness_n_m: float = ...,
        supply_bar: float = ...,
        valve_flow_m3_s: float = ...,
        dump_flow_m3_s: float = ...,
        leak_m3_s_bar: float = ...,
        overpressure_bar: float = ...,
        gap_zero_mm: float = ...,
        width_m: float = ...,
        accel_m_s2: float = ...,
        coast_decel_m_s2: float = ...,
        brake_decel_m_s2: float = ...,
        brake_delay_s: float = ...,
        substep_s: float = ...,
        noise_bar: float = ...,
        seed: int = ...,
    ) -> None: ...
    def set_pressure(self, bar: float) -> None: ...
    def set_roll_speed(self, m_min: float) -> None: ...
