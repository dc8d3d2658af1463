"""Lexer and parser: the SCL dialect's quirks, literals, precedence and the shape of the tree."""
from __future__ import annotations

import pytest

from hil.st import StSyntaxError, parse_text
from hil.st import _ast as A
from hil.st._lexer import tokenize

MS = 1_000_000


def kinds(text: str) -> list[tuple[str, object]]:
    return [(t.kind, t.value) for t in tokenize(text)][:-1]


def test_quoted_names_are_identifiers_never_strings() -> None:
    assert kinds('"I_StartPB" := \'text\';') == [("qident", "I_StartPB"), ("op", ":="), ("string", "text"), ("op", ";")]


def test_local_names_and_slices() -> None:
    assert kinds("#w.%X3 #d.%B1") == [("local", "w"), ("op", "."), ("slice", ("X", 3)), ("local", "d"), ("op", "."),
                                      ("slice", ("B", 1))]


@pytest.mark.parametrize(("text", "value", "hint"), [
    ("16#FF", 255, None), ("2#1010_1010", 170, None), ("8#777", 511, None), ("W#16#FFFF", 65535, "WORD"),
    ("DW#16#1", 1, "DWORD"), ("B#16#0F", 15, "BYTE"), ("WORD#16#00FF", 255, "WORD"), ("INT#-5", -5, "INT"),
    ("1_000", 1000, None), ("1.5E3", 1500.0, None), ("T#2S500MS", 2500 * MS, "TIME"), ("T#1s_500ms", 1500 * MS, "TIME"),
    ("TIME#1h", 3_600_000 * MS, "TIME"), ("LT#5ns", 5, "LTIME"), ("t#1d2h", (26 * 3600 * 1000) * MS, "TIME"),
    ("T#-250ms", -250 * MS, "TIME"), ("T#0.5s", 500 * MS, "TIME"),
])
def test_literals(text: str, value: object, hint: str | None) -> None:
    (token, _eof) = tokenize(text)
    assert token.value == value
    assert token.type_hint == hint


def test_direct_addresses_and_comments() -> None:
    assert kinds("%I0.0 %QW4 %MD10 // line\n(* block *) /* c */ %M1.7") == [
        ("direct", "%I0.0"), ("direct", "%QW4"), ("direct", "%MD10"), ("direct", "%M1.7")]


def test_region_title_runs_to_end_of_line() -> None:
    assert kinds("REGION Start: (1) done\nEND_REGION") == [("region", "Start: (1) done"), ("kw", "END_REGION")]


def test_keywords_are_case_insensitive() -> None:
    assert kinds("if x then end_if") == [("kw", "IF"), ("ident", "x"), ("kw", "THEN"), ("kw", "END_IF")]


@pytest.mark.parametrize(("text", "expected"), [
    ("a OR b AND c", ("OR", "a", ("AND", "b", "c"))),
    ("a + b * c ** d", ("+", "a", ("*", "b", ("**", "c", "d")))),
    ("a = b AND c <> d", ("AND", ("=", "a", "b"), ("<>", "c", "d"))),
    ("a XOR b OR c", ("OR", ("XOR", "a", "b"), "c")),
    ("NOT a AND b", ("AND", ("NOT", "a"), "b")),
    ("a < b = c", ("=", ("<", "a", "b"), "c")),
    ("a - b - c", ("-", ("-", "a", "b"), "c")),
    ("a & b MOD c", ("&", "a", ("MOD", "b", "c"))),
])
def test_precedence(text: str, expected: object) -> None:
    source = parse_text(f"FUNCTION_BLOCK F\nBEGIN\nx := {text};\nEND_FUNCTION_BLOCK")
    statement = source.blocks[0].body[0]
    assert isinstance(statement, A.Assign)
    assert _shape(statement.value) == expected


def _shape(node: A.Expr) -> object:
    if isinstance(node, A.Binary):
        return (node.op, _shape(node.left), _shape(node.right))
    if isinstance(node, A.Unary):
        return (node.op, _shape(node.operand))
    assert isinstance(node, A.Name)
    return node.name


def test_tia_headers_attributes_and_instance_db() -> None:
    source = parse_text('''
FUNCTION_BLOCK "FB_X"
TITLE = Conveyor control (unit 3)
{ S7_Optimized_Access := 'FALSE' }
AUTHOR : Siemens
FAMILY : Conveyors
NAME : FB_X
VERSION : 0.1
   VAR_INPUT
      in1 {ExternalAccessible := 'False'} : Bool;
   END_VAR
BEGIN
END_FUNCTION_BLOCK
DATA_BLOCK "X_DB"
{ S7_Optimized_Access := 'FALSE' }
VERSION : 0.1
NON_RETAIN
"FB_X"
BEGIN
END_DATA_BLOCK
''')
    fb, db = source.blocks
    assert (fb.kind, fb.name, [d.name for d in fb.sections[0].decls]) == ("FUNCTION_BLOCK", "FB_X", ["in1"])
    assert isinstance(db.db_type, A.NamedTypeRef) and db.db_type.name == "FB_X"


def test_case_arms_with_statements_that_look_like_labels() -> None:
    source = parse_text("FUNCTION_BLOCK F\nBEGIN\nCASE s OF\n 1: a := 1; b(x := 2);\n 2, 4..6: ;\n"
                        " 7: REGION seven\n a := 7;\n END_REGION\n 8: a := 8;\nELSE a := 0;\n"
                        "END_CASE;\nEND_FUNCTION_BLOCK")
    case = source.blocks[0].body[0]
    assert isinstance(case, A.Case)
    assert [len(body) for _labels, body in case.arms] == [2, 0, 1, 1]
    assert case.arms[1][0][1].high is not None


def test_syntax_error_position() -> None:
    with pytest.raises(StSyntaxError) as caught:
        parse_text("FUNCTION_BLOCK F\nBEGIN\n  x := (1 + 2;\nEND_FUNCTION_BLOCK", "f.scl")
    assert str(caught.value).startswith("f.scl:3:14: expected ')' to close the parenthesis, found ';'")
