"""Generating scenarios from a C&E matrix (shared/reference/battery-line.md §6.3), one feature per SIF.

Rules, per cause (a 1oo1 initiator) or vote group (MooN channels):

* ``trip``: the cause at ``setpoint + deadband`` (or its trip state) → each effect safe within
  on-delay + effect delay + maximum response;
* ``no trip``: held at ``setpoint − deadband − margin`` for 3 × on-delay → no effect;
* ``delay``: an excursion shorter than the on-delay (by ε) trips nothing; a lasting one trips no
  earlier than on-delay − ε and within on-delay + ε + response;
* ``vote``: every combination of tripped channels (2ᴺ): at least M of N → trip, fewer → no trip;
* ``bad PV``: a broken wire on each channel → the ``bad_pv_action`` (TRIP, or degraded voting that
  then trips on one fewer real channel, or IGNORE_ALARM);
* ``latch`` and ``reset``: effects stay safe after the cause clears until a manual reset; a reset
  while the cause persists is refused; ``EDM``: where the PLC reads the effect's feedback, a welded
  contactor (feedback stuck unproven) blocks the reset;
* ``bypass``: a bypassed cause trips nothing (and trips again when the bypass expires);
* ``feedback``: where the plant models the actuator, its feedback reaches the safe state too.

What cannot be generated (a mode switch, a bypass switch the binding does not name, a wire with no
broken-wire reading) is listed with its reason, in the feature's header and in :attr:`Generation.skipped`.
"""
from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from hil.bdd import validate_steps
from hil.errors import InputError
from hil.rig import Rig
from hil.safety._binding import Binding, breakable, is_wired, reads_feedback
from hil.safety._model import Cause, Cell, Matrix, MatrixError, vote_numbers
from hil.safety._scenarios import Scenario, render_feature, step_kind
from hil.units import format_duration

__all__ = ["Generation", "generate"]


@dataclass
class Generation:
    """What :func:`generate` produced: feature texts by file name, the scenarios, what was left out."""

    matrix: Matrix
    features: dict[str, str] = field(default_factory=dict)
    scenarios: list[Scenario] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (cells, rule, reason)
    conflicts: list[str] = field(default_factory=list)

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in self.features.items():
            (folder / name).write_text(text, encoding="utf-8")
            written.append(folder / name)
        return written

    def summary(self) -> dict[str, object]:
        rules: dict[str, int] = {}
        for scenario in self.scenarios:
            rules[scenario.rule] = rules.get(scenario.rule, 0) + len(scenario.names())
        return {"matrix": str(self.matrix.path), "features": list(self.features), "scenarios by rule": rules,
                "not generated": [f"{cells} [{rule}]: {reason}" for cells, rule, reason in self.skipped],
                "conflicts": self.conflicts}


def _num(value: float, eu: str) -> str:
    return f"{value:g} {eu}".strip()


def _dur(ns: int) -> str:
    return format_duration(max(ns, 0))


class _Cause:
    """One channel's words: how to trip it, clear it, hold it at the margin, break its wire."""

    def __init__(self, cause: Cause, binding: Binding, rig: Rig | None) -> None:
        self.cause, self.bound = cause, binding.cause(cause)
        self.signal = self.bound.signal
        self.forced = is_wired(rig, self.signal)
        self.broken = breakable(rig, self.signal)

    def value(self, which: str) -> str:
        c = self.cause
        if not c.analog:
            tripped = c.trip_dir == "ON"
            return "on" if (which == "trip") == tripped else "off"
        if which == "normal" and self.bound.normal:
            return self.bound.normal
        assert c.setpoint is not None
        span = (c.range_hi - c.range_lo) if c.range_hi is not None and c.range_lo is not None else 100.0
        margin = c.deadband if c.deadband > 0 else max(span * 0.01, 1.0)
        offset = {"trip": c.deadband, "margin": -(c.deadband + margin), "normal": -(c.deadband + 5 * margin)}[which]
        return _num(c.setpoint + (offset if c.trip_dir == "HI" else -offset), c.eu)

    def drive(self, which: str) -> str:
        verb = "is forced to" if self.forced else "is set to"
        return f"When {self.signal} {verb} {self.value(which)}"

    def clear(self) -> str:
        return f"When the force on {self.signal} is removed" if self.forced else self.drive("normal")


