from plant_models._base import PlantModel

class CoaterOven(PlantModel):
    n_zones: int
    tau_s: float
    ambient_c: float
    max_rise_c: float
    heater_kw: float
    zone_volume_m3: float
    exhaust_m3_s: float
    fan_tau_s: float
    damper_tau_s: float
    damper_min_pct: float
    proven_fraction: float
    lfl_g_m3: float
    analyser_tau_s: float
    nmp_kg_per_m: float
    web_accel_m_min_s: float
    max_web_speed_m_min: float
    limit_c: float
    limit_hysteresis_c: float
    noise_c: float
    noise_lfl: float
    heater_on: bool
    exhaust_fan_on: bool
    recirc_fan_on: bool
    coating_on: bool
    limit_reset: bool
    exhaust_damper: float
    web_speed_sp: float
    exhaust_speed: float
    recirc_speed: float
    damper_position: float
    web_speed: float
    purge_volumes: float
    exhaust_flow: float
    residual_nmp: float
    drift_c: float
    exhaust_proven: bool
    recirc_proven: bool
    exhaust_running: bool
    heater_feedback: bool
    def __init__(self, n_zones: int = ..., tau_s: float = ..., ambient_c: float = ..., max_rise_c: float = ...,
                 heater_kw: float = ..., zone_volume_m3: float = ..., exhaust_m3_s: float = ...,
                 fan_tau_s: float = ..., damper_tau_s: float = ..., damper_min_pct: float = ...,
                 proven_fraction: float = ..., lfl_g_m3: float = ..., analyser_tau_s: float = ...,
                 nmp_kg_per_m: float = ..., web_accel_m_min_s: float = ..., max_web_speed_m_min: float = ...,
                 limit_c: float = ..., limit_hysteresis_c: float = ..., initial_c: float = ...,
                 noise_c: float = ..., noise_lfl: float = ..., seed: int = ...) -> None: ...
    def zone_power(self, zone: int) -> float: ...
    def set_zone_power(self, zone: int, pct: float) -> None: ...
    def zone_temperature(self, zone: int) -> float: ...
    def zone_true_temperature(self, zone: int) -> float: ...
    def set_zone_temperature(self, zone: int, value: float) -> None: ...
    def zone_lfl(self, zone: int) -> float: ...
    def zone_true_lfl(self, zone: int) -> float: ...
    def zone_concentration(self, zone: int) -> float: ...
    def zone_evaporation(self, zone: int) -> float: ...
    def zone_limit_ok(self, zone: int) -> bool: ...
