"""The Python emitter's driver: wires the stages for one program and generates one Python module.

Pipeline: front ends (:mod:`hil.st._parser` for SCL / IEC ST / Logix ST text, :mod:`hil.st._logix` for
an L5X project; RLL and LAD/FBD front ends will produce the same tree) → the tree, typed in place by the
checker stages (``node.ty``) → checker passes (:mod:`hil.st._passes`) → this emitter.

The stages are collaborating classes that share one :class:`~hil.st._context.Context`:
:class:`~hil.st._declare.Declarations`, :class:`~hil.st._expr.ExprEmitter` (with its
:class:`~hil.st._convert.Converter`), :class:`~hil.st._paths.PathEmitter`,
:class:`~hil.st._calls.CallEmitter` (and :class:`~hil.st._instructions.InstructionEmitter` in dialects
with instruction calls) and :class:`~hil.st._stmt.StmtEmitter`.

Generated code is plain Python: one class per STRUCT/UDT/FB (``__slots__``), one function per FC and OB,
module globals for DBs (``DB_<name>``), PLC tags (``IO.<tag>``) and the virtual clock (``_NOW``). It is
compiled once with :func:`compile` and run every scan; the tree is never interpreted per scan.
"""
from __future__ import annotations

from typing import Any

from hil.st import _support
from hil.st import _types as T
from hil.st._calls import CallEmitter
from hil.st._context import Context, Scope
from hil.st._convert import Converter
from hil.st._declare import Declarations
from hil.st._dialects import SCL, Dialect
from hil.st._expr import ExprEmitter
from hil.st._instructions import InstructionEmitter, routine_method
from hil.st._paths import PathEmitter
from hil.st._stmt import StmtEmitter
from hil.st._symbols import DbInfo, PouInfo, Symbols

__all__ = ["Compiler", "routine_method"]

_IND = "    "


