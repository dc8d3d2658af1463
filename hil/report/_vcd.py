"""Trace → VCD (IEEE 1364 value change dump), which GTKWave and most waveform viewers open.

BOOL signals become 1-bit wires, numbers become ``real`` variables; only changes are written, with
the timescale 1 ns, so the file holds the trace's integer-nanosecond times exactly.
"""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hil.kernel import Trace

__all__ = ["write_vcd"]


def _identifier(index: int) -> str:
    """Short VCD identifiers from the printable ASCII range ``!``..``~``."""
    chars = []
    index += 1
    while index:
        index, rest = divmod(index - 1, 94)
        chars.append(chr(33 + rest))
    return "".join(chars)


def _scope_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "_." else "_" for c in name)


def write_vcd(trace: Trace, path: Path, *, title: str = "battery-hil trace") -> Path:
    names = sorted(trace.columns)
    is_bool = {name: all(v is None or isinstance(v, bool) for v in trace.columns[name]) for name in names}
    ids = {name: _identifier(i) for i, name in enumerate(names)}
    lines = [
        f"$date {datetime.now(UTC).isoformat(timespec='seconds')} $end",
        f"$version {title} $end",
        "$timescale 1 ns $end",
        "$scope module hil $end",
    ]
    for name in names:
        kind = "wire 1" if is_bool[name] else "real 64"
        lines.append(f"$var {kind} {ids[name]} {_scope_name(name)} $end")
    lines += ["$upscope $end", "$enddefinitions $end"]
    previous: dict[str, object] = {}
    for row, t_ns in enumerate(trace.times_ns):
        changes = []
        for name in names:
            value = trace.columns[name][row]
            if value is None or previous.get(name) == value and type(previous.get(name)) is type(value):
                continue
            previous[name] = value
            changes.append(f"{int(bool(value))}{ids[name]}" if is_bool[name] else f"r{float(value)!r} {ids[name]}")
        if changes or row == 0:
            lines.append(f"#{t_ns}")
            lines.extend(changes)
    path.write_text("\n".join(lines) + "\n", encoding="ascii", errors="replace")
    return path
