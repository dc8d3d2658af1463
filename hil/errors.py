"""The error root of the framework and its children.

Errors are grouped by what the caller can do about them:

* :class:`InputError` and its children: something a user wrote (a tag table, a rig file, a feature
  file, a duration) is wrong. The message says what, where (``file:line:col`` or the tag name) and,
  where there is one, what is close.
* :class:`PlcError` and its children: the PLC or the wire misbehaved. Never swallowed.
* :class:`HilTimeoutError`: something did not happen in time.
* :class:`ScenarioFailure`: a ``Then`` step observed the plant or the PLC doing the wrong thing. It is
  an ``AssertionError`` so pytest reports it as a test failure, not as an error.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "AddressError",
    "ConfigError",
    "HilError",
    "HilTimeoutError",
    "HilWarning",
    "InputError",
    "PlcConnectionError",
    "PlcError",
    "PlcProtocolError",
    "ScenarioFailure",
    "SourceLocation",
    "UnitError",
    "UnknownNameError",
    "close_matches",
]


class HilWarning(UserWarning):
    """Warnings of the framework; the test suite turns them into errors."""


@dataclass(frozen=True)
class SourceLocation:
    """Where in a user's file something was written. Lines and columns count from 1."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class HilError(Exception):
    """Root of every error the framework raises on purpose."""


class InputError(HilError, ValueError):
    """Something a user wrote is wrong.

    Args:
        message: what is wrong, in the user's terms.
        where: the file location or the name of the thing (tag, signal) that is wrong.
        suggestions: close matches to offer ("did you mean ...?").
    """

    def __init__(
        self,
        message: str,
        *,
        where: SourceLocation | str | None = None,
        suggestions: Iterable[str] = (),
    ) -> None:
        self.message = message
        self.where = where
        self.suggestions = tuple(suggestions)
        super().__init__(self._render())

    def _render(self) -> str:
        text = f"{self.where}: {self.message}" if self.where is not None else self.message
        if self.suggestions:
            quoted = " or ".join(f"'{s}'" for s in self.suggestions)
            text += f"; did you mean {quoted}?"
        return text


class UnitError(InputError):
    """A duration or quantity is malformed, lacks its unit, or has a unit of the wrong kind."""


class AddressError(InputError):
    """A PLC address (``DB10.DBD4``, ``Q0.0``) is malformed or does not fit its data type."""


class ConfigError(InputError):
    """A tag table, rig file or option is inconsistent."""


class UnknownNameError(InputError, LookupError):
    """A tag, plant signal or other name is not defined; the message offers the closest names."""


class PlcError(HilError):
    """The PLC or the connection to it failed. Carries the PLC's name."""


class PlcConnectionError(PlcError, ConnectionError):
    """The connection to a PLC could not be made or was lost."""


class PlcProtocolError(PlcError):
    """The PLC answered a request with an error (area not present, out of range, ...)."""


class HilTimeoutError(HilError, TimeoutError):
    """A wait ran out of time."""


class ScenarioFailure(HilError, AssertionError):
    """A ``Then`` step observed the system under test doing something other than expected."""


def close_matches(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` candidates close to ``name``, case-insensitively, best first."""
    by_folded: dict[str, str] = {}
    for candidate in candidates:
        by_folded.setdefault(candidate.casefold(), candidate)
    matches = difflib.get_close_matches(name.casefold(), list(by_folded), n=n, cutoff=0.6)
    return [by_folded[m] for m in matches]
