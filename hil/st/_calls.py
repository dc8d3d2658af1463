"""Calls: FB instances (user FBs, standard FBs, IEC_TIMER methods), user functions (FCs), standard
functions and ``*_TO_*`` conversions, and (in dialects with :attr:`Dialect.instruction_calls`) the
instruction statements of :mod:`hil.st._instructions`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from hil.errors import close_matches
from hil.st import _ast as A
from hil.st import _types as T
from hil.st._builtins import FUNCTIONS
from hil.st._context import TE, Context
from hil.st._errors import Span, StTypeError, StUnsupportedError
from hil.st._expr import ExprEmitter
from hil.st._stdfuncs import std_function
from hil.st._symbols import PouInfo

if TYPE_CHECKING:
    from hil.st._instructions import InstructionEmitter
    from hil.st._paths import PathEmitter

__all__ = ["CallEmitter"]


class CallEmitter:
    """Checks calls and emits the Python that makes them."""

    def __init__(self, ctx: Context, exprs: ExprEmitter, paths: PathEmitter,
                 instructions: InstructionEmitter | None = None) -> None:
        self.ctx = ctx
        self.exprs = exprs
        self.conv = exprs.conv
        self.paths = paths
        self.instructions = instructions  # vendor instruction statements (JSR, TONR(tag), …), if the dialect has them

    def callee_function(self, node: A.Call) -> tuple[str, PouInfo | None] | None:
        """If the call is to a function (standard, conversion or user FC), its upper-case name and FC info."""
        callee = node.callee
        if not isinstance(callee, A.Name) or callee.scope == "local":
            return None
        pou = self.ctx.symbols.pous.get(callee.name.casefold())
        if pou is not None and pou.kind == "FC":
            return callee.name, pou
        if callee.scope == "auto" and not self.paths.is_variable(callee):
            upper = callee.name.upper()
            if upper in FUNCTIONS or "_TO_" in upper or upper.startswith("TO_"):
                return upper, None
        return None

    def call_stmt(self, node: A.Call) -> list[str]:
        if self.instructions is not None and isinstance(node.callee, A.Name):
            lines = self.instructions.statement(node)
            if lines is not None:
                return lines
        function = self.callee_function(node)
        if function is not None:
            name, pou = function
            if pou is None:
                te = std_function(self.exprs, name, node)
                return [te.code]
            return self.fc_call_lines(pou, node, None)
        return self.fb_call(node)

    def call_expr(self, node: A.Call) -> TE:
        function = self.callee_function(node)
        if function is None:
            raise StTypeError("a function block call is a statement of its own; read its outputs afterwards "
                              "(e.g. #t(IN := …); x := #t.Q;)", node.span)
        name, pou = function
        if pou is None:
            return std_function(self.exprs, name, node)
        if pou.return_type is None:
            raise StTypeError(f"function \"{pou.name}\" returns Void and has no value", node.span)
        if any(p.section in ("VAR_OUTPUT", "VAR_IN_OUT") for p in pou.params):
            raise StUnsupportedError(f"function \"{pou.name}\" has outputs or in-outs; call it as a statement or "
                                     "as the whole right side of an assignment", node.span)
        args = self.fc_arguments(pou, node)
        return TE(f"{pou.py}({', '.join(args)})", pou.return_type)

    # ---- user functions ----------------------------------------------------------------------------
    def fc_arguments(self, pou: PouInfo, node: A.Call, outputs: list[tuple[str, TE]] | None = None) -> list[str]:
        params = pou.params
        by_name = {p.name.casefold(): p for p in params}
        given: dict[str, str] = {}
        positional = [p for p in params if p.section in ("VAR_INPUT", "VAR_IN_OUT")]
        for i, arg in enumerate(node.params):
            param: T.FieldT | None
            if arg.name is None:
                if i >= len(positional):
                    raise StTypeError(f"too many arguments for \"{pou.name}\" ({len(positional)} expected)", arg.span)
                param = positional[i]
            else:
                param = by_name.get(arg.name.casefold())
                if param is None:
                    raise StTypeError(f"function \"{pou.name}\" has no parameter '{arg.name}'", arg.span,
                                      suggestions=close_matches(arg.name, [p.name for p in params]))
            key = param.name.casefold()
            if key in given:
                raise StTypeError(f"parameter '{param.name}' is given twice", arg.span)
            if param.section == "VAR_OUTPUT" or arg.output:
                if param.section != "VAR_OUTPUT" or not arg.output:
                    raise StTypeError(f"'{param.name}' is {'an output: bind it with =>' if not arg.output else 'not an output'}",
                                      arg.span)
                target = self.exprs.expr(arg.value)
                self.require_writable(target, arg.value.span)
                if outputs is None:
                    raise StUnsupportedError("outputs of a function used inside an expression", arg.span)
                outputs.append((param.name, target))
                given[key] = ""
                continue
            value = self.exprs.expr(arg.value)
            if param.section == "VAR_IN_OUT":
                self.require_writable(value, arg.value.span)
                if outputs is not None:
                    outputs.append((param.name, value))
            given[key] = self.conv.convert(value, param.type, arg.value.span, "pass")
        missing = [p.name for p in params if p.section in ("VAR_INPUT", "VAR_IN_OUT") and p.name.casefold() not in given]
        if missing:
            raise StTypeError(f"call of \"{pou.name}\" lacks the parameter(s) {', '.join(missing)}", node.span)
        return [given[p.name.casefold()] for p in params if p.section in ("VAR_INPUT", "VAR_IN_OUT")]

    def fc_call_lines(self, pou: PouInfo, node: A.Call, assign_to: TE | None) -> list[str]:
        outputs: list[tuple[str, TE]] = []
        args = self.fc_arguments(pou, node, outputs)
        call = f"{pou.py}({', '.join(args)})"
        returned = [p for p in pou.params if p.section in ("VAR_OUTPUT", "VAR_IN_OUT")]
        if not returned:
            if assign_to is None:
                return [call]
            assert pou.return_type is not None
            return [f"{assign_to.code} = {self.conv.convert(TE(call, pou.return_type), assign_to.ty, node.span)}"]
        result = self.ctx.tmp()
        lines = [f"{result} = {call}"]
        if assign_to is not None:
            if pou.return_type is None:
                raise StTypeError(f"function \"{pou.name}\" returns Void and has no value", node.span)
            lines.append(f"{assign_to.code} = "
                         f"{self.conv.convert(TE(f'{result}[0]', pou.return_type), assign_to.ty, node.span)}")
        positions = {p.name: i + 1 for i, p in enumerate(returned)}
        for name, target in outputs:
            param = next(p for p in returned if p.name == name)
            lines.append(f"{target.code} = {self.conv.convert(TE(f'{result}[{positions[name]}]', param.type), target.ty, node.span)}")
        return lines

    def require_writable(self, te: TE, span: Span) -> None:
        if not te.writable:
            raise StTypeError("this is not a variable that can be written", span)

    # ---- function block calls ----------------------------------------------------------------------
    def fb_call(self, node: A.Call) -> list[str]:
        callee = node.callee
        method: T.FbT | None = None
        method_name = ""
        if isinstance(callee, A.Member):
            base = self.exprs.expr(callee.base)
            if isinstance(base.ty, T.FbT) and callee.member.casefold() in base.ty.methods:
                method = base.ty.methods[callee.member.casefold()]
                method_name = method.name
                instance = base
            else:
                instance = self.exprs.expr(callee)
        else:
            instance = self.exprs.expr(callee)
        fb = method or instance.ty
        if not isinstance(fb, T.FbT):
            if isinstance(instance.ty, T.FbT) and instance.ty.methods:
                raise StTypeError(f"call {instance.ty.name} through one of its methods: "
                                  f"{', '.join('.' + m.upper() + '(…)' for m in instance.ty.methods)}", node.span)
            raise StTypeError(f"'{self.describe_callee(callee)}' is not a function or function block instance "
                              f"(it is {instance.ty})", node.span)
        if isinstance(instance.ty, T.FbT) and instance.ty.methods and method is None:
            raise StTypeError(f"{instance.ty.name} is called through a method: "
                              f"{', '.join('.' + m.upper() + '(…)' for m in instance.ty.methods)}", node.span)
        inst = self.ctx.tmp()
        lines = [f"{inst} = {instance.code}"]
        inputs: dict[str, str] = {}
        outputs: list[tuple[T.FieldT, TE]] = []
        inouts: list[tuple[T.FieldT, TE]] = []
        in_fields = [f for f in fb.fields.values() if f.section in ("VAR_INPUT", "VAR_IN_OUT")]
        for i, arg in enumerate(node.params):
            field: T.FieldT | None
            if arg.name is None:
                if i >= len(in_fields):
                    raise StTypeError(f"too many positional arguments for {fb.name}", arg.span)
                field = in_fields[i]
            else:
                if arg.name.upper() in ("EN", "ENO"):
                    raise StUnsupportedError("EN/ENO are not supported", arg.span)
                field = fb.lookup(arg.name)
                if field is None or field.section not in ("VAR_INPUT", "VAR_OUTPUT", "VAR_IN_OUT"):
                    names = [f.name for f in fb.fields.values() if f.section in ("VAR_INPUT", "VAR_OUTPUT", "VAR_IN_OUT")]
                    raise StTypeError(f"{fb.name} has no parameter '{arg.name}'", arg.span,
                                      suggestions=close_matches(arg.name, names))
            if arg.output != (field.section == "VAR_OUTPUT"):
                hint = "bind an output with '=>'" if field.section == "VAR_OUTPUT" else "pass an input with ':='"
                raise StTypeError(f"'{field.name}' of {fb.name}: {hint}", arg.span)
            if field.name in inputs or any(f is field for f, _ in outputs):
                raise StTypeError(f"parameter '{field.name}' is given twice", arg.span)
            if field.section == "VAR_OUTPUT":
                target = self.exprs.expr(arg.value)
                self.require_writable(target, arg.value.span)
                outputs.append((field, target))
                continue
            value = self.exprs.expr(arg.value)
            if field.section == "VAR_IN_OUT":
                self.require_writable(value, arg.value.span)
                inouts.append((field, value))
                if isinstance(field.type, (T.StructT, T.ArrayT)):
                    inputs[field.name] = value.code  # structured in-outs are passed by reference
                    continue
            inputs[field.name] = self.conv.convert(value, field.type, arg.value.span, "pass")
        missing_inout = [f.name for f in in_fields if f.section == "VAR_IN_OUT" and f.name not in inputs]
        if missing_inout:
            raise StTypeError(f"call of {fb.name} lacks the in-out parameter(s) {', '.join(missing_inout)}", node.span)
        if fb.builtin:
            args = [inputs.get(name, f"{inst}.{name}") for name in fb.inputs]
            if fb.timed:
                args.append("_NOW")
            call_target = f"{inst}.{method_name}" if method_name else inst
            lines.append(f"{call_target}({', '.join(args)})")
        else:
            for name, code in inputs.items():
                lines.append(f"{inst}.{T.pyname(name)} = {code}")
            lines.append(f"{inst}._run()")
            for field, value in inouts:
                if not isinstance(field.type, (T.StructT, T.ArrayT)):
                    lines.append(f"{value.code} = {self.conv.convert(TE(f'{inst}.{field.py}', field.type), value.ty, node.span)}")
        for field, target in outputs:
            lines.append(f"{target.code} = {self.conv.convert(TE(f'{inst}.{field.py}', field.type), target.ty, node.span)}")
        return lines

    def describe_callee(self, callee: A.Expr) -> str:
        if isinstance(callee, A.Name):
            return {"local": "#", "global": '"'}.get(callee.scope, "") + callee.name + ('"' if callee.scope == "global" else "")
        if isinstance(callee, A.Member):
            return f"{self.describe_callee(callee.base)}.{callee.member}"
        return "this"

    # ---- standard functions -------------------------------------------------------------------------
