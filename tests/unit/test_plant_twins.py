"""Every compiled plant model against its pure-Python twin, and the conventions all models share.

The twin is the oracle: same equations, same order, so the two agree to the last bit (checked here to
1e-12) over 10,000 steps of random inputs, random step sizes, injected faults and noise.
"""
from __future__ import annotations

import inspect
import math
import random
import zlib
from typing import Any

import numpy as np
import pytest

import plant_models
from plant_models import (
    agv_transfer,
    calender,
    coater_oven,
    dry_room,
    electrolyte_filling,
    formation_rack,
    notching_press,
    oven_zone,
    slurry_mixer,
)
from plant_models._reference.agv_transfer import AgvTransfer as RefAgv
from plant_models._reference.calender import Calender as RefCalender
from plant_models._reference.coater_oven import CoaterOven as RefCoater
from plant_models._reference.dry_room import DryRoom as RefDryRoom
from plant_models._reference.electrolyte_filling import ElectrolyteFilling as RefFilling
from plant_models._reference.formation_rack import FormationRack as RefRack
from plant_models._reference.notching_press import NotchingPress as RefPress
from plant_models._reference.oven_zone import OvenZone as RefOvenZone
from plant_models._reference.slurry_mixer import SlurryMixer as RefMixer
from plant_models.errors import PlantConfigError, UnknownSignalError

MODULES = {
    "oven_zone": (oven_zone, RefOvenZone),
    "coater_oven": (coater_oven, coater_oven.zone_signals(RefCoater)),
    "calender": (calender, RefCalender),
    "notching_press": (notching_press, RefPress),
    "slurry_mixer": (slurry_mixer, RefMixer),
    "electrolyte_filling": (electrolyte_filling, RefFilling),
    "formation_rack": (formation_rack, RefRack),
    "dry_room": (dry_room, RefDryRoom),
    "agv_transfer": (agv_transfer, RefAgv),
}
# Parameters for the twin runs: noise on where the model has it, a small rack.
PARAMS: dict[str, dict[str, Any]] = {
    "oven_zone": {},
    "coater_oven": {"noise_c": 0.3, "noise_lfl": 0.5, "seed": 11, "tau_s": 20.0},
    "calender": {"noise_bar": 0.5, "seed": 12},
    "notching_press": {},
    "slurry_mixer": {"noise_o2": 0.05, "seed": 13, "jacket_tau_s": 30.0, "lid_travel_s": 2.0},
    "electrolyte_filling": {"noise_mbar": 0.2, "seed": 14},
    "formation_rack": {"n_cells": 12, "noise_c": 0.1, "seed": 15, "mass_kg": 0.05, "initial_soc": 0.5},
    "dry_room": {"noise_c": 0.2, "seed": 16, "room_volume_m3": 50.0},
    "agv_transfer": {"approach_m": 2.0},
}
ARRAY_INPUTS = {"current_setpoints", "channel_on"}
STEPS = 10_000
MS = 1_000_000


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-12, atol=1e-12))
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def _signals(model: Any, spec: plant_models.ModelSpec) -> list[plant_models.Signal]:
    """The spec's signals the configured model has (a 6-zone oven has no zone7_* signals)."""
    present = []
    for signal in spec.signals:
        try:
            getattr(model, signal.name)
        except IndexError:
            continue
        present.append(signal)
    return present


def _random_value(rng: random.Random, signal: plant_models.Signal, n_cells: int) -> Any:
    if signal.name == "current_setpoints":
        return np.array([rng.uniform(-120.0, 120.0) for _ in range(n_cells)])
    if signal.name == "channel_on":
        return np.array([rng.random() < 0.8 for _ in range(n_cells)], dtype=np.uint8)
    if signal.type is bool:
        return rng.random() < 0.5
    if signal.type is int:
        return rng.randint(0, 8)
    low, high = signal.range or (0.0, 100.0)
    span = high - low
    return rng.uniform(low - 0.1 * span, high + 0.1 * span)  # a little out of range: clamping is tested too


