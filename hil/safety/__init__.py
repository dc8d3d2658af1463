"""Cause-and-effect matrices: reading (long and wide CSV), validation, scenario generation, coverage.

    matrix = read_matrix("features/oven/oven_zone.ce.csv")
    binding = load_binding(binding_path(matrix.path))
    generate(matrix, binding, rig, folder=out).write(out)
    report = coverage(matrix, binding, [Path("cucumber.json")])

The command line is ``hil ce check|generate|coverage``; see docs/cause-and-effect.md. The names below
are imported on first use, so that the ``hil`` command (which only declares ``hil ce``) starts without
loading the step library.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hil.safety._binding import Binding, binding_path, check_against_rig, load_binding
    from hil.safety._commands import add_ce_commands
    from hil.safety._coverage import CellCoverage, Coverage, coverage, coverage_html, load_results, write_html
    from hil.safety._generate import Generation, generate
    from hil.safety._model import Cause, Cell, Matrix, MatrixError, vote_numbers
    from hil.safety._reader import read_matrix
    from hil.safety._scenarios import Scenario

_WHERE = {
    "hil.safety._binding": ("Binding", "binding_path", "check_against_rig", "load_binding"),
    "hil.safety._commands": ("add_ce_commands",),
    "hil.safety._coverage": ("CellCoverage", "Coverage", "coverage", "coverage_html", "load_results", "write_html"),
    "hil.safety._generate": ("Generation", "generate"),
    "hil.safety._model": ("Cause", "Cell", "Matrix", "MatrixError", "vote_numbers"),
    "hil.safety._reader": ("read_matrix",),
    "hil.safety._scenarios": ("Scenario",),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}

__all__ = [  # spelled out (not computed) so that type checkers and linters see the exports
    "Binding",
    "Cause",
    "Cell",
    "CellCoverage",
    "Coverage",
    "Generation",
    "Matrix",
    "MatrixError",
    "Scenario",
    "add_ce_commands",
    "binding_path",
    "check_against_rig",
    "coverage",
    "coverage_html",
    "generate",
    "load_binding",
    "load_results",
    "read_matrix",
    "vote_numbers",
    "write_html",
]
assert sorted(__all__) == sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'hil.safety' has no attribute '{name}'")
    return getattr(importlib.import_module(module), name)
