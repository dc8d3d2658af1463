"""Checking a scenario's steps against the rig before anything runs.

Every step whose words match a phrase of the vocabulary is compiled against the rig, exactly as it
will be when it runs; the errors (unknown tags, units of the wrong kind, durations without a unit,
unparsable values) come back with the feature file and line. Steps that match no phrase are left to
pytest-bdd (they may be the project's own step definitions).
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from hil.bdd._phrases import Compiler, match_phrase
from hil.errors import HilError, SourceLocation
from hil.rig import Rig

__all__ = ["ScenarioStep", "validate_steps"]


class ScenarioStep(Protocol):
    """What validation needs of a step (pytest-bdd's ``Step`` has it)."""

    type: str
    name: str
    line_number: int


def validate_steps(steps: Iterable[ScenarioStep], feature_file: str, rig: Rig, *, relative_to: Path | None = None) -> list[str]:
    """Compile each step against ``rig``; return one message per problem, located ``file:line``."""
    shown = feature_file
    if relative_to is not None:
        try:
            shown = str(Path(feature_file).relative_to(relative_to))
        except ValueError:
            pass
    problems = []
    for step in steps:
        matched = match_phrase(step.type, step.name)
        if matched is None:
            continue
        phrase, groups = matched
        try:
            phrase.compile(Compiler(rig, SourceLocation(shown, step.line_number)), groups)
        except HilError as exc:
            problems.append(str(exc))
    return problems