def _safe(cell: Cell, binding: Binding) -> tuple[str, str]:
    effect = binding.effect(cell)
    safe = effect.safe or ("on" if cell.safe_on else "off")
    normal = effect.normal or {"on": "off", "off": "on"}.get(safe, "")
    return safe, normal


def _ids(cells: list[Cell]) -> str:
    return ", ".join(c.id for c in cells)


class _Builder:
    def __init__(self, matrix: Matrix, binding: Binding, rig: Rig | None, gen: Generation) -> None:
        self.matrix, self.binding, self.rig, self.gen = matrix, binding, rig, gen

    def add(self, out: list[Scenario], rule: str, cells: list[Cell], text: str, steps: list[str],
            examples: list[dict[str, str]] | None = None) -> None:
        prefix = "<cell>" if examples and "cell" in examples[0] else _ids(cells)
        out.append(Scenario(rule, f"{prefix} [{rule}] {text}", [c.id for c in cells], cells[0].cause.sif_id, steps,
                            examples or []))

    def skip(self, cells: list[Cell], rule: str, reason: str) -> None:
        self.gen.skipped.append((_ids(cells), rule, reason))

    def expect_trip(self, cells: list[Cell], budget: int | None = None) -> list[str]:
        return [f"Then {self.binding.effect(c).tag} is {_safe(c, self.binding)[0]} within "
                f"{_dur(c.allowed_ns if budget is None else budget + c.max_response_ns + c.effect_delay_ns)}"
                for c in cells]

    def expect_none(self, cells: list[Cell], window: int) -> list[str]:
        return [f"Then {self.binding.effect(c).tag} never becomes {_safe(c, self.binding)[0]} during the next "
                f"{_dur(window)}" for c in cells]

    # -- rules ----------------------------------------------------------------------------------------
    def group(self, channels: list[Cause], out: list[Scenario]) -> None:
        words = [_Cause(c, self.binding, self.rig) for c in channels]
        cells = [cell for c in channels for cell in self.matrix.cells_of(c) if cell.mark != "P"]
        permissive = [cell for c in channels for cell in self.matrix.cells_of(c) if cell.mark == "P"]
        if permissive:
            self.skip(permissive, "permissive", "a permissive blocks a start; write its scenario by hand")
        if not cells:
            return
        lead = channels[0]
        need, of = vote_numbers(lead.voting) if len(channels) > 1 else (1, 1)
        firsts: dict[str, Cell] = {}
        for cell in cells:  # one check per effect of the group: the cell of its first channel
            firsts.setdefault(cell.effect_tag, cell)
        effects = list(firsts.values())
        window = max(3 * lead.on_delay_ns, max(c.allowed_ns for c in cells))
        if lead.mode not in ("", "ALL"):
            self.skip(cells, "mode", f"mode {lead.mode}: write the in-mode and out-of-mode scenarios by hand")
        if len(channels) == 1:
            self._trip(words[0], cells, out)
        else:
            self._votes(words, cells, effects, need, out)
        tripped = words[:need]
        if lead.analog:
            self.add(out, "no trip", cells, f"{'/'.join(c.tag for c in channels)} held just inside the trip point "
                     f"trips nothing", [w.drive("margin") for w in words] + self.expect_none(effects, window))
        if lead.on_delay_ns > 0:
            eps = self.binding.epsilon_ns
            self.add(out, "delay", cells, f"an excursion {_dur(eps)} shorter than the {_dur(lead.on_delay_ns)} "
                     f"on-delay trips nothing", [w.drive("trip") for w in tripped] +
                     [f"When I wait {_dur(lead.on_delay_ns - eps)}"] + [w.clear() for w in tripped] +
                     self.expect_none(effects, window))
            self.add(out, "delay", cells, f"a lasting excursion trips after the {_dur(lead.on_delay_ns)} on-delay",
                     # one bounded window: the steps run one after the other, so only the first effect is watched
                     [w.drive("trip") for w in tripped] + self.expect_none(effects[:1], lead.on_delay_ns - eps) +
                     self.expect_trip(effects, 2 * eps))
        self._bad_pv(words, effects, cells, need, window, out)
        self._latch(tripped, effects, cells, out)
        self._bypass(words[0], effects, cells, need, window, out)
        self._feedback(tripped, cells, out)

    def _trip(self, word: _Cause, cells: list[Cell], out: list[Scenario]) -> None:
        rows = [{"cell": c.id, "effect": self.binding.effect(c).tag, "state": _safe(c, self.binding)[0],
                 "limit": _dur(c.allowed_ns)} for c in cells]
        self.add(out, "trip", cells, f"{word.cause.tag} {_describe(word.cause)} puts <effect> to <state> within <limit>",
                 [word.drive("trip"), "Then <effect> is <state> within <limit>"], rows)

    def _votes(self, words: list[_Cause], cells: list[Cell], effects: list[Cell], need: int,
               out: list[Scenario]) -> None:
        letters = [chr(ord("a") + i) for i in range(len(words))]
        trips: list[dict[str, str]] = []
        holds: list[dict[str, str]] = []
        for combo in itertools.product((False, True), repeat=len(words)):
            row = {letter: w.value("trip" if hit else "margin") for letter, w, hit in zip(letters, words, combo)}
            row["tripped"] = "+".join(w.cause.tag for w, hit in zip(words, combo) if hit) or "none"
            (trips if sum(combo) >= need else holds).append(row)
        lead = words[0].cause
        drives = [f"When {w.signal} {'is forced to' if w.forced else 'is set to'} <{letter}>"
                  for letter, w in zip(letters, words)]
        vote = f"{lead.voting} vote of {lead.vote_group}"
        window = max(c.allowed_ns for c in cells)
        self.add(out, "vote", cells, f"{vote}: <tripped> tripped trips the SIF", drives + self.expect_trip(effects),
                 trips)
        self.add(out, "vote", cells, f"{vote}: <tripped> tripped is an alarm only, no trip", drives +
                 self.expect_none(effects, window), holds)

    def _bad_pv(self, words: list[_Cause], effects: list[Cell], cells: list[Cell], need: int, window: int,
                out: list[Scenario]) -> None:
        action = words[0].cause.bad_pv_action
        if not action:
            return
        for index, word in enumerate(words):
            if word.broken:
                self.skip(cells, "bad PV", f"{word.cause.tag}: {word.broken}")
                continue
            others = [w for i, w in enumerate(words) if i != index]
            steps = [f"When the {word.signal} wire breaks"]
            if action == "TRIP":
                self.add(out, "bad PV", cells, f"a broken {word.cause.tag} wire trips (fail-safe)",
                         steps + self.expect_trip(effects))
                continue
            real = {"DEGRADE_1oo2": 1, "DEGRADE_1oo1": 1, "IGNORE_ALARM": need}[action]
            if len(others) < real:
                self.skip(cells, "bad PV", f"{action} needs {real} other channel(s); {word.cause.tag} has {len(others)}")
                continue
            self.add(out, "bad PV", cells, f"a broken {word.cause.tag} wire ({action}) trips nothing by itself, "
                     f"then {'+'.join(w.cause.tag for w in others[:real])} trips",
                     steps + self.expect_none(effects, window) + [w.drive("trip") for w in others[:real]] +
                     self.expect_trip(effects))

    def _latch(self, tripped: list[_Cause], effects: list[Cell], cells: list[Cell], out: list[Scenario]) -> None:
        latched = [c for c in effects if c.latch]
        if not latched:
            return
        if not self.binding.reset:
            self.skip(cells, "latch", "no reset command in the binding (reset = \"<tag>\")")
            return
        missing = [c for c in latched if not _safe(c, self.binding)[1]]
        if missing:
            self.skip(missing, "latch", "the effect's normal state is unknown; give normal = \"…\" in the binding")
            latched = [c for c in latched if c not in missing]
            if not latched:
                return
        reset = f"When {self.binding.reset} is pulsed for {_dur(self.binding.reset_pulse_ns)}"
        restart = [f"When {self.binding.restart} is pulsed for {_dur(self.binding.reset_pulse_ns)}"] \
            if self.binding.restart else []
        stays = [f"Then {self.binding.effect(c).tag} stays {_safe(c, self.binding)[0]} for {_dur(self.binding.hold_ns)}"
                 for c in latched]
        back = [f"Then {self.binding.effect(c).tag} is {_safe(c, self.binding)[1]} within {_dur(c.allowed_ns)}"
                for c in latched]
        trip = [w.drive("trip") for w in tripped] + self.expect_trip(effects)
        self.add(out, "latch", cells, "the effects stay latched after the cause clears until a manual reset",
                 trip + [w.clear() for w in tripped] + stays + [reset] + restart + back)
        self.add(out, "reset", cells, "a reset is refused while the cause persists", trip + [reset] + stays)
        for cell in latched:  # EDM: a welded contactor (its feedback stuck unproven) must block the reset
            effect = self.binding.effect(cell)
            proven = effect.feedback_safe or _safe(cell, self.binding)[0]
            if effect.feedback and proven in ("on", "off") and reads_feedback(self.rig, effect.feedback):
                welded = "off" if proven == "on" else "on"
                self.add(out, "EDM", [cell], f"a welded {cell.effect_tag} ({effect.feedback} stuck at {welded}) "
                         "blocks the reset", [f"When {effect.feedback} is stuck at {welded}"] + trip +
                         [w.clear() for w in tripped] + [reset] + restart +
                         [f"Then {effect.tag} never becomes {_safe(cell, self.binding)[1]} during the next "
                          f"{_dur(self.binding.hold_ns)}"])

    def _bypass(self, word: _Cause, effects: list[Cell], cells: list[Cell], need: int, window: int,
                out: list[Scenario]) -> None:
        cause, bound = word.cause, word.bound
        if not bound.bypass:
            if cause.bypass_allowed:
                self.skip(cells, "bypass", f"bypass allowed but no bypass switch bound for {cause.tag}")
            return
        if need > 1:
            self.skip(cells, "bypass", "bypass of a voting group: write it by hand")
            return
        steps = [f"When {bound.bypass} is set to on", word.drive("trip")]
        if not cause.bypass_allowed:
            self.add(out, "bypass", cells, f"a bypass of {cause.tag} is refused (bypass not allowed)",
                     steps + self.expect_trip(effects))
            return
        steps += self.expect_none(effects, window)
        if bound.bypass_time_ns:
            steps += [f"When I wait {_dur(bound.bypass_time_ns)}"] + self.expect_trip(effects)
        self.add(out, "bypass", cells, f"a bypassed {cause.tag} trips nothing"
                 + (" until the bypass expires" if bound.bypass_time_ns else ""), steps)

    def _feedback(self, tripped: list[_Cause], cells: list[Cell], out: list[Scenario]) -> None:
        rows = []
        for c in cells:
            effect = self.binding.effect(c)
            if effect.feedback:
                rows.append({"cell": c.id, "effect": effect.tag, "state": _safe(c, self.binding)[0],
                             "feedback": effect.feedback, "proven": effect.feedback_safe or _safe(c, self.binding)[0],
                             "limit": _dur(c.allowed_ns)})
        if rows:
            fed = [c for c in cells if self.binding.effect(c).feedback]
            self.add(out, "feedback", fed, f"{tripped[0].cause.tag} trips <effect> and its feedback <feedback> reach the safe state within <limit>",
                     [w.drive("trip") for w in tripped] + ["Then <effect> is <state> within <limit>",
                                                          "Then <feedback> is <proven> within <limit>"], rows)


