"""Sample keys: what a column of the samples and the trace observes, typed by the rig's reference.

A :class:`Key` is the column's name (``oven:Oven.Zone2.TempPV``, ``zone2.temperature``,
``fault:<name>``) *and* the :class:`~hil.rig.TagRef` / :class:`~hil.rig.SignalRef` it observes, made
in one place (:func:`key_of`). It subclasses ``str`` on purpose: the kernel looks keys up thousands of
times per scenario, a ``str`` caches its hash, and hashing a frozen ``TagRef`` (a dataclass holding a
``Tag`` with its address and source location) costs over a microsecond every time. The trace writers
and people see plain column names.
"""
from __future__ import annotations

from hil.rig import SignalRef, TagRef

__all__ = ["Key", "fault_key", "key_of"]

Ref = TagRef | SignalRef


class Key(str):
    """A sample column: its name, and ``ref``, the tag or plant signal it observes (``None`` for a fault's state)."""

    ref: Ref | None

    def __new__(cls, name: str, ref: Ref | None) -> Key:
        key = super().__new__(cls, name)
        key.ref = ref
        return key

    def __reduce__(self) -> tuple[object, ...]:  # pickled with its ref (xdist, snapshots)
        return (Key, (str(self), self.ref))


def key_of(ref: Ref) -> Key:
    """The key of a PLC tag (``plc:Tag.Name``) or a plant signal (``plant.signal``)."""
    if isinstance(ref, TagRef):
        return Key(f"{ref.plc}:{ref.tag.name}", ref)
    return Key(f"{ref.plant}.{ref.signal.name}", ref)


def fault_key(name: str) -> Key:
    """The key of a fault's state (on/off) in the samples and the trace."""
    return Key(f"fault:{name}", None)
