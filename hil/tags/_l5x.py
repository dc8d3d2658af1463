"""Studio 5000 L5X projects: controller, data types, tags with initial values, programs, routines, tasks.

Only what a soft PLC needs is read: ``<DataTypes>`` (UDTs and string types, laid out as Logix does),
controller- and program-scoped ``<Tags>`` with their ``Decorated`` initial values, ``<Programs>`` with their
routines (ST text is kept with its line numbers for the Structured Text engine) and ``<Tasks>``. Every error
names the file and line of the element that is wrong.
"""
from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hil._textfiles import read_text
from hil.errors import ConfigError, SourceLocation, close_matches
from hil.tags._logix import ATOMIC_TYPES, LogixType, MemberDecl, StructType, make_string_type, make_struct
from hil.tags._logix_predefined import PREDEFINED

__all__ = ["L5xProgram", "L5xRoutine", "L5xTag", "L5xTask", "LogixProject", "load_l5x"]

_ACCESS = {"read/write": "Read/Write", "read only": "Read Only", "none": "None"}


@dataclass
class L5xTag:
    """A tag as declared: ``dims`` in declaration order (``()`` for a scalar); ``value`` as the codecs take it."""

    name: str
    data_type: str
    dims: tuple[int, ...]
    value: Any
    external_access: str = "Read/Write"
    constant: bool = False
    alias_for: str | None = None
    description: str = ""
    where: SourceLocation | None = None


@dataclass
class L5xRoutine:
    """A routine; for ST routines ``lines`` holds (L5X line number, text) pairs."""

    name: str
    kind: str
    lines: list[tuple[int, str]]
    where: SourceLocation | None = None

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)


@dataclass
class L5xProgram:
    name: str
    tags: list[L5xTag] = field(default_factory=list)
    routines: list[L5xRoutine] = field(default_factory=list)
    main_routine: str | None = None
    where: SourceLocation | None = None


@dataclass
class L5xTask:
    """A task; ``rate_ms`` is the period of a periodic task (``None`` for continuous or event tasks)."""

    name: str
    kind: str
    rate_ms: float | None
    programs: list[str]
    where: SourceLocation | None = None


@dataclass
class LogixProject:
    """What an L5X file declares, ready to fill a Logix soft PLC's tag database."""

    name: str
    processor: str
    major_rev: int
    minor_rev: int
    data_types: dict[str, StructType]
    tags: list[L5xTag]
    programs: list[L5xProgram]
    tasks: list[L5xTask]
    source: str
    member_descriptions: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> member -> text

    def types(self) -> dict[str, LogixType]:
        """Atomic types, STRING and the project's data types by upper-case name."""
        known: dict[str, LogixType] = dict(ATOMIC_TYPES)
        known["STRING"] = make_string_type()
        known.update(PREDEFINED)  # TIMER, FBD_TIMER ...: tags use them without the L5X declaring them
        known.update({name.upper(): t for name, t in self.data_types.items()})
        return known


class _Node:
    """An XML element with the line it starts on (ElementTree does not keep lines)."""

    __slots__ = ("attrib", "children", "line", "tag", "text")

    def __init__(self, tag: str, attrib: dict[str, str], line: int) -> None:
        self.tag, self.attrib, self.line = tag, attrib, line
        self.children: list[_Node] = []
        self.text = ""

    def find(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list[_Node]:
        return [c for c in self.children if c.tag == tag]


_At = Callable[[_Node], SourceLocation]  # turns an element into its file:line


def _parse_xml(text: str, source: str) -> _Node:
    parser = xml.parsers.expat.ParserCreate()
    stack: list[_Node] = []
    root: list[_Node] = []

    def start(tag: str, attrib: dict[str, str]) -> None:
        node = _Node(tag, attrib, parser.CurrentLineNumber)
        (stack[-1].children if stack else root).append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].text += data

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, chars
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ConfigError(f"L5X is not well-formed XML: {xml.parsers.expat.errors.messages[exc.code]}",
                          where=SourceLocation(source, exc.lineno, exc.offset + 1)) from None
    return root[0]