def _describe(cause: Cause) -> str:
    if cause.analog:
        return f"{'above' if cause.trip_dir == 'HI' else 'below'} {_num(cause.setpoint or 0.0, cause.eu)}"
    return f"goes {cause.trip_dir.lower()}"


def _conflicts(matrix: Matrix) -> list[str]:
    by_effect: dict[str, dict[bool, list[str]]] = {}
    for cell in matrix:
        if cell.mark != "P":
            by_effect.setdefault(cell.effect_tag, {}).setdefault(cell.safe_on, []).append(cell.id)
    return [f"{tag}: {', '.join(sides[True])} drive it on, {', '.join(sides[False])} off; write a priority scenario"
            for tag, sides in by_effect.items() if len(sides) == 2]


@dataclass
class _Step:
    """What hil.bdd.validate_steps needs of a step (pytest-bdd's Step has the same)."""

    type: str
    name: str
    line_number: int


def _check_steps(scenarios: list[Scenario], rig: Rig, matrix: Matrix) -> None:
    """Compile every rendered step against the rig, as pytest will: a unit of the wrong kind (a cause in
    ``%`` wired to a signal in ``ppm``) is reported now, naming the cells, not when the features run."""
    problems: list[InputError] = []
    for scenario in scenarios:
        for row in scenario.examples or [{}]:
            steps = []
            for line in scenario.steps:
                kind, text = step_kind(line)
                for key, value in row.items():
                    text = text.replace(f"<{key}>", value)
                steps.append(_Step(kind, text, 0))
            cells = row["cell"] if "cell" in row else ", ".join(scenario.cells)
            problems += [InputError(f"a generated step does not fit the rig: {p.split(': ', 1)[-1]}",
                                    where=f"{matrix.path} ({cells})")
                         for p in validate_steps(steps, "", rig)]
    if problems:
        raise MatrixError(matrix.path, problems[:20])


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def generate(matrix: Matrix, binding: Binding | None = None, rig: Rig | None = None, *,
             folder: Path | None = None) -> Generation:
    """Generate one feature per SIF of ``matrix``; ``rig`` decides forcing vs setting and breakable wires.

    ``folder`` is where the features will be written: their ``@rig(...)`` tag is made relative to it.
    """
    binding = binding or Binding()
    gen = Generation(matrix, conflicts=_conflicts(matrix))
    builder = _Builder(matrix, binding, rig, gen)
    rig_tag = []
    if rig is not None and folder is not None:
        rig_tag = [f"rig({Path(os.path.relpath(rig.path, folder.resolve())).as_posix()})"]
    for sif in matrix.sifs():
        scenarios: list[Scenario] = []
        skipped_before = len(gen.skipped)
        for channels in matrix.groups(sif).values():
            builder.group(channels, scenarios)
        if rig is not None:
            _check_steps(scenarios, rig, matrix)
        gen.scenarios += scenarios
        cells = [c for c in matrix if c.cause.sif_id == sif]
        first = cells[0].cause
        comments = [f"Generated by `hil ce generate` from {matrix.path.name} ({matrix.form} form): regenerate it, "
                    "do not edit it.", *(f"Not generated: {cs} [{rule}]: {why}" for cs, rule, why in
                                         gen.skipped[skipped_before:]),
                    *(f"Conflict: {c}" for c in gen.conflicts)]
        description = [f"Every cause → effect cell of {sif} ({first.sil_pl or 'no SIL/PL'}"
                       f"{', ' + first.standard_ref if first.standard_ref else ''}) in the C&E matrix {matrix.path.name}:",
                       "trips, margins, delays, voting, bad PV, latch and reset, bypass and effect feedback."]
        gen.features[f"{_slug(sif)}.feature"] = render_feature(
            f"{sif} cause and effect ({matrix.name})", description, rig_tag, binding.background, scenarios, comments)
    return gen
