"""The Gherkin step library and the scenario context it drives.

The step definitions themselves live in :mod:`hil.bdd.steps`, which the pytest plugin registers.
"""
from __future__ import annotations

from hil.bdd._context import ScenarioContext
from hil.bdd._values import Expectation, parse_expectation, parse_value

__all__ = ["Expectation", "ScenarioContext", "parse_expectation", "parse_value"]
