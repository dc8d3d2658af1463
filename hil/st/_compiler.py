"""The compiler: checks every block of the program and generates one Python module for it.

Generated code is plain Python: one class per STRUCT/UDT/FB (``__slots__``), one function per FC and OB,
module globals for DBs (``DB_<name>``), PLC tags (``IO.<tag>``) and the virtual clock (``_NOW``). It is
compiled once with :func:`compile` and run every scan; the tree is never interpreted per scan.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hil.errors import close_matches
from hil.st import _ast as A
from hil.st import _types as T
from hil.st._calls import CallMixin
from hil.st._errors import Span, StTypeError, StUnsupportedError
from hil.st._expr import TE, ExprMixin
from hil.st._stmt import StmtMixin
from hil.st._symbols import DbInfo, PouInfo, Symbols, py_ident

__all__ = ["Compiler", "Scope", "routine_method"]


def routine_method(name: str) -> str:
    """The Python method of a Logix routine (``JSR(Fill)`` calls ``self._r_Fill()``)."""
    return "_r_" + "".join(ch if ch.isalnum() else "_" for ch in name)

_IND = "    "


@dataclass(eq=False)
class Scope:
    """The names visible in one block: its constants, its locals (temps; all variables of an FC) and the
    fields of ``self`` (an FB instance or the DB being initialised)."""

    kind: str
    name: str
    self_type: T.StructT | None = None
    locals: dict[str, T.FieldT] = field(default_factory=dict)
    consts: dict[str, TE] = field(default_factory=dict)
    result: T.FieldT | None = None


class Compiler(StmtMixin, ExprMixin, CallMixin):
    """Turns checked blocks into Python source. Use :meth:`compile_program`."""

    def __init__(self, symbols: Symbols, dialect: str = "scl") -> None:
        self.dialect = dialect
        self.aliases: dict[str, str] = {}  # Logix alias tags (controller scope): name -> target path
        self.program_aliases: dict[str, dict[str, str]] = {}  # per program (casefolded name)
        self.prescan_programs: set[str] = set()
        self._nonretentive: list[str] = []
        self.used: set[tuple[str, str]] = set()  # (program or "" for globals, variable) the code names
        self.symbols = symbols
        symbols.const_eval = self.const_eval
        self.scope: Scope = Scope("GLOBAL", "")
        self.scopes: dict[int, Scope] = {}
        self._tmp = 0
        self.loops: list[tuple[str, str]] = []  # (kind, FOR variable code)
        self.ranges: list[tuple[str, int, int]] = []  # FOR variables with constant bounds (code, low, high)
        self.structs: dict[int, T.StructT] = {}

    # ---- small helpers --------------------------------------------------------------------------
    def where_of(self, span: Span) -> str:
        return f"{span.path}:{span.line}:{span.column}"

    def tmp(self) -> str:
        self._tmp += 1
        return f"_t{self._tmp}"

    def known_range(self, code: str) -> tuple[int, int] | None:
        for var, low, high in reversed(self.ranges):
            if var == code:
                return (low, high) if low <= high else None
        return None

    def const_eval(self, expr: A.Expr, context: str) -> Any:
        te = self.expr(expr)
        if not te.is_const:
            raise StTypeError("expected a constant here", expr.span)
        return te.const

    # ---- names ----------------------------------------------------------------------------------
    def visible_names(self) -> list[str]:
        scope = self.scope
        names = [c for c in scope.consts] + [f.name for f in scope.locals.values()]
        if scope.self_type is not None:
            names += [f.name for f in scope.self_type.fields.values()]
        return names

    def is_variable(self, node: A.Name) -> bool:
        key = node.name.casefold()
        scope = self.scope
        if key in scope.consts or key in scope.locals:
            return True
        if scope.self_type is not None and scope.self_type.lookup(key) is not None:
            return True
        return key in self.symbols.tags or key in self.symbols.dbs or key in self.symbols.globals

    def resolve_name(self, node: A.Name) -> TE:
        key = node.name.casefold()
        scope = self.scope
        if node.scope != "global":
            if key in scope.consts:
                return scope.consts[key]
            local = scope.locals.get(key)
            if local is not None:
                return TE(f"l_{local.py}", local.type, writable=local.section != "VAR_CONSTANT")
            if scope.self_type is not None:
                member = scope.self_type.lookup(key)
                if member is not None:
                    self.used.add((scope.name.casefold(), key))
                    return TE(f"self.{member.py}", member.type, writable=True)
            if scope.result is not None and key == scope.result.name.casefold():
                return TE("_ret", scope.result.type, writable=True)
            if node.scope == "local":
                raise StTypeError(f"unknown local variable '#{node.name}' in {scope.name}", node.span,
                                  suggestions=["#" + n for n in close_matches(node.name, self.visible_names())])
        symbols = self.symbols
        db = symbols.dbs.get(key)
        if db is not None:
            return TE(db.py, db.type, writable=False)
        tag = symbols.tags.get(key)
        if tag is not None:
            return TE(f"IO.{tag.py}", tag.type, writable=True)
        glob = symbols.globals.get(key)
        if glob is not None:
            self.used.add(("", key))
            return TE(f"G.{glob.py}", glob.type, writable=True)
        if self.dialect == "logix" and key.startswith("s:"):
            if key == "s:fs":  # the first-scan status bit: TRUE during the first scan after a start
                return TE("_FS", T.BOOL)
            raise StUnsupportedError(f"the status flag {node.name} is not supported (only S:FS)", node.span)
        alias = self.program_aliases.get(scope.name.casefold(), {}).get(key) or self.aliases.get(key)
        if alias is not None:
            return self.alias_target(alias, node)
        pou = symbols.pous.get(key)
        if pou is not None:
            raise StTypeError(f'"{pou.name}" is a {pou.kind} block, not a variable; call an instance of it', node.span)
        candidates = self.visible_names() + [d.name for d in symbols.dbs.values()] + \
            [t.name for t in symbols.tags.values()] + [g.name for g in symbols.globals.values()]
        quoted = '"' if node.scope == "global" else ""
        raise StTypeError(f"unknown name {quoted}{node.name}{quoted}", node.span,
                          suggestions=close_matches(node.name, candidates))

    def alias_target(self, target: str, node: A.Name) -> TE:
        """A Logix alias tag: the expression its target path names (``Motor1.Speed``, ``Dint1.3``)."""
        from hil.st._lexer import tokenize_with_comments
        from hil.st._parser import _Parser

        tokens, _ = tokenize_with_comments(target, node.span.path, "logix")
        for token in tokens:  # errors in the target point at the alias's use
            token.span = node.span
        parser = _Parser(tokens, {}, node.span.path, "logix")
        expression = parser.expression()
        try:
            return self.expr(expression)
        except StTypeError as exc:
            raise StTypeError(f"alias '{node.name}' for '{target}': {exc.message}", node.span) from None

    def int_type(self, lt: T.Type, rt: T.Type) -> T.Elem:
        if self.dialect != "logix" or (lt is T.ANY_INT and rt is T.ANY_INT):
            return super().int_type(lt, rt)
        # Logix promotes integer operands to DINT (LINT when one is 64-bit); the store wraps.
        bits = max(getattr(lt, "bits", 0) if lt is not T.ANY_INT else 0, getattr(rt, "bits", 0) if rt is not T.ANY_INT else 0)
        return T.LINT if bits > 32 else T.DINT

    def resolve_callee_value(self, callee: A.Expr) -> TE:
        return self.expr(callee)

    def direct(self, node: A.DirectAddr) -> TE:
        sym = self.symbols.direct_address(node.address, node.span)
        return TE(f"IO.{sym.py}", sym.type, writable=True)

    def member_of(self, base: TE, node: A.Member) -> TE:
        ty = base.ty
        if isinstance(ty, T.StructT):
            member = ty.lookup(node.member)
            if member is not None:
                return TE(f"{base.code}.{member.py}", member.type, writable=True)
            if isinstance(ty, T.FbT) and node.member.casefold() in ty.methods:
                raise StTypeError(f"{ty.name}.{node.member.upper()} is a method; call it with (…)", node.span)
            raise StTypeError(f"{ty.name} has no member '{node.member}'", node.span,
                              suggestions=close_matches(node.member, [f.name for f in ty.fields.values()]))
        raise StTypeError(f"'{node.member}': {ty} has no members", node.span)

    # ---- declarations ---------------------------------------------------------------------------
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
        te = self.expr(node)
        if not te.is_const:
            raise StTypeError("an initial value must be a constant", node.span)
        return self.convert(te, ty, node.span)

    def section_fields(self, pou: PouInfo, scope: Scope) -> None:
        """Fill an FB's instance type / an FC's parameters / temps from the block's VAR sections."""
        block = pou.block
        for section in block.sections:  # constants first: array bounds and initial values may use them
            if section.kind == "VAR_CONSTANT":
                for decl in section.decls:
                    ty = self.symbols.resolve_type(decl.type, f"{pou.name}.{decl.name}")
                    if decl.init is None or isinstance(decl.init, list):
                        raise StTypeError(f"constant '{decl.name}' needs a single value (:= …)", decl.span)
                    te = self.expr(decl.init)
                    if not te.is_const:
                        raise StTypeError(f"constant '{decl.name}' needs a constant value", decl.init.span)
                    code = self.convert(te, ty, decl.span)
                    scope.consts[decl.name.casefold()] = TE(code, ty, eval(code, {}))  # noqa: S307 - a literal
        for section in block.sections:
            if section.kind in ("VAR_CONSTANT",):
                continue
            if section.kind in ("VAR_GLOBAL", "VAR_EXTERNAL"):
                raise StUnsupportedError(f"{section.kind} inside a block", section.span)
            for decl in section.decls:
                key = decl.name.casefold()
                ty = self.symbols.resolve_type(decl.type, f"{pou.name}.{decl.name}")
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
        symbols = self.symbols
        for key in symbols.udts:
            symbols.resolve_udt(key)
        for key, pou in symbols.pous.items():
            scope = Scope(pou.kind, pou.name, self_type=pou.fb)
            self.scope = scope
            self.section_fields(pou, scope)
            if pou.kind == "FC":
                assert pou.block.return_type is not None
                ret = pou.block.return_type
                if not (isinstance(ret, A.NamedTypeRef) and ret.name.upper() == "VOID"):
                    pou.return_type = symbols.resolve_type(ret, pou.name)
                    scope.result = T.FieldT(pou.name, pou.return_type)
            self.scopes[id(pou)] = scope
        self.scope = Scope("GLOBAL", "")
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

    # ---- classes and functions ----------------------------------------------------------------------
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
        saved = self.scope
        self.scope = Scope("TYPE", ty.name)
        for member in fields:
            lines.append(f"{_IND * 2}self.{member.py} = {self.init_code(member)}")
        self.scope = saved
        if not fields:
            lines.append(f"{_IND * 2}pass")
        if not isinstance(ty, T.FbT):
            lines += ["", f"{_IND}def _copy(self):", f"{_IND * 2}o = object.__new__({ty.pyclass})"]
            lines += [f"{_IND * 2}o.{m.py} = {self.copy_value('self.' + m.py, m.type)}" for m in fields]
            lines.append(f"{_IND * 2}return o")
        if run is not None:
            lines += ["", f"{_IND}def _run(self):"] + [_IND * 2 + line for line in run]
        for name, body in (extra or {}).items():
            lines += ["", f"{_IND}def {name}(self):"] + [_IND * 2 + line for line in body]
        return lines + [""]

    def temps_init(self, scope: Scope, skip_params: bool) -> list[str]:
        return [f"l_{f.py} = {self.init_code(f)}" for f in scope.locals.values()
                if not (skip_params and f.section in ("VAR_INPUT", "VAR_IN_OUT"))]

    def pou_body(self, pou: PouInfo) -> list[str]:
        self.scope = self.scopes[id(pou)]
        self._tmp = 0
        if pou.kind == "FC":
            outs = [f"l_{p.py}" for p in pou.params if p.section in ("VAR_OUTPUT", "VAR_IN_OUT")]
            self._return_line = "return " + (", ".join(["_ret"] + outs) if outs else "_ret")
            lines = self.temps_init(self.scope, skip_params=True)
            if self.scope.result is not None:
                lines.append(f"_ret = {self.default_code(self.scope.result.type)}")
            else:
                lines.append("_ret = None")
            lines += self.body(pou.block.body) + [self._return_line]
        else:
            self._return_line = "return"
            lines = self.temps_init(self.scope, skip_params=False) + self.body(pou.block.body)
        del self._return_line
        return lines

    def db_begin(self, db: DbInfo) -> list[str]:
        self.scope = Scope("DB", db.name, self_type=db.type)
        self._return_line = "return"
        lines = self.body(db.block.body)
        del self._return_line
        return lines

    def module(self) -> tuple[str, dict[str, Any]]:
        """Check everything and return the generated module source plus facts the program needs."""
        symbols = self.symbols
        self.declare()
        for udt in symbols.udts.values():
            self.collect_struct(udt)
        for pou in symbols.pous.values():
            if pou.fb is not None:
                self.collect_struct(pou.fb)
            for local in self.scopes[id(pou)].locals.values():
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
                          "from hil.st._support import " + ", ".join(
                              f"{n} as _{n}" for n in __import__("hil.st._support", fromlist=["__all__"]).__all__),
                          "_NOW = 0", "_FS = False", ""]
        fb_pous = {id(p.fb): p for p in symbols.pous.values() if p.fb is not None}
        for ty in self.structs.values():
            run = None
            extra: dict[str, list[str]] = {}
            if id(ty) in fb_pous:
                pou = fb_pous[id(ty)]
                self._nonretentive = []
                run = self.pou_body(pou)
                for name, statements in pou.block.routines.items():  # Logix routines other than the main one
                    self._return_line = "return"
                    extra[routine_method(name)] = self.body(statements)
                    del self._return_line
                if self._nonretentive:
                    extra["_prescan"] = list(dict.fromkeys(self._nonretentive))
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
            init.append(f"{_IND}IO.{tag.py} = {self.default_code(tag.type)}")
        self.scope = Scope("GLOBAL", "")
        for glob in glob_fields:
            init.append(f"{_IND}G.{glob.py} = {self.init_code(glob)}")
        for pou in symbols.pous.values():
            if pou.kind == "PROGRAM":
                init.append(f"{_IND}{pou.py.replace('FB_', 'PRG_', 1)} = {pou.py}()")
        begins: list[str] = []
        for db in symbols.dbs.values():
            # One function per DB: a warm restart re-initialises only the non-retentive ones.
            begins += [f"def _init_{db.py}():", f"{_IND}global {db.py}",
                       f"{_IND}{db.py} = {self.default_code(db.type)}"]
            if db.block.body:
                begins += [f"{_IND}_begin_{db.py}({db.py})", "", f"def _begin_{db.py}(self):"]
                begins += [_IND + line for line in self.db_begin(db)]
            begins.append("")
            init.append(f"{_IND}_init_{db.py}()")
        out += begins + init + [""]
        facts = {"tags": tags}
        return "\n".join(out) + "\n", facts
