"""Typed sample keys, and step writes going through the PLC's exchange like sensor writes."""
from __future__ import annotations

from hil.kernel import DropExchanges, Key, StuckAt, key_of
from hil.line import Line
from hil.rig import SignalRef, TagRef
from hil.units import MS


def test_every_sample_key_carries_the_reference_it_observes(line: Line) -> None:
    kernel = line.new_kernel()
    start = kernel.rig.resolve("Cmd.Start")
    kernel.watch(start)
    kernel.inject(StuckAt("stuck", signal="zone.temperature", value=120.0))
    sample = kernel.sample()
    refs = {key: key.ref for key in sample.values}
    assert all(isinstance(key, Key) for key in refs)
    assert refs[key_of(start)] == start and isinstance(start, TagRef)
    assert isinstance(refs["zone.temperature"], SignalRef) and refs["zone.temperature"].signal.name == "temperature"
    assert refs["fault:stuck"] is None
    assert set(kernel.trace.columns) == {str(key) for key in sample.values}  # the trace names the same columns


def _in_plc_memory(line: Line, name: str) -> object:
    """What the PLC's memory holds, read past the kernel's exchange (and its faults)."""
    target = line.targets["p"]
    tag = line.rig.plcs["p"].tags[name]
    return target.read(target.read_plan([tag]))[name]


def test_a_step_write_waits_for_an_exchange_that_gets_through(line: Line) -> None:
    kernel = line.new_kernel()
    kernel.inject(DropExchanges("every other", plc="p", every=2))  # cycle 0 (now) is dropped
    start = kernel.rig.resolve("Cmd.Start")
    assert isinstance(start, TagRef)
    kernel.write_tag(start, True)
    assert _in_plc_memory(line, "Cmd.Start") is False  # the exchange of cycle 0 is lost: nothing written yet
    kernel.advance()
    assert _in_plc_memory(line, "Cmd.Start") is False
    kernel.advance()  # cycle 1 gets through: the held write goes with it
    assert _in_plc_memory(line, "Cmd.Start") is True


def test_a_step_write_on_a_healthy_exchange_is_written_at_once(line: Line) -> None:
    kernel = line.new_kernel()
    start = kernel.rig.resolve("Cmd.Start")
    assert isinstance(start, TagRef)
    kernel.write_tag(start, True)
    assert _in_plc_memory(line, "Cmd.Start") is True
    kernel.run_for(20 * MS)
    assert kernel.sample().values.get(key_of(start)) is None  # not watched: not in the samples