def load_l5x(path: str | Path) -> LogixProject:
    """Load an L5X export (a whole controller) into a :class:`LogixProject`."""
    file = Path(path)
    source = str(file)
    root = _parse_xml(read_text(file, "L5X file"), source)

    def at(node: _Node) -> SourceLocation:
        return SourceLocation(source, node.line)

    if root.tag != "RSLogix5000Content":
        raise ConfigError(f"not an L5X export: the root element is <{root.tag}>, not <RSLogix5000Content>", where=at(root))
    controller = root.find("Controller")
    if controller is None:
        raise ConfigError("the L5X has no <Controller> (export the whole controller, not a component)", where=at(root))
    project = LogixProject(
        name=controller.attrib.get("Name", file.stem),
        processor=controller.attrib.get("ProcessorType", "1756-L83E"),
        major_rev=_int_attr(controller, "MajorRev", 33, at),
        minor_rev=_int_attr(controller, "MinorRev", 11, at),
        data_types={}, tags=[], programs=[], tasks=[], source=source,
    )
    types = _load_data_types(controller.find("DataTypes"), at)
    project.data_types = types
    project.member_descriptions = _member_descriptions(controller.find("DataTypes"))
    known = project.types()
    project.tags = _load_tags(controller.find("Tags"), known, at)
    for node in _children(controller, "Programs", "Program"):
        program = L5xProgram(node.attrib.get("Name", ""), where=at(node), main_routine=node.attrib.get("MainRoutineName"))
        program.tags = _load_tags(node.find("Tags"), known, at)
        for routine in _children(node, "Routines", "Routine"):
            program.routines.append(_load_routine(routine, at))
        project.programs.append(program)
    for node in _children(controller, "Tasks", "Task"):
        rate = node.attrib.get("Rate")
        scheduled = [p.attrib.get("Name", "") for p in _children(node, "ScheduledPrograms", "ScheduledProgram")]
        project.tasks.append(L5xTask(node.attrib.get("Name", ""), node.attrib.get("Type", "CONTINUOUS"),
                                     float(rate) if rate and node.attrib.get("Type") == "PERIODIC" else None,
                                     scheduled, at(node)))
    return project


def _children(node: _Node, container: str, tag: str) -> list[_Node]:
    holder = node.find(container)
    return holder.findall(tag) if holder is not None else []


def _int_attr(node: _Node, name: str, default: int, at: _At) -> int:
    text = node.attrib.get(name)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise ConfigError(f"<{node.tag}> {name}='{text}' is not a whole number", where=at(node)) from None


def _load_data_types(holder: _Node | None, at: _At) -> dict[str, StructType]:
    nodes = holder.findall("DataType") if holder is not None else []
    pending = {n.attrib.get("Name", ""): n for n in nodes}
    known: dict[str, LogixType] = dict(ATOMIC_TYPES)
    known["STRING"] = make_string_type()
    done: dict[str, StructType] = {}

    def build(name: str, chain: tuple[str, ...]) -> None:
        node = pending[name]
        decls = []
        for member in _children(node, "Members", "Member"):
            type_name = member.attrib.get("DataType", "")
            if type_name in pending and type_name not in done:
                if type_name in chain:
                    raise ConfigError(f"data type '{name}' contains itself through '{type_name}'", where=at(member))
                build(type_name, (*chain, name))
            bit = member.attrib.get("BitNumber")
            decls.append(MemberDecl(member.attrib.get("Name", ""), type_name,
                                    _int_attr(member, "Dimension", 0, at), member.attrib.get("Hidden") == "true",
                                    member.attrib.get("Target"), int(bit) if bit and bit.isdigit() else None, at(member)))
        struct_type = make_struct(name, decls, known, at(node))
        done[name] = struct_type
        known[name.upper()] = struct_type

    for name in pending:
        if name not in done:
            build(name, ())
    return done


