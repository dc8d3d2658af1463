"""The Logix emulator's codecs, sessions, router and tag database, driven with bytes (no sockets)."""
from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from hil.errors import UnknownNameError
from hil.softplc.logix import LogixSoftPlc
from hil.softplc.logix._router import RequestContext
from hil.softplc.logix._session import EncapSession
from hil.softplc.logix._templates import STRING_TEMPLATE_ID
from hil.wire import CipError, parse_path, reply

L5X = Path(__file__).resolve().parents[1] / "fixtures" / "logix" / "battery_line.L5X"
CTX = b"context!"


@pytest.fixture(scope="module")
def plc() -> LogixSoftPlc:
    return LogixSoftPlc(L5X)  # never started: sessions and the router are driven directly


@pytest.fixture
def session(plc: LogixSoftPlc) -> Iterator[EncapSession]:
    session = plc.frontend.session(("127.0.0.1", 44818))
    yield session
    session.close()


def frame(command: int, data: bytes = b"", session: int = 0) -> bytes:
    return struct.pack("<HHII8sI", command, len(data), session, 0, CTX, 0) + data


def status_of(answer: bytes) -> int:
    return struct.unpack_from("<I", answer, 8)[0]


def registered(session: EncapSession) -> int:
    answer = session.feed(frame(0x65, b"\x01\x00\x00\x00"))
    handle = struct.unpack_from("<I", answer, 4)[0]
    assert status_of(answer) == 0 and handle != 0 and answer[12:20] == CTX
    return handle


def rr(session: EncapSession, handle: int, cip: bytes) -> bytes:
    cpf = struct.pack("<IHHHHHH", 0, 10, 2, 0, 0, 0xB2, len(cip)) + cip
    answer = session.feed(frame(0x6F, cpf, handle))
    assert status_of(answer) == 0
    return answer[40:]


# -- EPATH and replies ------------------------------------------------------------------------------------------------

def test_paths_in_every_width_including_pycomm3s_32_bit_quirks() -> None:
    segments = parse_path(bytes.fromhex("206b 2401 2500 3412 2700 78563412 2800 2900 3412 2b00 78563412 3001"))
    assert [(s.kind, s.value) for s in segments] == [
        ("class", 0x6B), ("instance", 1), ("instance", 0x1234), ("instance", 0x12345678), ("member", 0),
        ("member", 0x1234), ("member", 0x12345678), ("attribute", 1)]
    symbols = parse_path(b"\x91\x03abc\x00\x91\x02xy\x01\x00")
    assert [(s.kind, s.value) for s in symbols] == [("symbol", "abc"), ("symbol", "xy"), ("port", 1)]


@pytest.mark.parametrize("raw", ["91 05 61 62", "25 00 01", "27 00 01 02", "40 01", "32 00 01 00 00 00", "91 00"])
def test_malformed_paths_are_path_segment_errors(raw: str) -> None:
    with pytest.raises(CipError) as caught:
        parse_path(bytes.fromhex(raw))
    assert caught.value.status == 0x04


def test_replies_always_carry_bit_7() -> None:
    assert reply(0x4C, b"\x01", 0)[:4] == b"\xcc\x00\x00\x00"
    assert reply(0xCC, b"", 0x05, (0x1234,)) == b"\xcc\x00\x05\x01\x34\x12"


# -- encapsulation sessions -------------------------------------------------------------------------------------------

def test_requests_outside_a_session_get_status_0x64(session: EncapSession) -> None:
    assert status_of(session.feed(frame(0x6F, bytes(16), 1234))) == 0x64
    handle = registered(session)
    assert status_of(session.feed(frame(0x70, bytes(16), handle ^ 1))) == 0x64


def test_register_session_checks_length_and_version(session: EncapSession) -> None:
    assert status_of(session.feed(frame(0x65, b"\x01\x00"))) == 0x65
    assert status_of(session.feed(frame(0x65, b"\x02\x00\x00\x00"))) == 0x69
    registered(session)
    assert status_of(session.feed(frame(0x65, b"\x01\x00\x00\x00"))) == 0x01


