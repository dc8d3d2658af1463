"""The parser's base: a token stream with its helpers, and Pratt expressions (operands, postfix
member/index/call chains, call arguments), shared by every text front end.

Operator precedence (IEC 61131-3, lowest first): OR, XOR, AND/&, = <>, < > <= >=, + -, * / MOD,
unary - NOT, ``**``. Dialect syntax is read from the :class:`~hil.st._dialects.Dialect` (``Word.3`` and
``Word.[i]`` where :attr:`Dialect.numeric_bit_member`).
"""
from __future__ import annotations

from typing import cast

from hil.st import _ast as A
from hil.st._dialects import SCL, Dialect
from hil.st._errors import StSyntaxError, StUnsupportedError
from hil.st._lexer import Token

__all__ = ["ExprParser"]

_BINARY = {"OR": 1, "XOR": 2, "AND": 3, "&": 3, "=": 4, "<>": 4, "<": 5, ">": 5, "<=": 5, ">=": 5,
           "+": 6, "-": 6, "*": 7, "/": 7, "MOD": 7, "**": 9}
_UNARY_POWER = 8


class ExprParser:
    """Token helpers and expressions; :class:`hil.st._parser.Parser` adds blocks and statements."""

    def __init__(self, tokens: list[Token], comments: dict[int, str], path: str, dialect: Dialect = SCL) -> None:
        self.tokens = tokens
        self.comments = comments
        self.path = path
        self.dialect = dialect
        self.i = 0

    # ---- token helpers ---------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def next(self) -> Token:
        token = self.tokens[self.i]
        if token.kind != "eof":
            self.i += 1
        return token

    def is_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.value in ops

    def is_kw(self, *words: str) -> bool:
        return self.tok.kind == "kw" and self.tok.value in words

    def is_word(self, *words: str) -> bool:
        """An identifier that acts as a keyword only in context (VERSION, OF, …)."""
        return self.tok.kind in ("ident", "kw") and str(self.tok.value).upper() in words

    def error(self, message: str, token: Token | None = None) -> StSyntaxError:
        return StSyntaxError(message, (token or self.tok).span)

    def describe(self, token: Token) -> str:
        if token.kind == "eof":
            return "the end of the file"
        if token.kind == "qident":
            return f'"{token.value}"'
        if token.kind == "local":
            return f"#{token.value}"
        return f"'{token.value}'"

    def expect_op(self, op: str, context: str = "") -> Token:
        if not self.is_op(op):
            where = f" {context}" if context else ""
            raise self.error(f"expected '{op}'{where}, found {self.describe(self.tok)}")
        return self.next()

    def expect_kw(self, word: str, context: str = "") -> Token:
        if not self.is_kw(word):
            where = f" {context}" if context else ""
            raise self.error(f"expected {word}{where}, found {self.describe(self.tok)}")
        return self.next()

    def optional_semicolon(self) -> None:
        if self.is_op(";"):
            self.next()

    def name_token(self, what: str) -> Token:
        if self.tok.kind not in ("ident", "qident"):
            raise self.error(f"expected {what}, found {self.describe(self.tok)}")
        return self.next()

    # ---- source and blocks ---------------------------------------------------------------------
    def expression(self, min_power: int = 0) -> A.Expr:
        token = self.tok
        if (token.kind == "op" and token.value in ("-", "+")) or (token.kind == "kw" and token.value == "NOT"):
            self.next()
            operand = self.expression(_UNARY_POWER)
            left: A.Expr = A.Unary(token.span, str(token.value), operand)
        else:
            left = self.postfix(self.primary())
        while True:
            token = self.tok
            op = token.value if token.kind in ("op", "kw") else None
            power = _BINARY.get(op) if isinstance(op, str) else None
            if power is None or power <= min_power:
                return left
            self.next()
            right = self.expression(power)  # left-associative (also **: IEC evaluates left to right)
            left = A.Binary(token.span, str(op), left, right)

    def primary(self) -> A.Expr:
        token = self.next()
        kind = token.kind
        if kind in ("int", "real", "bool", "string", "time"):
            return A.Literal(token.span, token.value, kind, token.type_hint)
        if kind == "ident":
            return A.Name(token.span, str(token.value), "auto")
        if kind == "local":
            return A.Name(token.span, str(token.value), "local")
        if kind == "qident":
            return A.Name(token.span, str(token.value), "global")
        if kind == "direct":
            return A.DirectAddr(token.span, str(token.value))
        if kind == "op" and token.value == "(":
            inner = self.expression()
            self.expect_op(")", "to close the parenthesis")
            return inner
        if kind == "op" and token.value == "^":
            raise StUnsupportedError("pointer dereference '^' is not supported", token.span)
        raise StSyntaxError(f"expected an expression, found {self.describe(token)}", token.span)

    def postfix(self, expr: A.Expr) -> A.Expr:
        while True:
            token = self.tok
            if self.is_op("."):
                self.next()
                member = self.tok
                if member.kind == "slice":
                    self.next()
                    width, number = cast(tuple[str, int], member.value)
                    expr = A.Slice(member.span, expr, width, number)
                elif member.kind in ("ident", "qident", "kw"):
                    self.next()
                    expr = A.Member(member.span, expr, str(member.value))
                elif member.kind == "int" and self.dialect.numeric_bit_member:
                    self.next()  # Logix bit of a word: Motor.Faults.3
                    expr = A.Slice(member.span, expr, "X", int(member.value))  # type: ignore[call-overload]
                elif member.kind == "op" and member.value == "[" and self.dialect.numeric_bit_member:
                    self.next()  # Logix indirect bit: Status.[BitIdx]
                    index = self.expression()
                    self.expect_op("]", "to close the bit index")
                    expr = A.BitIndex(member.span, expr, index)
                elif member.kind == "int":
                    raise StUnsupportedError("bit access by number (x.3) is Logix syntax; SCL writes x.%X3", member.span)
                else:
                    raise self.error(f"expected a member name after '.', found {self.describe(member)}")
            elif self.is_op("["):
                self.next()
                indices = [self.expression()]
                while self.is_op(","):
                    self.next()
                    indices.append(self.expression())
                self.expect_op("]", "to close the index")
                expr = A.Index(token.span, expr, indices)
            elif self.is_op("("):
                self.next()
                expr = A.Call(expr.span, expr, self.arguments())
            else:
                return expr

    def arguments(self) -> list[A.Param]:
        params: list[A.Param] = []
        if self.is_op(")"):
            self.next()
            return params
        while True:
            token = self.tok
            following = self.peek()
            if token.kind in ("ident", "kw") and following.kind == "op" and following.value in (":=", "=>"):
                self.next(), self.next()
                if following.value == "=>":
                    value = self.postfix(self.primary())
                else:
                    value = self.expression()
                params.append(A.Param(str(token.value), value, following.value == "=>", token.span))
            else:
                params.append(A.Param(None, self.expression(), False, token.span))
            if self.is_op(","):
                self.next()
                continue
            self.expect_op(")", "to close the call's arguments")
            return params
