"""What the checker/emitter stages share while they walk one program: the typed expression value
(:class:`TE`), the block being compiled (:class:`Scope`) and the :class:`Context` (symbols, dialect,
temporaries, loop state, the names the code uses, the diagnostics).

The stages (:mod:`hil.st._paths`, :mod:`hil.st._expr`, :mod:`hil.st._calls`, :mod:`hil.st._stmt`,
:mod:`hil.st._declare`) are separate classes that all hold the same context; none of them reaches into
another's state.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hil.st import _types as T
from hil.st._dialects import Dialect
from hil.st._errors import Span
from hil.st._symbols import Symbols

__all__ = ["TE", "Context", "Diagnostic", "Scope"]


@dataclass(slots=True)
class TE:
    """A checked expression: Python source ``code`` (always safe to embed), its type and, when known at
    compile time, its value."""

    code: str
    ty: T.Type
    const: Any = None
    writable: bool = False

    @property
    def is_const(self) -> bool:
        return self.const is not None


@dataclass(eq=False)
class Scope:
    """The names visible in one block: its constants, its locals (temps; all variables of an FC) and the
    fields of ``self`` (an FB instance or the DB being initialised)."""

    kind: str
    name: str
    self_type: T.StructT | None = None
    locals: dict[str, T.FieldT] = field(default_factory=dict)
    consts: dict[str, TE] = field(default_factory=dict)
    result: T.FieldT | None = None


@dataclass(frozen=True)
class Diagnostic:
    """A checker finding that does not stop compilation (a warning), located in the source."""

    span: Span
    code: str  # a stable identifier, e.g. "temp-read-before-write"
    message: str

    def __str__(self) -> str:
        return f"{self.span.path}:{self.span.line}:{self.span.column}: warning: {self.message}"


class Context:
    """The state shared by the stages while one program is compiled."""

    def __init__(self, symbols: Symbols, dialect: Dialect) -> None:
        self.symbols = symbols
        self.dialect = dialect
        self.scope: Scope = Scope("GLOBAL", "")
        self.scopes: dict[int, Scope] = {}  # id(PouInfo) -> its scope
        self.used: set[tuple[str, str]] = set()  # (program or "" for globals, variable) the code names
        self.aliases: dict[str, str] = {}  # Logix alias tags (controller scope): name -> target path
        self.program_aliases: dict[str, dict[str, str]] = {}  # per program (casefolded name)
        self.nonretentive: list[str] = []  # lines that clear [:=] targets on prescan
        self.loops: list[tuple[str, str]] = []  # (kind, FOR variable code)
        self.ranges: list[tuple[str, int, int]] = []  # FOR variables with constant bounds (code, low, high)
        self.return_line = "return"  # what RETURN / RET() become in the block being emitted
        self.diagnostics: list[Diagnostic] = []
        self._tmp = 0

    def where_of(self, span: Span) -> str:
        return f"{span.path}:{span.line}:{span.column}"

    def tmp(self) -> str:
        """A fresh temporary name (unique within the block being emitted)."""
        self._tmp += 1
        return f"_t{self._tmp}"

    def restart_temporaries(self) -> None:
        self._tmp = 0

    def known_range(self, code: str) -> tuple[int, int] | None:
        """The constant range of a FOR variable being looped over (None if unknown)."""
        for var, low, high in reversed(self.ranges):
            if var == code:
                return (low, high) if low <= high else None
        return None

    def warn(self, span: Span, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(span, code, message))
