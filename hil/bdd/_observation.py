"""How a judging step starts and what it proved: settling after the stimulus, scans checked, resolution.

Every judging step (hil.bdd._judging) begins with :func:`begin`: it takes the sample of the instant
the step starts (before the PLC scanned a pending stimulus: kept only as the 'before' evidence), then
runs the line until every PLC involved has completed one full scan after that stimulus. Its windows
are measured from the stimulus; the first sample it may decide on is the settled one.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hil.errors import InputError, ScenarioFailure
from hil.kernel import Sample
from hil.rig import SignalRef, TagRef
from hil.units import format_duration

if TYPE_CHECKING:
    from hil.bdd._context import ScenarioContext

__all__ = ["NotProvable", "Start", "VacuousCheck", "begin", "require_provable", "require_scans", "require_window",
           "resolution_ns",
           "resolution_text", "scans_checked"]

Ref = TagRef | SignalRef


class VacuousCheck(InputError):
    """A judging step that checked less than one scan of the PLC: it proved nothing, so it cannot pass."""


class NotProvable(InputError):
    """A check the target's timing resolution cannot prove (a window shorter than what the judge sees)."""


@dataclass(frozen=True)
class Start:
    """Where a judging step starts: its window's origin, the evidence before, the PLCs and their scans."""

    origin_ns: int           # the pending stimulus, else the step's start
    stimulus: bool           # whether a stimulus was pending (the 'before' sample predates the PLC's answer)
    before: Sample           # the sample at the step's start
    plcs: frozenset[str]     # the PLCs the judged values depend on
    scans: dict[str, int]    # their completed scans when the step began (the scan answering the stimulus is checked)
    cycle: int               # the kernel cycle when the step began


def _plcs(context: ScenarioContext, refs: Iterable[Ref]) -> frozenset[str]:
    found: set[str] = set()
    for ref in refs:
        found |= context.kernel.owners(ref)
    return frozenset(found)


def begin(context: ScenarioContext, refs: Iterable[Ref]) -> Start:
    """Watch ``refs``, take the 'before' sample, settle, and open the window (see the module's doc)."""
    refs = list(refs)
    for ref in refs:
        context.watch(ref)
    kernel = context.kernel
    plcs = _plcs(context, refs)
    before = context.sample()
    scans, cycle = {p: kernel.scans(p) for p in plcs}, kernel.cycle
    stimulus = kernel.pending_stimulus(set(plcs))
    if stimulus is not None:
        cap = 10 * max((kernel.scan_cycles_ns[p] for p in plcs), default=kernel.cycle_ns) + kernel.cycle_ns
        settled, sample = context.run_until(lambda s: kernel.settled(set(plcs)), cap)
        if not settled:
            slow = ", ".join(sorted(plcs))
            raise ScenarioFailure(context.report(
                f"PLC {slow} completed no scan within {format_duration(cap)} after the stimulus", "one scan", sample, [],
                stimulus))
    kernel.forget_settled()
    if stimulus is not None:
        context.before_stimulus = context.acts_before or before
    context.acts_before = None
    return Start(stimulus if stimulus is not None else before.t_ns, stimulus is not None, before, plcs, scans, cycle)


def scans_checked(context: ScenarioContext, start: Start) -> int:
    """The fewest scans any involved PLC completed since the step began (a PLC that cannot scan, in
    STOP, counts the kernel cycles its frozen outputs were observed)."""
    kernel = context.kernel
    idle = kernel.idle()
    counts = [kernel.cycle - start.cycle if p in idle else kernel.scans(p) - start.scans[p] for p in start.plcs]
    return min(counts, default=kernel.cycle - start.cycle)


def require_scans(context: ScenarioContext, start: Start, what: str) -> None:
    """Refuse a verdict resting on fewer than one scan: such a check proved nothing (issue 13, vacuity)."""
    if scans_checked(context, start) >= 1:
        return
    raise VacuousCheck(f"{what} checked no complete scan of PLC {', '.join(sorted(start.plcs)) or '(none)'} "
                       f"(t = {format_duration(context.kernel.now_ns)}); it proves nothing. "
                       f"{resolution_text(context, start.plcs)}", where=context.step_location)


def require_window(context: ScenarioContext, start: Start, window_ns: int, what: str) -> None:
    """A 'stays' or 'never … during' window shorter than one scan cannot contain a complete scan."""
    shortest = resolution_ns(context, start.plcs)
    if window_ns < shortest:
        raise VacuousCheck(f"{what}: {format_duration(window_ns)} is shorter than one scan of PLC "
                           f"{', '.join(sorted(start.plcs))} ({format_duration(shortest)}); no scan completes in it, so "
                           "it proves nothing", where=context.step_location)


def resolution_text(context: ScenarioContext, plcs: Iterable[str]) -> str:
    """What the judge really resolves, per PLC, for failure messages."""
    kernel = context.kernel
    parts = []
    for plc in sorted(plcs) or sorted(kernel.targets):
        scan = kernel.scan_cycles_ns[plc]
        if kernel.virtual and kernel.book.counted(plc):
            parts.append(f"every scan of PLC {plc} ({format_duration(scan)})")
        elif kernel.virtual:
            parts.append(f"every {format_duration(kernel.cycle_ns)} (PLC {plc} stepped remotely)")
        else:
            parts.append(f"one exchange = {format_duration(kernel.cycle_ns)} (PLC {plc} scans every "
                         f"{format_duration(scan)}; shorter events can be missed)" if scan < kernel.cycle_ns
                         else f"one exchange = {format_duration(kernel.cycle_ns)} (PLC {plc})")
    return "timing resolution: " + "; ".join(parts)


def resolution_ns(context: ScenarioContext, plcs: Iterable[str]) -> int:
    """The shortest event the judge is sure to see on ``plcs``: a scan in virtual time (soft PLCs), else
    one exchange."""
    kernel = context.kernel
    if kernel.virtual:
        return max((kernel.scan_cycles_ns[p] for p in plcs), default=kernel.cycle_ns)
    return kernel.cycle_ns


def require_provable(context: ScenarioContext, start: Start, window_ns: int, what: str) -> None:
    """On a target the judge sees only through exchanges, a window shorter than one exchange, or a
    'stays'/'never' that one-scan events shorter than an exchange could break unseen, is not provable."""
    kernel = context.kernel
    if kernel.virtual:
        return
    # Until the judge reads the soft PLCs' scan traces in real time, a PLC scanning faster than the exchange
    # can drop an output for one scan between two exchanges: absence of an event is then not provable.
    blind = [p for p in start.plcs if kernel.scan_cycles_ns[p] < kernel.cycle_ns]
    if window_ns < kernel.cycle_ns or (what != "within" and blind):
        raise NotProvable(f"'{context.step_text}' is not provable on this target: {resolution_text(context, start.plcs)}",
                          where=context.step_location)