class Compiler:
    """Turns checked blocks into Python source. Use :meth:`module`."""

    def __init__(self, symbols: Symbols, dialect: Dialect = SCL) -> None:
        self.ctx = ctx = Context(symbols, dialect)
        self.symbols = symbols
        self.exprs = ExprEmitter(ctx, Converter(ctx))
        self.conv = self.exprs.conv
        self.paths = PathEmitter(ctx, self.exprs)
        instructions = InstructionEmitter(ctx, self.exprs) if dialect.instruction_calls else None
        self.calls = CallEmitter(ctx, self.exprs, self.paths, instructions)
        self.exprs.bind(self.paths, self.calls)
        self.decls = Declarations(ctx, self.exprs)
        self.stmts = StmtEmitter(ctx, self.exprs, self.calls, self.decls)
        self.prescan_programs: set[str] = set()
        self.structs: dict[int, T.StructT] = {}

    def fault_codes(self) -> str:
        """The module constant that tells the program's :class:`~hil.st.Faults` how this dialect's CPU
        reports each runtime error (code, whether it stops the CPU)."""
        dialect = self.ctx.dialect
        codes = {"div_by_zero": (dialect.division_by_zero.code, dialect.division_by_zero.stops),
                 "array_bounds": (dialect.index_out_of_range.code, dialect.index_out_of_range.stops)}
        if dialect.integer_overflow is not None:
            codes["overflow"] = (dialect.integer_overflow.code, dialect.integer_overflow.stops)
        return f"_FAULT_CODES = {codes!r}"

    @property
    def used(self) -> set[tuple[str, str]]:
        """(program or "" for globals, variable), casefolded: the variables the generated code names."""
        return self.ctx.used

    def collect_struct(self, ty: T.Type) -> None:
        if isinstance(ty, T.ArrayT):
            self.collect_struct(ty.element)
        elif isinstance(ty, T.StructT) and not (isinstance(ty, T.FbT) and ty.builtin):
            if id(ty) in self.structs:
                return
            self.structs[id(ty)] = ty
            for member in ty.fields.values():
                self.collect_struct(member.type)

    def class_lines(self, ty: T.StructT, run: list[str] | None,
                    extra: dict[str, list[str]] | None = None) -> list[str]:
        fields = list(ty.fields.values())
        slots = ", ".join(repr(f.py) for f in fields)
        lines = [f"class {ty.pyclass}:", f"{_IND}__slots__ = ({slots}{',' if len(fields) == 1 else ''})", "",
                 f"{_IND}def __init__(self):"]
        saved = self.ctx.scope
        self.ctx.scope = Scope("TYPE", ty.name)
        for member in fields:
            lines.append(f"{_IND * 2}self.{member.py} = {self.decls.init_code(member)}")
        self.ctx.scope = saved
        if not fields:
            lines.append(f"{_IND * 2}pass")
        if not isinstance(ty, T.FbT):
            lines += ["", f"{_IND}def _copy(self):", f"{_IND * 2}o = object.__new__({ty.pyclass})"]
            lines += [f"{_IND * 2}o.{m.py} = {self.conv.copy_value('self.' + m.py, m.type)}" for m in fields]
            lines.append(f"{_IND * 2}return o")
        if run is not None:
            lines += ["", f"{_IND}def _run(self):"] + [_IND * 2 + line for line in run]
        for name, body in (extra or {}).items():
            lines += ["", f"{_IND}def {name}(self):"] + [_IND * 2 + line for line in body]
        return lines + [""]

    def temps_init(self, scope: Scope, skip_params: bool) -> list[str]:
        return [f"l_{f.py} = {self.decls.init_code(f)}" for f in scope.locals.values()
                if not (skip_params and f.section in ("VAR_INPUT", "VAR_IN_OUT"))]

    def pou_body(self, pou: PouInfo) -> list[str]:
        self.ctx.scope = self.ctx.scopes[id(pou)]
        self.ctx.restart_temporaries()
        if pou.kind == "FC":
            outs = [f"l_{p.py}" for p in pou.params if p.section in ("VAR_OUTPUT", "VAR_IN_OUT")]
            self.ctx.return_line = "return " + (", ".join(["_ret"] + outs) if outs else "_ret")
            lines = self.temps_init(self.ctx.scope, skip_params=True)
            if self.ctx.scope.result is not None:
                lines.append(f"_ret = {self.decls.default_code(self.ctx.scope.result.type)}")
            else:
                lines.append("_ret = None")
            lines += self.stmts.body(pou.block.body) + [self.ctx.return_line]
        else:
            self.ctx.return_line = "return"
            lines = self.temps_init(self.ctx.scope, skip_params=False) + self.stmts.body(pou.block.body)
        return lines

    def db_begin(self, db: DbInfo) -> list[str]:
        self.ctx.scope = Scope("DB", db.name, self_type=db.type)
        self.ctx.return_line = "return"
        lines = self.stmts.body(db.block.body)
        return lines

    def module(self) -> tuple[str, dict[str, Any]]:
        """Check everything and return the generated module source plus facts the program needs."""
        symbols = self.symbols
        self.decls.declare()
        for udt in symbols.udts.values():
            self.collect_struct(udt)
        for pou in symbols.pous.values():
            if pou.fb is not None:
                self.collect_struct(pou.fb)
            for local in self.ctx.scopes[id(pou)].locals.values():
                self.collect_struct(local.type)
            if pou.return_type is not None:
                self.collect_struct(pou.return_type)
        for db in symbols.dbs.values():
            self.collect_struct(db.type)
        for glob in symbols.globals.values():
            self.collect_struct(glob.type)
        out: list[str] = ["# Generated by hil.st from the program's Structured Text sources. Do not edit.",
                          "from hil.st import runtime as _rt",
                          "from hil.st import _logix_lib as _lx",
                          "from hil.st import _s7timers as _s7",
                          "from hil.st._support import " + ", ".join(f"{n} as _{n}" for n in _support.__all__),
                          "_NOW = 0", "_FS = False", self.fault_codes(), ""]
        fb_pous = {id(p.fb): p for p in symbols.pous.values() if p.fb is not None}
        for ty in self.structs.values():
            run = None
            extra: dict[str, list[str]] = {}
            if id(ty) in fb_pous:
                pou = fb_pous[id(ty)]
                self.ctx.nonretentive = []
                run = self.pou_body(pou)
                for name, statements in pou.block.routines.items():  # Logix routines other than the main one
                    self.ctx.return_line = "return"
                    extra[routine_method(name)] = self.stmts.body(statements)
                if self.ctx.nonretentive:
                    extra["_prescan"] = list(dict.fromkeys(self.ctx.nonretentive))
                    self.prescan_programs.add(pou.py.replace("FB_", "PRG_", 1))
            out += self.class_lines(ty, run, extra)
        for pou in symbols.pous.values():
            if pou.kind == "FC":
                args = ", ".join(f"l_{p.py}" for p in pou.params if p.section in ("VAR_INPUT", "VAR_IN_OUT"))
                out += [f"def {pou.py}({args}):"] + [_IND + line for line in self.pou_body(pou)] + [""]
            elif pou.kind == "OB":
                out += [f"def {pou.py}():"] + [_IND + line for line in self.pou_body(pou)] + [""]
        tags = list(symbols.tags.values()) + list(symbols.direct.values())
        out += ["class _IO:", f"{_IND}__slots__ = ({', '.join(repr(t.py) for t in tags)}{',' if len(tags) == 1 else ''})",
                ""]
        glob_fields = list(symbols.globals.values())
        out += ["class _G:", f"{_IND}__slots__ = ({', '.join(repr(g.py) for g in glob_fields)}"
                f"{',' if len(glob_fields) == 1 else ''})", ""]
        init = ["def _init():", f"{_IND}global IO, G, {', '.join(['_NOW'] + [d.py for d in symbols.dbs.values()] + [p.py.replace('FB_', 'PRG_', 1) for p in symbols.pous.values() if p.kind == 'PROGRAM'])}",
                f"{_IND}_NOW = 0", f"{_IND}IO = _IO()", f"{_IND}G = _G()"]
        for tag in tags:
            init.append(f"{_IND}IO.{tag.py} = {self.decls.default_code(tag.type)}")
        self.ctx.scope = Scope("GLOBAL", "")
        for glob in glob_fields:
            init.append(f"{_IND}G.{glob.py} = {self.decls.init_code(glob)}")
        for pou in symbols.pous.values():
            if pou.kind == "PROGRAM":
                init.append(f"{_IND}{pou.py.replace('FB_', 'PRG_', 1)} = {pou.py}()")
        begins: list[str] = []
        for db in symbols.dbs.values():
            # One function per DB: a warm restart re-initialises only the non-retentive ones.
            begins += [f"def _init_{db.py}():", f"{_IND}global {db.py}",
                       f"{_IND}{db.py} = {self.decls.default_code(db.type)}"]
            if db.block.body:
                begins += [f"{_IND}_begin_{db.py}({db.py})", "", f"def _begin_{db.py}(self):"]
                begins += [_IND + line for line in self.db_begin(db)]
            begins.append("")
            init.append(f"{_IND}_init_{db.py}()")
        out += begins + init + [""]
        facts = {"tags": tags}
        return "\n".join(out) + "\n", facts
