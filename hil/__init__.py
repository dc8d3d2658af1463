"""battery-hil: test PLC control logic against plant models, from Gherkin features.

The rooms of the package, lowest first (imports only point down this list): ``units`` and ``errors``,
``tags``, ``st``, ``softplc``, ``plc``, ``rig``, ``kernel``, ``bdd``, ``pytest_plugin``, ``cli``.
See docs/architecture.md.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
