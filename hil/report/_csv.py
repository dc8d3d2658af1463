"""Trace → CSV: one row per cycle, time in seconds, BOOLs as 0/1, unobserved cells empty."""
from __future__ import annotations

import csv
from pathlib import Path

from hil.kernel import Trace

__all__ = ["write_csv"]


def _cell(value: bool | int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return repr(value) if isinstance(value, float) else str(value)


def write_csv(trace: Trace, path: Path) -> Path:
    """Write ``trace`` to ``path`` (columns sorted by name after ``t_s``); returns the path."""
    names = sorted(trace.columns)
    columns = [trace.columns[name] for name in names]
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["t_s", *names])
        for row, t_ns in enumerate(trace.times_ns):
            writer.writerow([f"{t_ns / 1e9:.9f}".rstrip("0").rstrip("."), *(_cell(c[row]) for c in columns)])
    return path
