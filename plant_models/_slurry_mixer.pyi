from plant_models._base import PlantModel

class SlurryMixer(PlantModel):
    vessel_volume_m3: float
    pump_speed_m3_s: float
    leak_pa_m3_s: float
    n2_flow_m3_s: float
    vent_conductance_m3_s: float
    batch_kg: float
    cp_j_kg_k: float
    ua_w_k: float
    jacket_tau_s: float
    planetary_accel_rpm_s: float
    disperser_accel_rpm_s: float
    coast_decel_rpm_s: float
    k_planetary: float
    k_disperser: float
    viscosity_pa_s: float
    o2_tau_s: float
    lid_travel_s: float
    ambient_c: float
    temp_switch_c: float
    noise_o2: float
    planetary_enable: bool
    disperser_enable: bool
    vacuum_pump_on: bool
    vacuum_valve: bool
    n2_valve: bool
    vent_valve: bool
    lid_raise: bool
    lid_lock: bool
    planetary_sp_rpm: float
    disperser_sp_rpm: float
    jacket_sp_c: float
    planetary_rpm: float
    disperser_rpm: float
    shear_power_kw: float
    slurry_c: float
    jacket_c: float
    pressure_kpa: float
    o2_pct: float
    o2_reading_pct: float
    lid_position: float
    o2_true_pct: float
    lid_closed_a: bool
    lid_closed_b: bool
    lid_locked: bool
    temp_high: bool
    n2_pressure_low: bool
    pump_running: bool
    def __init__(
        self,
        vessel_volume_m3: float = ...,
        pump_speed_m3_s: float = ...,
        leak_pa_m3_s: float = ...,
        n2_flow_m3_s: float = ...,
        vent_conductance_m3_s: float = ...,
        batch_kg: float = ...,
        cp_j_kg_k: float = ...,
        ua_w_k: float = ...,
        jacket_tau_s: float = ...,
        planetary_accel_rpm_s: float = ...,
        disperser_accel_rpm_s: float = ...,
        coast_decel_rpm_s: float = ...,
        k_planetary: float = ...,
        k_disperser: float = ...,
        viscosity_pa_s: float = ...,
        o2_tau_s: float = ...,
        lid_travel_s: float = ...,
        ambient_c: float = ...,
        temp_switch_c: float = ...,
        noise_o2: float = ...,
        seed: int = ...,
    ) -> None: ...
    def set_pressure_kpa(self, kpa: float) -> None: ...
    def set_slurry_temperature(self, celsius: float) -> None: ...
