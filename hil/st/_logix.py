"""Rockwell Logix ST: compile the ST routines of an L5X project (:class:`hil.tags.LogixProject`).

Each L5X program becomes one program instance whose members are its program tags; controller tags are
globals; the main routine is the program's body and the other ST routines are methods that ``JSR`` calls.
Alias tags resolve to their targets. The tag memory layout (offsets, BOOL hosts, BOOL arrays packed in
DWORDs, STRING LEN/DATA) is the one the L5X declares (:mod:`hil.tags`); :func:`tag_leaves` lists where
each elementary value lives so a soft PLC can copy tag buffers in and out of every scan.

Logix dialect (:data:`hil.st.LOGIX`, see :mod:`hil.st._dialects`): integer operands are promoted to DINT (LINT when one
is 64-bit) and results wrap when stored; a REAL stored into an integer rounds to nearest, ties to even;
``[:=]`` targets are cleared on prescan (every start).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hil.st import _ast as A
from hil.st import _types as T
from hil.st._compiler import Compiler
from hil.st._context import Diagnostic
from hil.st._dialects import LOGIX
from hil.st._errors import Span, StSyntaxError, StUnsupportedError
from hil.st._logix_lib import PREDEFINED, RUNTIME_FIELDS
from hil.st._parser import parse_routine
from hil.st._passes import run_passes
from hil.st._symbols import Symbols
from hil.tags import AtomicType, LogixProject, StructType

__all__ = ["LogixDesign", "compile_l5x", "tag_leaves"]


@dataclass
class LogixDesign:
    """A compiled L5X project: generated source and code, programs in task order, aliases, cycle."""

    source: str
    code: Any
    filename: str
    programs: list[str]  # Python names of the program instances to run, in task order
    tasks: list[tuple[int | None, list[str]]]  # (period ns, None for the continuous task; program instances)
    prescan: list[str]  # Python names of programs with [:=] targets
    cycle_ns: int
    project: LogixProject
    symbols: Symbols
    instance_of: dict[str, str]  # L5X program name -> Python instance name
    used: set[tuple[str, str]]  # (casefolded program or "" for controller tags, casefolded tag) the code uses
    warnings: list[Diagnostic] = field(default_factory=list)  # what the checker passes found


def _span(project: LogixProject, where: Any) -> Span:
    line = getattr(where, "line", None) or 1
    return Span(project.source, line, 1)


def _type_ref(type_name: str, dims: tuple[int, ...], span: Span) -> A.TypeRef:
    ref: A.TypeRef = A.NamedTypeRef(type_name, span)
    if dims:
        ref = A.ArrayTypeRef([(A.Literal(span, 0, "int"), A.Literal(span, d - 1, "int")) for d in dims], ref, span)
    return ref


def _member_ref(member: Any, span: Span) -> A.TypeRef:
    if member.bool_bits is not None:
        return _type_ref("BOOL", (member.bool_bits,), span)
    return _type_ref(str(member.type), (member.count,) if member.count else (), span)


def _udt_block(name: str, struct: StructType, span: Span) -> A.Block:
    decls = [A.VarDecl(m.name, _member_ref(m, span), None, span) for m in struct.members if not m.hidden]
    return A.Block("TYPE", name, span, type_def=A.StructTypeRef(decls, span))


RoutineFrontEnd = Callable[[str, str], list[A.Stmt]]
"""A routine front end: (routine text, location prefix for errors) -> statements of the one tree."""

ROUTINE_FRONT_ENDS: dict[str, RoutineFrontEnd] = {"ST": parse_routine}
"""Front ends by L5X routine type. Ladder (``RLL``, issue 17) registers its parser here and produces the
same statements, so the checker, emitter and scheduler apply unchanged."""


def _routine_body(project: LogixProject, program: str, routine: Any) -> list[A.Stmt]:
    front_end = ROUTINE_FRONT_ENDS.get(routine.kind)
    if front_end is None:
        raise StUnsupportedError(f"routine {routine.name} of program {program} is a {routine.kind} routine; only "
                                 f"{', '.join(ROUTINE_FRONT_ENDS)} routines run (ladder logic is not supported yet)",
                                 _span(project, routine.where))
    text = "\n".join(line.strip("\r\n") for _number, line in routine.lines)
    return front_end(text, f"{project.source}:routine {program}/{routine.name}")


def compile_l5x(project: LogixProject, *, cycle_ns: int | None = None) -> LogixDesign:
    """Check and compile every ST routine of ``project``.

    Raises:
        StSyntaxError, StTypeError, StUnsupportedError: naming ``file.L5X:routine Program/Routine:line:col``.
    """
    blocks: list[A.Block] = []
    span0 = Span(project.source, 1, 1)
    used_types = {t.data_type.upper() for t in project.tags} | {t.data_type.upper() for p in project.programs
                                                                 for t in p.tags}
    for name, struct in PREDEFINED.items():  # TIMER, FBD_TIMER, …: known when a tag uses them
        if name in used_types and name not in {n.upper() for n in project.data_types}:
            project.data_types[name] = struct
    for name, struct in project.data_types.items():
        block = _udt_block(name, struct, _span(project, None))
        for field_name, type_name in RUNTIME_FIELDS.get(name.upper(), ()):
            assert isinstance(block.type_def, A.StructTypeRef)
            block.type_def.fields.append(A.VarDecl(field_name, A.NamedTypeRef(type_name, span0), None, span0))
        blocks.append(block)
    if "STRING" not in {n.upper() for n in project.data_types}:
        string_type = project.types()["STRING"]
        assert isinstance(string_type, StructType)
        blocks.append(_udt_block("STRING", string_type, span0))
    aliases: dict[str, str] = {}
    controller = [A.VarDecl(t.name, _type_ref(t.data_type, t.dims, _span(project, t.where)), None,
                            _span(project, t.where)) for t in project.tags if t.alias_for is None]
    aliases.update({t.name.casefold(): t.alias_for for t in project.tags if t.alias_for})
    if controller:
        blocks.append(A.Block("VAR_GLOBAL", "", span0, sections=[A.VarSection("VAR_GLOBAL", controller, span0)]))
    program_aliases: dict[str, dict[str, str]] = {}
    for program in project.programs:
        span = _span(project, program.where)
        decls = [A.VarDecl(t.name, _type_ref(t.data_type, t.dims, _span(project, t.where)), None,
                           _span(project, t.where)) for t in program.tags if t.alias_for is None]
        program_aliases[program.name.casefold()] = {t.name.casefold(): str(t.alias_for) for t in program.tags
                                                    if t.alias_for}
        routines = {r.name: r for r in program.routines}
        block = A.Block("PROGRAM", program.name, span, sections=[A.VarSection("VAR", decls, span)])
        main = routines.get(program.main_routine or "")
        if main is not None:
            block.body = _routine_body(project, program.name, main)
        for name, routine in routines.items():
            if routine is not main and routine.kind in ROUTINE_FRONT_ENDS:
                block.routines[name] = _routine_body(project, program.name, routine)
        blocks.append(block)
    source = A.Source(project.source, blocks)
    symbols = Symbols([source], [], {})
    compiler = Compiler(symbols, LOGIX)
    compiler.ctx.aliases = aliases
    compiler.ctx.program_aliases = program_aliases
    text, _facts = compiler.module()
    order: list[str] = []
    instance_of = {p.name: f"PRG_{symbols.pous[p.name.casefold()].py[3:]}" for p in project.programs}
    tasks: list[tuple[int | None, list[str]]] = []
    for task in project.tasks:
        if task.kind.upper() == "EVENT":
            continue  # event tasks have no trigger in the soft PLC yet
        members = [instance_of[name] for name in task.programs if name in instance_of]
        tasks.append((round(task.rate_ms * 1_000_000) if task.rate_ms else None, members))
        order += [m for m in members if m not in order]
    if not tasks:
        order = list(instance_of.values())
        tasks = [(None, order)]
    # Periodic tasks run on multiples of their period, the continuous task every cycle: the cycle is the
    # greatest common divisor of the periods (10 ms when there is only a continuous task).
    periods = [period for period, _ in tasks if period]
    cycle = cycle_ns or (math.gcd(*periods) if periods else 10_000_000)
    filename = f"<hil.st logix program {project.source}>"
    try:
        code = compile(text, filename, "exec")
    except SyntaxError as exc:  # pragma: no cover - a generator bug, not a user error
        raise StSyntaxError(f"internal error in generated code: {exc}") from exc
    import linecache

    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    prescan = [instance_of[p.name] for p in project.programs if instance_of[p.name] in compiler.prescan_programs]
    return LogixDesign(text, code, filename, order, tasks, prescan, cycle, project, symbols, instance_of,
                       compiler.used, run_passes([source], LOGIX))


def tag_leaves(data_type: Any, dims: tuple[int, ...], bool_bits: int | None, code: str,
               offset: int = 0) -> list[tuple[str, str, int, int | None]]:
    """Where each elementary value of a tag lives: (Python accessor, struct format, byte offset, bit).

    BOOL arrays are packed bits (from ``offset``); a BOOL member is a bit of its host byte; arrays are
    row-major and match the engine's flattened lists."""
    leaves: list[tuple[str, str, int, int | None]] = []
    if bool_bits is not None:
        for i in range(bool_bits):
            leaves.append((f"{code}[{i}]", "?", offset + i // 8, i % 8))
        return leaves
    count = 1
    for d in dims:
        count *= d
    if dims:
        for i in range(count):
            leaves += tag_leaves(data_type, (), None, f"{code}[{i}]", offset + i * data_type.size)
        return leaves
    if isinstance(data_type, AtomicType):
        if data_type.name == "BOOL":
            return [(code, "?", offset, 0)]
        return [(code, data_type.fmt, offset, None)]
    for member in data_type.members:
        if member.hidden:
            continue
        member_code = f"{code}.{T.pyname(member.name)}"
        if member.bit is not None:
            leaves.append((member_code, "?", offset + member.offset, member.bit))
        elif member.bool_bits is not None:
            leaves += tag_leaves(member.type, (), member.bool_bits, member_code, offset + member.offset)
        else:
            leaves += tag_leaves(member.type, (member.count,) if member.count else (), None, member_code,
                                 offset + member.offset)
    return leaves
