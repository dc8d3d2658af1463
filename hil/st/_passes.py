"""Checker passes: analyses over the checked tree that report located warnings and never stop compilation.

Each pass is a :class:`CheckerPass` (a name and ``run(block, dialect) -> diagnostics``); :data:`PASSES`
lists the passes :func:`run_passes` applies to every block of a program. Front ends (SCL, IEC ST, Logix
ST; later RLL and LAD/FBD) produce the same tree, so every pass applies to every language.

:class:`TempReadBeforeWrite`: a VAR_TEMP read on a path where it was not written first. Its value is
then whatever the stack held (S7 standard-access blocks) or the type's default (optimized blocks; TIA
help, local data: Temp), so programs that rely on it behave differently on the CPU.

:class:`SelfResettingTimer`: ``#t(IN := NOT #t.Q, …)`` in a dialect whose timers update Q when it is read
(:attr:`Dialect.timer_outputs_on_access`, S7-1500): the read before the call already sees the timer
expired, so the call resets it in the same cycle and Q is never seen TRUE after it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from hil.st import _ast as A
from hil.st._context import Diagnostic
from hil.st._dialects import Dialect

__all__ = ["PASSES", "CheckerPass", "SelfResettingTimer", "TempReadBeforeWrite", "run_passes"]

_CODE_BLOCKS = ("FUNCTION_BLOCK", "FUNCTION", "ORGANIZATION_BLOCK", "PROGRAM")

# The set of temporaries definitely written so far; None: this point is never reached (after RETURN/EXIT).
State = frozenset[str] | None


class CheckerPass(Protocol):
    """One analysis over a block of the checked tree."""

    name: str

    def run(self, block: A.Block, dialect: Dialect) -> list[Diagnostic]:
        """The located findings for ``block``."""


def _join(states: Iterable[State]) -> State:
    """Where paths meet, a variable is written only if it was written on every path that gets there."""
    reached = [s for s in states if s is not None]
    if not reached:
        return None
    result = reached[0]
    for state in reached[1:]:
        result = result & state
    return result


def _root(expr: A.Expr) -> A.Name | None:
    while isinstance(expr, (A.Member, A.Index, A.Slice, A.BitIndex)):
        expr = expr.base
    return expr if isinstance(expr, A.Name) else None


class TempReadBeforeWrite:
    """Warns once per temporary, at its first read on a path where it was not definitely written."""

    name = "temp-read-before-write"

    def run(self, block: A.Block, dialect: Dialect) -> list[Diagnostic]:
        if block.kind not in _CODE_BLOCKS:
            return []
        temps: dict[str, str] = {}
        initialised: set[str] = set()
        for section in block.sections:
            if section.kind == "VAR_TEMP":
                for decl in section.decls:
                    temps[decl.name.casefold()] = decl.name
                    if decl.init is not None:
                        initialised.add(decl.name.casefold())
        if not temps:
            return []
        self._block = block
        self._temps = temps
        self._warned: dict[str, Diagnostic] = {}
        self._statements(block.body, frozenset(initialised))
        return list(self._warned.values())

    # ---- statements ---------------------------------------------------------------------------
    def _statements(self, statements: Sequence[A.Stmt], state: State) -> State:
        for statement in statements:
            if state is None:
                return None
            state = self._statement(statement, state)
        return state

    def _statement(self, st: A.Stmt, state: frozenset[str]) -> State:  # noqa: C901 - one branch per kind
        if isinstance(st, A.Assign):
            self._read(st.value, state)
            return self._write(st.target, state)
        if isinstance(st, A.CallStmt):
            return self._call(st.call, state)
        if isinstance(st, A.If):
            for test, _branch in st.branches:
                self._read(test, state)
            ends = [self._statements(branch, state) for _test, branch in st.branches]
            ends.append(self._statements(st.orelse, state) if st.orelse is not None else state)
            return _join(ends)
        if isinstance(st, A.Case):
            self._read(st.selector, state)
            ends = [self._statements(body, state) for _labels, body in st.arms]
            ends.append(self._statements(st.orelse, state) if st.orelse is not None else state)
            return _join(ends)
        if isinstance(st, A.For):
            for part in (st.start, st.end, st.step):
                if part is not None:
                    self._read(part, state)
            inside = self._write(st.var, state)
            self._statements(st.body, inside)
            return inside  # the loop may run zero times, but FOR assigns its variable first
        if isinstance(st, A.While):
            self._read(st.cond, state)
            self._statements(st.body, state)
            return state  # zero iterations possible
        if isinstance(st, A.Repeat):
            end = self._statements(st.body, state)
            if end is not None:
                self._read(st.cond, end)
            return state if _contains_exit(st.body) or end is None else end
        if isinstance(st, (A.Return, A.Exit, A.Continue)):
            return None
        return state

    # ---- expressions ----------------------------------------------------------------------------
    def _call(self, call: A.Call, state: frozenset[str]) -> frozenset[str]:
        written = set(state)
        for param in call.params:
            if param.output:
                self._index_reads(param.value, state)
                root = _root(param.value)
                if root is not None:
                    written.add(root.name.casefold())
            else:
                self._read(param.value, state)
                root = _root(param.value)  # an in-out may be written by the callee
                if root is not None and root is param.value:
                    written.add(root.name.casefold())
        return frozenset(written)

    def _write(self, target: A.Expr, state: frozenset[str]) -> frozenset[str]:
        self._index_reads(target, state)
        root = _root(target)
        if root is None or root.scope == "global":
            return state
        return state | {root.name.casefold()}

    def _index_reads(self, target: A.Expr, state: frozenset[str]) -> None:
        """The expressions inside a write target that are read (array indexes, indirect bit numbers)."""
        while isinstance(target, (A.Member, A.Index, A.Slice, A.BitIndex)):
            if isinstance(target, A.Index):
                for index in target.indices:
                    self._read(index, state)
            elif isinstance(target, A.BitIndex):
                self._read(target.index, state)
            target = target.base

    def _read(self, expr: A.Expr, state: frozenset[str]) -> None:
        if isinstance(expr, A.Name):
            key = expr.name.casefold()
            if expr.scope != "global" and key in self._temps and key not in state and key not in self._warned:
                self._warned[key] = Diagnostic(
                    expr.span, self.name,
                    f"temporary variable '#{self._temps[key]}' of \"{self._block.name}\" is read before it is "
                    "written on this path; temporaries do not keep values between calls and start undefined "
                    "in standard-access S7 blocks")
        elif isinstance(expr, (A.Member, A.Slice)):
            self._read(expr.base, state)
        elif isinstance(expr, A.Index):
            self._read(expr.base, state)
            for index in expr.indices:
                self._read(index, state)
        elif isinstance(expr, A.BitIndex):
            self._read(expr.base, state)
            self._read(expr.index, state)
        elif isinstance(expr, A.Unary):
            self._read(expr.operand, state)
        elif isinstance(expr, A.Binary):
            self._read(expr.left, state)
            self._read(expr.right, state)
        elif isinstance(expr, A.Call):
            for param in expr.params:
                self._read(param.value, state)


def _contains_exit(statements: Sequence[A.Stmt]) -> bool:
    for st in statements:
        if isinstance(st, A.Exit):
            return True
        if isinstance(st, A.If) and (any(_contains_exit(b) for _t, b in st.branches)
                                     or (st.orelse is not None and _contains_exit(st.orelse))):
            return True
        if isinstance(st, A.Case) and (any(_contains_exit(b) for _l, b in st.arms)
                                       or (st.orelse is not None and _contains_exit(st.orelse))):
            return True
    return False


def _same_path(a: A.Expr, b: A.Expr) -> bool:
    """Whether two access paths name the same variable (``#t`` / ``t``, ``"DB".t``, ``#s.t``)."""
    if isinstance(a, A.Name) and isinstance(b, A.Name):
        return a.name.casefold() == b.name.casefold() and (a.scope == b.scope or "auto" in (a.scope, b.scope))
    if isinstance(a, A.Member) and isinstance(b, A.Member):
        return a.member.casefold() == b.member.casefold() and _same_path(a.base, b.base)
    return False


def _reads_q_of(expr: A.Expr, instance: A.Expr) -> bool:
    if isinstance(expr, A.Member) and expr.member.casefold() == "q" and _same_path(expr.base, instance):
        return True
    if isinstance(expr, A.Unary):
        return _reads_q_of(expr.operand, instance)
    if isinstance(expr, A.Binary):
        return _reads_q_of(expr.left, instance) or _reads_q_of(expr.right, instance)
    return False


class SelfResettingTimer:
    """Warns where a timer's own Q feeds its IN in a dialect whose timers update Q when read."""

    name = "self-resetting-timer"

    def run(self, block: A.Block, dialect: Dialect) -> list[Diagnostic]:
        if not dialect.timer_outputs_on_access or block.kind not in _CODE_BLOCKS:
            return []
        found: list[Diagnostic] = []
        self._statements(block.body, found)
        return found

    def _statements(self, statements: Sequence[A.Stmt], found: list[Diagnostic]) -> None:
        for st in statements:
            if isinstance(st, A.CallStmt):
                self._call(st.call, found)
            elif isinstance(st, A.If):
                for _test, branch in st.branches:
                    self._statements(branch, found)
                self._statements(st.orelse or [], found)
            elif isinstance(st, A.Case):
                for _labels, body in st.arms:
                    self._statements(body, found)
                self._statements(st.orelse or [], found)
            elif isinstance(st, (A.For, A.While, A.Repeat)):
                self._statements(st.body, found)

    def _call(self, call: A.Call, found: list[Diagnostic]) -> None:
        callee = call.callee
        # #t.TON(…) on an IEC_TIMER: the instance is the method's base
        if isinstance(callee, A.Member) and callee.member.upper() in ("TON", "TOF", "TP", "TONR"):
            callee = callee.base
        for param in call.params:
            if param.name is not None and param.name.upper() == "IN" and _reads_q_of(param.value, callee):
                found.append(Diagnostic(
                    param.span, self.name,
                    "this timer resets itself through its own Q: on an S7-1500 reading Q before the call "
                    "already updates it (TIA help TON, Q and ET outputs), so the call restarts the timer in "
                    "the same cycle and Q is never seen TRUE after it; keep the pulse in a variable written "
                    "after the call, or restart the timer after the pulse"))


PASSES: tuple[CheckerPass, ...] = (TempReadBeforeWrite(), SelfResettingTimer())
"""The checker passes every program goes through, in order."""


def run_passes(sources: Iterable[A.Source], dialect: Dialect,
               passes: Sequence[CheckerPass] = PASSES) -> list[Diagnostic]:
    """Every pass over every block; the findings in source order."""
    found: list[Diagnostic] = []
    for source in sources:
        for block in source.blocks:
            for checker in passes:
                found.extend(checker.run(block, dialect))
    return sorted(found, key=lambda d: (d.span.path, d.span.line, d.span.column))