@pytest.mark.parametrize("name", list(MODULES))
def test_compiled_model_matches_reference_twin(name: str) -> None:
    module, reference_class = MODULES[name]
    assert module.COMPILED, "the Cython extension was not built"
    compiled, reference = module.MODEL(**PARAMS[name]), reference_class(**PARAMS[name])
    spec = plant_models.spec(name)
    signals = _signals(reference, spec)
    drivable = [s for s in signals if s.kind == "input" or (s.settable and s.type is not float)]
    n_cells = PARAMS[name].get("n_cells", 1)
    rng = random.Random(zlib.crc32(name.encode()))
    dt_ns = 10 * MS
    faults = list(compiled.FAULTS)
    assert faults == list(reference.FAULTS) == list(spec.faults)
    compared = 0
    for step in range(STEPS):
        if step % 37 == 0:
            for signal in rng.sample(drivable, k=max(1, len(drivable) // 3)):
                value = _random_value(rng, signal, n_cells)
                for model in (compiled, reference):
                    setattr(model, signal.name, value)
        if step % 500 == 0:
            dt_ns = rng.choice([1, 2, 5, 10, 50, 100]) * MS
        if faults and step % 211 == 0:
            fault = rng.choice(faults)
            index = rng.randrange(n_cells) if fault in formation_rack.FormationRack.FAULTS[4:] and name == "formation_rack" else None
            if rng.random() < 0.6:
                value = rng.uniform(0.05, 1.0)
                for model in (compiled, reference):
                    model.enable_fault(fault, value, index=index)
            else:
                for model in (compiled, reference):
                    model.clear_fault(fault, index=index)
        compiled.step(dt_ns)
        reference.step(dt_ns)
        if step % 7 == 0 or step == STEPS - 1:
            for signal in signals:
                a, b = getattr(compiled, signal.name), getattr(reference, signal.name)
                assert _close(a, b), f"{name}.{signal.name} at step {step}: compiled {a!r}, reference {b!r}"
                compared += 1
            assert compiled.faults == reference.faults
    assert compared > 1000


@pytest.mark.parametrize("name", list(MODULES))
def test_spec_signals_exist_with_valid_metadata(name: str) -> None:
    module, reference_class = MODULES[name]
    spec = plant_models.spec(name)
    assert spec.name == name and spec.doc
    for model in (module.MODEL(), reference_class()):
        for signal in _signals(model, spec):
            assert signal.io is None or signal.io in plant_models.IO_KINDS
            if signal.kind == "input" and signal.name not in ARRAY_INPUTS:
                value = getattr(model, signal.name)
                setattr(model, signal.name, value)  # every input is writable
    names = [s.name for s in spec.signals]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name", list(MODULES))
def test_spec_defaults_are_the_constructor_defaults(name: str) -> None:
    module, reference_class = MODULES[name]
    spec = plant_models.spec(name)
    signature = inspect.signature(reference_class.__init__)
    assert [p.name for p in spec.parameters] == [n for n in signature.parameters if n != "self"]
    for p in spec.parameters:
        assert signature.parameters[p.name].default == p.default, p.name
    with_defaults = plant_models.create(name, **{p.name: p.default for p in spec.parameters})
    bare = module.MODEL()
    assert repr(with_defaults.snapshot()[1]) == repr(bare.snapshot()[1])


@pytest.mark.parametrize("name", list(MODULES))
@pytest.mark.parametrize("flavour", ["compiled", "reference"])
def test_snapshot_restore_replays_exactly(name: str, flavour: str) -> None:
    module, reference_class = MODULES[name]
    cls = module.MODEL if flavour == "compiled" else reference_class
    model = cls(**PARAMS[name])
    spec = plant_models.spec(name)
    signals = _signals(model, spec)
    for signal in spec.inputs:
        if signal.type is bool and signal.name not in ARRAY_INPUTS:
            setattr(model, signal.name, True)
    if model.FAULTS:
        model.enable_fault(model.FAULTS[0], 0.5, index=None)
    for _ in range(300):
        model.step(10 * MS)
    snap = model.snapshot()

    def run() -> list[Any]:
        trace = []
        for _ in range(200):
            model.step(10 * MS)
            trace.append([getattr(model, s.name) for s in signals])
        return trace

    first = run()
    model.restore(snap)
    second = run()
    for a_row, b_row in zip(first, second):
        for a, b in zip(a_row, b_row):
            assert np.array_equal(np.asarray(a), np.asarray(b))
    with pytest.raises(TypeError, match="cannot restore"):
        model.restore((int, snap[1]))


@pytest.mark.parametrize("name", [n for n in MODULES if any(p.name == "seed" for p in plant_models.spec(n).parameters)])
def test_noise_is_seeded(name: str) -> None:
    noisy = {k: v for k, v in PARAMS[name].items() if k != "seed"}
    runs = []
    for seed in (1, 1, 2):
        model = plant_models.create(name, **noisy, seed=seed)
        for _ in range(50):
            model.step(10 * MS)
        runs.append(model.snapshot()[1])
    trace = [repr(r) for r in runs]
    assert trace[0] == trace[1]
    if any(k.startswith("noise") for k in noisy):
        assert trace[0] != trace[2]


@pytest.mark.parametrize("name", [n for n in MODULES if plant_models.spec(n).faults])
@pytest.mark.parametrize("flavour", ["compiled", "reference"])
def test_unknown_fault_names_suggest_close_ones(name: str, flavour: str) -> None:
    module, reference_class = MODULES[name]
    model = (module.MODEL if flavour == "compiled" else reference_class)()
    fault = model.FAULTS[0]
    typo = fault[:-1] + ("x" if fault[-1] != "x" else "y")
    with pytest.raises(UnknownSignalError) as info:
        model.enable_fault(typo)
    assert f"has no fault '{typo}'" in str(info.value)
    assert f"did you mean '{fault}'" in str(info.value)
    with pytest.raises(UnknownSignalError):
        model.clear_fault("no_such_fault")


@pytest.mark.parametrize("name", [n for n in MODULES if plant_models.spec(n).faults])
def test_faults_enable_and_clear_by_name(name: str) -> None:
    model = plant_models.create(name, **({"n_cells": 3} if name == "formation_rack" else {}))
    rack_faults = formation_rack.FormationRack.FAULTS[4:] if name == "formation_rack" else ()
    for fault in model.FAULTS:
        index = 1 if fault in rack_faults else None
        model.enable_fault(fault, 0.25, index=index)
        key = f"{fault}[1]" if index is not None else fault
        assert key in model.faults
        model.step(10 * MS)
        model.clear_fault(fault, index=index)
        assert key not in model.faults
    model.enable_fault(model.FAULTS[0], 0.5)
    model.clear_faults()
    assert model.faults == {}


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("coater_oven", {"tau_s": 0.0}, "tau_s must be positive"),
        ("coater_oven", {"zone_volume_m3": -12.5}, "zone_volume_m3 must be positive"),
        ("coater_oven", {"n_zones": 9}, "n_zones must be between 1 and 8"),
        ("coater_oven", {"n_zones": 2.5}, "n_zones must be a whole number"),
        ("calender", {"oil_volume_m3": -0.002}, "oil_volume_m3 must be positive"),
        ("calender", {"brake_delay_s": -0.01}, "brake_delay_s must not be negative"),
        ("notching_press", {"clutch_tau_s": 0.0}, "clutch_tau_s must be positive"),
        ("slurry_mixer", {"vessel_volume_m3": -1.0}, "vessel_volume_m3 must be positive"),
        ("slurry_mixer", {"jacket_tau_s": 0.0}, "jacket_tau_s must be positive"),
        ("electrolyte_filling", {"chamber_volume_m3": 0.0}, "chamber_volume_m3 must be positive"),
        ("electrolyte_filling", {"leak_pa_m3_s": -1.0}, "leak_pa_m3_s must not be negative"),
        ("formation_rack", {"n_cells": 0}, "n_cells must be between"),
        ("formation_rack", {"tau1_s": 0.0}, "tau1_s must be positive"),
        ("formation_rack", {"capacity_ah": -100.0}, "capacity_ah must be positive"),
        ("formation_rack", {"onset_c": 130.0}, "need onset_c < vent_c < max_c"),
        ("dry_room", {"room_volume_m3": -2000.0}, "room_volume_m3 must be positive"),
        ("dry_room", {"sensor_tau_s": float("nan")}, "sensor_tau_s must be a finite number"),
        ("agv_transfer", {"agv_brake_m_s2": 0.0}, "agv_brake_m_s2 must be positive"),
    ],
)
@pytest.mark.parametrize("flavour", ["compiled", "reference"])
def test_invalid_parameters_raise_clear_errors(name: str, params: dict[str, float], message: str, flavour: str) -> None:
    module, reference_class = MODULES[name]
    cls = module.MODEL if flavour == "compiled" else reference_class
    with pytest.raises(PlantConfigError, match=message) as info:
        cls(**params)
    assert str(info.value).startswith(f"{name}: ")


