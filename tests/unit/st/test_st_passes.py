"""Checker passes: a VAR_TEMP read before it is written is a located warning (issue 13, class 12).

TIA Portal help, "Local data: Temp": temporary local data keep no value between calls; in blocks with
standard access they are not initialised, so a read before a write gives whatever the stack held.
"""
from __future__ import annotations

from hil.st import compile_program

FB = """FUNCTION_BLOCK "Case"
VERSION : 0.1
   VAR
      out : Int;
      arr : Array[1..3] of Int;
   END_VAR
   VAR_TEMP
      t : Int;
      i : Int;
      flag : Bool;
   END_VAR
BEGIN
{body}
END_FUNCTION_BLOCK
"""


def warnings_of(body: str) -> list[str]:
    design = compile_program([("case.scl", FB.format(body=body))])
    return [str(w) for w in design.warnings]


def test_a_temp_read_before_any_write_is_located_and_named() -> None:
    (warning,) = warnings_of("#out := #t + 1;\n#t := 2;")
    assert warning.startswith("case.scl:13:9: warning: temporary variable '#t' of \"Case\" is read before it is written")


def test_written_first_is_fine_and_each_temp_is_reported_once() -> None:
    assert warnings_of("#t := 1;\n#out := #t;") == []
    assert len(warnings_of("#out := #t;\n#out := #t;")) == 1


def test_a_write_on_one_branch_only_does_not_count() -> None:
    (warning,) = warnings_of("IF #out > 0 THEN\n  #t := 1;\nEND_IF;\n#out := #t;")
    assert warning.startswith("case.scl:16:9:")
    assert warnings_of("IF #out > 0 THEN\n  #t := 1;\nELSE\n  #t := 2;\nEND_IF;\n#out := #t;") == []
    assert warnings_of("CASE #out OF\n  1: #t := 1;\nELSE\n  RETURN;\nEND_CASE;\n#out := #t;") == []


def test_loops_outputs_and_indexes() -> None:
    assert warnings_of("FOR #i := 1 TO 3 DO\n  #arr[#i] := #i;\nEND_FOR;\n#out := #i;") == []
    (warning,) = warnings_of("WHILE #out < 3 DO\n  #t := 1;\n  #out := #out + 1;\nEND_WHILE;\n#out := #t;")
    assert "'#t'" in warning
    (warning,) = warnings_of("#arr[#i] := 1;")  # the index is read
    assert "'#i'" in warning
    assert warnings_of("#flag := #out > 0;\nIF #flag THEN #out := 0; END_IF;") == []


def test_a_timer_resetting_itself_through_its_own_q_is_flagged_on_s7() -> None:
    # TIA Portal help, TON, "Q and ET outputs": Q is updated when it is accessed, so NOT #t.Q read before
    # the call already sees the expiry and the call restarts the timer: the pulse is never seen.
    source = FB.replace("out : Int;", "out : Int;\n      tp : TON;\n      c : IEC_TIMER;")
    body = "#tp(IN := NOT #tp.Q, PT := T#100MS);\n#c.TON(IN := NOT #c.Q, PT := T#1S);\n#tp(IN := NOT #flag);"
    design = compile_program([("case.scl", source.format(body="#flag := FALSE;\n" + body))])
    found = [str(w) for w in design.warnings if "resets itself" in w.message]
    assert [w.split(": warning")[0] for w in found] == ["case.scl:16:5", "case.scl:17:8"]
    iec = compile_program([("case.st", source.format(body="#flag := FALSE;\n" + body))], dialect="iec")
    assert not [w for w in iec.warnings if "resets itself" in w.message]
