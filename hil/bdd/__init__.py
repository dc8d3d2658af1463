"""The Gherkin step library, the scenario context it drives, and collection-time step checks.

The step definitions themselves live in :mod:`hil.bdd.steps`, which the pytest plugin registers; the
vocabulary is :data:`hil.bdd.PHRASES` (docs/steps.md is generated from it).
"""
from __future__ import annotations

from hil.bdd._conditions import Condition, parse_condition
from hil.bdd._context import ScenarioContext, StepTiming
from hil.bdd._docs import render_steps_markdown
from hil.bdd._phrases import PHRASES, Compiler, Phrase, match_phrase
from hil.bdd._validate import validate_steps
from hil.bdd._values import Expectation, parse_expectation, parse_value

__all__ = [
    "PHRASES",
    "Compiler",
    "Condition",
    "Expectation",
    "Phrase",
    "ScenarioContext",
    "StepTiming",
    "match_phrase",
    "parse_condition",
    "parse_expectation",
    "parse_value",
    "render_steps_markdown",
    "validate_steps",
]
