"""Differential tests: random integer and REAL expressions compiled by the engine against an independent
reference evaluator (ctypes C integers for wrap-around and C division, numpy.float32 for REAL)."""
from __future__ import annotations

import ctypes
import random
from pathlib import Path

import numpy as np
import pytest
from st_harness import case_plc

_C_INT = {"INT": ctypes.c_int16, "DINT": ctypes.c_int32, "SINT": ctypes.c_int8}
_RANGE = {"INT": (-32768, 32767), "DINT": (-(2**31), 2**31 - 1), "SINT": (-128, 127)}


def _wrap(value: int, type_name: str) -> int:
    return _C_INT[type_name](value).value


def _cdiv(a: int, b: int) -> int:
    if b == 0:
        return 0  # policy int_div_by_zero
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


class _Gen:
    """Random expressions over the variables a, b, c with their reference values."""

    def __init__(self, rng: random.Random, t: str, values: dict[str, int]) -> None:
        self.rng, self.t, self.values = rng, t, values

    def int_expr(self, depth: int, literal: bool = False) -> tuple[str, int]:
        """Literals only as right operands: a constant-only expression would be folded and range-checked."""
        rng, t = self.rng, self.t
        if depth == 0 or rng.random() < 0.25:
            if not literal or rng.random() < 0.6:
                name = rng.choice("abc")
                return f"#{name}", self.values[name]
            value = rng.randint(0, 100)
            return str(value), value
        kind = rng.random()
        if kind < 0.12:
            text, value = self.int_expr(depth - 1)
            return f"-({text})", _wrap(-value, t)
        if kind < 0.2:
            text, value = self.int_expr(depth - 1)
            return f"ABS({text})", _wrap(abs(value), t)
        op = rng.choice(["+", "-", "*", "/", "MOD"])
        lt, lv = self.int_expr(depth - 1)
        rt, rv = self.int_expr(depth - 1, literal=True)
        if op == "+":
            value = _wrap(lv + rv, t)
        elif op == "-":
            value = _wrap(lv - rv, t)
        elif op == "*":
            value = _wrap(lv * rv, t)
        elif op == "/":
            value = _wrap(_cdiv(lv, rv), t)
        else:
            value = 0 if rv == 0 else lv - rv * _cdiv(lv, rv)
        return f"({lt} {op} {rt})", value


@pytest.mark.parametrize("type_name", ["INT", "DINT", "SINT"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_integer_expressions_match_the_reference(tmp_path: Path, type_name: str, seed: int) -> None:
    rng = random.Random(seed * 101 + len(type_name))
    low, high = _RANGE[type_name]
    values = {name: rng.randint(low, high) for name in "abc"}
    gen = _Gen(rng, type_name, values)
    exprs = [gen.int_expr(4) for _ in range(60)]
    decls = " ".join(f"{n} : {type_name} := {v};" for n, v in values.items()) + \
        f" r : Array[1..{len(exprs)}] of {type_name};"
    body = "\n".join(f"#r[{i}] := {text};" for i, (text, _) in enumerate(exprs, 1))
    plc = case_plc(tmp_path, decls, body)
    plc.scan()
    for i, (text, expected) in enumerate(exprs, 1):
        assert plc.read(f"T.r[{i}]") == expected, text


class _RealGen:
    def __init__(self, rng: random.Random, values: dict[str, np.float32]) -> None:
        self.rng, self.values = rng, values

    def expr(self, depth: int, literal: bool = False) -> tuple[str, np.float32]:
        rng = self.rng
        if depth == 0 or rng.random() < 0.25:
            if not literal or rng.random() < 0.7:
                name = rng.choice("xyz")
                return f"#{name}", self.values[name]
            value = rng.choice([0.1, 0.5, 1.5, 3.0, 1.0e3, 2.25])
            return repr(value), np.float32(value)
        op = rng.choice(["+", "-", "*", "/"])
        lt, lv = self.expr(depth - 1)
        rt, rv = self.expr(depth - 1, literal=True)
        with np.errstate(all="ignore"):
            value = {"+": lv + rv, "-": lv - rv, "*": lv * rv, "/": lv / rv}[op]
        return f"({lt} {op} {rt})", np.float32(value)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_real_expressions_are_float32_per_operation(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    values = {name: np.float32(rng.uniform(-1000.0, 1000.0)) for name in "xyz"}
    gen = _RealGen(rng, values)
    exprs = [gen.expr(4) for _ in range(60)]
    decls = " ".join(f"{n} : Real;" for n in values) + f" r : Array[1..{len(exprs)}] of Real;"
    body = "\n".join(f"#r[{i}] := {text};" for i, (text, _) in enumerate(exprs, 1))
    plc = case_plc(tmp_path, decls, body)
    for name, value in values.items():
        plc.write(f"T.{name}", float(value))
    plc.scan()
    for i, (text, expected) in enumerate(exprs, 1):
        actual = plc.read(f"T.r[{i}]")
        if np.isnan(expected):
            assert actual != actual, text
        else:
            assert actual == float(expected), text
