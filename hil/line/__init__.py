"""The composition root: builds a rig's targets, soft PLCs and plant models, and hands them to a kernel.

The kernel (hil.kernel) runs finished targets and plants; this package is the one place that knows
the concrete ones. The built-in targets are a ``trylast`` implementation of the pytest hook
``pytest_hil_make_target``, so a plugin's own targets override them
(``builtin_plugin`` is the module the pytest plugin registers).
"""
from __future__ import annotations

from hil.line import _builtin as builtin_plugin
from hil.line._builtin import TARGET_KINDS
from hil.line._line import Line, MakeTarget

__all__ = ["TARGET_KINDS", "Line", "MakeTarget", "builtin_plugin"]
