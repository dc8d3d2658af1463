"""The Logix soft PLC's TCP server: binding, limits, several clients, clean shutdown."""
from __future__ import annotations

import socket
import struct
from pathlib import Path

import pytest
from pycomm3 import LogixDriver

from hil.errors import PlcConnectionError
from hil.softplc.logix import LogixSoftPlc

L5X = Path(__file__).resolve().parents[1] / "fixtures" / "logix" / "battery_line.L5X"


def register(sock: socket.socket) -> bytes:
    sock.sendall(struct.pack("<HHII8sI", 0x65, 4, 0, 0, b"limits!!", 0) + b"\x01\x00\x00\x00")
    return sock.recv(64)


def test_binds_loopback_on_an_os_assigned_port() -> None:
    with LogixSoftPlc(L5X).serve() as plc:
        assert plc.host == "127.0.0.1" and plc.port > 0
    with pytest.raises(PlcConnectionError, match="is not serving"):
        plc.port  # noqa: B018 - the property raises once stopped


def test_a_busy_port_names_the_plc_and_the_address() -> None:
    with LogixSoftPlc(L5X, name="first").serve() as first:
        with pytest.raises(PlcConnectionError, match=rf"Logix soft PLC 'second' cannot listen on 127\.0\.0\.1:{first.port}"):
            LogixSoftPlc(L5X, name="second").serve(f"127.0.0.1:{first.port}")


def test_clients_beyond_the_limit_are_closed_at_once() -> None:
    with LogixSoftPlc(L5X, max_clients=2).serve() as plc:
        with LogixDriver(f"127.0.0.1:{plc.port}") as one, socket.create_connection(("127.0.0.1", plc.port), timeout=5) as two:
            assert len(register(two)) == 28
            with socket.create_connection(("127.0.0.1", plc.port), timeout=5) as three:
                assert three.recv(64) == b""  # closed without a word (sending first would earn a reset)
            assert one.read("Dint1").value == 123456
        assert plc.frontend.server.stats["refused"] == 1


def test_stop_closes_connected_clients_and_joins_the_thread() -> None:
    plc = LogixSoftPlc(L5X).serve()
    idle = socket.create_connection(("127.0.0.1", plc.port), timeout=5)
    try:
        assert len(register(idle)) == 28
        thread = plc.frontend.server._thread
        plc.close()
        assert thread is not None and not thread.is_alive()
        assert idle.recv(64) == b""
    finally:
        idle.close()


def test_a_request_split_across_many_segments_is_answered_once(tmp_path: Path) -> None:
    with LogixSoftPlc(L5X).serve() as plc, socket.create_connection(("127.0.0.1", plc.port), timeout=5) as raw:
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        frame = struct.pack("<HHII8sI", 0x65, 4, 0, 0, b"segments", 0) + b"\x01\x00\x00\x00"
        for byte in frame:
            raw.send(bytes((byte,)))
        answer = raw.recv(64)
        assert len(answer) == 28 and answer[8:12] == bytes(4) and answer[12:20] == b"segments"


def test_a_restarted_plc_serves_again() -> None:
    plc = LogixSoftPlc(L5X)
    for _ in range(2):
        with plc.serve(), LogixDriver(f"127.0.0.1:{plc.port}") as client:
            assert client.read("Str1").value == "hello logix"
            with pytest.raises(PlcConnectionError, match="already serving"):
                plc.serve()
