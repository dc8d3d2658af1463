from plant_models._base import PlantModel

class NotchingPress(PlantModel):
    rated_spm: float
    stroke_mm: float
    flywheel_tau_s: float
    clutch_tau_s: float
    brake_delay_s: float
    brake_decel_deg_s2: float
    lc_response_s: float
    safety_distance_mm: float
    hand_speed_mm_s: float
    motor_on: bool
    clutch_a: bool
    clutch_b: bool
    intrusion: bool
    left_pressed: bool
    right_pressed: bool
    crank_angle: float
    last_stop_time_s: float
    last_stop_angle_deg: float
    stroke_count: int
    ossd1: bool
    ossd2: bool
    two_hand_left: bool
    two_hand_right: bool
    tdc: bool
    standstill: bool
    clutch_engaged: bool
    hand_injury: bool
    def __init__(
        self,
        rated_spm: float = ...,
        stroke_mm: float = ...,
        flywheel_tau_s: float = ...,
        clutch_tau_s: float = ...,
        brake_delay_s: float = ...,
        brake_decel_deg_s2: float = ...,
        lc_response_s: float = ...,
        safety_distance_mm: float = ...,
        hand_speed_mm_s: float = ...,
        seed: int = ...,
    ) -> None: ...
    @property
    def crank_speed_spm(self) -> float: ...
    @property
    def flywheel_spm(self) -> float: ...
    @property
    def slide_position_mm(self) -> float: ...
    def set_crank(self, angle_deg: float, spm: float) -> None: ...
