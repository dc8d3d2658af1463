"""The EtherNet/IP TCP server: one thread multiplexing every client with ``selectors``.

It binds 127.0.0.1 and an OS-assigned port by default (the protocol lets anyone write tags, so binding another
interface is the caller's explicit choice), is listening before :meth:`EncapServer.start` returns (the readiness
signal tests rely on), limits clients and request sizes, and closes every socket and joins its thread on
:meth:`EncapServer.stop`. All protocol work happens in :class:`~._session.EncapSession`; this module only moves
bytes.
"""
from __future__ import annotations

import selectors
import socket
import threading
from collections import Counter
from collections.abc import Callable

from hil.errors import PlcConnectionError
from hil.softplc.logix._session import EncapSession

__all__ = ["EncapServer"]

_RECV = 65536
_MAX_PENDING_OUT = 1 << 20  # stop reading from a client that does not read its replies


class EncapServer:
    """Serves EtherNet/IP encapsulation on TCP.

    Args:
        make_session: builds the protocol state for a new client, given the bound (host, port).
        name: the PLC's name, for messages and the thread name.
        host, port: where to listen; port 0 lets the OS choose (see :attr:`port`).
        max_clients: clients beyond this are accepted and closed at once.
    """

    def __init__(self, make_session: Callable[[tuple[str, int]], EncapSession], *, name: str, host: str = "127.0.0.1",
                 port: int = 0, max_clients: int = 16) -> None:
        self.name, self.host, self.requested_port, self.max_clients = name, host, port, max_clients
        self._make_session = make_session
        self._listener: socket.socket | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._clients: dict[socket.socket, tuple[EncapSession, bytearray]] = {}
        self.stats: Counter[str] = Counter()

    @property
    def port(self) -> int:
        if self._listener is None:
            raise PlcConnectionError(f"Logix soft PLC '{self.name}' is not started")
        return int(self._listener.getsockname()[1])

    @property
    def client_count(self) -> int:
        return len(self._clients)

    def start(self) -> None:
        if self._thread is not None:
            raise PlcConnectionError(f"Logix soft PLC '{self.name}' is already serving on {self.host}:{self.port}")
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((self.host, self.requested_port))
            listener.listen(32)
            listener.setblocking(False)
        except OSError as exc:
            listener.close()
            raise PlcConnectionError(f"Logix soft PLC '{self.name}' cannot listen on {self.host}:{self.requested_port}: "
                                     f"{exc.strerror or exc}") from exc
        self._listener = listener
        self._wake_r, self._wake_w = socket.socketpair()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=f"logix-server-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stopping = True
        assert self._wake_w is not None
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass
        self._thread.join()
        self._thread = None
        for sock in (self._listener, self._wake_r, self._wake_w):
            if sock is not None:
                sock.close()
        self._listener = self._wake_r = self._wake_w = None

    # -- the loop -------------------------------------------------------------------------------------
    def _run(self) -> None:
        assert self._listener is not None and self._wake_r is not None
        selector = selectors.DefaultSelector()
        selector.register(self._listener, selectors.EVENT_READ, "accept")
        selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        try:
            while not self._stopping:
                for key, events in selector.select():
                    try:
                        if key.data == "accept":
                            self._accept(selector)
                        elif key.data == "wake":
                            self._wake_r.recv(64)
                        else:
                            self._service(selector, key.fileobj, events)  # type: ignore[arg-type]
                    except Exception:  # out of file descriptors, a bug of ours: cost one client, keep serving
                        self.stats["internal_errors"] += 1
                        if key.fileobj in self._clients:
                            self._drop(selector, key.fileobj)
        finally:
            for sock in list(self._clients):
                self._drop(selector, sock)
            selector.close()

    def _accept(self, selector: selectors.BaseSelector) -> None:
        assert self._listener is not None
        try:
            sock, _ = self._listener.accept()
        except (BlockingIOError, InterruptedError, ConnectionAbortedError):
            return
        if len(self._clients) >= self.max_clients:
            self.stats["refused"] += 1
            sock.close()
            return
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._clients[sock] = (self._make_session((self.host, self.port)), bytearray())
        self.stats["accepted"] += 1
        selector.register(sock, selectors.EVENT_READ, "client")

    def _service(self, selector: selectors.BaseSelector, sock: socket.socket, events: int) -> None:
        session, pending = self._clients[sock]
        try:
            if events & selectors.EVENT_READ:
                data = sock.recv(_RECV)
                if not data:
                    self._drop(selector, sock)
                    return
                try:
                    pending += session.feed(data)
                except Exception:  # a bug of ours must cost this client, never the server
                    self.stats["internal_errors"] += 1
                    session.close()
            if pending:
                sent = sock.send(pending)
                del pending[:sent]
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            self._drop(selector, sock)
            return
        if session.closed and not pending:
            self._drop(selector, sock)
            return
        wanted = selectors.EVENT_WRITE if pending else 0
        if len(pending) < _MAX_PENDING_OUT and not session.closed:
            wanted |= selectors.EVENT_READ
        wanted = wanted or selectors.EVENT_READ
        if selector.get_key(sock).events != wanted:  # epoll_ctl only when it changes: most replies go out at once
            selector.modify(sock, wanted, "client")

    def _drop(self, selector: selectors.BaseSelector, sock: socket.socket) -> None:
        session, _ = self._clients.pop(sock)
        session.close()
        try:
            selector.unregister(sock)
        except (KeyError, ValueError):
            pass
        sock.close()
