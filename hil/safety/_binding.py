"""How a C&E matrix meets a rig: which rig names the generated scenarios drive and watch.

A matrix names instruments (``TSHH-222``, ``KM-227``); scenarios need rig names (``zone2.limit_ok``,
``Oven.Zone2.HeaterContactor``) and a way to bring the line into normal operation. Both come from a
small TOML file beside the matrix, ``<matrix>.toml`` (``oven_zone.ce.csv`` → ``oven_zone.ce.toml``)::

    rig = "oven_zone.rig.toml"            # relative to this file; `hil ce generate --rig` overrides it
    background = ["Oven.Cmd.Start is set to on", "Oven.Zone2.HeaterContactor is on within 100 ms"]
    reset = "Oven.Cmd.Reset"              # the manual reset command (pulsed for reset_pulse)
    restart = ""                          # a start command pulsed after the reset, where a trip needs one
    reset_pulse = "500 ms"
    hold = "2 s"                          # how long latched effects are watched after the cause clears

    [causes."TSHH-222"]
    signal = "zone2.limit_ok"             # a plant signal or PLC tag; a wired one is forced, others set
    bypass = "Oven.Cmd.Bypass"            # the bypass switch (bypass_allowed = Y), optional
    bypass_time = "10 min"                # when the bypass expires by itself, optional

    [effects."KM-227"]
    tag = "Oven.Zone2.HeaterContactor"    # what the PLC commands
    feedback = "zone2.heater_on"          # the actuator's feedback where the plant models it, optional
    safe = "off"                          # the safe state (default from the action: DE-ENERGIZE → off)

Without the file (or for a tag it does not list) the matrix tag itself must be a rig name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hil._textfiles import line_of_key, read_toml
from hil.errors import HilError, InputError, SourceLocation
from hil.rig import Rig, SignalRef
from hil.safety._model import Cause, Cell, Matrix, MatrixError
from hil.units import parse_duration

__all__ = ["Binding", "CauseBinding", "EffectBinding", "binding_path", "breakable", "check_against_rig", "is_wired",
           "load_binding", "reads_feedback"]

_TOP = ("rig", "background", "reset", "restart", "reset_pulse", "hold", "margin", "epsilon", "causes", "effects")
_CAUSE_KEYS = ("signal", "bypass", "bypass_time", "normal")
_EFFECT_KEYS = ("tag", "feedback", "safe", "normal", "feedback_safe")


@dataclass(frozen=True)
class CauseBinding:
    signal: str
    bypass: str = ""
    bypass_time_ns: int | None = None
    normal: str = ""


@dataclass(frozen=True)
class EffectBinding:
    tag: str
    feedback: str = ""
    safe: str = ""
    normal: str = ""
    feedback_safe: str = ""


@dataclass
class Binding:
    """The rig side of a matrix (see the module docs); an empty binding uses the matrix tags as rig names."""

    path: Path | None = None
    rig: Path | None = None
    background: list[str] = field(default_factory=list)
    reset: str = ""
    restart: str = ""
    reset_pulse_ns: int = 500_000_000
    hold_ns: int = 2_000_000_000
    epsilon_ns: int = 20_000_000
    causes: dict[str, CauseBinding] = field(default_factory=dict)
    effects: dict[str, EffectBinding] = field(default_factory=dict)

    def cause(self, cause: Cause) -> CauseBinding:
        return self.causes.get(cause.tag) or CauseBinding(cause.tag)

    def effect(self, cell: Cell) -> EffectBinding:
        return self.effects.get(cell.effect_tag) or EffectBinding(cell.effect_tag)


def binding_path(matrix_path: Path) -> Path:
    """``oven_zone.ce.csv`` → ``oven_zone.ce.toml``."""
    return matrix_path.with_suffix(".toml")


def _unknown_keys(data: dict[str, Any], known: tuple[str, ...], path: Path, text: str, what: str) -> None:
    from hil.errors import ConfigError, close_matches

    for key in data:
        if key not in known:
            raise ConfigError(f"unknown key '{key}' in {what}", where=SourceLocation(str(path), line_of_key(text, key)),
                              suggestions=close_matches(key, known))


def load_binding(path: Path | None) -> Binding:
    """Read a binding file; ``None`` or a missing file gives the empty binding."""
    if path is None or not path.exists():
        return Binding()
    data, text = read_toml(path, "C&E binding")
    _unknown_keys(data, _TOP, path, text, "the binding")

    def duration(key: str, default: int, table: dict[str, Any] = data) -> int:
        value = table.get(key)
        return default if value is None else parse_duration(str(value), where=SourceLocation(str(path),
                                                                                              line_of_key(text, key)))

    causes, effects = {}, {}
    for tag, table in data.get("causes", {}).items():
        _unknown_keys(table, _CAUSE_KEYS, path, text, f"[causes.\"{tag}\"]")
        causes[tag] = CauseBinding(str(table.get("signal", tag)), str(table.get("bypass", "")),
                                   duration("bypass_time", 0, table) or None, str(table.get("normal", "")))
    for tag, table in data.get("effects", {}).items():
        _unknown_keys(table, _EFFECT_KEYS, path, text, f"[effects.\"{tag}\"]")
        effects[tag] = EffectBinding(str(table.get("tag", tag)), str(table.get("feedback", "")),
                                     str(table.get("safe", "")), str(table.get("normal", "")),
                                     str(table.get("feedback_safe", "")))
    rig = data.get("rig")
    return Binding(path=path, rig=(path.parent / str(rig)).resolve() if rig else None,
                   background=[str(s) for s in data.get("background", [])], reset=str(data.get("reset", "")),
                   restart=str(data.get("restart", "")),
                   reset_pulse_ns=duration("reset_pulse", 500_000_000), hold_ns=duration("hold", 2_000_000_000),
                   epsilon_ns=duration("epsilon", 20_000_000), causes=causes, effects=effects)


def _where(binding: Binding, key: str, fallback: SourceLocation | None) -> SourceLocation | str | None:
    if binding.path is None:
        return fallback
    text = binding.path.read_text(encoding="utf-8")
    line = line_of_key(text, key)
    return SourceLocation(str(binding.path), line) if line else fallback


def check_against_rig(matrix: Matrix, binding: Binding, rig: Rig) -> None:
    """Every name the scenarios will use must exist in the rig; all problems are raised together.

    Raises:
        MatrixError: naming the matrix row (or the binding line) of each unknown name, with the closest names.
    """
    problems: list[InputError] = []

    def check(name: str, tag: str, fallback: SourceLocation | None, role: str) -> None:
        if not name:
            return
        try:
            rig.resolve(name)
        except HilError as exc:
            bound = "" if name == tag else f" (bound to '{tag}')"
            problems.append(InputError(f"{role} '{name}'{bound} is not a tag or plant signal of rig {rig.path.name}",
                                       where=_where(binding, tag, fallback),
                                       suggestions=getattr(exc, "suggestions", ())))

    seen: set[str] = set()
    for cell in matrix:
        cause, effect = binding.cause(cell.cause), binding.effect(cell)
        for name, tag, role in ((cause.signal, cell.cause.tag, "cause"), (cause.bypass, cell.cause.tag, "bypass"),
                                (effect.tag, cell.effect_tag, "effect"), (effect.feedback, cell.effect_tag, "feedback")):
            if (name, role) not in seen:
                seen.add((name, role))  # type: ignore[arg-type]
                check(name, tag, cell.where, role)
    if binding.reset:
        check(binding.reset, "reset", None, "reset command")
    if binding.restart:
        check(binding.restart, "restart", None, "restart command")
    if problems:
        raise MatrixError(matrix.path, problems)


def is_wired(rig: Rig | None, name: str) -> bool:
    """Whether ``name`` is wired between plant and PLC (then a cause is forced on the wire, else set)."""
    if rig is None:
        return True
    ref = rig.resolve(name)
    if isinstance(ref, SignalRef):
        return rig.wire_for_signal(ref.plant, ref.signal) is not None
    return rig.wire_for_tag(ref.plc, ref.tag) is not None


def reads_feedback(rig: Rig | None, name: str) -> bool:
    """Whether the PLC reads ``name`` (a plant sensor wired to it): only then can it check an EDM contact."""
    if rig is None:
        return False
    ref = rig.resolve(name)
    wire = rig.wire_for_signal(ref.plant, ref.signal) if isinstance(ref, SignalRef) else None
    return wire is not None and wire.to_plc


def breakable(rig: Rig | None, name: str) -> str:
    """Why a wire break cannot be injected on ``name`` ('' when it can)."""
    if rig is None:
        return ""
    ref = rig.resolve(name)
    if not isinstance(ref, SignalRef):
        return f"'{name}' is a PLC tag; a wire break acts on a wired plant signal"
    wire = rig.wire_for_signal(ref.plant, ref.signal)
    if wire is None:
        return f"'{name}' is not wired to the PLC"
    try:
        wire.scaling.open_circuit()
    except HilError:
        return f"the wire of '{name}' (scaling '{wire.scaling.name}') has no defined broken-wire reading"
    return ""
