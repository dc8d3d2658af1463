"""The S7 soft PLC: the scan runtime's memory served over the real S7 protocol by python-snap7's Server.

Traps handled here (see shared/reference/snap7-server-facts.md):

* snap7's server binds 0.0.0.0 by default and accepts unauthenticated writes; we bind 127.0.0.1
  unless the caller explicitly asks for another interface.
* Port 0 asks the OS for a free port; snap7 keeps ``server.port == 0``, so the real port is read
  from the listening socket.
* Areas are registered as ``bytearray`` (zero-copy), never ctypes arrays (snap7 would copy them).
* Each scan holds every registered area's lock, taken in one fixed order, so a client read never
  sees half a scan.
* ``Server(log=False)``: the default logs one line per request.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any

import snap7
from snap7.server import EVC_DATA_READ, EVC_DATA_WRITE, CPUState
from snap7.type import SrvArea, SrvEvent

from hil.errors import ConfigError, PlcConnectionError
from hil.softplc._image import ProcessImage
from hil.softplc._program import ControlProgram
from hil.softplc._runtime import RuntimeSnapshot, ScanRuntime
from hil.softplc._s7bitwrite import BitWrites
from hil.softplc._stepping import ControlDb
from hil.tags import Area, TagTable

__all__ = ["RequestCounters", "S7SoftPlc"]

_SERVER_AREA = {Area.I: SrvArea.PE, Area.Q: SrvArea.PA, Area.M: SrvArea.MK, Area.DB: SrvArea.DB}


class _StrictServer(BitWrites, snap7.server.Server):
    """python-snap7's server, minus one trap: a read request whose address it cannot parse is answered
    with data from DB1[0:4] ("Using default address values"). A soft PLC must answer it with an error,
    never with data nobody asked for (the invented-data failure of python-snap7 #894)."""

    def _parse_read_address(self, request: dict[str, Any]) -> tuple[Any, int, int, int] | None:
        if not request.get("parameters", {}).get("address_spec"):
            return None  # -> the protocol's error response, 0x8001
        return super()._parse_read_address(request)


class RequestCounters:
    """Read and write requests the server answered successfully, counted from its event stream."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reads = 0
        self.writes = 0

    def on_event(self, event: SrvEvent) -> None:
        with self._lock:
            if event.EvtCode == EVC_DATA_READ:
                self.reads += 1
            elif event.EvtCode == EVC_DATA_WRITE:
                self.writes += 1

    def snapshot(self) -> tuple[int, int]:
        with self._lock:
            return self.reads, self.writes


class S7SoftPlc:
    """A soft S7 PLC: a control program scanned in virtual time, its memory served over S7 on TCP.

    Args:
        tags: the tag table; it decides which areas (I, Q, M, DBn) exist and how big they are.
        program: the control program to scan.
        name: the PLC's name in messages.
        host: interface to bind. 127.0.0.1 by default: an S7 server lets any client write memory and
            stop the CPU without authentication, so binding elsewhere exposes the soft PLC to the network.
        port: TCP port; 0 (the default) lets the OS choose, and :attr:`port` reports the real one.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(
        self,
        tags: TagTable,
        program: ControlProgram,
        *,
        name: str = "softplc",
        host: str = "127.0.0.1",
        port: int = 0,
        control_db: int | None = None,
    ) -> None:
        """``control_db``: serve the stepping handshake in this DB number (see hil.softplc._stepping),
        so a kernel in another process can advance this soft PLC in virtual time."""
        self.name = name
        self.host = host
        self.requested_port = port
        self.image = ProcessImage(tags, sizes=getattr(program, "area_sizes", None))
        self.runtime = ScanRuntime(self.image, program, guard=self._all_areas_locked)
        self.requests = RequestCounters()
        self._listeners: list[Callable[[SrvEvent], None]] = []
        self.control: ControlDb | None = None
        if control_db is not None:
            if (Area.DB, control_db) in self.image.areas:
                raise ConfigError(f"soft PLC '{name}': control DB {control_db} is already used by the program's tags")
            self.control = ControlDb(control_db, self.runtime, threading.Lock())
        self._server: snap7.server.Server | None = None
        self._port: int | None = None

    @property
    def port(self) -> int:
        """The TCP port the server listens on (valid once started)."""
        if self._port is None:
            raise PlcConnectionError(f"soft PLC '{self.name}' is not started")
        return self._port

    @property
    def cycle_ns(self) -> int:
        return self.runtime.cycle_ns

    def start(self) -> S7SoftPlc:
        server = _StrictServer(log=False)
        for (area, db), buffer in self.image:
            server.register_area(_SERVER_AREA[area], db, buffer)
        if self.control is not None:
            server.register_area(SrvArea.DB, self.control.number, self.control.buffer)
        server.set_events_callback(self._on_event)
        try:
            server.start_to(self.host, self.requested_port)
        except Exception as exc:
            raise PlcConnectionError(
                f"soft PLC '{self.name}' cannot listen on {self.host}:{self.requested_port}: {exc}"
            ) from exc
        assert server.server_socket is not None
        self._port = server.server_socket.getsockname()[1]
        self._server = server
        return self

    def add_event_listener(self, listener: Callable[[SrvEvent], None]) -> None:
        """Also call ``listener`` with every server event (reads, writes, connections), in the server's threads."""
        self._listeners.append(listener)

    def _on_event(self, event: SrvEvent) -> None:
        self.requests.on_event(event)
        if self.control is not None:
            self.control.on_event(event)
        for listener in self._listeners:
            listener(event)

    def stop(self) -> None:
        """Stop serving. Disconnect clients first: snap7 waits up to 1 s for each connected client."""
        if self._server is not None:
            self._server.stop()
            self._server = None
            self._port = None

    def advance(self, duration_ns: int) -> int:
        """Run the scans that fall due in the next ``duration_ns`` of virtual time.

        The CPU state follows what S7 clients asked for: a PLC STOP request (function 0x29) stops the
        scans and zeroes the outputs, a hot or cold start request resumes them.
        """
        if self._server is not None:
            self.runtime.set_running(self._server.cpu_state == CPUState.RUN)
        return self.runtime.advance(duration_ns)

    def cold_restart(self) -> None:
        self.runtime.cold_restart()
        if self._server is not None:
            self._server.set_cpu_status(CPUState.RUN)

    def snapshot(self) -> RuntimeSnapshot:
        return self.runtime.snapshot()

    def restore(self, snapshot: RuntimeSnapshot) -> None:
        self.runtime.restore(snapshot)
        if self._server is not None:
            self._server.set_cpu_status(CPUState.RUN if snapshot.running else CPUState.STOP)

    @contextlib.contextmanager
    def _all_areas_locked(self) -> Iterator[None]:
        server = self._server
        if server is None:  # not serving: no client can read, no lock needed
            yield
            return
        keys = [(_SERVER_AREA[area], db) for (area, db), _ in self.image]
        for server_area, db in keys:  # ProcessImage orders its areas, so the lock order is fixed
            server.lock_area(server_area, db)
        try:
            yield
        finally:
            for server_area, db in reversed(keys):
                server.unlock_area(server_area, db)

    def __enter__(self) -> S7SoftPlc:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
