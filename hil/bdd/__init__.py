"""The Gherkin step library, the scenario context it drives, and collection-time step checks.

The step definitions themselves live in :mod:`hil.bdd.steps`, which the pytest plugin registers; the
vocabulary is :data:`hil.bdd.PHRASES` (docs/steps.md is generated from it). Each phrase compiles to an
action (``SetValue``, ``CheckWithin``, ...) that holds its own logic and runs on a ScenarioContext.
"""
from __future__ import annotations

from hil.bdd._acting import Action, ClearFaults, Force, Inject, Monitor, Pulse, Release, SetValue, Wait, WaitUntil
from hil.bdd._conditions import Condition, parse_condition
from hil.bdd._context import ScenarioContext, StepTiming
from hil.bdd._docs import render_steps_markdown
from hil.bdd._judging import CheckAfterScans, CheckEdge, CheckNever, CheckNow, CheckStays, CheckWithin
from hil.bdd._observation import NotProvable, VacuousCheck
from hil.bdd._phrases import PHRASES, Compiler, Phrase, match_phrase
from hil.bdd._validate import validate_steps
from hil.bdd._values import Expectation, parse_expectation, parse_value

__all__ = [
    "PHRASES",
    "Action",
    "CheckAfterScans",
    "CheckEdge",
    "CheckNever",
    "CheckNow",
    "CheckStays",
    "CheckWithin",
    "ClearFaults",
    "Compiler",
    "Condition",
    "Expectation",
    "Force",
    "Inject",
    "Monitor",
    "NotProvable",
    "Phrase",
    "Pulse",
    "Release",
    "ScenarioContext",
    "SetValue",
    "StepTiming",
    "VacuousCheck",
    "Wait",
    "WaitUntil",
    "match_phrase",
    "parse_condition",
    "parse_expectation",
    "parse_value",
    "render_steps_markdown",
    "validate_steps",
]