def _member_descriptions(holder: _Node | None) -> dict[str, dict[str, str]]:
    """Each UDT member's description (engineers put units there: ``[°C] zone temperature``)."""
    found: dict[str, dict[str, str]] = {}
    for node in holder.findall("DataType") if holder is not None else []:
        for member in _children(node, "Members", "Member"):
            description = member.find("Description")
            if description is not None and description.text.strip():
                found.setdefault(node.attrib.get("Name", "").upper(), {})[member.attrib.get("Name", "")] = \
                    description.text.strip()
    return found


def _load_tags(holder: _Node | None, known: dict[str, LogixType], at: _At) -> list[L5xTag]:
    tags = []
    for node in holder.findall("Tag") if holder is not None else []:
        name = node.attrib.get("Name", "")
        where = at(node)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ConfigError(f"tag name '{name}' is not a Logix identifier", where=where)
        access_text = node.attrib.get("ExternalAccess", "Read/Write")
        access = _ACCESS.get(access_text.casefold())
        if access is None:
            raise ConfigError(f"tag '{name}': ExternalAccess '{access_text}' is not Read/Write, Read Only or None",
                              where=where, suggestions=close_matches(access_text, _ACCESS.values()))
        description = node.find("Description")
        if node.attrib.get("TagType") == "Alias":
            tags.append(L5xTag(name, "", (), None, access, False, node.attrib.get("AliasFor", ""),
                               description.text.strip() if description is not None else "", where))
            continue
        type_name = node.attrib.get("DataType", "")
        data_type = known.get(type_name.upper())
        if data_type is None:
            raise ConfigError(f"tag '{name}' has unknown data type '{type_name}'", where=where,
                              suggestions=close_matches(type_name, known))
        dims_text = node.attrib.get("Dimensions", "").strip()
        try:
            dims = tuple(int(d) for d in dims_text.replace(",", " ").split()) if dims_text else ()
        except ValueError:
            raise ConfigError(f"tag '{name}': Dimensions '{dims_text}' are not whole numbers", where=where) from None
        if len(dims) > 3 or any(d <= 0 for d in dims):
            raise ConfigError(f"tag '{name}': arrays have 1 to 3 positive dimensions, not '{dims_text}'", where=where)
        value = None
        for data in node.findall("Data"):
            if data.attrib.get("Format") == "Decorated" and data.children:
                value = _decorated(data.children[0], known, at)
        tags.append(L5xTag(name, type_name, dims, value, access, node.attrib.get("Constant") == "true", None,
                           description.text.strip() if description is not None else "", where))
    return tags


def _load_routine(node: _Node, at: _At) -> L5xRoutine:
    kind = node.attrib.get("Type", "RLL")
    lines: list[tuple[int, str]] = []
    content = node.find("STContent")
    if content is not None:
        for line in content.findall("Line"):
            lines.append((line.line, line.text))
    return L5xRoutine(node.attrib.get("Name", ""), kind, lines, at(node))


