"""S7 memory: the byte layout of DBs as in a non-optimized ("standard access") S7 block, the tag table
derived from it, and the generated code that copies DB and I/Q/M memory in and out of each scan.

Layout rules (S7-300/400 and S7-1500 standard access, as TIA Portal shows the offsets):

* BOOLs take one bit; consecutive BOOLs share a byte (bits 0..7), also in BOOL arrays.
* BYTE, CHAR, SINT, USINT start on the next byte.
* Every other elementary type starts on an even byte (word alignment): INT/WORD/UINT 2 bytes,
  DINT/DWORD/UDINT/REAL/TIME 4 bytes (TIME as DINT milliseconds), LREAL/LINT/LTIME 8 bytes.
* STRING[n] starts on an even byte: max length byte, current length byte, then n characters.
* STRUCTs, UDTs, ARRAYs and FB instances start on an even byte, and what follows them starts on an
  even byte too. A structured (STRING, STRUCT, ARRAY) VAR_IN_OUT of an FB is a 6-byte POINTER in the
  instance DB. Standard FB instances (TON, CTU, …) hold their visible members in IEC order followed by
  their internal state (policy ``std_fb_layout``).
* The DB length is rounded up to an even number of bytes.

The program reads a DB's bytes into its variables only when a client changed them since the last scan
(one ``bytes`` comparison per DB), and writes them back after the scan, so S7 clients read the variables
where TIA Portal would show them.
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from hil.errors import UnitError
from hil.st import _types as T
from hil.tags import Area, DataType, Direction, S7Address, Tag
from hil.units import unit as lookup_unit

__all__ = ["Leaf", "layout", "db_code", "io_code", "db_tags"]

_FMT = {"SINT": "b", "INT": "h", "DINT": "i", "LINT": "q", "USINT": "B", "UINT": "H", "UDINT": "I", "ULINT": "Q",
        "BYTE": "B", "WORD": "H", "DWORD": "I", "LWORD": "Q", "REAL": "f", "LREAL": "d", "TIME": "i", "LTIME": "q",
        "CHAR": "B"}
_TAG_TYPE = {"BOOL": DataType.BOOL, "BYTE": DataType.BYTE, "USINT": DataType.USINT, "SINT": DataType.SINT,
             "CHAR": DataType.BYTE, "WORD": DataType.WORD, "UINT": DataType.UINT, "INT": DataType.INT,
             "DWORD": DataType.DWORD, "UDINT": DataType.UDINT, "DINT": DataType.DINT, "REAL": DataType.REAL,
             "TIME": DataType.DINT}
_WIDTH = {1: "B", 2: "W", 4: "D"}
_UNIT_IN_COMMENT = re.compile(r"\[([^\]\s]{1,8})\]")


@dataclass(frozen=True)
class Leaf:
    """One elementary variable of a DB: its path (``Zone2.TempPV``), its Python accessor relative to the
    DB object (``.Zone2.TempPV``), its type, byte/bit offset, unit and whether clients may write it."""

    path: str
    code: str
    type: T.Type
    byte: int
    bit: int | None
    unit: str | None
    loads: bool


class _Layout:
    def __init__(self) -> None:
        self.bits = 0
        self.leaves: list[Leaf] = []

    def align_byte(self) -> None:
        self.bits = (self.bits + 7) // 8 * 8

    def align_word(self) -> None:
        self.bits = (self.bits + 15) // 16 * 16

    def place(self, ty: T.Type, path: str, code: str, unit: str | None, loads: bool, depth: int = 0) -> None:
        if depth > 32:
            raise RecursionError("type nests more than 32 levels (does a block contain itself?)")
        if isinstance(ty, T.Elem):
            if ty.kind == "bool":
                self.leaves.append(Leaf(path, code, ty, self.bits // 8, self.bits % 8, unit, loads))
                self.bits += 1
                return
            if ty.bits == 8:
                self.align_byte()
            else:
                self.align_word()
            self.leaves.append(Leaf(path, code, ty, self.bits // 8, None, unit, loads))
            self.bits += ty.bits
        elif isinstance(ty, T.StringT):
            self.align_word()
            self.leaves.append(Leaf(path, code, ty, self.bits // 8, None, unit, loads))
            self.bits += (2 + ty.length) * 8
        elif isinstance(ty, T.ArrayT):
            self.align_word()
            for flat, label in enumerate(_array_labels(ty)):
                self.place(ty.element, f"{path}[{label}]", f"{code}[{flat}]", unit, loads, depth + 1)
            self.align_word()
        elif isinstance(ty, T.FbT) and ty.builtin:
            self.align_word()
            for member in ty.fields.values():
                if member.section != "HIDDEN":
                    self.place(member.type, f"{path}.{member.name}" if path else member.name, f"{code}.{member.name}",
                               None, False, depth + 1)
            self.align_byte()
            self.bits += ty.hidden_bytes * 8
            self.align_word()
        elif isinstance(ty, T.StructT):
            self.align_word()
            for member in ty.fields.values():
                if member.section == "VAR_IN_OUT" and not isinstance(member.type, T.Elem):
                    # A structured in-out of a standard-access FB is passed by reference: a 6-byte POINTER.
                    self.align_word()
                    self.bits += 6 * 8
                    continue
                self.place(member.type, f"{path}.{member.name}" if path else member.name, f"{code}.{member.py}",
                           _unit_of(member.comment), loads, depth + 1)
            self.align_word()
        else:  # pragma: no cover
            raise TypeError(ty)


def _array_labels(ty: T.ArrayT) -> list[str]:
    labels = [""]
    for lo, hi in ty.dims:
        labels = [f"{prefix},{i}" if prefix else str(i) for prefix in labels for i in range(lo, hi + 1)]
    return labels


def _unit_of(comment: str) -> str | None:
    """A unit written in a declaration comment as ``[°C]`` (the convention the derived tag table reads)."""
    match = _UNIT_IN_COMMENT.search(comment or "")
    if match is None:
        return None
    try:
        lookup_unit(match.group(1))
    except UnitError:
        return None
    return match.group(1)


def layout(ty: T.StructT) -> tuple[list[Leaf], int]:
    """The leaves of a DB of type ``ty`` and the DB's size in bytes."""
    lay = _Layout()
    if isinstance(ty, T.FbT) and ty.builtin:  # a single-instance DB of a standard FB ("IEC_Timer_0_DB")
        lay.place(ty, "", "", None, False)
        return lay.leaves, lay.bits // 8
    for member in ty.fields.values():
        lay.place(member.type, member.name, f".{member.py}", _unit_of(member.comment), True)
    lay.align_word()
    return lay.leaves, lay.bits // 8


