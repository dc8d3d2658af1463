"""Errors of the Structured Text engine. Each names the file, line and column and shows the source line."""
from __future__ import annotations

from collections.abc import Iterable

from hil.errors import HilError, InputError, SourceLocation

__all__ = ["StError", "StRuntimeError", "StSyntaxError", "StTypeError", "StUnsupportedError", "Span"]


class Span:
    """A place in a source file: path, line and column (from 1), and the text of that line."""

    __slots__ = ("column", "line", "path", "text")

    def __init__(self, path: str, line: int, column: int, text: str = "") -> None:
        self.path = path
        self.line = line
        self.column = column
        self.text = text

    @property
    def location(self) -> SourceLocation:
        return SourceLocation(self.path, self.line, self.column)

    def __repr__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class StError(InputError):
    """A Structured Text source is wrong. The message reads ``file:line:col: what`` plus the source line
    with a caret under the column."""

    def __init__(self, message: str, span: Span | None = None, *, suggestions: Iterable[str] = ()) -> None:
        self.span = span
        super().__init__(message, where=span.location if span is not None else None, suggestions=suggestions)

    def _render(self) -> str:
        text = super()._render()
        span = self.span
        if span is not None and span.text:
            line = span.text.expandtabs(1)
            text += f"\n    {line}\n    {' ' * max(span.column - 1, 0)}^"
        return text


class StSyntaxError(StError):
    """The source does not follow the grammar of its dialect."""


class StTypeError(StError):
    """A name is unknown, a type does not fit, or a call has wrong arguments."""


class StUnsupportedError(StError):
    """A valid construct the engine does not run (refused rather than executed wrongly)."""


class StRuntimeError(HilError, RuntimeError):
    """The program did something a PLC faults on (array index out of bounds, FOR with BY 0)."""
