"""Mutants of a control program's source: the changes a mistaken edit would make, to check that the
scenarios notice them.

Operators (each applied at one place at a time, in code only, never in comments):

* ``comparison``: ``>=`` ↔ ``<``, ``<=`` ↔ ``>``, ``=`` ↔ ``<>``;
* ``constant``: a numeric literal scaled (a set point moved by 10 %, an integer halved or doubled);
* ``negation``: a ``NOT`` removed;
* ``timer``: a ``T#…`` preset or a Logix ``.PRE :=`` value halved;
* ``boolean``: ``TRUE`` ↔ ``FALSE``.

SCL sources are mutated line by line; in an L5X only the ST routine lines (``<![CDATA[...]]>`` inside
``<STContent>``) are.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Mutant", "mutants"]


@dataclass(frozen=True)
class Mutant:
    """One change: the operator, the line (from 1), the text before and after, the whole new source."""

    operator: str
    line: int
    before: str
    after: str
    source: str

    def __str__(self) -> str:
        return f"line {self.line} [{self.operator}]: {self.before.strip()}  →  {self.after.strip()}"


_COMPARISONS = {">=": "<", "<=": ">", "<>": "=", ">": "<=", "<": ">=", "=": "<>"}
_COMPARISON = re.compile(r"(?<![:<>=])(>=|<=|<>|>|<|=)(?![=>])")
_NUMBER = re.compile(r"(?<![\w#.])(\d+\.\d+|\d+)(?![\w#.])")
_NOT = re.compile(r"\bNOT\s+", re.IGNORECASE)
_TIME = re.compile(r"\b(T#|TIME#)(\d+)(MS|S)\b", re.IGNORECASE)
_PRESET = re.compile(r"(\.PRE\s*:=\s*)(\d+)")
_BOOLEAN = re.compile(r"\b(TRUE|FALSE)\b", re.IGNORECASE)


def _code_part(line: str) -> tuple[str, str]:
    """The line split into code and a trailing // comment."""
    index = line.find("//")
    return (line, "") if index < 0 else (line[:index], line[index:])


def _in_string(code: str, index: int) -> bool:
    return code.count("'", 0, index) % 2 == 1


def _line_mutations(code: str) -> Iterator[tuple[str, str]]:
    if "{" in code and "}" in code:  # TIA attributes ({InstructionName := 'IEC_TIMER'; ...}): not logic
        code_for_matches = re.sub(r"\{[^}]*\}", lambda m: " " * len(m[0]), code)
    else:
        code_for_matches = code
    yield from _raw_line_mutations(code, code_for_matches)


def _raw_line_mutations(code: str, scan: str) -> Iterator[tuple[str, str]]:
    """Mutations of ``code``, finding places in ``scan`` (``code`` with attributes blanked out)."""
    for match in _COMPARISON.finditer(scan):
        if code[max(0, match.start() - 1):match.start()] == ":" or _in_string(code, match.start()):
            continue  # := is an assignment
        yield "comparison", code[:match.start()] + _COMPARISONS[match[1]] + code[match.end():]
    for match in _NUMBER.finditer(scan):
        if _in_string(code, match.start()):
            continue
        text = match[1]
        if "." in text:
            new = f"{float(text) * 1.1:.6g}"
            new = new if "." in new or "e" in new else new + ".0"
        else:
            value = int(text)
            if value in (0, 1):
                continue  # indexes and bit numbers: not set points
            new = str(value // 2)
        yield "constant", code[:match.start()] + new + code[match.end():]
    for match in _NOT.finditer(scan):
        yield "negation", code[:match.start()] + code[match.end():]
    for match in _TIME.finditer(scan):
        yield "timer", code[:match.start(2)] + str(max(int(match[2]) // 2, 1)) + code[match.end(2):]
    for match in _PRESET.finditer(scan):
        yield "timer", code[:match.start(2)] + str(max(int(match[2]) // 2, 1)) + code[match.end(2):]
    for match in _BOOLEAN.finditer(scan):
        flipped = "FALSE" if match[1].upper() == "TRUE" else "TRUE"
        yield "boolean", code[:match.start()] + flipped + code[match.end():]


def _mutable_lines(source: str, l5x: bool) -> Iterator[tuple[int, str, str, str]]:
    """(line index, prefix, code, suffix) of each line whose code may be mutated."""
    in_block_comment = False
    in_routine = False
    for index, line in enumerate(source.split("\n")):
        if l5x:
            if "<STContent>" in line:
                in_routine = True
            if "</STContent>" in line:
                in_routine = False
            match = re.search(r"<!\[CDATA\[(.*)\]\]>", line)
            if not in_routine or match is None:
                continue
            code, comment = _code_part(match[1])
            yield index, line[:match.start(1)], code, comment + line[match.end(1):]
            continue
        stripped = line.strip()
        if in_block_comment or stripped.startswith("(*"):
            in_block_comment = "*)" not in stripped
            continue
        if not stripped or stripped.upper().startswith(("//", "{", "VERSION", "TITLE", "REGION", "END_REGION")):
            continue  # labels and headers, not logic
        code, comment = _code_part(line)
        yield index, "", code, comment


def mutants(source: str, *, l5x: bool = False, limit: int | None = None, seed: int = 0) -> list[Mutant]:
    """Every single-place mutant of ``source`` (an SCL file or an L5X), or ``limit`` of them chosen with
    ``seed``; declarations (``VAR`` sections, attributes) are included, so initial values are mutated too."""
    lines = source.split("\n")
    found = []
    seen: set[tuple[int, str]] = set()
    for index, prefix, code, suffix in _mutable_lines(source, l5x):
        for operator, mutated in _line_mutations(code):
            new_line = prefix + mutated + suffix
            if mutated == code or (index, new_line) in seen:  # one change reached by two operators counts once
                continue
            seen.add((index, new_line))
            new_lines = list(lines)
            new_lines[index] = new_line
            found.append(Mutant(operator, index + 1, lines[index], new_line, "\n".join(new_lines)))
    if limit is not None and len(found) > limit:
        found = random.Random(seed).sample(found, limit)
        found.sort(key=lambda m: (m.line, m.operator))
    return found
