"""The one memory protocol of the soft PLC runtime, implemented by the S7 process image + DBs
(:class:`~hil.softplc.ProcessImage`) and by the Logix tag database (:class:`~hil.softplc.logix.TagDatabase`).

The runtime needs four things of a PLC's memory and nothing vendor-specific: hold it still while a scan or a
client request runs (``lock``), put it in its cold-start state (``clear``), and copy it out and back in for
snapshots (``snapshot``/``restore``, in place: a server keeps serving the same buffers). How a program sees
the memory (:meth:`Memory.program_io`), how a program is attached to it (:meth:`Memory.attach`) and what the
outputs do when the CPU stops (:meth:`Memory.stop_outputs`) are vendor facts the memory answers too, so the
scheduler in :mod:`hil.softplc._runtime` has no vendor branch.
"""
from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

__all__ = ["Memory"]


@runtime_checkable
class Memory(Protocol):
    """A soft PLC's memory, as the scan runtime uses it."""

    @property
    def lock(self) -> AbstractContextManager[Any]:
        """Held by every scan and every client request: nobody sees half a scan."""
        ...

    def clear(self) -> None:
        """The memory after a cold start: S7 areas zeroed (the program then writes its start values),
        Logix tags at the initial values of the project."""

    def snapshot(self) -> object:
        """An immutable copy of every byte."""
        ...

    def restore(self, snapshot: Any) -> None:
        """Put a :meth:`snapshot` back, in place."""

    def program_io(self) -> Any:
        """The object a program's ``scan(io, now_ns)`` gets (tag access by name)."""
        ...

    def attach(self, program: Any) -> None:
        """Check ``program`` against this memory (raise if it names what is not here) and bind it."""

    def stop_outputs(self) -> None:
        """What the outputs do when the CPU leaves RUN (S7: the output image to 0; Logix: tags keep values)."""
