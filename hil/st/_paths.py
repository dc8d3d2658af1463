"""Access paths: names (locals, instance fields, DBs, PLC tags, globals, Logix aliases and status flags),
members, array indexes with bounds checks, bit slices and direct addresses.
"""
from __future__ import annotations

from hil.errors import close_matches
from hil.st import _ast as A
from hil.st import _types as T
from hil.st._context import TE, Context
from hil.st._convert import elem, is_kind
from hil.st._errors import StTypeError, StUnsupportedError
from hil.st._expr import ExprEmitter

__all__ = ["PathEmitter"]

_UPDATED_ON_ACCESS = ("TON", "TOF", "IEC_TIMER")  # the S7 timers whose Q/ET reads are updates (_s7timers)


class PathEmitter:
    """Resolves names and access paths to typed Python expressions."""

    def __init__(self, ctx: Context, exprs: ExprEmitter) -> None:
        self.ctx = ctx
        self.exprs = exprs

    def visible_names(self) -> list[str]:
        scope = self.ctx.scope
        names = [c for c in scope.consts] + [f.name for f in scope.locals.values()]
        if scope.self_type is not None:
            names += [f.name for f in scope.self_type.fields.values()]
        return names

    def is_variable(self, node: A.Name) -> bool:
        key = node.name.casefold()
        scope = self.ctx.scope
        if key in scope.consts or key in scope.locals:
            return True
        if scope.self_type is not None and scope.self_type.lookup(key) is not None:
            return True
        return key in self.ctx.symbols.tags or key in self.ctx.symbols.dbs or key in self.ctx.symbols.globals

    def resolve_name(self, node: A.Name) -> TE:
        key = node.name.casefold()
        scope = self.ctx.scope
        if node.scope != "global":
            if key in scope.consts:
                return scope.consts[key]
            local = scope.locals.get(key)
            if local is not None:
                return TE(f"l_{local.py}", local.type, writable=local.section != "VAR_CONSTANT")
            if scope.self_type is not None:
                member = scope.self_type.lookup(key)
                if member is not None:
                    self.ctx.used.add((scope.name.casefold(), key))
                    return TE(f"self.{member.py}", member.type, writable=True)
            if scope.result is not None and key == scope.result.name.casefold():
                return TE("_ret", scope.result.type, writable=True)
            if node.scope == "local":
                raise StTypeError(f"unknown local variable '#{node.name}' in {scope.name}", node.span,
                                  suggestions=["#" + n for n in close_matches(node.name, self.visible_names())])
        symbols = self.ctx.symbols
        db = symbols.dbs.get(key)
        if db is not None:
            return TE(db.py, db.type, writable=False)
        tag = symbols.tags.get(key)
        if tag is not None:
            return TE(f"IO.{tag.py}", tag.type, writable=True)
        glob = symbols.globals.get(key)
        if glob is not None:
            self.ctx.used.add(("", key))
            return TE(f"G.{glob.py}", glob.type, writable=True)
        if self.ctx.dialect.status_flags and key.startswith("s:"):
            if key == "s:fs":  # the first-scan status bit: TRUE during the first scan after a start
                return TE("_FS", T.BOOL)
            if key == "s:minor":  # set by a minor fault of program execution; the program may clear it
                return TE("_SF.s_minor", T.BOOL, writable=True)
            raise StUnsupportedError(f"the status flag {node.name} is not supported (only S:FS and S:MINOR)",
                                     node.span)
        alias = self.ctx.program_aliases.get(scope.name.casefold(), {}).get(key) or self.ctx.aliases.get(key)
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
        from hil.st._parse_expr import ExprParser

        tokens, _ = tokenize_with_comments(target, node.span.path, self.ctx.dialect)
        for token in tokens:  # errors in the target point at the alias's use
            token.span = node.span
        parser = ExprParser(tokens, {}, node.span.path, self.ctx.dialect)
        expression = parser.expression()
        try:
            return self.exprs.expr(expression)
        except StTypeError as exc:
            raise StTypeError(f"alias '{node.name}' for '{target}': {exc.message}", node.span) from None

    def direct(self, node: A.DirectAddr) -> TE:
        sym = self.ctx.symbols.direct_address(node.address, node.span)
        return TE(f"IO.{sym.py}", sym.type, writable=True)

    def member_of(self, base: TE, node: A.Member) -> TE:
        ty = base.ty
        if isinstance(ty, T.StructT):
            member = ty.lookup(node.member)
            if member is not None:
                if isinstance(ty, T.FbT) and ty.builtin in _UPDATED_ON_ACCESS and member.name in ("Q", "ET") \
                        and self.ctx.dialect.timer_outputs_on_access:
                    # S7-1500: reading Q or ET brings the timer up to date (TIA help TON, "Q and ET outputs")
                    return TE(f"{base.code}.{member.name.lower()}_at(_NOW)", member.type)
                return TE(f"{base.code}.{member.py}", member.type, writable=True)
            if isinstance(ty, T.FbT) and node.member.casefold() in ty.methods:
                raise StTypeError(f"{ty.name}.{node.member.upper()} is a method; call it with (…)", node.span)
            raise StTypeError(f"{ty.name} has no member '{node.member}'", node.span,
                              suggestions=close_matches(node.member, [f.name for f in ty.fields.values()]))
        raise StTypeError(f"'{node.member}': {ty} has no members", node.span)

    def bit_index(self, node: A.BitIndex) -> TE:
        """``Word.[i]`` (Logix indirect bit): bounds-checked against the word's width."""
        base = self.exprs.expr(node.base)
        e = elem(base.ty)
        if e is None or not e.is_integral:
            raise StTypeError(f"cannot take a bit of {base.ty}", node.span)
        index = self.exprs.expr(node.index)
        if not is_kind(index.ty, "int", "bits"):
            raise StTypeError(f"a bit index must be an integer, not {index.ty}", node.index.span)
        t = self.ctx.tmp()
        where = repr(str(self.ctx.where_of(node.span)))
        checked = f"({t} if 0 <= ({t} := {index.code}) < {e.bits} else _oob({t}, 0, {e.bits - 1}, {where}, {self.ctx.scope.name!r}))"
        return TE(f"((({base.code}) >> {checked}) & 1 == 1)", T.BOOL)

    def index(self, node: A.Index) -> TE:
        base = self.exprs.expr(node.base)
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
        where = repr(str(self.ctx.where_of(node.span)))
        for index_node, (lo, hi), step in zip(node.indices, ty.dims, strides):
            idx = self.exprs.expr(index_node)
            if not is_kind(idx.ty, "int", "bits"):
                raise StTypeError(f"an array index must be an integer, not {idx.ty}", index_node.span)
            known = self.ctx.known_range(idx.code)
            if idx.is_const:
                if not lo <= idx.const <= hi:
                    raise StTypeError(f"index {idx.const} is outside the array bounds {lo}..{hi}", index_node.span)
                offset = str((idx.const - lo) * step)
            elif known is not None and lo <= known[0] and known[1] <= hi:
                # the index is a FOR variable whose constant range lies inside the bounds: no check needed
                offset = f"{idx.code} - {lo}" if lo else idx.code
                offset = offset if step == 1 else f"({offset}) * {step}"
            else:
                t = self.ctx.tmp()
                checked = f"({t} - {lo} if {lo} <= ({t} := {idx.code}) <= {hi} else _oob({t}, {lo}, {hi}, {where}, {self.ctx.scope.name!r}))"
                offset = checked if step == 1 else f"{checked} * {step}"
            parts.append(offset)
        flat = " + ".join(parts) if len(parts) > 1 else parts[0]
        return TE(f"{base.code}[{flat}]", ty.element, writable=base.writable)

    def slice_read(self, node: A.Slice) -> TE:
        base = self.exprs.expr(node.base)
        e = elem(base.ty)
        width_bits = {"X": 1, "B": 8, "W": 16, "D": 32}[node.width]
        if e is None or not e.is_integral or node.number * width_bits + width_bits > e.bits:
            raise StTypeError(f"cannot take .%{node.width}{node.number} of {base.ty}", node.span)
        if node.width == "X":
            return TE(f"((({base.code}) >> {node.number}) & 1 == 1)", T.BOOL)
        shift = node.number * width_bits
        ty = {"B": T.BYTE, "W": T.WORD, "D": T.DWORD}[node.width]
        return TE(f"((({base.code}) >> {shift}) & {(1 << width_bits) - 1})", ty)