def db_tags(db_name: str, db_number: int, leaves: list[Leaf]) -> list[Tag]:
    """Tags for every leaf with an S7 absolute address (LREAL, LINT, LTIME and STRING have none)."""
    tags = []
    for leaf in leaves:
        data_type = _TAG_TYPE.get(leaf.type.name) if isinstance(leaf.type, T.Elem) else None
        if data_type is None:
            continue
        width = "X" if data_type is DataType.BOOL else _WIDTH[data_type.size]
        address = S7Address(Area.DB, db_number, leaf.byte, width, leaf.bit if width == "X" else None)
        tags.append(Tag(f"{db_name}.{leaf.path}", address, data_type, Direction.MEMORY, leaf.unit,
                        f"declared in DATA_BLOCK \"{db_name}\""))
    return tags


_LAST_STEP = re.compile(r"(\.[A-Za-z_]\w*|\[\d+\])$")


class _Locals:
    """Accessors of a DB's leaves through cached parents (``p3 = o.conv[2]``; then ``p3.start``), so a
    DB with many nested members does not walk the same attribute chain for every leaf."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.prelude: list[str] = []

    def parent(self, path: str) -> str:
        if not path:
            return "o"
        name = self.names.get(path)
        if name is None:
            match = _LAST_STEP.search(path)
            assert match is not None, path
            base = self.parent(path[:match.start()])
            name = f"p{len(self.names)}"
            self.names[path] = name
            self.prelude.append(f"    {name} = {base}{match.group()}")
        return name

    def __call__(self, code: str) -> str:
        match = _LAST_STEP.search(code)
        assert match is not None, code
        return f"{self.parent(code[:match.start()])}{match.group()}"


def _pack_plan(leaves: list[Leaf], size: int, acc: _Locals) -> tuple[str, list[str], list[tuple[int, Leaf, int]]]:
    """The struct format of a whole DB, the value expressions to pack, and (value index, leaf, extra)."""
    fmt = [">"]
    values: list[str] = []
    loads: list[tuple[int, Leaf, int]] = []
    pos = 0
    i = 0
    while i < len(leaves):
        leaf = leaves[i]
        if leaf.byte > pos:
            fmt.append(f"{leaf.byte - pos}x")
            pos = leaf.byte
        ty = leaf.type
        if isinstance(ty, T.Elem) and ty.kind == "bool":
            parts = []
            while i < len(leaves) and leaves[i].byte == leaf.byte and leaves[i].bit is not None:
                bit_leaf = leaves[i]
                parts.append(f"({acc(bit_leaf.code)} << {bit_leaf.bit})" if bit_leaf.bit else acc(bit_leaf.code))
                loads.append((len(values), bit_leaf, bit_leaf.bit or 0))
                i += 1
            fmt.append("B")
            values.append(" | ".join(parts))
            pos += 1
            continue
        if isinstance(ty, T.StringT):
            fmt.append(f"BB{ty.length}s")
            loads.append((len(values), leaf, ty.length))
            values += [str(ty.length), f"len({acc(leaf.code)})", f"{acc(leaf.code)}.encode('latin-1', 'replace')"]
            pos += 2 + ty.length
        else:
            assert isinstance(ty, T.Elem)
            fmt.append(_FMT[ty.name])
            loads.append((len(values), leaf, 0))
            code = acc(leaf.code)
            if ty.name == "TIME":
                code = f"_time_ms({code})"
            elif ty.kind == "char":
                code = f"ord({code})"
            values.append(code)
            pos += ty.bits // 8
        i += 1
    if size > pos:
        fmt.append(f"{size - pos}x")
    return "".join(fmt), values, loads


def db_code(py: str, leaves: list[Leaf], size: int) -> list[str]:
    """Generated ``_store_<db>()`` (returns the DB's bytes) and ``_load_<db>(buf)`` for one DB."""
    store_locals = _Locals()
    fmt, values, loads = _pack_plan(leaves, size, store_locals)
    assert struct.calcsize(fmt) == size, (fmt, size)
    lines = [f"_PK_{py} = _struct.Struct({fmt!r})", f"def _store_{py}():", f"    o = {py}"]
    lines += store_locals.prelude + [f"    return _PK_{py}.pack({', '.join(values)})"]
    load_locals = _Locals()
    body: list[str] = []
    for index, leaf, extra in loads:
        if not leaf.loads:
            continue
        ty = leaf.type
        if isinstance(ty, T.StringT):
            value = f"v[{index + 2}][:min(v[{index + 1}], {extra})].decode('latin-1')"
        elif isinstance(ty, T.Elem) and ty.kind == "bool":
            value = f"(v[{index}] >> {extra}) & 1 == 1"
        elif isinstance(ty, T.Elem) and ty.name == "TIME":
            value = f"v[{index}] * 1000000"
        elif isinstance(ty, T.Elem) and ty.kind == "char":
            value = f"chr(v[{index}])"
        else:
            value = f"v[{index}]"
        body.append(f"    {load_locals(leaf.code)} = {value}")
    lines += [f"def _load_{py}(buf):", f"    o = {py}", f"    v = _PK_{py}.unpack_from(buf)"]
    return lines + load_locals.prelude + body


def io_code(symbols: list[tuple[str, T.Elem, S7Address]]) -> list[str]:
    """Generated ``_io_load()`` / ``_io_store(old)`` for the I/Q/M tags (buffers ``_I``, ``_Q``, ``_M``).

    Inputs of the scan are read from the process image at its start; a tag the scan changed is
    written back at its end (only changed ones, so overlapping tags like %IW0 and %I0.0 stay coherent)."""
    area_buffer = {Area.I: "_I", Area.Q: "_Q", Area.M: "_M"}
    load = ["def _io_load():"]
    store = ["def _io_store(old):"]
    for index, (py, ty, address) in enumerate(symbols):
        buf = area_buffer[address.area]
        if ty.kind == "bool":
            bit = address.bit or 0
            load.append(f"    IO.{py} = ({buf}[{address.byte}] >> {bit}) & 1 == 1")
            store += [f"    v = IO.{py}", f"    if v != old[{index}]:",
                      f"        {buf}[{address.byte}] = ({buf}[{address.byte}] | {1 << bit}) if v "
                      f"else ({buf}[{address.byte}] & {0xFF ^ (1 << bit)})"]
        else:
            fmt = ">" + _FMT[ty.name]
            load.append(f"    IO.{py} = _struct.unpack_from({fmt!r}, {buf}, {address.byte})[0]")
            store += [f"    v = IO.{py}", f"    if v != old[{index}]:",
                      f"        _struct.pack_into({fmt!r}, {buf}, {address.byte}, v)"]
    load.append(f"    return ({''.join(f'IO.{py}, ' for py, _, _ in symbols)})")
    store.append("    return None")
    return load + store
