"""Type rules and conversions: the common type of two operands, implicit conversions on assignment and
parameter passing, integer wrap, float32 rounding and constant folding.

Which conversions are implicit, and at which width integers are computed, are dialect choices
(:attr:`Dialect.promote_integers`, :attr:`Dialect.bool_from_integer`,
:attr:`Dialect.implicit_real_to_integer`); everything else follows the IEC rules the vendors share.
"""
from __future__ import annotations

from typing import Any

from hil.st import _support
from hil.st import _types as T
from hil.st._context import TE, Context
from hil.st._errors import Span, StTypeError

__all__ = ["Converter", "const_env", "elem", "is_kind"]


def const_env() -> dict[str, Any]:
    """The namespace constant folding evaluates generated code in (the same helpers as the program)."""
    env: dict[str, Any] = {f"_{name}": getattr(_support, name) for name in _support.__all__}
    env["__builtins__"] = {"abs": abs, "min": min, "max": max, "len": len, "int": int, "float": float,
                           "bool": bool, "str": str, "ord": ord, "round": round}
    return env


_CONST_ENV = const_env()


def elem(t: T.Type) -> T.Elem | None:
    return t if isinstance(t, T.Elem) else None


def is_kind(t: T.Type, *kinds: str) -> bool:
    return isinstance(t, T.Elem) and t.kind in kinds


