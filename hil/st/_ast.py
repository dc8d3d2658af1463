"""The syntax tree of ST/SCL sources. The checker annotates expressions with their type (``ty``), which
makes this tree the engine's typed IR: the code generator reads only checked trees.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hil.st._errors import Span

__all__ = [
    "ArrayTypeRef", "Assign", "Binary", "Block", "Call", "CallStmt", "Case", "CaseLabel", "Exit", "Expr", "For",
    "If", "Index", "Literal", "Member", "Name", "NamedTypeRef", "Param", "Repeat", "Return", "Slice", "Source",
    "Stmt", "StringTypeRef", "StructTypeRef", "TypeRef", "Unary", "VarDecl", "VarSection", "While", "Continue",
    "DirectAddr", "BitIndex",
]


# ---- type references as written -------------------------------------------------------------------

@dataclass(slots=True)
class NamedTypeRef:
    name: str
    span: Span


@dataclass(slots=True)
class StringTypeRef:
    length: Expr | None
    span: Span
    wide: bool = False


@dataclass(slots=True)
class ArrayTypeRef:
    dims: list[tuple[Expr, Expr]]
    element: TypeRef
    span: Span


@dataclass(slots=True)
class StructTypeRef:
    fields: list[VarDecl]
    span: Span


TypeRef = NamedTypeRef | StringTypeRef | ArrayTypeRef | StructTypeRef


# ---- declarations -----------------------------------------------------------------------------------

@dataclass(slots=True)
class VarDecl:
    name: str
    type: TypeRef
    init: Any  # Expr, a list of initialisers for arrays, or None
    span: Span
    comment: str = ""


@dataclass(slots=True)
class VarSection:
    kind: str  # VAR_INPUT, VAR_OUTPUT, VAR_IN_OUT, VAR, VAR_TEMP, VAR_CONSTANT, VAR_GLOBAL
    decls: list[VarDecl]
    span: Span
    retain: bool = False


@dataclass(slots=True)
class Block:
    """A POU or data declaration: FUNCTION_BLOCK, FUNCTION, ORGANIZATION_BLOCK, PROGRAM, DATA_BLOCK, TYPE."""

    kind: str
    name: str
    span: Span
    sections: list[VarSection] = field(default_factory=list)
    body: list[Stmt] = field(default_factory=list)
    return_type: TypeRef | None = None
    db_type: TypeRef | None = None  # a DATA_BLOCK's declared type (instance DB or DB of a UDT)
    db_struct: StructTypeRef | None = None
    type_def: TypeRef | None = None  # a TYPE's definition
    path: str = ""
    routines: dict[str, list[Stmt]] = field(default_factory=dict)  # Logix: a program's other routines
    retain: bool = True  # DATA_BLOCK: kept over a warm restart (no NON_RETAIN in its header)


@dataclass(slots=True)
class Source:
    path: str
    blocks: list[Block]


# ---- expressions -----------------------------------------------------------------------------------

@dataclass(slots=True, eq=False)
class Expr:
    span: Span
    ty: Any = field(default=None, init=False)


@dataclass(slots=True, eq=False)
class Literal(Expr):
    value: Any
    kind: str  # int, real, bool, string, time
    type_hint: str | None = None


@dataclass(slots=True, eq=False)
class Name(Expr):
    name: str
    scope: str  # 'auto' (plain), 'local' (#x), 'global' ("x")
    ref: Any = field(default=None, init=False)  # what the checker resolved it to


@dataclass(slots=True, eq=False)
class DirectAddr(Expr):
    address: str


@dataclass(slots=True, eq=False)
class Member(Expr):
    base: Expr
    member: str


@dataclass(slots=True, eq=False)
class Index(Expr):
    base: Expr
    indices: list[Expr]


@dataclass(slots=True, eq=False)
class Slice(Expr):
    base: Expr
    width: str  # X, B, W, D
    number: int


@dataclass(slots=True, eq=False)
class BitIndex(Expr):
    """Logix indirect bit ``word.[i]``."""

    base: Expr
    index: Expr


@dataclass(slots=True, eq=False)
class Unary(Expr):
    op: str  # '-', 'NOT', '+'
    operand: Expr


@dataclass(slots=True, eq=False)
class Binary(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass(slots=True)
class Param:
    name: str | None  # None for a positional argument
    value: Expr
    output: bool  # '=>' output binding
    span: Span


@dataclass(slots=True, eq=False)
class Call(Expr):
    callee: Expr  # a Name (function, FB instance) or Member (instance.method / instance in a struct)
    params: list[Param]
    target: Any = field(default=None, init=False)  # resolved callee info


# ---- statements ------------------------------------------------------------------------------------

@dataclass(slots=True, eq=False)
class Stmt:
    span: Span


@dataclass(slots=True, eq=False)
class Assign(Stmt):
    target: Expr
    value: Expr
    nonretentive: bool = False  # Logix [:=]: the target is cleared on prescan


@dataclass(slots=True, eq=False)
class CallStmt(Stmt):
    call: Call


@dataclass(slots=True, eq=False)
class If(Stmt):
    branches: list[tuple[Expr, list[Stmt]]]
    orelse: list[Stmt] | None


@dataclass(slots=True)
class CaseLabel:
    low: Expr
    high: Expr | None
    span: Span


@dataclass(slots=True, eq=False)
class Case(Stmt):
    selector: Expr
    arms: list[tuple[list[CaseLabel], list[Stmt]]]
    orelse: list[Stmt] | None


@dataclass(slots=True, eq=False)
class For(Stmt):
    var: Expr
    start: Expr
    end: Expr
    step: Expr | None
    body: list[Stmt]


@dataclass(slots=True, eq=False)
class While(Stmt):
    cond: Expr
    body: list[Stmt]


@dataclass(slots=True, eq=False)
class Repeat(Stmt):
    body: list[Stmt]
    cond: Expr


@dataclass(slots=True, eq=False)
class Exit(Stmt):
    pass


@dataclass(slots=True, eq=False)
class Continue(Stmt):
    pass


@dataclass(slots=True, eq=False)
class Return(Stmt):
    pass