def test_unknown_commands_get_0x01_and_nop_gets_nothing(session: EncapSession) -> None:
    assert status_of(session.feed(frame(0x1234))) == 0x01
    assert session.feed(frame(0x00, b"anything")) == b""
    assert not session.closed


def test_frames_arriving_byte_by_byte_are_answered_once_complete(session: EncapSession) -> None:
    data = frame(0x04)  # ListServices
    answers = [session.feed(data[i:i + 1]) for i in range(len(data))]
    assert answers[:-1] == [b""] * (len(data) - 1)
    assert answers[-1][24:].endswith(b"Communications\0\0")


def test_oversize_frames_are_refused_and_the_client_closed(session: EncapSession) -> None:
    answer = session.feed(struct.pack("<HHII8sI", 0x6F, 9000, 0, 0, CTX, 0))
    assert status_of(answer) == 0x65 and session.closed


def test_unregister_closes_without_a_reply(session: EncapSession) -> None:
    handle = registered(session)
    assert session.feed(frame(0x66, b"", handle)) == b"" and session.closed


def test_list_identity_describes_a_controller_not_a_micro800(session: EncapSession) -> None:
    answer = session.feed(frame(0x63))
    assert struct.unpack_from("<HH", answer, 24) == (1, 0x0C)
    assert b"1756-L83E/B" in answer and b"2080" not in answer


def test_bad_common_packet_format_gets_0x03(session: EncapSession) -> None:
    handle = registered(session)
    assert status_of(session.feed(frame(0x6F, bytes(6), handle))) == 0x03
    one_item = struct.pack("<IHHHH", 0, 10, 1, 0xB2, 2) + b"\x01\x00"
    assert status_of(session.feed(frame(0x6F, one_item, handle))) == 0x03
    unknown_connection = struct.pack("<IHHHHIHHH", 0, 10, 2, 0xA1, 4, 0xDEAD, 0xB1, 4, 1) + b"\x01\x00"
    assert status_of(session.feed(frame(0x70, unknown_connection, handle))) == 0x03


# -- CIP through the router ----------------------------------------------------------------------------------------------

def cip(plc: LogixSoftPlc, message: bytes, max_reply: int = 504) -> bytes:
    class _Small:
        def __init__(self, size: int) -> None:
            self.max_reply = size

    context = RequestContext(1, _Small(max_reply) if max_reply != 504 else None)  # type: ignore[arg-type]
    with plc.db.lock:
        return plc.router.handle(message, context)


