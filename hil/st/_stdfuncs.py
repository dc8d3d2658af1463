"""Standard functions: typing and code for ABS … FIND and the ``*_TO_*`` conversions.

Conversions follow the dialect policy: REAL → integer rounds to nearest, ties to even (``REAL_TO_INT``),
TRUNC truncates; results out of the target range wrap; TIME ↔ DINT counts milliseconds.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from hil.errors import close_matches
from hil.st import _ast as A
from hil.st import _types as T
from hil.st._builtins import CONVERSION_TYPES, FUNCTIONS
from hil.st._context import TE
from hil.st._convert import Converter, is_kind
from hil.st._errors import StTypeError, StUnsupportedError

if TYPE_CHECKING:
    from hil.st._expr import ExprEmitter

__all__ = ["std_args", "std_function"]


def std_args(exprs: ExprEmitter, name: str, node: A.Call, names: list[str] | None = None, minimum: int = 1,
             maximum: int | None = None) -> list[TE]:
    """Check a standard function's arguments (positional, or named in the documented order)."""
    args: list[TE] = []
    named: dict[str, TE] = {}
    for arg in node.params:
        if arg.output:
            raise StTypeError(f"{name} has no outputs to bind with '=>'", arg.span)
        if arg.name is None:
            if named:
                raise StTypeError("positional arguments must come before named ones", arg.span)
            args.append(exprs.expr(arg.value))
        else:
            named[arg.name.upper()] = exprs.expr(arg.value)
    if named:
        if names is None:
            names = [f"IN{i}" for i in range(1, 33)]
        for key in named:
            if key not in names:
                raise StTypeError(f"{name} has no parameter '{key}'", node.span, suggestions=close_matches(key, names))
        ordered = [named[n] for n in names if n in named]
        if len(ordered) != len(named) or any(n not in named for n in names[:len(named)]):
            raise StTypeError(f"{name}: give the parameters {', '.join(names[:max(len(named), minimum)])}",
                              node.span)
        args.extend(ordered)
    maximum = maximum if maximum is not None else (len(names) if names else minimum)
    if not minimum <= len(args) <= maximum:
        expected = f"{minimum}" if minimum == maximum else f"{minimum} to {maximum}"
        raise StTypeError(f"{name} takes {expected} argument(s), not {len(args)}", node.span)
    return args


def _common(conv: Converter, args: list[TE], node: A.Call, name: str) -> T.Type:
    """The type MIN/MAX/LIMIT/SEL/MUX compute in: the widest of their numeric inputs, or TIME/STRING."""
    types = [a.ty for a in args]
    ty: T.Type
    if all(is_kind(t, "int", "bits") for t in types):
        ty = types[0]
        for t in types[1:]:
            ty = conv.int_type(ty, t)
        return ty
    if all(is_kind(t, "int", "bits", "real") for t in types):
        ty = types[0]
        for t in types[1:]:
            ty = conv.real_type(ty, t)
        return T.REAL if ty is T.ANY_REAL and not all(a.is_const for a in args) else ty
    if all(is_kind(t, "time") for t in types):
        return T.LTIME if T.LTIME in types else T.TIME
    if all(isinstance(t, T.StringT) for t in types):
        return T.StringT(max(t.length for t in types if isinstance(t, T.StringT)))
    if all(t == T.BOOL for t in types):
        return T.BOOL
    raise StTypeError(f"{name}: the inputs have incompatible types ({', '.join(str(t) for t in types)})", node.span)


def _string( te: TE, node: A.Call, name: str) -> str:
    if not isinstance(te.ty, T.StringT) and not is_kind(te.ty, "char"):
        raise StTypeError(f"{name} needs a STRING, not {te.ty}", node.span)
    return te.code


def _integer( te: TE, node: A.Call, name: str) -> str:
    if not is_kind(te.ty, "int", "bits"):
        raise StTypeError(f"{name} needs an integer here, not {te.ty}", node.span)
    return te.code


def std_function(exprs: ExprEmitter, name: str, node: A.Call) -> TE:
    """The typed code of a standard function call (constant-folded when all arguments are literals)."""
    result = _std_function(exprs, name, node)
    if result.const is None and all(isinstance(p.value, A.Literal) for p in node.params) and node.params \
            and not isinstance(result.ty, T.StringT):
        return exprs.conv.fold(result.code, result.ty, node.span)
    return result