class Converter:
    """Type rules and implicit conversions of one program's dialect."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.dialect = ctx.dialect

    def fold(self, code: str, ty: T.Type, span: Span) -> TE:
        try:
            value = eval(code, _CONST_ENV)  # noqa: S307 - our own generated code over constants
        except Exception as exc:  # a constant expression that faults (e.g. an index out of bounds)
            raise StTypeError(f"constant expression cannot be evaluated: {exc}", span) from None
        return TE(repr(value), ty, value)

    def wrap(self, code: str, ty: T.Type, span: Span | None = None) -> str:
        """Wrap an integer result into ``ty``'s range; branchy so the common in-range case is cheap.

        ``span`` marks a wrap that is an arithmetic overflow (not a bit manipulation): in a dialect where
        that is a fault (:attr:`Dialect.integer_overflow`) the slow path also records where it happened."""
        e = elem(ty)
        if e is None or not e.is_integral or e is T.ANY_INT:
            return code
        t = self.ctx.tmp()
        low, high = e.low, e.high
        site = ""
        if span is not None and self.dialect.integer_overflow is not None:
            site = f", {self.ctx.scope.name + '|' + self.ctx.where_of(span)!r}"
        # The out-of-range path calls _ovf, which counts the overflow for tests (StProgram.faults).
        return f"({t} if {low} <= ({t} := {code}) <= {high} else _ovf({t}, {low}, {high - low}{site}))"

    def f32(self, code: str, ty: T.Type) -> str:
        return f"_f32({code})" if ty == T.REAL else code

    def convert(self, te: TE, target: T.Type, span: Span, what: str = "assign") -> str:
        """Code for ``te`` converted implicitly to ``target``; a type error if the dialect forbids it."""
        src = te.ty
        if src == target and isinstance(target, T.Elem):
            return te.code
        if isinstance(target, T.Elem) and isinstance(src, T.Elem):
            tk, sk = target.kind, src.kind
            if tk == sk == "bool":
                return te.code
            if tk == "bool" and sk in ("int", "bits") and self.dialect.bool_from_integer:
                return f"({te.code} != 0)"  # Logix: BOOL := 1 / 0 (any non-zero integer is TRUE)
            if tk in ("int", "bits") and sk in ("int", "bits"):
                if te.is_const:
                    if not target.low <= te.const <= target.high and src is T.ANY_INT:
                        raise StTypeError(f"the constant {te.const} does not fit {target.name} "
                                          f"({target.low}..{target.high})", span)
                    return repr(te.const)
                if src.low >= target.low and src.high <= target.high:
                    return te.code
                return self.wrap(te.code, target, span)
            if tk == "real" and sk in ("int", "bits", "real"):
                if te.is_const:
                    value = float(te.const)
                    value = _support.f32(value) if target == T.REAL else value
                    return repr(value)
                if sk == "real":
                    return self.f32(te.code, target) if src == T.LREAL or src is T.ANY_REAL else te.code
                if target == T.REAL and src.bits > 16:
                    return f"_f32({te.code})"
                return f"float({te.code})"
            if tk == sk == "time":
                return te.code
            if tk == sk == "char":
                return te.code
            if tk in ("int", "bits") and sk == "real" and self.dialect.implicit_real_to_integer:
                return self.wrap(f"_round_even({te.code})", target, span)  # Logix: REAL -> integer, half to even
            if tk in ("int", "bits") and sk == "real":
                raise StTypeError(f"cannot {what} {src.name} to {target.name} implicitly; convert with "
                                  f"REAL_TO_{target.name}(), ROUND() or TRUNC()", span)
        if isinstance(target, T.StringT) and (isinstance(src, T.StringT) or is_kind(src, "char")):
            if isinstance(src, T.StringT) and src.length <= target.length:
                return te.code
            if te.is_const:
                return repr(str(te.const)[:target.length])
            return f"{te.code}[:{target.length}]"
        if is_kind(target, "char") and isinstance(src, T.StringT) and te.is_const and len(str(te.const)) == 1:
            return te.code
        if isinstance(target, (T.StructT, T.ArrayT)) and src == target and not isinstance(target, T.FbT):
            return self.copy_value(te.code, target)
        raise StTypeError(f"cannot {what} {src} to {target}", span)

    def copy_value(self, code: str, ty: T.Type) -> str:
        """Structs and arrays are values in ST: assignment copies them."""
        if isinstance(ty, T.StructT):
            return f"{code}._copy()"
        if isinstance(ty, T.ArrayT):
            if isinstance(ty.element, T.StructT):
                return f"_copy_structs({code})"  # a helper: the code may hold := temps, not allowed in comprehensions
            return f"list({code})"
        return code

    # -- operators --------------------------------------------------------------------------------
    def int_type(self, lt: T.Type, rt: T.Type) -> T.Elem:
        """The type integer arithmetic on ``lt`` and ``rt`` is computed (and wraps) in."""
        if self.dialect.promote_integers and not (lt is T.ANY_INT and rt is T.ANY_INT):
            # Logix promotes integer operands to DINT (LINT when one is 64-bit); the store wraps.
            bits = max(getattr(lt, "bits", 0) if lt is not T.ANY_INT else 0,
                       getattr(rt, "bits", 0) if rt is not T.ANY_INT else 0)
            return T.LINT if bits > 32 else T.DINT
        le, re_ = elem(lt), elem(rt)
        assert le is not None and re_ is not None
        if le is T.ANY_INT:
            return re_
        if re_ is T.ANY_INT:
            return le
        return le if le.bits >= re_.bits else re_

    def real_type(self, lt: T.Type, rt: T.Type) -> T.Elem:
        if T.LREAL in (lt, rt):
            return T.LREAL
        if T.REAL in (lt, rt):
            return T.REAL
        if lt in (T.ANY_REAL, T.ANY_INT) and rt in (T.ANY_REAL, T.ANY_INT):
            return T.ANY_REAL
        return T.REAL  # an untyped real constant with an integer variable: REAL (S7 default)

    def comparable(self, lt: T.Type, rt: T.Type) -> bool:
        if is_kind(lt, "int", "bits", "real") and is_kind(rt, "int", "bits", "real"):
            return True
        if is_kind(lt, "time") and is_kind(rt, "time"):
            return True
        textual = (T.StringT,)
        if (isinstance(lt, textual) or is_kind(lt, "char")) and (isinstance(rt, textual) or is_kind(rt, "char")):
            return True
        return lt == T.BOOL and rt == T.BOOL
