"""Statements: assignments (also to bit slices), IF, CASE, FOR, WHILE, REPEAT, EXIT, CONTINUE, RETURN.
Each statement becomes a list of Python lines (unindented).

CASE never falls through; FOR evaluates its bounds and step once; a CONTINUE in REPEAT still tests UNTIL;
the FOR variable may not be assigned in its loop (refused rather than run with other semantics).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from hil.st import _ast as A
from hil.st import _types as T
from hil.st._calls import CallEmitter
from hil.st._context import TE, Context
from hil.st._convert import is_kind
from hil.st._errors import Span, StTypeError, StUnsupportedError
from hil.st._expr import ExprEmitter

if TYPE_CHECKING:
    from hil.st._declare import Declarations

__all__ = ["StmtEmitter"]

_IND = "    "


class StmtEmitter:
    """Checks statements and emits their Python lines."""

    def __init__(self, ctx: Context, exprs: ExprEmitter, calls: CallEmitter, decls: Declarations) -> None:
        self.ctx = ctx
        self.exprs = exprs
        self.conv = exprs.conv
        self.calls = calls
        self.decls = decls

    # ---- statements -------------------------------------------------------------------------------
    def body(self, statements: list[A.Stmt]) -> list[str]:
        lines: list[str] = []
        for statement in statements:
            lines.extend(self.statement(statement))
        return lines or ["pass"]

    def indented(self, statements: list[A.Stmt]) -> list[str]:
        return [_IND + line for line in self.body(statements)]

    def statement(self, st: A.Stmt) -> list[str]:
        if isinstance(st, A.Assign):
            return self.assign(st)
        if isinstance(st, A.CallStmt):
            return self.calls.call_stmt(st.call)
        if isinstance(st, A.If):
            lines: list[str] = []
            for i, (test, branch) in enumerate(st.branches):
                lines.append(f"{'if' if i == 0 else 'elif'} {self.condition(test)}:")
                lines.extend(self.indented(branch))
            if st.orelse is not None:
                lines.append("else:")
                lines.extend(self.indented(st.orelse))
            return lines
        if isinstance(st, A.Case):
            return self.case(st)
        if isinstance(st, A.For):
            return self.for_loop(st)
        if isinstance(st, A.While):
            self.ctx.loops.append(("WHILE", ""))
            lines = [f"while {self.condition(st.cond)}:"] + self.indented(st.body)
            self.ctx.loops.pop()
            return lines
        if isinstance(st, A.Repeat):
            self.ctx.loops.append(("REPEAT", ""))
            code = self.indented(st.body)
            self.ctx.loops.pop()
            cond = self.condition(st.cond)
            if any(line.strip() == "continue" for line in code):
                # CONTINUE in REPEAT must still test UNTIL: test at the top, skipping the first time.
                first = self.ctx.tmp()
                return [f"{first} = True", f"while {first} or not {cond}:", f"{_IND}{first} = False"] + code
            return ["while True:"] + code + [f"{_IND}if {cond}:", f"{_IND}{_IND}break"]
        if isinstance(st, (A.Exit, A.Continue)):
            if not self.ctx.loops:
                raise StTypeError(f"{'EXIT' if isinstance(st, A.Exit) else 'CONTINUE'} outside a loop", st.span)
            return ["break" if isinstance(st, A.Exit) else "continue"]
        if isinstance(st, A.Return):
            return [self.ctx.return_line]
        raise StUnsupportedError(f"statement {type(st).__name__}", st.span)  # pragma: no cover

    def condition(self, node: A.Expr) -> str:
        te = self.exprs.expr(node)
        if te.ty != T.BOOL:
            raise StTypeError(f"a condition must be BOOL, not {te.ty}", node.span)
        return te.code

    def assign(self, st: A.Assign) -> list[str]:
        if isinstance(st.target, A.Slice):
            return self.slice_write(st.target, st.value)
        if isinstance(st.target, A.BitIndex):
            return self.bit_index_write(st.target, st.value)
        if st.nonretentive:
            if not isinstance(st.target, (A.Name, A.Member)):
                raise StUnsupportedError("[:=] into an array element or bit", st.target.span)
            target = self.exprs.expr(st.target)
            if target.writable and isinstance(target.ty, (T.Elem, T.StringT)):
                self.ctx.nonretentive.append(f"{target.code} = {self.decls.default_code(target.ty)}")
        target = self.exprs.expr(st.target)
        if not target.writable:
            what = "a constant" if target.is_const else "not a variable"
            raise StTypeError(f"cannot assign: the target is {what}", st.target.span)
        if isinstance(target.ty, T.FbT):
            raise StTypeError("function block instances cannot be assigned", st.target.span)
        for kind, var in self.ctx.loops:
            if kind == "FOR" and var == target.code:
                raise StUnsupportedError("assigning the FOR loop variable inside its loop", st.target.span)
        if isinstance(st.value, A.Call):
            function = self.calls.callee_function(st.value)
            if function is not None and function[1] is not None:
                return self.calls.fc_call_lines(function[1], st.value, target)
        value = self.exprs.expr(st.value)
        return [f"{target.code} = {self.conv.convert(value, target.ty, st.value.span)}"]

    def slice_write(self, node: A.Slice, value_node: A.Expr) -> list[str]:
        base = self.exprs.expr(node.base)
        e = base.ty
        bits = {"X": 1, "B": 8, "W": 16, "D": 32}[node.width]
        if not isinstance(e, T.Elem) or not e.is_integral or (node.number + 1) * bits > e.bits:
            raise StTypeError(f"cannot write .%{node.width}{node.number} of {base.ty}", node.span)
        if not base.writable:
            raise StTypeError("cannot assign: the target is not a variable", node.span)
        value = self.exprs.expr(value_node)
        if node.width == "X":
            mask = 1 << node.number
            v = self.conv.convert(value, T.BOOL, value_node.span)
            new = f"(({base.code} | {mask}) if {v} else ({base.code} & {~mask}))"
        else:
            shift = node.number * bits
            part = {"B": T.BYTE, "W": T.WORD, "D": T.DWORD}[node.width]
            v = self.conv.convert(value, part, value_node.span)
            new = f"(({base.code} & {~(((1 << bits) - 1) << shift)}) | ({v} << {shift}))"
        return [f"{base.code} = {self.conv.wrap(new, e)}"]

    def bit_index_write(self, node: A.BitIndex, value_node: A.Expr) -> list[str]:
        base = self.exprs.expr(node.base)
        e = base.ty
        if not isinstance(e, T.Elem) or not e.is_integral or not base.writable:
            raise StTypeError(f"cannot write a bit of {base.ty}", node.span)
        index = self.exprs.expr(node.index)
        v = self.conv.convert(self.exprs.expr(value_node), T.BOOL, value_node.span)
        t = self.ctx.tmp()
        where = repr(self.ctx.where_of(node.span))
        mask = f"(1 << ({t} if 0 <= ({t} := {index.code}) < {e.bits} else _oob({t}, 0, {e.bits - 1}, {where}, {self.ctx.scope.name!r})))"
        new = f"(({base.code} | {mask}) if {v} else ({base.code} & ~{mask}))"
        return [f"{base.code} = {self.conv.wrap(new, e)}"]

    def case(self, st: A.Case) -> list[str]:
        selector = self.exprs.expr(st.selector)
        if not is_kind(selector.ty, "int", "bits"):
            raise StTypeError(f"a CASE selector must be an integer, not {selector.ty}", st.selector.span)
        sel = self.ctx.tmp()
        lines = [f"{sel} = {selector.code}"]
        seen: dict[int, Span] = {}
        for i, (labels, body) in enumerate(st.arms):
            tests = []
            for label in labels:
                low = self.exprs.expr(label.low)
                high = self.exprs.expr(label.high) if label.high is not None else None
                for te, node in ((low, label.low), (high, label.high)):
                    if te is not None and (not te.is_const or not is_kind(te.ty, "int", "bits")):
                        raise StTypeError("a CASE label must be a constant integer", node.span)  # type: ignore[union-attr]
                if high is None:
                    if low.const in seen:
                        raise StTypeError(f"CASE label {low.const} appears twice", label.span)
                    seen[low.const] = label.span
                    tests.append(f"{sel} == {low.const}")
                else:
                    if high.const < low.const:
                        raise StTypeError(f"empty CASE range {low.const}..{high.const}", label.span)
                    tests.append(f"{low.const} <= {sel} <= {high.const}")
            lines.append(f"{'if' if i == 0 else 'elif'} {' or '.join(tests)}:")
            lines.extend(self.indented(body))
        if st.orelse is not None:
            lines.append("else:" if st.arms else "if True:")
            lines.extend(self.indented(st.orelse))
        return lines

    def for_loop(self, st: A.For) -> list[str]:
        if not isinstance(st.var, A.Name):
            raise StUnsupportedError("a FOR variable must be a simple variable name", st.var.span)
        var = self.exprs.expr(st.var)
        if not var.writable or not is_kind(var.ty, "int"):
            raise StTypeError(f"a FOR variable must be an integer variable, not {var.ty}", st.var.span)
        start = self.conv.convert(self.exprs.expr(st.start), var.ty, st.start.span)
        end = self.conv.convert(self.exprs.expr(st.end), var.ty, st.end.span)
        step_te = self.exprs.expr(st.step) if st.step is not None else TE("1", T.ANY_INT, 1)
        step = self.conv.convert(step_te, var.ty, st.step.span if st.step is not None else st.span)
        if step_te.is_const and step_te.const != 0:
            adjust = "+ 1" if step_te.const > 0 else "- 1"
            loop_range = f"range({start}, {end} {adjust}, {step_te.const})"
        else:
            loop_range = f"_for_range({start}, {end}, {step}, {self.ctx.where_of(st.span)!r})"
        self.ctx.loops.append(("FOR", var.code))
        start_te, end_te = self.exprs.expr(st.start), self.exprs.expr(st.end)
        if start_te.is_const and end_te.is_const and step_te.is_const:
            low, high = sorted((start_te.const, end_te.const))
            self.ctx.ranges.append((var.code, low, high))
        else:
            self.ctx.ranges.append((var.code, 1, 0))  # unknown: an empty range never proves an index safe
        body = self.indented(st.body)
        self.ctx.ranges.pop()
        self.ctx.loops.pop()
        return [f"for {var.code} in {loop_range}:"] + body
