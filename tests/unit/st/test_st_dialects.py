"""The Dialect object: every vendor difference is one documented field, and the pipeline reads each one
(flipping a field changes what a program does or whether it compiles)."""
from __future__ import annotations

import ast
import re
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest

import hil.st
from hil.errors import InputError
from hil.st import (
    IEC,
    LOGIX,
    SCL,
    Dialect,
    StProgram,
    StSyntaxError,
    StTypeError,
    StUnsupportedError,
    compile_program,
    dialect_named,
    parse_text,
)

ST_DIR = Path(hil.st.__file__).parent


def run_program(body: str, decls: str, dialect: Dialect, scans: int = 1) -> dict[str, Any]:
    """Compile an IEC PROGRAM in ``dialect``, scan it, return its variables by (casefolded) name."""
    text = f"PROGRAM P\nVAR\n{decls}\nEND_VAR\n{body}\nEND_PROGRAM\n"
    design = compile_program([("case.st", text)], dialect=dialect)
    program = StProgram(design, cycle_ns=10_000_000)
    program.bind({})
    for i in range(scans):
        program.run_cycle(i * 10_000_000)
    return {name.partition(".")[2]: eval(code, program.ns)  # noqa: S307 - the design's own accessors
            for name, code in design.paths.items() if name.startswith("p.")}


def test_no_dialect_name_comparisons_in_the_pipeline() -> None:
    offenders = []
    for path in ST_DIR.glob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""(==|!=)\s*["'](logix|scl|iec)["']""", line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []


def test_every_field_has_a_doc_line_naming_its_source() -> None:
    tree = ast.parse((ST_DIR / "_dialects.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Dialect")
    docs: dict[str, str] = {}
    for stmt, following in zip(cls.body, cls.body[1:]):
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            assert isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant), stmt.target.id
            docs[stmt.target.id] = str(following.value.value)
    assert set(docs) == {f.name for f in fields(Dialect)}
    for name, doc in docs.items():
        if name != "name":
            assert re.search(r"manual|TIA help|IEC", doc), f"{name}: the doc line must say where it is documented"


def test_dialects_by_name() -> None:
    assert dialect_named("LOGIX") is LOGIX and dialect_named("scl") is SCL and dialect_named("iec") is IEC
    with pytest.raises(InputError, match="did you mean 'logix'"):
        dialect_named("logics")


def test_promote_integers_widens_before_the_store() -> None:
    decls = "a : INT := 300; b : INT := 300; d : DINT;"
    # S7-1500: INT * INT is computed as INT and wraps (90000 - 65536); Logix promotes to DINT first.
    assert run_program("d := a * b;", decls, SCL)["d"] == 90000 - 65536
    assert run_program("d := a * b;", decls, replace(SCL, promote_integers=True))["d"] == 90000


def test_bool_from_integer() -> None:
    decls = "i : INT := 5; x : BOOL;"
    with pytest.raises(StTypeError, match="cannot assign INT to BOOL"):
        run_program("x := i;", decls, SCL)
    assert run_program("x := i;", decls, replace(SCL, bool_from_integer=True))["x"] is True


def test_implicit_real_to_integer_rounds_half_to_even() -> None:
    decls = "r : REAL := 2.5; i : INT;"
    with pytest.raises(StTypeError, match="convert with"):
        run_program("i := r;", decls, SCL)
    assert run_program("i := r;", decls, replace(SCL, implicit_real_to_integer=True))["i"] == 2


def test_status_flags() -> None:
    decls = "first : BOOL;"
    with pytest.raises(StTypeError, match="unknown name"):
        run_program("first := S:FS;", decls, replace(SCL, module_io_names=True))
    run_program("first := S:FS;", decls, replace(SCL, module_io_names=True, status_flags=True))


@pytest.mark.parametrize(("field", "text", "error"), [
    ("nonretentive_assign", "x [:=] TRUE;", StSyntaxError),
    ("numeric_bit_member", "x := w.3;", StUnsupportedError),
])
def test_parser_fields(field: str, text: str, error: type[Exception]) -> None:
    source = f"FUNCTION_BLOCK F\nVAR x : BOOL; w : WORD; END_VAR\n{text}\nEND_FUNCTION_BLOCK\n"
    with pytest.raises(error):
        parse_text(source, "case.st", SCL)
    parse_text(source, "case.st", replace(SCL, **{field: True}))


def test_module_io_names_lex_as_one_name() -> None:
    source = "FUNCTION_BLOCK F\nVAR x : BOOL; END_VAR\nx := Local:1:I.Data;\nEND_FUNCTION_BLOCK\n"
    with pytest.raises(StSyntaxError):
        parse_text(source, "case.st", SCL)
    block = parse_text(source, "case.st", replace(SCL, module_io_names=True)).blocks[0]
    assert "Local:1:I" in repr(block.body[0])


def test_instruction_calls() -> None:
    decls = "first : BOOL;"
    with pytest.raises(StTypeError):
        run_program("RET();", decls, SCL)
    run_program("RET();", decls, replace(SCL, instruction_calls=True))
