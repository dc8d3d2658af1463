"""C&E coverage: which cells the test runs exercised, how they went, and how fast the effects reacted.

The results are cucumber JSON files written with ``--hil-cucumber`` (one per run, or a folder of them).
A scenario exercises the cells whose ids its name carries (the generator puts them first, the rule in
brackets after them); hand-written scenarios can do the same. A cell is ``passed`` when every scenario
exercising it passed, ``failed`` when any failed, ``not exercised`` when none ran.

Reaction times: the plugin adds ``reaction_time_ns`` to every passed ``within`` step. A cell's samples
come from its scenarios' checks of the effect's tag or feedback reaching the safe state, timed from the
last action (a chain of ``within`` checks after a ``When`` adds up; other checks break it), summarised as min / median / p95 / max and the margin of the worst one to the allowed time
(on-delay + effect delay + maximum response).
"""
from __future__ import annotations

import html
import json
import math
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hil.errors import ConfigError
from hil.safety._binding import Binding
from hil.safety._generate import _safe
from hil.safety._model import Cell, Matrix

__all__ = ["CellCoverage", "Coverage", "ScenarioRun", "coverage", "coverage_html", "load_results", "write_html"]

_RULE = re.compile(r"\[(?P<rule>[^\]]+)\]")


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario of one run, as the cucumber JSON tells it."""

    source: str
    feature: str
    name: str
    passed: bool
    steps: list[dict[str, Any]]
    error: str = ""

    @property
    def rule(self) -> str:
        found = _RULE.search(self.name)
        return found["rule"] if found else "hand-written"


@dataclass
class CellCoverage:
    cell: Cell
    runs: list[ScenarioRun] = field(default_factory=list)
    reactions_ns: list[int] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.runs:
            return "not exercised"
        return "passed" if all(r.passed for r in self.runs) else "failed"

    def stats(self) -> dict[str, float] | None:
        """Reaction times in ms: n, min, median, p95 (nearest rank), max, margin to the allowed time."""
        if not self.reactions_ns:
            return None
        ms = sorted(ns / 1e6 for ns in self.reactions_ns)
        p95 = ms[max(0, math.ceil(0.95 * len(ms)) - 1)]
        return {"n": len(ms), "min": ms[0], "median": statistics.median(ms), "p95": p95, "max": ms[-1],
                "allowed": self.cell.allowed_ns / 1e6, "margin": self.cell.allowed_ns / 1e6 - ms[-1]}

    def as_json(self) -> dict[str, Any]:
        c = self.cell
        return {"id": c.id, "sif": c.cause.sif_id, "cause": c.cause.tag, "effect": c.effect_tag, "action": c.action,
                "allowed_ms": c.allowed_ns / 1e6, "status": self.status, "reaction_ms": self.stats(),
                "rules": sorted({r.rule for r in self.runs}),
                "scenarios": [{"name": r.name, "feature": r.feature, "run": r.source,
                               "status": "passed" if r.passed else "failed", **({"error": r.error} if r.error else {})}
                              for r in self.runs]}


@dataclass
class Coverage:
    matrix: Matrix
    cells: list[CellCoverage]
    sources: list[str]

    def counts(self) -> dict[str, int]:
        counts = {"passed": 0, "failed": 0, "not exercised": 0}
        for cell in self.cells:
            counts[cell.status] += 1
        return counts

    def as_json(self) -> dict[str, Any]:
        return {"matrix": str(self.matrix.path), "runs": self.sources, "summary": self.counts(),
                "cells": [c.as_json() for c in self.cells]}

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_results(paths: list[Path]) -> list[ScenarioRun]:
    """Read cucumber JSON files (a folder: every ``*.json`` in it, one file per run)."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise ConfigError("no cucumber JSON results found; run pytest with --hil-cucumber FILE",
                          where=", ".join(map(str, paths)))
    runs = []
    for file in files:
        try:
            features = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read cucumber JSON: {exc}", where=str(file)) from exc
        if not isinstance(features, list):
            raise ConfigError("not cucumber JSON (a list of features expected)", where=str(file))
        for feature in features:
            for element in feature.get("elements", []):
                steps = element.get("steps", [])
                bad = [s for s in steps if s.get("result", {}).get("status") != "passed"]
                after = [a for a in element.get("after", []) if a.get("result", {}).get("status") == "failed"]
                errors = [s["result"].get("error_message", "") for s in bad + after if s["result"].get("error_message")]
                runs.append(ScenarioRun(str(file), feature.get("uri", ""), element.get("name", ""),
                                        not bad and not after, steps, errors[0] if errors else ""))
    return runs


def _names_cell(name: str, cell_id: str) -> bool:
    return re.search(rf"(?<![\w/-]){re.escape(cell_id)}(?![\w/-])", name) is not None


