"""The step vocabulary: every phrase a feature file can use, with its example and its meaning.

Each :class:`Phrase` turns the words of a step into an :class:`Action` through a :class:`Compiler`.
The same compilation runs twice: when pytest collects the features (against the rig alone, so an
unknown tag, a unit of the wrong kind or a duration without a unit fails before any PLC starts) and
when the step runs (against the live line). The reference page docs/steps.md is generated from
:data:`PHRASES`, so it cannot drift.
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from hil.bdd._acting import Action, ClearFaults, Force, Inject, Monitor, Pulse, Release, SetValue, Wait, WaitUntil
from hil.bdd._conditions import NAME, Condition, parse_condition
from hil.bdd._judging import CheckAfterScans, CheckEdge, CheckNever, CheckNow, CheckStays, CheckWithin
from hil.bdd._values import Expectation, parse_expectation, parse_value
from hil.errors import InputError, SourceLocation, UnknownNameError, close_matches
from hil.kernel import (
    ConnectionLoss,
    Delay,
    DeviceFault,
    Drift,
    DropExchanges,
    Fault,
    Frozen,
    Latency,
    Noise,
    OpenCircuit,
    PlcStop,
    ShortCircuit,
    StuckAt,
)
from hil.rig import Rig, SignalRef, TagRef
from hil.tags import Direction
from hil.units import Quantity, parse_duration, parse_quantity

__all__ = ["PHRASES", "Compiler", "Phrase", "match_phrase"]

Groups = dict[str, str]


@dataclass
class Compiler:
    """Turns step words into checked values, against a rig (and nothing else: no PLC needed)."""

    rig: Rig
    where: SourceLocation | None = None

    def ref(self, name: str) -> TagRef | SignalRef:
        return self.rig.resolve(name.strip(), where=self.where)

    def settable(self, name: str) -> TagRef | SignalRef:
        """A tag or signal a step may set: never a PLC output (the program writes it, and a step that set it
        would then judge its own write), never a tag the plant drives (set its plant signal instead)."""
        ref = self.ref(name)
        if isinstance(ref, TagRef):
            if ref.tag.direction is Direction.OUTPUT:
                raise InputError(f"'{name}' is an output of PLC '{ref.plc}': the PLC program writes it, so a step may "
                                 "not set it (to hold what the plant receives, force it: "
                                 f"'{name} is forced to <value>')", where=self.where)
            wire = self.rig.wire_for_tag(ref.plc, ref.tag)
            if wire is not None and wire.to_plc:
                raise InputError(f"'{name}' is driven by plant signal '{wire.signal_path}' every cycle; set "
                                 f"'{wire.signal_path}' instead, or force the tag", where=self.where)
            return ref
        wire = self.rig.wire_for_signal(ref.plant, ref.signal)
        if wire is not None and not wire.to_plc:
            raise InputError(f"plant signal '{name}' is driven by PLC output '{wire.tag.name}' every cycle; a step may "
                             f"not set it (to hold it, force it: '{name} is forced to <value>')", where=self.where)
        if ref.signal.kind == "output" and not ref.signal.settable:
            raise InputError(f"plant signal '{name}' is computed by the model and cannot be set", where=self.where)
        return ref

    def wired(self, name: str) -> str:
        """A plant signal's name, checked to be wired (wire faults act on the wire)."""
        self.signal(name)
        return name

    def breakable(self, name: str, short: bool) -> str:
        """A wired signal whose wire can read as broken (or shorted): its scaling says what the PLC sees."""
        ref = self.signal(name)
        wire = self.rig.wire_for_signal(ref.plant, ref.signal)
        assert wire is not None
        try:
            wire.scaling.short_circuit() if short else wire.scaling.open_circuit()
        except InputError as exc:
            raise type(exc)(f"'{name}': {exc.message}", where=self.where) from None
        return name

    def signal(self, name: str) -> SignalRef:
        ref = self.ref(name)
        if not isinstance(ref, SignalRef):
            raise InputError(f"'{name}' is a PLC tag; this step acts on a plant signal (plant.signal) and its wire",
                             where=self.where)
        if self.rig.wire_for_signal(ref.plant, ref.signal) is None:
            raise InputError(f"plant signal '{name}' is not wired to a PLC tag, so no wire fault can act on it",
                             where=self.where)
        return ref

    def plc(self, name: str) -> str:
        if name not in self.rig.plcs:
            raise UnknownNameError(f"no PLC '{name}' in the rig", where=self.where,
                                   suggestions=close_matches(name, self.rig.plcs))
        return name

    def device_fault(self, g: Groups) -> DeviceFault:
        plant = self.rig.plants.get(g["plant"])
        if plant is None:
            raise UnknownNameError(f"no plant '{g['plant']}' in the rig", where=self.where,
                                   suggestions=close_matches(g["plant"], self.rig.plants))
        if g["fault"] not in plant.model.faults:
            known = ", ".join(plant.model.faults) or "none"
            raise UnknownNameError(f"plant model '{plant.model.name}' has no fault '{g['fault']}' (its faults: {known})",
                                   where=self.where, suggestions=close_matches(g["fault"], plant.model.faults))
        return DeviceFault(f"{g['plant']} {g['fault']}", plant=g["plant"], fault=g["fault"],
                           value=float(g["value"]) if g.get("value") else None,
                           index=int(g["index"]) if g.get("index") else None)

    def duration(self, text: str) -> int:
        return parse_duration(text, where=self.where)

    def value(self, text: str, ref: TagRef | SignalRef) -> bool | int | float:
        return parse_value(text, ref, where=self.where)

    def expectation(self, text: str, ref: TagRef | SignalRef) -> Expectation:
        return parse_expectation(text, ref, where=self.where)

    def condition(self, text: str) -> Condition:
        return parse_condition(text, self.ref, where=self.where)

    def until(self, groups: Groups) -> int | None:
        return self.duration(groups["lasting"]) if groups.get("lasting") else None


