"""The Logix soft PLC: a tag database scanned by the one :class:`~hil.softplc.ScanRuntime`, served over
EtherNet/IP + CIP on demand.

    plc = LogixSoftPlc.from_l5x("line.L5X")        # the L5X's ST routines, not served
    plc.write("Dosing.Amount", 12)                   # Program:Dosing.Amount
    plc.run_for("100 ms")
    with plc.serve("127.0.0.1:0"):                   # stock pycomm3 can talk to it on plc.port
        ...

The program is anything that follows :class:`~hil.softplc.ControlProgram` against :class:`LogixIO` (the
compiled L5X routines, :class:`~hil.softplc.LogixStProgram`, or a Python class). Scan k runs at
``k * cycle_ns`` of virtual time holding the database lock, so a client's multi-tag read (one Multiple
Service Packet, served under the same lock) never sees half a scan.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hil.errors import ConfigError, PlcConnectionError
from hil.softplc._facade import SoftPlcBase, duration_ns
from hil.softplc._runtime import ScanRuntime
from hil.softplc.logix._objects import KEYSWITCH, ConnectionManager, ControllerIdentity, WallClock
from hil.softplc.logix._router import MessageRouter
from hil.softplc.logix._server import EncapServer
from hil.softplc.logix._session import EncapSession
from hil.softplc.logix._stepping import VirtualTimeObject
from hil.softplc.logix._symbols import SymbolListing, TemplateService
from hil.softplc.logix._tagdb import LogixIO, TagDatabase
from hil.softplc.logix._tagservices import TagServices
from hil.softplc.logix._templates import Templates
from hil.tags import LogixProject, StructType, load_l5x

__all__ = ["LogixFrontEnd", "LogixIO", "LogixSoftPlc"]

_DEFAULT_CYCLE_NS = 10_000_000


class LogixFrontEnd:
    """The EtherNet/IP + CIP front end of one soft controller: the CIP objects (built at once, so a
    router can be driven without sockets) and the TCP server (listening only between start and stop)."""

    def __init__(self, plc: LogixSoftPlc, *, large_forward_open: bool, time_origin_us: int | None,
                 max_clients: int, max_request: int, max_connections: int, remote_stepping: bool) -> None:
        db = plc.db
        origin = time.time_ns() // 1000 if time_origin_us is None else time_origin_us
        self.wall_clock = WallClock(lambda: origin + plc.now_ns // 1000)
        self.connections = ConnectionManager(max_connections=max_connections, large_forward_open=large_forward_open)
        templates = Templates([t for t in db.types.values() if isinstance(t, StructType)])
        self.router = MessageRouter(identity=plc.identity, controller_name=db.name,
                                    tags=TagServices(db, templates), listing=SymbolListing(db, templates),
                                    templates=TemplateService(templates), clock=self.wall_clock,
                                    connections=self.connections,
                                    virtual_time=VirtualTimeObject(plc) if remote_stepping else None)
        self.max_request = max_request
        self.max_clients = max_clients
        self._plc = plc
        self.server: EncapServer | None = None

    @property
    def serving(self) -> bool:
        return self.server is not None

    @property
    def host(self) -> str:
        return self.server.host if self.server is not None else ""

    @property
    def port(self) -> int:
        if self.server is None:
            raise PlcConnectionError(f"Logix soft PLC '{self._plc.name}' is not serving")
        return self.server.port

    def start(self, host: str, port: int) -> None:
        """Listen; clients can connect as soon as this returns."""
        server = EncapServer(self.session, name=self._plc.name, host=host, port=port, max_clients=self.max_clients)
        server.start()
        self.server = server

    def stop(self) -> None:
        """Close every client and the listener, and join the server thread."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    def session(self, address: tuple[str, int]) -> EncapSession:
        """The protocol state of one client (protocol tests drive one without a server: its counts are lost)."""
        stats = self.server.stats if self.server is not None else Counter()
        return EncapSession(self.router, self.connections, self._plc.identity, address, self._plc.db.lock,
                            self.max_request, stats)


