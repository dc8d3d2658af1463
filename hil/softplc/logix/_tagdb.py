"""The Logix soft PLC's tag database: symbols, their storage, and path resolution. No I/O.

Each tag owns one ``bytearray`` laid out as the controller stores it (see :mod:`hil.tags._logix`). A path --
from a CIP request (symbolic/instance segments, member names, index segments) or from text
(``"Program:Main.Motor[2].Speed"``) -- resolves to a :class:`Location`: the buffer, the byte offset, the element
type and how many elements remain from there. Services read and write locations; nothing else touches buffers.

BOOL[N] tags are stored and served as ⌈N/32⌉ DWORDs (symbol type ``0x20D3``), as ControlLogix does; CIP indexes
them by DWORD, while the text API indexes them by bit (``"Flags[40]"``).
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from math import prod
from typing import Any

from hil.errors import ConfigError, InputError, SourceLocation, UnknownNameError, close_matches
from hil.tags import (
    ATOMIC_TYPES,
    AtomicType,
    LogixProject,
    LogixType,
    StructType,
    decode_logix,
    encode_logix,
    make_string_type,
)

__all__ = ["ACCESS_CODES", "Location", "PathError", "Symbol", "TagDatabase", "parse_text_path"]

ACCESS_CODES = {"Read/Write": 0, "Read Only": 2, "None": 3}  # CIP symbol attribute 10
_BOOL = ATOMIC_TYPES["BOOL"]
_DWORD = ATOMIC_TYPES["DWORD"]

Step = str | tuple[int, ...]  # a member/tag name, or the indexes of one array access


class PathError(UnknownNameError):
    """A tag path does not resolve. ``status``/``ext`` are the CIP general and extended status to answer."""

    def __init__(self, message: str, *, status: int = 0x05, ext: int | None = None, suggestions: Sequence[str] = ()) -> None:
        self.status, self.ext = status, ext
        super().__init__(message, suggestions=suggestions)


@dataclass
class Symbol:
    """A tag. ``dims`` are the served dimensions (DWORDs for BOOL arrays, whose bit count is ``bool_bits``)."""

    instance_id: int
    name: str
    program: str | None
    element_type: LogixType
    dims: tuple[int, ...]
    bool_bits: int | None
    buffer: bytearray
    initial: bytes
    access: int
    where: SourceLocation | None = None

    @property
    def path(self) -> str:
        return f"Program:{self.program}.{self.name}" if self.program else self.name

    @property
    def elements(self) -> int:
        return prod(self.dims) if self.dims else 1


@dataclass(frozen=True)
class Location:
    """Where a resolved path points. ``available`` counts elements from ``offset`` to the end of the array
    (1 for a scalar); ``array_len`` is non-zero when the path names a whole array; ``bit`` is set for a BOOL
    member (bit of the host byte at ``offset``)."""

    symbol: Symbol
    type: LogixType
    offset: int
    available: int
    array_len: int = 0
    bit: int | None = None

    @property
    def buffer(self) -> bytearray:
        return self.symbol.buffer


_TEXT_STEP = re.compile(r"\s*(?:(Program:[A-Za-z_]\w*)|([A-Za-z_]\w*|\d+)(\[[^\]]*\])?)\s*(?:\.|$)")


def parse_text_path(path: str) -> list[Step]:
    """``"Program:P.a.b[1,2].c"`` → ``["Program:P", "a", "b", (1, 2), "c"]``."""
    steps: list[Step] = []
    position = 0
    while position < len(path):
        match = _TEXT_STEP.match(path, position)
        if match is None or match.end() == position:
            raise PathError(f"malformed tag path '{path}' at character {position + 1}", status=0x04)
        program, name, index = match.groups()
        steps.append(program or name)
        if index:
            try:
                steps.append(tuple(int(i) for i in index[1:-1].split(",")))
            except ValueError:
                raise PathError(f"malformed index {index} in tag path '{path}'", status=0x04) from None
        position = match.end()
    if not steps:
        raise PathError("empty tag path", status=0x04)
    return steps


class TagDatabase:
    """Controller- and program-scoped tags of one Logix soft PLC, with their types.

    Args:
        name: the controller's name (served by the program-name object, class 0x64).

    All access from several threads goes through :attr:`lock` (re-entrant), which the server holds for each
    request and the scan runtime holds for each scan.
    """

    def __init__(self, name: str = "SoftLogix") -> None:
        self.name = name
        self.lock = threading.RLock()
        self.types: dict[str, LogixType] = dict(ATOMIC_TYPES)
        self.types["STRING"] = make_string_type()
        self.programs: dict[str, list[str]] = {}  # program name -> routine names
        self._scopes: dict[str | None, dict[str, Symbol]] = {None: {}}
        self._by_id: dict[int, Symbol] = {}
        self._next_id = 1

    # -- building ---------------------------------------------------------------------------------------
    @classmethod
    def from_project(cls, project: LogixProject) -> TagDatabase:
        """Fill a database from an L5X project: its types, controller tags and program tags with initial values."""
        db = cls(project.name)
        for struct_type in project.data_types.values():
            db.add_type(struct_type)
        for program in project.programs:
            db.add_program(program.name, [r.name for r in program.routines])
        scoped = [(None, t) for t in project.tags] + [(p.name, t) for p in project.programs for t in p.tags]
        for program_name, tag in scoped:
            if tag.alias_for is not None:
                continue  # alias tags are not served (documented limitation)
            access = "Read Only" if tag.constant and tag.external_access == "Read/Write" else tag.external_access
            db.add_tag(tag.name, tag.data_type, tag.dims, program=program_name, value=tag.value, access=access,
                       where=tag.where)
        return db

    def add_type(self, struct_type: StructType) -> None:
        self.types[struct_type.name.upper()] = struct_type

    def add_program(self, name: str, routines: Sequence[str] = ()) -> None:
        self.programs[name] = list(routines)
        self._scopes.setdefault(name, {})

    def add_tag(self, name: str, type_name: str | LogixType, dims: Sequence[int] = (), *, program: str | None = None,
                value: Any = None, access: str = "Read/Write", where: SourceLocation | None = None) -> Symbol:
        """Declare a tag (``dims``: 0–3 dimensions) with an optional initial value."""
        data_type = type_name if not isinstance(type_name, str) else self.types.get(type_name.upper())
        if data_type is None:
            raise ConfigError(f"tag '{name}': unknown data type '{type_name}'", where=where,
                              suggestions=close_matches(str(type_name), self.types))
        if program is not None and program not in self._scopes:
            self.add_program(program)
        scope = self._scopes[program]
        if name.casefold() in scope:
            raise ConfigError(f"tag '{name}' is declared twice in {program or 'the controller'} scope", where=where)
        if len(dims) > 3 or any(d <= 0 for d in dims):
            raise ConfigError(f"tag '{name}': arrays have 1 to 3 positive dimensions, not {list(dims)}", where=where)
        bool_bits = None
        served_type, served_dims = data_type, tuple(dims)
        if data_type is _BOOL and dims:
            if len(dims) != 1:
                raise ConfigError(f"tag '{name}': BOOL arrays have one dimension", where=where)
            bool_bits, served_type, served_dims = dims[0], _DWORD, ((dims[0] + 31) // 32,)
        size = served_type.size * (prod(served_dims) if served_dims else 1)
        symbol = Symbol(self._next_id, name, program, served_type, served_dims, bool_bits, bytearray(size), b"",
                        ACCESS_CODES[access], where)
        if value is not None:
            try:
                self._store(self._whole(symbol), value, symbol.path)
            except InputError as exc:
                raise ConfigError(f"initial value: {exc}", where=where) from None
        symbol.initial = bytes(symbol.buffer)
        scope[name.casefold()] = symbol
        self._by_id[symbol.instance_id] = symbol
        self._next_id += 1
        return symbol

    # -- looking up -------------------------------------------------------------------------------------
    def symbols(self, program: str | None = None) -> list[Symbol]:
        """The tags of one scope in instance-id order."""
        return sorted(self._scopes.get(program, {}).values(), key=lambda s: s.instance_id)

    def __iter__(self) -> Iterator[Symbol]:
        return iter(sorted(self._by_id.values(), key=lambda s: s.instance_id))

    def symbol(self, name: str, program: str | None = None) -> Symbol:
        scope = self._scopes.get(program)
        if scope is None:
            raise PathError(f"unknown program '{program}'", suggestions=close_matches(str(program), [p for p in self.programs]))
        found = scope.get(name.casefold())
        if found is None:
            where = f"program '{program}'" if program else "the controller"
            raise PathError(f"unknown tag '{name}' in {where}", suggestions=close_matches(name, [s.name for s in scope.values()]))
        return found

    def by_instance(self, instance_id: int, program: str | None = None) -> Symbol:
        found = self._by_id.get(instance_id)
        if found is None or found.program != program:
            raise PathError(f"no tag has symbol instance {instance_id}")
        return found

    def resolve(self, start: Symbol, steps: Sequence[Step]) -> Location:
        """Follow member names and index tuples from a tag (indexes of BOOL arrays are DWORD indexes)."""
        data_type: LogixType = start.element_type
        pending: tuple[int, ...] = start.dims
        offset, available, bit = 0, 1, None
        shown = start.path
        for step in steps:
            if isinstance(step, tuple):
                if not pending:
                    raise PathError(f"'{shown}' is not an array; cannot index it with {list(step)}")
                if len(step) != len(pending):
                    raise PathError(f"'{shown}' has {len(pending)} dimension(s), not {len(step)}")
                flat = 0
                for index, dim in zip(step, pending):
                    if not 0 <= index < dim:
                        raise PathError(f"index {list(step)} is outside '{shown}' (dimensions {list(pending)})")
                    flat = flat * dim + index
                offset += flat * data_type.size
                available = prod(pending) - flat
                pending = ()
                shown += str(list(step)).replace(" ", "")
                continue
            if pending:
                raise PathError(f"'{shown}' is an array; index it before naming member '{step}'")
            if not isinstance(data_type, StructType):
                raise PathError(f"'{shown}' is a {data_type} and has no member '{step}'")
            members = data_type.members
            member = next((m for m in members if m.name.casefold() == step.casefold()), None)
            if member is None:
                raise PathError(f"'{shown}' ({data_type.name}) has no member '{step}'",
                                suggestions=close_matches(step, [m.name for m in members if not m.hidden]))
            offset += member.offset
            data_type, bit, available = member.type, member.bit, 1
            pending = (member.count,) if member.count else ()
            shown += f".{member.name}"
        array_len = prod(pending) if pending else 0
        return Location(start, data_type, offset, array_len or available, array_len, bit)

    def locate(self, path: str) -> Location:
        """Resolve a text path; BOOL arrays index by bit here (``Flags[40]``) and ``dint.5`` names a bit."""
        steps = parse_text_path(path)
        program = None
        if isinstance(steps[0], str) and steps[0].startswith("Program:"):
            program = str(steps.pop(0))[len("Program:"):]
            if not steps or not isinstance(steps[0], str):
                raise PathError(f"'{path}' names a program but no tag")
        symbol = self.symbol(str(steps[0]), program)
        rest = steps[1:]
        if symbol.bool_bits is not None and rest and isinstance(rest[0], tuple):
            (index,) = rest[0] if len(rest[0]) == 1 else (None,)
            if index is None or not 0 <= index < symbol.bool_bits or len(rest) > 1:
                raise PathError(f"'{path}': {symbol.path} is BOOL[{symbol.bool_bits}]; index 0..{symbol.bool_bits - 1}")
            return Location(symbol, _BOOL, index // 8, 1, 0, index % 8)
        bit_step = rest[-1] if rest and isinstance(rest[-1], str) and rest[-1].isdigit() else None
        location = self.resolve(symbol, rest[:-1] if bit_step is not None else rest)
        if bit_step is not None:
            bit = int(bit_step)
            if not isinstance(location.type, AtomicType) or location.array_len or bit >= 8 * location.type.size \
                    or location.type.is_float or location.bit is not None:
                raise PathError(f"'{path}': bit {bit} does not exist in a {location.type}")
            return Location(symbol, _BOOL, location.offset + bit // 8, 1, 0, bit % 8)
        return location

    def _whole(self, symbol: Symbol) -> Location:
        return self.resolve(symbol, ())

    # -- values (the host API) ----------------------------------------------------------------------------
    def get(self, path: str) -> Any:
        """The value at a text path: a number, bool, str, list (arrays, flattened row-major) or dict (structs)."""
        with self.lock:
            location = self.locate(path)
            return self._load(location)

    def set(self, path: str, value: Any) -> None:
        """Store a value at a text path (partial dicts change only the members given)."""
        with self.lock:
            self._store(self.locate(path), value, path)

    def _load(self, location: Location) -> Any:
        buffer = location.buffer
        if location.bit is not None:
            return bool(buffer[location.offset] >> location.bit & 1)
        symbol = location.symbol
        if symbol.bool_bits is not None and location.array_len:
            return [bool(buffer[i // 8] >> (i % 8) & 1) for i in range(symbol.bool_bits)]
        return decode_logix(location.type, buffer, location.offset, location.array_len)

    def _store(self, location: Location, value: Any, path: str) -> None:
        buffer = location.buffer
        if location.bit is not None:
            scratch = bytearray(1)
            encode_logix(_BOOL, value, scratch, name=path)
            mask = 1 << location.bit
            buffer[location.offset] = (buffer[location.offset] | mask) if scratch[0] else (buffer[location.offset] & ~mask & 0xFF)
            return
        symbol = location.symbol
        if symbol.bool_bits is not None and location.array_len:
            bits = list(value) if not isinstance(value, (str, bytes)) else None
            if bits is None or len(bits) > symbol.bool_bits:
                raise InputError(f"'{path}' is BOOL[{symbol.bool_bits}]; give up to {symbol.bool_bits} true/false values")
            for i, bit_value in enumerate(bits):
                self._store(Location(symbol, _BOOL, i // 8, 1, 0, i % 8), bit_value, f"{path}[{i}]")
            return
        encode_logix(location.type, value, buffer, location.offset, location.array_len, name=path)

    # -- lifecycle ------------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Restore every tag's initial value (what a download of the project leaves in the controller)."""
        with self.lock:
            for symbol in self._by_id.values():
                symbol.buffer[:] = symbol.initial

    def snapshot(self) -> dict[str, bytes]:
        """Every tag's raw bytes by path, to check that nothing changed."""
        with self.lock:
            return {symbol.path: bytes(symbol.buffer) for symbol in self._by_id.values()}
