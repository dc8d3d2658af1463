"""One scenario, many targets: the oven feature again, on a ControlLogix soft PLC running the L5X."""
import pytest
from pytest_bdd import scenarios

pytestmark = pytest.mark.rig("logix/oven_zone.logix.rig.toml")  # relative to the feature file

scenarios("oven/oven_zone.feature")
