"""Instruction statements of dialects that call instructions rather than FB instances
(:attr:`Dialect.instruction_calls`, Logix ST): ``JSR(Routine)``, ``RET()``, and the instructions that run
on a backing tag (``TONR(MyTimer)``, ``CTUD(C)``, ``OSRI(O)``: Logix ST manual, "Function block
instructions"). Ladder (RLL) front ends will reuse this table for their instructions.
"""
from __future__ import annotations

from hil.errors import close_matches
from hil.st import _ast as A
from hil.st import _types as T
from hil.st._context import Context
from hil.st._errors import StTypeError, StUnsupportedError
from hil.st._expr import ExprEmitter
from hil.st._logix_lib import INSTRUCTIONS

__all__ = ["InstructionEmitter", "routine_method"]

# Logix instructions that need predefined tags or byte-level copies the engine does not model yet.
_REFUSED = ("TON", "TOF", "RTO", "CTU", "CTD", "RES", "ONS", "OSR", "OSF", "COP", "CPS", "FLL", "GSV", "SSV", "MSG")


def routine_method(name: str) -> str:
    """The Python method of a Logix routine (``JSR(Fill)`` calls ``self._r_Fill()``)."""
    return "_r_" + "".join(ch if ch.isalnum() else "_" for ch in name)


class InstructionEmitter:
    """Emits the instruction statements; :meth:`statement` returns None for a call that is not one."""

    def __init__(self, ctx: Context, exprs: ExprEmitter) -> None:
        self.ctx = ctx
        self.exprs = exprs

    def statement(self, node: A.Call) -> list[str] | None:
        """JSR/RET, and a clear refusal of the Logix instructions that need predefined FBD/TIMER tags."""
        assert isinstance(node.callee, A.Name)
        word = node.callee.name.upper()
        if word == "RET":
            if node.params:
                raise StUnsupportedError("RET with return parameters", node.span)
            return [self.ctx.return_line]
        if word == "JSR":
            if not node.params or node.params[0].name is not None or not isinstance(node.params[0].value, A.Name):
                raise StTypeError("JSR takes the routine name first: JSR(RoutineName)", node.span)
            if len(node.params) > 1:
                raise StUnsupportedError("JSR with input/return parameters", node.params[1].span)
            routine = node.params[0].value.name
            pou = self.ctx.symbols.pous.get(self.ctx.scope.name.casefold())
            routines = pou.block.routines if pou is not None else {}
            match = next((r for r in routines if r.casefold() == routine.casefold()), None)
            if match is None:
                raise StTypeError(f"program {self.ctx.scope.name} has no ST routine '{routine}'",
                                  node.params[0].span, suggestions=close_matches(routine, list(routines)))
            return [f"self.{routine_method(match)}()"]
        if word in INSTRUCTIONS:
            backing, function, timed = INSTRUCTIONS[word]
            if len(node.params) != 1 or node.params[0].name is not None:
                raise StTypeError(f"{word} takes its backing tag: {word}(MyTag) with MyTag a {backing}", node.span)
            tag = self.exprs.expr(node.params[0].value)
            if not isinstance(tag.ty, T.StructT) or tag.ty.name.upper() != backing:
                raise StTypeError(f"{word} needs a {backing} tag, not {tag.ty}", node.params[0].span)
            # Timers also take S:FS: their "instruction first scan" initialisation (1756-RM003, TONR/RTOR Execution).
            return [f"_lx.{function}({tag.code}{', _NOW, _FS' if timed else ''})"]
        if word in _REFUSED:
            raise StUnsupportedError(f"the Logix instruction {word} is not supported in ST routines yet", node.span)
        return None
