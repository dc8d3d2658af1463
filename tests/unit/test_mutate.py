"""Program mutants for the mutation check: the operators, code only, one change each."""
from __future__ import annotations

from hil.st.mutate import mutants

SCL = """FUNCTION_BLOCK "FB_Zone"
{ S7_Optimized_Access := 'FALSE' }
VERSION : 0.1
   VAR
      t {InstructionName := 'IEC_TIMER'; LibVersion := '1.0'} : IEC_TIMER;
      Trip : Real := 165.0;   // trip point 165 >= ...
   END_VAR
BEGIN
   REGION Heater contactors KM-207 (OVN-S1)
   // a comment with >= 3 and NOT and TRUE
   #t.TON(IN := #Pv >= #Trip, PT := T#200MS);
   #Run := #Start AND NOT #t.Q;
   #Alarm := TRUE;
   #Text := 'a = 5';
   END_REGION
END_FUNCTION_BLOCK
"""


def test_each_operator_changes_one_place_in_code_only() -> None:
    found = {(m.operator, m.after.strip()) for m in mutants(SCL)}
    assert found == {
        ("constant", "Trip : Real := 181.5;   // trip point 165 >= ..."),
        ("comparison", "#t.TON(IN := #Pv < #Trip, PT := T#200MS);"),
        ("timer", "#t.TON(IN := #Pv >= #Trip, PT := T#100MS);"),
        ("negation", "#Run := #Start AND #t.Q;"),
        ("boolean", "#Alarm := FALSE;"),
    }


def test_each_mutant_is_the_whole_source_with_one_line_changed() -> None:
    for mutant in mutants(SCL):
        before, after = SCL.split("\n"), mutant.source.split("\n")
        changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
        assert changed == [mutant.line - 1] and len(before) == len(after)


def test_l5x_mutants_touch_only_st_routine_lines() -> None:
    l5x = ('<Description>\n<![CDATA[[°C] TT-221 = 5]]>\n</Description>\n<STContent>\n<Line Number="0">\n'
           "<![CDATA[IF Temp >= 165.0 THEN Trip := 1; END_IF;]]>\n</Line>\n</STContent>\n")
    found = mutants(l5x, l5x=True)
    assert {m.line for m in found} == {6}
    assert {m.operator for m in found} == {"comparison", "constant"}


def test_a_limit_picks_a_repeatable_sample() -> None:
    assert mutants(SCL, limit=2, seed=3) == mutants(SCL, limit=2, seed=3)
    assert len(mutants(SCL, limit=2, seed=3)) == 2
