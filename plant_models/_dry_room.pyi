from plant_models._base import PlantModel

class DryRoom(PlantModel):
    room_volume_m3: float
    supply_m3_s: float
    dehumidifier_dp_c: float
    dehumidifier_tau_s: float
    outdoor_dp_c: float
    airlock_volume_m3: float
    door_exchange_m3_s: float
    airlock_purge_m3_s: float
    person_g_h: float
    permeation_g_h: float
    sensor_tau_s: float
    rated_dp_pa: float
    regen_c_rated: float
    regen_tau_s: float
    ambient_c: float
    noise_c: float
    supply_fan_on: bool
    dehumidifier_on: bool
    door_a_lock: bool
    door_b_lock: bool
    door_a_request: bool
    door_b_request: bool
    people: int
    humidity_g_kg: float
    airlock_humidity_g_kg: float
    room_dp_pa: float
    regen_c: float
    door_a_open: bool
    door_b_open: bool
    door_a_closed: bool
    door_b_closed: bool
    airlock_breach: bool
    def __init__(
        self,
        room_volume_m3: float = ...,
        supply_m3_s: float = ...,
        dehumidifier_dp_c: float = ...,
        dehumidifier_tau_s: float = ...,
        outdoor_dp_c: float = ...,
        airlock_volume_m3: float = ...,
        door_exchange_m3_s: float = ...,
        airlock_purge_m3_s: float = ...,
        person_g_h: float = ...,
        permeation_g_h: float = ...,
        sensor_tau_s: float = ...,
        rated_dp_pa: float = ...,
        regen_c_rated: float = ...,
        regen_tau_s: float = ...,
        ambient_c: float = ...,
        initial_dp_c: float = ...,
        noise_c: float = ...,
        seed: int = ...,
    ) -> None: ...
    @property
    def dew_point_c(self) -> float: ...
    @property
    def true_dew_point_c(self) -> float: ...
    @property
    def supply_dew_point_c(self) -> float: ...
    @property
    def airlock_dew_point_c(self) -> float: ...
    def set_dew_point(self, celsius: float) -> None: ...

def humidity_ratio(dew_point_c: float) -> float: ...
def dew_point(humidity_ratio_kg_kg: float) -> float: ...
