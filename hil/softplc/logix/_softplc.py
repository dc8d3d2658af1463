"""The Logix soft PLC: a tag database served over EtherNet/IP + CIP, scanned in virtual time.

The scan hook is a :class:`LogixProgram`: a Python class today, the Structured Text engine's compiled L5X
routines later (it gets the project's routines from :attr:`LogixSoftPlc.project` and runs them against
:class:`LogixIO`). Scan k runs at ``k * cycle_ns`` of virtual time, holding the database lock, so a client's
multi-tag read (one Multiple Service Packet, served under the same lock) never sees half a scan.
"""
from __future__ import annotations

import time
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, runtime_checkable

from hil.errors import ConfigError, close_matches
from hil.softplc._clock import VirtualClock
from hil.softplc.logix._objects import KEYSWITCH, ConnectionManager, ControllerIdentity, WallClock
from hil.softplc.logix._router import MessageRouter
from hil.softplc.logix._server import EncapServer
from hil.softplc.logix._session import EncapSession
from hil.softplc.logix._stepping import VirtualTimeObject
from hil.softplc.logix._symbols import SymbolListing, TemplateService
from hil.softplc.logix._tagdb import PathError, TagDatabase
from hil.softplc.logix._tagservices import TagServices
from hil.softplc.logix._templates import Templates
from hil.tags import LogixProject, StructType, load_l5x

__all__ = ["LogixIO", "LogixProgram", "LogixSoftPlc"]

_DEFAULT_CYCLE_NS = 10_000_000


class LogixIO:
    """Tag access by path for a program: ``io["Motor.Speed"]``, ``io["Program:Main.Count"] = 3``.

    ``io.program("Main")`` resolves names as a routine of program Main does: its own tags first, then the
    controller's (``scope["Count"]`` is ``Program:Main.Count``, ``scope["Motor1"]`` the controller tag).
    """

    __slots__ = ("_prefix", "db")

    def __init__(self, db: TagDatabase, program: str | None = None) -> None:
        self.db = db
        self._prefix = f"Program:{program}." if program is not None else ""

    def program(self, name: str) -> LogixIO:
        if name not in self.db.programs:
            raise PathError(f"unknown program '{name}'", suggestions=close_matches(name, list(self.db.programs)))
        return LogixIO(self.db, name)

    def _path(self, path: str) -> str:
        if self._prefix and not path.startswith("Program:"):
            program = self._prefix[len("Program:"):-1]
            head = path.split(".", 1)[0].split("[", 1)[0]
            if head.casefold() in (s.name.casefold() for s in self.db.symbols(program)):
                return self._prefix + path
        return path

    def __getitem__(self, path: str) -> Any:
        return self.db.get(self._path(path))

    def __setitem__(self, path: str, value: Any) -> None:
        self.db.set(self._path(path), value)


@runtime_checkable
class LogixProgram(Protocol):
    """What the Logix scan runtime runs: a Python class now, compiled L5X ST routines once the ST engine lands."""

    cycle_ns: int

    def check(self, db: TagDatabase) -> None:
        """Raise if the program uses tags the database does not define (called once, before the first scan)."""

    def reset(self) -> None:
        """Forget all state (a cold restart)."""

    def scan(self, io: LogixIO, now_ns: int) -> None:
        """Run one scan at virtual time ``now_ns``."""


