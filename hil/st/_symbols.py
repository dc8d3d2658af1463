"""The program's symbol table: types (UDTs, FBs, standard FBs), functions, DBs, OBs and PLC tags.

Built from the parsed sources before any code is generated, so every name in every block can be
resolved and checked, whatever the order of the blocks in the files.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hil.errors import close_matches
from hil.st import _ast as A
from hil.st import _types as T
from hil.st._builtins import builtin_fb
from hil.st._errors import Span, StTypeError, StUnsupportedError
from hil.tags import Area, DataType, S7Address, parse_s7_address

__all__ = ["Symbols", "DbInfo", "TagSym", "PouInfo", "py_ident"]

_DATATYPE_ELEM = {DataType.BOOL: T.BOOL, DataType.BYTE: T.BYTE, DataType.USINT: T.USINT, DataType.SINT: T.SINT,
                  DataType.WORD: T.WORD, DataType.UINT: T.UINT, DataType.INT: T.INT, DataType.DWORD: T.DWORD,
                  DataType.UDINT: T.UDINT, DataType.DINT: T.DINT, DataType.REAL: T.REAL, DataType.LREAL: T.LREAL}
_DIRECT_WIDTH = {"X": T.BOOL, "": T.BOOL, "B": T.BYTE, "W": T.WORD, "D": T.DWORD}


def py_ident(prefix: str, name: str, used: set[str]) -> str:
    """A unique Python identifier for a PLC name that may hold spaces, dots or quotes."""
    base = prefix + re.sub(r"\W", "_", name)
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    used.add(candidate)
    return candidate


@dataclass(eq=False)
class TagSym:
    """A PLC tag in the I, Q or M area, named in a tag table or written as a direct address (%I0.0)."""

    name: str
    address: S7Address
    type: T.Elem
    py: str
    unit: str | None = None


@dataclass(eq=False)
class DbInfo:
    """A global or instance DATA_BLOCK: its number, type (a struct or an FB) and Python object name."""

    name: str
    number: int
    type: T.StructT
    block: A.Block
    py: str


@dataclass(eq=False)
class PouInfo:
    """A code block: FB, FC, OB or PROGRAM."""

    kind: str
    name: str
    block: A.Block
    py: str
    fb: T.FbT | None = None  # FB and PROGRAM: the instance type
    params: list[T.FieldT] = field(default_factory=list)  # FC: inputs, in-outs and outputs in order
    return_type: T.Type | None = None


class Symbols:
    """Every global name of the program, resolved case-insensitively."""

    def __init__(self, sources: list[A.Source], tags: list[tuple[str, str, str, str | None]],
                 db_numbers: dict[str, int]) -> None:
        self.used_py: set[str] = set()
        self.blocks: list[A.Block] = [b for s in sources for b in s.blocks]
        self.udts: dict[str, T.StructT] = {}
        self.udt_blocks: dict[str, A.Block] = {}
        self.pous: dict[str, PouInfo] = {}
        self.dbs: dict[str, DbInfo] = {}
        self.tags: dict[str, TagSym] = {}
        self.direct: dict[str, TagSym] = {}
        self.globals: dict[str, T.FieldT] = {}
        self.global_blocks: list[A.Block] = []
        self._resolving: set[str] = set()
        # Set by the compiler: evaluates a constant expression (array bounds, STRING lengths) in a scope.
        self.const_eval: Callable[[A.Expr, str], Any] | None = None
        self.anon_count = 0
        for name, address, type_name, unit in tags:
            self.add_tag(name, address, type_name, unit)
        self.collect()
        self.number_dbs(db_numbers)

    # ---- registration ----------------------------------------------------------------------------
    def claim(self, name: str, span: Span, what: str) -> str:
        key = name.casefold()
        for table in (self.udts, self.pous, self.dbs, self.tags):
            if key in table:
                raise StTypeError(f"'{name}' is declared twice (as {what} and before)", span)
        return key

    def collect(self) -> None:
        for block in self.blocks:
            if block.kind == "TYPE":
                key = self.claim(block.name, block.span, "a TYPE")
                self.udt_blocks[key] = block
                self.udts[key] = T.StructT(block.name)  # filled in resolve_udt (UDTs may refer to each other)
            elif block.kind in ("FUNCTION_BLOCK", "PROGRAM"):
                key = self.claim(block.name, block.span, block.kind)
                fb = T.FbT(block.name, pyclass=py_ident("FB_", block.name, self.used_py))
                self.pous[key] = PouInfo("FB" if block.kind == "FUNCTION_BLOCK" else "PROGRAM", block.name, block,
                                         fb.pyclass, fb=fb)
            elif block.kind == "FUNCTION":
                key = self.claim(block.name, block.span, "a FUNCTION")
                self.pous[key] = PouInfo("FC", block.name, block, py_ident("FC_", block.name, self.used_py))
            elif block.kind == "ORGANIZATION_BLOCK":
                key = self.claim(block.name, block.span, "an ORGANIZATION_BLOCK")
                self.pous[key] = PouInfo("OB", block.name, block, py_ident("OB_", block.name, self.used_py))
            elif block.kind == "VAR_GLOBAL":
                self.global_blocks.append(block)
        for block in self.blocks:
            if block.kind == "DATA_BLOCK":
                key = self.claim(block.name, block.span, "a DATA_BLOCK")
                self.dbs[key] = DbInfo(block.name, 0, T.StructT(block.name), block,
                                       py_ident("DB_", block.name, self.used_py))

    def number_dbs(self, numbers: dict[str, int]) -> None:
        """DB numbers: given explicitly, taken from a name like ``DB10``, or assigned in source order."""
        wanted = {k.casefold(): v for k, v in numbers.items()}
        unknown = [k for k in numbers if k.casefold() not in self.dbs]
        if unknown:
            raise StTypeError(f"a DB number is given for '{unknown[0]}', which no source declares",
                              suggestions=close_matches(unknown[0], [d.name for d in self.dbs.values()]))
        taken: set[int] = set()
        for key, db in self.dbs.items():
            match = re.fullmatch(r"DB(\d+)", db.name, re.IGNORECASE)
            number = wanted.get(key) or (int(match.group(1)) if match else 0)
            if number:
                if number in taken:
                    raise StTypeError(f"DB number {number} is used twice", db.block.span)
                db.number = number
                taken.add(number)
        next_free = 1
        for db in self.dbs.values():
            if not db.number:
                while next_free in taken:
                    next_free += 1
                db.number = next_free
                taken.add(next_free)

    def add_tag(self, name: str, address: str, type_name: str, unit: str | None) -> None:
        parsed = parse_s7_address(address, where=name)
        if parsed.area is Area.DB:
            return  # DB tags in a tag table describe DB members, which the sources declare
        try:
            data_type = DataType[type_name.strip().upper()]
        except KeyError:
            raise StTypeError(f"tag '{name}': unknown type '{type_name}'") from None
        key = name.casefold()
        if key in self.tags:
            raise StTypeError(f"PLC tag '{name}' is defined twice")
        self.tags[key] = TagSym(name, parsed, _DATATYPE_ELEM[data_type], py_ident("t_", name, self.used_py), unit)

    def direct_address(self, text: str, span: Span) -> TagSym:
        key = text.upper().lstrip("%")
        sym = self.direct.get(key)
        if sym is None:
            match = re.fullmatch(r"([IQMEA])([XBWDL]?)(\d+)(?:\.(\d+))?", key)
            if match is None or match.group(2) == "L":
                raise StUnsupportedError(f"direct address %{key} is not supported", span)
            try:
                address = parse_s7_address(key)
            except Exception as exc:
                raise StTypeError(str(getattr(exc, "message", exc)), span) from None
            sym = TagSym("%" + key, address, _DIRECT_WIDTH[match.group(2)], py_ident("a_", key, self.used_py))
            self.direct[key] = sym
        return sym

    # ---- type resolution ---------------------------------------------------------------------------
    def resolve_type(self, ref: A.TypeRef, context: str) -> T.Type:
        if isinstance(ref, A.NamedTypeRef):
            key = ref.name.casefold()
            upper = ref.name.upper()
            if upper in T.ELEMENTARY:
                return T.ELEMENTARY[upper]
            if key in self.udts:
                return self.resolve_udt(key)
            pou = self.pous.get(key)
            if pou is not None and pou.kind == "FB":
                assert pou.fb is not None
                return pou.fb
            std = builtin_fb(ref.name)
            if std is not None:
                return std
            if upper in ("DATE", "TOD", "TIME_OF_DAY", "DT", "DATE_AND_TIME", "DTL", "S5TIME", "WCHAR", "LTOD",
                         "LDT", "VOID", "DB_ANY", "VARIANT", "POINTER", "ANY"):
                raise StUnsupportedError(f"data type {upper} is not supported yet", ref.span)
            names = list(T.ELEMENTARY) + [u.name for u in self.udts.values()] + \
                [p.name for p in self.pous.values() if p.kind == "FB"] + ["TON", "TOF", "TP", "R_TRIG", "F_TRIG",
                                                                          "CTU", "CTD", "CTUD", "IEC_TIMER"]
            raise StTypeError(f"unknown data type '{ref.name}'", ref.span, suggestions=close_matches(ref.name, names))
        if isinstance(ref, A.StringTypeRef):
            length = 254 if ref.length is None else self.int_constant(ref.length, context)
            if not 1 <= length <= 254:
                raise StTypeError(f"a STRING holds 1 to 254 characters, not {length}", ref.span)
            return T.StringT(length)
        if isinstance(ref, A.ArrayTypeRef):
            dims = []
            for low, high in ref.dims:
                lo, hi = self.int_constant(low, context), self.int_constant(high, context)
                if hi < lo:
                    raise StTypeError(f"array bounds {lo}..{hi}: the upper bound is below the lower", low.span)
                dims.append((lo, hi))
            element = self.resolve_type(ref.element, context)
            if isinstance(element, T.ArrayT):
                raise StUnsupportedError("arrays of arrays are not supported; declare ARRAY[a..b, c..d] OF …",
                                         ref.span)
            return T.ArrayT(element, tuple(dims))
        if isinstance(ref, A.StructTypeRef):
            self.anon_count += 1
            struct = T.StructT(f"{context} (anonymous STRUCT)", anonymous=True,
                               pyclass=py_ident("S_", f"{context}_{self.anon_count}", self.used_py))
            self.fill_struct(struct, ref.fields, context, "VAR")
            return struct
        raise StUnsupportedError("unsupported type", ref.span)  # pragma: no cover

    def resolve_udt(self, key: str) -> T.StructT:
        udt = self.udts[key]
        if udt.pyclass:
            return udt
        block = self.udt_blocks[key]
        if key in self._resolving:
            raise StTypeError(f"TYPE \"{block.name}\" contains itself", block.span)
        self._resolving.add(key)
        assert block.type_def is not None
        if not isinstance(block.type_def, A.StructTypeRef):
            raise StUnsupportedError(f"TYPE \"{block.name}\": only STRUCT types are supported (not aliases)",
                                     block.span)
        self.fill_struct(udt, block.type_def.fields, block.name, "VAR")
        udt.pyclass = py_ident("S_", block.name, self.used_py)
        self._resolving.discard(key)
        return udt

    def fill_struct(self, struct: T.StructT, decls: list[A.VarDecl], context: str, section: str) -> None:
        for decl in decls:
            key = decl.name.casefold()
            if key in struct.fields:
                raise StTypeError(f"'{decl.name}' is declared twice in {context}", decl.span)
            ty = self.resolve_type(decl.type, f"{context}.{decl.name}")
            struct.fields[key] = T.FieldT(decl.name, ty, decl.init, section, decl.comment, decl.span)

    def int_constant(self, expr: A.Expr, context: str) -> int:
        if isinstance(expr, A.Literal) and expr.kind == "int":
            return int(expr.value)
        if isinstance(expr, A.Unary) and expr.op == "-" and isinstance(expr.operand, A.Literal) \
                and expr.operand.kind == "int":
            return -int(expr.operand.value)
        if self.const_eval is not None:
            value = self.const_eval(expr, context)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        raise StTypeError("expected a constant whole number here", expr.span)
