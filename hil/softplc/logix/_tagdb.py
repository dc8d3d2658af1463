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
from collections.abc import Iterator, Mapping, Sequence
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

__all__ = ["ACCESS_CODES", "Location", "LogixIO", "PathError", "Symbol", "TagDatabase", "parse_text_path"]

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
    """A tag. ``dims`` are the served dimensions (DWORDs for BOOL arrays, whose bit count is ``bool_bits``).

    An alias tag shares its target's buffer: it starts at byte ``base`` (bit ``base_bit`` for a BOOL alias of
    a bit) and ``alias_for`` names the target.
    """

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
    base: int = 0
    base_bit: int | None = None
    alias_for: str | None = None

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
    member (bit of the host byte at ``offset``); ``bool_bits`` is N when the path names a whole BOOL[N]
    (served as DWORDs)."""

    symbol: Symbol
    type: LogixType
    offset: int
    available: int
    array_len: int = 0
    bit: int | None = None
    bool_bits: int | None = None

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
        self.unserved: list[tuple[str, str]] = []  # (tag path, why it is not served)

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
            if tag.alias_for is None:
                access = "Read Only" if tag.constant and tag.external_access == "Read/Write" else tag.external_access
                db.add_tag(tag.name, tag.data_type, tag.dims, program=program_name, value=tag.value, access=access,
                           where=tag.where)
        for program_name, tag in scoped:  # aliases once every base tag exists
            if tag.alias_for is not None:
                db.add_alias(tag.name, tag.alias_for, program=program_name, access=tag.external_access, where=tag.where)
        return db

    def add_type(self, struct_type: StructType) -> None:
        """Make a structure type known (its nested structure types first: templates are numbered in this order)."""
        for member in struct_type.members:
            if isinstance(member.type, StructType) and self.types.get(member.type.name.upper()) is not member.type:
                self.add_type(member.type)
        known = self.types.get(struct_type.name.upper())
        if known is not None and known is not struct_type:
            raise ConfigError(f"two different data types are named '{struct_type.name}'")
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
        if isinstance(data_type, StructType):
            self.add_type(data_type)
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

    def add_alias(self, name: str, target: str, *, program: str | None = None, access: str = "Read/Write",
                  where: SourceLocation | None = None) -> Symbol | None:
        """Declare an alias tag sharing ``target``'s storage (a tag, member, element or bit; in a program, names
        resolve in the program first). Aliases of I/O module tags (``Local:1:I.Data``) cannot be served: they are
        recorded in :attr:`unserved` and ``None`` is returned."""
        scope = self._scopes.setdefault(program, {})
        if name.casefold() in scope:
            raise ConfigError(f"tag '{name}' is declared twice in {program or 'the controller'} scope", where=where)
        head = target.split(".", 1)[0].split("[", 1)[0]
        if ":" in head and not target.startswith("Program:"):
            self.unserved.append((f"Program:{program}.{name}" if program else name, f"alias of I/O tag '{target}'"))
            return None
        in_program = program is not None and head.casefold() in self._scopes.get(program, {})
        try:
            location = self.locate(f"Program:{program}.{target}" if in_program else target)
        except PathError as exc:
            raise ConfigError(f"alias '{name}' for '{target}': {exc.message}", where=where,
                              suggestions=exc.suggestions) from None
        dims: tuple[int, ...] = (location.array_len,) if location.array_len else ()
        if location.array_len and location.offset == location.symbol.base and location.type is location.symbol.element_type:
            dims = location.symbol.dims  # an alias of a whole (multi-dimensional) array keeps its shape
        symbol = Symbol(self._next_id, name, program, location.type, dims, location.bool_bits, location.buffer, b"",
                        ACCESS_CODES[access], where, location.offset, location.bit, target)
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

    def resolve(self, start: Symbol, steps: Sequence[Step], *, bit_indexes: bool = False) -> Location:
        """Follow member names and index tuples from a tag.

        BOOL[N] arrays (tags and UDT members) are served as DWORDs, so CIP indexes them by DWORD; with
        ``bit_indexes`` (the text API) their index is the BOOL's number instead.
        """
        data_type: LogixType = start.element_type
        pending: tuple[int, ...] = start.dims
        bool_bits = start.bool_bits
        offset, available, bit = start.base, 1, start.base_bit
        shown = start.path
        for step in steps:
            if isinstance(step, tuple):
                if not pending:
                    raise PathError(f"'{shown}' is not an array; cannot index it with {list(step)}")
                if bit_indexes and bool_bits is not None:
                    if len(step) != 1 or not 0 <= step[0] < bool_bits:
                        raise PathError(f"index {list(step)} is outside '{shown}' (BOOL[{bool_bits}])")
                    offset += step[0] // 8
                    data_type, bit, available, pending, bool_bits = _BOOL, step[0] % 8, 1, (), None
                    shown += f"[{step[0]}]"
                    continue
                if len(step) != len(pending):
                    raise PathError(f"'{shown}' has {len(pending)} dimension(s), not {len(step)}")
                flat = 0
                for index, dim in zip(step, pending):
                    if not 0 <= index < dim:
                        raise PathError(f"index {list(step)} is outside '{shown}' (dimensions {list(pending)})")
                    flat = flat * dim + index
                offset += flat * data_type.size
                available = prod(pending) - flat
                pending, bool_bits = (), None
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
            data_type, bit, available, bool_bits = member.type, member.bit, 1, member.bool_bits
            pending = (member.count,) if member.count else ()
            shown += f".{member.name}"
        array_len = prod(pending) if pending else 0
        return Location(start, data_type, offset, array_len or available, array_len, bit,
                        bool_bits if array_len else None)

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
        bit_step = rest[-1] if rest and isinstance(rest[-1], str) and rest[-1].isdigit() else None
        location = self.resolve(symbol, rest[:-1] if bit_step is not None else rest, bit_indexes=True)
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
        if location.bool_bits is not None:
            start = location.offset
            return [bool(buffer[start + i // 8] >> (i % 8) & 1) for i in range(location.bool_bits)]
        return decode_logix(location.type, buffer, location.offset, location.array_len)

    def _store(self, location: Location, value: Any, path: str) -> None:
        buffer = location.buffer
        if location.bit is not None:
            scratch = bytearray(1)
            encode_logix(_BOOL, value, scratch, name=path)
            mask = 1 << location.bit
            buffer[location.offset] = (buffer[location.offset] | mask) if scratch[0] else (buffer[location.offset] & ~mask & 0xFF)
            return
        if location.bool_bits is not None:
            count = location.bool_bits
            bits = list(value) if isinstance(value, (list, tuple)) else None
            if bits is None or len(bits) > count:
                raise InputError(f"'{path}' is BOOL[{count}]; give up to {count} true/false values")
            for i, bit_value in enumerate(bits):
                self._store(Location(location.symbol, _BOOL, location.offset + i // 8, 1, 0, i % 8), bit_value,
                            f"{path}[{i}]")
            return
        encode_logix(location.type, value, buffer, location.offset, location.array_len, name=path)

    # -- lifecycle ------------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Restore every tag's initial value (what a download of the project leaves in the controller)."""
        with self.lock:
            for symbol in self._by_id.values():
                if symbol.alias_for is None:  # an alias shares its target's buffer
                    symbol.buffer[:] = symbol.initial

    # -- the runtime's Memory protocol (hil.softplc._memory) -----------------------------------------------
    def clear(self) -> None:
        """A cold start: every tag to its initial value."""
        self.reset()

    def snapshot(self) -> dict[str, bytes]:
        """Every tag's raw bytes by path (aliases share their target's bytes)."""
        with self.lock:
            return {symbol.path: bytes(symbol.buffer) for symbol in self._by_id.values() if symbol.alias_for is None}

    def restore(self, snapshot: Mapping[str, bytes]) -> None:
        """Put a :meth:`snapshot` back, in place (the server keeps serving the same buffers)."""
        with self.lock:
            for symbol in self._by_id.values():
                if symbol.alias_for is None:
                    symbol.buffer[:] = snapshot[symbol.path]

    def program_io(self) -> LogixIO:
        return LogixIO(self)

    def attach(self, program: Any) -> None:
        program.check(self)

    def stop_outputs(self) -> None:
        """PROG mode: the tags keep their values (output modules apply their own program-mode state)."""