def _std_function(exprs: ExprEmitter, name: str, node: A.Call) -> TE:  # noqa: C901 - one table, one branch per kind
    conv = exprs.conv
    kind = FUNCTIONS.get(name)
    span = node.span
    if kind is None:
        return _conversion(exprs, name, node)
    if kind == "num1":
        (x,) = std_args(exprs, name, node, ["IN"])
        if is_kind(x.ty, "real"):
            return TE(f"abs({x.code})", x.ty)
        if is_kind(x.ty, "int", "bits"):
            return TE(conv.wrap(f"abs({x.code})", x.ty, span), x.ty)
        raise StTypeError(f"ABS needs a number, not {x.ty}", span)
    if kind == "real1":
        (x,) = std_args(exprs, name, node, ["IN"])
        if not is_kind(x.ty, "int", "bits", "real"):
            raise StTypeError(f"{name} needs a number, not {x.ty}", span)
        ty: T.Type = T.LREAL if x.ty == T.LREAL else T.REAL
        return TE(conv.f32(f"_rmath({name!r}, {conv.convert(x, ty, span)})", ty), ty)
    if kind == "expt":
        a, b = std_args(exprs, name, node, ["IN1", "IN2"], 2, 2)
        return exprs.arith("**", a, b, span)
    if kind == "minmax":
        args = std_args(exprs, name, node, None, 2, 32)
        ty = _common(conv, args, node, name)
        codes = [conv.convert(a, ty, span, "pass") if ty is not T.ANY_REAL else a.code for a in args]
        return TE(f"{name.lower()}({', '.join(codes)})", ty)
    if kind == "limit":
        mn, x, mx = std_args(exprs, name, node, ["MN", "IN", "MX"], 3, 3)
        ty = _common(conv, [mn, x, mx], node, name)
        c = [conv.convert(a, ty, span, "pass") if ty is not T.ANY_REAL else a.code for a in (mn, x, mx)]
        return TE(f"min(max({c[1]}, {c[0]}), {c[2]})", ty)
    if kind == "sel":
        g, a, b = std_args(exprs, name, node, ["G", "IN0", "IN1"], 3, 3)
        if g.ty != T.BOOL:
            raise StTypeError(f"SEL's G must be BOOL, not {g.ty}", span)
        ty = _common(conv, [a, b], node, name)
        ca, cb = (conv.convert(v, ty, span, "pass") if ty is not T.ANY_REAL else v.code for v in (a, b))
        return TE(f"({cb} if {g.code} else {ca})", ty)
    if kind == "mux":
        args = std_args(exprs, name, node, ["K"] + [f"IN{i}" for i in range(32)], 2, 33)
        k, inputs = args[0], args[1:]
        _integer(k, node, name)
        ty = _common(conv, inputs, node, name)
        codes = [conv.convert(v, ty, span, "pass") if ty is not T.ANY_REAL else v.code for v in inputs]
        t = exprs.ctx.tmp()
        # K out of range: the PLC sets ENO FALSE; the engine returns the last input (policy mux_out_of_range)
        return TE(f"(({', '.join(codes)},)[{t}] if 0 <= ({t} := {k.code}) < {len(codes)} else {codes[-1]})", ty)
    if kind == "toint":
        (x,) = std_args(exprs, name, node, ["IN"])
        if is_kind(x.ty, "int", "bits"):
            return TE(conv.convert(x, T.DINT, span), T.DINT)
        if not is_kind(x.ty, "real"):
            raise StTypeError(f"{name} needs a REAL, not {x.ty}", span)
        helper = {"TRUNC": "_trunc_int", "ROUND": "_round_even", "CEIL": "_rceil", "FLOOR": "_rfloor"}[name]
        return TE(conv.wrap(f"{helper}({x.code})", T.DINT, span), T.DINT)
    if kind == "len":
        (x,) = std_args(exprs, name, node, ["IN"])
        return TE(f"len({_string(x, node, name)})", T.INT)
    if kind == "leftright":
        s, n = std_args(exprs, name, node, ["IN", "L"], 2, 2)
        helper = "_s_left" if name == "LEFT" else "_s_right"
        ty = s.ty if isinstance(s.ty, T.StringT) else T.StringT(1)
        return TE(f"{helper}({_string(s, node, name)}, {_integer(n, node, name)})", ty)
    if kind == "mid":
        s, n, p = std_args(exprs, name, node, ["IN", "L", "P"], 3, 3)
        ty = s.ty if isinstance(s.ty, T.StringT) else T.StringT(1)
        return TE(f"_s_mid({_string(s, node, name)}, {_integer(n, node, name)}, "
                  f"{_integer(p, node, name)})", ty)
    if kind == "concat":
        args = std_args(exprs, name, node, None, 2, 32)
        codes = [_string(a, node, name) for a in args]
        length = min(254, sum(a.ty.length if isinstance(a.ty, T.StringT) else 1 for a in args))
        return TE(f"({' + '.join(codes)})[:254]", T.StringT(length))
    if kind == "find":
        a, b = std_args(exprs, name, node, ["IN1", "IN2"], 2, 2)
        return TE(f"_s_find({_string(a, node, name)}, {_string(b, node, name)})", T.INT)
    if kind == "delete":
        s, n, p = std_args(exprs, name, node, ["IN", "L", "P"], 3, 3)
        return TE(f"_s_delete({_string(s, node, name)}, {_integer(n, node, name)}, "
                  f"{_integer(p, node, name)})", s.ty if isinstance(s.ty, T.StringT) else T.StringT())
    if kind == "insert":
        a, b, p = std_args(exprs, name, node, ["IN1", "IN2", "P"], 3, 3)
        return TE(f"_s_insert({_string(a, node, name)}, {_string(b, node, name)}, "
                  f"{_integer(p, node, name)})[:254]", T.StringT())
    if kind == "replace":
        a, b, n, p = std_args(exprs, name, node, ["IN1", "IN2", "L", "P"], 4, 4)
        return TE(f"_s_replace({_string(a, node, name)}, {_string(b, node, name)}, "
                  f"{_integer(n, node, name)}, {_integer(p, node, name)})[:254]", T.StringT())
    if kind == "shift":
        x, n = std_args(exprs, name, node, ["IN", "N"], 2, 2)
        if not is_kind(x.ty, "int", "bits") or x.ty is T.ANY_INT:
            raise StTypeError(f"{name} needs a typed integer or bit string (e.g. WORD#16#0F), not {x.ty}", span)
        bits = x.ty.bits  # type: ignore[attr-defined]  # an int or bits type: checked just above
        code = f"_{name.lower()}({x.code}, {_integer(n, node, name)}, {bits})"
        return TE(conv.wrap(code, x.ty), x.ty)
    if kind == "move":
        (x,) = std_args(exprs, name, node, ["IN"])
        return TE(conv.copy_value(x.code, x.ty), x.ty)
    raise StUnsupportedError(f"function {name} is not supported", span)  # pragma: no cover