@pytest.mark.parametrize("name", list(MODULES))
def test_negative_step_raises(name: str) -> None:
    for model in (MODULES[name][0].MODEL(), MODULES[name][1]()):
        with pytest.raises(ValueError, match="cannot step a plant model backwards"):
            model.step(-1)


@pytest.mark.parametrize("name", [n for n in MODULES if n != "oven_zone"])
def test_run_equals_repeated_steps(name: str) -> None:
    a, b = plant_models.create(name), plant_models.create(name)
    for model in (a, b):
        for signal in plant_models.spec(name).inputs:
            if signal.type is bool and signal.name not in ARRAY_INPUTS:
                setattr(model, signal.name, True)
    for _ in range(250):
        a.step(4 * MS)
    b.run(4 * MS, 250)
    assert repr(a.snapshot()[1]) == repr(b.snapshot()[1])


def test_signal_metadata_is_validated() -> None:
    with pytest.raises(ValueError, match="io must be one of"):
        plant_models.Signal("x", "output", float, io="AI")
    with pytest.raises(ValueError, match="an input cannot be wired as DI"):
        plant_models.Signal("x", "input", bool, io="DI")
    with pytest.raises(ValueError, match="low < high"):
        plant_models.Signal("x", "output", float, range=(5.0, 1.0))
    with pytest.raises(ValueError, match="kind must be"):
        plant_models.Signal("x", "sensor", float)


