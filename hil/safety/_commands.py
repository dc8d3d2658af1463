"""``hil ce generate`` and ``hil ce coverage``: the command-line side of the C&E matrices.

    hil ce generate MATRIX.csv [--rig RIG] [--binding FILE] -o FOLDER
    hil ce coverage MATRIX.csv RESULTS… [--binding FILE] -o report.html   (also writes report.json)
    hil ce check MATRIX.csv [--rig RIG]                                      (read and validate only)
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from hil.rig import Rig, load_rig
from hil.safety._binding import Binding, binding_path, check_against_rig, load_binding
from hil.safety._model import Matrix
from hil.safety._reader import read_matrix

__all__ = ["add_ce_commands"]


def _load(args: argparse.Namespace) -> tuple[Matrix, Binding, Rig | None]:
    matrix = read_matrix(args.matrix)
    binding = load_binding(Path(args.binding) if args.binding else binding_path(matrix.path))
    rig_path = Path(args.rig) if getattr(args, "rig", None) else binding.rig
    rig = load_rig(rig_path) if rig_path is not None else None
    if rig is not None:
        check_against_rig(matrix, binding, rig)
    return matrix, binding, rig


def _check(args: argparse.Namespace) -> int:
    matrix, _, rig = _load(args)
    print(json.dumps({"matrix": str(matrix.path), "form": matrix.form, "cells": len(matrix), "sifs": matrix.sifs(),
                      "causes": [c.tag for c in matrix.causes()], "rig": str(rig.path) if rig else None},
                     indent=2, ensure_ascii=False))
    return 0


def _generate(args: argparse.Namespace) -> int:
    from hil.safety._generate import generate

    matrix, binding, rig = _load(args)
    folder = Path(args.output)
    generation = generate(matrix, binding, rig, folder=folder)
    written = generation.write(folder)
    summary = generation.summary()
    summary["written"] = [str(p) for p in written]
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from hil.safety._coverage import coverage, write_html

    matrix = read_matrix(args.matrix)
    binding = load_binding(Path(args.binding) if args.binding else binding_path(matrix.path))
    report = coverage(matrix, binding, [Path(r) for r in args.results])
    html_path = Path(args.output)
    write_html(report, html_path)
    report.write_json(html_path.with_suffix(".json"))
    counts = report.counts()
    print(f"{len(report.cells)} cells: " + ", ".join(f"{n} {status}" for status, n in counts.items())
          + f"; report: {html_path} (and {html_path.with_suffix('.json').name})")
    return 1 if counts["failed"] else 0


def add_ce_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``hil ce …`` to the ``hil`` command's sub-commands."""
    ce = commands.add_parser("ce", help="cause-and-effect matrices: check, generate scenarios, coverage")
    sub = ce.add_subparsers(dest="ce_command", required=True)
    for name, run, text in (("check", _check, "read and validate a C&E matrix (against a rig if one is known)"),
                            ("generate", _generate, "generate feature files from a C&E matrix"),
                            ("coverage", _coverage, "C&E coverage report (HTML + JSON) from cucumber JSON results")):
        command = sub.add_parser(name, help=text)
        command.add_argument("matrix", help="the C&E matrix (CSV, long or wide form)")
        command.add_argument("--binding", help="the rig binding (TOML; default: MATRIX with .toml beside it)")
        if name == "coverage":
            command.add_argument("results", nargs="+", help="cucumber JSON files (--hil-cucumber) or folders of them")
            command.add_argument("-o", "--output", default="ce-coverage.html", help="the HTML report (a .json beside it)")
        else:
            command.add_argument("--rig", help="the rig file (default: the binding's rig)")
        if name == "generate":
            command.add_argument("-o", "--output", required=True, help="the folder for the feature files")
        command.set_defaults(run=run)