@dataclass(frozen=True)
class Phrase:
    """One step phrase: the Gherkin keywords it takes, its pattern, an example, and its meaning."""

    key: str
    kinds: tuple[str, ...]
    pattern: str
    example: str
    doc: str
    compile: Callable[[Compiler, Groups], Action] = field(repr=False)

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


_FOR = r"(?:\s+for\s+(?P<lasting>[0-9].*))?"  # an optional end: "... for 5 s"
N = rf"(?P<name>{NAME})"


def _fault(make: Callable[[Compiler, Groups, str], Fault]) -> Callable[[Compiler, Groups], Action]:
    """A fault phrase: the fault is named after the step's words, so a later step can clear it."""

    def compile_(c: Compiler, g: Groups) -> Action:
        subject = g.get("signal") or g.get("plc") or ""
        return Inject(make(c, g, subject), c.until(g))

    return compile_


def _seed(text: str) -> int:
    return zlib.crc32(text.encode())  # noise is repeatable: the same step gives the same noise


def _rate_per_s(c: Compiler, g: Groups, ref: SignalRef) -> float:
    quantity = parse_quantity(g["rate"], where=c.where)
    per = 60.0 if g["per"].startswith("min") else 1.0
    unit = ref.signal.unit
    if unit is None:
        return quantity.value / per
    zero = Quantity(0.0, quantity.unit)
    return (quantity.to(unit, where=c.where) - zero.to(unit, where=c.where)) / per


def _noise_sigma(c: Compiler, g: Groups, ref: SignalRef) -> float:
    text = g["sigma"].strip()
    unit = ref.signal.unit
    if unit is None:
        return float(parse_value(text, ref, where=c.where))
    quantity = parse_quantity(text, where=c.where)
    zero = Quantity(0.0, quantity.unit)
    return quantity.to(unit, where=c.where) - zero.to(unit, where=c.where)


