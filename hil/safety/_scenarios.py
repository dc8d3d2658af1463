"""Scenarios as data, rendered to Gherkin: steps in the library's vocabulary only, Outlines with Examples.

A scenario's name starts with the ids of the matrix cells it exercises (``CE-OVN-601: …``, or
``<cell>: …`` in an Outline whose Examples carry a ``cell`` column) and then the rule in brackets
(``[trip]``), which is how the coverage report finds them again in cucumber JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from hil.bdd import match_phrase
from hil.errors import HilError

__all__ = ["Scenario", "render_feature", "step_kind"]


@dataclass
class Scenario:
    """One generated scenario (an Outline when ``examples`` is set: one row per case)."""

    rule: str
    title: str
    cells: list[str]
    sif: str
    steps: list[str]
    examples: list[dict[str, str]] = field(default_factory=list)

    @property
    def outline(self) -> bool:
        return bool(self.examples)

    def names(self) -> list[tuple[str, list[str]]]:
        """The rendered names of the scenario (one per Examples row) with the cells each exercises."""
        if not self.examples:
            return [(self.title, self.cells)]
        rendered = []
        for row in self.examples:
            name = self.title
            for key, value in row.items():
                name = name.replace(f"<{key}>", value)
            rendered.append((name, row["cell"].split(", ") if "cell" in row else self.cells))
        return rendered


def step_kind(line: str) -> tuple[str, str]:
    keyword, _, text = line.partition(" ")
    return keyword.lower(), text


def _check_vocabulary(kind: str, text: str, examples: list[dict[str, str]]) -> None:
    """Every generated step must be a phrase of docs/steps.md (Outline rows rendered first)."""
    rows = examples or [{}]
    for row in rows:
        rendered = text
        for key, value in row.items():
            rendered = rendered.replace(f"<{key}>", value)
        if match_phrase(kind, rendered) is None:
            raise HilError(f"generated step is not in the step vocabulary: {kind.title()} {rendered}")


def _table(rows: list[dict[str, str]]) -> list[str]:
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    lines = ["| " + " | ".join(c.ljust(widths[c]) for c in columns) + " |"]
    lines += ["| " + " | ".join(r[c].ljust(widths[c]) for c in columns) + " |" for r in rows]
    return lines


def render_feature(title: str, description: list[str], tags: list[str], background: list[str],
                   scenarios: list[Scenario], comments: list[str]) -> str:
    """The text of one .feature file."""
    out = [f"# {c}" for c in comments]
    out += [" ".join(f"@{t}" for t in tags)] if tags else []
    out.append(f"Feature: {title}")
    out += [f"  {line}" for line in description]
    if background:
        out += ["", "  Background: the line in normal operation"]
        for index, text in enumerate(background):
            out.append(f"    {'Given' if index == 0 else 'And'} {text}")
    for scenario in scenarios:
        out += ["", f"  @requirement({scenario.sif})",
                f"  {'Scenario Outline' if scenario.outline else 'Scenario'}: {scenario.title}"]
        previous = ""
        for line in scenario.steps:
            kind, text = step_kind(line)
            _check_vocabulary(kind, text, scenario.examples)
            keyword = "And" if kind == previous else kind.title()
            previous = kind
            out.append(f"    {keyword} {text}")
        if scenario.examples:
            out += ["", "    Examples:"] + [f"      {line}" for line in _table(scenario.examples)]
    return "\n".join(out) + "\n"