def test_backend_is_compiled_for_every_model() -> None:
    assert plant_models.BACKEND == "compiled"
    assert all(module.COMPILED for module, _ in MODULES.values())


@pytest.mark.parametrize("name", list(MODULES))
def test_models_deep_copy_and_pickle(name: str) -> None:
    import copy
    import pickle

    model = plant_models.create(name, **PARAMS[name])
    if model.FAULTS:
        model.enable_fault(model.FAULTS[0], 0.5)
    model.step(50 * MS)
    copies = [copy.deepcopy(model), pickle.loads(pickle.dumps(model))]
    for other in (model, *copies):
        other.step(50 * MS)
    assert all(type(c) is type(model) for c in copies)
    assert all(repr(c.snapshot()[1]) == repr(model.snapshot()[1]) for c in copies)


@pytest.mark.parametrize("name", list(MODULES))
def test_parameters_given_as_floats_like_a_rig_file(name: str) -> None:
    spec = plant_models.spec(name)
    model = plant_models.create(name, **{p.name: float(p.default) for p in spec.parameters})
    model.step(10 * MS)


def test_reference_backend_stands_in_without_the_extensions() -> None:
    import subprocess
    import sys

    code = """
import sys
for name in ("_oven_zone", "_coater_oven", "_calender", "_notching_press", "_slurry_mixer",
             "_electrolyte_filling", "_formation_rack", "_dry_room", "_agv_transfer"):
    sys.modules["plant_models." + name] = None  # as if the extension had not been built
import plant_models
assert plant_models.BACKEND == "reference", plant_models.BACKEND
for name in plant_models.MODELS:
    model = plant_models.create(name)
    model.step(10_000_000)
    assert type(model).__module__.startswith(("plant_models._reference", "plant_models.coater_oven")), type(model)
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
