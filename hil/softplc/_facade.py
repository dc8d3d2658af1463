"""What the two soft PLC facades share: time, scans, STOP/RUN, restarts, snapshots, the scan trace.

:class:`~hil.softplc.S7SoftPlc` and :class:`~hil.softplc.LogixSoftPlc` both sit on one
:class:`~hil.softplc.ScanRuntime`; this base holds every method whose meaning does not depend on the vendor,
so the two have the same names and the same behaviour where the CPUs agree. Vendor facts (names, the wire
front end, what the CPU state follows) live in the subclasses.
"""
from __future__ import annotations

from types import TracebackType
from typing import Any, Protocol

from hil.errors import InputError, PlcConnectionError
from hil.softplc._clock import VirtualClock
from hil.softplc._memory import Memory
from hil.softplc._runtime import RuntimeSnapshot, ScanRuntime
from hil.softplc._trace import ScanTrace
from hil.units import parse_duration

__all__ = ["FrontEnd", "SoftPlcBase", "duration_ns", "parse_bind"]


class FrontEnd(Protocol):
    """A vendor's server over a soft PLC's memory (snap7 for S7, EtherNet/IP + CIP for Logix)."""

    @property
    def serving(self) -> bool: ...

    @property
    def host(self) -> str: ...

    @property
    def port(self) -> int: ...

    def start(self, host: str, port: int) -> None: ...

    def stop(self) -> None: ...


def duration_ns(value: str | int) -> int:
    """A duration given as integer ns or as text with a unit (``"500 ms"``)."""
    if isinstance(value, bool):
        raise InputError(f"expected a duration, not {value!r}")
    if isinstance(value, int):
        return value
    return parse_duration(value)


def parse_bind(bind: str) -> tuple[str, int]:
    """``"HOST:PORT"`` → (host, port); port 0 lets the OS choose."""
    host, colon, port = bind.rpartition(":")
    if not colon or not host or not port.isdigit() or int(port) > 65535:
        raise InputError(f"bind takes HOST:PORT (e.g. 127.0.0.1:0), not '{bind}'")
    return host, int(port)


class SoftPlcBase:
    """The vendor-independent half of a soft PLC facade (see the subclasses for construction)."""

    name: str
    runtime: ScanRuntime
    frontend: FrontEnd

    def _init_trace(self) -> None:
        self.scan_trace = ScanTrace(self.read)
        self.runtime.trace = self.scan_trace

    # ---- time and scans -----------------------------------------------------------------------------
    @property
    def cycle_ns(self) -> int:
        """The scan interval (OB1 cycle / the Logix periodic task) in virtual ns."""
        return self.runtime.cycle_ns

    @property
    def now_ns(self) -> int:
        """Virtual time since the last cold restart."""
        return self.runtime.clock.now_ns

    @property
    def clock(self) -> VirtualClock:
        return self.runtime.clock

    @property
    def scans(self) -> int:
        """Completed scans since the last cold restart (none are counted while stopped)."""
        return self.runtime.scans

    @property
    def memory(self) -> Memory:
        return self.runtime.memory

    @property
    def program(self) -> Any:
        """The running program (a snapshot restore replaces it)."""
        return self.runtime.program

    @property
    def faults(self) -> dict[str, int]:
        """Runtime faults the program recorded since the last (re)start: ``{"overflow": 2, …}``."""
        faults = getattr(self.runtime.program, "faults", None)
        return faults.as_dict() if faults is not None else {}

    def _sync(self) -> None:
        """Bring the CPU state in line with what the front end's clients asked for (S7 STOP/RUN requests)."""

    def advance(self, duration_ns: int) -> int:
        """Run the scans that fall due in the next ``duration_ns`` of virtual time; returns how many ran."""
        self._sync()
        return self.runtime.advance(duration_ns)

    def scan(self, count: int = 1) -> int:
        """Run ``count`` cycles (each advances virtual time by one cycle); returns the scans run."""
        return self.advance(count * self.cycle_ns)

    def run_for(self, duration: str | int) -> int:
        """Advance virtual time by ``duration`` (``"500 ms"`` or ns); returns the scans run."""
        return self.advance(duration_ns(duration))

    # ---- CPU state ----------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.runtime.running

    def set_running(self, running: bool) -> None:
        """RUN (True) or STOP / PROG (False)."""
        self.runtime.set_running(running)

    def cold_restart(self) -> None:
        """Every variable to its start value, virtual time and the scan count back to zero, RUN."""
        self.runtime.cold_restart()

    def warm_restart(self) -> None:
        """Retentive data kept, non-retentive data to start values; virtual time goes on."""
        self.runtime.warm_restart()

    def snapshot(self) -> RuntimeSnapshot:
        return self.runtime.snapshot()

    def restore(self, snapshot: RuntimeSnapshot) -> None:
        self.runtime.restore(snapshot)

    # ---- serving ------------------------------------------------------------------------------------
    def serve(self, bind: str = "127.0.0.1:0") -> Any:
        """Serve over the vendor's protocol on ``bind`` (``HOST:PORT``; port 0: the OS chooses, see
        :attr:`port`); returns self, so ``with plc.serve() as served:`` closes it at the end.

        127.0.0.1 by default: neither S7 nor EtherNet/IP authenticates a client that writes memory or stops
        the CPU, so binding another interface exposes the soft PLC to the network.
        """
        host, port = parse_bind(bind)
        if self.frontend.serving:
            raise PlcConnectionError(f"soft PLC '{self.name}' is already serving on {self.host}:{self.port}")
        self.frontend.start(host, port)
        return self

    @property
    def serving(self) -> bool:
        return self.frontend.serving

    @property
    def port(self) -> int:
        """The TCP port the server listens on (while serving)."""
        if not self.frontend.serving:
            raise self._not_serving()
        return self.frontend.port

    @property
    def host(self) -> str:
        if not self.frontend.serving:
            raise self._not_serving()
        return self.frontend.host

    def close(self) -> None:
        """Stop serving (the PLC itself stays usable in process)."""
        self.frontend.stop()

    def _not_serving(self) -> PlcConnectionError:
        return PlcConnectionError(f"soft PLC '{self.name}' is not serving (call serve() first)")

    def __enter__(self) -> Any:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # ---- by name (the subclasses resolve vendor names) ------------------------------------------------
    def read(self, name: str) -> Any:  # pragma: no cover
        raise NotImplementedError

    def write(self, name: str, value: Any) -> None:  # pragma: no cover
        raise NotImplementedError
