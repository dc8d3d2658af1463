"""plant_models.oven_zone: the compiled model against its pure-Python twin, and against the analytic solution."""
from __future__ import annotations

import math
import os
import random

import pytest

import plant_models
from plant_models._reference.oven_zone import OvenZone as ReferenceOvenZone
from plant_models.errors import UnknownSignalError
from plant_models.oven_zone import OvenZone

MODELS = [pytest.param(OvenZone, id="loaded"), pytest.param(ReferenceOvenZone, id="reference")]
SECOND = 1_000_000_000
EXPECTED_AFTER_TAU = 125.0 - 100.0 * math.exp(-1.0)  # 25 °C + 200 °C * 50 % * (1 - e^-1)


def test_backend() -> None:
    if os.environ.get("CI") or os.environ.get("HIL_REQUIRE_COMPILED"):
        assert plant_models.BACKEND == "compiled", "the Cython extensions were not built"
    else:
        assert plant_models.BACKEND in ("compiled", "reference")
    assert (OvenZone is not ReferenceOvenZone) == (plant_models.BACKEND == "compiled")


def test_loaded_model_matches_reference_twin() -> None:
    compiled = OvenZone(tau_s=90.0, limit_c=95.0, limit_hysteresis_c=4.0)
    reference = ReferenceOvenZone(tau_s=90.0, limit_c=95.0, limit_hysteresis_c=4.0)
    rng = random.Random(7)
    trips = 0
    for step in range(5000):
        heater_on = rng.random() < 0.6
        power = rng.uniform(-20.0, 120.0)  # out-of-range drive is clamped to 0..100 %
        dt_ns = rng.randint(1_000_000, 2 * SECOND)
        for model in (compiled, reference):
            model.heater_on = heater_on
            model.power = power
            model.step(dt_ns)
        assert abs(compiled.temperature - reference.temperature) < 1e-9, f"step {step}"
        assert compiled.limit_ok is reference.limit_ok, f"step {step}"
        trips += not reference.limit_ok
    assert 0 < trips < 5000  # the sequence exercised both relay states


@pytest.mark.parametrize("model_class", MODELS)
def test_analytic_first_order_response(model_class: type) -> None:
    one_step = model_class(tau_s=120.0, ambient_c=25.0, max_rise_c=200.0, initial_c=25.0)
    many_steps = model_class(tau_s=120.0, ambient_c=25.0, max_rise_c=200.0, initial_c=25.0)
    for model in (one_step, many_steps):
        model.heater_on = True
        model.power = 50.0
    one_step.step(120 * SECOND)
    for _ in range(12_000):
        many_steps.step(10_000_000)
    assert abs(one_step.temperature - EXPECTED_AFTER_TAU) < 1e-9
    assert abs(many_steps.temperature - EXPECTED_AFTER_TAU) < 1e-9
    assert abs(one_step.temperature - many_steps.temperature) < 1e-9


@pytest.mark.parametrize("model_class", MODELS)
@pytest.mark.parametrize(("heater_on", "power"), [(False, 100.0), (True, 0.0), (True, -50.0)])
def test_no_drive_decays_to_ambient(model_class: type, heater_on: bool, power: float) -> None:
    zone = model_class(tau_s=60.0, ambient_c=20.0, initial_c=120.0)
    zone.heater_on = heater_on
    zone.power = power
    zone.step(60 * SECOND)
    assert abs(zone.temperature - (20.0 + 100.0 * math.exp(-1.0))) < 1e-9


@pytest.mark.parametrize("model_class", MODELS)
def test_power_above_100_is_clamped(model_class: type) -> None:
    zone = model_class(tau_s=10.0, ambient_c=25.0, max_rise_c=200.0, limit_c=1000.0)
    zone.heater_on = True
    zone.power = 150.0
    zone.step(1000 * SECOND)
    assert abs(zone.temperature - 225.0) < 1e-9


@pytest.mark.parametrize("model_class", MODELS)
@pytest.mark.parametrize(
    ("temperatures", "expected"),
    [
        ([174.9], True),
        ([175.0], False),  # opens at the limit
        ([175.0, 171.0], False),
        ([175.0, 170.0], False),  # still open at exactly limit - hysteresis
        ([175.0, 169.99], True),  # recloses only below it
        ([172.0], True),  # the hysteresis band does not open a closed relay
        ([175.0, 169.0, 172.0], True),
    ],
)
def test_limit_relay_hysteresis_on_set(model_class: type, temperatures: list[float], expected: bool) -> None:
    zone = model_class(limit_c=175.0, limit_hysteresis_c=5.0)
    for value in temperatures:
        zone.temperature = value  # setting the temperature updates the relay immediately
        assert zone.temperature == value
    assert zone.limit_ok is expected


