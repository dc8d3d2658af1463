"""Expressions: every expression node becomes a checked :class:`~hil.st._context.TE` (Python code, type,
constant value).

Rules (see :mod:`hil.st._dialects` for the vendor differences): integer operations wrap at the type
:meth:`Converter.int_type` gives; REAL results are rounded to float32 after every operation; ``/`` on
integers and MOD truncate toward zero; AND/OR/XOR do not short-circuit. Names, members, indexes and
slices are the :class:`~hil.st._paths.PathEmitter`'s; calls are the :class:`~hil.st._calls.CallEmitter`'s.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from hil.errors import close_matches
from hil.st import _ast as A
from hil.st import _support
from hil.st import _types as T
from hil.st._context import TE, Context
from hil.st._convert import Converter, elem, is_kind
from hil.st._errors import Span, StTypeError, StUnsupportedError

if TYPE_CHECKING:
    from hil.st._calls import CallEmitter
    from hil.st._paths import PathEmitter

__all__ = ["ExprEmitter"]


class ExprEmitter:
    """Checks expressions and emits their Python code."""

    paths: PathEmitter
    calls: CallEmitter

    def __init__(self, ctx: Context, conv: Converter) -> None:
        self.ctx = ctx
        self.conv = conv

    def bind(self, paths: PathEmitter, calls: CallEmitter) -> None:
        """Wire the collaborators that expressions recurse into (they also hold this emitter)."""
        self.paths = paths
        self.calls = calls

    def expr(self, node: A.Expr) -> TE:
        te = self._expr(node)
        node.ty = te.ty
        return te

    def _expr(self, node: A.Expr) -> TE:
        if isinstance(node, A.Literal):
            return self.literal(node)
        if isinstance(node, A.Name):
            return self.paths.resolve_name(node)
        if isinstance(node, A.DirectAddr):
            return self.paths.direct(node)
        if isinstance(node, A.Member):
            return self.paths.member_of(self.expr(node.base), node)
        if isinstance(node, A.Index):
            return self.paths.index(node)
        if isinstance(node, A.Slice):
            return self.paths.slice_read(node)
        if isinstance(node, A.BitIndex):
            return self.paths.bit_index(node)
        if isinstance(node, A.Unary):
            return self.unary(node)
        if isinstance(node, A.Binary):
            return self.binary(node)
        if isinstance(node, A.Call):
            return self.calls.call_expr(node)
        raise StUnsupportedError(f"unsupported expression {type(node).__name__}", node.span)

    def literal(self, node: A.Literal) -> TE:
        kind, value, hint = node.kind, node.value, node.type_hint
        if kind == "bool":
            return TE(repr(value), T.BOOL, value)
        if kind == "string":
            return TE(repr(value), T.StringT(max(len(str(value)), 1)), value)
        if kind == "time":
            return TE(repr(value), T.LTIME if hint == "LTIME" else T.TIME, value)
        if hint is not None:
            ty = T.ELEMENTARY.get(hint)
            if ty is None or not ty.is_numeric:
                raise StTypeError(f"'{hint}#' is not a numeric type prefix", node.span,
                                  suggestions=close_matches(hint, [n for n, t in T.ELEMENTARY.items() if t.is_numeric]))
            if ty.kind == "real":
                value = _support.f32(float(value)) if ty == T.REAL else float(value)
                return TE(repr(value), ty, value)
            if kind == "real":
                raise StTypeError(f"{hint}#{value} is not a whole number", node.span)
            if not ty.low <= value <= ty.high:
                raise StTypeError(f"{hint}#{value} is outside {ty.name}'s range {ty.low}..{ty.high}", node.span)
            return TE(repr(value), ty, value)
        if kind == "real":
            return TE(repr(float(value)), T.ANY_REAL, float(value))
        return TE(repr(value), T.ANY_INT, value)

    # -- conversions ------------------------------------------------------------------------------
    def unary(self, node: A.Unary) -> TE:
        operand = self.expr(node.operand)
        ty = operand.ty
        if node.op == "NOT":
            if ty == T.BOOL:
                result = TE(f"(not {operand.code})", T.BOOL)
            elif is_kind(ty, "int", "bits"):
                e = elem(ty)
                assert e is not None
                code = f"({operand.code} ^ {e.high})" if not e.signed else f"(~{operand.code})"
                result = TE(code, ty)
            else:
                raise StTypeError(f"NOT needs BOOL or a bit string, not {ty}", node.span)
        elif node.op in ("-", "+"):
            if not is_kind(ty, "int", "bits", "real", "time"):
                raise StTypeError(f"unary '{node.op}' needs a number or TIME, not {ty}", node.span)
            if node.op == "+":
                return operand
            code = f"(-{operand.code})"
            result = TE(self.conv.wrap(code, ty, node.span) if is_kind(ty, "int", "bits") else code, ty)
        else:  # pragma: no cover - the parser makes only these
            raise StUnsupportedError(f"unary {node.op}", node.span)
        if operand.is_const:
            return self.conv.fold(result.code, ty, node.span)
        return result

    def binary(self, node: A.Binary) -> TE:
        left = self.expr(node.left)
        right = self.expr(node.right)
        op = node.op
        result = self._binary(op, left, right, node.span)
        if left.is_const and right.is_const:
            return self.conv.fold(result.code, result.ty, node.span)
        return result

    def _binary(self, op: str, left: TE, right: TE, span: Span) -> TE:
        lt, rt = left.ty, right.ty
        if op in ("AND", "&", "OR", "XOR"):
            py = {"AND": "&", "&": "&", "OR": "|", "XOR": "^"}[op]
            if lt == T.BOOL and rt == T.BOOL:
                return TE(f"({left.code} {py} {right.code})", T.BOOL)
            if is_kind(lt, "int", "bits") and is_kind(rt, "int", "bits"):
                ty = self.conv.int_type(lt, rt)
                return TE(f"({self.conv.convert(left, ty, span)} {py} {self.conv.convert(right, ty, span)})", ty)
            raise StTypeError(f"{op} needs two BOOLs or two bit strings, not {lt} and {rt}", span)
        if op in ("=", "<>", "<", ">", "<=", ">="):
            py = {"=": "==", "<>": "!="}.get(op, op)
            if not self.conv.comparable(lt, rt):
                raise StTypeError(f"cannot compare {lt} with {rt}", span)
            lc, rc = left.code, right.code
            if is_kind(lt, "real") and right.is_const and rt is T.ANY_REAL and lt == T.REAL:
                rc = repr(_support.f32(right.const))  # REAL compares against the float32 constant
            if is_kind(rt, "real") and left.is_const and lt is T.ANY_REAL and rt == T.REAL:
                lc = repr(_support.f32(left.const))
            return TE(f"({lc} {py} {rc})", T.BOOL)
        if op in ("+", "-", "*", "/", "MOD", "**"):
            return self.arith(op, left, right, span)
        raise StUnsupportedError(f"operator {op}", span)  # pragma: no cover

    def arith(self, op: str, left: TE, right: TE, span: Span) -> TE:
        lt, rt = left.ty, right.ty
        if is_kind(lt, "time") or is_kind(rt, "time"):
            return self.time_arith(op, left, right, span)
        if not (is_kind(lt, "int", "bits", "real") and is_kind(rt, "int", "bits", "real")):
            raise StTypeError(f"'{op}' needs numbers, not {lt} and {rt}", span)
        if is_kind(lt, "real") or is_kind(rt, "real") or (op == "**" and False):
            ty = self.conv.real_type(lt, rt)
            lc = self.conv.convert(left, ty, span) if ty is not T.ANY_REAL else left.code
            rc = self.conv.convert(right, ty, span) if ty is not T.ANY_REAL else right.code
            if op == "+" or op == "-" or op == "*":
                code = f"({lc} {op} {rc})"
            elif op == "/":
                code = f"_rdiv({lc}, {rc})"
            elif op == "**":
                code = f"_rpow({lc}, {rc})"
            else:
                raise StTypeError(f"MOD needs integers, not {lt} and {rt}", span)
            return TE(self.conv.f32(code, ty), ty)
        ty = self.conv.int_type(lt, rt)
        lc, rc = self.conv.convert(left, ty, span), self.conv.convert(right, ty, span)
        if op in ("+", "-", "*"):
            code = f"({lc} {op} {rc})"
        elif op == "/":
            code = f"_idiv({lc}, {rc}{self.fault_site(right, span)})"
        elif op == "MOD":
            # |a MOD b| < |b| with the sign of a: the result always fits the operand type, no wrap.
            return TE(f"_imod({lc}, {rc}{self.fault_site(right, span)})", ty)
        else:
            code = f"_ipow({lc}, {rc})"
        return TE(self.conv.wrap(code, ty, span), ty)

    def fault_site(self, divisor: TE, span: Span) -> str:
        """The extra argument naming where a division by ``divisor`` is (``POU|file:line:col``), so the
        program's faults record it; none when the divisor is a non-zero constant (it cannot fault)."""
        if divisor.is_const and divisor.const != 0:
            return ""
        return f", {self.ctx.scope.name + '|' + self.ctx.where_of(span)!r}"

    def time_arith(self, op: str, left: TE, right: TE, span: Span) -> TE:
        lt, rt = left.ty, right.ty
        lt_time, rt_time = is_kind(lt, "time"), is_kind(rt, "time")
        ty = T.LTIME if T.LTIME in (lt, rt) else T.TIME
        if op in ("+", "-") and lt_time and rt_time:
            return TE(f"({left.code} {op} {right.code})", ty)
        if op == "*" and (lt_time != rt_time) and (is_kind(rt, "int") or is_kind(lt, "int")):
            return TE(f"({left.code} * {right.code})", ty)
        if op == "/" and lt_time and is_kind(rt, "int"):
            return TE(f"_idiv({left.code}, {right.code}{self.fault_site(right, span)})", ty)
        raise StTypeError(f"'{op}' is not defined for {lt} and {rt} (TIME ± TIME, TIME * integer, "
                          "TIME / integer)", span)

    # -- indexing and slices -----------------------------------------------------------------------