class LogixIO:
    """Tag access by path for a program: ``io["Motor.Speed"]``, ``io["Program:Main.Count"] = 3``.

    ``io.program("Main")`` resolves names as a routine of program Main does: its own tags first, then the
    controller's (``scope["Count"]`` is ``Program:Main.Count``, ``scope["Motor1"]`` the controller tag).
    """

    __slots__ = ("_prefix", "db")

    def __init__(self, db: TagDatabase, program: str | None = None) -> None:
        self.db = db
        self._prefix = f"Program:{program}." if program is not None else ""

    def program(self, name: str) -> LogixIO:
        if name not in self.db.programs:
            raise PathError(f"unknown program '{name}'", suggestions=close_matches(name, list(self.db.programs)))
        return LogixIO(self.db, name)

    def _path(self, path: str) -> str:
        if self._prefix and not path.startswith("Program:"):
            program = self._prefix[len("Program:"):-1]
            head = path.split(".", 1)[0].split("[", 1)[0]
            if head.casefold() in (s.name.casefold() for s in self.db.symbols(program)):
                return self._prefix + path
        return path

    def __getitem__(self, path: str) -> Any:
        return self.db.get(self._path(path))

    def __setitem__(self, path: str, value: Any) -> None:
        self.db.set(self._path(path), value)