class LogixSoftPlc:
    """A soft ControlLogix: an L5X project's tags served to any EtherNet/IP client, scanned in virtual time.

    Args:
        source: an L5X file, a loaded :class:`~hil.tags.LogixProject`, or a filled :class:`TagDatabase`.
        program: the scan hook; without one, scans run but change nothing.
        name: the PLC's name in messages (default: the controller's name).
        host: interface to bind; 127.0.0.1 by default because EtherNet/IP has no authentication.
        port: TCP port; 0 (the default) lets the OS choose and :attr:`port` reports it.
        identity: what the controller says it is (product, revision, keyswitch).
        cycle_ns: the task interval; default the program's, else the L5X's first periodic task, else 10 ms.
        large_forward_open: answer Large Forward Open (off emulates a v19 controller: 500-byte connections).
        time_origin_us: PLC wall-clock time (µs since 1970, UTC) at virtual time 0; default: now.
        max_clients, max_request, max_connections: server limits.
        remote_stepping: serve the "HIL virtual time" object (CIP class 0x390) so that a kernel in another
            process can advance and cold-restart this soft PLC over the wire (see :mod:`._stepping`).
    """

    def __init__(self, source: str | Path | LogixProject | TagDatabase, program: LogixProgram | None = None, *,
                 name: str | None = None, host: str = "127.0.0.1", port: int = 0,
                 identity: ControllerIdentity | None = None, cycle_ns: int | None = None,
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
        self.program = program
        self.cycle_ns = cycle_ns or (program.cycle_ns if program is not None else None) or self._task_cycle()
        if self.cycle_ns <= 0:
            raise ConfigError(f"soft PLC '{self.name}': the cycle time must be positive, not {self.cycle_ns} ns")
        if program is not None:
            program.check(self.db)
        self.clock = VirtualClock()
        self.scans = 0
        self._io = LogixIO(self.db)
        origin = time.time_ns() // 1000 if time_origin_us is None else time_origin_us
        self.wall_clock = WallClock(lambda: origin + self.clock.now_ns // 1000)
        self.connections = ConnectionManager(max_connections=max_connections, large_forward_open=large_forward_open)
        templates = Templates([t for t in self.db.types.values() if isinstance(t, StructType)])
        self.router = MessageRouter(identity=self.identity, controller_name=self.db.name,
                                    tags=TagServices(self.db, templates), listing=SymbolListing(self.db, templates),
                                    templates=TemplateService(templates), clock=self.wall_clock,
                                    connections=self.connections,
                                    virtual_time=VirtualTimeObject(self) if remote_stepping else None)
        self.max_request = max_request
        self.server = EncapServer(self._session, name=self.name, host=host, port=port, max_clients=max_clients)

    def _task_cycle(self) -> int:
        if self.project is not None:
            for task in self.project.tasks:
                if task.rate_ms:
                    return round(task.rate_ms * 1_000_000)
        return _DEFAULT_CYCLE_NS

    def _session(self, address: tuple[str, int]) -> EncapSession:
        return EncapSession(self.router, self.connections, self.identity, address, self.db.lock, self.max_request,
                            self.server.stats)

    # -- serving --------------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        """The TCP port the server listens on (valid once started)."""
        return self.server.port

    @property
    def host(self) -> str:
        return self.server.host

    def start(self) -> LogixSoftPlc:
        """Start listening; clients can connect as soon as this returns."""
        self.server.start()
        return self

    def stop(self) -> None:
        """Close every client and the listener, and join the server thread."""
        self.server.stop()

    def __enter__(self) -> LogixSoftPlc:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # -- running --------------------------------------------------------------------------------------
    @property
    def now_ns(self) -> int:
        """Virtual time since the last cold restart."""
        return self.clock.now_ns

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

    def advance(self, duration_ns: int) -> int:
        """Advance virtual time by ``duration_ns``, running every scan that falls due; returns how many ran."""
        if duration_ns < 0:
            raise ValueError(f"cannot advance by a negative duration ({duration_ns} ns)")
        target = self.clock.now_ns + duration_ns
        ran = 0
        while (self.scans + 1) * self.cycle_ns <= target:
            self.clock.advance_to((self.scans + 1) * self.cycle_ns)
            if self.program is not None and self.identity.mode.endswith("RUN"):
                with self.db.lock:
                    self.program.scan(self._io, self.clock.now_ns)
            self.scans += 1
            ran += 1
        self.clock.advance_to(target)
        return ran

    def cold_restart(self) -> None:
        """Every tag back to its initial value, the program reset, virtual time back to zero."""
        with self.db.lock:
            self.db.reset()
            if self.program is not None:
                self.program.reset()
            self.clock = VirtualClock()
            self.scans = 0
