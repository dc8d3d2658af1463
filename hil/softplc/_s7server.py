"""The S7 front end: a soft PLC's process image served over the real S7 protocol by python-snap7's Server.

A thin front end: it serves :class:`~hil.softplc.S7SoftPlc`'s memory, reports the CPU state clients ask
for, and nothing else (the scan runtime and restart semantics live in the facade).

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
from typing import Any

import snap7
from snap7.server import EVC_DATA_READ, EVC_DATA_WRITE, CPUState
from snap7.type import SrvArea, SrvEvent

from hil.errors import PlcConnectionError
from hil.softplc._image import ProcessImage
from hil.softplc._s7bitwrite import BitWrites
from hil.softplc._stepping import ControlDb
from hil.tags import Area

__all__ = ["RequestCounters", "S7FrontEnd"]

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


class S7FrontEnd:
    """python-snap7's server over a process image (and the stepping control DB, if any).

    Args:
        image: the memory to serve; while serving, its ``lock`` takes every registered area's snap7 lock.
        name: the PLC's name in messages.
        control: the stepping handshake's data block (see :mod:`hil.softplc._stepping`), or None.
    """

    def __init__(self, image: ProcessImage, *, name: str, control: ControlDb | None = None) -> None:
        self.image = image
        self.name = name
        self.control = control
        self.requests = RequestCounters()
        self.snap7: snap7.server.Server | None = None
        self.host = ""
        self._port: int | None = None
        self._listeners: list[Callable[[SrvEvent], None]] = []

    @property
    def serving(self) -> bool:
        return self.snap7 is not None

    @property
    def port(self) -> int:
        if self._port is None:
            raise PlcConnectionError(f"soft PLC '{self.name}' is not serving")
        return self._port

    def start(self, host: str, port: int) -> None:
        """Listen on ``host:port`` (port 0: the OS chooses; :attr:`port` reports it)."""
        server = _StrictServer(log=False)
        for (area, db), buffer in self.image:
            server.register_area(_SERVER_AREA[area], db, buffer)
        if self.control is not None:
            server.register_area(SrvArea.DB, self.control.number, self.control.buffer)
        server.set_events_callback(self._on_event)
        try:
            server.start_to(host, port)
        except Exception as exc:
            raise PlcConnectionError(f"soft PLC '{self.name}' cannot listen on {host}:{port}: {exc}") from exc
        assert server.server_socket is not None
        self.host = host
        self._port = server.server_socket.getsockname()[1]
        self.snap7 = server
        self.image.lock.guard = self._all_areas_locked

    def stop(self) -> None:
        """Stop serving. Disconnect clients first: snap7 waits up to 1 s for each connected client."""
        if self.snap7 is not None:
            self.image.lock.guard = contextlib.nullcontext
            self.snap7.stop()
            self.snap7 = None
            self._port = None

    def cpu_running(self) -> bool | None:
        """The CPU state S7 clients last asked for (PLC STOP 0x29, hot/cold start 0x28), None if not serving."""
        return None if self.snap7 is None else self.snap7.cpu_state == CPUState.RUN

    def set_cpu_running(self, running: bool) -> None:
        if self.snap7 is not None:
            self.snap7.set_cpu_status(CPUState.RUN if running else CPUState.STOP)

    def add_event_listener(self, listener: Callable[[SrvEvent], None]) -> None:
        """Also call ``listener`` with every server event (reads, writes, connections), in the server's threads."""
        self._listeners.append(listener)

    def _on_event(self, event: SrvEvent) -> None:
        self.requests.on_event(event)
        if self.control is not None:
            self.control.on_event(event)
        for listener in self._listeners:
            listener(event)

    @contextlib.contextmanager
    def _all_areas_locked(self) -> Iterator[None]:
        server = self.snap7
        if server is None:  # stopped meanwhile: no client can read, no lock needed
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
