"""The per-station summary printed after a feature run: scenarios, passed, virtual time, wall time."""
from __future__ import annotations

from dataclasses import dataclass, field

from hil.units import format_duration

__all__ = ["StationSummary"]


@dataclass
class _Scenario:
    station: str = ""
    failed: bool = False
    wall_s: float = 0.0
    virtual_ns: int = 0


@dataclass
class StationSummary:
    """Fed with every test report's phase; knows which scenarios ran on which station (feature folder)."""

    scenarios: dict[str, _Scenario] = field(default_factory=dict)

    def add(self, nodeid: str, *, station: str | None, failed: bool, wall_s: float, virtual_ns: int | None) -> None:
        scenario = self.scenarios.setdefault(nodeid, _Scenario())
        scenario.failed = scenario.failed or failed
        scenario.wall_s += wall_s
        if station is not None:
            scenario.station = station
        if virtual_ns is not None:
            scenario.virtual_ns = virtual_ns

    def lines(self) -> list[str]:
        stations: dict[str, list[_Scenario]] = {}
        for scenario in self.scenarios.values():
            if scenario.station:
                stations.setdefault(scenario.station, []).append(scenario)
        if not stations:
            return []
        rows = [f"{'station':<24} {'scenarios':>9} {'passed':>7} {'virtual time':>14} {'wall time':>10}"]
        totals = [0, 0, 0, 0.0]
        for name in sorted(stations):
            group = stations[name]
            passed = sum(not s.failed for s in group)
            virtual = sum(s.virtual_ns for s in group)
            wall = sum(s.wall_s for s in group)
            rows.append(f"{name:<24} {len(group):>9} {passed:>7} {_short(virtual):>14} {wall:>9.1f}s")
            totals = [totals[0] + len(group), totals[1] + passed, totals[2] + virtual, totals[3] + wall]
        rows.append(f"{'all':<24} {totals[0]:>9} {totals[1]:>7} {_short(int(totals[2])):>14} {totals[3]:>9.1f}s")
        return rows


def _short(ns: int) -> str:
    """Virtual time as people read it: '12 min 30 s', '4.2 s'."""
    seconds = ns / 1e9
    if seconds >= 3600:
        return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60)} min"
    if seconds >= 60:
        return f"{int(seconds // 60)} min {int(seconds % 60)} s"
    return format_duration(ns - ns % 1_000_000)
