"""Which rig a scenario runs on, and the lines (started PLCs) shared by the scenarios of a session.

A battery-line suite has one rig per station plus line rigs; the rig of a scenario is, first found:

1. ``--hil-rig`` / ``HIL_RIG`` given for this run (it overrides everything: a real rig, a line rig);
2. the Gherkin tag ``@rig(path)`` (or ``@rig:path``) on the scenario or feature, relative to the feature;
3. the one ``*.rig.toml`` beside the feature file;
4. ``hil_rig`` in the ini file.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from hil.errors import ConfigError
from hil.kernel import Line
from hil.plc import BaseTarget
from hil.pytest_plugin._options import Settings
from hil.rig import PlcSpec, Rig, load_rig

__all__ = ["LinePool", "feature_file", "rig_path_for"]


def feature_file(item: pytest.Item) -> Path | None:
    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
    return Path(template.feature.filename) if template is not None else None


def rig_path_for(item: pytest.Item, settings: Settings) -> Path:
    if settings.rig is not None and settings.rig_explicit:
        return settings.rig
    feature = feature_file(item)
    marker = item.get_closest_marker("rig")
    if marker is not None and marker.args:
        base = feature.parent if feature is not None else Path(str(item.path)).parent
        return (base / str(marker.args[0])).resolve()
    if feature is not None:
        beside = sorted(feature.parent.glob("*.rig.toml"))
        if len(beside) == 1:
            return beside[0]
        if len(beside) > 1:
            names = ", ".join(p.name for p in beside)
            raise ConfigError(f"{feature}: several rigs beside this feature ({names}); tag it @rig(<file>)")
    if settings.rig is not None:
        return settings.rig
    raise ConfigError("no rig file: put one *.rig.toml beside the feature, tag the feature @rig(<file>), "
                      "pass --hil-rig, set hil_rig in the ini file, or set HIL_RIG")


class LinePool:
    """One started :class:`Line` per rig file, opened on first use and closed with the session."""

    def __init__(self, target_kind: str, target_factory: Callable[[PlcSpec, str], BaseTarget | None] | None = None) -> None:
        self.target_kind = target_kind
        self._target_factory = target_factory
        self._rigs: dict[Path, Rig] = {}
        self._lines: dict[Path, Line] = {}

    def rig(self, path: Path) -> Rig:
        resolved = path.resolve()
        if resolved not in self._rigs:
            self._rigs[resolved] = load_rig(resolved)
        return self._rigs[resolved]

    def line(self, path: Path) -> Line:
        resolved = path.resolve()
        line = self._lines.get(resolved)
        if line is None:
            line = self._lines[resolved] = Line(self.rig(resolved), self.target_kind, self._target_factory).open()
        return line

    def close(self) -> None:
        errors = []
        for line in self._lines.values():
            try:
                line.close()
            except Exception as exc:  # close the others too
                errors.append(exc)
        self._lines.clear()
        if errors:
            raise errors[0]
