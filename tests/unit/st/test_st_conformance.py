"""Table-driven conformance suite of the ST engine: (source, inputs, scans, expected values).

Each case is a Siemens SCL function block body run in a soft PLC with a 10 ms OB1 cycle. Expected
values are what an S7-1500 computes (see hil.st._dialects for the policies the traps depend on).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from st_harness import case_plc, run_steps

MS = 1_000_000
F32_TENTH = 0.10000000149011612


@dataclass
class Case:
    id: str
    decls: str
    body: str
    expect: dict[str, Any]
    steps: list[tuple[dict[str, Any], int]] = field(default_factory=lambda: [({}, 1)])
    prelude: str = ""
    sections: str = ""


def c(id: str, decls: str, body: str, expect: dict[str, Any], steps: list | None = None, prelude: str = "",
      sections: str = "") -> Case:
    return Case(id, decls, body, expect, steps if steps is not None else [({}, 1)], prelude, sections)


def scans(n: int, **writes: Any) -> list[tuple[dict[str, Any], int]]:
    return [(writes, n)]


INTEGER = [
    c("int_overflow_wraps", "x : Int := 32767;", "#x := #x + 1;", {"x": -32768}),
    c("int_underflow_wraps", "x : Int := -32768;", "#x := #x - 1;", {"x": 32767}),
    c("sint_wraps", "x : SInt := 127;", "#x := #x + 1;", {"x": -128}),
    c("usint_wraps", "x : USInt := 255;", "#x := #x + 1;", {"x": 0}),
    c("uint_wraps_below_zero", "x : UInt;", "#x := #x - 1;", {"x": 65535}),
    c("dint_wraps", "x : DInt := 2147483647;", "#x := #x + 1;", {"x": -2147483648}),
    c("udint_wraps", "x : UDInt := 4294967295;", "#x := #x + 1;", {"x": 0}),
    c("lint_wraps", "x : LInt := 9223372036854775807;", "#x := #x + 1;", {"x": -9223372036854775808}),
    c("int_counter_wraps_over_scans", "x : Int := 32000;", "#x := #x + 100;", {"x": 40000 - 65536}, scans(80)),
    c("int_mul_wraps_at_int", "a : Int := 300; r : Int;", "#r := #a * #a;", {"r": 24464}),
    c("int_mul_wraps_before_widening", "a : Int := 300; b : Int := 300; d : DInt;", "#d := #a * #b;", {"d": 24464}),
    c("int_times_dint_is_dint", "a : Int := 300; b : DInt := 300; d : DInt;", "#d := #a * #b;", {"d": 90000}),
    c("byte_wraps", "b : Byte := 255;", "#b := #b + 1;", {"b": 0}),
    c("word_wraps", "w : Word := 16#FFFF;", "#w := #w + 2;", {"w": 1}),
    c("div_truncates_negative", "a : Int := -7; r : Int;", "#r := #a / 2;", {"r": -3}),
    c("div_truncates_positive", "a : Int := 7; r : Int;", "#r := #a / 2;", {"r": 3}),
    c("div_negative_divisor", "a : Int := 7; r : Int;", "#r := #a / -2;", {"r": -3}),
    c("mod_negative_dividend", "a : Int := -7; r : Int;", "#r := #a MOD 2;", {"r": -1}),
    c("mod_negative_divisor", "a : Int := 7; r : Int;", "#r := #a MOD -2;", {"r": 1}),
    c("mod_both_negative", "a : Int := -7; r : Int;", "#r := #a MOD -2;", {"r": -1}),
    c("mod_dint", "a : DInt := -100001; r : DInt;", "#r := #a MOD 7;", {"r": -100001 % 7 - 7}),
    c("div_by_zero_gives_zero", "a : Int := 5; z : Int; r : Int := 9;", "#r := #a / #z;", {"r": 0}),
    c("mod_by_zero_gives_zero", "a : Int := 5; z : Int; r : Int := 9;", "#r := #a MOD #z;", {"r": 0}),
    c("int_min_div_minus_one_wraps", "a : Int := -32768; m : Int := -1; r : Int;", "#r := #a / #m;", {"r": -32768}),
    c("negate_int_min_wraps", "a : Int := -32768; r : Int;", "#r := -#a;", {"r": -32768}),
    c("abs_int_min_wraps", "a : Int := -32768; r : Int;", "#r := ABS(#a);", {"r": -32768}),
    c("abs_int", "a : Int := -5; r : Int;", "#r := ABS(#a);", {"r": 5}),
    c("power_int_const", "r : Int;", "#r := 2 ** 10;", {"r": 1024}),
    c("power_int_wraps", "a : Int := 2; r : Int;", "#r := #a ** 15;", {"r": -32768}),
    c("precedence_mul_before_add", "r : Int;", "#r := 2 + 3 * 4;", {"r": 14}),
    c("parentheses", "r : Int;", "#r := (2 + 3) * 4;", {"r": 20}),
    c("power_before_unary_minus", "r : Int;", "#r := -2 ** 2;", {"r": -4}),
    c("minus_left_assoc", "r : Int;", "#r := 10 - 4 - 3;", {"r": 3}),
    c("div_left_assoc", "r : Int;", "#r := 100 / 10 / 5;", {"r": 2}),
    c("power_left_to_right", "r : Int;", "#r := 2 ** 3 ** 2;", {"r": 64}),
    c("not_int", "a : Int; r : Int;", "#r := NOT #a;", {"r": -1}),
    c("not_word", "w : Word := 16#00FF; r : Word;", "#r := NOT #w;", {"r": 0xFF00}),
    c("and_word", "w : Word := 16#F0F0; r : Word;", "#r := #w AND 16#FF00;", {"r": 0xF000}),
    c("or_xor_byte", "a : Byte := 16#0F; r : Byte; s : Byte;", "#r := #a OR 16#F0; #s := #a XOR 16#FF;",
      {"r": 255, "s": 0xF0}),
    c("shl_word", "r : Word;", "#r := SHL(IN := WORD#16#8001, N := 1);", {"r": 2}),
    c("shr_word", "r : Word;", "#r := SHR(IN := W#16#8001, N := 15);", {"r": 1}),
    c("rol_byte", "r : Byte;", "#r := ROL(IN := B#16#81, N := 1);", {"r": 3}),
    c("ror_byte", "r : Byte;", "#r := ROR(IN := B#16#81, N := 1);", {"r": 0xC0}),
    c("typed_literals", "a : Int; b : DInt; w : Word; d : DWord;",
      "#a := INT#-5; #b := DINT#100000; #w := W#16#FF; #d := DW#16#8000_0000;",
      {"a": -5, "b": 100000, "w": 255, "d": 0x80000000}),
    c("based_literals", "a : Int; b : Int; o : Int; u : DInt;", "#a := 16#FF; #b := 2#1010; #o := 8#17; #u := 1_000_000;",
      {"a": 255, "b": 10, "o": 15, "u": 1000000}),
    c("dint_to_int_narrowing_wraps", "d : DInt := 70000; i : Int;", "#i := #d;", {"i": 4464}),
    c("int_to_sint_conversion_wraps", "r : SInt;", "#r := INT_TO_SINT(200);", {"r": -56}),
    c("int_to_word_reinterprets", "i : Int := -1; w : Word;", "#w := #i;", {"w": 65535}),
    c("word_to_int_reinterprets", "w : Word := 16#FFFF; i : Int;", "#i := #w;", {"i": -1}),
    c("bool_to_int", "b : Bool := TRUE; i : Int;", "#i := BOOL_TO_INT(#b) + 1;", {"i": 2}),
    c("int_to_bool", "i : Int := 7; b : Bool;", "#b := INT_TO_BOOL(#i);", {"b": True}),
    c("min_max_int", "a : Int := -3; b : Int; x : Int;", "#b := MIN(#a, 4, 10); #x := MAX(IN1 := #a, IN2 := 2);",
      {"b": -3, "x": 2}),
    c("limit_int", "a : Int := 150; r : Int;", "#r := LIMIT(MN := 0, IN := #a, MX := 100);", {"r": 100}),
]

REAL = [
    c("float32_accumulation_trap", "r : Real; i : DInt;", "FOR #i := 1 TO 1000000 DO #r := #r + 0.1; END_FOR;",
      {"r": 100958.34375}),
    c("real_constant_is_float32", "r : Real := 0.1;", ";", {"r": F32_TENTH}),
    c("lreal_keeps_float64", "r : LReal := 0.1;", ";", {"r": 0.1}),
    c("lreal_accumulation", "r : LReal; i : Int;", "FOR #i := 1 TO 1000 DO #r := #r + 0.1; END_FOR;",
      {"r": sum([0.1] * 1000)}),
    c("real_div_by_zero_is_inf", "a : Real := 1.0; z : Real; r : Real;", "#r := #a / #z;", {"r": math.inf}),
    c("real_zero_div_zero_is_nan", "z : Real; r : Real;", "#r := #z / #z;", {"r": "nan"}),
    c("real_to_int_half_even_down", "r : Real := 2.5; i : Int;", "#i := REAL_TO_INT(#r);", {"i": 2}),
    c("real_to_int_half_even_up", "r : Real := 3.5; i : Int;", "#i := REAL_TO_INT(#r);", {"i": 4}),
    c("real_to_int_negative_half", "r : Real := -2.5; i : Int;", "#i := REAL_TO_INT(#r);", {"i": -2}),
    c("real_to_int_rounds", "r : Real := 2.6; i : Int;", "#i := REAL_TO_INT(#r);", {"i": 3}),
    c("real_to_int_out_of_range_wraps", "r : Real := 40000.0; i : Int;", "#i := REAL_TO_INT(#r);", {"i": 40000 - 65536}),
    c("trunc_round_ceil_floor", "a : DInt; b : DInt; d : DInt; e : DInt;",
      "#a := TRUNC(-2.7); #b := ROUND(2.5); #d := CEIL(2.1); #e := FLOOR(-2.1);", {"a": -2, "b": 2, "d": 3, "e": -3}),
    c("int_division_before_conversion", "i : Int := 7; r : Real;", "#r := #i / 2;", {"r": 3.0}),
    c("mixed_int_real_division", "i : Int := 7; r : Real;", "#r := #i / 2.0;", {"r": 3.5}),
    c("sqrt_real_is_float32", "r : Real;", "#r := SQRT(2.0);", {"r": 1.4142135381698608}),
    c("sqrt_negative_is_nan", "r : Real; m : Real := -1.0;", "#r := SQRT(#m);", {"r": "nan"}),
    c("expt_real", "r : Real; b : Real := 2.0;", "#r := EXPT(#b, 0.5);", {"r": 1.4142135381698608}),
    c("power_real", "r : Real; b : Real := 1.5;", "#r := #b ** 2;", {"r": 2.25}),
    c("exponent_literal", "r : Real;", "#r := 1.0E3;", {"r": 1000.0}),
    c("real_equals_float32_constant", "r : Real := 0.1; b : Bool;", "#b := #r = 0.1;", {"b": True}),
    c("dint_to_real_loses_precision", "d : DInt := 16777217; r : Real;", "#r := #d;", {"r": 16777216.0}),
    c("real_overflow_is_inf", "a : Real := 3.0E38; r : Real;", "#r := #a * 10.0;", {"r": math.inf}),
    c("lreal_to_real_rounds", "l : LReal := 0.1; r : Real;", "#r := #l;", {"r": F32_TENTH}),
    c("real_third_float32", "a : Real := 1.0; r : Real;", "#r := #a / 3.0;", {"r": 0.3333333432674408}),
    c("max_mixed_int_real", "r : Real; a : Real := 1.5;", "#r := MAX(#a, 2);", {"r": 2.0}),
    c("limit_real_named", "r : Real; a : Real := -5.0;", "#r := LIMIT(MN := 0.0, IN := #a, MX := 10.0);", {"r": 0.0}),
    c("sel", "a : Int; b : Int; g : Bool := TRUE;", "#a := SEL(#g, 1, 2); #b := SEL(G := NOT #g, IN0 := 10, IN1 := 20);",
      {"a": 2, "b": 10}),
    c("mux", "a : Int; b : Int; k : Int := 1;", "#a := MUX(#k, 10, 20, 30); #b := MUX(K := 5, IN0 := 10, IN1 := 20);",
      {"a": 20, "b": 20}),
    c("abs_real", "r : Real := -2.5;", "#r := ABS(#r);", {"r": 2.5}),
    c("int_to_real_conversion", "r : Real; i : Int := -3;", "#r := INT_TO_REAL(#i) / 2.0;", {"r": -1.5}),
    c("real_to_dint_conversion", "d : DInt; r : Real := 123456.5;", "#d := REAL_TO_DINT(#r);", {"d": 123456}),
    c("sin_cos", "s : Real; k : LReal;", "#s := SIN(0.0); #k := COS(LREAL#0.0);", {"s": 0.0, "k": 1.0}),
]

CONTROL = [
    c("if_elsif_else", "x : Int := 5; r : Int;",
      "IF #x < 0 THEN #r := 1; ELSIF #x < 10 THEN #r := 2; ELSE #r := 3; END_IF;", {"r": 2}),
    c("if_else", "x : Int := 50; r : Int;", "IF #x < 0 THEN #r := 1; ELSIF #x < 10 THEN #r := 2; ELSE #r := 3; END_IF;",
      {"r": 3}),
    c("nested_if", "a : Bool := TRUE; b : Bool; r : Int;",
      "IF #a THEN IF #b THEN #r := 1; ELSE #r := 2; END_IF; END_IF;", {"r": 2}),
    c("single_line_if", "r : Int;", "IF TRUE THEN #r := 7; END_IF", {"r": 7}),
    c("case_value", "s : Int := 2; r : Int;", "CASE #s OF 1: #r := 10; 2: #r := 20; 3: #r := 30; END_CASE;", {"r": 20}),
    c("case_list", "s : Int := 5; r : Int;", "CASE #s OF 1, 3, 5: #r := 1; 2, 4: #r := 2; END_CASE;", {"r": 1}),
    c("case_range", "s : Int := 15; r : Int;", "CASE #s OF 1..9: #r := 1; 10..20: #r := 2; END_CASE;", {"r": 2}),
    c("case_else", "s : Int := 99; r : Int;", "CASE #s OF 1: #r := 1; ELSE #r := -1; END_CASE;", {"r": -1}),
    c("case_no_fall_through", "s : Int := 1; y : Int;", "CASE #s OF 1: #y := #y + 1; 2: #y := #y + 10; END_CASE;",
      {"y": 1}),
    c("case_no_match_no_else", "s : Int := 7; y : Int := 3;", "CASE #s OF 1: #y := 0; END_CASE;", {"y": 3}),
    c("case_named_constants", "s : Int := 20; r : Int;",
      "CASE #s OF #ST_IDLE: #r := 1; ST_RUN: #r := 2; END_CASE;", {"r": 2},
      sections="VAR CONSTANT\n ST_IDLE : Int := 10;\n ST_RUN : Int := 20;\nEND_VAR"),
    c("case_negative_label", "s : Int := -1; r : Int;", "CASE #s OF -1: #r := 1; 0: #r := 2; END_CASE;", {"r": 1}),
    c("case_multiple_statements", "s : Int := 1; a : Int; b : Int;",
      "CASE #s OF 1: #a := 1; #b := 2; 2: #a := 3; END_CASE;", {"a": 1, "b": 2}),
    c("case_state_machine", "s : Int; n : Int;",
      "CASE #s OF 0: #s := 1; 1: #s := 2; 2: #s := 0; #n := #n + 1; END_CASE;", {"s": 1, "n": 2}, scans(7)),
    c("for_sum", "i : Int; s : Int;", "FOR #i := 1 TO 10 DO #s := #s + #i; END_FOR;", {"s": 55}),
    c("for_by_two", "i : Int; s : Int;", "FOR #i := 1 TO 10 BY 2 DO #s := #s + #i; END_FOR;", {"s": 25}),
    c("for_negative_by", "i : Int; s : Int; n : Int;", "FOR #i := 10 TO 1 BY -3 DO #s := #s + #i; #n := #n + 1; END_FOR;",
      {"s": 22, "n": 4}),
    c("for_empty_range", "i : Int; n : Int;", "FOR #i := 5 TO 1 DO #n := #n + 1; END_FOR;", {"n": 0}),
    c("for_variable_negative_step", "i : Int; s : Int; st : Int := -2;",
      "FOR #i := 6 TO 0 BY #st DO #s := #s * 10 + #i; END_FOR;", {"s": 6420}),
    c("for_exit", "i : Int; s : Int;", "FOR #i := 1 TO 10 DO IF #i = 5 THEN EXIT; END_IF; #s := #s + #i; END_FOR;",
      {"s": 10}),
    c("for_continue", "i : Int; s : Int;",
      "FOR #i := 1 TO 10 DO IF #i MOD 2 = 0 THEN CONTINUE; END_IF; #s := #s + #i; END_FOR;", {"s": 25}),
    c("for_dint_bounds_expression", "i : DInt; s : DInt; n : DInt := 3;", "FOR #i := #n * 2 TO #n * 4 DO #s := #s + 1; END_FOR;",
      {"s": 7}),
    c("while", "n : Int;", "WHILE #n < 10 DO #n := #n + 3; END_WHILE;", {"n": 12}),
    c("while_exit", "n : Int;", "WHILE TRUE DO #n := #n + 1; IF #n >= 4 THEN EXIT; END_IF; END_WHILE;", {"n": 4}),
    c("repeat_runs_once", "n : Int;", "REPEAT #n := #n + 1; UNTIL TRUE END_REPEAT;", {"n": 1}),
    c("repeat_continue_tests_until", "i : Int; n : Int;",
      "REPEAT #i := #i + 1; IF #i < 5 THEN CONTINUE; END_IF; #n := #n + 1; UNTIL #i >= 10 END_REPEAT;",
      {"i": 10, "n": 6}),
    c("nested_loops_exit_inner_only", "i : Int; j : Int; n : Int;",
      "FOR #i := 1 TO 3 DO FOR #j := 1 TO 10 DO IF #j > 2 THEN EXIT; END_IF; #n := #n + 1; END_FOR; END_FOR;",
      {"n": 6}),
    c("return_in_fb", "x : Int;", "#x := 1; RETURN; #x := 2;", {"x": 1}),
    c("bool_operators", "a : Bool := TRUE; b : Bool; r1 : Bool; r2 : Bool; r3 : Bool; r4 : Bool;",
      "#r1 := #a AND NOT #b; #r2 := #a & #b; #r3 := #a XOR TRUE; #r4 := #b OR #a AND #b;",
      {"r1": True, "r2": False, "r3": False, "r4": False}),
    c("comparisons", "a : Int := 3; r1 : Bool; r2 : Bool; r3 : Bool;", "#r1 := #a <> 3; #r2 := #a >= 3; #r3 := #a < -1;",
      {"r1": False, "r2": True, "r3": False}),
    c("region_and_empty_statements", "x : Int;", "REGION Start up\n ;; #x := 4;\nEND_REGION", {"x": 4}),
    c("plain_names_without_hash", "x : Int; y : Int := 2;", "x := y * 3;", {"x": 6}),
    c("comments_everywhere", "x : Int;", "(* block *) #x := /* c-style */ 5; // line\n", {"x": 5}),
]

TIMERS = [
    c("ton_not_yet", "t : TON; q : Bool; et : Time;", "#t(IN := TRUE, PT := T#50MS, Q => #q, ET => #et);",
      {"q": False, "et": 40 * MS}, scans(5)),
    c("ton_reaches_preset", "t : TON; q : Bool; et : Time;", "#t(IN := TRUE, PT := T#50MS, Q => #q, ET => #et);",
      {"q": True, "et": 50 * MS}, scans(6)),
    c("ton_et_clamps", "t : TON; et : Time;", "#t(IN := TRUE, PT := T#50MS); #et := #t.ET;", {"et": 50 * MS}, scans(20)),
    c("ton_in_false_resets", "t : TON; run : Bool;", "#t(IN := #run, PT := T#20MS);",
      {"t.Q": False, "t.ET": 0}, [({"run": True}, 5), ({"run": False}, 1)]),
    c("ton_in_drops_exactly_at_pt", "t : TON; run : Bool;", "#t(IN := #run, PT := T#50MS);",
      {"t.Q": False, "t.ET": 0}, [({"run": True}, 5), ({"run": False}, 1)]),
    # S7-1500 takes PT into the instance only on an edge at IN (TIA Portal help, TON, "Updating the actual
    # values in the instance data": "PT input"): lowering PT while timing changes nothing until the next
    # start; the timer started at 10 ms and is read at 60 ms, against the 100 ms it started with.
    c("ton_pt_lowered_while_timing", "t : TON; pt : Time := T#100MS;", "#t(IN := TRUE, PT := #pt);",
      {"t.Q": False, "t.ET": 50 * MS}, [({}, 5), ({"pt": 30 * MS}, 1)]),
    c("ton_pt_raised_while_timing", "t : TON; pt : Time := T#30MS;", "#t(IN := TRUE, PT := #pt);",
      {"t.Q": False, "t.ET": 20 * MS}, [({}, 3), ({"pt": 100 * MS}, 0), ({}, 0)]),
    c("ton_zero_preset", "t : TON;", "#t(IN := TRUE, PT := T#0MS);", {"t.Q": True, "t.ET": 0}),
    c("ton_restart_after_drop", "t : TON; run : Bool;", "#t(IN := #run, PT := T#30MS);",
      {"t.Q": False, "t.ET": 20 * MS}, [({"run": True}, 10), ({"run": False}, 1), ({"run": True}, 3)]),
    c("tof_follows_in_up", "t : TOF; run : Bool := TRUE;", "#t(IN := #run, PT := T#30MS);", {"t.Q": True, "t.ET": 0}),
    c("tof_holds_after_fall", "t : TOF; run : Bool := TRUE;", "#t(IN := #run, PT := T#30MS);",
      {"t.Q": True, "t.ET": 20 * MS}, [({}, 2), ({"run": False}, 3)]),
    c("tof_drops_after_pt", "t : TOF; run : Bool := TRUE;", "#t(IN := #run, PT := T#30MS);",
      {"t.Q": False, "t.ET": 30 * MS}, [({}, 2), ({"run": False}, 4)]),
    c("tof_retriggered", "t : TOF; run : Bool := TRUE;", "#t(IN := #run, PT := T#30MS);",
      {"t.Q": True, "t.ET": 0}, [({}, 2), ({"run": False}, 2), ({"run": True}, 1)]),
    c("tof_never_on_stays_off", "t : TOF;", "#t(IN := FALSE, PT := T#30MS);", {"t.Q": False}, scans(5)),
    c("tp_pulse_length", "t : TP; go : Bool; n : Int;", "#t(IN := #go, PT := T#30MS); IF #t.Q THEN #n := #n + 1; END_IF;",
      {"n": 3, "t.Q": False}, [({"go": True}, 1), ({"go": False}, 6)]),
    c("tp_not_retriggerable", "t : TP; go : Bool; n : Int;", "#t(IN := #go, PT := T#30MS); IF #t.Q THEN #n := #n + 1; END_IF;",
      {"n": 3}, [({"go": True}, 1), ({"go": False}, 1), ({"go": True}, 1), ({"go": False}, 5)]),
    c("tp_et_holds_while_in", "t : TP;", "#t(IN := TRUE, PT := T#30MS);", {"t.Q": False, "t.ET": 30 * MS}, scans(8)),
    c("tonr_accumulates", "t : TONR_TIME; run : Bool;", "#t(IN := #run, R := FALSE, PT := T#100MS);",
      {"t.ET": 40 * MS, "t.Q": False}, [({"run": True}, 3), ({"run": False}, 2), ({"run": True}, 3)]),
    c("iec_timer_ton_method", "t : IEC_TIMER; q : Bool;", "#t.TON(IN := TRUE, PT := T#20MS, Q => #q);",
      {"q": True, "t.Q": True}, scans(3)),
    c("iec_timer_tof_method", "t : IEC_TIMER; run : Bool := TRUE;", "#t.TOF(IN := #run, PT := T#20MS);",
      {"t.Q": False}, [({}, 1), ({"run": False}, 3)]),
    c("ton_time_alias_formal_and_read", "t : TON_TIME; q : Bool;", "#t(IN := TRUE, PT := T#1S); #q := #t.Q;",
      {"q": True}, scans(101)),
    c("time_literal_s7", "x : Time;", "#x := T#2S500MS;", {"x": 2_500_000_000}),
    c("time_literal_forms", "a : Time; b : Time; d : Time; e : Time; f : Time; g : Time;",
      "#a := T#1s_500ms; #b := T#1.5s; #d := TIME#1M; #e := T#1h2m3s; #f := T#-5s; #g := t#100;",
      {"a": 1500 * MS, "b": 1500 * MS, "d": 60_000 * MS, "e": 3_723_000 * MS, "f": -5000 * MS, "g": 100 * MS}),
    c("time_arithmetic", "a : Time; b : Time; d : Time;", "#a := T#1S + T#500MS; #b := T#1S * 3; #d := T#1S / 4;",
      {"a": 1500 * MS, "b": 3000 * MS, "d": 250 * MS}),
    c("time_conversions", "d : DInt; t : Time;", "#d := TIME_TO_DINT(T#2S); #t := DINT_TO_TIME(1500);",
      {"d": 2000, "t": 1500 * MS}),
    c("time_compare", "b : Bool;", "#b := T#1S > T#500MS;", {"b": True}),
]

EDGES_COUNTERS = [
    c("r_trig_first_scan_true", "e : R_TRIG; q : Bool;", "#e(CLK := TRUE, Q => #q);", {"q": True}),
    c("r_trig_only_one_scan", "e : R_TRIG; q : Bool;", "#e(CLK := TRUE, Q => #q);", {"q": False}, scans(2)),
    c("r_trig_counts_edges", "e : R_TRIG; clk : Bool; n : Int;", "#e(CLK := #clk); IF #e.Q THEN #n := #n + 1; END_IF;",
      {"n": 2}, [({"clk": True}, 2), ({"clk": False}, 1), ({"clk": True}, 3)]),
    c("f_trig_no_pulse_on_first_scan", "e : F_TRIG; q : Bool;", "#e(CLK := FALSE, Q => #q);", {"q": False}),
    c("f_trig_falling_edge", "e : F_TRIG; clk : Bool := TRUE; q : Bool;", "#e(CLK := #clk, Q => #q);", {"q": True},
      [({}, 2), ({"clk": False}, 1)]),
    c("ctu_counts_rising_edges", "c : CTU; cu : Bool;", "#c(CU := #cu, R := FALSE, PV := 3);",
      {"c.CV": 2, "c.Q": False}, [({"cu": True}, 1), ({"cu": False}, 1), ({"cu": True}, 4)]),
    c("ctu_q_at_pv", "c : CTU; cu : Bool;", "#c(CU := #cu, PV := 2); #cu := NOT #cu;", {"c.CV": 2, "c.Q": True}, scans(4)),
    c("ctu_reset", "c : CTU; cu : Bool; r : Bool;", "#c(CU := #cu, R := #r, PV := 2); #cu := NOT #cu;",
      {"c.CV": 0}, [({}, 4), ({"r": True}, 1)]),
    c("ctu_stops_at_int_max", "c : CTU; cu : Bool;", "#c(CU := #cu, PV := 2); #cu := NOT #cu;", {"c.CV": 32767},
      [({"c.CV": 32766}, 6)]),
    c("ctd_load_and_count", "c : CTD; cd : Bool; ld : Bool := TRUE;",
      "#c(CD := #cd, LD := #ld, PV := 2); #ld := FALSE; #cd := NOT #cd;", {"c.CV": 0, "c.Q": True}, scans(5)),
    c("ctud_simultaneous_edges_do_nothing", "c : CTUD; e : Bool;", "#c(CU := #e, CD := #e, PV := 5); #e := NOT #e;",
      {"c.CV": 0, "c.QD": True}, scans(4)),
    c("ctud_reset_beats_load", "c : CTUD;", "#c(CU := FALSE, CD := FALSE, R := TRUE, LD := TRUE, PV := 5);",
      {"c.CV": 0}),
    c("ctud_up_and_down", "c : CTUD; u : Bool; d : Bool;", "#c(CU := #u, CD := #d, PV := 2);",
      {"c.CV": 1, "c.QU": False}, [({"u": True}, 1), ({"u": False}, 1), ({"u": True}, 1), ({"u": False, "d": True}, 1)]),
    c("ctu_dint_variant", "c : CTU_DINT; cu : Bool;", "#c(CU := #cu, PV := 100000); #cu := NOT #cu;",
      {"c.CV": 2}, scans(4)),
    c("iec_counter_method", "c : IEC_COUNTER; cu : Bool;", "#c.CTU(CU := #cu, R := FALSE, PV := 1); #cu := NOT #cu;",
      {"c.Q": True, "c.CV": 2}, scans(4)),
    c("sr_set_dominant", "b : SR;", "#b(S1 := TRUE, R := TRUE);", {"b.Q1": True}),
    c("rs_reset_dominant", "b : RS;", "#b(S := TRUE, R1 := TRUE);", {"b.Q1": False}),
    c("sr_latches", "b : SR; s : Bool := TRUE;", "#b(S1 := #s, R := FALSE); #s := FALSE;", {"b.Q1": True}, scans(3)),
]

STRINGS = [
    c("string_truncates_on_store", "s : String[5];", "#s := 'abcdefgh';", {"s": "abcde"}),
    c("concat_truncates_into_target", "s : String[6]; a : String[10] := 'abcd';", "#s := CONCAT(#a, 'efgh');",
      {"s": "abcdef"}),
    c("len", "n : Int; s : String := 'hello';", "#n := LEN(#s);", {"n": 5}),
    c("left_right_mid", "a : String; b : String; d : String; s : String := 'hello';",
      "#a := LEFT(IN := #s, L := 2); #b := RIGHT(#s, 3); #d := MID(IN := #s, L := 2, P := 2);",
      {"a": "he", "b": "llo", "d": "el"}),
    c("find", "a : Int; b : Int; s : String := 'hello';", "#a := FIND(IN1 := #s, IN2 := 'll'); #b := FIND(#s, 'z');",
      {"a": 3, "b": 0}),
    c("delete_insert_replace", "a : String; b : String; d : String; s : String := 'hello';",
      "#a := DELETE(IN := #s, L := 2, P := 2); #b := INSERT(IN1 := #s, IN2 := 'XY', P := 2); "
      "#d := REPLACE(IN1 := #s, IN2 := 'XY', L := 2, P := 2);", {"a": "hlo", "b": "heXYllo", "d": "hXYlo"}),
    c("string_compare", "b : Bool; e : Bool; s : String := 'abc';", "#b := #s < 'abd'; #e := #s = 'abc';",
      {"b": True, "e": True}),
    c("string_escapes", "s : String; n : Int;", "#s := 'it$'s $$5$N'; #n := LEN(#s);", {"s": "it's $5\n", "n": 8}),
    c("string_default_length_254", "s : String; n : Int; i : Int;",
      "FOR #i := 1 TO 30 DO #s := CONCAT(#s, '0123456789'); END_FOR; #n := LEN(#s);", {"n": 254}),
    c("char_to_int", "ch : Char := 'A'; i : Int;", "#i := CHAR_TO_INT(#ch);", {"i": 65}),
    c("string_in_db_survives_scans", "s : String[8];", "#s := CONCAT(#s, 'ab');", {"s": "abababab"}, scans(5)),
    c("empty_string_default", "s : String[4]; n : Int := 9;", "#n := LEN(#s);", {"n": 0}),
]

_PRELUDE_TYPES = """
TYPE "UDT_Point"
VERSION : 0.1
   STRUCT
      x : Int;
      y : Int := 7;
   END_STRUCT;
