from plant_models._base import PlantModel

class ElectrolyteFilling(PlantModel):
    chamber_volume_m3: float
    pump_speed_m3_s: float
    leak_pa_m3_s: float
    vent_conductance_m3_s: float
    dosing_ml_s: float
    density_g_ml: float
    head_fraction: float
    cell_tare_g: float
    enclosure_volume_m3: float
    extraction_m3_s: float
    lel_g_m3: float
    pool_evap_tau_s: float
    hf_mg_per_g: float
    lel_tau_s: float
    hf_tau_s: float
    tray_alarm_g: float
    noise_mbar: float
    vacuum_pump_on: bool
    vacuum_valve: bool
    vent_valve: bool
    dosing_pump_on: bool
    needle_valve: bool
    door_lock: bool
    extraction_on: bool
    totaliser_reset: bool
    door_open_request: bool
    pressure_mbar: float
    pressure_reading_mbar: float
    dosed_g: float
    flow_g_s: float
    total_g: float
    cell_mass_g: float
    tray_g: float
    vapour_g_m3: float
    hf_mg_m3: float
    lel_pct: float
    hf_ppm: float
    door_closed: bool
    door_locked: bool
    needle_valve_open: bool
    leak_tray: bool
    extraction_proven: bool
    def __init__(
        self,
        chamber_volume_m3: float = ...,
        pump_speed_m3_s: float = ...,
        leak_pa_m3_s: float = ...,
        vent_conductance_m3_s: float = ...,
        dosing_ml_s: float = ...,
        density_g_ml: float = ...,
        head_fraction: float = ...,
        cell_tare_g: float = ...,
        enclosure_volume_m3: float = ...,
        extraction_m3_s: float = ...,
        lel_g_m3: float = ...,
        pool_evap_tau_s: float = ...,
        hf_mg_per_g: float = ...,
        lel_tau_s: float = ...,
        hf_tau_s: float = ...,
        tray_alarm_g: float = ...,
        noise_mbar: float = ...,
        seed: int = ...,
    ) -> None: ...
    def set_pressure_mbar(self, mbar: float) -> None: ...
