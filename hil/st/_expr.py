"""Expression checking and code generation: every expression becomes (Python code, type, constant value).

Rules (Siemens S7-1200/1500 policy, see :mod:`hil.st._dialects`): integer operations are evaluated at the
operand type and wrap there (INT 32767 + 1 = -32768); REAL results are rounded to float32 after every
operation; ``/`` on integers and MOD truncate toward zero; AND/OR/XOR do not short-circuit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hil.st import _ast as A
from hil.st import _support
from hil.st import _types as T
from hil.st._errors import Span, StTypeError, StUnsupportedError
from hil.errors import close_matches

__all__ = ["TE", "ExprMixin", "const_env"]


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


class ExprMixin:
    """Expression half of the compiler. Needs ``resolve_name``, ``call_expr`` and ``tmp`` from the host."""

    where_of: Any
    call_expr: Any

    # -- provided by the compiler ---------------------------------------------------------------
    def resolve_name(self, node: A.Name) -> TE:  # pragma: no cover - overridden
        raise NotImplementedError

    def member_of(self, base: TE, node: A.Member) -> TE:  # pragma: no cover - overridden
        raise NotImplementedError

    def tmp(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def direct(self, node: A.DirectAddr) -> TE:  # pragma: no cover - overridden
        raise NotImplementedError

    # -- helpers ----------------------------------------------------------------------------------
    def fold(self, code: str, ty: T.Type, span: Span) -> TE:
        try:
            value = eval(code, _CONST_ENV)  # noqa: S307 - our own generated code over constants
        except Exception as exc:  # a constant expression that faults (e.g. an index out of bounds)
            raise StTypeError(f"constant expression cannot be evaluated: {exc}", span) from None
        return TE(repr(value), ty, value)

    def wrap(self, code: str, ty: T.Type) -> str:
        """Wrap an integer result into ``ty``'s range; branchy so the common in-range case is cheap."""
        e = elem(ty)
        if e is None or not e.is_integral or e is T.ANY_INT:
            return code
        t = self.tmp()
        low, high = e.low, e.high
        # The out-of-range path calls _ovf, which counts the overflow for tests (StProgram.faults).
        return f"({t} if {low} <= ({t} := {code}) <= {high} else _ovf({t}, {low}, {high - low}))"

    def f32(self, code: str, ty: T.Type) -> str:
        return f"_f32({code})" if ty == T.REAL else code

    def known_range(self, code: str) -> tuple[int, int] | None:  # overridden: FOR variables with constant bounds
        return None

    def expr(self, node: A.Expr) -> TE:
        te = self._expr(node)
        node.ty = te.ty
        return te

    def _expr(self, node: A.Expr) -> TE:
        if isinstance(node, A.Literal):
            return self.literal(node)
        if isinstance(node, A.Name):
            return self.resolve_name(node)
        if isinstance(node, A.DirectAddr):
            return self.direct(node)
        if isinstance(node, A.Member):
            return self.member_of(self.expr(node.base), node)
        if isinstance(node, A.Index):
            return self.index(node)
        if isinstance(node, A.Slice):
            return self.slice_read(node)
        if isinstance(node, A.BitIndex):
            base = self.expr(node.base)
            e = elem(base.ty)
            if e is None or not e.is_integral:
                raise StTypeError(f"cannot take a bit of {base.ty}", node.span)
            index = self.expr(node.index)
            if not is_kind(index.ty, "int", "bits"):
                raise StTypeError(f"a bit index must be an integer, not {index.ty}", node.index.span)
            t = self.tmp()
            where = repr(str(self.where_of(node.span)))
            checked = f"({t} if 0 <= ({t} := {index.code}) < {e.bits} else _oob({t}, 0, {e.bits - 1}, {where}))"
            return TE(f"((({base.code}) >> {checked}) & 1 == 1)", T.BOOL)
        if isinstance(node, A.Unary):
            return self.unary(node)
        if isinstance(node, A.Binary):
            return self.binary(node)
        if isinstance(node, A.Call):
            return self.call_expr(node)
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
    def convert(self, te: TE, target: T.Type, span: Span, what: str = "assign") -> str:
        """Code for ``te`` converted implicitly to ``target``; a type error if the dialect forbids it."""
        src = te.ty
        if src == target and isinstance(target, T.Elem):
            return te.code
        if isinstance(target, T.Elem) and isinstance(src, T.Elem):
            tk, sk = target.kind, src.kind
            if tk == sk == "bool":
                return te.code
            if tk == "bool" and sk in ("int", "bits") and getattr(self, "dialect", "scl") == "logix":
                return f"({te.code} != 0)"  # Logix: BOOL := 1 / 0 (any non-zero integer is TRUE)
            if tk in ("int", "bits") and sk in ("int", "bits"):
                if te.is_const:
                    if not target.low <= te.const <= target.high and src is T.ANY_INT:
                        raise StTypeError(f"the constant {te.const} does not fit {target.name} "
                                          f"({target.low}..{target.high})", span)
                    return repr(te.const)
                if src.low >= target.low and src.high <= target.high:
                    return te.code
                return self.wrap(te.code, target)
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
            if tk in ("int", "bits") and sk == "real" and getattr(self, "dialect", "scl") == "logix":
                return self.wrap(f"_round_even({te.code})", target)  # Logix: REAL -> integer rounds half to even
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
            result = TE(self.wrap(code, ty) if is_kind(ty, "int", "bits") else code, ty)
        else:  # pragma: no cover - the parser makes only these
            raise StUnsupportedError(f"unary {node.op}", node.span)
        if operand.is_const:
            return self.fold(result.code, ty, node.span)
        return result

    def binary(self, node: A.Binary) -> TE:
        left = self.expr(node.left)
        right = self.expr(node.right)
        op = node.op
        result = self._binary(op, left, right, node.span)
        if left.is_const and right.is_const:
            return self.fold(result.code, result.ty, node.span)
        return result

    def _binary(self, op: str, left: TE, right: TE, span: Span) -> TE:
        lt, rt = left.ty, right.ty
        if op in ("AND", "&", "OR", "XOR"):
            py = {"AND": "&", "&": "&", "OR": "|", "XOR": "^"}[op]
            if lt == T.BOOL and rt == T.BOOL:
                return TE(f"({left.code} {py} {right.code})", T.BOOL)
            if is_kind(lt, "int", "bits") and is_kind(rt, "int", "bits"):
                ty = self.int_type(lt, rt)
                return TE(f"({self.convert(left, ty, span)} {py} {self.convert(right, ty, span)})", ty)
            raise StTypeError(f"{op} needs two BOOLs or two bit strings, not {lt} and {rt}", span)
        if op in ("=", "<>", "<", ">", "<=", ">="):
            py = {"=": "==", "<>": "!="}.get(op, op)
            if not self.comparable(lt, rt):
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

    def comparable(self, lt: T.Type, rt: T.Type) -> bool:
        if is_kind(lt, "int", "bits", "real") and is_kind(rt, "int", "bits", "real"):
            return True
        if is_kind(lt, "time") and is_kind(rt, "time"):
            return True
        textual = (T.StringT,)
        if (isinstance(lt, textual) or is_kind(lt, "char")) and (isinstance(rt, textual) or is_kind(rt, "char")):
            return True
        return lt == T.BOOL and rt == T.BOOL

    def int_type(self, lt: T.Type, rt: T.Type) -> T.Elem:
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

    def arith(self, op: str, left: TE, right: TE, span: Span) -> TE:
        lt, rt = left.ty, right.ty
        if is_kind(lt, "time") or is_kind(rt, "time"):
            return self.time_arith(op, left, right, span)
        if not (is_kind(lt, "int", "bits", "real") and is_kind(rt, "int", "bits", "real")):
            raise StTypeError(f"'{op}' needs numbers, not {lt} and {rt}", span)
        if is_kind(lt, "real") or is_kind(rt, "real") or (op == "**" and False):
            ty = self.real_type(lt, rt)
            lc = self.convert(left, ty, span) if ty is not T.ANY_REAL else left.code
            rc = self.convert(right, ty, span) if ty is not T.ANY_REAL else right.code
            if op == "+" or op == "-" or op == "*":
                code = f"({lc} {op} {rc})"
            elif op == "/":
                code = f"_rdiv({lc}, {rc})"
            elif op == "**":
                code = f"_rpow({lc}, {rc})"
            else:
                raise StTypeError(f"MOD needs integers, not {lt} and {rt}", span)
            return TE(self.f32(code, ty), ty)
        ty = self.int_type(lt, rt)
        lc, rc = self.convert(left, ty, span), self.convert(right, ty, span)
        if op in ("+", "-", "*"):
            code = f"({lc} {op} {rc})"
        elif op == "/":
            code = f"_idiv({lc}, {rc})"
        elif op == "MOD":
            # |a MOD b| < |b| with the sign of a: the result always fits the operand type, no wrap.
            return TE(f"_imod({lc}, {rc})", ty)
        else:
            code = f"_ipow({lc}, {rc})"
        return TE(self.wrap(code, ty), ty)

    def time_arith(self, op: str, left: TE, right: TE, span: Span) -> TE:
        lt, rt = left.ty, right.ty
        lt_time, rt_time = is_kind(lt, "time"), is_kind(rt, "time")
        ty = T.LTIME if T.LTIME in (lt, rt) else T.TIME
        if op in ("+", "-") and lt_time and rt_time:
            return TE(f"({left.code} {op} {right.code})", ty)
        if op == "*" and (lt_time != rt_time) and (is_kind(rt, "int") or is_kind(lt, "int")):
            return TE(f"({left.code} * {right.code})", ty)
        if op == "/" and lt_time and is_kind(rt, "int"):
            return TE(f"_idiv({left.code}, {right.code})", ty)
        raise StTypeError(f"'{op}' is not defined for {lt} and {rt} (TIME ± TIME, TIME * integer, "
                          "TIME / integer)", span)

    # -- indexing and slices -----------------------------------------------------------------------
    def index(self, node: A.Index) -> TE:
        base = self.expr(node.base)
        ty = base.ty
        if not isinstance(ty, T.ArrayT):
            if isinstance(ty, T.StringT):
                raise StUnsupportedError("indexing a STRING (s[i]) is not supported yet; use MID()", node.span)
            raise StTypeError(f"cannot index {ty}; only arrays take [ ]", node.span)
        if len(node.indices) != len(ty.dims):
            raise StTypeError(f"{ty} takes {len(ty.dims)} index(es), not {len(node.indices)}", node.span)
        parts: list[str] = []
        stride = 1
        strides: list[int] = []
        for lo, hi in reversed(ty.dims):
            strides.append(stride)
            stride *= hi - lo + 1
        strides.reverse()
        where = repr(str(self.where_of(node.span)))
        for index_node, (lo, hi), step in zip(node.indices, ty.dims, strides):
            idx = self.expr(index_node)
            if not is_kind(idx.ty, "int", "bits"):
                raise StTypeError(f"an array index must be an integer, not {idx.ty}", index_node.span)
            known = self.known_range(idx.code)
            if idx.is_const:
                if not lo <= idx.const <= hi:
                    raise StTypeError(f"index {idx.const} is outside the array bounds {lo}..{hi}", index_node.span)
                offset = str((idx.const - lo) * step)
            elif known is not None and lo <= known[0] and known[1] <= hi:
                # the index is a FOR variable whose constant range lies inside the bounds: no check needed
                offset = f"{idx.code} - {lo}" if lo else idx.code
                offset = offset if step == 1 else f"({offset}) * {step}"
            else:
                t = self.tmp()
                checked = f"({t} - {lo} if {lo} <= ({t} := {idx.code}) <= {hi} else _oob({t}, {lo}, {hi}, {where}))"
                offset = checked if step == 1 else f"{checked} * {step}"
            parts.append(offset)
        flat = " + ".join(parts) if len(parts) > 1 else parts[0]
        return TE(f"{base.code}[{flat}]", ty.element, writable=base.writable)

    def slice_read(self, node: A.Slice) -> TE:
        base = self.expr(node.base)
        e = elem(base.ty)
        width_bits = {"X": 1, "B": 8, "W": 16, "D": 32}[node.width]
        if e is None or not e.is_integral or node.number * width_bits + width_bits > e.bits:
            raise StTypeError(f"cannot take .%{node.width}{node.number} of {base.ty}", node.span)
        if node.width == "X":
            return TE(f"((({base.code}) >> {node.number}) & 1 == 1)", T.BOOL)
        shift = node.number * width_bits
        ty = {"B": T.BYTE, "W": T.WORD, "D": T.DWORD}[node.width]
        return TE(f"((({base.code}) >> {shift}) & {(1 << width_bits) - 1})", ty)