PHRASES: tuple[Phrase, ...] = (
    # -- Given / When: acting ----------------------------------------------------------------------
    Phrase("set", ("given", "when"), rf"{N} is set to (?P<value>.+)", "When zone2.temperature is set to 185 °C",
           "Writes a PLC tag now (seen at the PLC's next scan) or sets a plant signal (the model evolves from it). "
           "A tag the plant drives every cycle cannot be set: set its plant signal, or force it. A PLC output "
           "(the program writes it) cannot be set either: the feature is refused when pytest collects it. A "
           "second write to the same tag is delivered after the PLC has scanned the first (edges are kept).",
           lambda c, g: SetValue(c.settable(g["name"]), c.value(g["value"], c.ref(g["name"])))),
    Phrase("pulse", ("given", "when"), rf"{N} is pulsed(?: to (?P<value>.+?))? for (?P<duration>[0-9].*)",
           "When Oven.Cmd.Reset is pulsed for 500 ms",
           "Sets a BOOL on (or the value given), runs the line for the duration, then sets it back.",
           lambda c, g: Pulse(c.settable(g["name"]), c.value(g.get("value") or "on", c.ref(g["name"])),
                              c.duration(g["duration"]))),
    Phrase("press", ("given", "when"), rf"{N} is pressed", "When Oven.Cmd.Start is pressed",
           "Sets a push button's tag on (it stays on until released).",
           lambda c, g: SetValue(c.settable(g["name"]), c.value("on", c.ref(g["name"])))),
    Phrase("release", ("given", "when"), rf"{N} is released", "When Oven.Cmd.Start is released",
           "Sets a push button's tag off.",
           lambda c, g: SetValue(c.settable(g["name"]), c.value("off", c.ref(g["name"])))),
    Phrase("force", ("given", "when"), rf"{N} is forced to (?P<value>.+)", "When Oven.Zone2.LimitOK is forced to off",
           "Holds a wired tag (raw value, as the PLC sees it) or plant signal at a value every cycle, "
           "whatever the plant or the PLC does, until released.",
           lambda c, g: Force(c.ref(g["name"]), c.value(g["value"], c.ref(g["name"])))),
    Phrase("unforce", ("given", "when"), rf"the force on {N} is removed", "When the force on Oven.Zone2.LimitOK is removed",
           "Ends a force.", lambda c, g: Release(c.ref(g["name"]))),
    Phrase("warm", ("given",), r"the line has run for (?P<duration>[0-9].*)", "Given the line has run for 30 s",
           "Runs the line (warm-up) before the scenario's own steps.", lambda c, g: Wait(c.duration(g["duration"]))),
    Phrase("wait", ("given", "when"), r"(?:I )?wait (?P<duration>[0-9].*)", "When I wait 2 s",
           "Runs the line for the duration.", lambda c, g: Wait(c.duration(g["duration"]))),
    Phrase("wait_until", ("given", "when"), r"(?:I )?wait at most (?P<duration>[0-9].*?) until (?P<condition>.+)",
           "When I wait at most 5 min until zone2.temperature is above 135 °C",
           "Runs the line until the condition holds; fails if it does not within the duration.",
           lambda c, g: WaitUntil(c.condition(g["condition"]), c.duration(g["duration"]))),
    # -- When: faults ------------------------------------------------------------------------------
    Phrase("stuck", ("given", "when"), rf"(?P<signal>{NAME}) is stuck at (?P<value>.+?){_FOR}",
           "When zone2.temperature is stuck at 20 °C for 10 s",
           "The measurement (or command) on the wire stays at the value; the plant itself goes on.",
           _fault(lambda c, g, s: StuckAt(f"{s} stuck", signal=s, value=c.value(g["value"], c.signal(s))))),
    Phrase("freeze", ("given", "when"), rf"(?P<signal>{NAME}) freezes{_FOR}", "When zone2.temperature freezes",
           "The wire keeps delivering the value it had when the fault began (a frozen analyser).",
           _fault(lambda c, g, s: Frozen(f"{s} frozen", signal=c.wired(s)))),
    Phrase("drift", ("given", "when"), rf"(?P<signal>{NAME}) drifts by (?P<rate>.+?) per (?P<per>s|second|min|minute){_FOR}",
           "When zone2.temperature drifts by 2 °C per min",
           "The measurement drifts at the rate given (a sensor leaving its calibration).",
           _fault(lambda c, g, s: Drift(f"{s} drift", signal=s, rate_per_s=_rate_per_s(c, g, c.signal(s))))),
    Phrase("noise", ("given", "when"), rf"(?P<signal>{NAME}) has noise of (?P<sigma>.+?){_FOR}",
           "When zone2.temperature has noise of 0.5 °C",
           "Adds Gaussian noise of that standard deviation, seeded from the step's words (repeatable).",
           _fault(lambda c, g, s: Noise(f"{s} noise", signal=s, sigma=_noise_sigma(c, g, c.signal(s)), seed=_seed(s)))),
    Phrase("delay", ("given", "when"), rf"(?P<signal>{NAME}) is delayed by (?P<delay>[0-9].*?){_FOR}",
           "When zone2.temperature is delayed by 2 s",
           "The wire delivers what the signal was that long ago (a long sample line, a slow sensor).",
           _fault(lambda c, g, s: Delay(f"{s} delayed", signal=c.wired(s), delay_ns=c.duration(g["delay"])))),
    Phrase("open", ("given", "when"), rf"the (?P<signal>{NAME}) wire breaks{_FOR}", "When the zone2.temperature wire breaks",
           "An open circuit: the PLC reads what its input card shows for a broken wire (32767 on an S7 4-20 mA "
           "input, off on a digital input).",
           _fault(lambda c, g, s: OpenCircuit(f"{s} wire break", signal=c.breakable(s, short=False)))),
    Phrase("short", ("given", "when"), rf"the (?P<signal>{NAME}) wire is shorted{_FOR}",
           "When the zone2.temperature wire is shorted", "A short circuit or a transmitter failing high (22 mA).",
           _fault(lambda c, g, s: ShortCircuit(f"{s} short", signal=c.breakable(s, short=True)))),
    Phrase("stop", ("given", "when"), rf"PLC (?P<plc>\w+) goes to STOP{_FOR}", "When PLC oven goes to STOP for 2 s",
           "Sends the CPU to STOP over the wire: no scans, outputs to 0, until the fault ends or is cleared.",
           _fault(lambda c, g, p: PlcStop(f"{p} STOP", plc=c.plc(p)))),
    Phrase("disconnect", ("given", "when"), r"the connection to PLC (?P<plc>\w+) is lost",
           "When the connection to PLC oven is lost",
           "Closes the connection: the scenario fails at the next exchange, naming the PLC.",
           _fault(lambda c, g, p: ConnectionLoss(f"{p} connection lost", plc=c.plc(p)))),
    Phrase("latency", ("given", "when"), rf"the exchange with PLC (?P<plc>\w+) is delayed by (?P<latency>[0-9].*?){_FOR}",
           "When the exchange with PLC oven is delayed by 50 ms",
           "The PLC's values reach the plant that much later.",
           _fault(lambda c, g, p: Latency(f"{p} latency", plc=c.plc(p), latency_ns=c.duration(g["latency"])))),
    Phrase("drop", ("given", "when"), rf"every (?P<n>[0-9]+)(?:st|nd|rd|th) exchange with PLC (?P<plc>\w+) is lost{_FOR}",
           "When every 3rd exchange with PLC oven is lost",
           "Drops exchanges: no read (the last values stand) and no write in those cycles.",
           _fault(lambda c, g, p: DropExchanges(f"{p} dropped exchanges", plc=c.plc(p), every=int(g["n"])))),
    Phrase("device", ("given", "when"),
           rf"the (?P<fault>\w+) fault(?: of (?P<value>[-+0-9.eE]+))? occurs in (?P<plant>\w+)"
           rf"(?: (?:cell|channel|unit) (?P<index>[0-9]+))?{_FOR}",
           "When the exhaust_belt_broken fault occurs in oven for 10 s",
           "A fault of the equipment itself, as the plant model implements it (a broken fan belt, a welded "
           "contactor, an internal short of a cell); 'of <value>' gives its magnitude, 'cell <n>' the unit.",
           lambda c, g: Inject(c.device_fault(g), c.until(g))),
    Phrase("clear", ("given", "when"), r"the faults? on (?P<subject>[\w.:\[\]]+) (?:is|are) cleared",
           "When the fault on zone2.temperature is cleared", "Ends every active fault on that signal or PLC.",
           lambda c, g: ClearFaults(g["subject"])),
    Phrase("clear_all", ("given", "when"), r"all faults are cleared", "When all faults are cleared",
           "Ends every active fault.", lambda c, g: ClearFaults(None)),
    # -- Then: judging -----------------------------------------------------------------------------
    Phrase("within", ("given", "then"), rf"{N} is (?P<expected>.+?) within (?P<duration>[0-9].*)",
           "Then Oven.Zone2.HeaterContactor is off within 1 s",
           "Runs the line until the value is as expected, at most the duration from the last stimulus; the first "
           "sample that counts is the one after the PLC's first full scan following the stimulus, the one at "
           "exactly the duration counts too. If the value already held before the stimulus and still holds at "
           "that first sample, nothing reacted: the run's summary lists the step (--hil-strict fails it). Values "
           "may be ranges: 'between 130 °C and 150 °C', 'above 25 %', 'at most 5', '140 °C ± 2 °C', 'not on'.",
           lambda c, g: CheckWithin(c.ref(g["name"]), c.expectation(g["expected"], c.ref(g["name"])),
                                    c.duration(g["duration"]))),
    Phrase("after_scans", ("then",), rf"{N} is (?P<expected>.+?) after (?P<n>[0-9]+) scans?",
           "Then Oven.Zone2.HeaterContactor is off after 1 scan",
           "Runs until the PLC that owns the tag has completed n more scans of its own, then checks the value.",
           lambda c, g: CheckAfterScans(c.ref(g["name"]), c.expectation(g["expected"], c.ref(g["name"])), int(g["n"]))),
    Phrase("now", ("given", "then"), rf"{N} is (?!.*\b(?:within|after [0-9]+ scans?)\b)(?!set to\b|pulsed\b|pressed$|released$|forced to\b|stuck at\b|delayed by\b)(?P<expected>.+)",
           "Then Oven.Alarm.OverTemp is on",
           "Checks the value once the PLCs have answered the last stimulus (runs the line until each PLC "
           "involved has completed one full scan after it; at once if none is pending).",
           lambda c, g: CheckNow(c.ref(g["name"]), c.expectation(g["expected"], c.ref(g["name"])))),
    Phrase("stays", ("given", "then"), rf"{N} stays (?P<expected>.+?) for (?P<duration>[0-9].*)",
           "Then Oven.Alarm.OverTemp stays on for 10 s",
           "Runs the line for the duration from the last stimulus; fails at the first sample (from the PLC's "
           "first scan after the stimulus) where the value is not as expected. A duration shorter than one scan "
           "proves nothing and is an error.",
           lambda c, g: CheckStays(c.ref(g["name"]), c.expectation(g["expected"], c.ref(g["name"])),
                                   c.duration(g["duration"]))),
    Phrase("never_during", ("then",), rf"{N} never becomes (?P<expected>.+?) during the next (?P<duration>[0-9].*)",
           "Then Oven.Zone2.HeaterContactor never becomes on during the next 30 s",
           "Runs the line for the duration from the last stimulus; fails at the first sample where the value is as "
           "named. A duration shorter than one scan proves nothing and is an error.",
           lambda c, g: CheckNever(c.ref(g["name"]), c.expectation(g["expected"], c.ref(g["name"])),
                                   None, c.duration(g["duration"]))),
    Phrase("never_while", ("then",), rf"{N} never becomes (?P<expected>.+?) while (?P<condition>.+)",
           "Then Oven.Zone2.HeaterContactor never becomes on while Oven.Alarm.OverTemp is on",
           "Runs the line as long as the condition holds (at most 1 h of virtual time); fails if the value "
           "becomes as named meanwhile. A condition that no longer holds once the PLCs have answered the last "
           "stimulus checked nothing: that is an error, not a pass.",
           lambda c, g: CheckNever(c.ref(g["name"]), c.expectation(g["expected"], c.ref(g["name"])),
                                   c.condition(g["condition"]), None)),
    Phrase("edge", ("then",), rf"{N} (?P<edge>rises|falls) within (?P<duration>[0-9].*)",
           "Then Oven.Alarm.OverTemp rises within 1 s",
           "A BOOL changes from off to on (rises) or from on to off (falls) within the duration.",
           lambda c, g: CheckEdge(c.ref(g["name"]), g["edge"] == "rises", c.duration(g["duration"]))),
    Phrase("monitor", ("given", "then"), r"throughout the scenario (?P<condition>.+)",
           "Then throughout the scenario Oven.Zone2.HeaterContactor is off",
           "From now to the end of the scenario, every sample must satisfy the condition, including after the "
           "last step once the PLCs have answered its stimulus; the first sample that does not fails the step "
           "that was running (or the scenario's end). A monitor that saw no complete scan is an error.",
           lambda c, g: Monitor(c.condition(g["condition"]))),
)


def match_phrase(kind: str, text: str) -> tuple[Phrase, Groups] | None:
    """The phrase a step's words match (for ``kind`` given/when/then), with its groups."""
    for phrase in PHRASES:
        if kind in phrase.kinds:
            match = phrase.regex.fullmatch(text)
            if match is not None:
                return phrase, {k: v for k, v in match.groupdict().items() if v is not None}
    return None

