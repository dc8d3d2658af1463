from typing import Any

import numpy as np

from plant_models._base import PlantModel

OCV_TABLE: tuple[float, ...]
CELL_FAULTS: tuple[str, ...]


class FormationRack(PlantModel):
    n_cells: int
    capacity_ah: float
    r0_ohm: float
    r1_ohm: float
    tau1_s: float
    r2_ohm: float
    tau2_s: float
    mass_kg: float
    cp_j_kg_k: float
    ha_w_k: float
    coulombic_eff: float
    cv_limit_v: float
    discharge_limit_v: float
    overcharge_v: float
    overcharge_k: float
    onset_c: float
    vent_c: float
    runaway_rate_k_s: float
    max_c: float
    sr_rate_k_s: float
    sr_ea_j_mol: float
    runaway_s: float
    room_c: float
    air_tau_s: float
    air_coupling: float
    rack_volume_m3: float
    rack_exhaust_m3_s: float
    vent_gas_l_s: float
    runaway_gas_l: float
    offgas_trip_ppm: float
    smoke_trip: float
    offgas_tau_s: float
    noise_c: float
    rack_contactor: bool
    rack_air_c: float
    rack_air_reading_c: float
    offgas_ppm: float
    offgas_reading_ppm: float
    smoke: float
    rack_contactor_feedback: bool
    offgas_alarm: bool
    smoke_alarm: bool
    cells_venting: int
    cells_in_runaway: int
    max_cell_c: float
    def __init__(
        self,
        n_cells: int = ...,
        capacity_ah: float = ...,
        r0_ohm: float = ...,
        r1_ohm: float = ...,
        tau1_s: float = ...,
        r2_ohm: float = ...,
        tau2_s: float = ...,
        mass_kg: float = ...,
        cp_j_kg_k: float = ...,
        ha_w_k: float = ...,
        coulombic_eff: float = ...,
        cv_limit_v: float = ...,
        discharge_limit_v: float = ...,
        overcharge_v: float = ...,
        overcharge_k: float = ...,
        onset_c: float = ...,
        vent_c: float = ...,
        runaway_rate_k_s: float = ...,
        max_c: float = ...,
        sr_rate_k_s: float = ...,
        sr_ea_j_mol: float = ...,
        runaway_s: float = ...,
        room_c: float = ...,
        air_tau_s: float = ...,
        air_coupling: float = ...,
        rack_volume_m3: float = ...,
        rack_exhaust_m3_s: float = ...,
        vent_gas_l_s: float = ...,
        runaway_gas_l: float = ...,
        offgas_trip_ppm: float = ...,
        smoke_trip: float = ...,
        offgas_tau_s: float = ...,
        initial_soc: float = ...,
        noise_c: float = ...,
        seed: int = ...,
    ) -> None: ...
    @property
    def current_setpoints(self) -> np.ndarray: ...
    @current_setpoints.setter
    def current_setpoints(self, values: Any) -> None: ...
    @property
    def channel_on(self) -> np.ndarray: ...
    @channel_on.setter
    def channel_on(self, values: Any) -> None: ...
    @property
    def voltages(self) -> np.ndarray: ...
    @property
    def currents(self) -> np.ndarray: ...
    @property
    def temperatures(self) -> np.ndarray: ...
    @property
    def true_temperatures(self) -> np.ndarray: ...
    @property
    def socs(self) -> np.ndarray: ...
    @property
    def stages(self) -> np.ndarray: ...
    def set_cell_temperature(self, k: int, celsius: float) -> None: ...
    def set_soc(self, soc: float, k: int | None = ...) -> None: ...
    @property
    def faults(self) -> dict[str, float]: ...
    def __reduce__(self) -> Any: ...
    def snapshot(self) -> tuple[type, Any]: ...
    def restore(self, snapshot: tuple[type, Any]) -> None: ...