def coverage(matrix: Matrix, binding: Binding, results: list[Path]) -> Coverage:
    """Match the scenarios of ``results`` to the cells of ``matrix``."""
    runs = load_results(results)
    background = set(binding.background)
    cells = []
    for cell in matrix:
        entry = CellCoverage(cell)
        effect = binding.effect(cell)
        safe = _safe(cell, binding)[0]  # only the steps that see the effect reach its safe state
        watched = tuple(f"{name} is {state} within " for name, state in
                        ((effect.tag, safe), (effect.feedback, effect.feedback_safe or safe)) if name)
        for run in runs:
            if not _names_cell(run.name, cell.id):
                continue
            entry.runs.append(run)
            kind, elapsed = "", None
            for step in run.steps:
                # From the action, 'within' checks run one after the other: the time from the cause to
                # each of them is the sum of their reaction times. Any other check breaks the chain.
                text, keyword = step.get("name", ""), step.get("keyword", "").strip().lower()
                kind = keyword if keyword in ("given", "when", "then") else kind
                if kind != "then" or text in background:
                    elapsed = 0 if kind == "when" else None
                elif "reaction_time_ns" not in step or elapsed is None:
                    elapsed = None
                else:
                    elapsed += int(step["reaction_time_ns"])
                    if text.startswith(watched):
                        entry.reactions_ns.append(elapsed)
        cells.append(entry)
    return Coverage(matrix, cells, sorted({r.source for r in runs}))


# -- the HTML page: the matrix, cell by cell, with its evidence ---------------------------------------
_COLOURS = {"passed": "#c8e6c9", "failed": "#ffcdd2", "not exercised": "#eeeeee"}
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #bbb; padding: 4px 8px; vertical-align: top; font-size: 0.9em; }
th { background: #f5f5f5; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.grid td { text-align: center; min-width: 5em; }
details { font-size: 0.85em; }
.neg { color: #b71c1c; font-weight: bold; }
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _grid(report: Coverage) -> list[str]:
    """The matrix view: causes × effects, each cell coloured by its status."""
    causes = list(dict.fromkeys(c.cell.cause.tag for c in report.cells))
    effects = list(dict.fromkeys(c.cell.effect_tag for c in report.cells))
    by_pair = {(c.cell.cause.tag, c.cell.effect_tag): c for c in report.cells}
    out = ["<table class='grid'><tr><th>cause \\ effect</th>", *(f"<th>{_e(e)}</th>" for e in effects), "</tr>"]
    for cause in causes:
        out.append(f"<tr><th>{_e(cause)}</th>")
        for effect in effects:
            entry = by_pair.get((cause, effect))
            if entry is None:
                out.append("<td></td>")
            else:
                out.append(f"<td style='background:{_COLOURS[entry.status]}' title='{_e(entry.status)}'>"
                           f"{_e(entry.cell.mark)}<br><small>{_e(entry.cell.id)}</small></td>")
        out.append("</tr>")
    out.append("</table>")
    return out


def _row(entry: CellCoverage) -> str:
    c, stats = entry.cell, entry.stats() or {}
    margin = stats.get("margin")
    margin_cell = "" if margin is None else f"<span class='{'neg' if margin < 0 else ''}'>{margin:.1f}</span>"
    scenarios = "".join(
        f"<li>{'✔' if r.passed else '✘'} {_e(r.name)} <small>({_e(r.feature)})</small>"
        + (f"<pre>{_e(r.error)}</pre>" if r.error else "") + "</li>" for r in entry.runs)
    evidence = f"<details><summary>{len(entry.runs)} scenario run(s)</summary><ul>{scenarios}</ul></details>" \
        if entry.runs else "—"
    return (f"<tr><td>{_e(c.id)}</td><td>{_e(c.cause.sif_id)}</td><td>{_e(c.cause.tag)}</td><td>{_e(c.effect_tag)} "
            f"{_e(c.action)}</td><td style='background:{_COLOURS[entry.status]}'>{_e(entry.status)}</td>"
            f"<td>{_e(', '.join(sorted({r.rule for r in entry.runs})))}</td>"
            f"<td class='num'>{_ms(c.allowed_ns / 1e6)}</td><td class='num'>{stats.get('n', '')}</td>"
            + "".join(f"<td class='num'>{_ms(stats.get(k))}</td>" for k in ("min", "median", "p95", "max"))
            + f"<td class='num'>{margin_cell}</td><td>{evidence}</td></tr>")


def coverage_html(report: Coverage) -> str:
    counts = report.counts()
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'>",
           f"<title>C&amp;E coverage: {_e(report.matrix.path.name)}</title><style>{_STYLE}</style></head><body>",
           f"<h1>C&amp;E coverage: {_e(report.matrix.path.name)}</h1>",
           f"<p>{len(report.cells)} cells: {_e(summary)}. Runs: {_e(', '.join(report.sources))}.</p>",
           *_grid(report),
           "<table><tr><th>cell</th><th>SIF</th><th>cause</th><th>effect</th><th>status</th><th>rules</th>"
           "<th>allowed ms</th><th>n</th><th>min ms</th><th>median ms</th><th>p95 ms</th><th>max ms</th>"
           "<th>margin ms</th><th>scenarios</th></tr>",
           *(_row(entry) for entry in report.cells), "</table>",
           "<p><small>Reaction times are measured on the trace of the cycle that observed the effect (resolution: "
           "one PLC cycle); the margin is the allowed time minus the slowest reaction.</small></p></body></html>"]
    return "\n".join(out) + "\n"


def write_html(report: Coverage, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(coverage_html(report), encoding="utf-8")