END_TYPE
"""

_PRELUDE_FBS = _PRELUDE_TYPES + """
FUNCTION_BLOCK "Inner"
VERSION : 0.1
   VAR_INPUT step : Int := 1; END_VAR
   VAR_OUTPUT count : Int; END_VAR
BEGIN
   #count := #count + #step;
END_FUNCTION_BLOCK

FUNCTION "Add" : Int
VERSION : 0.1
   VAR_INPUT a : Int; b : Int; END_VAR
BEGIN
   #Add := #a + #b;
END_FUNCTION

FUNCTION "DivMod" : Void
   VAR_INPUT a : DInt; b : DInt; END_VAR
   VAR_OUTPUT q : DInt; r : DInt; END_VAR
BEGIN
   #q := #a / #b;
   #r := #a MOD #b;
END_FUNCTION

FUNCTION "Bump" : Bool
   VAR_IN_OUT v : Int; END_VAR
   VAR_TEMP t : Int; END_VAR
BEGIN
   #t := #v + 1;
   #v := #t;
   IF #v > 2 THEN
      #Bump := TRUE;
      RETURN;
   END_IF;
   #Bump := FALSE;
END_FUNCTION

FUNCTION "SumPoint" : Int
   VAR_IN_OUT p : "UDT_Point"; END_VAR
