"""plant_models is a library of its own: it imports nothing of hil, and its errors carry what an adapter
needs (the model, the parameter, the close names) while reading well on their own."""
from __future__ import annotations

import subprocess
import sys

import pytest

import plant_models
from plant_models.errors import PlantConfigError, UnknownSignalError


def test_plant_models_imports_nothing_of_hil() -> None:
    code = ("import sys, plant_models, plant_models._reference.formation_rack;"
            "print(sorted(m for m in sys.modules if m == 'hil' or m.startswith('hil.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_unknown_names_are_key_errors_with_close_matches() -> None:
    with pytest.raises(KeyError) as info:
        plant_models.create("oven_zone", tau=1.0)
    assert isinstance(info.value, UnknownSignalError)
    assert (info.value.name, info.value.close_matches) == ("tau", ("tau_s",))
    assert str(info.value) == "plant model 'oven_zone' has no parameter 'tau'; did you mean 'tau_s'?"


def test_parameter_errors_are_value_errors_naming_model_and_parameter() -> None:
    with pytest.raises(ValueError) as info:
        plant_models.create("formation_rack", n_cells=3.0, vent_c=20.0)
    assert isinstance(info.value, PlantConfigError)
    assert (info.value.model, info.value.parameter) == ("formation_rack", "vent_c")
    assert str(info.value).startswith("formation_rack: need onset_c < vent_c < max_c")


def test_an_unknown_name_without_close_matches_reads_as_a_sentence() -> None:
    error = UnknownSignalError("no signal 'q'", name="q")
    assert (str(error), error.close_matches) == ("no signal 'q'", ())
