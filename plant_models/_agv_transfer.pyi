from plant_models._base import PlantModel

class AgvTransfer(PlantModel):
    length_m: float
    carrier_m: float
    conveyor_m_s: float
    conveyor_accel_m_s2: float
    approach_m: float
    agv_speed_m_s: float
    agv_accel_m_s2: float
    agv_brake_m_s2: float
    agv_reaction_s: float
    roller_m_s: float
    heartbeat_timeout_s: float
    heartbeat_period_s: float
    overload_s: float
    conveyor_run: bool
    stopper_up: bool
    station_ready: bool
    transfer_active: bool
    station_heartbeat: bool
    agv_dispatch: bool
    person_in_field: bool
    agv_reset: bool
    conveyor_speed: float
    agv_distance_m: float
    agv_speed: float
    agv_stop_distance_m: float
    transfer_progress: float
    carriers_on_conveyor: int
    delivered: int
    agv_state: int
    pe_entry: bool
    pe_stop: bool
    motor_overload: bool
    agv_in_pos: bool
    agv_transfer_done: bool
    agv_heartbeat: bool
    agv_rollers_running: bool
    agv_fault: bool
    carrier_on_agv: bool
    def __init__(
        self,
        length_m: float = ...,
        carrier_m: float = ...,
        conveyor_m_s: float = ...,
        conveyor_accel_m_s2: float = ...,
        approach_m: float = ...,
        agv_speed_m_s: float = ...,
        agv_accel_m_s2: float = ...,
        agv_brake_m_s2: float = ...,
        agv_reaction_s: float = ...,
        roller_m_s: float = ...,
        heartbeat_timeout_s: float = ...,
        heartbeat_period_s: float = ...,
        overload_s: float = ...,
        seed: int = ...,
    ) -> None: ...
    def carrier_positions(self) -> list[float]: ...
    def add_carrier(self, position_m: float = ...) -> None: ...