def tag_path(name: str) -> bytes:
    raw = name.encode()
    padded = bytes((0x91, len(raw))) + raw + (b"\0" if len(raw) % 2 else b"")
    return bytes((len(padded) // 2,)) + padded


@pytest.mark.parametrize(("message", "status", "ext"), [
    (b"\x4c" + tag_path("Nope") + b"\x01\x00", 0x05, b""),
    (b"\x4c" + tag_path("Dint1") + b"\x02\x00", 0xFF, b"\x05\x21"),
    (b"\x4d" + tag_path("Dint1") + b"\xc3\x00\x01\x00\x05\x00", 0xFF, b"\x07\x21"),
    (b"\x4d" + tag_path("Dint1") + b"\xc4\x00\x01\x00\x05\x00", 0x13, b""),
    (b"\x4d" + tag_path("ReadOnly1") + b"\xc4\x00\x01\x00\x05\x00\x00\x00", 0x0F, b""),
    (b"\x4e" + tag_path("Real1") + b"\x04\x00" + bytes(8), 0xFF, b"\x07\x21"),
    (b"\x4c\x02\x20\x99\x24\x01", 0x05, b""),
    (b"\x0e\x02\x20\x01\x24\x01", 0x08, b""),
    (b"\x4c\x05", 0x04, b""),
    (b"", 0x13, b""),
])
def test_errors_carry_the_documented_statuses(plc: LogixSoftPlc, message: bytes, status: int, ext: bytes) -> None:
    answer = cip(plc, message)
    assert answer[0] & 0x80 and answer[2] == status
    assert answer[4:4 + 2 * answer[3]] == ext


def test_single_writes_ignore_pycomm3s_duplicated_tail(plc: LogixSoftPlc) -> None:
    request = b"\x4d" + tag_path("Uint1") + b"\xc7\x00\x01\x00\x34\x12"
    assert cip(plc, request + b"\x07\x00" + request)[2] == 0
    assert plc.db.get("Uint1") == 0x1234
    plc.db.reset()


def test_multiple_service_packet_reports_embedded_failures(plc: LogixSoftPlc) -> None:
    first, second = b"\x4c" + tag_path("Int1") + b"\x01\x00", b"\x4c" + tag_path("Nope") + b"\x01\x00"
    body = struct.pack("<HHH", 2, 6, 6 + len(first)) + first + second
    answer = cip(plc, b"\x0a\x02\x20\x02\x24\x01" + body)
    assert answer[:4] == b"\x8a\x00\x1e\x00"
    count, off1, off2 = struct.unpack_from("<HHH", answer, 4)
    replies = answer[4:]
    assert count == 2 and replies[off1:off1 + 4] == b"\xcc\x00\x00\x00" and replies[off2 + 2] == 0x05
    overlapping = struct.pack("<HHH", 2, 6, 6) + first
    assert cip(plc, b"\x0a\x02\x20\x02\x24\x01" + overlapping)[2] == 0x20


def test_read_template_pages_and_never_says_more_with_no_data(plc: LogixSoftPlc) -> None:
    motor = next(t for t in plc.router.templates.templates._by_id.values() if t.struct_type.name == "MotorData")
    total = motor.object_definition_size * 4 - 21
    assert len(motor.definition) == total and motor.definition.endswith(b"\0\0")
    data, offset = b"", 0
    while True:
        answer = cip(plc, b"\x4c\x03\x20\x6c\x25\x00" + struct.pack("<H", motor.instance_id)
                     + struct.pack("<IH", offset, total - offset), max_reply=40)
        assert answer[2] in (0, 6) and len(answer) > 4
        data += answer[4:]
        offset += len(answer) - 4
        if answer[2] == 0:
            break
    assert data == motor.definition


def test_string_template_matches_a_real_controller(plc: LogixSoftPlc) -> None:
    string = plc.router.templates.templates.by_id(STRING_TEMPLATE_ID)
    assert string is not None and string.handle == STRING_TEMPLATE_ID and string.struct_type.size == 88


def test_symbol_listing_pages_within_the_reply_size(plc: LogixSoftPlc) -> None:
    seen: list[int] = []
    start = 0
    while True:
        path = b"\x20\x6b\x25\x00" + struct.pack("<H", start)
        answer = cip(plc, b"\x55\x03" + path + b"\x02\x00\x01\x00\x02\x00", max_reply=120)
        assert len(answer) <= 120 and answer[2] in (0, 6)
        position = 4
        while position < len(answer):
            instance, length = struct.unpack_from("<IH", answer, position)
            seen.append(instance)
            position += 6 + length + 2
        if answer[2] == 0:
            break
        start = seen[-1] + 1
    assert seen == sorted(set(seen)) and len(seen) == len(plc.db.symbols()) + len(plc.db.programs)


def test_forward_open_limits(plc: LogixSoftPlc) -> None:
    def forward_open(serial: int, size: int) -> bytes:
        params = 0x42000000 | size
        return (b"\x5b\x02\x20\x06\x24\x01\x0a\x05" + struct.pack("<IIHHIB3xIIIIBB", 0, 9, serial, 1, 2, 7, 1000, params,
                1000, params, 0xA3, 3) + b"\x01\x00\x20\x02\x24\x01")

    assert cip(plc, forward_open(1, 9000))[2:6] == b"\x01\x02\x09\x01"
    assert cip(plc, forward_open(1, 4000))[2] == 0
    assert cip(plc, forward_open(1, 4000))[2:6] == b"\x01\x01\x00\x01"
    close = b"\x4e\x02\x20\x06\x24\x01\x0a\x05" + struct.pack("<HHI", 2, 1, 2) + b"\x03\x00\x01\x00\x20\x02\x24\x01"
    assert cip(plc, close)[2:6] == b"\x01\x01\x07\x01"
    plc.frontend.connections.connections.clear()


def test_text_paths_address_bits_and_suggest_names(plc: LogixSoftPlc) -> None:
    db = plc.db
    assert db.get("Flags[63]") is True and db.get("Dint1.6") is True and db.get("Motors[2].Hist[4]") == 2
    with pytest.raises(UnknownNameError, match="did you mean 'Motor1'"):
        db.get("Motr1")
    with pytest.raises(UnknownNameError, match="has no member 'Sped'; did you mean 'Speed'"):
        db.get("Motor1.Sped")
    with pytest.raises(UnknownNameError, match=r"index \[9\] is outside 'Motor1.Hist'"):
        db.get("Motor1.Hist[9]")


def test_identity_refuses_a_micro800_name_and_unknown_modes() -> None:
    from hil.errors import ConfigError
    from hil.softplc.logix import ControllerIdentity

    with pytest.raises(ConfigError, match="Micro800"):
        ControllerIdentity(product_name="2080-LC50-24QWB")
    with pytest.raises(ConfigError, match="keyswitch mode must be one of RUN"):
        ControllerIdentity(mode="TEST")


def test_connections_are_limited_and_end_with_their_session() -> None:
    from hil.softplc.logix._objects import ConnectionManager

    manager = ConnectionManager(max_connections=1)
    request = struct.pack("<BBIIHHIB3xIIIIBB", 10, 5, 0, 9, 1, 1, 2, 7, 1000, 0x42000FA0, 1000, 0x42000FA0, 0xA3, 3) \
        + b"\x01\x00\x20\x02\x24\x01"
    reply_data = manager.forward_open(request, owner=7, large=True)
    o_t_id = struct.unpack_from("<I", reply_data)[0]
    assert manager.lookup(o_t_id, owner=7) is not None and manager.lookup(o_t_id, owner=8) is None
    second = request[:10] + struct.pack("<H", 2) + request[12:]
    with pytest.raises(CipError) as caught:
        manager.forward_open(second, owner=7, large=True)
    assert (caught.value.status, caught.value.ext) == (0x01, (0x0113,))
    manager.drop_owner(7)
    assert manager.connections == {}


def test_a_database_built_in_python_serves_its_own_types() -> None:
    from hil.softplc.logix import TagDatabase
    from hil.tags import ATOMIC_TYPES, MemberDecl, make_struct

    inner = make_struct("Inner", [MemberDecl("On", "BOOL"), MemberDecl("Level", "REAL")], dict(ATOMIC_TYPES))
    outer = make_struct("Outer", [MemberDecl("In", "Inner", 2), MemberDecl("Count", "LINT")],
                        {**ATOMIC_TYPES, "INNER": inner})
    db = TagDatabase("Py")
    db.add_tag("Thing", outer, value={"In": [{"On": True}, {"Level": 2.5}], "Count": -3})
    db.add_tag("Bits", "BOOL", (70,), program="Main", value=[True] * 3)
    plc = LogixSoftPlc(db)
    assert {t.struct_type.name for t in plc.router.templates.templates._by_id.values()} >= {"Inner", "Outer"}
    assert db.get("Thing") == {"In": [{"On": True, "Level": 0.0}, {"On": False, "Level": 2.5}], "Count": -3}
    assert db.get("Program:Main.Bits")[:4] == [True, True, True, False] and db.get("Program:Main.Bits[69]") is False


def test_the_virtual_time_object_exists_only_when_asked_for(plc: LogixSoftPlc) -> None:
    assert cip(plc, b"\x4b\x03\x21\x00\x90\x03\x24\x01" + struct.pack("<Q", 10**7))[2] == 0x05
    remote = LogixSoftPlc(L5X, remote_stepping=True)
    answer = cip(remote, b"\x4b\x03\x21\x00\x90\x03\x24\x01" + struct.pack("<Q", 25_000_000))
    assert answer[:4] == b"\xcb\x00\x00\x00" and struct.unpack("<QI", answer[4:]) == (25_000_000, 2)
    assert cip(remote, b"\x4b\x03\x21\x00\x90\x03\x24\x01" + struct.pack("<Q", 10**13))[2] == 0x20
    assert cip(remote, b"\x05\x03\x21\x00\x90\x03\x24\x01")[4:] == bytes(8) and remote.scans == 0