def _decorated(node: _Node, known: dict[str, LogixType], at: _At) -> Any:
    """Turn a Decorated ``<DataValue>``/``<Array>``/``<Structure>`` element into a Python value."""
    if node.tag in ("DataValue", "DataValueMember"):
        if node.attrib.get("Radix") == "ASCII" and "Value" not in node.attrib:  # STRING DATA as CDATA
            return _ascii_literal(node.text.strip(), node, at)
        return _literal(node.attrib.get("Value", "0"), node.attrib.get("DataType", ""), node, at)
    if node.tag in ("Array", "ArrayMember"):
        try:
            dims = [int(d) for d in node.attrib.get("Dimensions", "0").replace(",", " ").split()]
        except ValueError:
            raise ConfigError(f"Dimensions '{node.attrib.get('Dimensions')}' are not whole numbers", where=at(node)) from None
        size = 1
        for d in dims:
            size *= d
        values: list[Any] = [None] * size
        for element in node.findall("Element"):
            index_text = element.attrib.get("Index", "[0]")
            try:
                index = [int(i) for i in index_text.strip("[]").split(",")]
            except ValueError:
                raise ConfigError(f"element index '{index_text}' is not [i] or [i,j,…]", where=at(element)) from None
            if len(index) != len(dims):
                raise ConfigError(f"element index {index_text} does not fit dimensions {dims}", where=at(element))
            flat = 0
            for i, d in zip(index, dims):
                flat = flat * d + i
            if not 0 <= flat < size:
                raise ConfigError(f"element index {element.attrib.get('Index')} is outside {dims}", where=at(element))
            if element.children:
                values[flat] = _decorated(element.children[0], known, at)
            else:
                values[flat] = _literal(element.attrib.get("Value", "0"), node.attrib.get("DataType", ""), element, at)
        if any(v is None for v in values):  # an incomplete array: keep what was given, in order
            return [v for v in values if v is not None]
        return values
    if node.tag in ("Structure", "StructureMember"):
        type_name = node.attrib.get("DataType", "")
        declared = known.get(type_name.upper())
        if isinstance(declared, StructType) and declared.is_string:
            data = next((c for c in node.children if c.attrib.get("Name") == "DATA"), None)
            return _ascii_literal(data.text.strip(), data, at) if data is not None else ""
        return {child.attrib.get("Name", ""): _decorated(child, known, at) for child in node.children}
    raise ConfigError(f"unexpected <{node.tag}> in tag data", where=at(node))


def _literal(text: str, type_name: str, node: _Node, at: _At) -> Any:
    """A Decorated value: 42, -1.5, 1.0e+000, 16#00ff, 2#1010_0101, 8#17, 'A', 1.#QNAN, BOOL 0/1."""
    cleaned = text.strip().replace("_", "")
    upper = type_name.upper()
    try:
        if upper in ("BOOL", "BIT"):
            return cleaned not in ("0", "false", "FALSE")
        if upper in ("REAL", "LREAL"):
            lowered = cleaned.lower()
            if "#qnan" in lowered or lowered == "nan":
                return float("nan")
            if "#inf" in lowered or lowered in ("inf", "-inf"):
                return float("-inf") if lowered.startswith("-") else float("inf")
            return float(cleaned)
        for prefix, base in (("16#", 16), ("2#", 2), ("8#", 8)):
            if prefix in cleaned:
                sign = -1 if cleaned.startswith("-") else 1
                number = int(cleaned.lstrip("-").removeprefix(prefix), base)
                atomic = ATOMIC_TYPES.get(upper)
                if atomic is not None and atomic.fmt[1].islower() and number >= 1 << (8 * atomic.size - 1):
                    number -= 1 << (8 * atomic.size)  # 16#FFFF_FFFF in a DINT is -1
                return sign * number
        if cleaned.startswith("'"):
            return ord(_ascii_literal(cleaned, node, at)[:1] or "\0")
        return int(cleaned)
    except ValueError:
        raise ConfigError(f"value '{text}' is not a valid {type_name or 'literal'}", where=at(node)) from None


def _ascii_literal(text: str, node: _Node, at: _At) -> str:
    """Studio's quoted strings: 'it$'s' with $-escapes ($$, $', $N/$L, $R, $T, $hh)."""
    if len(text) < 2 or text[0] != "'" or text[-1] != "'":
        raise ConfigError(f"string value {text!r} is not quoted as '…'", where=at(node))
    body, out, i = text[1:-1], [], 0
    simple = {"$": "$", "'": "'", "N": "\n", "L": "\n", "R": "\r", "T": "\t", "P": "\f"}
    while i < len(body):
        if body[i] == "$" and i + 1 < len(body):
            code = body[i + 1]
            if code.upper() in simple:
                out.append(simple[code.upper()])
                i += 2
                continue
            if re.fullmatch(r"[0-9A-Fa-f]{2}", body[i + 1:i + 3]):
                out.append(chr(int(body[i + 1:i + 3], 16)))
                i += 3
                continue
        out.append(body[i])
        i += 1
    return "".join(out)
