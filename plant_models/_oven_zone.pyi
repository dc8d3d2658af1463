from plant_models._base import PlantModel

class OvenZone(PlantModel):
    tau_s: float
    ambient_c: float
    max_rise_c: float
    limit_c: float
    limit_hysteresis_c: float
    temperature: float
    heater_on: bool
    power: float
    FAULTS: tuple[str, ...]
    @property
    def limit_ok(self) -> bool: ...
    @property
    def contactor_closed(self) -> bool: ...
    def __init__(
        self,
        tau_s: float = ...,
        ambient_c: float = ...,
        max_rise_c: float = ...,
        limit_c: float = ...,
        limit_hysteresis_c: float = ...,
        initial_c: float = ...,
    ) -> None: ...
