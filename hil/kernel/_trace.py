"""The trace recorder: every cycle's observed signals, by virtual time. The evidence behind a verdict."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Sample", "Trace"]

Value = bool | int | float


@dataclass(frozen=True)
class Sample:
    """What one cycle observed at virtual time ``t_ns``: PLC tags read and plant signals, by key."""

    t_ns: int
    cycle: int
    values: Mapping[str, Value]


class Trace:
    """Samples in cycle order, stored by column so long runs stay compact and export fast."""

    def __init__(self) -> None:
        self.times_ns: list[int] = []
        self.columns: dict[str, list[Value | None]] = {}

    def __len__(self) -> int:
        return len(self.times_ns)

    def record(self, sample: Sample) -> None:
        row = len(self.times_ns)
        self.times_ns.append(sample.t_ns)
        columns = self.columns
        if len(sample.values) == len(columns) and all(key in columns for key in sample.values):
            for key, value in sample.values.items():  # the usual cycle: the same signals as before
                columns[key].append(value)
            return
        for key, value in sample.values.items():
            column = self.columns.get(key)
            if column is None:  # a signal watched from now on: earlier cycles did not observe it
                column = self.columns[key] = [None] * row
            column.append(value)
        for column in self.columns.values():
            if len(column) == row:
                column.append(None)

    def column(self, key: str) -> list[Value | None]:
        return self.columns[key]
