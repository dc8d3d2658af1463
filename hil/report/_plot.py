"""Trace → PNG: one panel per signal, BOOLs as steps, numbers as lines, fault windows shaded."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hil.kernel import Trace

__all__ = ["write_png"]


def write_png(trace: Trace, path: Path, signals: Sequence[str] | None = None, *, title: str = "") -> Path:
    """Plot ``signals`` (default: every non-fault column) against virtual time in seconds."""
    import matplotlib

    matplotlib.use("Agg")  # no display on CI machines and rigs
    import matplotlib.pyplot as plt

    names = list(signals) if signals is not None else sorted(n for n in trace.columns if not n.startswith("fault:"))
    faults = sorted(n for n in trace.columns if n.startswith("fault:"))
    times = [t / 1e9 for t in trace.times_ns]
    windows = [w for fault in faults for w in _active_windows(times, trace.columns[fault])]
    figure, axes = plt.subplots(max(len(names), 1), 1, sharex=True, figsize=(10, 1.6 + 1.3 * len(names)), squeeze=False)
    for axis, name in zip(axes[:, 0], names):
        column = trace.columns.get(name, [])
        points = [(t, float(v)) for t, v in zip(times, column) if v is not None]
        if points:
            xs, ys = zip(*points)
            boolean = all(isinstance(v, bool) for v in column if v is not None)
            axis.step(xs, ys, where="post") if boolean else axis.plot(xs, ys)
            if boolean:
                axis.set_yticks([0, 1], ["off", "on"])
        for start, end in windows:
            axis.axvspan(start, end, color="tab:red", alpha=0.1, lw=0)
        axis.set_ylabel(name, rotation=0, ha="right", fontsize=8)
        axis.grid(True, alpha=0.3)
    axes[-1, 0].set_xlabel("virtual time [s]")
    if title:
        figure.suptitle(title, fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return path


def _active_windows(times: list[float], active: Sequence[object]) -> list[tuple[float, float]]:
    """Contiguous stretches of samples where a fault column is true, as (start, end) in seconds."""
    windows: list[tuple[float, float]] = []
    start = None
    for t, on in zip(times, active):
        if on and start is None:
            start = t
        elif not on and start is not None:
            windows.append((start, t))
            start = None
    if start is not None and times:
        windows.append((start, times[-1]))
    return windows