def _conversion(exprs: ExprEmitter, name: str, node: A.Call) -> TE:
    conv = exprs.conv
    span = node.span
    if name.startswith("TO_"):
        source_name, target_name = None, name[3:]
    else:
        source_name, _, target_name = name.partition("_TO_")
    if target_name not in CONVERSION_TYPES or (source_name is not None and source_name not in CONVERSION_TYPES):
        raise StTypeError(f"unknown function '{name}'", span)
    (x,) = std_args(exprs, name, node, ["IN"])
    if source_name is not None:
        source = T.ELEMENTARY.get(source_name) if source_name != "STRING" else None
        if source is None or not _accepts(source, x.ty):
            raise StTypeError(f"{name} takes a {source_name}, not {x.ty}", span)
        if x.is_const and x.ty in (T.ANY_INT, T.ANY_REAL):
            x = TE(conv.convert(x, source, span, "pass"), source, x.const)
        else:
            x = TE(x.code, source if x.ty not in (T.ANY_INT, T.ANY_REAL) else x.ty, x.const)
    if target_name == "STRING" or source_name == "STRING":
        raise StUnsupportedError(f"{name}: conversions to and from STRING are not supported yet", span)
    target = T.ELEMENTARY[target_name]
    src = x.ty
    code = x.code
    sk, tk = getattr(src, "kind", ""), target.kind
    if sk == tk == "bool":
        return TE(code, target)
    if sk == "bool" and tk in ("int", "bits"):
        return TE(f"int({code})", target)
    if sk in ("int", "bits") and tk == "bool":
        return TE(f"({code} != 0)", target)
    if sk in ("int", "bits") and tk in ("int", "bits"):
        return TE(conv.wrap(code, target) if x.ty is not T.ANY_INT else code, target)
    if sk == "real" and tk in ("int", "bits"):
        return TE(conv.wrap(f"_round_even({code})", target), target)
    if sk in ("int", "bits", "real") and tk == "real":
        return TE(conv.convert(x, target, span, "convert"), target)
    if sk == "time" and tk in ("int", "bits"):
        scale = 1_000_000 if src == T.TIME else 1
        return TE(conv.wrap(f"_idiv({code}, {scale})" if scale != 1 else code, target), target)
    if sk in ("int", "bits") and tk == "time":
        scale = 1_000_000 if target == T.TIME else 1
        return TE(f"({code} * {scale})", target)
    if sk == tk == "time":
        return TE(code, target)
    if sk == "char" and tk in ("int", "bits"):
        return TE(f"ord({code})", target)
    if sk in ("int", "bits") and tk == "char":
        return TE(f"_chr8({code})", target)
    raise StTypeError(f"{name}: cannot convert {src} to {target}", span)


def _accepts(source: T.Elem, actual: T.Type) -> bool:
    if actual == source:
        return True
    if actual is T.ANY_INT:
        return source.kind in ("int", "bits", "real")
    if actual is T.ANY_REAL:
        return source.kind == "real"
    if isinstance(actual, T.Elem) and actual.is_integral and source.is_integral:
        return actual.low >= source.low and actual.high <= source.high  # implicit widening
    return actual == T.REAL and source == T.LREAL
