"""Random nested programs (IF, CASE, FOR, WHILE, REPEAT, arrays of structs, slices, FB calls) must compile to
valid Python and run: the generator may refuse a construct, but never emit code Python rejects."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from st_harness import case_plc

DECLS = ("a : Array[0..4] of Int; b : Array[1..3] of Struct v : DInt; w : Word; END_STRUCT; i : Int; j : Int; "
         "k : DInt; r : Real; s : String[6]; x : Bool; t : TON; e : R_TRIG; n : Int; c0 : Int; c1 : Int; c2 : Int; "
         "c3 : Int; f0 : Int; f1 : Int; f2 : Int; f3 : Int;")


class _Fuzz:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def int_expr(self, depth: int = 2) -> str:
        rng = self.rng
        leaves = ["#i", "#j", "#n", "#a[#i MOD 5]", "3", "#a[2]", "INT#-4", "DINT_TO_INT(#b[#j MOD 3 + 1].v)",
                  "WORD_TO_INT(#b[1].w AND 16#00FF)", "LEN(#s)", "REAL_TO_INT(#r)"]
        if depth == 0 or rng.random() < 0.3:
            return rng.choice(leaves)
        op = rng.choice(["+", "-", "*", "/", "MOD"])
        return f"({self.int_expr(depth - 1)} {op} {self.int_expr(depth - 1)})"

    def cond(self) -> str:
        rng = self.rng
        parts = [f"{self.int_expr(1)} {rng.choice(['<', '>', '=', '<>', '<=', '>='])} {self.int_expr(1)}",
                 "#x", "NOT #x", "#b[2].w.%X3", "#t.Q", "#e.Q", "#s = 'abc'"]
        return f" {rng.choice(['AND', 'OR', 'XOR'])} ".join(rng.sample(parts, 2))

    def stmt(self, depth: int) -> str:
        rng = self.rng
        simple = [
            f"#a[#i MOD 5] := {self.int_expr()};",
            f"#b[#j MOD 3 + 1].v := #k + {self.int_expr()};",
            f"#b[#j MOD 3 + 1].w.%X{rng.randint(0, 15)} := {self.cond()};",
            f"#r := #r * 0.5 + INT_TO_REAL({self.int_expr()});",
            "#s := CONCAT(LEFT(#s, 2), 'xyz');",
            f"#x := {self.cond()};",
            "#t(IN := #x, PT := T#30MS);",
            "#e(CLK := #x);",
            "#n := #n + 1;",
        ]
        if depth == 0 or rng.random() < 0.4:
            return rng.choice(simple)
        kind = rng.choice(["if", "case", "for", "while", "repeat"])
        body = " ".join(self.stmt(depth - 1) for _ in range(rng.randint(1, 3)))
        if kind == "if":
            return f"IF {self.cond()} THEN {body} ELSIF #x THEN {self.stmt(depth - 1)} ELSE {self.stmt(depth - 1)} END_IF;"
        if kind == "case":
            return f"CASE {self.int_expr(1)} OF 0, 1: {body} 2..5: {self.stmt(depth - 1)} ELSE ; END_CASE;"
        if kind == "for":
            var = f"#f{depth}"  # one FOR variable per nesting level (assigning it inside is refused)
            return f"FOR {var} := 4 TO 0 BY -{rng.randint(1, 2)} DO #a[{var}] := #a[{var}] + 1; {body} " \
                   "IF #x THEN EXIT; END_IF; END_FOR;"
        counter = f"#c{depth}"  # one loop counter per nesting level: inner loops never reset outer ones
        if kind == "while":
            return f"{counter} := 0; WHILE {counter} < 3 DO {counter} := {counter} + 1; {body} IF #x THEN CONTINUE; " \
                   "END_IF; END_WHILE;"
        return f"{counter} := 0; REPEAT {counter} := {counter} + 1; {body} UNTIL {counter} >= 2 END_REPEAT;"


@pytest.mark.parametrize("seed", range(12))
def test_random_programs_compile_and_run(tmp_path: Path, seed: int) -> None:
    fuzz = _Fuzz(random.Random(seed))
    body = "\n".join(fuzz.stmt(3) for _ in range(8))
    plc = case_plc(tmp_path, DECLS, body)
    plc.scan(3)
    assert -32768 <= plc.read("T.n") <= 32767
