"""The errors of the plant model library.

``plant_models`` is a library of its own: it imports nothing of ``hil``. Its two errors refine the
builtins a caller would catch anyway, and carry what an adapter needs to say where the mistake was
written: ``hil`` (the rig loader, kernel fault injection) converts them into located ``hil.errors``
(``ConfigError``/``UnknownNameError`` with the rig file's line and the close names).
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["PlantConfigError", "UnknownSignalError", "close_names"]


class PlantConfigError(ValueError):
    """A model parameter has no physical meaning (a zero time constant, a trip below its alarm).

    Args:
        message: what is wrong, naming the parameter and its value.
        model: the registry name of the model that refused it (``"formation_rack"``).
        parameter: the parameter's name, where one parameter is at fault.
    """

    def __init__(self, message: str, *, model: str, parameter: str | None = None) -> None:
        self.message = message
        self.model = model
        self.parameter = parameter
        super().__init__(f"{model}: {message}")


class UnknownSignalError(KeyError):
    """A name the model library does not know: a model, a parameter, a signal or a fault.

    Args:
        message: what was looked up and where (``"plant model 'oven_zone' has no parameter 'tau'"``).
        name: the name as given.
        close_matches: the known names closest to it, best first ("did you mean ...?").
    """

    def __init__(self, message: str, *, name: str, close_matches: Iterable[str] = ()) -> None:
        self.message = message
        self.name = name
        self.close_matches = tuple(close_matches)
        super().__init__(message)

    def __str__(self) -> str:
        # KeyError quotes its argument (it expects a key); this error carries a sentence.
        if not self.close_matches:
            return self.message
        quoted = " or ".join(f"'{m}'" for m in self.close_matches)
        return f"{self.message}; did you mean {quoted}?"


def close_names(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``candidates`` close to ``name`` (case-insensitive), best first."""
    folded = {c.casefold(): c for c in reversed(list(candidates))}  # reversed: the first spelling wins
    return [folded[m] for m in difflib.get_close_matches(name.casefold(), list(folded), n=n, cutoff=0.6)]