BEGIN
   #p.x := #p.x + 1;
   #SumPoint := #p.x + #p.y;
END_FUNCTION
"""

STRUCTURED = [
    c("array_nonzero_lower_bound", "a : Array[-2..2] of Int;", "#a[-2] := 5; #a[2] := #a[-2] * 2;",
      {"a[-2]": 5, "a[2]": 10, "a[0]": 0}),
    c("array_index_variable", "a : Array[1..5] of Int; i : Int;", "FOR #i := 1 TO 5 DO #a[#i] := #i * #i; END_FOR;",
      {"a[1]": 1, "a[5]": 25}),
    c("array_two_dimensions", "a : Array[1..2, 0..2] of Int; i : Int; j : Int;",
      "FOR #i := 1 TO 2 DO FOR #j := 0 TO 2 DO #a[#i, #j] := #i * 10 + #j; END_FOR; END_FOR;",
      {"a[1,0]": 10, "a[2,2]": 22, "a[1,2]": 12}),
    c("array_initializers", "a : Array[1..3] of Int := [1, 2, 3]; b : Array[0..3] of Real := [2(1.5), 2(0.0)];",
      ";", {"a[2]": 2, "b[1]": 1.5, "b[3]": 0.0}),
    c("array_of_bool", "a : Array[0..9] of Bool; i : Int;", "FOR #i := 0 TO 9 BY 3 DO #a[#i] := TRUE; END_FOR;",
      {"a[0]": True, "a[1]": False, "a[9]": True}),
    c("struct_assignment_copies", "p : \"UDT_Point\"; q : \"UDT_Point\";", "#p.x := 1; #q := #p; #p.x := 2;",
      {"q.x": 1, "p.x": 2, "q.y": 7}, prelude=_PRELUDE_TYPES),
    c("array_of_udt", "pts : Array[1..3] of \"UDT_Point\"; i : Int;",
      "FOR #i := 1 TO 3 DO #pts[#i].x := #i; END_FOR;", {"pts[3].x": 3, "pts[2].y": 7}, prelude=_PRELUDE_TYPES),
    c("array_assignment_copies", "a : Array[1..2] of Int := [1, 2]; b : Array[1..2] of Int;",
      "#b := #a; #a[1] := 9;", {"b[1]": 1, "a[1]": 9}),
    c("array_of_struct_copy_through_variable_index",
      "rows : Array[1..3] of Struct pts : Array[1..2] of \"UDT_Point\"; END_STRUCT; "
      "keep : Array[1..2] of \"UDT_Point\"; i : Int := 2;",
      "#rows[#i].pts[1].x := 5; #keep := #rows[#i].pts; #rows[#i].pts[1].x := 6;",
      {"keep[1].x": 5, "rows[2].pts[1].x": 6, "keep[2].y": 7}, prelude=_PRELUDE_TYPES),
    c("anonymous_struct", "s : Struct on : Bool; level : Real; END_STRUCT;", "#s.on := TRUE; #s.level := 2.5;",
      {"s.on": True, "s.level": 2.5}),
    c("nested_fb_instances", "inner : \"Inner\"; n : Int;", "#inner(step := 2); #inner(); #n := #inner.count;",
      {"n": 12}, scans(3), prelude=_PRELUDE_FBS),
    c("fb_output_binding", "inner : \"Inner\"; n : Int;", "#inner(step := 5, count => #n);", {"n": 10}, scans(2),
      prelude=_PRELUDE_FBS),
    c("fb_positional_call", "inner : \"Inner\";", "#inner(3);", {"inner.count": 6}, scans(2), prelude=_PRELUDE_FBS),
    c("fc_return_value", "r : Int;", "#r := \"Add\"(a := 40, b := 2) + \"Add\"(1, 1);", {"r": 44}, prelude=_PRELUDE_FBS),
    c("fc_outputs", "q : DInt; r : DInt;", "\"DivMod\"(a := -7, b := 2, q => #q, r => #r);", {"q": -3, "r": -1},
      prelude=_PRELUDE_FBS),
    c("fc_in_out_and_return", "v : Int; hit : Bool;", "#hit := \"Bump\"(v := #v);", {"v": 3, "hit": True}, scans(3),
      prelude=_PRELUDE_FBS),
    c("fc_struct_in_out_by_reference", "p : \"UDT_Point\"; s : Int;", "#s := \"SumPoint\"(p := #p);",
      {"p.x": 2, "s": 9}, scans(2), prelude=_PRELUDE_FBS),
    c("fc_int_overflow_inside", "r : Int;", "#r := \"Add\"(a := 32767, b := 1);", {"r": -32768}, prelude=_PRELUDE_FBS),
    c("slice_read_bits", "w : Word := 16#0108; b3 : Bool; b0 : Bool; hi : Byte;",
      "#b3 := #w.%X3; #b0 := #w.%X0; #hi := #w.%B1;", {"b3": True, "b0": False, "hi": 1}),
    c("slice_write_bits", "w : Word; d : DWord;", "#w.%X0 := TRUE; #w.%X4 := TRUE; #d.%W1 := 16#ABCD;",
      {"w": 17, "d": 0xABCD0000}),
    c("slice_write_sign_bit", "i : Int;", "#i.%X15 := TRUE;", {"i": -32768}),
    c("slice_clear_bit", "b : Byte := 16#FF;", "#b.%X7 := FALSE;", {"b": 0x7F}),
    c("global_db_access", "x : Int;", "\"Data\".count := \"Data\".count + 1; #x := \"Data\".count;", {"x": 3},
      scans(3), prelude='DATA_BLOCK "Data"\nVERSION : 0.1\nNON_RETAIN\n  STRUCT\n   count : Int;\n  END_STRUCT;\n'
                        'BEGIN\nEND_DATA_BLOCK\n'),
    c("db_begin_section_initialises", "x : Real;", "#x := \"Cfg\".gain;", {"x": 2.5},
      prelude='DATA_BLOCK "Cfg"\nNON_RETAIN\n  STRUCT\n   gain : Real := 1.0;\n  END_STRUCT;\nBEGIN\n   gain := 2.5;\n'
              'END_DATA_BLOCK\n'),
    c("fb_input_keeps_previous_value", "inner : \"Inner\";", "#inner(step := 4); #inner();", {"inner.count": 8},
      prelude=_PRELUDE_FBS),
]

CASES = INTEGER + REAL + CONTROL + TIMERS + EDGES_COUNTERS + STRINGS + STRUCTURED


def _equal(actual: Any, expected: Any) -> bool:
    if expected == "nan":
        return isinstance(actual, float) and math.isnan(actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    return actual == expected and type(actual) is type(expected)


def test_there_are_at_least_150_cases() -> None:
    assert len(CASES) >= 150
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_conformance(case: Case, tmp_path: Path) -> None:
    plc = case_plc(tmp_path, case.decls, case.body, case.prelude, case.sections)
    run_steps(plc, case.steps)
    actual = {name: plc.read(f"T.{name}") for name in case.expect}
    mismatches = {name: (actual[name], value) for name, value in case.expect.items() if not _equal(actual[name], value)}
    assert not mismatches, f"(actual, expected): {mismatches}"
