"""Declarations: the variables of every block (an FB's instance type, an FC's parameters, temps and
constants, DB types, globals) and the Python code of their start values.
"""
from __future__ import annotations

from typing import Any

from hil.st import _ast as A
from hil.st import _types as T
from hil.st._context import TE, Context, Scope
from hil.st._errors import Span, StTypeError, StUnsupportedError
from hil.st._expr import ExprEmitter
from hil.st._s7timers import S7_BUILTINS
from hil.st._symbols import PouInfo, py_ident

__all__ = ["Declarations"]


class Declarations:
    """Declares every block's variables into the symbols and scopes, and emits start values."""

    def __init__(self, ctx: Context, exprs: ExprEmitter) -> None:
        self.ctx = ctx
        self.exprs = exprs
        self.conv = exprs.conv
        ctx.symbols.const_eval = self.const_eval

    def const_eval(self, expr: A.Expr, context: str) -> Any:
        """The value of a constant expression (array bounds, STRING lengths) in the current scope."""
        te = self.exprs.expr(expr)
        if not te.is_const:
            raise StTypeError("expected a constant here", expr.span)
        return te.const

    # ---- names ----------------------------------------------------------------------------------
    def default_code(self, ty: T.Type) -> str:
        if isinstance(ty, T.Elem):
            return {"bool": "False", "real": "0.0", "char": "'\\x00'"}.get(ty.kind, "0")
        if isinstance(ty, T.StringT):
            return "''"
        if isinstance(ty, T.ArrayT):
            if isinstance(ty.element, (T.StructT, T.ArrayT)):
                return f"[{self.default_code(ty.element)} for _ in range({ty.count})]"
            return f"[{self.default_code(ty.element)}] * {ty.count}"
        if isinstance(ty, T.FbT) and ty.builtin:
            if self.ctx.dialect.timer_preset_latched and ty.builtin in S7_BUILTINS:
                return f"_s7.{S7_BUILTINS[ty.builtin]}()"
            return f"_rt.{ty.builtin}()"
        if isinstance(ty, T.StructT):
            return f"{ty.pyclass}()"
        raise AssertionError(ty)  # pragma: no cover

    def init_code(self, fieldt: T.FieldT) -> str:
        init, ty = fieldt.init, fieldt.type
        if init is None:
            return self.default_code(ty)
        span = fieldt.span
        if isinstance(init, list):
            if not isinstance(ty, T.ArrayT) or isinstance(ty.element, (T.StructT, T.ArrayT)):
                raise StUnsupportedError(f"a list of initial values for {ty}", span)
            if len(init) > ty.count:
                raise StTypeError(f"{len(init)} initial values for {ty.count} array elements", span)
            values = [self.const_value(item, ty.element, span) if item is not None else self.default_code(ty.element)
                      for item in init]
            values += [self.default_code(ty.element)] * (ty.count - len(values))
            return "[" + ", ".join(values) + "]"
        if isinstance(ty, (T.StructT, T.ArrayT)):
            if isinstance(ty, T.ArrayT) and not isinstance(ty.element, (T.StructT, T.ArrayT)):
                return f"[{self.const_value(init, ty.element, span)}] * {ty.count}"
            raise StUnsupportedError(f"initial values for {ty} in the declaration; set members instead", span)
        return self.const_value(init, ty, span)

    def const_value(self, node: A.Expr, ty: T.Type, span: Span) -> str:
        te = self.exprs.expr(node)
        if not te.is_const:
            raise StTypeError("an initial value must be a constant", node.span)
        return self.conv.convert(te, ty, node.span)

    def section_fields(self, pou: PouInfo, scope: Scope) -> None:
        """Fill an FB's instance type / an FC's parameters / temps from the block's VAR sections."""
        block = pou.block
        for section in block.sections:  # constants first: array bounds and initial values may use them
            if section.kind == "VAR_CONSTANT":
                for decl in section.decls:
                    ty = self.ctx.symbols.resolve_type(decl.type, f"{pou.name}.{decl.name}")
                    if decl.init is None or isinstance(decl.init, list):
                        raise StTypeError(f"constant '{decl.name}' needs a single value (:= …)", decl.span)
                    te = self.exprs.expr(decl.init)
                    if not te.is_const:
                        raise StTypeError(f"constant '{decl.name}' needs a constant value", decl.init.span)
                    code = self.conv.convert(te, ty, decl.span)
                    scope.consts[decl.name.casefold()] = TE(code, ty, eval(code, {}))  # noqa: S307 - a literal
        for section in block.sections:
            if section.kind in ("VAR_CONSTANT",):
                continue
            if section.kind in ("VAR_GLOBAL", "VAR_EXTERNAL"):
                raise StUnsupportedError(f"{section.kind} inside a block", section.span)
            for decl in section.decls:
                key = decl.name.casefold()
                ty = self.ctx.symbols.resolve_type(decl.type, f"{pou.name}.{decl.name}")
                fieldt = T.FieldT(decl.name, ty, decl.init, section.kind, decl.comment, decl.span)
                if key in scope.consts or key in scope.locals or (pou.fb is not None and key in pou.fb.fields):
                    raise StTypeError(f"'{decl.name}' is declared twice in {pou.name}", decl.span)
                if pou.kind == "FC" or section.kind == "VAR_TEMP":
                    if pou.kind == "FC" and section.kind == "VAR" :
                        raise StTypeError("a FUNCTION has no static variables (VAR); use VAR_TEMP", section.span)
                    if isinstance(ty, T.FbT) and pou.kind == "FC":
                        raise StUnsupportedError("FB instances inside a FUNCTION (use an FB)", decl.span)
                    scope.locals[key] = fieldt
                    if pou.kind == "FC" and section.kind != "VAR_TEMP":
                        pou.params.append(fieldt)
                elif pou.kind == "OB":
                    raise StTypeError(f"an ORGANIZATION_BLOCK has only VAR_TEMP and VAR CONSTANT, not {section.kind}",
                                      section.span)
                else:
                    assert pou.fb is not None
                    pou.fb.fields[key] = fieldt
                    {"VAR_INPUT": pou.fb.inputs, "VAR_OUTPUT": pou.fb.outputs,
                     "VAR_IN_OUT": pou.fb.inouts}.get(section.kind, []).append(decl.name)

    def declare(self) -> None:
        symbols = self.ctx.symbols
        for key in symbols.udts:
            symbols.resolve_udt(key)
        for pou in symbols.pous.values():
            scope = Scope(pou.kind, pou.name, self_type=pou.fb)
            self.ctx.scope = scope
            self.section_fields(pou, scope)
            if pou.kind == "FC":
                assert pou.block.return_type is not None
                ret = pou.block.return_type
                if not (isinstance(ret, A.NamedTypeRef) and ret.name.upper() == "VOID"):
                    pou.return_type = symbols.resolve_type(ret, pou.name)
                    scope.result = T.FieldT(pou.name, pou.return_type)
            self.ctx.scopes[id(pou)] = scope
        self.ctx.scope = Scope("GLOBAL", "")
        for db in symbols.dbs.values():
            block = db.block
            if block.db_struct is not None:
                struct = T.StructT(db.name, pyclass=py_ident("S_", db.name, symbols.used_py))
                symbols.fill_struct(struct, block.db_struct.fields, db.name, "VAR")
                db.type = struct
            else:
                assert block.db_type is not None
                ty = symbols.resolve_type(block.db_type, db.name)
                if not isinstance(ty, T.StructT):  # a DB of an elementary type, a string or an array
                    raise StTypeError(f"DATA_BLOCK \"{db.name}\" must be a STRUCT, a UDT or an FB's instance DB, "
                                      f"not {ty}", block.db_type.span)
                db.type = ty
        for block in symbols.global_blocks:
            for decl in block.sections[0].decls:
                ty = symbols.resolve_type(decl.type, decl.name)
                symbols.globals[decl.name.casefold()] = T.FieldT(decl.name, ty, decl.init, "VAR_GLOBAL",
                                                                  decl.comment, decl.span)