@pytest.mark.parametrize("model_class", MODELS)
def test_limit_relay_while_stepping(model_class: type) -> None:
    zone = model_class(tau_s=10.0, ambient_c=25.0, max_rise_c=200.0, limit_c=175.0, limit_hysteresis_c=5.0)
    zone.heater_on, zone.power = True, 100.0
    states = []
    for _ in range(200):
        zone.step(SECOND // 2)
        states.append((zone.temperature, zone.limit_ok))
    first_open = next(i for i, (_, ok) in enumerate(states) if not ok)
    assert states[first_open][0] >= 175.0 and states[first_open - 1][0] < 175.0
    zone.heater_on = False
    for _ in range(1000):  # bounded: a relay that never recloses fails below instead of hanging
        if zone.limit_ok:
            break
        assert zone.temperature >= 170.0
        zone.step(SECOND // 10)
    assert zone.limit_ok and zone.temperature < 170.0


@pytest.mark.parametrize("model_class", MODELS)
def test_initial_temperature_above_limit_starts_tripped(model_class: type) -> None:
    assert model_class(initial_c=180.0).limit_ok is False
    assert model_class().limit_ok is True


@pytest.mark.parametrize("model_class", MODELS)
def test_inputs_round_trip(model_class: type) -> None:
    zone = model_class()
    zone.heater_on = 1
    zone.power = 42
    assert zone.heater_on is True
    assert zone.power == 42.0 and isinstance(zone.power, float)


@pytest.mark.parametrize("model_class", MODELS)
def test_zero_step_changes_nothing(model_class: type) -> None:
    zone = model_class(initial_c=80.0)
    zone.heater_on, zone.power = True, 100.0
    zone.step(0)
    assert zone.temperature == 80.0


@pytest.mark.parametrize("model_class", MODELS)
def test_negative_step_raises(model_class: type) -> None:
    zone = model_class(initial_c=80.0)
    with pytest.raises(ValueError, match=r"cannot step a plant model backwards \(-1 ns\)"):
        zone.step(-1)
    assert zone.temperature == 80.0


@pytest.mark.parametrize("model_class", MODELS)
@pytest.mark.parametrize("tau_s", [0.0, -5.0])
def test_non_positive_tau_raises(model_class: type, tau_s: float) -> None:
    with pytest.raises(ValueError, match="tau_s must be positive"):
        model_class(tau_s=tau_s)


def test_create_with_parameters() -> None:
    zone = plant_models.create("oven_zone", tau_s=60.0, initial_c=30.0)
    assert isinstance(zone, OvenZone)
    assert zone.tau_s == 60.0
    assert zone.temperature == 30.0
    assert zone.limit_c == 175.0  # the spec's default


def test_create_with_unknown_parameter_suggests() -> None:
    with pytest.raises(UnknownSignalError) as info:
        plant_models.create("oven_zone", tau=60.0)
    assert str(info.value) == "plant model 'oven_zone' has no parameter 'tau'; did you mean 'tau_s'?"


@pytest.mark.parametrize("call", [plant_models.spec, plant_models.create])
def test_unknown_model_suggests(call) -> None:
    with pytest.raises(UnknownSignalError) as info:
        call("oven_zon")
    assert str(info.value) == "unknown plant model 'oven_zon'; did you mean 'oven_zone'?"


def test_spec_describes_signals_and_defaults() -> None:
    spec = plant_models.spec("oven_zone")
    assert [s.name for s in spec.signals] == ["heater_on", "power", "temperature", "limit_ok", "contactor_closed"]
    assert spec.faults == ("contactor_welded", "scr_shorted")
    temperature = spec.signal("temperature")
    assert (temperature.kind, temperature.type, temperature.unit) == ("output", float, "°C")
    assert temperature.settable is True
    assert spec.signal("pressure") is None
    defaults = {p.name: p.default for p in spec.parameters}
    reference = ReferenceOvenZone()
    for name in ("tau_s", "ambient_c", "max_rise_c", "limit_c", "limit_hysteresis_c"):
        assert getattr(reference, name) == defaults[name]
    assert reference.temperature == defaults["initial_c"]


@pytest.mark.parametrize("model_class", MODELS)
def test_a_welded_contactor_keeps_heating_and_a_shorted_scr_heats_at_full_power(model_class: type) -> None:
    zone = model_class(tau_s=60.0, ambient_c=25.0, max_rise_c=200.0, limit_c=1000.0, initial_c=25.0)
    zone.power = 50.0
    zone.enable_fault("contactor_welded")
    assert zone.contactor_closed is True and zone.heater_on is False
    zone.step(60 * SECOND)
    assert abs(zone.temperature - (125.0 - 100.0 * math.exp(-1.0))) < 1e-9  # heats at 50 % though commanded off
    zone.enable_fault("scr_shorted")
    zone.clear_fault("contactor_welded")
    zone.heater_on = True
    zone.temperature = 25.0
    zone.step(60 * SECOND)
    assert abs(zone.temperature - (225.0 - 200.0 * math.exp(-1.0))) < 1e-9  # full power, not the 50 % asked
