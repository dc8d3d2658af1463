"""The step library as pytest-bdd steps: one registration per phrase of hil.bdd._phrases.

Every step compiles its words against the rig (the same compilation the plugin runs at collection
time) and runs the resulting action on the scenario's context. The vocabulary and its documentation
live in :data:`hil.bdd._phrases.PHRASES`; docs/steps.md is generated from it.
"""
from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import given, parsers, then, when

from hil.bdd._context import ScenarioContext
from hil.bdd._phrases import PHRASES, Compiler, Phrase

__all__: list[str] = []

_DECORATORS = {"given": given, "when": when, "then": then}


def _step_function(phrase: Phrase) -> Callable[..., None]:
    def run_step(hil: ScenarioContext, **groups: str) -> None:
        words = {k: v for k, v in groups.items() if v is not None}
        with hil.timed_step():
            phrase.compile(Compiler(hil.kernel.rig, hil.step_location), words).run(hil)

    run_step.__name__ = f"step_{phrase.key}"
    run_step.__doc__ = phrase.doc
    return run_step


def _register() -> None:
    for phrase in PHRASES:
        function = _step_function(phrase)
        names = phrase.regex.groupindex
        # pytest-bdd passes each named group as an argument; declare them so it can.
        function.__signature__ = _signature(list(names))  # type: ignore[attr-defined]
        for kind in phrase.kinds:
            _DECORATORS[kind](parsers.re(phrase.pattern), stacklevel=2)(function)


def _signature(groups: list[str]) -> object:
    import inspect

    parameters = [inspect.Parameter("hil", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    parameters += [inspect.Parameter(g, inspect.Parameter.KEYWORD_ONLY, default=None) for g in groups]
    return inspect.Signature(parameters)


_register()
