"""Conditions as steps write them: ``Oven.Alarm.OverTemp is on and zone2.temperature is above 150 °C``.

A condition is one or more ``<name> is <expectation>`` clauses joined by ``and``; each clause takes
every form :func:`~hil.bdd._values.parse_expectation` knows (values, tolerances, between, above ...).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from hil.bdd._values import Expectation, parse_expectation
from hil.errors import InputError, SourceLocation
from hil.kernel import Key, Sample, key_of
from hil.rig import SignalRef, TagRef

__all__ = ["Clause", "Condition", "parse_condition"]

NAME = r"[A-Za-z_][\w.:\[\]]*"
_CLAUSE = re.compile(rf"(?P<name>{NAME})\s+is\s+(?P<expected>.+)")
_AND = re.compile(rf"\s+and\s+(?={NAME}\s+is\b)")  # 'and' that starts a clause, not 'between a and b'


@dataclass(frozen=True)
class Clause:
    name: str
    ref: TagRef | SignalRef
    key: Key
    expectation: Expectation


@dataclass(frozen=True)
class Condition:
    clauses: tuple[Clause, ...]
    text: str

    def holds(self, sample: Sample) -> bool:
        return all(clause.expectation.matches(sample.values.get(clause.key)) for clause in self.clauses)


def parse_condition(
    text: str,
    resolve: Callable[[str], TagRef | SignalRef],
    *,
    where: SourceLocation | None = None,
) -> Condition:
    """Parse ``text`` with ``resolve`` turning names into tag or signal references."""
    clauses = []
    for part in _AND.split(text.strip()):
        match = _CLAUSE.fullmatch(part.strip())
        if match is None:
            raise InputError(f"cannot read the condition '{part.strip()}'; write '<tag or signal> is <value>', "
                             "e.g. 'Oven.Alarm.OverTemp is on' or 'zone2.temperature is above 150 °C'", where=where)
        ref = resolve(match["name"])
        clauses.append(Clause(match["name"], ref, key_of(ref), parse_expectation(match["expected"], ref, where=where)))
    return Condition(tuple(clauses), text.strip())
