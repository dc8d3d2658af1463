"""Bad sources: every error names file:line:col, shows the line, and comes without a Python traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.errors import InputError
from hil.softplc import S7SoftPlc
from hil.st import StError, StSyntaxError, StTypeError, StUnsupportedError


def fb(body: str, decls: str = "x : Int; r : Real; b : Bool; t : TON; s : String[4];") -> str:
    return f'FUNCTION_BLOCK "A"\nVAR {decls} END_VAR\nBEGIN\n{body}\nEND_FUNCTION_BLOCK\n'


# (id, source, line, column, error class, fragment of the message)
BAD = [
    ("unknown_local", fb("#x := #y + 1;"), 4, 7, StTypeError, "unknown local variable '#y'"),
    ("misspelt_local_suggests", fb("#x := #xx;", "x : Int; xx1 : Int;"), 4, 7, StTypeError, "did you mean '#xx1'"),
    ("unknown_global", fb('#x := "Dta".count;'), 4, 7, StTypeError, 'unknown name "Dta"'),
    ("real_to_int_implicit", fb("#x := #r;"), 4, 7, StTypeError, "REAL_TO_INT"),
    ("condition_not_bool", fb("IF #x THEN #x := 1; END_IF;"), 4, 4, StTypeError, "condition must be BOOL"),
    ("bool_arithmetic", fb("#x := #b + 1;"), 4, 10, StTypeError, "needs numbers"),
    ("wrong_fb_parameter", fb("#t(IN := TRUE, PX := T#1S);"), 4, 16, StTypeError, "TON has no parameter 'PX'"),
    ("fb_call_in_expression", fb("#b := #t(IN := TRUE, PT := T#1S);"), 4, 7, StTypeError, "statement of its own"),
    ("constant_out_of_range", fb("#x := 40000;"), 4, 7, StTypeError, "does not fit INT"),
    ("missing_semicolon", fb("#x := 1\n#x := 2;"), 5, 1, StSyntaxError, "expected ';'"),
    ("missing_end_if", fb("IF #b THEN #x := 1;"), 5, 1, StSyntaxError, "expected END_IF"),
    ("equals_for_assignment", fb("#x = 1;"), 4, 4, StSyntaxError, "expected ':='"),
    ("unterminated_string", fb("#s := 'abc;"), 4, 7, StSyntaxError, "unterminated string"),
    ("unterminated_comment", fb("(* open comment #x := 1;"), 4, 1, StSyntaxError, "unterminated comment"),
    ("bad_character", fb("#x := 1 ? 2;"), 4, 9, StSyntaxError, "unexpected character"),
    ("unknown_type", fb(";", "x : Integer;"), 2, 9, StTypeError, "unknown data type 'Integer'"),
    ("goto_unsupported", fb("GOTO lbl;"), 4, 1, StUnsupportedError, "GOTO"),
    ("pointer_unsupported", fb(";", "p : REF_TO Int;"), 2, 9, StUnsupportedError, "REF_TO"),
    ("wstring_unsupported", fb(";", "w : WString;"), 2, 9, StUnsupportedError, "WSTRING"),
    ("date_literal_unsupported", fb("#x := 1; D#2024-01-01;"), 4, 10, StSyntaxError, "not supported"),
    ("exit_outside_loop", fb("EXIT;"), 4, 1, StTypeError, "EXIT outside a loop"),
    ("index_non_array", fb("#x := #r[1];"), 4, 9, StTypeError, "cannot index REAL"),
    ("constant_index_out_of_bounds", fb("#x := #a[4];", "x : Int; a : Array[1..3] of Int;"), 4, 10, StTypeError,
     "outside the array bounds 1..3"),
    ("assign_constant", fb("#K := 2;") .replace("BEGIN", "VAR CONSTANT K : Int := 1; END_VAR\nBEGIN"), 5, 1,
     StTypeError, "target is a constant"),
    ("fc_missing_argument", 'FUNCTION "F" : Int\nVAR_INPUT a : Int; b : Int; END_VAR\nBEGIN\n#F := #a + #b;\nEND_FUNCTION\n'
     + fb('#x := "F"(a := 1);'), 9, 7, StTypeError, "lacks the parameter(s) b"),
    ("case_duplicate_label", fb("CASE #x OF 1: #x := 2; 1: #x := 3; END_CASE;"), 4, 24, StTypeError, "appears twice"),
    ("compare_string_with_int", fb("#b := #s = 1;"), 4, 10, StTypeError, "cannot compare"),
    ("for_variable_assigned_in_body", fb("FOR #x := 1 TO 3 DO #x := 5; END_FOR;"), 4, 21, StUnsupportedError,
     "FOR loop variable"),
    ("duplicate_declaration", fb(";", "x : Int; x : Bool;"), 2, 14, StTypeError, "declared twice"),
    ("array_index_type", fb("#x := #a[#r];", "x : Int; r : Real; a : Array[1..3] of Int;"), 4, 10, StTypeError,
     "index must be an integer"),
    ("enum_type_unsupported", 'TYPE "E" : (A, B, C); END_TYPE\n', 1, 12, StUnsupportedError, "enumerated types"),
    ("method_needed_for_iec_timer", fb("#it(IN := TRUE, PT := T#1S);", "it : IEC_TIMER;"), 4, 1, StTypeError,
     "called through a method"),
]


@pytest.mark.parametrize(("source", "line", "column", "error", "fragment"), [case[1:] for case in BAD],
                         ids=[case[0] for case in BAD])
def test_bad_source_is_reported_at_its_place(tmp_path: Path, source: str, line: int, column: int,
                                             error: type[StError], fragment: str) -> None:
    path = tmp_path / "bad.scl"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(StError) as caught:
        S7SoftPlc.from_sources([path])
    exc = caught.value
    message = str(exc)
    assert isinstance(exc, error), message
    assert isinstance(exc, InputError)
    assert message.startswith(f"{path}:{line}:{column}: "), message
    assert fragment in message
    assert "Traceback" not in message
    source_line = source.splitlines()[line - 1].expandtabs(1)
    assert source_line in message  # the offending line is shown, with a caret under the column
    assert message.splitlines()[-1].index("^") == 4 + column - 1


def test_at_least_twenty_bad_sources() -> None:
    assert len(BAD) >= 20