class LogixSoftPlc(SoftPlcBase):
    """A soft ControlLogix: an L5X project's tags, scanned in virtual time, served over EtherNet/IP on demand.

    Args:
        source: an L5X file, a loaded :class:`~hil.tags.LogixProject`, or a filled :class:`TagDatabase`.
        program: the scan hook; without one, scans run but change nothing.
        name: the PLC's name in messages (default: the controller's name).
        identity: what the controller says it is (product, revision, keyswitch).
        cycle_ns: the task interval; default the program's, else the L5X's first periodic task, else 10 ms.
        large_forward_open: answer Large Forward Open (off emulates a v19 controller: 500-byte connections).
        time_origin_us: PLC wall-clock time (µs since 1970, UTC) at virtual time 0; default: now.
        max_clients, max_request, max_connections: server limits.
        remote_stepping: serve the "HIL virtual time" object (CIP class 0x390) so that a kernel in another
            process can advance and cold-restart this soft PLC over the wire (see :mod:`._stepping`).
        cyclic_obs: intervals (ns) by name over the cyclic tasks the program declares (``cyclic_obs``).
    """

    def __init__(self, source: str | Path | LogixProject | TagDatabase, program: Any | None = None, *,
                 name: str | None = None, identity: ControllerIdentity | None = None, cycle_ns: int | None = None,
                 cyclic_obs: Mapping[str, int] | None = None,
                 large_forward_open: bool = True, time_origin_us: int | None = None, max_clients: int = 16,
                 max_request: int = 8192, max_connections: int = 32, remote_stepping: bool = False) -> None:
        self.project: LogixProject | None = None
        if isinstance(source, TagDatabase):
            self.db = source
        else:
            self.project = source if isinstance(source, LogixProject) else load_l5x(source)
            self.db = TagDatabase.from_project(self.project)
        self.name = name or self.db.name
        self.identity = identity or ControllerIdentity(
            revision=(self.project.major_rev, self.project.minor_rev) if self.project else (33, 11))
        cycle = cycle_ns or (getattr(program, "cycle_ns", None) if program is not None else None) or self._task_cycle()
        if cycle <= 0:
            raise ConfigError(f"soft PLC '{self.name}': the cycle time must be positive, not {cycle} ns")
        self.runtime = ScanRuntime(self.db, program, cycle_ns=cycle, cyclic_obs=cyclic_obs)
        self.runtime.running = self.identity.mode.endswith("RUN")
        self.frontend: LogixFrontEnd = LogixFrontEnd(self, large_forward_open=large_forward_open, time_origin_us=time_origin_us,
                                      max_clients=max_clients, max_request=max_request,
                                      max_connections=max_connections, remote_stepping=remote_stepping)
        self._init_trace()

    @classmethod
    def from_l5x(cls, path: str | Path | LogixProject, cycle: str | int | None = None, *,
                 name: str | None = None) -> LogixSoftPlc:
        """The ST routines of a Studio 5000 ``.L5X`` export in a Logix soft PLC (not served: :meth:`serve`)."""
        from hil.softplc._stlogix import LogixStProgram

        project = path if isinstance(path, LogixProject) else load_l5x(path)
        cycle_ns = duration_ns(cycle) if cycle is not None else None
        return cls(project, LogixStProgram.from_project(project, cycle_ns=cycle_ns), name=name)

    def _task_cycle(self) -> int:
        if self.project is not None:
            for task in self.project.tasks:
                if task.rate_ms:
                    return round(task.rate_ms * 1_000_000)
        return _DEFAULT_CYCLE_NS

    # ---- serving (see SoftPlcBase.serve) ------------------------------------------------------------
    @property
    def router(self) -> MessageRouter:
        """The CIP message router (drive it without sockets in protocol tests)."""
        return self.frontend.router

    # ---- CPU state: the keyswitch -------------------------------------------------------------------
    @property
    def mode(self) -> str:
        """The keyswitch: RUN / REMOTE RUN scan; PROG / REMOTE PROG let time pass without scans."""
        return self.identity.mode

    @mode.setter
    def mode(self, value: str) -> None:
        if value not in KEYSWITCH:
            raise ConfigError(f"keyswitch mode must be one of {', '.join(KEYSWITCH)}, not '{value}'")
        with self.db.lock:
            self.identity.mode = value
        self.runtime.set_running(value.endswith("RUN"))

    def set_running(self, running: bool) -> None:
        """REMOTE RUN (True) or REMOTE PROG (False), as a programming terminal switches a remote keyswitch."""
        self.mode = "REMOTE RUN" if running else "REMOTE PROG"

    def cold_restart(self) -> None:
        super().cold_restart()
        with self.db.lock:
            self.identity.mode = self.identity.mode.replace("PROG", "RUN")

    def restore(self, snapshot: Any) -> None:
        super().restore(snapshot)
        running = "RUN" if snapshot.running else "PROG"
        with self.db.lock:
            self.identity.mode = f"REMOTE {running}" if self.identity.mode.startswith("REMOTE") else running

    # ---- tags by path -------------------------------------------------------------------------------
    def _path(self, name: str) -> str:
        """``Dosing.Amount`` → ``Program:Dosing.Amount`` when Dosing is a program (as in the routines)."""
        head, dot, rest = name.partition(".")
        if dot and not name.startswith("Program:") and head in self.db.programs:
            return f"Program:{head}.{rest}"
        return name

    def read(self, name: str) -> Any:
        """A tag's value by path: ``Valves[0].Open``, ``Program:Dosing.Amount`` (or ``Dosing.Amount``)."""
        return self.db.get(self._path(name))

    def write(self, name: str, value: Any) -> None:
        self.db.set(self._path(name), value)

